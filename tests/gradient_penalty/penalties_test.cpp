// Part 2 of gradient_penalty: the penalty gradients (central differences of backprop
// gradients) against central differences of the penalty values, and the training loop.
#include <catch2/catch.hpp>

#include <cmath>
#include <functional>

#include "gradient_penalty/penalties.hpp"
#include "gradient_penalty/training.hpp"

using namespace gradient_penalty;
using namespace tl::nn;

namespace {

// Directional derivative of P at θ along unit u by a central difference of P's values.
double directional_fd(const Mlp& net, const std::function<double(const Mlp&)>& penalty, const Eigen::VectorXd& u,
                      double step) {
  const Eigen::VectorXd theta = flatten_parameters(net);
  Mlp p = net, m = net;
  unflatten_parameters(p, theta + step * u);
  unflatten_parameters(m, theta - step * u);
  return (penalty(p) - penalty(m)) / (2 * step);
}

}  // namespace

TEST_CASE("penalty gradients match central differences of the penalty values", "[gradient_penalty]") {
  for (Activation a : {Activation::Tanh, Activation::Gelu, Activation::Sigmoid, Activation::Relu}) {
    tl::Rng rng(20 + static_cast<int>(a));
    const RegressionData data = make_sine_data(8, 0.1, rng);
    const Mlp net = make_mlp(uniform_spec(1, 10, 1, 3, a, Activation::Identity), Init::Gaussian, 1.2, 0.4, rng);
    const Eigen::Index n = net.parameter_count();
    const std::vector<std::pair<const char*, std::pair<std::function<double(const Mlp&)>, Eigen::VectorXd>>> cases = {
        {"loss", {[&](const Mlp& m) { return data_loss(m, data); }, data_loss_gradient(net, data)}},
        {"theta", {[&](const Mlp& m) { return theta_penalty(m, data.x); }, theta_penalty_gradient(net, data.x, 1e-4)}},
        {"loss_gradient",
         {[&](const Mlp& m) { return loss_gradient_penalty(m, data); }, loss_gradient_penalty_gradient(net, data, 1e-4)}},
        {"input", {[&](const Mlp& m) { return input_penalty(m, data.x); }, input_penalty_gradient(net, data.x, 1e-4)}},
    };
    for (const auto& [name, c] : cases) {
      REQUIRE(c.second.size() == n);
      for (int dir = 0; dir < 3; ++dir) {
        Eigen::VectorXd u = gaussian_matrix(n, 1, 1.0, rng);
        u.normalize();
        const double fd = directional_fd(net, c.first, u, 1e-5);
        const double analytic = c.second.dot(u);
        INFO(to_string(a) << " " << name << " direction " << dir);
        // Relative 1e-5: both sides carry O(ε²) truncation and O(1e-16/ε) rounding; a wrong
        // factor of 2 or a missing term is off by O(1).
        CHECK(analytic == Approx(fd).epsilon(1e-5).margin(1e-7 * (1 + c.second.norm())));
      }
    }
  }
}

TEST_CASE("theta penalty equals the mean squared norm of per-sample parameter gradients", "[gradient_penalty]") {
  tl::Rng rng(30);
  const RegressionData data = make_sine_data(5, 0.0, rng);
  const Mlp net = make_mlp(uniform_spec(1, 6, 1, 2, Activation::Tanh, Activation::Identity), Init::Gaussian, 1, 0.2, rng);
  double direct = 0;
  for (int i = 0; i < 5; ++i) {
    MlpCache cache;
    MlpGrads grads;
    mlp_forward(net, data.x.col(i), cache);
    mlp_backward(net, cache, Eigen::MatrixXd::Ones(1, 1), grads);
    direct += grads.squared_norm() / 5;
  }
  CHECK(theta_penalty(net, data.x) == Approx(direct).epsilon(1e-13));
  // Noise-free data lie on sin(πx).
  for (int i = 0; i < 5; ++i) CHECK(data.y(i) == Approx(std::sin(M_PI * data.x(0, i))).epsilon(1e-15));
}

TEST_CASE("training: plain GD reaches the loss target and the curve metrics are consistent", "[gradient_penalty]") {
  tl::Rng rng(40);
  const RegressionData data = make_sine_data(12, 0.05, rng);
  const Mlp net = make_mlp(uniform_spec(1, 16, 1, 3, Activation::Tanh, Activation::Identity), Init::Gaussian, 1, 0.1, rng);
  StopRule stop;
  stop.loss_target = 0.02;
  stop.max_steps = 5000;
  stop.trace_every = 500;
  ArmSettings arm;
  arm.name = "A0";
  arm.learning_rate = 0.1;
  const ArmResult r = train_arm(net, data, arm, stop, 101);
  CHECK(r.reached);
  CHECK_FALSE(r.diverged);
  CHECK(r.loss <= 0.02);
  CHECK(data_loss(r.final_net, data) == Approx(r.loss).epsilon(1e-12));
  CHECK(r.trace.rows() >= 2);
  CHECK(r.trace(0, 1) > r.loss);  // the loss went down
  // The arc length of a curve on [−1, 1] is at least 2 and at most ∫(1 + |f'|) ≤ 2 + 2√DE.
  CHECK(r.metrics.arc_length >= 2.0);
  CHECK(r.metrics.arc_length <= 2.0 + 2.0 * std::sqrt(r.metrics.dirichlet_grid) + 1e-9);
  // A huge learning rate diverges and is recorded, not thrown.
  arm.learning_rate = 1e4;
  const ArmResult d = train_arm(net, data, arm, stop, 11);
  CHECK((d.diverged || !d.reached));
}
