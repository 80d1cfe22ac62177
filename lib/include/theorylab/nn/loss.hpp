#pragma once
// Softmax cross-entropy head (batched, batch as columns), through the shifted
// log-sum-exp: loss_b = logsumexp(logits[:,b]) − logits[label_b, b].
#include <vector>

#include <Eigen/Core>

namespace tl::nn {

// logits [C,B], labels [B] in 0..C-1 → probs [C,B] (softmax per column); returns the mean
// loss over the batch in nats. Throws std::invalid_argument for a label out of range.
double softmax_cross_entropy_forward(Eigen::MatrixXd& probs, const Eigen::MatrixXd& logits,
                                     const std::vector<int>& labels);
// dlogits [C,B] = (probs − onehot(labels)) / B, the gradient of the MEAN loss
void softmax_cross_entropy_backward(Eigen::MatrixXd& dlogits, const Eigen::MatrixXd& probs,
                                    const std::vector<int>& labels);
// Per-column log-sum-exp [B] of logits [C,B] (shifted by the column max).
Eigen::VectorXd column_logsumexp(const Eigen::MatrixXd& logits);
// Fraction of columns whose argmax (first on ties) equals the label.
double accuracy(const Eigen::MatrixXd& logits, const std::vector<int>& labels);

}  // namespace tl::nn
