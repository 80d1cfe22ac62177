// The science in the repository: every registered experiment has docs/science/NAME.md,
// the page names every claim the experiment declares, and every claim declares the
// resolution it needs (or why it needs none). Links every experiment (CMakeLists.txt:
// the "docs" test group).
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include "theorylab/core/experiment.hpp"
#include "theorylab/report/source_table.hpp"

namespace {
std::string read_page(const std::string& path) {
  std::ifstream in(path);
  if (!in) return "";
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The id as a whole word: `alpha_n_theory_a04` must not be satisfied by a longer id.
bool names_id(const std::string& page, const std::string& id) {
  auto is_word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  for (std::size_t at = page.find(id); at != std::string::npos; at = page.find(id, at + 1)) {
    const bool left = at == 0 || !is_word(page[at - 1]);
    const bool right = at + id.size() == page.size() || !is_word(page[at + id.size()]);
    if (left && right) return true;
  }
  return false;
}
}  // namespace

TEST_CASE("every experiment's science page names every claim it declares", "[docs][science]") {
  const auto experiments = tl::Registry::instance().all();
  REQUIRE_FALSE(experiments.empty());
  for (const tl::Experiment* e : experiments) {
    const tl::ExperimentInfo info = e->info();
    const std::string path = std::string(THEORYLAB_SOURCE_DIR) + "/" + tl::science_page(info.name);
    INFO("experiment " << info.name << ", page " << path);
    const std::string page = read_page(path);
    REQUIRE_FALSE(page.empty());
    CHECK(page.find("# " + info.name) != std::string::npos);  // the page's title names it
    // `theorylab describe NAME` prints the description: it must point to the page.
    CHECK(info.description.find(tl::science_page(info.name)) != std::string::npos);
    for (const auto* list : {&info.claims, &info.across_group_claims})
      for (const tl::ClaimSpec& c : *list) {
        INFO("claim " << c.id);
        CHECK(names_id(page, c.id));
      }
  }
}

TEST_CASE("every claim declares its resolution, or why it needs none", "[docs][claims]") {
  for (const tl::Experiment* e : tl::Registry::instance().all()) {
    const tl::ExperimentInfo info = e->info();
    for (const auto* list : {&info.claims, &info.across_group_claims})
      for (const tl::ClaimSpec& c : *list) {
        INFO(info.name << ": claim " << c.id);
        CHECK(c.resolution.declared());
      }
  }
}

TEST_CASE("the page check sees whole ids only", "[docs]") {
  CHECK(names_id("| `alpha_n_theory_a04` | ...", "alpha_n_theory_a04"));
  CHECK_FALSE(names_id("alpha_n_theory_a04x", "alpha_n_theory_a04"));
  CHECK_FALSE(names_id("kappa_n_a02", "kappa_n_a0"));
}
