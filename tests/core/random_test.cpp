#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <set>
#include <stdexcept>

#include "theorylab/core/random.hpp"

TEST_CASE("splitmix64 matches the reference generator", "[random]") {
  // SplitMix64 (Steele, Lea, Flood 2014) seeded with 0: its first output, as published
  // with the reference implementation (xoshiro authors' splitmix64.c).
  CHECK(tl::splitmix64(0) == 0xe220a8397b1dcdafULL);
}

TEST_CASE("derived seeds are distinct, stable and positive as signed integers", "[random]") {
  std::set<std::uint64_t> seen;
  for (std::uint64_t run : {0ULL, 1ULL, 2ULL, 0xffffffffffffffffULL})
    for (std::uint64_t i = 0; i < 20000; ++i) {
      const auto s = tl::derive_seed(run, i);
      CHECK(s < (1ULL << 63));
      seen.insert(s);
    }
  CHECK(seen.size() == 80000);
  CHECK(tl::derive_seed(7, 3) == tl::derive_seed(7, 3));
}

TEST_CASE("the generator is reproducible and its distributions have the right moments", "[random]") {
  tl::Rng a(42), b(42), c(43);
  for (int i = 0; i < 100; ++i) {
    const double x = a.normal();
    CHECK(x == b.normal());
  }
  CHECK(a.uniform() != c.uniform());
  tl::Rng r(1);
  const int n = 200000;
  double su = 0, sn = 0, sn2 = 0, sb = 0;
  for (int i = 0; i < n; ++i) {
    const double u = r.uniform();
    REQUIRE(u >= 0);
    REQUIRE(u < 1);
    su += u;
    const double z = r.normal();
    sn += z, sn2 += z * z;
    sb += r.beta(2, 3);
  }
  // Tolerances: 5 standard errors of each mean.
  CHECK(std::fabs(su / n - 0.5) < 5 * std::sqrt(1.0 / 12 / n));
  CHECK(std::fabs(sn / n) < 5 / std::sqrt(double(n)));
  CHECK(std::fabs(sn2 / n - 1) < 5 * std::sqrt(2.0 / n));
  CHECK(std::fabs(sb / n - 0.4) < 5 * std::sqrt(0.04 / n));
  for (int i = 0; i < 1000; ++i) REQUIRE(r.below(7) < 7);
  CHECK(r.split(1).uniform() != r.split(2).uniform());
}

TEST_CASE("Rng distributions at the edges of their domains", "[random][domain]") {
  tl::Rng r(3);
  const double big = std::numeric_limits<double>::max(), inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  // below: n = 1 is always 0, n = 2^64 - 1 stays below it; n = 0 has no value below it.
  for (int i = 0; i < 100; ++i) REQUIRE(r.below(1) == 0);
  CHECK(r.below(std::numeric_limits<std::uint64_t>::max()) < std::numeric_limits<std::uint64_t>::max());
  CHECK_THROWS_AS(r.below(0), std::invalid_argument);
  // uniform(lo, hi): lo == hi gives lo; a span of 2 * 1e307 stays within [lo, hi].
  CHECK(r.uniform(2.5, 2.5) == 2.5);
  for (int i = 0; i < 100; ++i) {
    const double u = r.uniform(-1e307, 1e307);
    REQUIRE(u >= -1e307);
    REQUIRE(u <= 1e307);
  }
  // gamma and beta: the smallest and largest shapes give draws in their ranges.
  for (double shape : {std::numeric_limits<double>::denorm_min(), 1e-3, 1.0, 1e12}) {
    CAPTURE(shape);
    const double g = r.gamma(shape);
    CHECK(g >= 0);
    CHECK(std::isfinite(g));
  }
  CHECK(r.gamma(1e12) == Approx(1e12).epsilon(1e-5));  // sd sqrt(shape) = 1e6: 10 sd
  for (double shape : {1e-3, 0.5, 1e9}) {
    CAPTURE(shape);
    const double x = r.beta(shape, shape);
    CHECK(!(x < 0));
    CHECK(!(x > 1));
  }
  for (double shape : {0.0, -1.0, 1.01e12, big, inf, nan}) {
    CAPTURE(shape);
    CHECK_THROWS_AS(r.gamma(shape), std::invalid_argument);
    CHECK_THROWS_AS(r.beta(shape, 1.0), std::invalid_argument);
    CHECK_THROWS_AS(r.beta(1.0, shape), std::invalid_argument);
  }
  // poisson: mean <= 0 is 0; the largest mean gives a draw near it; NaN and beyond refused.
  CHECK(r.poisson(0) == 0);
  CHECK(r.poisson(-5) == 0);
  const double draw = static_cast<double>(r.poisson(1e18));
  CHECK(std::abs(draw - 1e18) < 10 * 1e9);  // sd 1e9
  CHECK_THROWS_AS(r.poisson(nan), std::invalid_argument);
  CHECK_THROWS_AS(r.poisson(1.01e18), std::invalid_argument);
  CHECK_THROWS_AS(r.poisson(inf), std::invalid_argument);
  // normal(mean, sd): sd = 0 is the point mass at the mean.
  CHECK(r.normal(5.0, 0.0) == 5.0);
  CHECK(std::isfinite(r.normal()));
  // bernoulli: p <= 0 never, p >= 1 always.
  for (int i = 0; i < 100; ++i) {
    REQUIRE_FALSE(r.bernoulli(0.0));
    REQUIRE_FALSE(r.bernoulli(nan));
    REQUIRE(r.bernoulli(1.0));
  }
}
