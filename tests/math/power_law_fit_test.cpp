#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <stdexcept>
#include <vector>

#include <boost/math/special_functions/zeta.hpp>

#include "theorylab/math/hurwitz_zeta.hpp"
#include "theorylab/math/power_law_fit.hpp"

namespace {
// Standard normals by Box-Muller from mt19937_64's standard-fixed output.
struct Gauss {
  std::mt19937_64 engine;
  explicit Gauss(std::uint64_t seed) : engine(seed) {}
  double uniform() { return (static_cast<double>(engine() >> 11) + 0.5) * 0x1.0p-53; }
  double operator()() { return std::sqrt(-2 * std::log(uniform())) * std::cos(6.283185307179586 * uniform()); }
};
std::vector<double> log_grid(double a, double b, int m) {
  std::vector<double> x(m);
  for (int i = 0; i < m; ++i) x[i] = a * std::pow(b / a, static_cast<double>(i) / (m - 1));
  return x;
}
}  // namespace

TEST_CASE("fit_power_law recovers an exact exponent", "[power_law_fit]") {
  const auto x = log_grid(10, 1e4, 12);
  std::vector<double> y;
  for (double v : x) y.push_back(3.5 * std::pow(v, -0.37));
  const auto f = tl::fit_power_law(x, y);
  CHECK(f.exponent == Approx(-0.37).epsilon(1e-12));
  CHECK(f.prefactor == Approx(3.5).epsilon(1e-10));
  CHECK(f.r_squared == Approx(1).epsilon(1e-12));
  CHECK(f.points == 12);
  CHECK(f.x_min == 10);
  CHECK(f.x_max == Approx(1e4));
}

TEST_CASE("fit_power_law: the 95% CI covers the true exponent ~95% of the time", "[power_law_fit]") {
  Gauss g(2024);
  const auto x = log_grid(8, 512, 10);
  const int trials = 1000;
  int covered = 0;
  for (int t = 0; t < trials; ++t) {
    std::vector<double> y;
    for (double v : x) y.push_back(2 * std::pow(v, -0.4) * std::exp(0.1 * g()));
    const auto f = tl::fit_power_law(x, y, 0.95);
    covered += (f.exponent_lo <= -0.4 && -0.4 <= f.exponent_hi);
  }
  // Binomial(1000, 0.95): sd 0.0069; +-4 sd.
  const double rate = static_cast<double>(covered) / trials;
  CHECK(rate > 0.95 - 4 * 0.0069);
  CHECK(rate < 0.95 + 4 * 0.0069);
}

TEST_CASE("fit_power_law: shift and bad input", "[power_law_fit]") {
  std::vector<double> n{1, 2, 4, 8, 16, 32}, y;
  for (double v : n) y.push_back(std::pow(v + 0.5, -0.6));
  CHECK(tl::fit_power_law(n, y, 0.95, 0.5).exponent == Approx(-0.6).epsilon(1e-12));
  CHECK(tl::fit_power_law(n, y).exponent != Approx(-0.6).epsilon(1e-3));
  CHECK_THROWS_AS(tl::fit_power_law({1, 2}, {1, 2}), std::invalid_argument);
  CHECK_THROWS_AS(tl::fit_power_law({1, 2, 3}, {1, 0, 2}), std::invalid_argument);
  CHECK_THROWS_AS(tl::fit_power_law({1, 2, 3}, {1, 2}), std::invalid_argument);
}

TEST_CASE("bootstrap_interval of a mean covers the truth and is deterministic", "[power_law_fit]") {
  Gauss g(7);
  std::vector<double> data(200);
  for (auto& d : data) d = 1 + g();
  auto mean = [&](const std::vector<std::size_t>& idx) {
    double s = 0;
    for (auto i : idx) s += data[i];
    return s / idx.size();
  };
  const auto a = tl::bootstrap_interval(data.size(), mean, 500, 0.95, 11);
  const auto b = tl::bootstrap_interval(data.size(), mean, 500, 0.95, 11);
  CHECK(a.lo == b.lo);
  CHECK(a.hi == b.hi);
  CHECK(a.lo < a.estimate);
  CHECK(a.estimate < a.hi);
  // The bootstrap SE of a mean of 200 unit normals is ~ 1/sqrt(200) = 0.0707.
  CHECK(a.se == Approx(0.0707).epsilon(0.15));
  CHECK(a.failures == 0);
}

