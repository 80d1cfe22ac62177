// B2's Monte Carlo: limits it must reach, agreement with the approximation where the
// approximation is valid, common random numbers, determinism, and the crossing helper.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "gradient_max_scale/monte_carlo.hpp"
#include "gradient_max_scale/objectives.hpp"

using namespace gradient_max_scale;

TEST_CASE("Monte Carlo curves: small alpha limits and the approximation below breakdown", "[gradient_max_scale][b2]") {
  for (const ScoreModel model : {ScoreModel{ScoreKind::Normal, 0}, ScoreModel{ScoreKind::Cosine, 128}}) {
    const std::size_t n = 1024;
    const double unit = std::sqrt(std::log(static_cast<double>(n))) / model.sd();
    // u = 1e-6: uniform softmax; u = 0.2: far below the breakdown u ~ 0.59, where
    // E[sum p^2] ~ S(alpha)/n holds (up to O(1/n) and sampling error).
    const std::vector<double> alphas = {1e-6 * unit, 0.2 * unit};
    tl::Rng rng(2024);
    const MonteCarloCurves mc = monte_carlo_curves(model, n, 2000, alphas, rng);
    CAPTURE(model.d);
    CHECK(mc.non_finite == 0);
    CHECK(mc.sum_p2_mean[0] == Approx(1.0 / n).epsilon(1e-6));
    CHECK(mc.entropy_mean[0] == Approx(std::log(static_cast<double>(n))).epsilon(1e-9));
    const double approx = std::exp(log_collision_ratio(model, alphas[1])) / n;
    CHECK(std::abs(mc.sum_p2_mean[1] - approx) < 5 * mc.sum_p2_se[1] + 0.01 * approx);
    CHECK(mc.objective_mean[1] == Approx(approximate_objective(model, n, alphas[1])).epsilon(0.01));
  }
}

TEST_CASE("Monte Carlo curves use common random numbers and are reproducible", "[gradient_max_scale][b2]") {
  const ScoreModel model{ScoreKind::Normal, 0};
  const std::vector<double> grid = {0.5, 1.0, 2.0}, one = {1.0};
  tl::Rng a(7), b(7), c(7);
  const MonteCarloCurves full = monte_carlo_curves(model, 100, 50, grid, a);
  const MonteCarloCurves again = monte_carlo_curves(model, 100, 50, grid, b);
  const MonteCarloCurves single = monte_carlo_curves(model, 100, 50, one, c);
  CHECK(full.objective_mean == again.objective_mean);
  // Same score vectors for every alpha: the alpha = 1 column does not depend on the grid.
  CHECK(full.objective_mean[1] == single.objective_mean[0]);
  CHECK(full.objective_se[1] == single.objective_se[0]);
}

TEST_CASE("Monte Carlo at large alpha approaches the gap-density plateau", "[gradient_max_scale][b2]") {
  // n = 64 normal scores; alpha = 200: the O(1/alpha) approach is below the error.
  const ScoreModel model{ScoreKind::Normal, 0};
  tl::Rng rng(77);
  const MonteCarloCurves mc = monte_carlo_curves(model, 64, 40000, {200.0}, rng);
  const double plateau = gap_density_at_zero(model, 64);
  CAPTURE(mc.objective_mean[0], mc.objective_se[0], plateau);
  CHECK(std::abs(mc.objective_mean[0] - plateau) < 5 * mc.objective_se[0] + 0.02 * plateau);
}

TEST_CASE("first_crossing interpolates linearly and says NaN when never reached", "[gradient_max_scale]") {
  const std::vector<double> x = {1, 2, 3}, y = {0, 1, 3};
  CHECK(first_crossing(x, y, 2.0) == Approx(2.5));
  CHECK(first_crossing(x, y, -1.0) == 1.0);
  CHECK(std::isnan(first_crossing(x, y, 4.0)));
}
