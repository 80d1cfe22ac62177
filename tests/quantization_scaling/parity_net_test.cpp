#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>
#include <type_traits>

#include "quantization_scaling/parity_net.hpp"
#include "quantization_scaling/training.hpp"
#include "theorylab/nn/loss.hpp"

namespace {
// The full input [onehot(task); bits] [n_tasks + n, B] that the fast path avoids building.
Eigen::MatrixXd dense_input(const qs::Batch& batch, int n_tasks) {
  Eigen::MatrixXd x = Eigen::MatrixXd::Zero(n_tasks + batch.bits.rows(), batch.size());
  for (int b = 0; b < batch.size(); ++b) {
    x(batch.task[b], b) = 1;
    x.col(b).tail(batch.bits.rows()) = batch.bits.col(b);
  }
  return x;
}
}  // namespace

template <class T>
constexpr double kFastPathTolerance = std::is_same_v<T, double> ? 1e-12 : 1e-5;  // ~100 rounding errors of T on O(1) numbers

TEMPLATE_TEST_CASE("parity net: the one-hot fast path equals lib/nn's dense forward and backward", "[parity_net]", float,
                   double) {
  using T = TestType;
  const double tol = kFastPathTolerance<T>;
  tl::Rng rng(17);
  const int n_tasks = 9, n_bits = 11, width = 13, B = 37;
  const auto sp = qs::make_sparse_parity(n_tasks, n_bits, 3, 0.4, rng);
  const auto net = qs::make_parity_net(n_tasks, n_bits, width, rng);
  qs::Batch batch;
  draw_batch(sp, B, rng, batch);

  qs::ParityNet<T> fast = qs::parity_net_from<T>(net, n_tasks);
  qs::ParityWorkspace<T> ws;
  qs::parity_forward(fast, batch, ws);
  tl::nn::MlpCache cache;
  tl::nn::mlp_forward(net, dense_input(batch, n_tasks), cache);
  CHECK((ws.logits.template cast<double>() - cache.output()).cwiseAbs().maxCoeff() < tol);

  // Gradients: the fast path's train step (with lr 1e-300 Adam leaves the weights) against mlp_backward.
  tl::nn::AdamConfig config;
  config.learning_rate = 1e-300;
  qs::ParityAdam<T> adam(fast, config);
  qs::ParityGrads<T> fast_grads;
  qs::parity_train_step(fast, batch, ws, fast_grads, adam);

  Eigen::MatrixXd probs, dlogits;
  tl::nn::softmax_cross_entropy_forward(probs, cache.output(), batch.label);
  tl::nn::softmax_cross_entropy_backward(dlogits, probs, batch.label);
  tl::nn::MlpGrads dense_grads = tl::nn::zero_grads_like(net);
  tl::nn::mlp_backward(net, cache, dlogits, dense_grads, false);
  CHECK((fast_grads.dW1.template cast<double>() - dense_grads.dW[0]).cwiseAbs().maxCoeff() < tol);
  CHECK((fast_grads.db1.template cast<double>() - dense_grads.db[0]).cwiseAbs().maxCoeff() < tol);
  CHECK((fast_grads.dW2.template cast<double>() - dense_grads.dW[1]).cwiseAbs().maxCoeff() < tol);
  CHECK((fast_grads.db2.template cast<double>() - dense_grads.db[1]).cwiseAbs().maxCoeff() < tol);
}

