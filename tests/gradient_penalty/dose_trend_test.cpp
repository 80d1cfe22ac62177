// The dose–response trend test of part=dose (dose_trend.hpp) on synthetic runs: a
// monotone decrease passes, a flat response fails (narrow interval) or is inconclusive
// (wide), no data is n/a; Page's L against hand-computed cases; and the sharpness λ_max
// against the eigenvalues of a dense finite-difference Hessian.
#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>

#include <Eigen/Eigenvalues>

#include "gradient_penalty/dose_trend.hpp"
#include "gradient_penalty/penalties.hpp"
#include "theorylab/core/random.hpp"

using namespace gradient_penalty;

namespace {

const std::vector<double> kStrengths = {0, 0.01, 0.1, 1, 10};

// `runs` runs at kStrengths: value = scale_r · (1 + s)^(−exponent) · exp(noise · N(0, 1)).
std::vector<DoseRun> synthetic(int runs, double exponent, double noise, std::uint64_t seed) {
  tl::Rng rng(seed);
  std::vector<DoseRun> out;
  for (int r = 0; r < runs; ++r) {
    DoseRun run;
    const double scale = 2.0 + r;
    for (double s : kStrengths) {
      run.strength.push_back(s);
      run.value.push_back(scale * std::pow(1 + s, -exponent) * std::exp(noise * rng.normal()));
    }
    out.push_back(run);
  }
  return out;
}

// The verdict of a claim declared like the dose claims (±0.033 per decade).
tl::Verdict verdict_of(const DoseTrend& t) {
  tl::Claim claim(tl::ClaimSpec{"dose", "decreases with the strength", "test"}.needs_ci_half_width(0.033));
  decide_dose_claim(claim, t, "synthetic");
  return claim.verdict();
}

}  // namespace

TEST_CASE("dose trend: a monotone decrease passes, with a significant Page test", "[gradient_penalty][dose]") {
  const DoseTrend t = dose_trend(synthetic(10, 0.5, 0.001, 1));  // noise below the 0.5% step from 0 to 0.01
  CHECK(t.runs == 10);
  CHECK(t.levels == 5);
  CHECK(t.slope_runs == 10);
  CHECK(t.page_runs == 10);
  CHECK(t.monotone_runs == 10);
  // The true per-run slope of −0.5 ln(1 + s) on log10 s over 0.01..10, by least squares.
  std::vector<double> x, y;
  for (double s : kStrengths)
    if (s > 0) {
      x.push_back(std::log10(s));
      y.push_back(-0.5 * std::log(1 + s));
    }
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < x.size(); ++i) mx += x[i] / 4, my += y[i] / 4;
  double sxy = 0, sxx = 0;
  for (std::size_t i = 0; i < x.size(); ++i) sxy += (x[i] - mx) * (y[i] - my), sxx += (x[i] - mx) * (x[i] - mx);
  CHECK(t.slope == Approx(sxy / sxx).margin(0.01));
  CHECK(t.slope_hi < 0);
  CHECK(t.slope_lo < t.slope);
  CHECK(t.page_p < 1e-6);
  CHECK(verdict_of(t) == tl::Verdict::Pass);
}

TEST_CASE("dose trend: a flat response fails when resolved and is inconclusive when not", "[gradient_penalty][dose]") {
  const DoseTrend narrow = dose_trend(synthetic(10, 0.0, 0.01, 2));
  INFO("slope " << narrow.slope << " [" << narrow.slope_lo << ", " << narrow.slope_hi << "], p " << narrow.page_p);
  CHECK(narrow.slope_lo < 0);
  CHECK(narrow.slope_hi > 0);
  CHECK(narrow.page_p > 0.001);
  CHECK(verdict_of(narrow) == tl::Verdict::Fail);  // a 10% effect over 3 decades would have been seen
  const DoseTrend wide = dose_trend(synthetic(5, 0.0, 1.0, 3));
  INFO("slope " << wide.slope << " [" << wide.slope_lo << ", " << wide.slope_hi << "]");
  REQUIRE(wide.slope_lo < 0);
  REQUIRE(wide.slope_hi > 0);
  CHECK(verdict_of(wide) == tl::Verdict::Inconclusive);
  // An increase is a fail whatever the width.
  CHECK(verdict_of(dose_trend(synthetic(6, -0.5, 0.01, 4))) == tl::Verdict::Fail);
}

