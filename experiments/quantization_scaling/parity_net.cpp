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
  first_layer_forward(ws.z, net.layers[0], n_tasks, batch);
  tl::nn::activation_forward(ws.h, ws.z, net.layers[0].activation);
  tl::nn::linear_forward(ws.logits, net.layers[1].W, net.layers[1].b, ws.h);
}

double parity_train_step(tl::nn::Mlp& net, int n_tasks, const Batch& batch, ParityWorkspace& ws,
                         tl::nn::MlpGrads& grads, tl::nn::Adam& adam) {
  parity_forward(net, n_tasks, batch, ws);
  const double loss = tl::nn::softmax_cross_entropy_forward(ws.probs, ws.logits, batch.label);
  tl::nn::softmax_cross_entropy_backward(ws.dlogits, ws.probs, batch.label);
  tl::nn::linear_backward(&ws.dh, grads.dW[1], grads.db[1], ws.dlogits, ws.h, net.layers[1].W);
  tl::nn::activation_backward(ws.dz, ws.dh, ws.z, ws.h, net.layers[0].activation);
  first_layer_backward(grads.dW[0], grads.db[0], ws.dz, n_tasks, batch);
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
