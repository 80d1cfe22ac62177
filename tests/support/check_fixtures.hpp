#pragma once
// Experiments for the tests of `theorylab check` (theorylab/check/check.hpp): one that
// passes every check and ten broken ones, each in one way. Their rows burn exactly
// `ms` milliseconds of thread CPU time, so that the cost model can be exactly right (the
// good one) or exactly 10x off, on any machine. Science pages: tests/support/science/.
// Registered (hidden) in tests_core and in theorylab-fixtures.
#include <atomic>
#include <cmath>
#include <stdexcept>

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
    i.presets = {{"default", {"n=64,128"}, "two points", 2}};
    if (has_quick()) i.presets.insert(i.presets.begin(), {"quick", {"n=32,64"}, "two points", 1});
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
  virtual bool has_quick() const { return true; }
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

// Declares no quick preset (its page exists).
class CheckFixtureNoQuick final : public CheckFixture {
  std::string name() const override { return "fixture_check_no_quick"; }
  bool has_quick() const override { return false; }
};
// Its run_point throws at the quick preset's n = 32 (its page exists).
class CheckFixtureThrows final : public CheckFixture {
  std::string name() const override { return "fixture_check_throws"; }
  Row run_point(const Point& p, Rng& rng) const override {
    if (p.integer("n") == 32) throw std::runtime_error("no samples for n = 32");
    return CheckFixture::run_point(p, rng);
  }
};
// Its reduce never decides its claim (its page exists).
class CheckFixturePending final : public CheckFixture {
  std::string name() const override { return "fixture_check_pending"; }
  void reduce(const RunResults&, Summary&) const override {}
};
// Its rows depend on a counter shared across calls, not only on the point and the
// generator: two runs of the quick preset differ (its page exists).
class CheckFixtureImpure final : public CheckFixture {
  std::string name() const override { return "fixture_check_impure"; }
  Row run_point(const Point& p, Rng& rng) const override {
    static std::atomic<long> calls{0};
    Row row = CheckFixture::run_point(p, rng);
    row.set("call", static_cast<double>(calls++));
    return row;
  }
};
// Writes -1 ("missing") into a result column at n = 32 (its page exists).
class CheckFixtureSentinel final : public CheckFixture {
  std::string name() const override { return "fixture_check_sentinel"; }
  Row run_point(const Point& p, Rng& rng) const override {
    Row row = CheckFixture::run_point(p, rng);
    row.set("variance", p.integer("n") == 32 ? -1.0 : 1.0);
    return row;
  }
};

}  // namespace tl::testing
