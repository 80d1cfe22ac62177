#pragma once
// Ordinary least squares of y on x, with standard errors and t-based confidence
// intervals (m - 2 degrees of freedom). The base of every power-law fit: a power law
// y = A x^b is a line in (log x, log y).
#include <cstddef>
#include <vector>

namespace tl {

struct LineFit {
  double slope = 0, intercept = 0;
  double slope_se = 0, intercept_se = 0;
  double slope_lo = 0, slope_hi = 0;          // confidence interval of the slope
  double intercept_lo = 0, intercept_hi = 0;  // and of the intercept
  double r_squared = 0;
  double residual_sd = 0;
  std::size_t points = 0;
  double confidence = 0.95;
};

// Throws std::invalid_argument for fewer than 3 points, mismatched sizes, or x all equal.
LineFit fit_line(const std::vector<double>& x, const std::vector<double>& y, double confidence = 0.95);
// Least squares through the origin, y = c x: slope = c, intercept = 0.
LineFit fit_proportional(const std::vector<double>& x, const std::vector<double>& y, double confidence = 0.95);

// Two-sided Student-t quantile: t such that P(|T_dof| <= t) = confidence, for
// confidence in (0, 1) and dof > 0 (Boost.Math; throws std::domain_error outside).
// The fits are closed forms (no iteration); x and y finite with sums of squares below
// DBL_MAX.
double student_t_quantile(double confidence, double dof);

}  // namespace tl