TEST_CASE("fit_offset_power_law recovers E, A, beta", "[power_law_fit]") {
  const auto x = log_grid(10, 1e5, 15);
  std::vector<double> y;
  for (double v : x) y.push_back(0.2 + 5 * std::pow(v, -0.55));
  tl::OffsetFitOptions o;
  o.resamples = 0;
  const auto f = tl::fit_offset_power_law(x, y, o);
  CHECK(f.decay == Approx(0.55).epsilon(1e-5));
  CHECK(f.offset == Approx(0.2).epsilon(1e-4));
  CHECK(f.amplitude == Approx(5).epsilon(1e-4));

  // With 3% noise: the bootstrap 95% CI covers the true decay in most of 100 trials
  // (the percentile bootstrap under-covers a little with 15 points; a broken CI, e.g.
  // one that ignores the noise, covers far less).
  Gauss g(99);
  int covered = 0;
  for (int t = 0; t < 100; ++t) {
    std::vector<double> noisy;
    for (double v : y) noisy.push_back(v * std::exp(0.03 * g()));
    o.resamples = 200;
    o.seed = t + 1;
    const auto h = tl::fit_offset_power_law(x, noisy, o);
    covered += h.decay_lo < 0.55 && 0.55 < h.decay_hi;
    REQUIRE(h.decay_lo <= h.decay);
    REQUIRE(h.decay <= h.decay_hi);
    REQUIRE(h.resamples + h.failures == 200);
  }
  CHECK(covered >= 85);
}

TEST_CASE("fit_offset_power_law: no offset when the data are a pure power law", "[power_law_fit]") {
  const auto x = log_grid(1, 1e3, 10);
  std::vector<double> y;
  for (double v : x) y.push_back(2 * std::pow(v, -0.3));
  tl::OffsetFitOptions o;
  o.resamples = 0;
  const auto f = tl::fit_offset_power_law(x, y, o);
  CHECK(f.offset == Approx(0).margin(1e-6));
  CHECK(f.decay == Approx(0.3).epsilon(1e-4));
}

TEST_CASE("fit_truncated_tail recovers kappa with finite T", "[power_law_fit]") {
  const double s = 1.4, T = 100, kappa = 0.8, x0 = 3;
  const auto x = log_grid(5, 600, 14);
  std::vector<double> L;
  for (double v : x) L.push_back(tl::zipf_tail(std::pow(v / x0, kappa), s, T));
  const auto f = tl::fit_truncated_tail(x, L, s, T);
  CHECK(f.kappa == Approx(kappa).epsilon(1e-6));
  CHECK(f.x0 == Approx(x0).epsilon(1e-5));
  // Noisy: the CI covers kappa.
  Gauss g(5);
  std::vector<double> noisy;
  for (double l : L) noisy.push_back(l * std::exp(0.05 * g()));
  const auto h = tl::fit_truncated_tail(x, noisy, s, T);
  CHECK(h.kappa_lo < kappa);
  CHECK(kappa < h.kappa_hi);
  CHECK(h.points == 14);
}

TEST_CASE("invert_zipf_tail inverts zipf_tail", "[power_law_fit]") {
  for (double T : {50.0, std::numeric_limits<double>::infinity()})
    for (double n : {0.3, 2.0, 17.5, 40.0}) CHECK(tl::invert_zipf_tail(tl::zipf_tail(n, 1.3, T), 1.3, T) == Approx(n).epsilon(1e-8));
}

TEST_CASE("bootstrap_interval at the domain edges: one item, no resamples, confidence next to 0 and 1", "[power_law_fit][domain]") {
  const auto mean = [](const std::vector<std::size_t>& index) {
    double sum = 0;
    for (std::size_t i : index) sum += static_cast<double>(i);
    return sum / static_cast<double>(index.size());
  };
  const tl::BootstrapInterval one = tl::bootstrap_interval(1, mean, 50);
  CHECK(one.estimate == 0);
  CHECK(one.lo == 0);
  CHECK(one.hi == 0);
  CHECK(one.resamples == 50);
  const tl::BootstrapInterval none = tl::bootstrap_interval(10, mean, 0);
  CHECK(none.estimate == 4.5);
  CHECK(std::isnan(none.lo));
  CHECK(std::isnan(none.hi));
  // Confidence next to 1: the extreme order statistics; next to 0: the median.
  const tl::BootstrapInterval wide = tl::bootstrap_interval(10, mean, 200, std::nextafter(1.0, 0.0));
  const tl::BootstrapInterval narrow = tl::bootstrap_interval(10, mean, 200, 1e-300);
  CHECK(wide.lo <= narrow.lo);
  CHECK(narrow.hi <= wide.hi);
  CHECK(narrow.hi - narrow.lo < 1e-12);
  CHECK(wide.lo >= 0);
  CHECK(wide.hi <= 9);
  // Outside the domain: an error, not a read before or past the sorted values.
  for (double c : {0.0, 1.0, 1.5, -0.5}) {
    CAPTURE(c);
    CHECK_THROWS_AS(tl::bootstrap_interval(10, mean, 20, c), std::invalid_argument);
  }
  CHECK_THROWS_AS(tl::bootstrap_interval(10, mean, -1), std::invalid_argument);
  CHECK_THROWS_AS(tl::bootstrap_interval(0, mean, 20), std::invalid_argument);
}

