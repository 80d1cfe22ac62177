#include <catch2/catch.hpp>

#include <cmath>

#include "quantization_scaling/quanta_model.hpp"
#include "theorylab/math/hurwitz_zeta.hpp"

TEST_CASE("Poisson threshold: closed form against simulation", "[quanta_model]") {
  // D i.i.d. Zipf samples, learned iff count >= tau; the continuum closed form for E[L]
  // and E[n]. 16 seeds at D = 2e5: Monte Carlo SE ~0.3%; the continuum error at
  // n ~ 10^2-10^3 is O(1/n). Tolerance 3%.
  tl::Rng rng(42);
  for (int tau : {1, 5}) {
    const auto m = qs::a3_data_scaling({0.5}, tau, {2e5}, 16, rng);
    double L = 0, n = 0;
    for (Eigen::Index r = 0; r < m.rows(); ++r) L += m(r, 5), n += m(r, 4);
    L /= m.rows(), n /= m.rows();
    INFO("tau = " << tau << ", n = " << n);
    CHECK(L == Approx(qs::poisson_threshold_loss(0.5, tau, 2e5)).epsilon(0.03));
    CHECK(n == Approx(qs::poisson_threshold_learned(0.5, tau, 2e5)).epsilon(0.03));
  }
}

TEST_CASE("Poisson threshold: the closed form's exponent and tau dependence", "[quanta_model]") {
  const double a = 0.4, s = 1.4;
  const double r = qs::poisson_threshold_loss(a, 3, 1e6) / qs::poisson_threshold_loss(a, 3, 1e5);
  CHECK(std::log(r) / std::log(10.0) == Approx(-a / s).epsilon(1e-12));
  // Gamma(tau + a/s) / Gamma(tau) grows like tau^(a/s): larger tau, larger loss.
  CHECK(qs::poisson_threshold_loss(a, 10, 1e5) > qs::poisson_threshold_loss(a, 1, 1e5));
}

TEST_CASE("A4: deterministic learning times give n(S) = k*(S) exactly", "[quanta_model]") {
  tl::Rng rng(1);
  const auto m = qs::a4_step_scaling({0.4}, {1.0}, 1, 512, 1, 1 << 12, rng);
  for (Eigen::Index r = 0; r < m.rows(); ++r) {
    if (m(r, 2) != 0) continue;  // deterministic rows
    const double S = m(r, 4), n = m(r, 5);
    // quantum n is learned (S B p_n >= 1), quantum n + 1 is not
    const double zeta = tl::hurwitz_zeta(1.4, 1);
    CHECK(S * 512 * std::pow(n, -1.4) / zeta >= 1 - 1e-9);
    CHECK(S * 512 * std::pow(n + 1, -1.4) / zeta < 1);
    CHECK(m(r, 6) == Approx(tl::zipf_tail(n, 1.4)).epsilon(1e-12));
  }
}

TEST_CASE("A1: exact tails fitted on log(n + 1/2) give alpha at large n", "[quanta_model]") {
  const auto m = qs::a1_exact_tail_fits({0.3});
  bool found = false;
  for (Eigen::Index r = 0; r < m.rows(); ++r)
    if (m(r, 1) == 0 && m(r, 2) == 100 && m(r, 3) == 10000) {
      CHECK(m(r, 6) == Approx(0.3).margin(1e-4));
      found = true;
    }
  CHECK(found);
}
