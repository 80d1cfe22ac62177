#include "theorylab/math/softmax_statistics.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <stdexcept>

#if defined(__AVX512F__) && defined(__AVX512DQ__)
#include <immintrin.h>
#define THEORYLAB_SOFTMAX_AVX512 1
#endif

namespace tl {

namespace {

// Pass 2's sums over the scores that differ from the top score `top` (whose scaled
// value is m): r = sum w_i, q = sum w_i^2, wt = sum w_i t_i with t_i = scale (s_i - top)
// <= 0, w_i = exp(t_i); `ties` counts the scores equal to `top` (weight 1, t = 0).
struct Sums {
  double r = 0, q = 0, wt = 0, ties = 0;
};

// exp(x) for x <= 0, written so that GCC vectorises it inside the portable loop (no
// calls, no branches): x = k ln 2 + r with |r| <= ln2/2 (Cody-Waite split of ln 2, the
// fdlibm constants: k ln2_hi is exact), exp(r) by a degree-11 near-minimax polynomial
// (Chebyshev fit with mpmath at 50 digits; approximation error 3.2e-18), times 2^k
// built in the exponent bits. Relative error a few ulp (tested against long double).
// Arguments below -708 are clamped there: the weight is then 3e-308 instead of
// smaller, immaterial beside Z >= 1.
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
  // 2^k, k in [-1022, 0]; a NaN x (outside the domain) must not reach the integer
  // conversion (undefined behaviour): p is NaN then anyway, so any k will do.
  const std::int64_t bits = ((k == k ? static_cast<std::int64_t>(k) : 0) + 1023) << 52;
  double two_k;
  std::memcpy(&two_k, &bits, sizeof two_k);
  return p * two_k;
}

// Independent accumulators per SIMD lane (a double reduction is only vectorised when
// its order is fixed by the code, not by -ffast-math).
constexpr int kLanes = 8;
// The shifted scores t = scale (s - top) are <= 0 (x - top rounds toward the top, never
// past it) and clamped below at -708, where exp(t) ~ 3e-308 counts as nothing against
// the top's weight 1; clamped before entering wt = sum w t too, or a t near -DBL_MAX
// times that weight would add a finite amount (or -inf) to the entropy.
constexpr double kExpFloor = -708.0;

// Portable pass 2 over [begin, end): plain loops that GCC vectorises. The top scores
// are masked arithmetically (e - e * is_top), not by a branch or a select on
// x == top: GCC if-converts and vectorises only this form (checked with -fopt-info-vec).
void accumulate_portable(const double* s, std::size_t begin, std::size_t end, double scale, double top,
                         double m, Sums& out) {
  double rest[kLanes] = {}, rest_sq[kLanes] = {}, wt[kLanes] = {}, ties[kLanes] = {};
  std::size_t i = begin;
  for (; i + kLanes <= end; i += kLanes) {
    for (int l = 0; l < kLanes; ++l) {
      const double x = s[i + l];
      const double t = std::max(scale * (x - top), kExpFloor);  // in [-708, 0]: see kExpFloor
      const double e = exp_nonpositive(t);
      const double is_top = static_cast<double>(x == top);
      const double w = e - e * is_top;  // exactly 0 for a top score
      ties[l] += is_top;
      rest[l] += w;
      rest_sq[l] += w * w;
      wt[l] += w * t;
    }
  }
  for (; i < end; ++i) {
    const double x = s[i];
    const double t = std::max(scale * (x - top), kExpFloor);  // in [-708, 0]: see kExpFloor
    const double e = exp_nonpositive(t);
    const double is_top = static_cast<double>(x == top);
    const double w = e - e * is_top;
    ties[0] += is_top;
    rest[0] += w;
    rest_sq[0] += w * w;
    wt[0] += w * t;
  }
  for (int l = 0; l < kLanes; ++l) out.r += rest[l], out.q += rest_sq[l], out.wt += wt[l], out.ties += ties[l];
}

#ifdef THEORYLAB_SOFTMAX_AVX512
// AVX-512 pass 2, the same sums: exp(t) = 2^(k/16) exp(r), k = round(16 t / ln 2),
// |r| <= ln2/32; 2^((k mod 16)/16) from a 16-entry table held in two registers (one
// permute), exp(r) - 1 by a degree-6 near-minimax polynomial (mpmath Chebyshev fit,
// error 7e-18) in Estrin form, 2^floor(k/16) by scalef. Two vectors per iteration
// (independent accumulators) to keep the FMA pipes busy. ~15% faster than the
// portable loop on the development machine (AMD EPYC, bench_gradient_max_scale).
struct Exp2Table {
  __m512d lo, hi;
  Exp2Table() {
    alignas(64) double t[16];
    for (int j = 0; j < 16; ++j) t[j] = static_cast<double>(std::exp2(static_cast<long double>(j) / 16));
    lo = _mm512_load_pd(t);
    hi = _mm512_load_pd(t + 8);
  }
};

void accumulate_avx512(const double* s, std::size_t n, double scale, double top, double m, Sums& out) {
  static const Exp2Table table;
  const __m512d v_scale = _mm512_set1_pd(scale), v_top = _mm512_set1_pd(top);
  const __m512d v_floor = _mm512_set1_pd(-708.0), one = _mm512_set1_pd(1.0);
  const __m512d v_16_over_ln2 = _mm512_set1_pd(23.083120654223414);  // 16 / ln 2
  const __m512d v_ln2_hi = _mm512_set1_pd(6.93147180369123816490e-01 / 16);
  const __m512d v_ln2_lo = _mm512_set1_pd(1.90821492927058770002e-10 / 16);
  const __m512d c6 = _mm512_set1_pd(0.001388909253274910475214), c5 = _mm512_set1_pd(0.008333496248686917899814),
                c4 = _mm512_set1_pd(0.04166666666188924978761), c3 = _mm512_set1_pd(0.1666666666284472506901),
                c2 = _mm512_set1_pd(0.5000000000000002801911), c1 = _mm512_set1_pd(1.000000000000002241534);
  auto weights = [&](__m512d t) {
    const __m512d tc = _mm512_max_pd(t, v_floor);
    const __m512d kf =
        _mm512_roundscale_pd(_mm512_mul_pd(tc, v_16_over_ln2), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    const __m512d r = _mm512_fnmadd_pd(kf, v_ln2_lo, _mm512_fnmadd_pd(kf, v_ln2_hi, tc));
    const __m512i k = _mm512_cvtpd_epi64(kf);
    const __m512d two_frac = _mm512_permutex2var_pd(table.lo, k, table.hi);  // low 4 bits of k select
    const __m512d two_int = _mm512_cvtepi64_pd(_mm512_srai_epi64(k, 4));     // floor(k / 16)
    const __m512d r2 = _mm512_mul_pd(r, r);
    // exp(r) - 1 = r [(c1 + c2 r) + r^2 (c3 + c4 r) + r^4 (c5 + c6 r)]
    const __m512d a = _mm512_fmadd_pd(c2, r, c1), b = _mm512_fmadd_pd(c4, r, c3), c = _mm512_fmadd_pd(c6, r, c5);
    const __m512d p = _mm512_mul_pd(_mm512_fmadd_pd(_mm512_fmadd_pd(c, r2, b), r2, a), r);
    return _mm512_scalef_pd(_mm512_fmadd_pd(two_frac, p, two_frac), two_int);
  };
  __m512d rest[2] = {_mm512_setzero_pd(), _mm512_setzero_pd()}, rest_sq[2] = {rest[0], rest[0]},
          wt[2] = {rest[0], rest[0]}, ties[2] = {rest[0], rest[0]};
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    for (int u = 0; u < 2; ++u) {
      const __m512d x = _mm512_loadu_pd(s + i + 8 * u);
      const __m512d t = _mm512_max_pd(v_floor, _mm512_mul_pd(v_scale, _mm512_sub_pd(x, v_top)));  // as in the loops
      const __mmask8 is_top = _mm512_cmp_pd_mask(x, v_top, _CMP_EQ_OQ);
      const __m512d w = _mm512_maskz_mov_pd(static_cast<__mmask8>(~is_top), weights(t));  // 0 for a top score
      ties[u] = _mm512_mask_add_pd(ties[u], is_top, ties[u], one);
      rest[u] = _mm512_add_pd(rest[u], w);
      rest_sq[u] = _mm512_fmadd_pd(w, w, rest_sq[u]);
      wt[u] = _mm512_fmadd_pd(w, t, wt[u]);
    }
  }
  out.r += _mm512_reduce_add_pd(_mm512_add_pd(rest[0], rest[1]));
  out.q += _mm512_reduce_add_pd(_mm512_add_pd(rest_sq[0], rest_sq[1]));
  out.wt += _mm512_reduce_add_pd(_mm512_add_pd(wt[0], wt[1]));
  out.ties += _mm512_reduce_add_pd(_mm512_add_pd(ties[0], ties[1]));
  accumulate_portable(s, i, n, scale, top, m, out);  // the < 16 left over
}
#endif

// The top score: the largest for scale >= 0, the smallest for scale < 0. Multiplication
// by a scale >= 0 is monotone also after rounding, so m = scale * top is exactly
// max_i fl(scale * s_i) (and likewise for scale < 0).
double top_score(const double* scores, std::size_t n, double scale) {
  if (n == 0) throw std::invalid_argument("softmax_statistics: empty score vector");
  const Eigen::Map<const Eigen::ArrayXd> s(scores, static_cast<Eigen::Index>(n));
  return scale >= 0 ? s.maxCoeff() : s.minCoeff();
}

// With c = ties >= 1 scores at the top (weight 1 each), Z = c + r and sum w^2 = c + q;
// r and q exclude the top scores, so
//   1 - sum p^2 = (Z^2 - c - q) / Z^2 = (c (c - 1) + 2 c r + (r^2 - q)) / Z^2
// has every term >= 0 and no cancellation, accurate when p is nearly one-hot.
// Outside the domain (scale * top overflows, or a NaN): every field NaN.
SoftmaxStatistics not_a_number() {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  return {nan, nan, nan, nan, nan};
}

// scale = 0: the uniform distribution, whatever the scores (scale * (x - top) would be
// 0 * inf = NaN for scores more than DBL_MAX apart). The same sums the loops give.
Sums uniform_sums(std::size_t n) {
  Sums sums;
  sums.ties = static_cast<double>(n);
  return sums;
}

SoftmaxStatistics finish(double scale, double m, const Sums& sums) {
  const double c = sums.ties, r = sums.r, q = sums.q;
  const double z = c + r;
  const double log_z = std::log1p((c - 1) + r);
  SoftmaxStatistics out;
  out.log_sum_exp = m + log_z;
  // H = log Z - sum_i w_i t_i / Z  (log p_i = t_i - log Z).
  out.entropy = log_z - sums.wt / z;
  out.sum_p_squared = (c + q) / (z * z);
  out.one_minus_sum_p_squared = (c * (c - 1) + 2 * c * r + (r * r - q)) / (z * z);
  out.gradient_objective = scale * out.one_minus_sum_p_squared;
  return out;
}

}  // namespace

