#pragma once
// Slope estimates in log-log for the reductions: pooled OLS (independent points) or
// per-group slopes with a t-interval across groups (points within a group, e.g. the
// checkpoints of one run or the nested D of one sample stream, are correlated).
#include <vector>

namespace qs {

struct SlopeEstimate {
  double slope = 0, lo = 0, hi = 0, se = 0;
  int points = 0, groups = 0;
};

// OLS of log y on log x (theorylab/math/power_law_fit.hpp); needs >= 3 points.
SlopeEstimate pooled_slope(const std::vector<double>& x, const std::vector<double>& y, double confidence = 0.95);
// Each group's own OLS slope (groups with >= 3 distinct x), then mean ± t_{g-1} SE over
// the g groups; with one usable group, that group's OLS CI.
SlopeEstimate group_slope(const std::vector<double>& x, const std::vector<double>& y, const std::vector<int>& group,
                          double confidence = 0.95);

}  // namespace qs
