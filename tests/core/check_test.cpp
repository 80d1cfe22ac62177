// tl::check_experiment (theorylab/check/check.hpp) on fixtures that pass, and on fixtures
// broken one way each: the finding names the check, says what is wrong and how to fix it.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <limits>

#include "support/check_fixtures.hpp"
#include "support/process.hpp"
#include "theorylab/check/check.hpp"

THEORYLAB_EXPERIMENT(tl::testing::CheckFixture);
THEORYLAB_EXPERIMENT(tl::testing::CheckFixtureNoPage);
THEORYLAB_EXPERIMENT(tl::testing::CheckFixtureNoResolution);
THEORYLAB_EXPERIMENT(tl::testing::CheckFixtureCostOff);
THEORYLAB_EXPERIMENT(tl::testing::CheckFixtureNoFigure);
THEORYLAB_EXPERIMENT(tl::testing::CheckFixtureFigureNoData);
THEORYLAB_EXPERIMENT(tl::testing::CheckFixtureNoQuick);
THEORYLAB_EXPERIMENT(tl::testing::CheckFixtureThrows);
THEORYLAB_EXPERIMENT(tl::testing::CheckFixturePending);
THEORYLAB_EXPERIMENT(tl::testing::CheckFixtureImpure);
THEORYLAB_EXPERIMENT(tl::testing::CheckFixtureSentinel);

namespace {
tl::CheckOptions fixture_options() {
  tl::CheckOptions o;
  o.docs_dir = std::string(THEORYLAB_SOURCE_DIR) + "/tests/support/science";
  return o;
}
std::vector<tl::CheckFinding> check(const std::string& name, const tl::CheckOptions& options = fixture_options()) {
  return tl::check_experiment(tl::Registry::instance().find(name), options);
}
std::string all_text(const std::vector<tl::CheckFinding>& findings) {
  std::string s;
  for (const auto& f : findings) s += tl::format_finding(f) + "\n";
  return s;
}
}  // namespace

TEST_CASE("check: a fixture that does everything right passes every check", "[check]") {
  const auto findings = check("fixture_check_good");
  INFO(all_text(findings));
  CHECK(findings.empty());
}

TEST_CASE("check: a missing science page fails with the path and what to write", "[check]") {
  const auto findings = check("fixture_check_no_page");
  INFO(all_text(findings));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].check == "science_page");
  CHECK(findings[0].message.find("fixture_check_no_page.md does not exist") != std::string::npos);
  CHECK(findings[0].fix.find("'# fixture_check_no_page'") != std::string::npos);
}

TEST_CASE("check: a claim without a resolution fails naming the claim and the builders", "[check]") {
  const auto findings = check("fixture_check_no_resolution");
  INFO(all_text(findings));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].check == "resolution");
  CHECK(findings[0].message == "claim mean_near_zero declares no resolution");
  CHECK(findings[0].fix.find(".needs_ci_half_width(W), .needs_samples(M) or .exact(") != std::string::npos);
}

TEST_CASE("check: a cost model 10x off fails with the estimate, the measurement and the ratio", "[check]") {
  const auto findings = check("fixture_check_cost_off");
  INFO(all_text(findings));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].check == "cost_model");
  CHECK(findings[0].message.find("the cost model says 0.3 CPU-s for the quick preset") != std::string::npos);
  CHECK(findings[0].message.find("x; allowed within 3x") != std::string::npos);
  CHECK(findings[0].fix.find("cpu_seconds") != std::string::npos);
}

TEST_CASE("check: an experiment without a figure fails saying how to declare one", "[check]") {
  const auto findings = check("fixture_check_no_figure");
  INFO(all_text(findings));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].check == "figures");
  CHECK(findings[0].message == "fixture_check_no_figure declares no figure");
  CHECK(findings[0].fix.find("ExperimentInfo::figures") != std::string::npos);
  CHECK(findings[0].fix.find("tl::Figure(") != std::string::npos);
  // The declarations are checked without running anything (--static) too.
  tl::CheckOptions options = fixture_options();
  options.run = false;
  CHECK(check("fixture_check_no_figure", options).size() == 1);
}

TEST_CASE("check: a figure of a column the quick run never writes fails naming the figure and the column", "[check]") {
  const auto findings = check("fixture_check_figure_no_data");
  INFO(all_text(findings));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].check == "figures");
  CHECK(findings[0].message.find("figure variance_vs_n has nothing to draw from the quick preset") != std::string::npos);
  CHECK(findings[0].message.find("no column variance") != std::string::npos);
}

TEST_CASE("check: malformed figure declarations are named", "[check]") {
  std::vector<tl::Figure> figures = {tl::Figure("Bad Name", "c").x("n").y({"m"}), tl::Figure("a", "").x("n"),
                                     tl::Figure("h", "hist").histogram(0).x("n").y({"m"}),
                                     tl::Figure("t", "theory").x("n").y({"m"}).theory("system('ls')")};
  figures.push_back(figures.back());  // "t" twice
  const auto problems = tl::figure_problems(figures);
  std::string all;
  for (const auto& p : problems) all += p + "\n";
  INFO(all);
  CHECK(all.find("figure 'Bad Name': the name must be snake_case") != std::string::npos);
  CHECK(all.find("figure 'a': no caption") != std::string::npos);
  CHECK(all.find("figure 'a': no y column") != std::string::npos);
  CHECK(all.find("figure 'h': a histogram takes no y columns") != std::string::npos);
  CHECK(all.find("figure 'h': bins must be in 1..10000") != std::string::npos);
  CHECK(all.find("figure 't': theory expression") != std::string::npos);
  CHECK(all.find("figure 't': declared twice") != std::string::npos);
  CHECK(tl::figure_problems({tl::Figure("fine", "ok").x("n").y({"m"})}).empty());
}

