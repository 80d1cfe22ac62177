// The README's commands work as written: every `theorylab run` line of its shell blocks
// and every inline `theorylab run ...` is planned (--dry-run) and must exit 0; where a
// comment states the rows ("...: 20 rows"), the plan must say the same. Found by a
// fresh-user trial: the tour's first run exited 2 after the preset rule changed.
#include <catch2/catch.hpp>

#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "support/process.hpp"

using tl::testing::read_file;
using tl::testing::run_command;
using tl::testing::theorylab_bin;

namespace {
struct Command {
  std::string words;  // after "theorylab run"
  long rows = -1;     // stated in the comment, or -1
};

// Drops what a dry run must not see: --out X, --resume, --force, --shard K/N.
std::string planning_words(const std::string& words) {
  std::istringstream in(words);
  std::string w, out;
  while (in >> w) {
    if (w == "--out" || w == "--shard") {
      in >> w;
      continue;
    }
    if (w == "--resume" || w == "--force") continue;
    out += " " + w;
  }
  return out;
}

std::vector<Command> readme_commands(const std::string& readme) {
  std::vector<Command> out;
  std::istringstream in(readme);
  bool shell = false;
  std::string line, pending;
  const std::regex rows_stated(R"((\d+) rows\b)");
  while (std::getline(in, line)) {
    if (line.rfind("```", 0) == 0) {
      shell = !shell && line.find("sh") != std::string::npos;
      continue;
    }
    if (shell) {
      pending += line;
      if (!pending.empty() && pending.back() == '\\') {  // a continued command
        pending.pop_back();
        continue;
      }
      std::string text = pending, comment;
      pending.clear();
      const auto hash = text.find('#');
      if (hash != std::string::npos) comment = text.substr(hash), text = text.substr(0, hash);
      const auto at = text.find("theorylab run ");
      if (at == std::string::npos || text.find("mpirun") != std::string::npos) continue;
      Command c{text.substr(at + 14)};
      std::smatch m;
      if (std::regex_search(comment, m, rows_stated)) c.rows = std::stol(m[1]);
      out.push_back(c);
      continue;
    }
    // Inline: `theorylab run NAME ...` (one backtick span, possibly over two lines).
    for (std::size_t at = line.find("`theorylab run "); at != std::string::npos; at = line.find("`theorylab run ", at + 1)) {
      std::string span = line.substr(at + 1);
      std::size_t end = span.find('`');
      if (end == std::string::npos) {  // continues on the next line
        std::string next;
        const auto here = in.tellg();
        if (std::getline(in, next)) span += " " + next;
        in.seekg(here);
        end = span.find('`');
      }
      if (end == std::string::npos) continue;
      const std::string words = span.substr(14, end - 14);
      if (words.find("...") != std::string::npos || words.find("NAME") != std::string::npos) continue;  // a pattern
      out.push_back({words});
    }
  }
  return out;
}
}  // namespace

TEST_CASE("every theorylab run command of the README plans without error", "[e2e][docs]") {
  const std::string readme = read_file(std::string(THEORYLAB_SOURCE_DIR) + "/README.md");
  const auto commands = readme_commands(readme);
  REQUIRE(commands.size() >= 5);
  for (const Command& c : commands) {
    const std::string command = theorylab_bin() + " run " + planning_words(c.words) + " --dry-run";
    INFO(command);
    const auto r = run_command(command);
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    if (c.rows >= 0) CHECK_THAT(r.out, Catch::Contains(std::to_string(c.rows) + " rows\n"));
  }
}
