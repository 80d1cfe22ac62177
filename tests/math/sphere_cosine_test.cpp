// The exact cosine sampler: range, mean 0 and second moment 1/d within 5 standard
// errors (the errors from the exact fourth moment E[s^4] = 3/(d(d+2))).
#include <catch2/catch.hpp>

#include <cmath>
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
}
