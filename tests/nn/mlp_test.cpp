// Batched MLP: backprop against central finite differences for every activation,
// batch consistency, initialisers, cross-entropy and Adam.
#include <catch2/catch.hpp>

#include <cmath>
#include <functional>

#include <Eigen/SVD>

#include "theorylab/nn/adam.hpp"
#include "theorylab/nn/loss.hpp"
#include "theorylab/nn/mlp.hpp"

using namespace tl::nn;

namespace {

const std::vector<Activation> kAllActivations = {Activation::Tanh, Activation::Relu, Activation::Gelu,
                                                 Activation::Sigmoid, Activation::Identity};

// Loss L = Σ_{i,b} c_ib · h[l]_ib (a fixed random read-out of the whole batch), so
// dL/dh[l] = c and every gradient entry is checkable by central differences.
double readout_loss(const Mlp& net, const Eigen::MatrixXd& x, const Eigen::MatrixXd& c) {
  MlpCache cache;
  mlp_forward(net, x, cache);
  return (cache.output().array() * c.array()).sum();
}

// Smallest |z| over all pre-activations: the distance to ReLU's kink.
double min_abs_preactivation(const Mlp& net, const Eigen::MatrixXd& x) {
  MlpCache cache;
  mlp_forward(net, x, cache);
  double m = INFINITY;
  for (const auto& z : cache.z) m = std::min(m, z.cwiseAbs().minCoeff());
  return m;
}

}  // namespace

TEST_CASE("activations: derivative matches a central difference", "[nn]") {
  const double eps = 1e-6;
  for (Activation a : kAllActivations) {
    for (double z : {-3.1, -0.7, -0.01, 0.02, 0.5, 2.9}) {
      const double fd = (activation_value(z + eps, a) - activation_value(z - eps, a)) / (2 * eps);
      INFO(to_string(a) << " at z=" << z);
      CHECK(activation_derivative(z, a) == Approx(fd).epsilon(1e-7).margin(1e-9));
    }
  }
  // Exact GELU against its definition z Φ(z) with Φ from erf.
  for (double z : {-2.0, 0.3, 1.7})
    CHECK(activation_value(z, Activation::Gelu) == Approx(0.5 * z * (1 + std::erf(z / std::sqrt(2.0)))).epsilon(1e-14));
  CHECK(activation_derivative(0.0, Activation::Relu) == 0.0);
  CHECK_THROWS_AS(parse_activation("swish"), std::invalid_argument);
  CHECK(parse_activation("gelu") == Activation::Gelu);
}

TEST_CASE("batched backward: parameter and input gradients match central differences", "[nn]") {
  for (Activation a : kAllActivations) {
    tl::Rng rng(101 + static_cast<int>(a));
    MlpSpec spec{{3, 5, 4, 2}, {a, a, Activation::Identity}};
    Mlp net = make_mlp(spec, Init::Gaussian, 1.3, 0.5, rng);
    const Eigen::MatrixXd x = gaussian_matrix(3, 4, 1.0, rng);
    const Eigen::MatrixXd c = gaussian_matrix(2, 4, 1.0, rng);
    if (a == Activation::Relu) REQUIRE(min_abs_preactivation(net, x) > 1e-3);  // FD does not straddle a kink

    MlpCache cache;
    MlpGrads grads;
    mlp_forward(net, x, cache);
    mlp_backward(net, cache, c, grads);

    const double eps = 1e-6;
    double worst = 0;
    for (int t = 0; t < net.depth(); ++t) {
      for (Eigen::Index k = 0; k < net.layers[t].W.size(); ++k) {
        Mlp p = net, m = net;
        p.layers[t].W.data()[k] += eps;
        m.layers[t].W.data()[k] -= eps;
        const double fd = (readout_loss(p, x, c) - readout_loss(m, x, c)) / (2 * eps);
        worst = std::max(worst, std::abs(fd - grads.dW[t].data()[k]) / (1 + std::abs(fd)));
      }
      for (Eigen::Index k = 0; k < net.layers[t].b.size(); ++k) {
        Mlp p = net, m = net;
        p.layers[t].b(k) += eps;
        m.layers[t].b(k) -= eps;
        const double fd = (readout_loss(p, x, c) - readout_loss(m, x, c)) / (2 * eps);
        worst = std::max(worst, std::abs(fd - grads.db[t](k)) / (1 + std::abs(fd)));
      }
    }
    for (Eigen::Index k = 0; k < x.size(); ++k) {
      Eigen::MatrixXd xp = x, xm = x;
      xp.data()[k] += eps;
      xm.data()[k] -= eps;
      const double fd = (readout_loss(net, xp, c) - readout_loss(net, xm, c)) / (2 * eps);
      worst = std::max(worst, std::abs(fd - grads.dx.data()[k]) / (1 + std::abs(fd)));
    }
    INFO(to_string(a));
    CHECK(worst < 1e-7);
  }
}

