#include "theorylab/math/softmax_statistics.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <stdexcept>

namespace tl {

namespace {

// exp(x) for x <= 0, written so that GCC vectorises it inside the loop below (no
// calls, no branches): x = k ln 2 + r with |r| <= ln2/2 (Cody-Waite split of ln 2, the
// fdlibm constants: k ln2_hi is exact), exp(r) by a degree-11 near-minimax polynomial
// (Chebyshev fit with mpmath at 50 digits; approximation error 3.2e-18), times 2^k
// built in the exponent bits. Relative error a few ulp (tested against long double).
// Arguments below -708 are clamped there: the weight is then 3e-308 instead of
// smaller, immaterial beside Z >= 1 (and weights 0 only arise for the top score).
inline double exp_nonpositive(double x) {
  x = x < -708.0 ? -708.0 : x;
  const double k = std::nearbyint(x * 1.4426950408889634);  // x / ln 2
  const double r = (x - k * 6.93147180369123816490e-01) - k * 1.90821492927058770002e-10;
  double p = 2.511003760596377771200375e-8;
  p = p * r + 2.763263963904102974927561e-7;
  p = p * r + 2.75572409185789698230135e-6;
  p = p * r + 2.480148548232849241895143e-5;
  p = p * r + 1.984126989004711370668264e-4;
  p = p * r + 1.388888895231477465241584e-3;
  p = p * r + 8.333333333319600610909625e-3;
  p = p * r + 4.16666666664880954954391e-2;
  p = p * r + 1.666666666666668080566418e-1;
  p = p * r + 5.000000000000018385526257e-1;
  p = p * r + 9.999999999999999997641258e-1;
  p = p * r + 9.999999999999999969328255e-1;
  const std::int64_t bits = (static_cast<std::int64_t>(k) + 1023) << 52;  // 2^k, k in [-1022, 0]
  double two_k;
  std::memcpy(&two_k, &bits, sizeof two_k);
  return p * two_k;
}

// Independent accumulators per SIMD lane (a double reduction is only vectorised when
// its order is fixed by the code, not by -ffast-math).
constexpr int kLanes = 8;

}  // namespace

SoftmaxStatistics softmax_statistics(const double* scores, std::size_t n, double scale) {
  if (n == 0) throw std::invalid_argument("softmax_statistics: empty score vector");
  using Array = Eigen::Array<double, Eigen::Dynamic, 1>;
  const Eigen::Map<const Array> s(scores, static_cast<Eigen::Index>(n));

  // Pass 1: the score with the largest scaled value. Multiplication by a scale >= 0
  // is monotone also after rounding, so m = scale * top = max_i fl(scale * s_i).
  const double top = scale >= 0 ? s.maxCoeff() : s.minCoeff();
  const double m = scale * top;

  // Pass 2: t_i = scale s_i - m <= 0, w_i = exp(t_i) in [0, 1]. The c scores equal to
  // `top` (w = 1 exactly, t = 0) are counted, not summed, so that r = Z - c and
  // q = sum w^2 - c come without cancellation:
  //   1 - sum p^2 = (Z^2 - c - q) / Z^2 = (c (c - 1) + 2 c r + (r^2 - q)) / Z^2,
  // every term >= 0, accurate when p is nearly one-hot.
  double rest[kLanes] = {}, rest_sq[kLanes] = {}, wt[kLanes] = {}, ties[kLanes] = {};
  std::size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    for (int l = 0; l < kLanes; ++l) {
      const double x = scores[i + l];
      const double t = std::fma(scale, x, -m);
      // Arithmetic masking, not a branch or a select on x == top: GCC if-converts
      // and vectorises only this form (checked with -fopt-info-vec).
      const double e = exp_nonpositive(t);
      const double is_top = static_cast<double>(x == top);
      const double w = e - e * is_top;  // exactly 0 for a top score (e is 1 there)
      ties[l] += is_top;
      rest[l] += w;
      rest_sq[l] += w * w;
      wt[l] += w * t;
    }
  }
  for (; i < n; ++i) {
    const double x = scores[i];
    const double t = std::fma(scale, x, -m);
    const double e = exp_nonpositive(t);
    const double is_top = static_cast<double>(x == top);
    const double w = e - e * is_top;
    ties[0] += is_top;
    rest[0] += w;
    rest_sq[0] += w * w;
    wt[0] += w * t;
  }
  double r = 0, q = 0, sum_wt = 0, c = 0;
  for (int l = 0; l < kLanes; ++l) r += rest[l], q += rest_sq[l], sum_wt += wt[l], c += ties[l];

  const double z = c + r;
  const double log_z = std::log1p((c - 1) + r);
  SoftmaxStatistics out;
  out.log_sum_exp = m + log_z;
  // H = log Z - sum_i w_i t_i / Z  (log p_i = t_i - log Z).
  out.entropy = log_z - sum_wt / z;
  out.sum_p_squared = (c + q) / (z * z);
  out.one_minus_sum_p_squared = (c * (c - 1) + 2 * c * r + (r * r - q)) / (z * z);
  out.gradient_objective = scale * out.one_minus_sum_p_squared;
  return out;
}

SoftmaxStatistics softmax_statistics(const Eigen::Ref<const Eigen::VectorXd>& scores, double scale) {
  // Ref of a VectorXd is contiguous (inner stride 1).
  return softmax_statistics(scores.data(), static_cast<std::size_t>(scores.size()), scale);
}

}  // namespace tl
