#pragma once
// Statistics of p = softmax(scale * s) for a vector of scores s, computed through the
// shifted log-sum-exp (design.md "Numerics"): with m = max_i scale*s_i and
// w_i = exp(scale*s_i - m) <= 1, Z = sum w_i >= 1, so nothing can overflow for any
// finite scores and scale. Two passes over the scores: the index of the top score,
// then all sums at once (an AVX-512 kernel with a table-driven exp where the compiler
// targets AVX-512, else plain loops that GCC vectorises).
//
// Used by attention experiments: the entropy H(p) (kexue.fm 8823/9588) and the
// softmax-Jacobian objective scale*(1 - sum p_i^2) (kexue.fm 9812: half the L1 norm
// of d p / d s).
#include <cstddef>

#include <Eigen/Core>

namespace tl {

struct SoftmaxStatistics {
  double log_sum_exp = 0;    // log sum_i exp(scale * s_i)
  double entropy = 0;        // -sum_i p_i log p_i, nats
  double sum_p_squared = 0;  // sum_i p_i^2 (the collision probability)
  // 1 - sum_i p_i^2 computed without cancellation (from the mass off the largest
  // score), accurate also when p is nearly one-hot.
  double one_minus_sum_p_squared = 0;
  // scale * (1 - sum_i p_i^2): half the L1 norm of the softmax Jacobian, the
  // objective that kexue.fm 9812 maximises over the scale.
  double gradient_objective = 0;
};

// Domain: n >= 1 (throws std::invalid_argument for n == 0, both overloads); n = 1 gives
// entropy 0 and sum_p_squared 1 at any finite score; finite scores and a finite
// scale with |scale * s_i| <= DBL_MAX for every i (0 gives the uniform distribution).
// On it nothing overflows: entropy in [0, log n], sum_p_squared in [1/n, 1]. Outside it
// (a NaN or infinite score, or scale * s_i overflowing) the fields are NaN, never a
// wrong finite number.
SoftmaxStatistics softmax_statistics(const double* scores, std::size_t n, double scale);
SoftmaxStatistics softmax_statistics(const Eigen::Ref<const Eigen::VectorXd>& scores, double scale);

namespace detail {
// The portable loops alone (what builds without AVX-512 use), so that tests check both.
SoftmaxStatistics softmax_statistics_portable(const double* scores, std::size_t n, double scale);
bool softmax_statistics_uses_avx512();
}  // namespace detail

}  // namespace tl
