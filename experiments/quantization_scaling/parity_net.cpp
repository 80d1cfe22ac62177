#include "quantization_scaling/parity_net.hpp"

#include <cmath>
#include <stdexcept>
#include <type_traits>

#include "theorylab/nn/activation.hpp"
#include "theorylab/nn/loss.hpp"

namespace qs {

const char* to_string(Precision precision) { return precision == Precision::Float32 ? "float32" : "float64"; }

Precision parse_precision(const std::string& name) {
  if (name == "float32") return Precision::Float32;
  if (name == "float64") return Precision::Float64;
  throw std::invalid_argument("precision '" + name + "': expected float32 or float64");
}

std::vector<std::string> precision_names() { return {"float32", "float64"}; }

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

template <class T>
ParityNet<T> parity_net_from(const tl::nn::Mlp& net, int n_tasks) {
  if (net.depth() != 2 || net.output_dim() != 2 || net.input_dim() <= n_tasks)
    throw std::invalid_argument("parity_net_from: not a [n_tasks + n, width, 2] network");
  ParityNet<T> out;
  out.n_tasks = n_tasks;
  out.W1 = net.layers[0].W.cast<T>();
  out.b1 = net.layers[0].b.cast<T>();
  out.W2 = net.layers[1].W.cast<T>();
  out.b2 = net.layers[1].b.cast<T>();
  return out;
}

template <class T>
ParityAdam<T>::ParityAdam(const ParityNet<T>& net, const tl::nn::AdamConfig& c) : config(c) {
  if (!(c.learning_rate > 0)) throw std::invalid_argument("Adam: learning rate must be > 0");
  const Eigen::Index sizes[4] = {net.W1.size(), net.b1.size(), net.W2.size(), net.b2.size()};
  for (int i = 0; i < 4; ++i) m[i] = v[i] = Vector<T>::Zero(sizes[i]);
}

template <class T>
void relu_first_layer_forward(Matrix<T>& h, const Matrix<T>& W1, const Vector<T>& b1, const Matrix<T>& bits,
                              const std::vector<int>& task) {
  // One pass over [W,B] after the GEMM (the lookup, bias and ReLU fused: the same numbers
  // as lib/nn's linear_forward then activation_forward, fewer sweeps over memory).
  h.noalias() = W1.rightCols(bits.rows()) * bits;
  for (std::size_t b = 0; b < task.size(); ++b) h.col(b) = (h.col(b) + W1.col(task[b]) + b1).cwiseMax(T(0));
}

template <class T>
void relu_first_layer_backward(Matrix<T>& dW1, Vector<T>& db1, Matrix<T>& dz, const Matrix<T>& dlogits, const Matrix<T>& W2,
                               const Matrix<T>& h, int n_tasks, const Matrix<T>& bits, const std::vector<int>& task) {
  // relu'(z) = [h > 0]; the control columns' scatter-add and db1 in the same pass.
  const Vector<T> w0 = W2.row(0).transpose(), w1 = W2.row(1).transpose();
  dW1.leftCols(n_tasks).setZero();
  db1.setZero();
  dz.resize(h.rows(), h.cols());
  for (std::size_t b = 0; b < task.size(); ++b) {
    dz.col(b) = (h.col(b).array() > T(0)).select(w0 * dlogits(0, b) + w1 * dlogits(1, b), T(0));
    dW1.col(task[b]) += dz.col(b);
    db1 += dz.col(b);
  }
  dW1.rightCols(bits.rows()).noalias() = dz * bits.transpose();
}

template <class T>
void output_layer_forward(Matrix<T>& logits, const Matrix<T>& W2, const Vector<T>& b2, const Matrix<T>& h) {
  logits.noalias() = W2 * h;
  logits.colwise() += b2;
}

template <class T>
void output_layer_backward(Matrix<T>& dW2, Vector<T>& db2, const Matrix<T>& dlogits, const Matrix<T>& h) {
  dW2.noalias() = dlogits * h.transpose();
  db2 = dlogits.rowwise().sum();
}

namespace {
// The batch's task bits as T: Batch::bits itself for double, a rounded copy for float.
template <class T>
const Matrix<T>& bits_of(const Batch& batch, ParityWorkspace<T>& ws) {
  if constexpr (std::is_same_v<T, double>) {
    return batch.bits;
  } else {
    ws.bits = batch.bits.template cast<T>();
    return ws.bits;
  }
}

// Mean cross-entropy (nats) of ws.logits, and ws.dlogits [2,B] = its gradient, through
// lib/nn's double head (the logits rounded up to double for float).
template <class T>
double cross_entropy_head(const Batch& batch, ParityWorkspace<T>& ws) {
  if constexpr (std::is_same_v<T, double>) {
    const double loss = tl::nn::softmax_cross_entropy_forward(ws.probs, ws.logits, batch.label);
    tl::nn::softmax_cross_entropy_backward(ws.dlogits, ws.probs, batch.label);
    return loss;
  } else {
    ws.logits64 = ws.logits.template cast<double>();
    const double loss = tl::nn::softmax_cross_entropy_forward(ws.probs, ws.logits64, batch.label);
    tl::nn::softmax_cross_entropy_backward(ws.dlogits64, ws.probs, batch.label);
    ws.dlogits = ws.dlogits64.template cast<T>();
    return loss;
  }
}

template <class T>
void adam_step(ParityNet<T>& net, const ParityGrads<T>& g, ParityAdam<T>& adam) {
  ++adam.steps;
  auto flat = [](auto& m) { return Eigen::Map<Vector<T>>(m.data(), m.size()); };
  auto flat_const = [](const auto& m) { return Eigen::Map<const Vector<T>>(m.data(), m.size()); };
  tl::nn::adam_update<T>(flat(net.W1), flat_const(g.dW1), adam.m[0], adam.v[0], adam.config, adam.steps);
  tl::nn::adam_update<T>(flat(net.b1), flat_const(g.db1), adam.m[1], adam.v[1], adam.config, adam.steps);
  tl::nn::adam_update<T>(flat(net.W2), flat_const(g.dW2), adam.m[2], adam.v[2], adam.config, adam.steps);
  tl::nn::adam_update<T>(flat(net.b2), flat_const(g.db2), adam.m[3], adam.v[3], adam.config, adam.steps);
}
}  // namespace

template <class T>
void parity_forward(const ParityNet<T>& net, const Batch& batch, ParityWorkspace<T>& ws) {
  relu_first_layer_forward(ws.h, net.W1, net.b1, bits_of(batch, ws), batch.task);
  output_layer_forward(ws.logits, net.W2, net.b2, ws.h);
}

template <class T>
double parity_train_step(ParityNet<T>& net, const Batch& batch, ParityWorkspace<T>& ws, ParityGrads<T>& grads,
                         ParityAdam<T>& adam) {
  const Matrix<T>& bits = bits_of(batch, ws);
  relu_first_layer_forward(ws.h, net.W1, net.b1, bits, batch.task);
  output_layer_forward(ws.logits, net.W2, net.b2, ws.h);
  const double loss = cross_entropy_head(batch, ws);
  output_layer_backward(grads.dW2, grads.db2, ws.dlogits, ws.h);
  grads.dW1.resize(net.W1.rows(), net.W1.cols());
  grads.db1.resize(net.b1.size());
  relu_first_layer_backward(grads.dW1, grads.db1, ws.dz, ws.dlogits, net.W2, ws.h, net.n_tasks, bits, batch.task);
  adam_step(net, grads, adam);
  return loss;
}

template <class T>
Eigen::VectorXd parity_sample_loss_bits(const ParityNet<T>& net, const Batch& batch, ParityWorkspace<T>& ws) {
  parity_forward(net, batch, ws);
  // In double whatever T (a float log-sum-exp would round a loss below ~1e-7 nats to 0).
  Eigen::MatrixXd logits64;
  const Eigen::MatrixXd* logits = nullptr;
  if constexpr (std::is_same_v<T, double>) {
    logits = &ws.logits;
  } else {
    logits64 = ws.logits.template cast<double>();
    logits = &logits64;
  }
  const Eigen::VectorXd lse = tl::nn::column_logsumexp(*logits);
  Eigen::VectorXd loss(batch.size());
  for (int b = 0; b < batch.size(); ++b) loss(b) = (lse(b) - (*logits)(batch.label[b], b)) / std::log(2.0);
  return loss;
}

double parity_step_flops(int n_tasks, int n_bits, int width, int batch) {
  // forward: W1_bits·bits (2 W n B), lookup add (W B), W2·h (2·2·W B);
  // backward: dW2 (2·2·W B), dh (2·2·W B), scatter (W B), dW1_bits (2 W n B).
  const double W = width, B = batch, n = n_bits;
  return 4 * W * n * B + 12 * W * B + 2 * W * B;
}

#define QS_INSTANTIATE_PARITY_NET(T)                                                                                   \
  template ParityNet<T> parity_net_from<T>(const tl::nn::Mlp&, int);                                                   \
  template struct ParityAdam<T>;                                                                                       \
  template void relu_first_layer_forward<T>(Matrix<T>&, const Matrix<T>&, const Vector<T>&, const Matrix<T>&,          \
                                            const std::vector<int>&);                                                  \
  template void relu_first_layer_backward<T>(Matrix<T>&, Vector<T>&, Matrix<T>&, const Matrix<T>&, const Matrix<T>&,   \
                                             const Matrix<T>&, int, const Matrix<T>&, const std::vector<int>&);        \
  template void output_layer_forward<T>(Matrix<T>&, const Matrix<T>&, const Vector<T>&, const Matrix<T>&);             \
  template void output_layer_backward<T>(Matrix<T>&, Vector<T>&, const Matrix<T>&, const Matrix<T>&);                  \
  template void parity_forward<T>(const ParityNet<T>&, const Batch&, ParityWorkspace<T>&);                             \
  template double parity_train_step<T>(ParityNet<T>&, const Batch&, ParityWorkspace<T>&, ParityGrads<T>&,              \
                                       ParityAdam<T>&);                                                                \
  template Eigen::VectorXd parity_sample_loss_bits<T>(const ParityNet<T>&, const Batch&, ParityWorkspace<T>&);

QS_INSTANTIATE_PARITY_NET(float)
QS_INSTANTIATE_PARITY_NET(double)
#undef QS_INSTANTIATE_PARITY_NET

}  // namespace qs
