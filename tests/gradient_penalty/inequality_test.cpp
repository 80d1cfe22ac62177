// Part 1 of gradient_penalty: the equality cases of kexue.fm 8796, the bound on random
// networks, and zero denominators (dead ReLU, zero weights) counted as undefined.
#include <catch2/catch.hpp>

#include <cmath>

#include "gradient_penalty/inequality.hpp"

using namespace gradient_penalty;
using namespace tl::nn;

namespace {
const std::vector<Activation> kAllActivations = {Activation::Tanh, Activation::Relu, Activation::Gelu,
                                                 Activation::Sigmoid, Activation::Identity};
const std::vector<HeadKind> kAllHeads = {HeadKind::LinearReadout, HeadKind::SquaredError, HeadKind::LogSumExp};
}  // namespace

TEST_CASE("spectral_norm is the largest singular value (small and large matrices)", "[gradient_penalty]") {
  tl::Rng rng(1);
  for (int n : {3, 40}) {
    // U diag(s) Vᵀ with known s.
    const Eigen::MatrixXd u = orthogonal_matrix(n, n, 1.0, rng), v = orthogonal_matrix(n, n, 1.0, rng);
    Eigen::VectorXd s = Eigen::VectorXd::LinSpaced(n, 0.1, 2.5);
    CHECK(spectral_norm(u * s.asDiagonal() * v.transpose()) == Approx(2.5).epsilon(1e-13));
  }
  CHECK(spectral_norm(Eigen::MatrixXd::Zero(4, 3)) == 0.0);
}

TEST_CASE("equality case: one layer with a scalar output, any activation, any head", "[gradient_penalty]") {
  tl::Rng rng(2);
  int checked = 0;
  for (Activation a : kAllActivations)
    for (HeadKind k : kAllHeads)
      for (int trial = 0; trial < 5; ++trial) {
        const Mlp net = make_mlp(MlpSpec{{7, 1}, {a}}, Init::Gaussian, 1.5, 0.5, rng);
        const ScalarHead head = random_head(k, 1, rng);
        const SampleCheck c = check_sample(net, weight_norms(net), head, gaussian_matrix(7, 1, 1.0, rng));
        if (a == Activation::Relu && !c.defined) continue;  // z < 0: δ = 0, both sides 0
        REQUIRE(c.defined);
        INFO(to_string(a) << " " << to_string(k));
        CHECK(std::abs(c.ratio - 1) < 1e-12);
        CHECK(std::abs(c.r[0] - 1) < 1e-12);
        ++checked;
      }
  CHECK(checked >= 60);
}

TEST_CASE("equality case: deep linear square scaled-orthogonal network, any biases, any head", "[gradient_penalty]") {
  tl::Rng rng(3);
  for (int depth : {1, 2, 5, 8})
    for (HeadKind k : kAllHeads)
      for (double scale : {0.7, 1.0, 1.3}) {
        const MlpSpec spec = uniform_spec(12, 12, 12, depth, Activation::Identity, Activation::Identity);
        const Mlp net = make_mlp(spec, Init::Orthogonal, scale, 2.0, rng);
        const SampleCheck c = check_sample(net, weight_norms(net), random_head(k, 12, rng), gaussian_matrix(12, 1, 1.0, rng));
        REQUIRE(c.defined);
        INFO("depth " << depth << " head " << to_string(k) << " scale " << scale);
        CHECK(std::abs(c.ratio - 1) < 1e-12);
        CHECK(c.multiplied_violations == 0);
      }
}

TEST_CASE("random networks: ratio ≤ 1, Frobenius ratio ≤ spectral ratio, identities to rounding", "[gradient_penalty]") {
  tl::Rng rng(4);
  double worst = 0;
  for (Activation a : kAllActivations)
    for (Init init : {Init::Gaussian, Init::Orthogonal})
      for (int trial = 0; trial < 10; ++trial) {
        const Mlp net = make_mlp(MlpSpec{{5, 9, 6, 3}, {a, a, a}}, init, 1.4, 0.3, rng);
        const SampleCheck c = check_sample(net, weight_norms(net), random_head(HeadKind::LogSumExp, 3, rng),
                                           gaussian_matrix(5, 1, 1.0, rng));
        if (!c.defined) continue;
        worst = std::max(worst, c.ratio);
        CHECK(c.ratio_frobenius <= c.ratio * (1 + 1e-12));
        CHECK(c.multiplied_violations == 0);
        CHECK(c.grad_x_identity_error < 1e-12);
        CHECK(c.param_identity_error < 1e-12);
        CHECK(c.weighted_mean_error < 1e-12);
        for (double r : c.r)
          if (std::isfinite(r)) CHECK((r >= 0 && r <= 1 + 1e-12));
      }
  CHECK(worst <= 1 + kViolationTolerance);
  CHECK(worst < 0.999);  // random networks are not tight: a check that the ratio is not trivially 1
}

TEST_CASE("dead ReLU network and zero weights are undefined, never NaN", "[gradient_penalty]") {
  tl::Rng rng(5);
  Mlp net = make_mlp(MlpSpec{{4, 6, 6, 2}, {Activation::Relu, Activation::Relu, Activation::Identity}},
                     Init::Gaussian, 1.0, 0.0, rng);
  net.layers[1].b.setConstant(-1e6);  // every unit of the second layer dead: J_2 = 0
  const SampleCheck dead = check_sample(net, weight_norms(net), random_head(HeadKind::LinearReadout, 2, rng),
                                        gaussian_matrix(4, 1, 1.0, rng));
  CHECK_FALSE(dead.defined);
  CHECK(dead.lhs == 0);
  CHECK(dead.ratio == 0);
  CHECK(std::isfinite(dead.rhs));

  const Mlp zero = make_mlp(MlpSpec{{3, 5, 1}, {Activation::Tanh, Activation::Tanh}}, Init::Gaussian, 0.0, 0.1, rng);
  const SampleCheck z = check_sample(zero, weight_norms(zero), random_head(HeadKind::SquaredError, 1, rng),
                                     gaussian_matrix(3, 1, 1.0, rng));
  CHECK_FALSE(z.defined);
  CHECK(std::isfinite(z.ratio));
}

TEST_CASE("underflowing δ (deep GELU far in its left tail) is undefined, never NaN", "[gradient_penalty]") {
  tl::Rng rng(6);
  Mlp net = make_mlp(MlpSpec{{3, 5, 5, 1}, {Activation::Gelu, Activation::Gelu, Activation::Identity}}, Init::Gaussian,
                     0.1, 0.0, rng);
  net.layers[0].b.setConstant(-36.0);  // GELU'(−36) ≈ 1e-280: δ_0 and J_1 below 1e-150
  const SampleCheck c = check_sample(net, weight_norms(net), random_head(HeadKind::LinearReadout, 1, rng),
                                     gaussian_matrix(3, 1, 1.0, rng));
  CHECK(c.underflow);
  CHECK_FALSE(c.defined);
  CHECK(std::isfinite(c.ratio));
  CHECK(std::isfinite(c.rhs));
}