TEST_CASE("dose trend: no data, or too little for an interval, is n/a", "[gradient_penalty][dose]") {
  CHECK(verdict_of(dose_trend({})) == tl::Verdict::NotApplicable);
  CHECK(verdict_of(dose_trend({DoseRun{}, DoseRun{}})) == tl::Verdict::NotApplicable);  // nothing reached
  const std::vector<DoseRun> one = synthetic(1, 0.5, 0.01, 5);
  CHECK(verdict_of(dose_trend(one)) == tl::Verdict::NotApplicable);  // one slope, no interval
  // Runs that reached only strength 0 and one positive strength have no slope.
  CHECK(verdict_of(dose_trend({DoseRun{{0, 1}, {3, 2}}, DoseRun{{0, 1}, {4, 3}}})) == tl::Verdict::NotApplicable);
}

TEST_CASE("dose trend: Page's L on hand-computed cases", "[gradient_penalty][dose]") {
  // One run, 3 strengths, strictly decreasing: ranks 1, 2, 3; L = 14, E = 12, Var = 2.
  const DoseTrend t = dose_trend({DoseRun{{0, 1, 10}, {3, 2, 1}}});
  CHECK(t.page_l == 14);
  CHECK(t.page_z == Approx(std::sqrt(2.0)));
  CHECK(t.page_p == Approx(0.5 * std::erfc(1.0)));
  CHECK(t.monotone_runs == 1);
  // Unsorted input gives the same; ties share their mean rank (L = E: z = 0, p = 1/2).
  CHECK(dose_trend({DoseRun{{10, 0, 1}, {1, 3, 2}}}).page_l == 14);
  const DoseTrend tied = dose_trend({DoseRun{{0, 1, 10}, {2, 2, 2}}});
  CHECK(tied.page_z == 0);
  CHECK(tied.page_p == Approx(0.5));
  CHECK(tied.monotone_runs == 0);
  // A run missing a strength of the design is left out of Page's test, not of the slope.
  const DoseTrend partial = dose_trend({DoseRun{{0, 1, 10}, {3, 2, 1}}, DoseRun{{1, 10}, {5, 4}}});
  CHECK(partial.page_runs == 1);
  CHECK(partial.slope_runs == 2);
}

TEST_CASE("dose trend: invalid values are rejected", "[gradient_penalty][dose]") {
  CHECK_THROWS_AS(dose_trend({DoseRun{{0, 1}, {1, 0}}}), std::invalid_argument);
  CHECK_THROWS_AS(dose_trend({DoseRun{{-1, 1}, {1, 2}}}), std::invalid_argument);
  CHECK_THROWS_AS(dose_trend({DoseRun{{0, 1}, {1}}}), std::invalid_argument);
}

TEST_CASE("sharpness: power iteration finds the largest Hessian eigenvalue", "[gradient_penalty][dose]") {
  using namespace tl::nn;
  tl::Rng rng(50);
  const RegressionData data = make_sine_data(8, 0.1, rng);
  const Mlp net = make_mlp(uniform_spec(1, 5, 1, 3, Activation::Tanh, Activation::Identity), Init::Gaussian, 1, 0.2, rng);
  // Dense Hessian by central differences of the gradient along each coordinate.
  const Eigen::VectorXd theta = flatten_parameters(net);
  const Eigen::Index n = theta.size();
  Eigen::MatrixXd h(n, n);
  const double eps = 1e-5;
  for (Eigen::Index j = 0; j < n; ++j) {
    Mlp p = net, m = net;
    unflatten_parameters(p, theta + eps * Eigen::VectorXd::Unit(n, j));
    unflatten_parameters(m, theta - eps * Eigen::VectorXd::Unit(n, j));
    h.col(j) = (data_loss_gradient(p, data) - data_loss_gradient(m, data)) / (2 * eps);
  }
  const Eigen::MatrixXd sym = 0.5 * (h + h.transpose());
  const Eigen::VectorXd eig = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(sym).eigenvalues();
  const double largest = std::abs(eig(n - 1)) >= std::abs(eig(0)) ? eig(n - 1) : eig(0);
  const double sharp = loss_sharpness(net, data, 1e-4, 2000);
  INFO("eigenvalues " << eig(0) << " .. " << eig(n - 1) << ", power iteration " << sharp);
  CHECK(sharp == Approx(largest).epsilon(1e-3));
}
