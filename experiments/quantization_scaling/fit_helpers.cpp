#include "quantization_scaling/fit_helpers.hpp"

#include <cmath>
#include <map>
#include <set>
#include <stdexcept>

#include "theorylab/math/line_fit.hpp"
#include "theorylab/math/power_law_fit.hpp"

namespace qs {

SlopeEstimate pooled_slope(const std::vector<double>& x, const std::vector<double>& y, double confidence) {
  const tl::PowerLawFit f = tl::fit_power_law(x, y, confidence);
  SlopeEstimate e;
  e.slope = f.exponent, e.lo = f.exponent_lo, e.hi = f.exponent_hi, e.se = f.exponent_se;
  e.points = static_cast<int>(f.points);
  e.groups = 1;
  return e;
}

SlopeEstimate group_slope(const std::vector<double>& x, const std::vector<double>& y, const std::vector<int>& group,
                          double confidence) {
  std::map<int, std::pair<std::vector<double>, std::vector<double>>> by;
  for (std::size_t i = 0; i < x.size(); ++i) by[group[i]].first.push_back(x[i]), by[group[i]].second.push_back(y[i]);
  std::vector<double> slopes;
  std::vector<tl::PowerLawFit> fits;
  int points = 0;
  for (auto& [g, xy] : by) {
    if (std::set<double>(xy.first.begin(), xy.first.end()).size() < 3) continue;
    fits.push_back(tl::fit_power_law(xy.first, xy.second, confidence));
    slopes.push_back(fits.back().exponent);
    points += static_cast<int>(xy.first.size());
  }
  if (slopes.empty()) throw std::invalid_argument("group_slope: no group with 3 distinct x");
  SlopeEstimate e;
  e.points = points;
  e.groups = static_cast<int>(slopes.size());
  if (slopes.size() == 1) {
    e.slope = fits[0].exponent, e.lo = fits[0].exponent_lo, e.hi = fits[0].exponent_hi, e.se = fits[0].exponent_se;
    return e;
  }
  double mean = 0;
  for (double s : slopes) mean += s;
  mean /= slopes.size();
  double var = 0;
  for (double s : slopes) var += (s - mean) * (s - mean);
  var /= slopes.size() - 1;
  e.slope = mean;
  e.se = std::sqrt(var / slopes.size());
  const double t = tl::student_t_quantile(confidence, static_cast<double>(slopes.size() - 1));
  e.lo = mean - t * e.se, e.hi = mean + t * e.se;
  return e;
}

}  // namespace qs