TEST_CASE("fit_power_law and fit_offset_power_law refuse a confidence or decay range outside the domain", "[power_law_fit][domain]") {
  const std::vector<double> x{1, 2, 4, 8, 16}, y{1, 0.5, 0.25, 0.125, 0.0625};
  CHECK(tl::fit_power_law(x, y, std::nextafter(1.0, 0.0)).exponent == Approx(-1).epsilon(1e-12));
  CHECK_THROWS_AS(tl::fit_power_law(x, y, 1.0), std::domain_error);
  tl::OffsetFitOptions options;
  options.resamples = 0;
  options.decay_min = 0;
  CHECK_THROWS_AS(tl::fit_offset_power_law(x, y, options), std::invalid_argument);
  options.decay_min = 2, options.decay_max = 1;
  CHECK_THROWS_AS(tl::fit_offset_power_law(x, y, options), std::invalid_argument);
  options.decay_min = 0.5, options.decay_max = 2, options.resamples = 10, options.confidence = 1;
  CHECK_THROWS_AS(tl::fit_offset_power_law(x, y, options), std::invalid_argument);
}

TEST_CASE("invert_zipf_tail at the domain edges: fraction next to 0 and 1, T = 1, DBL_MAX and infinite", "[power_law_fit][domain]") {
  const double inf = std::numeric_limits<double>::infinity(), big = std::numeric_limits<double>::max();
  const double below_one = std::nextafter(1.0, 0.0);
  const double s = GENERATE(0.5, 1.0, 1.5);
  for (double T : {1.0, 100.0, big, inf}) {
    if (std::isinf(T) && s <= 1) continue;  // an infinite law needs s > 1 (refused below)
    CAPTURE(T, s);
    // Fraction next to 1: n next to 0, and zipf_tail(n) = fraction to the resolution of 1.
    const double near_zero = tl::invert_zipf_tail(below_one, s, T);
    CHECK(near_zero >= 0);
    if (T <= 100) CHECK(near_zero < 1e-12);  // (at T = DBL_MAX, s = 0.5: H_T = 2.7e154, n = 2e276)
    CHECK(std::abs(tl::zipf_tail(near_zero, s, T) - below_one) <= 4e-16);
    // An interior round trip at both ends of T.
    for (double n : {0.25, std::isinf(T) ? 1e6 : 0.75 * T}) {
      CAPTURE(n);
      if (tl::zipf_tail(n, s, T) == 1) continue;  // s = 0.5, T = DBL_MAX: H_0.25 / H_T ~ 1e-155 rounds away
      CHECK(tl::invert_zipf_tail(tl::zipf_tail(n, s, T), s, T) == Approx(n).epsilon(1e-9));
    }
  }
  // Fraction next to 0, finite T: n next to T (and below it).
  for (double T : {1.0, 100.0}) {
    const double n = tl::invert_zipf_tail(1e-300, 1.5, T);
    CAPTURE(T, n);
    CHECK(n <= T);
    CHECK(n >= T * (1 - 1e-11));
  }
  // Infinite T: a root at the top of the doubles is found, a fraction past it refused.
  const double top = tl::zipf_tail(1e300, 1.5, inf);  // ~ 1e-150
  CHECK(tl::invert_zipf_tail(top, 1.5, inf) == Approx(1e300).epsilon(1e-9));
  CHECK(tl::invert_zipf_tail(1e-300, 3.0, inf) == Approx(std::sqrt(1 / (2 * boost::math::zeta(3.0) * 1e-300))).epsilon(1e-6));
  CHECK_THROWS_AS(tl::invert_zipf_tail(1e-300, 1.5, inf), std::domain_error);
  CHECK_THROWS_AS(tl::invert_zipf_tail(std::numeric_limits<double>::denorm_min(), 1.5, inf), std::domain_error);
  // A root many decades below a large finite T: [0, T] alone did not converge in 200
  // steps and returned n = 8.9e284 for 5.9e11.
  for (double T : {1e12, 1e100, 1e300, big}) {
    for (double n : {0.5, 3.0, 5.9e11}) {
      if (!(n < T)) continue;
      CAPTURE(T, n);
      CHECK(tl::invert_zipf_tail(tl::zipf_tail(n, 1.5, T), 1.5, T) == Approx(n).epsilon(1e-9));
      CHECK(tl::invert_zipf_tail(tl::zipf_tail(n, 1.0, T), 1.0, T) == Approx(n).epsilon(1e-9));
    }
  }
  // Outside the domain of the fraction: std::invalid_argument; of (s, T): std::domain_error.
  for (double f : {0.0, 1.0, -0.5, 1.5, std::numeric_limits<double>::quiet_NaN()}) {
    CAPTURE(f);
    CHECK_THROWS_AS(tl::invert_zipf_tail(f, 1.5, 10), std::invalid_argument);
  }
  CHECK_THROWS_AS(tl::invert_zipf_tail(0.5, 1.5, 0.5), std::domain_error);
  CHECK_THROWS_AS(tl::invert_zipf_tail(0.5, 1.5, -inf), std::domain_error);
  CHECK_THROWS_AS(tl::invert_zipf_tail(0.5, 1.5, std::numeric_limits<double>::quiet_NaN()), std::domain_error);
  CHECK_THROWS_AS(tl::invert_zipf_tail(0.5, 1.0, inf), std::domain_error);
  CHECK_THROWS_AS(tl::invert_zipf_tail(0.5, 0.0, 10), std::domain_error);
  CHECK_THROWS_AS(tl::invert_zipf_tail(0.5, inf, 10), std::domain_error);
}

