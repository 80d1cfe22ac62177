// T8: the closed form itself, the particle flow and the finite-volume flow against it.
#include <catch2/catch.hpp>

#include <cmath>

#include "probability_space/flow.hpp"

using namespace probability_space;

TEST_CASE("closed form: -dKL/dt equals (s - 1/s)^2 + m^2", "[probability_space][flow]") {
  // Checks the formula of docs/science/probability_space.md (T8) by differentiating its KL_t numerically.
  for (double s0 : {0.3, 1.0, 2.5}) {
    const OuClosedForm ou{1.5, s0};
    for (double t : {0.0, 0.4, 1.7}) {
      const double h = 1e-5;
      const double rate = -(ou.kl(t + h) - ou.kl(std::max(0.0, t - h))) / (t > 0 ? 2 * h : h);
      CHECK(rate == Approx(ou.dissipation(t)).epsilon(t > 0 ? 1e-8 : 1e-4).margin(1e-10));
    }
  }
  const OuClosedForm ou{2.0, 0.5};
  CHECK(ou.kl(40) == Approx(0).margin(1e-15));
  CHECK(ou.variance(0) == Approx(0.25));
}

TEST_CASE("particles under the article's ODE follow the OU closed form", "[probability_space][flow]") {
  FlowSettings s;
  s.steps = 300;  // dt = 0.01
  s.particles = 500;
  const FlowTrace tr = run_particles(s);
  CHECK_FALSE(tr.diverged);
  CHECK(tr.max_kl_error <= 1e-8);
  CHECK(tr.max_mean_error <= 1e-8);
  CHECK(tr.max_variance_error <= 1e-8);
  CHECK(tr.kl_increases == 0);
  CHECK(tr.max_rate_mismatch <= 1e-3);
}

TEST_CASE("finite-volume Fokker-Planck: closed form, second order, mass, monotone KL", "[probability_space][flow]") {
  FlowSettings s;
  s.steps = 1500;
  const FlowTrace fine = run_fokker_planck(s, 400), coarse = run_fokker_planck(s, 200);
  CHECK(fine.max_kl_error <= 1e-3);
  const double order = std::log2(coarse.max_kl_error / fine.max_kl_error);
  CHECK(order >= 1.7);
  CHECK(order <= 2.3);
  CHECK(fine.mass_error <= 1e-12);
  CHECK(fine.kl_increases == 0);
  CHECK(fine.min_density >= 0);
  CHECK(fine.max_rate_mismatch <= 1e-2);
  CHECK(fine.max_dissipation_relative_error <= 1e-2);
}
