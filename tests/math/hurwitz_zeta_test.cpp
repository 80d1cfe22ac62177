#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>

#include <boost/math/constants/constants.hpp>
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
