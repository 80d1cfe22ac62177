#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>

#include <boost/math/constants/constants.hpp>
#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/special_functions/zeta.hpp>

#include "theorylab/math/hurwitz_zeta.hpp"

using tl::harmonic_number;
using tl::hurwitz_zeta;
using tl::zipf_tail;

TEST_CASE("hurwitz_zeta(2, 1) is pi^2 / 6", "[hurwitz_zeta]") {
  const double pi = boost::math::constants::pi<double>();
  CHECK(hurwitz_zeta(2, 1) == Approx(pi * pi / 6).epsilon(1e-14));
}

TEST_CASE("hurwitz_zeta satisfies zeta(s, q) = q^-s + zeta(s, q + 1)", "[hurwitz_zeta]") {
  for (double s : {1.05, 1.4, 2.0, 3.7, 8.0}) {
    for (double q : {0.1, 0.5, 1.0, 2.5, 13.0, 1e3, 1e7}) {
      const double lhs = hurwitz_zeta(s, q);
      const double rhs = std::pow(q, -s) + hurwitz_zeta(s, q + 1);
      CHECK(lhs == Approx(rhs).epsilon(1e-13));
    }
  }
}

TEST_CASE("hurwitz_zeta(s, 1) equals Boost's Riemann zeta", "[hurwitz_zeta]") {
  for (double s : {1.001, 1.1, 1.2, 1.5, 1.8, 2.0, 2.5, 4.0, 10.0, 25.0}) {
    INFO("s = " << s);
    CHECK(hurwitz_zeta(s, 1) == Approx(boost::math::zeta(s)).epsilon(1e-13));
  }
  // Below 1 (the analytic continuation of the Euler-Maclaurin formula).
  for (double s : {0.3, 0.5, 0.9}) CHECK(hurwitz_zeta(s, 1) == Approx(boost::math::zeta(s)).epsilon(1e-12));
}

TEST_CASE("hurwitz_zeta(s, 1/2) = (2^s - 1) zeta(s)", "[hurwitz_zeta]") {
  for (double s : {1.3, 2.0, 3.0}) CHECK(hurwitz_zeta(s, 0.5) == Approx((std::pow(2, s) - 1) * boost::math::zeta(s)).epsilon(1e-13));
}

TEST_CASE("hurwitz_zeta rejects the pole and q <= 0", "[hurwitz_zeta]") {
  CHECK_THROWS_AS(hurwitz_zeta(1, 1), std::domain_error);
  CHECK_THROWS_AS(hurwitz_zeta(2, 0), std::domain_error);
}

TEST_CASE("harmonic_number equals the direct sum at integer n", "[hurwitz_zeta]") {
  for (double s : {0.5, 1.0, 1.4, 2.0}) {
    for (int n : {0, 1, 7, 64, 65, 100, 1000}) {
      double direct = 0;
      for (int k = n; k >= 1; --k) direct += std::pow(k, -s);
      INFO("s = " << s << ", n = " << n);
      CHECK(harmonic_number(n, s) == Approx(direct).epsilon(1e-12).margin(1e-15));
    }
  }
}

TEST_CASE("harmonic_number is continuous and increasing in n", "[hurwitz_zeta]") {
  const double s = 1.4;
  double previous = harmonic_number(0, s);
  for (double n = 0.25; n <= 80; n += 0.25) {
    const double h = harmonic_number(n, s);
    CHECK(h > previous);
    previous = h;
  }
  // Across the direct-sum / zeta switch at n = 64.
  CHECK(harmonic_number(64 - 1e-9, s) == Approx(harmonic_number(64, s)).epsilon(1e-9));
  CHECK(harmonic_number(64 + 1e-9, s) == Approx(harmonic_number(64, s)).epsilon(1e-9));
}

TEST_CASE("zipf_tail: finite and infinite T", "[hurwitz_zeta]") {
  const double s = 1.4;
  // Finite T: the direct ratio of sums.
  double total = 0, beyond = 0;
  for (int k = 1; k <= 100; ++k) total += std::pow(k, -s), beyond += k > 10 ? std::pow(k, -s) : 0;
  CHECK(zipf_tail(10, s, 100) == Approx(beyond / total).epsilon(1e-12));
  CHECK(zipf_tail(0, s, 100) == Approx(1).epsilon(1e-14));
  CHECK(zipf_tail(100, s, 100) == 0);
  // Infinite T: tends to n^{-alpha} / (alpha zeta(s)) with relative error ~ alpha/(2n)
  // against n, and O(1/n^2) against n + 1/2 (docs/science/quantization_scaling.md, theory).
  const double alpha = s - 1, n = 1e4;
  const double exact = zipf_tail(n, s);
  CHECK(exact == Approx(std::pow(n + 0.5, -alpha) / (alpha * boost::math::zeta(s))).epsilon(1e-7));
  CHECK(std::abs(exact / (std::pow(n, -alpha) / (alpha * boost::math::zeta(s))) - 1) ==
        Approx(alpha / (2 * n)).epsilon(0.01));
}

