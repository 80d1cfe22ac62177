// fit_line, fit_proportional and student_t_quantile: known values, and the edges of the
// domain written in line_fit.hpp (3 and 2 points, x near the overflow of its sum of
// squares, confidence next to 0 and 1, dof 1 and infinite).
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include <boost/math/constants/constants.hpp>

#include "theorylab/math/line_fit.hpp"

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

TEST_CASE("student_t_quantile: closed forms at dof 1 and 2, the normal quantile at infinite dof", "[line_fit]") {
  const double pi = boost::math::constants::pi<double>();
  for (double c : {0.5, 0.9, 0.95, 0.999}) {
    CAPTURE(c);
    // dof 1 (Cauchy): t = tan(pi c / 2). dof 2: t = c sqrt(2 / (1 - c^2)).
    CHECK(tl::student_t_quantile(c, 1) == Approx(std::tan(pi * c / 2)).epsilon(1e-12));
    CHECK(tl::student_t_quantile(c, 2) == Approx(c * std::sqrt(2 / (1 - c * c))).epsilon(1e-12));
  }
  CHECK(tl::student_t_quantile(0.95, kInf) == Approx(1.959963984540054).epsilon(1e-14));
  CHECK(tl::student_t_quantile(0.95, 1e300) == Approx(1.959963984540054).epsilon(1e-14));
}

TEST_CASE("student_t_quantile at the domain edges: confidence next to 0 and 1, dof 1", "[line_fit][domain]") {
  const double pi = boost::math::constants::pi<double>();
  const double below_one = std::nextafter(1.0, 0.0);  // 1 - 1.1e-16
  for (double dof : {1.0, 3.0, 1e6, kInf}) {
    CAPTURE(dof);
    const double small = tl::student_t_quantile(1e-300, dof);
    CHECK(small >= 0);
    CHECK(small < 1e-15);
    const double large = tl::student_t_quantile(below_one, dof);
    CHECK(std::isfinite(large));
    CHECK(large > tl::student_t_quantile(0.999999, dof));
  }
  // dof 1: t = tan(pi c / 2) = cot(pi (1 - c) / 2) ~ 2 / (pi (1 - c)) next to c = 1.
  CHECK(tl::student_t_quantile(below_one, 1) == Approx(2 / (pi * (1 - below_one))).epsilon(1e-10));
  for (double c : {0.0, 1.0, -0.5, 1.5, kNaN}) {
    CAPTURE(c);
    CHECK_THROWS_AS(tl::student_t_quantile(c, 5), std::domain_error);
  }
  for (double dof : {0.999, 0.0, -1.0, kNaN}) {
    CAPTURE(dof);
    CHECK_THROWS_AS(tl::student_t_quantile(0.95, dof), std::domain_error);
  }
}

TEST_CASE("fit_line recovers an exact line, and its t interval by hand", "[line_fit]") {
  const std::vector<double> x{0, 1, 2, 3, 4};
  std::vector<double> y;
  for (double v : x) y.push_back(1.5 - 0.25 * v);
  const tl::LineFit exact = tl::fit_line(x, y);
  CHECK(exact.slope == Approx(-0.25).epsilon(1e-14));
  CHECK(exact.intercept == Approx(1.5).epsilon(1e-14));
  CHECK(exact.r_squared == Approx(1).epsilon(1e-14));
  CHECK(exact.points == 5);
  // Residuals (+e, -e, 0, -e... ): slope_se = sd / sqrt(sxx), interval = slope +- t se.
  std::vector<double> noisy = y;
  noisy[0] += 0.1, noisy[2] -= 0.1, noisy[4] += 0.1;
  const tl::LineFit f = tl::fit_line(x, noisy, 0.9);
  const double t = tl::student_t_quantile(0.9, 3);
  CHECK(f.slope_hi - f.slope == Approx(t * f.slope_se).epsilon(1e-14));
  CHECK(f.slope - f.slope_lo == Approx(t * f.slope_se).epsilon(1e-14));
  CHECK(f.slope_se == Approx(f.residual_sd / std::sqrt(10.0)).epsilon(1e-14));  // sxx = 10
}

TEST_CASE("fit_line at the domain edges: 3 points, x near overflow, bad x and y", "[line_fit][domain]") {
  // The fewest points: 3 (one dof).
  const tl::LineFit three = tl::fit_line({1, 2, 3}, {2, 4, 7});
  CHECK(three.slope == Approx(2.5).epsilon(1e-14));
  CHECK(std::isfinite(three.slope_hi));
  CHECK_THROWS_AS(tl::fit_line({1, 2}, {1, 2}), std::invalid_argument);
  CHECK_THROWS_AS(tl::fit_line({1, 2, 3}, {1, 2}), std::invalid_argument);
  CHECK_THROWS_AS(tl::fit_line({2, 2, 2}, {1, 2, 3}), std::invalid_argument);
  // Large x whose sum of squared deviations is still finite: the slope is exact.
  const double big = 1e153;
  const tl::LineFit wide = tl::fit_line({-big, 0, big}, {-1, 0, 1});
  CHECK(wide.slope == Approx(1 / big).epsilon(1e-14));
  // Beyond it the sum of squares is +inf: an error, not the slope 0 that sxy / inf gives.
  CHECK_THROWS_AS(tl::fit_line({-1e155, 0, 1e155}, {-1, 0, 1}), std::invalid_argument);
  CHECK_THROWS_AS(tl::fit_line({0, 1, kInf}, {0, 1, 2}), std::invalid_argument);
  CHECK_THROWS_AS(tl::fit_line({0, kNaN, 2}, {0, 1, 2}), std::invalid_argument);
  // A NaN or infinite y: NaN fields, never a finite wrong slope.
  CHECK(std::isnan(tl::fit_line({0, 1, 2}, {0, kNaN, 2}).slope));
  CHECK(std::isnan(tl::fit_line({0, 1, 2}, {0, kInf, 2}).slope));
  CHECK_THROWS_AS(tl::fit_line({0, 1, 2}, {0, 1, 2}, 1.0), std::domain_error);
}

TEST_CASE("fit_proportional at the domain edges: 2 points, x near overflow, x all zero", "[line_fit][domain]") {
  const tl::LineFit two = tl::fit_proportional({1, 2}, {3, 6.5});
  CHECK(two.slope == Approx((3 + 13.0) / 5).epsilon(1e-14));  // sxy / sxx
  CHECK(two.intercept == 0);
  CHECK(std::isfinite(two.slope_hi));
  CHECK_THROWS_AS(tl::fit_proportional({1}, {3}), std::invalid_argument);
  CHECK_THROWS_AS(tl::fit_proportional({0, 0, 0}, {1, 2, 3}), std::invalid_argument);
  const double big = 1e153;
  CHECK(tl::fit_proportional({big, 2 * big}, {1, 2}).slope == Approx(1 / big).epsilon(1e-14));
  CHECK_THROWS_AS(tl::fit_proportional({1e155, 2e155}, {1, 2}), std::invalid_argument);
  CHECK_THROWS_AS(tl::fit_proportional({1, kNaN}, {1, 2}), std::invalid_argument);
  CHECK(std::isnan(tl::fit_proportional({1, 2}, {1, kNaN}).slope));
}