namespace {
// Exact truncated-tail data L(x) = b zipf_tail((x / x0)^kappa, s, T).
std::vector<double> tail_data(const std::vector<double>& x, double kappa, double x0, double s, double T, double b) {
  std::vector<double> L;
  for (double v : x) L.push_back(b * tl::zipf_tail(std::pow(v / x0, kappa), s, T));
  return L;
}
}  // namespace

TEST_CASE("fit_truncated_tail at the domain edges: 3 usable points, skipped points, scale, s and T", "[power_law_fit][domain]") {
  const double s = 1.4, T = 100, kappa = 0.8, x0 = 3;
  const double inf = std::numeric_limits<double>::infinity(), nan = std::numeric_limits<double>::quiet_NaN();
  // Exactly 3 usable points (1 degree of freedom): exact data still recover kappa.
  const std::vector<double> x3{5, 20, 80};
  const auto f3 = tl::fit_truncated_tail(x3, tail_data(x3, kappa, x0, s, T, 1), s, T);
  CHECK(f3.points == 3);
  CHECK(f3.kappa == Approx(kappa).epsilon(1e-6));
  CHECK(f3.x0 == Approx(x0).epsilon(1e-5));
  CHECK(std::isfinite(f3.kappa_hi));
  // Points with L = b, L = 0, L > b or NaN carry no information on n: skipped, and with
  // them only 2 usable points remain: std::invalid_argument.
  std::vector<double> x5{1, 5, 20, 80, 200}, L5 = tail_data({5, 20, 80}, kappa, x0, s, T, 1);
  L5.insert(L5.begin(), 1.0);
  L5.push_back(0.0);
  CHECK(tl::fit_truncated_tail(x5, L5, s, T).points == 3);
  for (double bad : {1.0, 0.0, 2.0, -1.0, nan}) {
    CAPTURE(bad);
    std::vector<double> L3 = tail_data(x3, kappa, x0, s, T, 1);
    L3[1] = bad;
    CHECK_THROWS_AS(tl::fit_truncated_tail(x3, L3, s, T), std::invalid_argument);
  }
  // The scale b at the ends of the doubles: the same fit (L / b is what enters).
  const auto x = log_grid(5, 600, 10);
  const auto unit = tl::fit_truncated_tail(x, tail_data(x, kappa, x0, s, T, 1), s, T);
  for (double b : {1e-290, 1e300}) {  // (b L stays a normal double: L is data, not rounding)
    CAPTURE(b);
    const auto scaled = tl::fit_truncated_tail(x, tail_data(x, kappa, x0, s, T, b), s, T, b);
    CHECK(scaled.kappa == Approx(unit.kappa).epsilon(1e-9));
    CHECK(scaled.x0 == Approx(unit.x0).epsilon(1e-8));
  }
  for (double b : {0.0, -1.0, inf, nan}) {
    CAPTURE(b);
    CHECK_THROWS_AS(tl::fit_truncated_tail(x, tail_data(x, kappa, x0, s, T, 1), s, T, b), std::invalid_argument);
  }
  // T infinite (s > 1) and T = 1 (one quantum: n in (0, 1)).
  const auto infinite = tl::fit_truncated_tail(x, tail_data(x, kappa, 1e3, s, inf, 1), s, inf);
  CHECK(infinite.kappa == Approx(kappa).epsilon(1e-6));
  const std::vector<double> x_small{1.5, 2, 2.5, 2.9};
  const auto one = tl::fit_truncated_tail(x_small, tail_data(x_small, kappa, x0, s, 1, 1), s, 1);
  CHECK(one.kappa == Approx(kappa).epsilon(1e-5));
  // Outside the domain of s, T, the confidence, x.
  const auto L = tail_data(x, kappa, x0, s, T, 1);
  CHECK_THROWS_AS(tl::fit_truncated_tail(x, L, 0.0, T), std::domain_error);
  CHECK_THROWS_AS(tl::fit_truncated_tail(x, L, 1.0, inf), std::domain_error);
  CHECK_THROWS_AS(tl::fit_truncated_tail(x, L, s, 0.5), std::domain_error);
  CHECK_THROWS_AS(tl::fit_truncated_tail(x, L, s, nan), std::domain_error);
  CHECK_THROWS_AS(tl::fit_truncated_tail(x, L, s, T, 1, 1.0), std::domain_error);
  CHECK_THROWS_AS(tl::fit_truncated_tail(x, L, s, T, 1, 0.0), std::domain_error);
  CHECK(std::isfinite(tl::fit_truncated_tail(x, L, s, T, 1, std::nextafter(1.0, 0.0)).kappa_hi));
  std::vector<double> bad_x = x;
  bad_x[3] = 0;
  CHECK_THROWS_AS(tl::fit_truncated_tail(bad_x, L, s, T), std::invalid_argument);
  bad_x[3] = inf;
  CHECK_THROWS_AS(tl::fit_truncated_tail(bad_x, L, s, T), std::invalid_argument);
  CHECK_THROWS_AS(tl::fit_truncated_tail({1, 2, 3}, {0.5, 0.4}, s, T), std::invalid_argument);
  // Equal tails (n independent of x): kappa = 0 and x0 undefined, refused by name (before,
  // the start's x0 = inf reached zipf_tail as NaN and threw its unrelated message).
  CHECK_THROWS_WITH(tl::fit_truncated_tail(x3, {0.5, 0.5, 0.5}, s, T), Catch::Contains("do not vary with x"));
}

