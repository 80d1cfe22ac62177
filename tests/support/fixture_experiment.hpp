#pragma once
// A tiny experiment for testing the harness itself: the mean of n standard normals.
// Registered (hidden) only in the test binaries that include this header's
// registration line; it never appears in `theorylab list`.
#include <cmath>

#include "theorylab/core/experiment.hpp"

namespace tl::testing {

class FixtureMean final : public Experiment {
 public:
  ExperimentInfo info() const override {
    ExperimentInfo i;
    i.name = "fixture_mean";
    i.title = "mean of n standard normals (harness test fixture)";
    i.source = "none (test fixture)";
    i.description = "Draws n standard normals; the mean should be within 5 standard errors of 0.";
    i.params = {integer("n", 16).at_least(1).unit("samples").help("sample size"),
                real("shift", 0.0).between(-10, 10).help("added to every sample"),
                choice("mode", "plain", {"plain", "fail", "usage"}).help("fail: run_point throws; usage: throws UsageError"),
                flag("curve", true).help("record the running mean as a series")};
    i.presets = {{"quick", {"n=8,16"}, "two points", 1}, {"default", {"n=16"}, "one point", 1}};
    i.claims = {{"mean_zero", "the sample mean is within 5 standard errors of 0", "the law of large numbers"}};
    i.main_columns = {"mean"};
    i.axes = {"n", "shift", "mode", "curve"};  // reduce takes the worst over every row
    i.hidden = true;
    return i;
  }
  Row run_point(const Point& p, Rng& rng) const override {
    if (p.text("mode") == "fail") throw std::runtime_error("fixture failure");
    if (p.text("mode") == "usage") throw UsageError("fixture usage error");
    const auto n = p.integer("n");
    double sum = 0;
    std::vector<double> running;
    for (std::int64_t i = 0; i < n; ++i) {
      sum += rng.normal() + p.real("shift");
      running.push_back(sum / static_cast<double>(i + 1));
    }
    Row row;
    row.set("mean", sum / static_cast<double>(n), "1").set("count", n);
    if (p.flag("curve")) row.series("running_mean", running);
    return row;
  }
  void reduce(const RunResults& results, Summary& summary) const override {
    double worst = 0;
    for (const Row& r : results.rows())
      if (!r.has("error")) worst = std::max(worst, std::fabs(r.real("mean")) * std::sqrt(r.real("count")));
    summary.claim("mean_zero").expect_at_most(worst, 5.0);
    summary.scalar("worst_z", worst, "1", "largest |mean|·√n");
    summary.table("means", "one row per point").column("mean", [&] {
      std::vector<double> v;
      for (const Row& r : results.rows()) v.push_back(r.has("mean") ? r.real("mean") : NAN);
      return v;
    }());
    summary.note("fixture note");
    summary.show("means");
  }
};

}  // namespace tl::testing
