// log_hyp0f1 and hyp0f1_ratio against (1) the defining integral
// E[e^{a s}] = int (1-s^2)^{(d-3)/2} e^{a s} ds / B(1/2, (d-1)/2) = 0F1(; d/2; a^2/4),
// computed by Boost.Math adaptive Gauss-Kronrod quadrature in theta (s = cos theta,
// density ∝ sin^{d-2} theta), for d = 2..1024 and a up to 1e4; (2) closed forms at
// b = 1/2, 3/2 (cosh, sinh) for z up to 1e12; (3) the series in long double at small z.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <boost/math/constants/constants.hpp>
#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <boost/math/special_functions/beta.hpp>

#include "theorylab/math/hypergeometric.hpp"
#include "theorylab/math/sphere_cosine.hpp"

namespace {

constexpr double kPi = boost::math::constants::pi<double>();

struct QuadratureMoments {
  double log_mgf;      // log E[e^{a s}]
  double tilted_mean;  // E[s e^{a s}] / E[e^{a s}]
};

// E over the cosine density by quadrature in theta. The integrand
// exp(a cos t + (d-2) log sin t - g_max) is at most 1, its peak at cos t* solving
// a c^2 + (d-2) c - a = 0; the interval is split there.
QuadratureMoments quadrature_moments(int d, double a) {
  using boost::math::quadrature::gauss_kronrod;
  const double c_star = d == 2 ? 1.0 : (-(d - 2) + std::sqrt(double(d - 2) * (d - 2) + 4 * a * a)) / (2 * a);
  const double t_star = std::acos(std::min(1.0, c_star));
  auto log_g = [&](double t) {
    const double sin_t = std::sin(t);
    return a * std::cos(t) + (d == 2 ? 0.0 : (d - 2) * std::log(sin_t));
  };
  const double g_max = log_g(t_star);
  auto f = [&](double t) {
    if (d > 2 && (t <= 0 || t >= kPi)) return 0.0;
    return std::exp(log_g(t) - g_max);
  };
  auto fs = [&](double t) { return std::cos(t) * f(t); };
  double err = 0;
  double i0 = 0, i1 = 0;
  if (t_star > 0) {
    i0 += gauss_kronrod<double, 61>::integrate(f, 0.0, t_star, 15, 1e-13, &err);
    i1 += gauss_kronrod<double, 61>::integrate(fs, 0.0, t_star, 15, 1e-13, &err);
  }
  i0 += gauss_kronrod<double, 61>::integrate(f, t_star, kPi, 15, 1e-13, &err);
  i1 += gauss_kronrod<double, 61>::integrate(fs, t_star, kPi, 15, 1e-13, &err);
  // int_0^pi sin^{d-2} t dt = B(1/2, (d-1)/2).
  const double log_norm = std::log(boost::math::beta(0.5, 0.5 * (d - 1)));
  return {g_max + std::log(i0) - log_norm, i1 / i0};
}

long double series_ld(long double b, long double z) {
  long double term = 1, sum = 1;
  for (int k = 0; k < 2000; ++k) {
    term *= z / ((k + 1) * (b + k));
    sum += term;
    if (term < 1e-22L * sum) break;
  }
  return sum;
}

}  // namespace

TEST_CASE("log_hyp0f1 equals the log MGF of the sphere cosine by quadrature", "[hyp0f1][quadrature]") {
  for (int d : {2, 3, 4, 5, 8, 16, 32, 64, 96, 128, 256, 512, 1024}) {
    for (double a : {1e-3, 0.5, 1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1e3, 3e3, 1e4}) {
      CAPTURE(d, a);
      const QuadratureMoments q = quadrature_moments(d, a);
      const double series = tl::log_hyp0f1(0.5 * d, 0.25 * a * a);
      // 1e-12 relative on E[e^{as}] plus 1e-14 of the log's size (lgamma of the
      // largest term and the quadrature's own rounding of g_max).
      CHECK(series == Approx(q.log_mgf).margin(1e-12 + 1e-14 * std::abs(q.log_mgf)));
      CHECK(tl::sphere_cosine_log_mgf(d, a) == series);
      CHECK(tl::sphere_cosine_log_mgf(d, -a) == series);
      // d/da log E = (a/d) 0F1(;d/2+1;a^2/4)/0F1(;d/2;a^2/4) = E[s e^{as}] / E[e^{as}].
      CHECK(tl::sphere_cosine_tilted_mean(d, a) == Approx(q.tilted_mean).epsilon(1e-11).margin(1e-14));
    }
  }
}

