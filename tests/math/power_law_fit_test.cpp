#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <stdexcept>
#include <vector>

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
