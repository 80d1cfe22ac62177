#include "gradient_penalty/training.hpp"

#include <cmath>

#include "gradient_penalty/inequality.hpp"

#include "theorylab/core/cancellation.hpp"

namespace gradient_penalty {

Factors measure_factors(const tl::nn::Mlp& net, const Eigen::MatrixXd& x) {
  const int depth = net.depth();
  Factors f;
  f.h_norm.assign(depth, 0.0);
  f.j_norm.assign(depth, 0.0);
  const WeightNorms norms = weight_norms(net);
  f.w_norm = norms.spectral;
  tl::nn::ScalarHead head;  // f = the scalar output
  head.kind = tl::nn::HeadKind::LinearReadout;
  head.vector = Eigen::VectorXd::Ones(net.output_dim());
  int defined = 0;
  for (Eigen::Index i = 0; i < x.cols(); ++i) {
    const SampleCheck c = check_sample(net, norms, head, x.col(i));
    for (int t = 0; t < depth; ++t) {
      f.h_norm[t] += c.h_norm[t] / static_cast<double>(x.cols());
      f.j_norm[t] += c.j_norm[t] / static_cast<double>(x.cols());
    }
    if (!c.defined) {
      ++f.undefined;
      continue;
    }
    ++defined;
    f.bracket += c.bracket;
    f.ratio += c.ratio;
  }
  if (defined > 0) {
    f.bracket /= defined;
    f.ratio /= defined;
  }
  return f;
}

CurveMetrics curve_metrics(const tl::nn::Mlp& net, const Eigen::MatrixXd& x_train, int grid_points) {
  CurveMetrics m;
  m.dirichlet_train = input_penalty(net, x_train);
  Eigen::MatrixXd grid(1, grid_points);
  for (int k = 0; k < grid_points; ++k) grid(0, k) = -1.0 + 2.0 * k / (grid_points - 1);
  const Eigen::MatrixXd slope = input_gradients(net, grid);  // [1, grid]
  m.dirichlet_grid = slope.squaredNorm() / grid_points;
  const double dx = 2.0 / (grid_points - 1);
  for (int k = 0; k + 1 < grid_points; ++k)
    m.arc_length += 0.5 * dx * (std::sqrt(1 + slope(0, k) * slope(0, k)) + std::sqrt(1 + slope(0, k + 1) * slope(0, k + 1)));
  return m;
}

namespace {

Eigen::RowVectorXd trace_row(long step, double loss, const Factors& f) {
  const int depth = static_cast<int>(f.w_norm.size());
  Eigen::RowVectorXd r(4 + 3 * depth);
  r(0) = static_cast<double>(step);
  r(1) = loss;
  r(2) = f.bracket;
  r(3) = f.ratio;
  for (int t = 0; t < depth; ++t) {
    r(4 + t) = f.h_norm[t];
    r(4 + depth + t) = f.w_norm[t];
    r(4 + 2 * depth + t) = f.j_norm[t];
  }
  return r;
}

}  // namespace

ArmResult train_arm(tl::nn::Mlp net, const RegressionData& data, const ArmSettings& arm, const StopRule& stop,
                    int grid_points) {
  ArmResult result;
  result.settings = arm;
  result.start = measure_factors(net, data.x);
  std::vector<Eigen::RowVectorXd> trace;
  Eigen::VectorXd theta = tl::nn::flatten_parameters(net);
  long step = 0;
  double loss = 0;
  for (;; ++step) {
    tl::throw_if_cancelled();
    Eigen::VectorXd grad = data_loss_gradient(net, data, &loss);
    if (!std::isfinite(loss) || !grad.allFinite()) {
      result.diverged = true;
      break;
    }
    if (step % stop.trace_every == 0) trace.push_back(trace_row(step, loss, measure_factors(net, data.x)));
    if (loss <= stop.loss_target) {
      result.reached = true;
      break;
    }
    if (step >= stop.max_steps) break;
    if (arm.lambda_theta > 0) grad += arm.lambda_theta * theta_penalty_gradient(net, data.x, stop.fd_step);
    if (arm.lambda_loss > 0) grad += arm.lambda_loss * loss_gradient_penalty_gradient(net, data, stop.fd_step);
    if (arm.mu_input > 0) grad += arm.mu_input * input_penalty_gradient(net, data.x, stop.fd_step);
    if (!grad.allFinite()) {
      result.diverged = true;
      break;
    }
    theta -= arm.learning_rate * grad;
    tl::nn::unflatten_parameters(net, theta);
  }
  result.steps = step;
  result.loss = loss;
  result.final_net = net;
  if (!result.diverged) {
    result.end = measure_factors(net, data.x);
    result.metrics = curve_metrics(net, data.x, grid_points);
    if (trace.empty() || trace.back()(0) != static_cast<double>(step))
      trace.push_back(trace_row(step, loss, result.end));
  }
  result.trace.resize(static_cast<Eigen::Index>(trace.size()), trace.empty() ? 0 : trace.front().size());
  for (std::size_t k = 0; k < trace.size(); ++k) result.trace.row(static_cast<Eigen::Index>(k)) = trace[k];
  return result;
}

}  // namespace gradient_penalty