TEST_CASE("hurwitz_zeta at the edges of q: the first term near 0, the integral at large q", "[zeta][domain]") {
  for (double s : {0.5, 1.5, 3.0, 30.0}) {
    CAPTURE(s);
    // q -> 0: zeta(s, q) = q^{-s} + zeta(s, 1 + q) ~ q^{-s}.
    const double q = 1e-10;
    CHECK(tl::hurwitz_zeta(s, q) == Approx(std::pow(q, -s) + tl::hurwitz_zeta(s, 1 + q)).epsilon(1e-14));
    // q -> inf: zeta(s, q) = q^{1-s}/(s-1) + q^{-s}/2 + O(q^{-s-1}), up to q = DBL_MAX
    // (also where q^{-s} underflows but q^{1-s} does not: s = 1.5, 3 at q = 1e200).
    for (double big : {1e100, 1e200, 1e300, std::numeric_limits<double>::max()}) {
      CAPTURE(big);
      CHECK(tl::hurwitz_zeta(s, big) ==
            Approx(std::pow(big, 1 - s) / (s - 1) + 0.5 * std::pow(big, -s)).epsilon(1e-14));
    }
    CHECK(tl::hurwitz_zeta(1.5, 1e300) == Approx(2e-150).epsilon(1e-14));
  }
  CHECK_THROWS_AS(tl::hurwitz_zeta(2.0, 0.0), std::domain_error);
  CHECK_THROWS_AS(tl::hurwitz_zeta(1.0, 1.0), std::domain_error);
  CHECK_THROWS_AS(tl::hurwitz_zeta(2.0, NAN), std::domain_error);
}

TEST_CASE("zipf_tail property: in [0, 1] and decreasing in n", "[zeta][property]") {
  const double s = GENERATE(0.5, 1.0, 1.5, 4.0);
  const double T = GENERATE(1.0, 10.0, 1e6, std::numeric_limits<double>::infinity());
  if (std::isinf(T) && s <= 1) return;
  double previous = 1;
  for (double n : {0.0, 0.5, 1.0, 3.0, 10.0, 1e3, 1e6, 1e12}) {
    CAPTURE(s, T, n);
    const double tail = tl::zipf_tail(n, s, T);
    CHECK(tail >= 0);
    CHECK(tail <= previous * (1 + 1e-14));
    previous = tail;
  }
  CHECK(tl::zipf_tail(0, s, T) == Approx(1).epsilon(1e-14));
}

TEST_CASE("harmonic_number and zipf_tail at the domain edges: n = 0, n = T, n = DBL_MAX, s near 0", "[zeta][domain]") {
  const double big = std::numeric_limits<double>::max();
  const double gamma = boost::math::constants::euler<double>();
  const double pi = boost::math::constants::pi<double>();
  for (double s : {1e-12, 0.5, 1.0, 2.0, 30.0}) {
    CAPTURE(s);
    CHECK(harmonic_number(0, s) == 0);
    CHECK(harmonic_number(0.5, s) > 0);
    CHECK(std::isfinite(harmonic_number(big, s)));
    CHECK(zipf_tail(0, s, 1e6) == Approx(1).epsilon(1e-14));
    CHECK(zipf_tail(1e6, s, 1e6) == 0);
    CHECK(zipf_tail(1e6 - 0.5, s, 1e6) > 0);
  }
  // Known limits at n = 1e300: zeta(2) = pi^2/6; H_n = log n + gamma (+ 1/(2n)); and for
  // s < 1, H_n = n^{1-s}/(1-s) + zeta(s) + O(n^{-s}) (Euler-Maclaurin).
  CHECK(harmonic_number(1e300, 2) == Approx(pi * pi / 6).epsilon(1e-15));
  CHECK(harmonic_number(1e300, 1) == Approx(std::log(1e300) + gamma).epsilon(1e-15));
  CHECK(harmonic_number(big, 1) == Approx(std::log(big) + gamma).epsilon(1e-15));
  CHECK(harmonic_number(1e300, 0.5) == Approx(2e150).epsilon(1e-14));
  // s -> 0: H_n -> n (every term k^{-s} -> 1).
  CHECK(harmonic_number(10, 1e-12) == Approx(10).epsilon(1e-10));
  CHECK(harmonic_number(1e6 + 0.5, 1e-12) == Approx(1e6 + 0.5).epsilon(1e-6));
  CHECK_THROWS_AS(harmonic_number(-1e-300, 2), std::domain_error);
  CHECK_THROWS_AS(harmonic_number(1, 0), std::domain_error);
  CHECK_THROWS_AS(zipf_tail(-1, 2, 10), std::domain_error);
  CHECK_THROWS_AS(zipf_tail(1, 2, 0.5), std::domain_error);
  CHECK_THROWS_AS(zipf_tail(1, 1, std::numeric_limits<double>::infinity()), std::domain_error);
}