TEST_CASE("check: a page with the wrong title or without a claim id, and --static", "[check]") {
  const std::string dir = tl::testing::temp_dir("check-page");
  std::ofstream(dir + "/fixture_check_good.md") << "# fixture_check_goodness\n\nmean_near_zeros\n";
  tl::CheckOptions options;
  options.docs_dir = dir;
  options.run = false;  // the page checks only
  const auto findings = check("fixture_check_good", options);
  INFO(all_text(findings));
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].message.find("is titled '# fixture_check_goodness'") != std::string::npos);
  CHECK(findings[1].message.find("does not name claim mean_near_zero") != std::string::npos);
}

TEST_CASE("check: sentinels, whole-word ids, the cost model's noise floor", "[check]") {
  CHECK(tl::names_id("| `alpha_n_theory_a04` | ...", "alpha_n_theory_a04"));
  CHECK_FALSE(tl::names_id("alpha_n_theory_a04x", "alpha_n_theory_a04"));
  CHECK_FALSE(tl::names_id("kappa_n_a02", "kappa_n_a0"));
  for (double v : {-1.0, 9999.0, -999.0, 1e300, -1e305}) CHECK(tl::is_sentinel(v));
  for (double v : {0.0, 1.0, -0.5, 1e299, std::nan("")}) CHECK_FALSE(tl::is_sentinel(v));
  const std::vector<tl::Column> columns = {{"n", std::vector<double>{-1}, ""},  // an input: not checked
                                           {"loss", std::vector<double>{0.5, -1}, ""},
                                           {"count", std::vector<std::int64_t>{3, -2}, ""},
                                           {"slope", std::vector<double>{std::numeric_limits<double>::infinity()}, ""}};
  const auto table = tl::check_sentinels("/table", columns, {"n"}, true);
  INFO(all_text(table));
  REQUIRE(table.size() == 3);
  CHECK(table[0].message == "/table column loss row 1 = -1 (a 'missing' marker?)");
  CHECK(table[1].message.find("integer column count row 1 = -2") != std::string::npos);
  CHECK(table[2].message.find("slope row 0 = inf (infinite)") != std::string::npos);
  CHECK(tl::check_sentinels("summary", columns, {"n"}, false).size() == 2);  // summaries may hold an infinity
  CHECK(tl::check_cost_model("x", 0.001, 0.009, 0).empty());   // both below the noise floor
  CHECK(tl::check_cost_model("x", 1.0, 0.4, 0).empty());       // 2.5x
  CHECK(tl::check_cost_model("x", 1.0, 0.3, 0).size() == 1);   // 3.3x
  CHECK(tl::check_cost_model("x", 0.1, 0.4, 0).size() == 1);   // 1/4
  CHECK(tl::check_cost_model("x", 0.0, 1.0, 2).at(0).message.find("2 quick rows have no cost estimate") == 0);
}

// One broken fixture per remaining requirement: the finding names its check, says what is
// wrong and how to fix it.
namespace {
const tl::CheckFinding* finding_of(const std::vector<tl::CheckFinding>& findings, const std::string& check) {
  for (const auto& f : findings)
    if (f.check == check) return &f;
  return nullptr;
}
}  // namespace

TEST_CASE("check: a missing quick preset, a throwing row, a pending claim each fail with their fix", "[check]") {
  const auto no_quick = check("fixture_check_no_quick");
  INFO(all_text(no_quick));
  const auto* presets = finding_of(no_quick, "presets");
  REQUIRE(presets);
  CHECK(presets->message == "fixture_check_no_quick has no preset 'quick'");
  CHECK(presets->fix.find("ExperimentInfo::presets") != std::string::npos);

  const auto throws = check("fixture_check_throws");
  INFO(all_text(throws));
  const auto* run = finding_of(throws, "quick_run");
  REQUIRE(run);
  CHECK(run->message == "1 of 2 quick rows threw: no samples for n = 32");
  CHECK(run->fix.find("validate()") != std::string::npos);

  const auto pending = check("fixture_check_pending");
  INFO(all_text(pending));
  const auto* verdicts = finding_of(pending, "verdicts");
  REQUIRE(verdicts);
  // n is no axis of the fixture: the quick preset's two n are two groups, each claim named by its group
  CHECK(verdicts->message == "claim mean_near_zero[n=32] is left pending by the quick preset");
  CHECK(verdicts->fix.find("summary.claim(\"mean_near_zero\")") != std::string::npos);
}

TEST_CASE("check: rows that depend on shared state, and a -1 'missing' marker, fail naming the column", "[check]") {
  const auto impure = check("fixture_check_impure");
  INFO(all_text(impure));
  const auto* threads = finding_of(impure, "threads");
  REQUIRE(threads);
  CHECK(threads->message.find("the quick preset at 1 and 2 threads differs: ") == 0);
  CHECK(threads->message.find("call") != std::string::npos);
  CHECK(threads->fix.find("pure function of its point and rng") != std::string::npos);

  const auto sentinel = check("fixture_check_sentinel");
  INFO(all_text(sentinel));
  const auto* marker = finding_of(sentinel, "sentinels");
  REQUIRE(marker);
  CHECK(marker->message.find("variance") != std::string::npos);
  CHECK(marker->message.find("= -1 (a 'missing' marker?)") != std::string::npos);
  CHECK_FALSE(marker->fix.empty());
}
