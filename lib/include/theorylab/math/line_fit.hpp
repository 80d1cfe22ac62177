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

// Domain of both fits: x finite with sum_i (x_i - mean x)^2 (fit_line), sum_i x_i^2
// (fit_proportional) finite and > 0; y finite with a finite sum of squared deviations;
// confidence in (0, 1). Closed forms, no
// iteration. Throws std::invalid_argument for mismatched sizes, fewer than 3 points
// (fit_line) or 2 (fit_proportional), a non-finite x, x all equal (fit_line) or all zero
// (fit_proportional), or an x whose sum of squares overflows; std::domain_error for a
// confidence outside (0, 1). A NaN or infinite y is not an error: it makes the fields
// NaN (never a finite wrong slope), which the experiments report as n/a.
LineFit fit_line(const std::vector<double>& x, const std::vector<double>& y, double confidence = 0.95);
// Least squares through the origin, y = c x: slope = c, intercept = 0 (m - 1 dof).
LineFit fit_proportional(const std::vector<double>& x, const std::vector<double>& y, double confidence = 0.95);

// Two-sided Student-t quantile: t such that P(|T_dof| <= t) = confidence (Boost.Math,
// from the upper tail (1 - confidence) / 2, so exact also within 1e-16 of 1).
// Domain: confidence in (0, 1), dof in [1, +inf] (+inf: the normal quantile); on it t is
// finite and >= 0 (0 for confidence below ~1e-16, its true value there being below
// 1e-15). Throws std::domain_error outside.
double student_t_quantile(double confidence, double dof);

}  // namespace tl
