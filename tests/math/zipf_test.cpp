#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <map>
#include <random>
#include <vector>

#include <boost/math/distributions/chi_squared.hpp>

#include "theorylab/math/hurwitz_zeta.hpp"
#include "theorylab/math/zipf.hpp"

namespace {
// A uniform source from mt19937_64's standard-fixed output (53 bits).
struct Uniform {
  std::mt19937_64 engine;
  explicit Uniform(std::uint64_t seed) : engine(seed) {}
  double uniform() { return static_cast<double>(engine() >> 11) * 0x1.0p-53; }
};

// Upper-tail p-value of Pearson's chi^2 for counts against probabilities.
double chi2_p_value(const std::vector<double>& counts, const std::vector<double>& probabilities, double n) {
  double chi2 = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    const double e = probabilities[i] * n;
    chi2 += (counts[i] - e) * (counts[i] - e) / e;
  }
  boost::math::chi_squared dist(static_cast<double>(counts.size() - 1));
  return boost::math::cdf(boost::math::complement(dist, chi2));
}
}  // namespace

TEST_CASE("ZipfSampler over finite T: chi^2 of frequencies at a fixed seed", "[zipf]") {
  const double s = 1.4;
  const std::uint64_t T = 20;
  tl::ZipfSampler zipf(s, T);
  Uniform u(12345);
  const int draws = 200000;
  std::vector<double> counts(T, 0), probabilities(T);
  for (int i = 0; i < draws; ++i) {
    const auto k = zipf(u);
    REQUIRE(k >= 1);
    REQUIRE(k <= T);
    counts[k - 1] += 1;
  }
  double total = 0;
  for (std::uint64_t k = 1; k <= T; ++k) total += probabilities[k - 1] = zipf.probability(k);
  CHECK(total == Approx(1).epsilon(1e-13));
  // At the 0.1% level: fails for a wrong law (one wrong quantum by 2% already fails).
  CHECK(chi2_p_value(counts, probabilities, draws) > 1e-3);
}

TEST_CASE("ZipfSampler with an infinite law: exact tail beyond a small table", "[zipf]") {
  const double s = 1.5;
  // A table of only 8 quanta: ~27% of the draws go through the rejection tail sampler.
  tl::ZipfSampler zipf(s, tl::ZipfSampler::kInfinite, 8);
  Uniform u(777);
  const int draws = 200000;
  const int bins = 40;  // k = 1..40, and one bin for k > 40
  std::vector<double> counts(bins + 1, 0), probabilities(bins + 1);
  for (int i = 0; i < draws; ++i) {
    const auto k = zipf(u);
    REQUIRE(k >= 1);
    counts[k <= static_cast<std::uint64_t>(bins) ? k - 1 : bins] += 1;
  }
  for (int k = 1; k <= bins; ++k) probabilities[k - 1] = zipf.probability(k);
  probabilities[bins] = zipf.tail(bins);
  CHECK(zipf.tail(8) == Approx(tl::hurwitz_zeta(s, 9) / zipf.normaliser()).epsilon(1e-14));
  CHECK(chi2_p_value(counts, probabilities, draws) > 1e-3);
}

TEST_CASE("ZipfSampler: the chi^2 test detects a wrong exponent", "[zipf]") {
  // The power of the test above: s = 1.45 draws against s = 1.4 probabilities fail.
  tl::ZipfSampler zipf(1.45, 20), reference(1.4, 20);
  Uniform u(12345);
  const int draws = 200000;
  std::vector<double> counts(20, 0), probabilities(20);
  for (int i = 0; i < draws; ++i) counts[zipf(u) - 1] += 1;
  for (int k = 1; k <= 20; ++k) probabilities[k - 1] = reference.probability(k);
  CHECK(chi2_p_value(counts, probabilities, draws) < 1e-6);
}

TEST_CASE("ZipfSampler: the inverse CDF at the ends and bad input", "[zipf]") {
  tl::ZipfSampler zipf(2.0, 5);
  CHECK(zipf.from_table(0.0) == 1);
  CHECK(zipf.from_table(std::nextafter(1.0, 0.0)) == 5);
  CHECK(zipf.probability(6) == 0);
  CHECK_THROWS_AS(tl::ZipfSampler(0.0, 5), std::invalid_argument);
  CHECK_THROWS_AS(tl::ZipfSampler(1.0, tl::ZipfSampler::kInfinite), std::invalid_argument);
  CHECK_THROWS_AS(tl::ZipfSampler(1.5, 0), std::invalid_argument);
}