TEST_CASE("batched forward and backward equal the per-column ones", "[nn]") {
  tl::Rng rng(7);
  Mlp net = make_mlp(uniform_spec(6, 16, 3, 3, Activation::Gelu, Activation::Identity), Init::Orthogonal, 1.0, 0.2, rng);
  const Eigen::MatrixXd x = gaussian_matrix(6, 5, 1.0, rng), d = gaussian_matrix(3, 5, 1.0, rng);
  MlpCache cache;
  MlpGrads grads;
  mlp_forward(net, x, cache);
  mlp_backward(net, cache, d, grads);
  Eigen::MatrixXd dw_sum = Eigen::MatrixXd::Zero(net.layers[1].W.rows(), net.layers[1].W.cols());
  for (Eigen::Index b = 0; b < x.cols(); ++b) {
    MlpCache c1;
    MlpGrads g1;
    mlp_forward(net, x.col(b), c1);
    mlp_backward(net, c1, d.col(b), g1);
    CHECK((c1.output() - cache.output().col(b)).norm() < 1e-12);
    CHECK((g1.dx - grads.dx.col(b)).norm() < 1e-12);
    CHECK((g1.dz[0] - grads.dz[0].col(b)).norm() < 1e-12);
    dw_sum += g1.dW[1];
  }
  CHECK((dw_sum - grads.dW[1]).norm() < 1e-11);
}

TEST_CASE("initialisers: Gaussian variance and scaled-orthogonal singular values", "[nn]") {
  tl::Rng rng(11);
  for (auto [r, c] : {std::pair{8, 8}, std::pair{12, 5}, std::pair{4, 9}}) {
    const Eigen::MatrixXd w = orthogonal_matrix(r, c, 1.7, rng);
    const Eigen::VectorXd s = Eigen::JacobiSVD<Eigen::MatrixXd>(w).singularValues();
    CHECK((s.array() - 1.7).abs().maxCoeff() < 1e-12);
  }
  // Gaussian: W_ij ~ N(0, s²/fan_in) — the mean of W² over 200×400 entries is within 2%.
  Mlp net = make_mlp(MlpSpec{{400, 200}, {Activation::Identity}}, Init::Gaussian, 2.0, 0.0, rng);
  CHECK(net.layers[0].W.array().square().mean() == Approx(4.0 / 400).epsilon(0.02));
  CHECK(net.layers[0].b.isZero(0));
  // Same seed, same network.
  tl::Rng r1(5), r2(5);
  auto spec = uniform_spec(3, 7, 2, 4, Activation::Tanh, Activation::Identity);
  CHECK(flatten_parameters(make_mlp(spec, Init::Orthogonal, 1, 0.1, r1)) ==
        flatten_parameters(make_mlp(spec, Init::Orthogonal, 1, 0.1, r2)));
  CHECK_THROWS_AS(uniform_spec(3, 7, 2, 0, Activation::Tanh, Activation::Identity), std::invalid_argument);
  CHECK_THROWS_AS(uniform_spec(3, 0, 2, 2, Activation::Tanh, Activation::Identity), std::invalid_argument);
  CHECK_THROWS_AS(parse_init("xavier"), std::invalid_argument);
}