TEST_CASE("log_hyp0f1 at b = 1/2 and 3/2: cosh and sinh closed forms up to z = 1e12", "[hyp0f1]") {
  for (double z : {0.0, 1e-8, 0.3, 1.0, 17.0, 1e3, 1e5, 1e8, 1e10, 1e12}) {
    CAPTURE(z);
    const double x = 2 * std::sqrt(z);
    // 0F1(;1/2;z) = cosh(2 sqrt z); log cosh x = x - log 2 + log1p(e^{-2x}).
    const double log_cosh = x - std::log(2.0) + std::log1p(std::exp(-2 * x));
    CHECK(tl::log_hyp0f1(0.5, z) == Approx(log_cosh).margin(1e-14 + 2e-15 * log_cosh));
    if (z > 0) {
      // 0F1(;3/2;z) = sinh(x)/x; log sinh x = x - log 2 + log1p(-e^{-2x}).
      const double log_sinh_over_x =
          x < 1 ? std::log(std::sinh(x) / x) : x - std::log(2.0) + std::log1p(-std::exp(-2 * x)) - std::log(x);
      CHECK(tl::log_hyp0f1(1.5, z) == Approx(log_sinh_over_x).margin(1e-14 + 2e-15 * std::abs(log_sinh_over_x)));
      // ratio 0F1(;3/2;z)/0F1(;1/2;z) = tanh(x)/x.
      CHECK(tl::hyp0f1_ratio(0.5, z) == Approx(std::tanh(x) / x).epsilon(2e-14));
    }
  }
}

TEST_CASE("log_hyp0f1 and hyp0f1_ratio against the plain series in long double", "[hyp0f1]") {
  for (double b : {0.3, 1.0, 2.5, 8.0, 64.0, 512.0}) {
    for (double z : {0.0, 0.01, 1.0, 10.0, 100.0, 400.0}) {
      CAPTURE(b, z);
      const long double f_b = series_ld(b, z), f_b1 = series_ld(b + 1, z);
      CHECK(tl::log_hyp0f1(b, z) == Approx(static_cast<double>(std::log(f_b))).margin(1e-14).epsilon(1e-14));
      CHECK(tl::hyp0f1_ratio(b, z) == Approx(static_cast<double>(f_b1 / f_b)).epsilon(2e-14));
    }
  }
}

TEST_CASE("hyp0f1_ratio agrees with the difference of logs at large z", "[hyp0f1]") {
  for (double b : {1.0, 8.0, 64.0, 512.0}) {
    for (double z : {1e4, 1e6, 1e8}) {
      CAPTURE(b, z);
      const double from_logs = std::exp(tl::log_hyp0f1(b + 1, z) - tl::log_hyp0f1(b, z));
      CHECK(tl::hyp0f1_ratio(b, z) == Approx(from_logs).epsilon(1e-10));
    }
  }
}

TEST_CASE("log_hyp0f1 rejects b <= 0 and z < 0", "[hyp0f1]") {
  CHECK_THROWS_AS(tl::log_hyp0f1(0.0, 1.0), std::domain_error);
  CHECK_THROWS_AS(tl::log_hyp0f1(1.0, -1.0), std::domain_error);
  CHECK_THROWS_AS(tl::hyp0f1_ratio(-1.0, 1.0), std::domain_error);
  CHECK_THROWS_AS(tl::log_hyp0f1(1.0, NAN), std::domain_error);
}

