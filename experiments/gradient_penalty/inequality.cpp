#include "gradient_penalty/inequality.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <Eigen/SVD>

namespace gradient_penalty {

double spectral_norm(const Eigen::MatrixXd& m) {
  if (m.size() == 0) return 0.0;
  // Eigen's SVDs leave the singular values unset on a non-finite input (InvalidInput).
  if (!m.allFinite()) return std::numeric_limits<double>::quiet_NaN();
  if (std::min(m.rows(), m.cols()) <= 16) return Eigen::JacobiSVD<Eigen::MatrixXd>(m).singularValues()(0);
  return Eigen::BDCSVD<Eigen::MatrixXd>(m).singularValues()(0);
}

WeightNorms weight_norms(const tl::nn::Mlp& net) {
  WeightNorms n;
  for (const auto& layer : net.layers) {
    n.spectral.push_back(spectral_norm(layer.W));
    n.frobenius.push_back(layer.W.norm());
  }
  return n;
}

namespace {
double relative_error(double a, double b) {
  const double scale = std::max(std::abs(a), std::abs(b));
  return scale == 0 ? 0.0 : std::abs(a - b) / scale;
}
}  // namespace

SampleCheck check_sample(const tl::nn::Mlp& net, const WeightNorms& norms, const tl::nn::ScalarHead& head,
                         const Eigen::VectorXd& x) {
  tl::nn::SampleGradients s;
  tl::nn::sample_gradients(net, head, x, s, true);
  const int depth = net.depth();
  const Eigen::VectorXd grad_x = s.grads.dx.col(0);
  const double gx2 = grad_x.squaredNorm();

  SampleCheck c;
  c.r.assign(depth, std::numeric_limits<double>::quiet_NaN());
  c.h_norm.assign(depth, 0.0);
  c.j_norm.assign(depth, 0.0);
  double rhs = 0, bracket = 0, bracket_frob = 0, weighted_r = 0;
  bool zero_denominator = false;
  auto tiny = [](double v) { return v > 0 && v < kUnderflow; };
  if (tiny(grad_x.stableNorm())) c.underflow = true;
  for (int t = 0; t < depth; ++t) {
    const Eigen::VectorXd delta = s.grads.dz[t].col(0);
    const double delta2 = delta.squaredNorm();
    const double one_plus_h2 = 1.0 + s.cache.h[t].squaredNorm();
    const double w = norms.spectral[t], w_frob = norms.frobenius[t];
    const double j = t == 0 ? 1.0 : spectral_norm(s.J[t]);  // J_0 = I: spectral norm 1
    const double j_frob = s.J[t].norm();
    c.h_norm[t] = s.cache.h[t].norm();
    c.j_norm[t] = j;
    if (tiny(delta.stableNorm()) || tiny(j) || tiny(w)) c.underflow = true;
    const double weight = delta2 * one_plus_h2;  // = ‖∇_W f‖² + ‖∇_b f‖²
    rhs += weight;
    if (w == 0 || j == 0) {
      zero_denominator = true;
      continue;
    }
    // Identities that hold exactly up to rounding.
    const Eigen::VectorXd via_layer = s.J[t].transpose() * (net.layers[t].W.transpose() * delta);
    const double gx_norm = std::max(grad_x.norm(), via_layer.norm());
    c.grad_x_identity_error =
        std::max(c.grad_x_identity_error, gx_norm == 0 ? 0.0 : (via_layer - grad_x).norm() / gx_norm);
    const double param2 = s.grads.dW[t].squaredNorm() + s.grads.db[t].squaredNorm();
    c.param_identity_error = std::max(c.param_identity_error, relative_error(param2, weight));

    const double bound2 = w * w * j * j * delta2;  // ‖W_t‖²‖J_t‖²‖δ_t‖²
    if (gx2 > bound2 * (1 + kViolationTolerance)) ++c.multiplied_violations;
    if (delta2 > 0) {
      c.r[t] = via_layer.squaredNorm() / bound2;
      weighted_r += weight * c.r[t];
    }
    bracket += one_plus_h2 / (w * w * j * j);
    bracket_frob += one_plus_h2 / (w_frob * w_frob * j_frob * j_frob);
  }
  c.rhs = rhs;
  // Undefined: a zero denominator, or a norm so small that its square is subnormal (the
  // double format cannot resolve the comparison there). Counted, never a NaN in a summary.
  if (zero_denominator || rhs == 0 || c.underflow) {
    c.grad_x_identity_error = c.param_identity_error = 0;  // not resolvable either
    c.multiplied_violations = 0;
    std::fill(c.r.begin(), c.r.end(), std::numeric_limits<double>::quiet_NaN());
    return c;
  }
  c.defined = true;
  c.bracket = bracket;
  c.lhs = gx2 * bracket;
  c.lhs_frobenius = gx2 * bracket_frob;
  c.ratio = c.lhs / rhs;
  c.ratio_frobenius = c.lhs_frobenius / rhs;
  c.weighted_mean_error = std::abs(c.ratio - weighted_r / rhs);
  // Undefined too: a norm or product that overflowed (weights of a huge init_scale), so
  // that the comparison is inf/inf or NaN. A NaN ratio is never "no violation".
  if (!std::isfinite(c.lhs) || !std::isfinite(c.lhs_frobenius) || !std::isfinite(rhs) || !std::isfinite(c.ratio) ||
      !std::isfinite(c.ratio_frobenius)) {
    c.defined = false;
    c.grad_x_identity_error = c.param_identity_error = c.weighted_mean_error = 0;
    c.multiplied_violations = 0;
    std::fill(c.r.begin(), c.r.end(), std::numeric_limits<double>::quiet_NaN());
  }
  return c;
}

}  // namespace gradient_penalty
