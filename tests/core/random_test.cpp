#include <catch2/catch.hpp>

#include <cmath>
#include <set>

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