TEST_CASE("log_hyp0f1 beyond the series: closed forms up to z = 1e300 (the asymptotic branch)", "[hyp0f1][domain]") {
  // z >= 1e20 puts the largest term above index 1e10, where the Debye expansion is used;
  // at b = 1/2 and 3/2 it must agree with cosh and sinh to the resolution of the log.
  // Below the switch (z <= 1e20) the series' long walk carries ~1e-15 of log 0F1 (lgamma)
  // and ~1e-13 of the ratio; above it the expansion is exact to a few ulp.
  for (double z : {1e19, 1e20, 1e21, 1e24, 1e40, 1e100, 1e300}) {
    CAPTURE(z);
    const bool series = z <= 1e20;
    const double x = 2 * std::sqrt(z), log_tol = series ? 1e-14 : 4e-16, ratio_tol = series ? 1e-12 : 1e-15;
    CHECK(tl::log_hyp0f1(0.5, z) == Approx(x - std::log(2.0)).epsilon(log_tol));
    CHECK(tl::log_hyp0f1(1.5, z) == Approx(x - std::log(2.0) - std::log(x)).epsilon(log_tol));
    CHECK(tl::hyp0f1_ratio(0.5, z) == Approx(1 / x).epsilon(ratio_tol));  // tanh(x)/x
  }
}

TEST_CASE("log_hyp0f1: the series and the asymptotic branch meet continuously", "[hyp0f1][domain]") {
  // Either side of the switch (largest-term index 1e10), the two methods must agree to
  // the resolution of log 0F1 (which is about 2e10 there).
  for (double b : {0.5, 1.0, 3.0, 64.0, 1e4, 1e6}) {
    const double k0 = 1e10;
    const double z = (k0 + 1) * (b + k0);  // largest term exactly at the switch
    CAPTURE(b);
    const double below = tl::log_hyp0f1(b, z * (1 - 1e-9)), above = tl::log_hyp0f1(b, z * (1 + 1e-9));
    // d/dz log 0F1 = ratio / b; a jump at the switch would show as a difference.
    CHECK(above - below == Approx(2e-9 * z * tl::hyp0f1_ratio(b, z) / b).margin(1e-3));
    const double rb = tl::hyp0f1_ratio(b, z * (1 - 1e-12)), ra = tl::hyp0f1_ratio(b, z * (1 + 1e-12));
    CHECK(ra == Approx(rb).epsilon(1e-11));  // the series' ratio error there is ~1e-13
  }
}

TEST_CASE("log_hyp0f1 domain edges: b at 1e12 and tiny b, z = 0 and the largest double", "[hyp0f1][domain]") {
  CHECK(tl::log_hyp0f1(1e12, 0.0) == 0.0);
  CHECK(tl::log_hyp0f1(1e-300, 0.0) == 0.0);
  CHECK(std::isfinite(tl::log_hyp0f1(1e-300, 1.0)));
  CHECK(tl::hyp0f1_ratio(1e12, 1.0) == Approx(1.0).epsilon(1e-11));
  // log 0F1(;b;z) ~ z/b for z << b^2.
  CHECK(tl::log_hyp0f1(1e12, 1e12) == Approx(1.0).epsilon(1e-6));
  const double big = std::numeric_limits<double>::max();
  CHECK(tl::log_hyp0f1(1.0, big) == Approx(2 * std::sqrt(big)).epsilon(1e-15));
  CHECK(std::isfinite(tl::hyp0f1_ratio(1.0, big)));
  CHECK_THROWS_AS(tl::log_hyp0f1(1.01e12, 1.0), std::domain_error);
  CHECK_THROWS_AS(tl::log_hyp0f1(1.0, INFINITY), std::domain_error);
}

