// Parts A2 and A3: h_d(lambda) against direct quadrature, the slope and dimension rule, the
// score sampler, the entropy Monte Carlo and the mean-field formulas.
#include <catch2/catch.hpp>

#include <cmath>

#include <boost/math/quadrature/gauss_kronrod.hpp>

#include "jl_attention_scale/attention_entropy.hpp"
#include "jl_attention_scale/entropy_offset.hpp"

using namespace jl_attention_scale;

namespace {
// h_d(lambda) by quadrature of the cosine density (1 - s^2)^{(d-3)/2} on [-1, 1], with
// the exponent shifted by a (the largest value of a s) so nothing overflows.
double entropy_offset_by_quadrature(double d, double lambda) {
  const double a = lambda * d;
  using Q = boost::math::quadrature::gauss_kronrod<double, 61>;
  auto w = [&](double s) { return std::pow(1 - s * s, 0.5 * (d - 3)); };
  const double z0 = Q::integrate(w, -1.0, 1.0, 15, 1e-14);
  const double z1 = Q::integrate([&](double s) { return std::exp(a * (s - 1)) * w(s); }, -1.0, 1.0, 15, 1e-14);
  const double zs = Q::integrate([&](double s) { return s * std::exp(a * (s - 1)) * w(s); }, -1.0, 1.0, 15, 1e-14);
  return a + std::log(z1 / z0) - a * zs / z1;
}
}  // namespace

TEST_CASE("h_d(lambda) via 0F1 equals direct quadrature", "[entropy]") {
  for (double d : {3.0, 7.5, 32.0, 96.0}) {
    for (double lambda : {0.05, 0.3, 1.0, 2.0}) {
      INFO("d " << d << ", lambda " << lambda);
      CHECK(entropy_offset(d, lambda) == Approx(entropy_offset_by_quadrature(d, lambda)).epsilon(1e-9).margin(1e-12));
    }
  }
}

TEST_CASE("h_d is zero at lambda = 0 and decreasing in lambda", "[entropy]") {
  CHECK(std::abs(entropy_offset(64, 0.0)) < 1e-15);
  double previous = 0;
  for (double lambda : {0.1, 0.2, 0.5, 1.0, 3.0}) {
    const double h = entropy_offset(64, lambda);
    CHECK(h < previous);
    previous = h;
  }
}

TEST_CASE("the slope of h_d tends to (1/2) log of the golden ratio", "[entropy]") {
  CHECK(golden_slope() == Approx(0.2406059125).epsilon(1e-9));
  CHECK(std::abs(entropy_offset_slope(4096) - golden_slope()) < 1e-6);
  // The O(1) term makes the slope converge faster than h_d / d.
  CHECK(std::abs(entropy_offset_slope(4096) - golden_slope()) < std::abs(-entropy_offset(4096) / 4096 - golden_slope()));
}

TEST_CASE("the dimension rule solves 2 log N + h_d = 0", "[entropy]") {
  for (double N : {512.0, 1e5, 5e6}) {
    const double d = dimension_for_entropy_offset(N);
    CHECK(std::abs(2 * std::log(N) + entropy_offset(d)) < 1e-9);
    // Close to the linear rule 2 log N / 0.2406 (h_d has a small O(1) term).
    CHECK(d == Approx(2 * std::log(N) / golden_slope()).epsilon(0.02));
  }
}

TEST_CASE("score samplers have the right second moment", "[entropy]") {
  const int d = 24, n = 4000;
  for (KeyDistribution v : {KeyDistribution::Gaussian, KeyDistribution::Sphere}) {
    tl::Rng rng(4);
    const Eigen::MatrixXd s = draw_score_matrix(v, d, n, 50, rng);
    // E[s^2] = E||q||^2 E[z^2] = d (Gaussian); d^2 E[c^2] = d^2 / d (sphere).
    // Scores of one column share their query: the columns are the independent units.
    const Eigen::ArrayXd per_column = s.array().square().colwise().mean().transpose();
    const double mean_square = per_column.mean();
    const double se = std::sqrt((per_column - mean_square).square().sum() / (per_column.size() - 1) / per_column.size());
    INFO(to_string(v));
    CHECK(std::abs(mean_square - d) < 5 * se);
    if (v == KeyDistribution::Sphere) CHECK(s.cwiseAbs().maxCoeff() <= d);
  }
}

TEST_CASE("entropy Monte Carlo: log n at lambda = 0, and the constant-entropy scale inverts it", "[entropy]") {
  tl::Rng rng(5);
  const Eigen::MatrixXd s = draw_score_matrix(KeyDistribution::Gaussian, 32, 300, 20, rng);
  const MeanAndError uniform = mean_entropy(s, 0.0);
  CHECK(uniform.mean == Approx(std::log(300.0)).epsilon(1e-14));
  CHECK(uniform.se < 1e-12);
  const double lambda = 0.21;
  const double target = mean_entropy(s, lambda).mean;
  CHECK(scale_for_entropy(s, target, 1 / std::sqrt(32.0)) == Approx(lambda).epsilon(1e-8));
  CHECK(std::isnan(scale_for_entropy(s, std::log(300.0) + 0.1, 0.1)));
}

TEST_CASE("mean-field entropy: the Gaussian formula, and the sphere's tends to it at large d", "[entropy]") {
  const double n = 1000, lambda = 0.05;
  CHECK(mean_field_entropy(KeyDistribution::Gaussian, 64, n, lambda) ==
        Approx(std::log(n) - lambda * lambda * 64 / 2).epsilon(1e-14));
  // Sphere scores d c with c ~ N(0, 1/d) at large d: at lambda = 1/sqrt(d), h -> -1/2.
  const int d = 4096;
  CHECK(mean_field_entropy(KeyDistribution::Sphere, d, n, 1 / std::sqrt(double(d))) ==
        Approx(std::log(n) - 0.5).margin(1e-3));
  CHECK(mean_field_entropy(KeyDistribution::Sphere, d, n, 0.7) == Approx(std::log(n) + entropy_offset(d, 0.7)));
}

TEST_CASE("first finite-n term: the Gaussian closed form and its sign", "[entropy]") {
  const int d = 16;
  const double n = 256, lambda = 0.3, b = lambda * lambda * d;
  CHECK(mean_field_first_correction(KeyDistribution::Gaussian, d, n, lambda) ==
        Approx(((2 * b - 1) * std::exp(b) + 1) / (2 * n)).epsilon(1e-12));
  CHECK(mean_field_first_correction(KeyDistribution::Gaussian, d, n, 0.0) == Approx(0.0).margin(1e-15));
  CHECK(mean_field_applies(d, n, std::sqrt(0.5 * std::log(n) / d) * 0.999));
  CHECK_FALSE(mean_field_applies(d, n, std::sqrt(0.5 * std::log(n) / d) * 1.001));
}

TEST_CASE("Monte Carlo entropy agrees with mean field plus its first finite-n term", "[entropy]") {
  // n = 2048, d = 16, b = lambda^2 d = 2: e^b / n = 0.004, well inside the mean field.
  const int d = 16, n = 2048, draws = 400;
  const double lambda = std::sqrt(2.0 / d);
  tl::Rng rng(6);
  const Eigen::MatrixXd s = draw_score_matrix(KeyDistribution::Gaussian, d, n, draws, rng);
  const MeanAndError h = mean_entropy(s, lambda);
  const double predicted = mean_field_entropy(KeyDistribution::Gaussian, d, n, lambda) +
                           mean_field_first_correction(KeyDistribution::Gaussian, d, n, lambda);
  CHECK(std::abs(h.mean - predicted) < 4 * h.se + 0.01);
}
