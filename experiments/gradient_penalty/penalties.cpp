#include "gradient_penalty/penalties.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <boost/math/constants/constants.hpp>

namespace gradient_penalty {

using tl::nn::Mlp;
using tl::nn::MlpCache;
using tl::nn::MlpGrads;

RegressionData make_sine_data(int points, double noise, tl::Rng& rng) {
  RegressionData d;
  std::vector<double> xs(points);
  for (double& v : xs) v = rng.uniform(-1.0, 1.0);
  std::sort(xs.begin(), xs.end());
  d.x.resize(1, points);
  d.y.resize(points);
  for (int i = 0; i < points; ++i) {
    d.x(0, i) = xs[i];
    d.y(i) = std::sin(boost::math::constants::pi<double>() * xs[i]) + noise * rng.normal();
  }
  return d;
}

namespace {

void require_scalar_output(const Mlp& net) {
  if (net.output_dim() != 1) throw std::invalid_argument("penalties need a network with one output");
}

// Σ_i weight_i ∇_θ f(x_i) as a flat vector (one batched backward pass).
Eigen::VectorXd weighted_parameter_gradient(const Mlp& net, const Eigen::MatrixXd& x, const Eigen::RowVectorXd& weight) {
  MlpCache cache;
  MlpGrads grads;
  tl::nn::mlp_forward(net, x, cache);
  tl::nn::mlp_backward(net, cache, weight, grads, false);
  return tl::nn::flatten_gradients(grads);
}

// θ ± step·direction, as a network.
Mlp shifted(const Mlp& net, const Eigen::VectorXd& theta, const Eigen::VectorXd& direction, double step) {
  Mlp out = net;
  tl::nn::unflatten_parameters(out, theta + step * direction);
  return out;
}

}  // namespace

double data_loss(const Mlp& net, const RegressionData& data) {
  require_scalar_output(net);
  MlpCache cache;
  tl::nn::mlp_forward(net, data.x, cache);
  return 0.5 * (cache.output().row(0).transpose() - data.y).squaredNorm() / static_cast<double>(data.y.size());
}

Eigen::VectorXd data_loss_gradient(const Mlp& net, const RegressionData& data, double* loss) {
  require_scalar_output(net);
  MlpCache cache;
  MlpGrads grads;
  tl::nn::mlp_forward(net, data.x, cache);
  const double n = static_cast<double>(data.y.size());
  const Eigen::RowVectorXd residual = cache.output().row(0) - data.y.transpose();
  if (loss) *loss = 0.5 * residual.squaredNorm() / n;
  tl::nn::mlp_backward(net, cache, residual / n, grads, false);
  return tl::nn::flatten_gradients(grads);
}

double theta_penalty(const Mlp& net, const Eigen::MatrixXd& x) {
  require_scalar_output(net);
  MlpCache cache;
  MlpGrads grads;
  tl::nn::mlp_forward(net, x, cache);
  tl::nn::mlp_backward(net, cache, Eigen::RowVectorXd::Ones(x.cols()), grads, false);
  // ∇_{W_t} f(x_i) = δ_{t,i} h_{t,i}ᵀ is rank one: its squared norm is ‖δ‖²‖h‖².
  double total = 0;
  for (int t = 0; t < net.depth(); ++t)
    total += (grads.dz[t].colwise().squaredNorm().array() * (1.0 + cache.h[t].colwise().squaredNorm().array())).sum();
  return total / static_cast<double>(x.cols());
}

Eigen::VectorXd theta_penalty_gradient(const Mlp& net, const Eigen::MatrixXd& x, const double fd_step) {
  require_scalar_output(net);
  const Eigen::VectorXd theta = tl::nn::flatten_parameters(net);
  Eigen::VectorXd total = Eigen::VectorXd::Zero(theta.size());
  const Eigen::RowVectorXd one = Eigen::RowVectorXd::Ones(1);
  for (Eigen::Index i = 0; i < x.cols(); ++i) {
    const Eigen::MatrixXd xi = x.col(i);
    const Eigen::VectorXd g = weighted_parameter_gradient(net, xi, one);  // ∇_θ f(x_i)
    const double norm = g.norm();
    if (norm == 0) continue;
    const Eigen::VectorXd u = g / norm;
    const Eigen::VectorXd plus = weighted_parameter_gradient(shifted(net, theta, u, fd_step), xi, one);
    const Eigen::VectorXd minus = weighted_parameter_gradient(shifted(net, theta, u, -fd_step), xi, one);
    total += norm * (plus - minus) / (2 * fd_step);  // H_i g_i
  }
  return (2.0 / static_cast<double>(x.cols())) * total;
}

double loss_gradient_penalty(const Mlp& net, const RegressionData& data) {
  return data_loss_gradient(net, data).squaredNorm();
}

Eigen::VectorXd loss_gradient_penalty_gradient(const Mlp& net, const RegressionData& data, const double fd_step) {
  const Eigen::VectorXd theta = tl::nn::flatten_parameters(net);
  const Eigen::VectorXd g = data_loss_gradient(net, data);
  const double norm = g.norm();
  if (norm == 0) return Eigen::VectorXd::Zero(theta.size());
  const Eigen::VectorXd u = g / norm;
  const Eigen::VectorXd plus = data_loss_gradient(shifted(net, theta, u, fd_step), data);
  const Eigen::VectorXd minus = data_loss_gradient(shifted(net, theta, u, -fd_step), data);
  return 2.0 * norm * (plus - minus) / (2 * fd_step);  // 2 H_L ∇L
}

double loss_sharpness(const Mlp& net, const RegressionData& data, const double fd_step, const int iterations) {
  const Eigen::VectorXd theta = tl::nn::flatten_parameters(net);
  Eigen::VectorXd u(theta.size());
  for (Eigen::Index i = 0; i < u.size(); ++i) u(i) = std::sin(static_cast<double>(i + 1));
  u.normalize();
  double rayleigh = 0;
  for (int k = 0; k < iterations; ++k) {
    const Eigen::VectorXd hu = (data_loss_gradient(shifted(net, theta, u, fd_step), data) -
                                data_loss_gradient(shifted(net, theta, u, -fd_step), data)) /
                               (2 * fd_step);
    const double next = u.dot(hu), norm = hu.norm();
    const bool settled = k > 0 && std::abs(next - rayleigh) <= 1e-6 * std::abs(next);
    rayleigh = next;
    if (settled || norm == 0 || !std::isfinite(norm)) break;
    u = hu / norm;
  }
  return rayleigh;
}

Eigen::MatrixXd input_gradients(const Mlp& net, const Eigen::MatrixXd& x) {
  require_scalar_output(net);
  MlpCache cache;
  MlpGrads grads;
  tl::nn::mlp_forward(net, x, cache);
  tl::nn::mlp_backward(net, cache, Eigen::RowVectorXd::Ones(x.cols()), grads, true);
  return grads.dx;
}

double input_penalty(const Mlp& net, const Eigen::MatrixXd& x) {
  return input_gradients(net, x).colwise().squaredNorm().sum() / static_cast<double>(x.cols());
}

Eigen::VectorXd input_penalty_gradient(const Mlp& net, const Eigen::MatrixXd& x, const double fd_step) {
  const Eigen::MatrixXd v = input_gradients(net, x);  // ∇_x f(x_i), columns
  const Eigen::RowVectorXd norms = v.colwise().norm();
  Eigen::MatrixXd u = v;
  for (Eigen::Index i = 0; i < u.cols(); ++i)
    if (norms(i) > 0) u.col(i) /= norms(i);
  // Σ_i ‖v_i‖ ∇_θ f(x_i ± ε u_i): one batched backward each, weights ‖v_i‖.
  const Eigen::VectorXd plus = weighted_parameter_gradient(net, x + fd_step * u, norms);
  const Eigen::VectorXd minus = weighted_parameter_gradient(net, x - fd_step * u, norms);
  return (2.0 / static_cast<double>(x.cols())) * (plus - minus) / (2 * fd_step);
}

}  // namespace gradient_penalty