namespace {
// zeta(s, q) in long double, independent of hurwitz_zeta's start and head: up to 20000
// direct terms (stopping once a term is below 1e-25 of the sum), then the integral, the
// half term and the first Bernoulli correction at x = q + M (error (s/x)^4 of the rest).
long double zeta_reference(long double s, long double q) {
  long double sum = 0, x = q;
  for (int j = 0; j < 20000; ++j, x += 1) {
    const long double term = std::pow(x, -s);
    if (term < 1e-25L * sum) return sum;
    sum += term;
  }
  return sum + std::pow(x, 1 - s) / (s - 1) + std::pow(x, -s) / 2 + s / 12 * std::pow(x, -s - 1);
}
}  // namespace

TEST_CASE("hurwitz_zeta at large s and q near the Euler-Maclaurin start, against a long-double sum", "[zeta][domain]") {
  // A fixed start x = 16 left B_16/16! (s)_15 x^{-s-15} uncorrected: 1e-7 at s = 30,
  // q = 16. Every s > 0 the experiments accept (alpha > 0 unbounded) must be exact.
  const double s = GENERATE(1.5, 2.4, 3.0, 5.0, 10.0, 30.0, 100.0, 1000.0, 1e4);
  const double q = GENERATE(1.0, 1.5, 7.0, 15.5, 16.0, 17.0, 40.0, 100.0);
  if (s * std::log10(q) > 290) return;  // q^{-s} underflows: the value is not representable
  CAPTURE(s, q);
  const long double reference = zeta_reference(s, q);
  CHECK(std::abs(hurwitz_zeta(s, q) / static_cast<double>(reference) - 1) <= 2e-15);
}

TEST_CASE("hurwitz_zeta known limits: s -> inf gives q^-s, s near the pole 1/(s-1) - digamma(q)", "[zeta][domain]") {
  // s -> inf: zeta(s, 1) -> 1 (2^{-s} below the rounding from s = 54 on).
  for (double s : {60.0, 1e3, 1e6, std::numeric_limits<double>::max()}) {
    CAPTURE(s);
    CHECK(hurwitz_zeta(s, 1) == 1);
    double expected = 0;  // sum_{k=2..10} k^{-s}; the rest is below (2/11)^60 of it
    for (int k = 10; k >= 2; --k) expected += std::pow(static_cast<double>(k), -s);
    CHECK(hurwitz_zeta(s, 2) == Approx(expected).epsilon(1e-15));  // 0 once 2^{-s} underflows
  }
  // Near the pole: zeta(s, q) = 1/(s-1) - digamma(q) + O(s-1).
  for (double q : {0.5, 1.0, 3.0}) {
    for (double eps : {1e-8, -1e-8}) {
      const double s = 1 + eps;  // s - 1 is exact, eps itself is not representable as s - 1
      CAPTURE(q, s);
      const double expected = 1 / (s - 1) - boost::math::digamma(q);
      CHECK(hurwitz_zeta(s, q) == Approx(expected).epsilon(1e-13));
    }
  }
  // q -> +inf: the limits 0 (s > 1) and -inf (s < 1).
  const double inf = std::numeric_limits<double>::infinity();
  CHECK(hurwitz_zeta(2, inf) == 0);
  CHECK(hurwitz_zeta(0.5, inf) == -inf);
  // Outside the domain: s <= 0 (the continuation there cancels), non-finite s.
  for (double s : {0.0, -1.0, -inf, inf, std::numeric_limits<double>::quiet_NaN()}) {
    CAPTURE(s);
    CHECK_THROWS_AS(hurwitz_zeta(s, 1), std::domain_error);
  }
  CHECK(hurwitz_zeta(std::numeric_limits<double>::denorm_min(), 2) == Approx(-1.5).epsilon(1e-14));  // zeta(0, q) = 1/2 - q
}

TEST_CASE("harmonic_number and zipf_tail at large s and non-finite arguments", "[zeta][domain]") {
  const double inf = std::numeric_limits<double>::infinity();
  // s -> inf: H_n -> 1 for n >= 1, and the tail beyond n >= 1 vanishes.
  for (double n : {1.0, 2.5, 64.0, 100.5, 1e300}) {
    CAPTURE(n);
    CHECK(harmonic_number(n, 1e4) == 1);
    CHECK(zipf_tail(n, 1e4, 100) == 0);
    CHECK(zipf_tail(n, 1e4, inf) == 0);
  }
  CHECK(zipf_tail(0, 1e4, 100) == 1);
  // n = +inf is the limit 0 of the tail (the end of the sum).
  CHECK(zipf_tail(inf, 2, inf) == 0);
  CHECK(zipf_tail(inf, 2, 10) == 0);
  CHECK_THROWS_AS(harmonic_number(inf, 2), std::domain_error);
  CHECK_THROWS_AS(harmonic_number(2, inf), std::domain_error);
  CHECK_THROWS_AS(zipf_tail(2, inf, 10), std::domain_error);
  CHECK_THROWS_AS(zipf_tail(2, 2, -inf), std::domain_error);  // not an infinite law
  CHECK_THROWS_AS(zipf_tail(2, 2, std::numeric_limits<double>::quiet_NaN()), std::domain_error);
}
