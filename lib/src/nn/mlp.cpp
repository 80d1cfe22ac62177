#include "theorylab/nn/mlp.hpp"

#include <stdexcept>

#include <Eigen/QR>

namespace tl::nn {

const char* to_string(Init init) { return init == Init::Gaussian ? "gaussian" : "orthogonal"; }

Init parse_init(const std::string& name) {
  if (name == "gaussian") return Init::Gaussian;
  if (name == "orthogonal") return Init::Orthogonal;
  throw std::invalid_argument("unknown initialisation '" + name + "' (allowed: gaussian, orthogonal)");
}

void MlpSpec::check() const {
  if (widths.size() < 2) throw std::invalid_argument("an MLP needs at least one layer (two widths)");
  for (std::size_t i = 0; i < widths.size(); ++i)
    if (widths[i] < 1)
      throw std::invalid_argument("width " + std::to_string(i) + " is " + std::to_string(widths[i]) +
                                  ", must be ≥ 1");
  if (activations.size() != widths.size() - 1)
    throw std::invalid_argument("need one activation per layer: " + std::to_string(widths.size() - 1) +
                                " layers, " + std::to_string(activations.size()) + " activations");
}

MlpSpec uniform_spec(int input_dim, int hidden_width, int output_dim, int depth, Activation hidden_activation,
                     Activation output_activation) {
  if (depth < 1) throw std::invalid_argument("depth " + std::to_string(depth) + " < 1");
  MlpSpec spec;
  spec.widths.push_back(input_dim);
  for (int t = 1; t < depth; ++t) spec.widths.push_back(hidden_width);
  spec.widths.push_back(output_dim);
  spec.activations.assign(depth, hidden_activation);
  spec.activations.back() = output_activation;
  spec.check();
  return spec;
}

Eigen::Index Mlp::parameter_count() const {
  Eigen::Index n = 0;
  for (const Layer& layer : layers) n += layer.W.size() + layer.b.size();
  return n;
}

Eigen::MatrixXd gaussian_matrix(Eigen::Index rows, Eigen::Index cols, double sd, Rng& rng) {
  Eigen::MatrixXd m(rows, cols);
  for (Eigen::Index j = 0; j < cols; ++j)
    for (Eigen::Index i = 0; i < rows; ++i) m(i, j) = sd * rng.normal();
  return m;
}

Eigen::MatrixXd orthogonal_matrix(Eigen::Index rows, Eigen::Index cols, double scale, Rng& rng) {
  const Eigen::Index big = std::max(rows, cols), small = std::min(rows, cols);
  const Eigen::MatrixXd a = gaussian_matrix(big, small, 1.0, rng);
  Eigen::HouseholderQR<Eigen::MatrixXd> qr(a);
  Eigen::MatrixXd q = qr.householderQ() * Eigen::MatrixXd::Identity(big, small);  // thin Q [big, small]
  const Eigen::MatrixXd& r = qr.matrixQR();
  for (Eigen::Index j = 0; j < small; ++j)
    if (r(j, j) < 0) q.col(j) *= -1.0;
  q *= scale;
  if (rows >= cols) return q;
  return q.transpose();
}

Mlp make_mlp(const MlpSpec& spec, Init init, double weight_scale, double bias_scale, Rng& rng) {
  spec.check();
  Mlp mlp;
  const std::size_t depth = spec.activations.size();
  mlp.layers.resize(depth);
  for (std::size_t t = 0; t < depth; ++t) {
    Layer& layer = mlp.layers[t];
    const int fan_in = spec.widths[t], fan_out = spec.widths[t + 1];
    if (init == Init::Gaussian)
      layer.W = gaussian_matrix(fan_out, fan_in, weight_scale / std::sqrt(static_cast<double>(fan_in)), rng);
    else
      layer.W = orthogonal_matrix(fan_out, fan_in, weight_scale, rng);
    layer.b = bias_scale == 0 ? Eigen::VectorXd::Zero(fan_out)
                              : Eigen::VectorXd(gaussian_matrix(fan_out, 1, bias_scale, rng));
    layer.activation = spec.activations[t];
  }
  return mlp;
}

void linear_forward(Eigen::MatrixXd& z, const Eigen::MatrixXd& W, const Eigen::VectorXd& b, const Eigen::MatrixXd& x) {
  z.noalias() = W * x;
  z.colwise() += b;
}

void linear_backward(Eigen::MatrixXd* dx, Eigen::MatrixXd& dW, Eigen::VectorXd& db, const Eigen::MatrixXd& dz,
                     const Eigen::MatrixXd& x, const Eigen::MatrixXd& W) {
  dW.noalias() = dz * x.transpose();
  db = dz.rowwise().sum();
  if (dx) dx->noalias() = W.transpose() * dz;
}

double MlpGrads::squared_norm() const {
  double s = 0;
  for (const auto& g : dW) s += g.squaredNorm();
  for (const auto& g : db) s += g.squaredNorm();
  return s;
}

MlpGrads zero_grads_like(const Mlp& mlp) {
  MlpGrads g;
  for (const Layer& layer : mlp.layers) {
    g.dW.push_back(Eigen::MatrixXd::Zero(layer.W.rows(), layer.W.cols()));
    g.db.push_back(Eigen::VectorXd::Zero(layer.b.size()));
  }
  return g;
}

void mlp_forward(const Mlp& mlp, const Eigen::MatrixXd& x, MlpCache& cache) {
  if (mlp.layers.empty()) throw std::invalid_argument("mlp_forward: empty network");
  if (x.rows() != mlp.input_dim())
    throw std::invalid_argument("mlp_forward: input has " + std::to_string(x.rows()) + " rows, network expects " +
                                std::to_string(mlp.input_dim()));
  const std::size_t depth = mlp.layers.size();
  cache.z.resize(depth);
  cache.h.resize(depth + 1);
  cache.h[0] = x;
  for (std::size_t t = 0; t < depth; ++t) {
    const Layer& layer = mlp.layers[t];
    linear_forward(cache.z[t], layer.W, layer.b, cache.h[t]);
    activation_forward(cache.h[t + 1], cache.z[t], layer.activation);
  }
}

void mlp_backward(const Mlp& mlp, const MlpCache& cache, const Eigen::MatrixXd& d_output, MlpGrads& grads,
                  bool need_input_grad) {
  const std::size_t depth = mlp.layers.size();
  if (cache.z.size() != depth || d_output.rows() != mlp.output_dim() || d_output.cols() != cache.batch())
    throw std::invalid_argument("mlp_backward: cache or d_output does not match the network");
  grads.dW.resize(depth);
  grads.db.resize(depth);
  grads.dz.resize(depth);
  Eigen::MatrixXd dh = d_output, dh_below;
  for (std::size_t t = depth; t-- > 0;) {
    const Layer& layer = mlp.layers[t];
    activation_backward(grads.dz[t], dh, cache.z[t], cache.h[t + 1], layer.activation);
    const bool want_dx = t > 0 || need_input_grad;
    linear_backward(want_dx ? &dh_below : nullptr, grads.dW[t], grads.db[t], grads.dz[t], cache.h[t], layer.W);
    if (want_dx) dh.swap(dh_below);
  }
  if (need_input_grad)
    grads.dx = std::move(dh);
  else
    grads.dx.resize(0, 0);
}

double mlp_forward_flops(const Mlp& mlp, Eigen::Index batch) {
  double f = 0;
  for (const Layer& layer : mlp.layers) f += 2.0 * layer.W.size() * batch;
  return f;
}

double mlp_forward_backward_flops(const Mlp& mlp, Eigen::Index batch, bool need_input_grad) {
  double f = 0;
  for (std::size_t t = 0; t < mlp.layers.size(); ++t) {
    const double gemm = 2.0 * mlp.layers[t].W.size() * batch;
    f += gemm /* forward */ + gemm /* dW */ + ((t > 0 || need_input_grad) ? gemm : 0.0) /* dx */;
  }
  return f;
}

std::vector<Eigen::Map<Eigen::VectorXd>> parameter_views(Mlp& mlp) {
  std::vector<Eigen::Map<Eigen::VectorXd>> v;
  for (Layer& layer : mlp.layers) {
    v.emplace_back(layer.W.data(), layer.W.size());
    v.emplace_back(layer.b.data(), layer.b.size());
  }
  return v;
}

std::vector<Eigen::Map<const Eigen::VectorXd>> gradient_views(const MlpGrads& grads) {
  std::vector<Eigen::Map<const Eigen::VectorXd>> v;
  for (std::size_t t = 0; t < grads.dW.size(); ++t) {
    v.emplace_back(grads.dW[t].data(), grads.dW[t].size());
    v.emplace_back(grads.db[t].data(), grads.db[t].size());
  }
  return v;
}

Eigen::VectorXd flatten_parameters(const Mlp& mlp) {
  Eigen::VectorXd theta(mlp.parameter_count());
  Eigen::Index k = 0;
  for (const Layer& layer : mlp.layers) {
    theta.segment(k, layer.W.size()) = Eigen::Map<const Eigen::VectorXd>(layer.W.data(), layer.W.size());
    k += layer.W.size();
    theta.segment(k, layer.b.size()) = layer.b;
    k += layer.b.size();
  }
  return theta;
}

void unflatten_parameters(Mlp& mlp, const Eigen::VectorXd& theta) {
  if (theta.size() != mlp.parameter_count()) throw std::invalid_argument("unflatten_parameters: size mismatch");
  Eigen::Index k = 0;
  for (Layer& layer : mlp.layers) {
    Eigen::Map<Eigen::VectorXd>(layer.W.data(), layer.W.size()) = theta.segment(k, layer.W.size());
    k += layer.W.size();
    layer.b = theta.segment(k, layer.b.size());
    k += layer.b.size();
  }
}

Eigen::VectorXd flatten_gradients(const MlpGrads& grads) {
  Eigen::Index n = 0;
  for (std::size_t t = 0; t < grads.dW.size(); ++t) n += grads.dW[t].size() + grads.db[t].size();
  Eigen::VectorXd g(n);
  Eigen::Index k = 0;
  for (std::size_t t = 0; t < grads.dW.size(); ++t) {
    g.segment(k, grads.dW[t].size()) = Eigen::Map<const Eigen::VectorXd>(grads.dW[t].data(), grads.dW[t].size());
    k += grads.dW[t].size();
    g.segment(k, grads.db[t].size()) = grads.db[t];
    k += grads.db[t].size();
  }
  return g;
}

}  // namespace tl::nn