SoftmaxStatistics softmax_statistics(const double* scores, std::size_t n, double scale) {
#ifdef THEORYLAB_SOFTMAX_AVX512
  const double top = top_score(scores, n, scale);
  const double m = scale * top;
  if (!std::isfinite(m)) return not_a_number();
  if (scale == 0) return finish(scale, m, uniform_sums(n));
  Sums sums;
  accumulate_avx512(scores, n, scale, top, m, sums);
  return finish(scale, m, sums);
#else
  return detail::softmax_statistics_portable(scores, n, scale);
#endif
}

SoftmaxStatistics softmax_statistics(const Eigen::Ref<const Eigen::VectorXd>& scores, double scale) {
  // Ref of a VectorXd is contiguous (inner stride 1).
  return softmax_statistics(scores.data(), static_cast<std::size_t>(scores.size()), scale);
}

namespace detail {

SoftmaxStatistics softmax_statistics_portable(const double* scores, std::size_t n, double scale) {
  const double top = top_score(scores, n, scale);
  const double m = scale * top;
  if (!std::isfinite(m)) return not_a_number();
  if (scale == 0) return finish(scale, m, uniform_sums(n));
  Sums sums;
  accumulate_portable(scores, 0, n, scale, top, m, sums);
  return finish(scale, m, sums);
}

bool softmax_statistics_uses_avx512() {
#ifdef THEORYLAB_SOFTMAX_AVX512
  return true;
#else
  return false;
#endif
}

}  // namespace detail

}  // namespace tl
