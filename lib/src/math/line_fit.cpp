#include "theorylab/math/line_fit.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include <boost/math/distributions/students_t.hpp>

namespace tl {

double student_t_quantile(double confidence, double dof) {
  if (!(confidence > 0 && confidence < 1))
    throw std::domain_error("student_t_quantile: confidence " + std::to_string(confidence) + " outside (0, 1)");
  if (!(dof >= 1)) throw std::domain_error("student_t_quantile: dof " + std::to_string(dof) + " below 1");
  boost::math::students_t dist(dof);
  // The upper tail (1 - confidence) / 2 is exact where 0.5 + confidence / 2 would round
  // to 1 (confidence within 1e-16 of 1) and make the quantile overflow.
  return boost::math::quantile(boost::math::complement(dist, (1 - confidence) / 2));
}

namespace {
// x must be finite with a finite sum of squares (else a slope of 0 or NaN would come
// out of sxy / inf): the caller's domain, checked.
void check_x(const char* who, const std::vector<double>& x, double sxx) {
  for (double v : x)
    if (!std::isfinite(v)) throw std::invalid_argument(std::string(who) + ": an x value is not finite");
  if (!std::isfinite(sxx))
    throw std::invalid_argument(std::string(who) + ": the sum of squares of x overflows a double");
}
}  // namespace

LineFit fit_line(const std::vector<double>& x, const std::vector<double>& y, double confidence) {
  const std::size_t m = x.size();
  if (m != y.size()) throw std::invalid_argument("fit_line: x and y differ in length");
  if (m < 3) throw std::invalid_argument("fit_line: fewer than 3 points");
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < m; ++i) mx += x[i], my += y[i];
  mx /= m, my /= m;
  double sxx = 0, sxy = 0, syy = 0;
  for (std::size_t i = 0; i < m; ++i) {
    sxx += (x[i] - mx) * (x[i] - mx);
    sxy += (x[i] - mx) * (y[i] - my);
    syy += (y[i] - my) * (y[i] - my);
  }
  check_x("fit_line", x, sxx);
  if (!(sxx > 0)) throw std::invalid_argument("fit_line: all x values are equal");
  LineFit f;
  f.points = m;
  f.confidence = confidence;
  f.slope = sxy / sxx;
  f.intercept = my - f.slope * mx;
  double sse = 0;
  for (std::size_t i = 0; i < m; ++i) {
    const double r = y[i] - f.intercept - f.slope * x[i];
    sse += r * r;
  }
  const double dof = static_cast<double>(m) - 2;
  f.residual_sd = std::sqrt(sse / dof);
  f.slope_se = f.residual_sd / std::sqrt(sxx);
  f.intercept_se = f.residual_sd * std::sqrt(1.0 / m + mx * mx / sxx);
  f.r_squared = syy > 0 ? 1 - sse / syy : 1.0;
  const double t = student_t_quantile(confidence, dof);
  f.slope_lo = f.slope - t * f.slope_se, f.slope_hi = f.slope + t * f.slope_se;
  f.intercept_lo = f.intercept - t * f.intercept_se, f.intercept_hi = f.intercept + t * f.intercept_se;
  return f;
}

LineFit fit_proportional(const std::vector<double>& x, const std::vector<double>& y, double confidence) {
  const std::size_t m = x.size();
  if (m != y.size()) throw std::invalid_argument("fit_proportional: x and y differ in length");
  if (m < 2) throw std::invalid_argument("fit_proportional: fewer than 2 points");
  double sxx = 0, sxy = 0, syy = 0;
  for (std::size_t i = 0; i < m; ++i) sxx += x[i] * x[i], sxy += x[i] * y[i], syy += y[i] * y[i];
  check_x("fit_proportional", x, sxx);
  if (!(sxx > 0)) throw std::invalid_argument("fit_proportional: all x values are zero");
  LineFit f;
  f.points = m;
  f.confidence = confidence;
  f.slope = sxy / sxx;
  double sse = 0, my = 0, syy_c = 0;
  for (std::size_t i = 0; i < m; ++i) {
    const double r = y[i] - f.slope * x[i];
    sse += r * r;
    my += y[i];
  }
  my /= m;
  for (std::size_t i = 0; i < m; ++i) syy_c += (y[i] - my) * (y[i] - my);
  const double dof = static_cast<double>(m) - 1;
  f.residual_sd = std::sqrt(sse / dof);
  f.slope_se = f.residual_sd / std::sqrt(sxx);
  f.r_squared = syy_c > 0 ? 1 - sse / syy_c : 1.0;
  const double t = student_t_quantile(confidence, dof);
  f.slope_lo = f.slope - t * f.slope_se, f.slope_hi = f.slope + t * f.slope_se;
  return f;
}

}  // namespace tl