TEST_CASE("ZipfSampler domain edges: table size limits and non-finite s", "[zipf][domain]") {
  CHECK_NOTHROW(tl::ZipfSampler(1.5, 1));
  CHECK_THROWS_AS(tl::ZipfSampler(1.5, tl::ZipfSampler::kMaxTable + 1), std::invalid_argument);
  CHECK_THROWS_AS(tl::ZipfSampler(1.5, tl::ZipfSampler::kInfinite, tl::ZipfSampler::kMaxTable + 1), std::invalid_argument);
  CHECK_THROWS_AS(tl::ZipfSampler(std::numeric_limits<double>::infinity(), 10), std::invalid_argument);
  CHECK_THROWS_AS(tl::ZipfSampler(0.0, 10), std::invalid_argument);
  // Probabilities sum to 1 within rounding at a small table.
  const tl::ZipfSampler z(1.2, 1000);
  double sum = 0;
  for (std::uint64_t k = 1; k <= 1000; ++k) sum += z.probability(k);
  CHECK(sum == Approx(1.0).epsilon(1e-13));
}

TEST_CASE("ZipfSampler probability and tail at the domain edges: k = 0, 1, T, beyond, n = 0, T", "[zipf][domain]") {
  const tl::ZipfSampler finite(1.3, 100);
  CHECK(finite.probability(0) == 0);
  CHECK(finite.probability(1) == Approx(1 / tl::harmonic_number(100, 1.3)).epsilon(1e-14));
  CHECK(finite.probability(100) == Approx(std::pow(100.0, -1.3) / tl::harmonic_number(100, 1.3)).epsilon(1e-14));
  CHECK(finite.probability(101) == 0);
  CHECK(finite.probability(tl::ZipfSampler::kInfinite) == 0);
  CHECK(finite.tail(0) == Approx(1).epsilon(1e-14));
  CHECK(finite.tail(100) == 0);
  CHECK(finite.tail(99) == Approx(finite.probability(100)).epsilon(1e-12));
  const tl::ZipfSampler infinite(2.0, tl::ZipfSampler::kInfinite, 16);
  CHECK(infinite.probability(tl::ZipfSampler::kInfinite) >= 0);
  CHECK(infinite.probability(tl::ZipfSampler::kInfinite) < 1e-37);
  CHECK(infinite.tail(0) == Approx(1).epsilon(1e-14));
  CHECK(infinite.tail(1e300) == Approx(1e-300 / tl::hurwitz_zeta(2, 1)).epsilon(1e-12));
  CHECK_THROWS_AS(finite.tail(-1), std::domain_error);
  CHECK_THROWS_AS(infinite.tail(std::nan("")), std::domain_error);
}

TEST_CASE("ZipfSampler tail_accept at the edges of its uniforms: v = 1, v -> 0, w -> 1", "[zipf][domain]") {
  const tl::ZipfSampler zipf(2.0, tl::ZipfSampler::kInfinite, 16);
  std::uint64_t k = 0;
  // v = 1: the proposal's lower end, the first quantum past the table; w = 0 always accepts.
  CHECK(zipf.tail_accept(1.0, 0.0, k));
  CHECK(k == 17);
  // v -> 0: the proposal runs past 2^63 and saturates there (accepted, mass < 2^-126).
  CHECK(zipf.tail_accept(std::numeric_limits<double>::denorm_min(), 0.5, k));
  CHECK(k == (std::uint64_t{1} << 63));
  // w next to 1: accepted only where k^{-s} / (M I_k) reaches 1, which it never does at
  // the first quantum (M > 1 + 1/(K+1) there): rejected, and k still the proposal.
  CHECK_FALSE(zipf.tail_accept(1.0, std::nextafter(1.0, 0.0), k));
  CHECK(k == 17);
}

TEST_CASE("ZipfSampler property: probabilities sum to 1 (table plus exact tail), tail in [0, 1]", "[zipf][property]") {
  const double s = GENERATE(0.3, 1.0, 1.01, 2.0, 7.5, 60.0, 1e3);
  const std::uint64_t T = GENERATE(as<std::uint64_t>{}, 1, 2, 37, 1000, tl::ZipfSampler::kInfinite);
  if (T == tl::ZipfSampler::kInfinite && s <= 1) return;  // no infinite law there
  CAPTURE(s, T);
  const tl::ZipfSampler zipf(s, T, 64);
  const std::uint64_t shown = std::min<std::uint64_t>(T, 1000);
  double sum = 0;
  for (std::uint64_t k = shown; k >= 1; --k) sum += zipf.probability(k);  // smallest first
  const double rest = zipf.tail(static_cast<double>(shown));
  CHECK(rest >= 0);
  CHECK(rest <= 1);
  CHECK(std::abs(sum + rest - 1) <= 64 * static_cast<double>(shown) * 1.1102230246251565e-16);
  // The inverse CDF at the ends of [0, 1): the first quantum, and one within the law.
  CHECK(zipf.from_table(0.0) == 1);
  const std::uint64_t last = zipf.from_table(std::nextafter(1.0, 0.0));
  CHECK(last >= 1);
  CHECK(last <= (T == tl::ZipfSampler::kInfinite ? 64 : T));  // a finite law is tabulated whole
}
