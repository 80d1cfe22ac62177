#pragma once
// Experiments for the tests of `theorylab check` (theorylab/check/check.hpp): one that
// passes every check and five broken ones, each in one way. Their rows burn exactly
// `ms` milliseconds of thread CPU time, so that the cost model can be exactly right (the
// good one) or exactly 10x off, on any machine. Science pages: tests/support/science/.
// Registered (hidden) in tests_core and in theorylab-fixtures.
#include <cmath>

#include "theorylab/core/cpu_time.hpp"
#include "theorylab/core/experiment.hpp"

namespace tl::testing {

class CheckFixture : public Experiment {
 public:
  ExperimentInfo info() const override {
    ExperimentInfo i;
    i.name = name();
    i.title = "a check fixture";
    i.source = "none (test fixture)";
    i.description = "The mean of n normals, burning ms milliseconds of CPU per row. See docs/science/" + name() + ".md.";
    i.params = {integer("n", 64).at_least(1).help("samples"), integer("ms", 15).at_least(0).unit("ms").help("CPU time per row")};
    i.presets = {{"quick", {"n=32,64"}, "two points", 1}, {"default", {"n=64,128"}, "two points", 2}};
    ClaimSpec claim{"mean_near_zero", "the mean of n standard normals is within 6/sqrt(n) of 0", "the law of large numbers"};
    if (resolution_declared()) claim.needs_samples(2);
    i.claims = {claim};
    i.figures = figures();
    i.hidden = true;
    return i;
  }
  Row run_point(const Point& p, Rng& rng) const override {
    const double start = thread_cpu_seconds();
    while (thread_cpu_seconds() - start < 1e-3 * static_cast<double>(p.integer("ms"))) {
    }
    double sum = 0;
    for (std::int64_t k = 0; k < p.integer("n"); ++k) sum += rng.normal();
    Row row;
    row.set("mean", sum / static_cast<double>(p.integer("n"))).set("count", p.integer("n"));
    return row;
  }
  void reduce(const RunResults& results, Summary& summary) const override {
    double worst = 0;
    long rows = 0;
    for (const Row& r : results.rows())
      if (!r.has("error")) worst = std::fmax(worst, std::fabs(r.real("mean")) * std::sqrt(r.real("count"))), ++rows;
    summary.claim("mean_near_zero").with_samples(rows).expect_at_most(worst, 6);
  }
  double cost_seconds(const Point& p) const override { return cost_factor() * 1e-3 * static_cast<double>(p.integer("ms")); }

 protected:
  virtual std::string name() const { return "fixture_check_good"; }
  virtual bool resolution_declared() const { return true; }
  virtual double cost_factor() const { return 1; }
  // A filter on a key the quick preset does not sweep (ms): left out, the figure draws.
  virtual std::vector<Figure> figures() const { return {Figure("mean_vs_n", "the mean against n").where("ms", "3").x("n").y({"mean"})}; }
};

// No docs/science page.
class CheckFixtureNoPage final : public CheckFixture {
  std::string name() const override { return "fixture_check_no_page"; }
};
// The claim declares no resolution (its page exists and names it).
class CheckFixtureNoResolution final : public CheckFixture {
  std::string name() const override { return "fixture_check_no_resolution"; }
  bool resolution_declared() const override { return false; }
};
// The cost model says 10x the CPU time the rows take (its page exists).
class CheckFixtureCostOff final : public CheckFixture {
  std::string name() const override { return "fixture_check_cost_off"; }
  double cost_factor() const override { return 10; }
};

// Declares no figure (its page exists).
class CheckFixtureNoFigure final : public CheckFixture {
  std::string name() const override { return "fixture_check_no_figure"; }
  std::vector<Figure> figures() const override { return {}; }
};
// Declares a figure of a column the run never writes (its page exists).
class CheckFixtureFigureNoData final : public CheckFixture {
  std::string name() const override { return "fixture_check_figure_no_data"; }
  std::vector<Figure> figures() const override { return {Figure("variance_vs_n", "the variance against n").x("n").y({"variance"})}; }
};

}  // namespace tl::testing
