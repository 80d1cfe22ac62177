#pragma once
// The gradient_max_scale experiment class: run_point in gradient_max_scale.cpp, the
// reduction (tables, fits, claims) in gradient_max_scale_reduce.cpp.
#include <vector>

#include "theorylab/core/experiment.hpp"

namespace gradient_max_scale {

class GradientMaxScale final : public tl::Experiment {
 public:
  tl::ExperimentInfo info() const override;
  tl::Row run_point(const tl::Point& point, tl::Rng& rng) const override;
  void reduce(const tl::RunResults& results, tl::Summary& summary) const override;
  void validate(const tl::Point& point) const override;
  // CPU seconds of one point (cost_model.cpp): no work done.
  double cost_seconds(const tl::Point& point) const override;
};

// The source's numbers and the tolerances of their claims (fixed before any run).
constexpr double kArticleNormalC = 0.84;     // alpha* = 0.84 sqrt(log n)
constexpr double kArticleNormalCTol = 0.005; // two decimals
constexpr double kArticleCosineC = 3.5;      // alpha* = 3.5 log n at d = 128
constexpr double kArticleCosineCTol = 0.05;  // two significant digits
constexpr int kArticleCosineD = 128;
// "alpha* in [lo, hi] over a large/wide range": read as at least this fraction of the
// article's n grid (40..20000, linear) — a large range, not necessarily all of it.
constexpr double kLargeRangeFraction = 0.9;
// "The exact curve does not fall back to 0" (docs/science/gradient_max_scale.md, B2):
// its mean at the largest alpha of the grid is at least this fraction of its maximum
// over the grid.
constexpr double kNoReturnFraction = 0.5;
// ... measured to a 95% half-width of at most 0.25: the two hypotheses are "falls back
// to 0" (fraction -> 0) and "stays at the plateau" (fraction -> 1), and an interval
// this wide around the 0.5 threshold reaches neither.
constexpr double kNoReturnResolution = 0.25;
// ... judged only on rows with at least this many trials (a handful of score vectors
// estimates no expectation: one vector's curve does decay like e^{-alpha gap}).
constexpr long kMinTrialsForExpectation = 100;

}  // namespace gradient_max_scale