TEST_CASE("softmax cross-entropy: stable value and gradient", "[nn]") {
  Eigen::MatrixXd logits(3, 2);
  logits << 1000.0, -2.0, 1001.0, 0.5, 999.0, 0.0;
  std::vector<int> labels{1, 0};
  Eigen::MatrixXd probs, dlogits;
  const double loss = softmax_cross_entropy_forward(probs, logits, labels);
  const double l0 = std::log(std::exp(-1.0) + 1.0 + std::exp(-2.0));
  const double l1 = std::log(std::exp(-2.0) + std::exp(0.5) + 1.0) + 2.0;
  CHECK(loss == Approx(0.5 * (l0 + l1)).epsilon(1e-12));  // logits near 1000: absolute rounding ~1e-13
  CHECK(std::isfinite(loss));
  softmax_cross_entropy_backward(dlogits, probs, labels);
  const double eps = 1e-6;
  for (Eigen::Index k = 0; k < logits.size(); ++k) {
    Eigen::MatrixXd p = logits, m = logits, scratch;
    p.data()[k] += eps;
    m.data()[k] -= eps;
    const double fd = (softmax_cross_entropy_forward(scratch, p, labels) -
                       softmax_cross_entropy_forward(scratch, m, labels)) / (2 * eps);
    CHECK(dlogits.data()[k] == Approx(fd).margin(1e-8));
  }
  CHECK(accuracy(logits, labels) == 1.0 - 0.5);  // column 0 argmax is 1 (hit), column 1 argmax is 1 (miss)
  CHECK_THROWS_AS(softmax_cross_entropy_forward(probs, logits, {3, 0}), std::invalid_argument);
}

TEST_CASE("Adam: first step is lr·sign(g) and training reduces cross-entropy", "[nn]") {
  std::vector<Eigen::Index> sizes{3};
  AdamConfig config;
  config.learning_rate = 0.1;
  Adam adam(sizes, config);
  Eigen::VectorXd p(3), g(3);
  p << 1, 2, 3;
  g << 0.5, -2, 1e-3;
  std::vector<Eigen::Map<Eigen::VectorXd>> pv{Eigen::Map<Eigen::VectorXd>(p.data(), 3)};
  std::vector<Eigen::Map<const Eigen::VectorXd>> gv{Eigen::Map<const Eigen::VectorXd>(g.data(), 3)};
  adam.step(pv, gv);
  // m̂ = g, v̂ = g², so Δ = −lr · g/(|g| + ε).
  for (int i = 0; i < 3; ++i) CHECK(p(i) == Approx((i + 1) - 0.1 * g(i) / (std::abs(g(i)) + 1e-8)).epsilon(1e-14));

  // A ReLU MLP learns a 3-class problem (labels from a random linear teacher).
  tl::Rng rng(3);
  Mlp net = make_mlp(uniform_spec(4, 32, 3, 2, Activation::Relu, Activation::Identity), Init::Gaussian, std::sqrt(2.0), 0.0, rng);
  const Eigen::MatrixXd x = gaussian_matrix(4, 64, 1.0, rng), teacher = gaussian_matrix(3, 4, 1.0, rng);
  std::vector<int> labels(64);
  for (int b = 0; b < 64; ++b) (teacher * x.col(b)).maxCoeff(&labels[b]);
  config.learning_rate = 1e-2;
  Adam opt(net, config);
  MlpCache cache;
  MlpGrads grads;
  Eigen::MatrixXd probs, dlogits;
  double first = 0, last = 0;
  for (int step = 0; step < 300; ++step) {
    mlp_forward(net, x, cache);
    last = softmax_cross_entropy_forward(probs, cache.output(), labels);
    if (step == 0) first = last;
    softmax_cross_entropy_backward(dlogits, probs, labels);
    mlp_backward(net, cache, dlogits, grads, false);
    opt.step(net, grads);
  }
  CHECK(opt.steps() == 300);
  CHECK(last < 0.1 * first);
  mlp_forward(net, x, cache);
  CHECK(accuracy(cache.output(), labels) > 0.95);
}

TEST_CASE("flat parameter views round-trip", "[nn]") {
  tl::Rng rng(9);
  Mlp net = make_mlp(uniform_spec(2, 3, 2, 2, Activation::Tanh, Activation::Identity), Init::Gaussian, 1, 1, rng);
  Eigen::VectorXd theta = flatten_parameters(net);
  CHECK(theta.size() == net.parameter_count());
  CHECK(theta.size() == 2 * 3 + 3 + 3 * 2 + 2);
  Eigen::VectorXd doubled = 2 * theta;
  unflatten_parameters(net, doubled);
  CHECK(flatten_parameters(net) == doubled);
  CHECK(net.layers[1].b(1) == doubled(theta.size() - 1));
}
