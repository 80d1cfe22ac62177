#include "jl_attention_scale/entropy_offset.hpp"

#include <cmath>
#include <stdexcept>

#include "theorylab/math/hypergeometric.hpp"
#include "theorylab/math/roots.hpp"

namespace jl_attention_scale {

double entropy_offset(double d, double lambda) {
  if (!(d >= 2)) throw std::invalid_argument("entropy_offset: d must be >= 2");
  const double a = lambda * d, z = 0.25 * a * a, b = 0.5 * d;
  const double tilted_mean_times_a = a * a / d * tl::hyp0f1_ratio(b, z);  // a E_tilt[s]
  return tl::log_hyp0f1(b, z) - tilted_mean_times_a;
}

double entropy_offset_slope(double D) { return -(entropy_offset(2 * D) - entropy_offset(D)) / D; }

double golden_slope() { return 0.5 * std::log((std::sqrt(5.0) + 1) / 2); }

double dimension_for_entropy_offset(double N) {
  if (!(N >= 2)) throw std::invalid_argument("dimension_for_entropy_offset: N must be >= 2");
  const double two_log_n = 2 * std::log(N);
  auto f = [&](double d) { return two_log_n + entropy_offset(d); };
  double lo = 2, hi = 4;
  if (f(lo) <= 0) return lo;
  while (f(hi) > 0) {
    lo = hi;
    hi *= 2;
    if (hi > 1e9) throw std::runtime_error("dimension_for_entropy_offset: no root below 1e9");
  }
  return tl::find_root(f, lo, hi, 1e-13).x;
}

}  // namespace jl_attention_scale
