#include "theorylab/nn/loss.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace tl::nn {

namespace {
void check_labels(const Eigen::MatrixXd& m, const std::vector<int>& labels) {
  if (static_cast<Eigen::Index>(labels.size()) != m.cols())
    throw std::invalid_argument("cross-entropy: " + std::to_string(labels.size()) + " labels for a batch of " +
                                std::to_string(m.cols()));
  for (int y : labels)
    if (y < 0 || y >= m.rows())
      throw std::invalid_argument("cross-entropy: label " + std::to_string(y) + " outside 0.." +
                                  std::to_string(m.rows() - 1));
}
}  // namespace

Eigen::VectorXd column_logsumexp(const Eigen::MatrixXd& logits) {
  Eigen::VectorXd out(logits.cols());
  for (Eigen::Index b = 0; b < logits.cols(); ++b) {
    const double m = logits.col(b).maxCoeff();
    out(b) = m + std::log((logits.col(b).array() - m).exp().sum());
  }
  return out;
}

double softmax_cross_entropy_forward(Eigen::MatrixXd& probs, const Eigen::MatrixXd& logits,
                                     const std::vector<int>& labels) {
  check_labels(logits, labels);
  probs.resize(logits.rows(), logits.cols());
  double total = 0;
  for (Eigen::Index b = 0; b < logits.cols(); ++b) {
    const double m = logits.col(b).maxCoeff();
    probs.col(b) = (logits.col(b).array() - m).exp();
    const double s = probs.col(b).sum();
    probs.col(b) /= s;
    total += m + std::log(s) - logits(labels[b], b);
  }
  return logits.cols() > 0 ? total / static_cast<double>(logits.cols()) : 0.0;
}

void softmax_cross_entropy_backward(Eigen::MatrixXd& dlogits, const Eigen::MatrixXd& probs,
                                    const std::vector<int>& labels) {
  check_labels(probs, labels);
  const double inv_batch = 1.0 / static_cast<double>(probs.cols());
  dlogits = probs;
  for (Eigen::Index b = 0; b < probs.cols(); ++b) dlogits(labels[b], b) -= 1.0;
  dlogits *= inv_batch;
}

double accuracy(const Eigen::MatrixXd& logits, const std::vector<int>& labels) {
  check_labels(logits, labels);
  if (logits.cols() == 0) return 0.0;
  Eigen::Index hits = 0;
  for (Eigen::Index b = 0; b < logits.cols(); ++b) {
    Eigen::Index arg = 0;
    logits.col(b).maxCoeff(&arg);
    hits += (arg == labels[b]);
  }
  return static_cast<double>(hits) / static_cast<double>(logits.cols());
}

}  // namespace tl::nn