TEST_CASE("log_hyp0f1 next to z = 0 is relatively exact: z/b - z^2/(2 b^2 (b+1))", "[hyp0f1][domain]") {
  // 0F1 = 1 + z/b + z^2/(2 b (b+1)) + ..., so log 0F1 = z/b - z^2/(2 b^2 (b+1)) + O(z^3);
  // log(1 + z/b) in doubles would round it to 0 below z/b ~ 1e-16.
  for (double b : {0.5, 1.5, 1e6}) {
    for (double z : {1e-300, 1e-20, 1e-8}) {
      CAPTURE(b, z);
      const double expected = z / b - z * z / (2 * b * b * (b + 1));
      CHECK(tl::log_hyp0f1(b, z) == Approx(expected).epsilon(1e-14));
      CHECK(tl::hyp0f1_ratio(b, z) == Approx(1 - z / (b * (b + 1))).epsilon(1e-15));
    }
  }
}

TEST_CASE("log_hyp0f1 and hyp0f1_ratio properties over the domain: 0F1 >= 1, increasing, ratio in [0, 1]", "[hyp0f1][property]") {
  // 0F1(; b; z) = 1 + z/b + ... >= 1 and increasing in z; the ratio 0F1(;b+1;z)/0F1(;b;z)
  // is in (0, 1] (term by term b/(b+k) <= 1), 1 at z = 0, and decreasing in z; ~b/sqrt(z)
  // at large z, so it underflows to 0 only where that is below the doubles (b = 1e-300).
  const double b = GENERATE(1e-300, 1e-6, 0.5, 1.0, 7.5, 1e4, 1e12);
  double previous_log = 0, previous_ratio = 1;
  for (double z : {0.0, 1e-300, 1e-10, 1.0, 1e3, 1e8, 1e19, 1e21, 1e100, std::numeric_limits<double>::max()}) {
    CAPTURE(b, z);
    const double log_value = tl::log_hyp0f1(b, z), ratio = tl::hyp0f1_ratio(b, z);
    CHECK(log_value >= previous_log);
    CHECK(ratio >= 0);
    if (b / std::sqrt(z) > 1e-290) CHECK(ratio > 0);
    CHECK(ratio <= previous_ratio * (1 + 1e-15));
    CHECK(ratio <= 1);
    if (z == 0) {
      CHECK(log_value == 0);
      CHECK(ratio == 1);
    }
    previous_log = log_value, previous_ratio = ratio;
  }
}

TEST_CASE("log_hyp0f1 at the corners of the domain: tiny b with tiny z, b = 1e12 with z = 1e-300", "[hyp0f1][domain]") {
  // b = 1e-300, z = 1e-290: 0F1 = 1 + z/b + O(z^2/b) = 1 + 1e10 (term_0 is 1e-10 of it; it
  // was dropped when (b + 1) - 1 rounded to 0, and the ratio was 0/0 = NaN).
  CHECK(tl::log_hyp0f1(1e-300, 1e-290) == Approx(std::log1p(1e10)).epsilon(1e-15));
  // ratio = 0F1(;b+1;z)/0F1(;b;z) = (1 + z/(b+1)) / (1 + z/b + z^2/(2 b (b+1))) at small z.
  const double b = 1e-300;
  for (double z : {1e-290, 1e-10}) {
    CAPTURE(z);
    const double expected = (1 + z) / (1 + z / b + z * z / (2 * b));
    CHECK(tl::hyp0f1_ratio(b, z) == Approx(expected).epsilon(1e-14));
  }
  CHECK(std::isfinite(tl::hyp0f1_ratio(1e-300, 1.0)));
  CHECK(tl::hyp0f1_ratio(1e-300, 1.0) > 0);
  // b = 1e12, z = 1e-300: log 0F1 = z/b = 1e-312 (subnormal); the series' stopping test
  // compared against eps * rest, which underflowed to 0, and ran into its 1e8-term cap.
  CHECK(tl::log_hyp0f1(1e12, 1e-300) == Approx(1e-312).epsilon(1e-3));  // a subnormal: ~10 bits
  CHECK(tl::hyp0f1_ratio(1e12, 1e-300) == 1);
  // The same through the sphere cosine at d = INT_MAX and a tiny a (z = a^2/4 = 2.5e-301).
  CHECK(tl::sphere_cosine_log_mgf(std::numeric_limits<int>::max(), 1e-150) >= 0);
}
