// The README's figures are the ones make docs draws (docs/figures.tsv), each with a
// generated caption that gives every claim it illustrates a prediction and a verdict,
// and those claims are ones the experiment declares. Reads the committed README.md,
// docs/figures.tsv and docs/*.png; links every experiment (the "docs" test group).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "theorylab/core/experiment.hpp"

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, sep)) parts.push_back(part);
  return parts;
}

struct FigureRow {
  std::string png, experiment, alt;
  std::vector<std::string> claims;
};

std::vector<FigureRow> figure_rows() {
  std::vector<FigureRow> rows;
  for (const std::string& line : split(read_text(std::string(THEORYLAB_SOURCE_DIR) + "/docs/figures.tsv"), '\n')) {
    if (line.empty() || line[0] == '#') continue;
    const auto cells = split(line, '\t');
    REQUIRE(cells.size() == 5);
    rows.push_back({cells[0], cells[1], cells[3], split(cells[2], ',')});
  }
  return rows;
}

// The README's images between the figure markers, in order, as "docs/NAME.png".
std::vector<std::string> images(const std::string& block) {
  std::vector<std::string> found;
  for (std::size_t at = block.find("]("); at != std::string::npos; at = block.find("](", at + 2))
    found.push_back(block.substr(at + 2, block.find(')', at) - at - 2));
  return found;
}

}  // namespace

TEST_CASE("every README figure is drawn by make docs, with each claim's prediction and verdict in its caption",
          "[docs][readme]") {
  const std::string readme = read_text(std::string(THEORYLAB_SOURCE_DIR) + "/README.md");
  // The figures of the default runs, then (after them) those of the committed reference
  // runs, drawn after each run's tables: one region from the first marker to the last.
  const std::string begin = "<!-- figures:begin -->";
  const std::string end = readme.find("<!-- reference:end -->") != std::string::npos ? "<!-- reference:end -->" : "<!-- figures:end -->";
  const auto b = readme.find(begin), e = readme.find(end);
  REQUIRE(b != std::string::npos);
  REQUIRE(e != std::string::npos);
  const std::string block = readme.substr(b, e - b);
  const auto rows = figure_rows();
  REQUIRE_FALSE(rows.empty());

  // The block shows exactly the listed figures, in the listed order.
  std::vector<std::string> listed;
  for (const FigureRow& r : rows) listed.push_back("docs/" + r.png);
  CHECK(images(block) == listed);

  const std::set<std::string> verdicts = {"pass", "FAIL", "INCONCLUSIVE", "fail (expected)", "n/a"};
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const FigureRow& r = rows[k];
    INFO("figure " << r.png);
    CHECK(std::filesystem::exists(std::string(THEORYLAB_SOURCE_DIR) + "/docs/" + r.png));
    // The experiment column: NAME, or NAME-PRESET for a reference run (names have no '-').
    const auto info = tl::Registry::instance().find(r.experiment.substr(0, r.experiment.find('-'))).info();
    // Its caption: from its image to the next one.
    const auto at = block.find("![" + r.alt + "](docs/" + r.png + ")");
    REQUIRE(at != std::string::npos);
    const auto next = k + 1 < rows.size() ? block.find("](docs/" + rows[k + 1].png, at) : std::string::npos;
    const std::string caption = block.substr(at, next == std::string::npos ? std::string::npos : next - at);
    REQUIRE_FALSE(r.claims.empty());
    for (const std::string& id : r.claims) {
      INFO("claim " << id);
      // A claim of every group, or one decided across the groups (a ladder's trend).
      auto declared = [&](const std::vector<tl::ClaimSpec>& specs) {
        return std::any_of(specs.begin(), specs.end(), [&](const tl::ClaimSpec& c) { return c.id == id; });
      };
      CHECK((declared(info.claims) || declared(info.across_group_claims)));
      const auto c = caption.find("Prediction `" + id + "`");
      REQUIRE(c != std::string::npos);
      const auto v = caption.find(": **", c);
      REQUIRE(v != std::string::npos);
      const auto close = caption.find("**", v + 4);
      REQUIRE(close != std::string::npos);
      CHECK(verdicts.count(caption.substr(v + 4, close - v - 4)) == 1);
    }
  }
}
