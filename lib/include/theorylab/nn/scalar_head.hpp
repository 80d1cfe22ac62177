#pragma once
// Scalar functions f of the network output y = h[l] (kexue.fm 8796: "any scalar f"),
// per column of a batch: values f [B] and gradients ∂f/∂y [n_l, B].
//
//   linear read-out  f(y) = cᵀy            ∂f/∂y = c
//   squared error    f(y) = ½‖y − target‖²  ∂f/∂y = y − target
//   log-sum-exp      f(y) = log Σ_i e^{y_i} ∂f/∂y = softmax(y)   (shifted by max y)
#include <string>

#include <Eigen/Core>

#include "theorylab/core/random.hpp"

namespace tl::nn {

enum class HeadKind { LinearReadout, SquaredError, LogSumExp };
const char* to_string(HeadKind kind);              // "readout", "squared_error", "logsumexp"
HeadKind parse_head(const std::string& name);      // throws std::invalid_argument

struct ScalarHead {
  HeadKind kind = HeadKind::LinearReadout;
  Eigen::VectorXd vector;  // c for the read-out, the target for squared error, unused for log-sum-exp
};
// A random head for outputs of dimension n: c ~ N(0, I/n) or target ~ N(0, I).
ScalarHead random_head(HeadKind kind, int output_dim, Rng& rng);

// y [n,B] → f [B]
Eigen::VectorXd scalar_head_forward(const ScalarHead& head, const Eigen::MatrixXd& y);
// y [n,B] → dy [n,B] = ∂f_b/∂y[:,b] (per column, not averaged)
void scalar_head_backward(Eigen::MatrixXd& dy, const ScalarHead& head, const Eigen::MatrixXd& y);

}  // namespace tl::nn
