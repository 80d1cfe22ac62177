#include "theorylab/math/softmax_statistics.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace tl {

namespace {
// Block length of the second pass: the shifted scores and their exponentials of one
// block stay in L1 while the three sums read them.
constexpr std::size_t kBlock = 512;
}  // namespace

SoftmaxStatistics softmax_statistics(const double* scores, std::size_t n, double scale) {
  if (n == 0) throw std::invalid_argument("softmax_statistics: empty score vector");
  using Array = Eigen::Array<double, Eigen::Dynamic, 1>;
  const Eigen::Map<const Array> s(scores, static_cast<Eigen::Index>(n));

  // Pass 1: the largest scaled score. Multiplication by a scale >= 0 is monotone also
  // after rounding, so scale * max(s) is exactly max(scale * s_i).
  Eigen::Index top = 0;
  if (scale >= 0)
    s.maxCoeff(&top);
  else
    s.minCoeff(&top);
  const double m = scale * scores[top];

  // Pass 2: t_i = scale*s_i - m <= 0, w_i = exp(t_i) in (0, 1]. The top element
  // (w = 1, t = 0) is left out of the sums so that r = Z - 1 and q = sum w^2 - 1 are
  // computed directly: 1 - sum p^2 = (2r + r^2 - q) / (1 + r)^2 has no cancellation.
  alignas(64) double t_buf[kBlock];
  alignas(64) double w_buf[kBlock];
  double rest = 0, rest_sq = 0, wt = 0;
  for (std::size_t start = 0; start < n; start += kBlock) {
    const std::size_t len = std::min(kBlock, n - start);
    Eigen::Map<Array> t(t_buf, static_cast<Eigen::Index>(len));
    Eigen::Map<Array> w(w_buf, static_cast<Eigen::Index>(len));
    t = scale * s.segment(static_cast<Eigen::Index>(start), static_cast<Eigen::Index>(len)) - m;
    w = t.exp();
    const std::size_t top_index = static_cast<std::size_t>(top);
    if (top_index >= start && top_index < start + len) w_buf[top_index - start] = 0;
    rest += w.sum();
    rest_sq += w.square().sum();
    wt += (w * t).sum();
  }
  const double z = 1 + rest;
  SoftmaxStatistics out;
  const double log_z = std::log1p(rest);
  out.log_sum_exp = m + log_z;
  // H = log Z - sum w_i t_i / Z  (t_i = log p_i + log Z).
  out.entropy = log_z - wt / z;
  out.sum_p_squared = (1 + rest_sq) / (z * z);
  out.one_minus_sum_p_squared = (2 * rest + rest * rest - rest_sq) / (z * z);
  out.gradient_objective = scale * out.one_minus_sum_p_squared;
  return out;
}

SoftmaxStatistics softmax_statistics(const Eigen::Ref<const Eigen::VectorXd>& scores, double scale) {
  // Ref of a VectorXd is contiguous (inner stride 1).
  return softmax_statistics(scores.data(), static_cast<std::size_t>(scores.size()), scale);
}

}  // namespace tl
