// The science in the repository: every registered experiment has docs/science/NAME.md,
// titled with its name, naming every claim it declares (and its description points to
// the page), and every claim declares the resolution it needs (or why it needs none).
// The same checks `theorylab check NAME` runs (theorylab/check/check.hpp), without
// running anything. Links every experiment (CMakeLists.txt: the "docs" test group).
#include <catch2/catch.hpp>

#include <string>

#include "theorylab/check/check.hpp"
#include "theorylab/core/experiment.hpp"

namespace {
void require_no_findings(const std::vector<tl::CheckFinding>& findings) {
  for (const tl::CheckFinding& f : findings) FAIL_CHECK(tl::format_finding(f));
}
}  // namespace

TEST_CASE("every experiment's science page names every claim it declares", "[docs][science]") {
  const auto experiments = tl::Registry::instance().all();
  REQUIRE(experiments.size() >= 5);
  for (const tl::Experiment* e : experiments) {
    const tl::ExperimentInfo info = e->info();
    INFO("experiment " << info.name);
    require_no_findings(tl::check_science_page(info, std::string(THEORYLAB_SOURCE_DIR) + "/docs/science"));
  }
}

TEST_CASE("every claim declares its resolution, or why it needs none", "[docs][claims]") {
  for (const tl::Experiment* e : tl::Registry::instance().all()) {
    INFO("experiment " << e->info().name);
    require_no_findings(tl::check_resolutions(e->info()));
  }
}

TEST_CASE("every experiment declares well-formed figures (theorylab check's declaration part)", "[docs][figures]") {
  for (const tl::Experiment* e : tl::Registry::instance().all()) {
    INFO("experiment " << e->info().name);
    require_no_findings(tl::check_figure_declarations(e->info()));
  }
}
