// Per-sample pieces: input Jacobians J_t against central differences, the scalar heads'
// gradients, and the backprop identities of kexue.fm 8796 on one sample.
#include <catch2/catch.hpp>

#include <cmath>

#include "theorylab/nn/per_sample.hpp"

using namespace tl::nn;

namespace {
const std::vector<Activation> kAllActivations = {Activation::Tanh, Activation::Relu, Activation::Gelu,
                                                 Activation::Sigmoid, Activation::Identity};
}

TEST_CASE("input Jacobians J_t match central differences of h[t] for every activation", "[nn]") {
  for (Activation a : kAllActivations) {
    tl::Rng rng(31 + static_cast<int>(a));
    Mlp net = make_mlp(MlpSpec{{3, 6, 5, 4}, {a, a, a}}, Init::Gaussian, 1.2, 0.3, rng);
    const Eigen::VectorXd x = gaussian_matrix(3, 1, 1.0, rng);
    MlpCache cache;
    mlp_forward(net, x, cache);
    double kink = INFINITY;
    for (const auto& z : cache.z) kink = std::min(kink, z.cwiseAbs().minCoeff());
    if (a == Activation::Relu) REQUIRE(kink > 1e-3);  // finite differences skip samples near a kink
    std::vector<Eigen::MatrixXd> J;
    input_jacobians_forward(net, cache, J);
    REQUIRE(J.size() == 4);
    CHECK(J[0].isIdentity(0));
    const double eps = 1e-6;
    double worst = 0;
    for (int j = 0; j < 3; ++j) {
      Eigen::VectorXd xp = x, xm = x;
      xp(j) += eps;
      xm(j) -= eps;
      MlpCache cp, cm;
      mlp_forward(net, xp, cp);
      mlp_forward(net, xm, cm);
      for (int t = 1; t <= 3; ++t) {
        const Eigen::VectorXd fd = (cp.h[t] - cm.h[t]) / (2 * eps);
        worst = std::max(worst, (fd - J[t].col(j)).cwiseAbs().maxCoeff());
      }
    }
    INFO(to_string(a));
    CHECK(worst < 1e-8);
  }
}

TEST_CASE("scalar heads: gradients match central differences", "[nn]") {
  tl::Rng rng(41);
  const Eigen::MatrixXd y = gaussian_matrix(5, 3, 3.0, rng);
  for (HeadKind k : {HeadKind::LinearReadout, HeadKind::SquaredError, HeadKind::LogSumExp}) {
    ScalarHead head = random_head(k, 5, rng);
    Eigen::MatrixXd dy;
    scalar_head_backward(dy, head, y);
    const double eps = 1e-6;
    for (Eigen::Index i = 0; i < y.size(); ++i) {
      Eigen::MatrixXd p = y, m = y;
      p.data()[i] += eps;
      m.data()[i] -= eps;
      const Eigen::Index col = i / y.rows();
      const double fd = (scalar_head_forward(head, p)(col) - scalar_head_forward(head, m)(col)) / (2 * eps);
      INFO(to_string(k));
      CHECK(dy.data()[i] == Approx(fd).margin(1e-8));
    }
  }
  // log-sum-exp of huge outputs stays finite (shifted).
  ScalarHead lse{HeadKind::LogSumExp, {}};
  Eigen::MatrixXd big(2, 1);
  big << 800.0, 800.0;
  CHECK(scalar_head_forward(lse, big)(0) == Approx(800.0 + std::log(2.0)).epsilon(1e-15));
  CHECK_THROWS_AS(parse_head("hinge"), std::invalid_argument);
}

TEST_CASE("per-sample backward: ∇_x f = J_tᵀW_tᵀδ_t, ∇_W f = δ_t h_tᵀ, and f's gradients match differences", "[nn]") {
  for (Activation a : kAllActivations) {
    tl::Rng rng(51 + static_cast<int>(a));
    Mlp net = make_mlp(uniform_spec(4, 7, 3, 3, a, a), Init::Orthogonal, 1.1, 0.2, rng);
    const ScalarHead head = random_head(HeadKind::LogSumExp, 3, rng);
    const Eigen::VectorXd x = gaussian_matrix(4, 1, 1.0, rng);
    SampleGradients s;
    sample_gradients(net, head, x, s);
    for (int t = 0; t < 3; ++t) {
      const Eigen::VectorXd via_layer = s.J[t].transpose() * net.layers[t].W.transpose() * s.grads.dz[t];
      CHECK((via_layer - s.grads.dx.col(0)).norm() <= 1e-13 * (1 + s.grads.dx.norm()));
      CHECK((s.grads.dW[t] - s.grads.dz[t] * s.cache.h[t].transpose()).norm() <= 1e-14 * (1 + s.grads.dW[t].norm()));
      CHECK((s.grads.db[t] - s.grads.dz[t].col(0)).norm() == 0.0);
    }
    // ∇_x f against central differences of f.
    const double eps = 1e-6;
    for (int j = 0; j < 4; ++j) {
      Eigen::VectorXd xp = x, xm = x;
      xp(j) += eps;
      xm(j) -= eps;
      SampleGradients sp, sm;
      sample_gradients(net, head, xp, sp, false);
      sample_gradients(net, head, xm, sm, false);
      INFO(to_string(a));
      CHECK(s.grads.dx(j) == Approx((sp.f - sm.f) / (2 * eps)).margin(1e-8));
    }
  }
}