TEST_CASE("fit_offset_power_law at the domain edges: exactly 4 points, 3 refused, groups", "[power_law_fit][domain]") {
  const std::vector<double> x{1, 4, 16, 64};
  std::vector<double> y;
  for (double v : x) y.push_back(0.5 + 2 * std::pow(v, -0.7));
  tl::OffsetFitOptions options;
  options.resamples = 0;
  const auto four = tl::fit_offset_power_law(x, y, options);  // 4 points, 3 parameters
  CHECK(four.decay == Approx(0.7).epsilon(1e-4));
  CHECK(four.offset == Approx(0.5).epsilon(1e-3));
  CHECK(std::isnan(four.decay_lo));  // no bootstrap: NaN CI
  CHECK_THROWS_AS(tl::fit_offset_power_law({1, 4, 16}, {2.5, 1.5, 1.0}, options), std::invalid_argument);
  // A decay range at the edges of the search: the true decay at decay_max is found.
  options.decay_min = 0.1, options.decay_max = 0.7;
  CHECK(tl::fit_offset_power_law(x, y, options).decay == Approx(0.7).epsilon(1e-4));
  options.decay_max = std::numeric_limits<double>::infinity();
  CHECK_THROWS_AS(tl::fit_offset_power_law(x, y, options), std::invalid_argument);
  options.decay_max = 4;
  options.groups = {1, 2, 3};  // one entry per point, or none
  CHECK_THROWS_AS(tl::fit_offset_power_law(x, y, options), std::invalid_argument);
  std::vector<double> bad_y = y;
  bad_y[2] = 0;
  options.groups.clear();
  CHECK_THROWS_AS(tl::fit_offset_power_law(x, bad_y, options), std::invalid_argument);
}
