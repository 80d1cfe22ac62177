#include <catch2/catch.hpp>

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

TEST_CASE("parity net: the one-hot fast path equals lib/nn's dense forward and backward", "[parity_net]") {
  tl::Rng rng(17);
  const int n_tasks = 9, n_bits = 11, width = 13, B = 37;
  const auto sp = qs::make_sparse_parity(n_tasks, n_bits, 3, 0.4, rng);
  const auto net = qs::make_parity_net(n_tasks, n_bits, width, rng);
  qs::Batch batch;
  draw_batch(sp, B, rng, batch);

  qs::ParityWorkspace ws;
  qs::parity_forward(net, n_tasks, batch, ws);
  tl::nn::MlpCache cache;
  tl::nn::mlp_forward(net, dense_input(batch, n_tasks), cache);
  CHECK((ws.logits - cache.output()).cwiseAbs().maxCoeff() < 1e-12);

  // Gradients: the fast path's train step (with lr 0 Adam leaves the weights) against mlp_backward.
  tl::nn::AdamConfig config;
  config.learning_rate = 1e-300;
  tl::nn::Mlp fast = net;
  tl::nn::Adam adam(fast, config);
  tl::nn::MlpGrads fast_grads = tl::nn::zero_grads_like(fast);
  qs::parity_train_step(fast, n_tasks, batch, ws, fast_grads, adam);

  Eigen::MatrixXd probs, dlogits;
  tl::nn::softmax_cross_entropy_forward(probs, cache.output(), batch.label);
  tl::nn::softmax_cross_entropy_backward(dlogits, probs, batch.label);
  tl::nn::MlpGrads dense_grads = tl::nn::zero_grads_like(net);
  tl::nn::mlp_backward(net, cache, dlogits, dense_grads, false);
  for (int t = 0; t < 2; ++t) {
    CHECK((fast_grads.dW[t] - dense_grads.dW[t]).cwiseAbs().maxCoeff() < 1e-12);
    CHECK((fast_grads.db[t] - dense_grads.db[t]).cwiseAbs().maxCoeff() < 1e-12);
  }
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