TEMPLATE_TEST_CASE("parity net: Adam steps on the fast path follow lib/nn's Adam on the dense input", "[parity_net]", float,
                   double) {
  // Ten steps at lr 1e-2: the fast path's weights stay within ~10^3 rounding errors of
  // T of lib/nn's dense Mlp + Adam (in double), so the update rule is the same.
  using T = TestType;
  const double tol = 100 * kFastPathTolerance<T>;
  tl::Rng rng(5);
  const int n_tasks = 6, n_bits = 8, width = 10, B = 64;
  const auto sp = qs::make_sparse_parity(n_tasks, n_bits, 2, 0.4, rng);
  tl::nn::Mlp dense = qs::make_parity_net(n_tasks, n_bits, width, rng);
  qs::ParityNet<T> fast = qs::parity_net_from<T>(dense, n_tasks);
  tl::nn::AdamConfig config;
  config.learning_rate = 1e-2;
  tl::nn::Adam dense_adam(dense, config);
  qs::ParityAdam<T> fast_adam(fast, config);
  qs::ParityGrads<T> fast_grads;
  qs::ParityWorkspace<T> ws;
  tl::nn::MlpGrads dense_grads = tl::nn::zero_grads_like(dense);
  tl::nn::MlpCache cache;
  Eigen::MatrixXd probs, dlogits;
  qs::Batch batch;
  for (int step = 0; step < 10; ++step) {
    draw_batch(sp, B, rng, batch);
    const double fast_loss = qs::parity_train_step(fast, batch, ws, fast_grads, fast_adam);
    tl::nn::mlp_forward(dense, dense_input(batch, n_tasks), cache);
    const double dense_loss = tl::nn::softmax_cross_entropy_forward(probs, cache.output(), batch.label);
    tl::nn::softmax_cross_entropy_backward(dlogits, probs, batch.label);
    tl::nn::mlp_backward(dense, cache, dlogits, dense_grads, false);
    dense_adam.step(dense, dense_grads);
    CHECK(std::abs(fast_loss - dense_loss) < tol);
  }
  CHECK((fast.W1.template cast<double>() - dense.layers[0].W).cwiseAbs().maxCoeff() < tol);
  CHECK((fast.b1.template cast<double>() - dense.layers[0].b).cwiseAbs().maxCoeff() < tol);
  CHECK((fast.W2.template cast<double>() - dense.layers[1].W).cwiseAbs().maxCoeff() < tol);
  CHECK((fast.b2.template cast<double>() - dense.layers[1].b).cwiseAbs().maxCoeff() < tol);
}

TEST_CASE("parity net: precision names", "[parity_net]") {
  CHECK(qs::parse_precision("float32") == qs::Precision::Float32);
  CHECK(qs::parse_precision("float64") == qs::Precision::Float64);
  for (const std::string& name : qs::precision_names()) CHECK(qs::to_string(qs::parse_precision(name)) == name);
  CHECK_THROWS_AS(qs::parse_precision("bfloat16"), std::invalid_argument);
}

TEST_CASE("parity net: one network learns a single sparse parity (loss < 0.1 bits)", "[parity_net]") {
  tl::Rng task_rng(1);
  const auto sp = qs::make_sparse_parity(1, 12, 3, 1.0, task_rng);
  qs::TrainSpec spec;
  spec.width = 32;
  spec.batch = 128;
  spec.steps = 3000;
  spec.learning_rate = 3e-3;
  spec.test_per_task = 512;
  spec.eval_every = 50;
  spec.stop_when_all_learned = true;
  tl::Rng rng(2);
  const auto record = qs::train_parity(sp, spec, rng);
  const double final_loss = record.test_loss(record.test_loss.rows() - 1, 0);
  INFO("stopped at step " << record.steps.back());
  CHECK(!record.diverged);
  CHECK(record.test_loss(0, 0) > 0.9);  // chance level at the start: ~1 bit
  CHECK(final_loss < 0.1);
}

TEST_CASE("training: log-spaced checkpoints and convergence steps", "[parity_net]") {
  const auto c = qs::checkpoint_steps(20000, 40);
  CHECK(c.front() == 0);
  CHECK(c[1] == 1);
  CHECK(c.back() == 20000);
  for (std::size_t i = 1; i < c.size(); ++i) CHECK(c[i] > c[i - 1]);
  qs::TrainRecord r;
  r.steps = {0, 10, 100};
  r.test_loss.resize(3, 2);
  r.test_loss << 1, 1, 0.05, 0.5, 0.02, 0.3;
  const auto conv = qs::convergence_steps(r, 0.1);
  CHECK(conv[0] == 10);
  CHECK(conv[1] == -1);
}
