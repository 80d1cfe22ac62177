// The exact cosine sampler: range, mean 0 and second moment 1/d within 5 standard
// errors (the errors from the exact fourth moment E[s^4] = 3/(d(d+2))).
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "theorylab/math/sphere_cosine.hpp"

TEST_CASE("sphere cosine samples have mean 0 and E[s^2] = 1/d", "[sphere_cosine]") {
  const std::size_t n = 200000;
  for (int d : {2, 3, 5, 16, 128, 1024}) {
    CAPTURE(d);
    tl::Rng rng(tl::derive_seed(20231022, static_cast<std::uint64_t>(d)));
    std::vector<double> s(n);
    tl::sample_sphere_cosines(rng, d, s.data(), n);
    double sum = 0, sum2 = 0;
    bool in_range = true;
    for (double x : s) {
      sum += x, sum2 += x * x;
      in_range = in_range && x >= -1 && x <= 1;
    }
    CHECK(in_range);
    const double mean = sum / n, second = sum2 / n;
    const double var_s = 1.0 / d, var_s2 = 3.0 / (d * (d + 2.0)) - 1.0 / (double(d) * d);
    CHECK(std::abs(mean) < 5 * std::sqrt(var_s / n));
    CHECK(std::abs(second - 1.0 / d) < 5 * std::sqrt(var_s2 / n));
  }
}

TEST_CASE("the one-sample and the bulk samplers give the same stream", "[sphere_cosine]") {
  tl::Rng a(7), b(7);
  std::vector<double> bulk(10);
  tl::sample_sphere_cosines(a, 64, bulk.data(), bulk.size());
  for (double x : bulk) CHECK(x == tl::sample_sphere_cosine(b, 64));
}

TEST_CASE("sphere cosine MGF at small a matches its Monte Carlo mean", "[sphere_cosine]") {
  // E[e^{a s}] for a = 2, d = 8 from 2e5 samples, within 5 standard errors.
  const int d = 8;
  const double a = 2.0;
  tl::Rng rng(99);
  const std::size_t n = 200000;
  double sum = 0, sum2 = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double e = std::exp(a * tl::sample_sphere_cosine(rng, d));
    sum += e, sum2 += e * e;
  }
  const double mean = sum / n, se = std::sqrt((sum2 / n - mean * mean) / n);
  CHECK(std::abs(mean - std::exp(tl::sphere_cosine_log_mgf(d, a))) < 5 * se);
}

TEST_CASE("sphere cosine rejects d < 2", "[sphere_cosine]") {
  tl::Rng rng(1);
  CHECK_THROWS_AS(tl::sample_sphere_cosine(rng, 1), std::invalid_argument);
  CHECK_THROWS_AS(tl::sphere_cosine_log_mgf(0, 1.0), std::invalid_argument);
  CHECK_THROWS_AS(tl::sphere_cosine_tilted_mean(1, 1.0), std::invalid_argument);
  double untouched = 7;
  CHECK_THROWS_AS(tl::sample_sphere_cosines(rng, 1, &untouched, 1), std::invalid_argument);
  // n = 0 (the lower edge of the count): nothing written, nothing drawn.
  tl::Rng a(9), b(9);
  tl::sample_sphere_cosines(a, 3, &untouched, 0);
  CHECK(untouched == 7);
  CHECK(a.uniform() == b.uniform());
}

TEST_CASE("sphere cosine at the domain edges: d = 2 and INT_MAX, a = 0 and 2 sqrt(DBL_MAX)", "[sphere_cosine][domain]") {
  // d = INT_MAX: Beta of shape ~1e9, s ~ N(0, 1/d); E[d s^2] = 1 with variance ~2.
  tl::Rng rng(5);
  const int d_max = std::numeric_limits<int>::max();
  const std::size_t n = 20000;
  double sum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double s = tl::sample_sphere_cosine(rng, d_max);
    REQUIRE(std::abs(s) <= 1);
    sum += static_cast<double>(d_max) * s * s;
  }
  CHECK(std::abs(sum / n - 1) < 5 * std::sqrt(2.0 / n));
  // d = 3: s is uniform on [-1, 1], E[e^{a s}] = sinh(a) / a, tilted mean coth(a) - 1/a.
  for (double a : {1e-8, 0.5, 30.0, 1e3, 1e100, 2.68e154}) {
    CAPTURE(a);
    const double log_mgf = a < 1e-3 ? a * a / 6 : a < 1 ? std::log(std::sinh(a) / a) : a - std::log(2 * a) + std::log1p(-std::exp(-2 * a));
    CHECK(tl::sphere_cosine_log_mgf(3, a) == Approx(log_mgf).epsilon(1e-12));
    CHECK(tl::sphere_cosine_log_mgf(3, -a) == tl::sphere_cosine_log_mgf(3, a));
    const double tilted = a < 1e-3 ? a / 3 : 1 / std::tanh(a) - 1 / a;
    CHECK(tl::sphere_cosine_tilted_mean(3, a) == Approx(tilted).epsilon(1e-12));
    CHECK(tl::sphere_cosine_tilted_mean(3, -a) == -tl::sphere_cosine_tilted_mean(3, a));
  }
  CHECK(tl::sphere_cosine_log_mgf(2, 0) == 0);
  CHECK(tl::sphere_cosine_tilted_mean(d_max, 0) == 0);
  // d = 2 at the top of a: 0F1(; 1; z) = I_0(2 sqrt z) ~ e^a / sqrt(2 pi a).
  const double a_max = 2.68e154;
  CHECK(tl::sphere_cosine_log_mgf(2, a_max) == Approx(a_max - 0.5 * std::log(2 * M_PI * a_max)).epsilon(1e-14));
  CHECK(std::isfinite(tl::sphere_cosine_log_mgf(d_max, a_max)));
  CHECK_THROWS_AS(tl::sphere_cosine_log_mgf(3, 2.7e154), std::domain_error);
  CHECK_THROWS_AS(tl::sphere_cosine_tilted_mean(3, 2.7e154), std::domain_error);
}
