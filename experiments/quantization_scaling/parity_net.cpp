#include "quantization_scaling/parity_net.hpp"

#include <cmath>

#include "theorylab/nn/activation.hpp"
#include "theorylab/nn/loss.hpp"

namespace qs {

tl::nn::Mlp make_parity_net(int n_tasks, int n_bits, int width, tl::Rng& rng) {
  tl::nn::MlpSpec spec{{n_tasks + n_bits, width, 2}, {tl::nn::Activation::Relu, tl::nn::Activation::Identity}};
  // weight_scale 1/sqrt(3): sd = 1/sqrt(3 fan_in), PyTorch's U(-1/sqrt(fan_in), 1/sqrt(fan_in)) variance.
  tl::nn::Mlp net = tl::nn::make_mlp(spec, tl::nn::Init::Gaussian, 1 / std::sqrt(3.0), 0.0, rng);
  for (auto& layer : net.layers) {
    const double sd = 1 / std::sqrt(3.0 * static_cast<double>(layer.W.cols()));
    for (Eigen::Index i = 0; i < layer.b.size(); ++i) layer.b(i) = sd * rng.normal();
  }
  return net;
}

void first_layer_forward(Eigen::MatrixXd& z, const tl::nn::Layer& layer, int n_tasks, const Batch& batch) {
  const Eigen::Index n_bits = batch.bits.rows();
  z.noalias() = layer.W.rightCols(n_bits) * batch.bits;
  for (int b = 0; b < batch.size(); ++b) z.col(b) += layer.W.col(batch.task[b]) + layer.b;
}

void first_layer_backward(Eigen::MatrixXd& dW, Eigen::VectorXd& db, const Eigen::MatrixXd& dz, int n_tasks,
                          const Batch& batch) {
  const Eigen::Index n_bits = batch.bits.rows();
  dW.leftCols(n_tasks).setZero();
  for (int b = 0; b < batch.size(); ++b) dW.col(batch.task[b]) += dz.col(b);
  dW.rightCols(n_bits).noalias() = dz * batch.bits.transpose();
  db = dz.rowwise().sum();
}

void parity_forward(const tl::nn::Mlp& net, int n_tasks, const Batch& batch, ParityWorkspace& ws) {
  // h [W,B] = relu(W1_bits · bits + W1[:, task] + b1) in one pass over [W,B] after the
  // GEMM (first_layer_forward then lib/nn's ReLU, fused: the same numbers, fewer sweeps
  // over memory; the test checks it against lib/nn's dense mlp_forward).
  const tl::nn::Layer& first = net.layers[0];
  const Eigen::Index n_bits = batch.bits.rows();
  ws.h.noalias() = first.W.rightCols(n_bits) * batch.bits;
  for (int b = 0; b < batch.size(); ++b)
    ws.h.col(b) = (ws.h.col(b) + first.W.col(batch.task[b]) + first.b).cwiseMax(0.0);
  tl::nn::linear_forward(ws.logits, net.layers[1].W, net.layers[1].b, ws.h);
}

double parity_train_step(tl::nn::Mlp& net, int n_tasks, const Batch& batch, ParityWorkspace& ws,
                         tl::nn::MlpGrads& grads, tl::nn::Adam& adam) {
  parity_forward(net, n_tasks, batch, ws);
  const double loss = tl::nn::softmax_cross_entropy_forward(ws.probs, ws.logits, batch.label);
  tl::nn::softmax_cross_entropy_backward(ws.dlogits, ws.probs, batch.label);
  tl::nn::linear_backward(nullptr, grads.dW[1], grads.db[1], ws.dlogits, ws.h, net.layers[1].W);
  // dz [W,B] = (W2ᵀ dlogits) ⊙ relu'(z), with relu'(z) = [h > 0]; in the same pass the
  // control columns' scatter-add and db1 (first_layer_backward, fused).
  const Eigen::MatrixXd& W2 = net.layers[1].W;  // [2, W]
  const Eigen::VectorXd w0 = W2.row(0).transpose(), w1 = W2.row(1).transpose();
  const Eigen::Index n_bits = batch.bits.rows();
  Eigen::MatrixXd& dW1 = grads.dW[0];
  Eigen::VectorXd& db1 = grads.db[0];
  dW1.leftCols(n_tasks).setZero();
  db1.setZero();
  ws.dz.resize(ws.h.rows(), ws.h.cols());
  for (int b = 0; b < batch.size(); ++b) {
    ws.dz.col(b) = (ws.h.col(b).array() > 0).select(w0 * ws.dlogits(0, b) + w1 * ws.dlogits(1, b), 0.0);
    dW1.col(batch.task[b]) += ws.dz.col(b);
    db1 += ws.dz.col(b);
  }
  dW1.rightCols(n_bits).noalias() = ws.dz * batch.bits.transpose();
  adam.step(net, grads);
  return loss;
}

Eigen::VectorXd parity_sample_loss_bits(const tl::nn::Mlp& net, int n_tasks, const Batch& batch,
                                        ParityWorkspace& ws) {
  parity_forward(net, n_tasks, batch, ws);
  const Eigen::VectorXd lse = tl::nn::column_logsumexp(ws.logits);
  Eigen::VectorXd loss(batch.size());
  for (int b = 0; b < batch.size(); ++b) loss(b) = (lse(b) - ws.logits(batch.label[b], b)) / std::log(2.0);
  return loss;
}

double parity_step_flops(int n_tasks, int n_bits, int width, int batch) {
  // forward: W1_bits·bits (2 W n B), lookup add (W B), W2·h (2·2·W B);
  // backward: dW2 (2·2·W B), dh (2·2·W B), scatter (W B), dW1_bits (2 W n B).
  const double W = width, B = batch, n = n_bits;
  return 4 * W * n * B + 12 * W * B + 2 * W * B;
}

}  // namespace qs
