#include "theorylab/nn/scalar_head.hpp"

#include <cmath>
#include <stdexcept>

#include "theorylab/nn/loss.hpp"
#include "theorylab/nn/mlp.hpp"

namespace tl::nn {

const char* to_string(HeadKind kind) {
  switch (kind) {
    case HeadKind::LinearReadout: return "readout";
    case HeadKind::SquaredError: return "squared_error";
    case HeadKind::LogSumExp: return "logsumexp";
  }
  return "?";
}

HeadKind parse_head(const std::string& name) {
  for (HeadKind k : {HeadKind::LinearReadout, HeadKind::SquaredError, HeadKind::LogSumExp})
    if (name == to_string(k)) return k;
  throw std::invalid_argument("unknown head '" + name + "' (allowed: readout, squared_error, logsumexp)");
}

ScalarHead random_head(HeadKind kind, int output_dim, Rng& rng) {
  ScalarHead head;
  head.kind = kind;
  if (kind == HeadKind::LinearReadout)
    head.vector = gaussian_matrix(output_dim, 1, 1.0 / std::sqrt(static_cast<double>(output_dim)), rng);
  else if (kind == HeadKind::SquaredError)
    head.vector = gaussian_matrix(output_dim, 1, 1.0, rng);
  return head;
}

namespace {
void check_dim(const ScalarHead& head, const Eigen::MatrixXd& y) {
  if (head.kind != HeadKind::LogSumExp && head.vector.size() != y.rows())
    throw std::invalid_argument("scalar head of dimension " + std::to_string(head.vector.size()) +
                                " applied to outputs of dimension " + std::to_string(y.rows()));
}
}  // namespace

Eigen::VectorXd scalar_head_forward(const ScalarHead& head, const Eigen::MatrixXd& y) {
  check_dim(head, y);
  switch (head.kind) {
    case HeadKind::LinearReadout: return y.transpose() * head.vector;
    case HeadKind::SquaredError: return 0.5 * (y.colwise() - head.vector).colwise().squaredNorm().transpose();
    case HeadKind::LogSumExp: return column_logsumexp(y);
  }
  return {};
}

void scalar_head_backward(Eigen::MatrixXd& dy, const ScalarHead& head, const Eigen::MatrixXd& y) {
  check_dim(head, y);
  switch (head.kind) {
    case HeadKind::LinearReadout: dy = head.vector.replicate(1, y.cols()); return;
    case HeadKind::SquaredError: dy = y.colwise() - head.vector; return;
    case HeadKind::LogSumExp: {
      dy.resize(y.rows(), y.cols());
      for (Eigen::Index b = 0; b < y.cols(); ++b) {
        dy.col(b) = (y.col(b).array() - y.col(b).maxCoeff()).exp();
        dy.col(b) /= dy.col(b).sum();
      }
      return;
    }
  }
}

}  // namespace tl::nn
