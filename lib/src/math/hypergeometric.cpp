#include "theorylab/math/hypergeometric.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "theorylab/core/cancellation.hpp"

namespace tl {

namespace {

// Above this b, lgamma(b) and the terms it cancels against in the asymptotic branch
// exceed 1e16, and the log would lose all its digits.
constexpr double kMaxB = 1e12;

void check_domain(const char* who, double b, double z) {
  if (!(b > 0) || !(b <= kMaxB) || !(z >= 0) || !std::isfinite(z))
    throw std::domain_error(std::string(who) + ": needs 0 < b <= 1e12 and z >= 0 finite (b = " + std::to_string(b) +
                            ", z = " + std::to_string(z) + ")");
}

// Index of the largest term: term_{k+1}/term_k = z / ((k+1)(b+k)) >= 1 up to k0.
double largest_term_index(double b, double z) {
  // Positive root of (k+1)(b+k) = z, i.e. k^2 + (b+1) k + (b - z) = 0.
  const double c = b - z;
  if (c >= 0) return 0;
  const double root = (-(b + 1) + std::sqrt((b + 1) * (b + 1) - 4 * c)) / 2;
  return std::ceil(root);
}

// Above this largest-term index the series would walk ~6 sqrt(k0) terms per side (and,
// beyond 2^53, `k += 1` would stop advancing): the asymptotic branch takes over. There
// x = 2 sqrt(z) >= 2e10, so the neglected Debye terms (O(1/x^2) in log 0F1) are far
// below the resolution of log 0F1 itself.
constexpr double kAsymptoticIndex = 1e10;
// A proof of termination for the series walks: from k0 the ratios fall below 1/2 within
// O(sqrt(k0)) steps, so ~1e6 steps cover k0 <= kAsymptoticIndex; the cap only guards
// against a bug.
constexpr double kMaxSeriesTerms = 1e8;
constexpr unsigned kPollEvery = 4096;  // terms between cancellation checks (~20 us)

struct SeriesSums {
  double log_largest_term;  // log term_{k0}
  double sum;               // sum_k term_k / term_{k0}  (>= 1)
  double rest;              // sum - 1, summed apart: log1p(rest) keeps log 0F1 ~ z/b
                            // relatively exact at small z, where log(1 + z/b) would round
  double sum_shifted;       // sum_k term_k * b/(b+k) / term_{k0}  (the series of 0F1(;b+1;z))
};

SeriesSums sum_series(double b, double z, bool want_log_largest) {
  SeriesSums out{0, 0, 0, 0};
  if (z == 0) {
    out.sum = out.sum_shifted = 1;
    return out;
  }
  const double k0 = largest_term_index(b, z);
  if (want_log_largest)
    out.log_largest_term = k0 * std::log(z) - std::lgamma(k0 + 1) - (std::lgamma(b + k0) - std::lgamma(b));
  constexpr double eps = std::numeric_limits<double>::epsilon() / 4;
  double rest = 0, shifted = b / (b + k0);  // sum = 1 + rest
  // Upward from k0: ratios q_k = z/((k+1)(b+k)) < 1 and decreasing, so the tail after
  // term r is below r * q / (1 - q).
  double r = 1;
  unsigned poll = 0;
  auto step = [&](double k) {
    if (++poll == kPollEvery) {
      poll = 0;
      throw_if_cancelled();
    }
    if (std::fabs(k - k0) > kMaxSeriesTerms)
      throw std::runtime_error("0F1 series: no convergence within 1e8 terms (b = " + std::to_string(b) +
                               ", z = " + std::to_string(z) + ")");
  };
  for (double k = k0;; k += 1) {
    step(k);
    const double q = z / ((k + 1) * (b + k));
    r *= q;
    rest += r;
    shifted += r * b / (b + k + 1);
    // Relative to rest, not to 1 + rest: at small z (k0 = 0) log 0F1 = log1p(rest) is
    // itself ~ z/b, and stopping at eps (1 + rest) would drop its z^2 term.
    // (bound == 0: at b = 1e12, z = 1e-300 rest is subnormal and eps * rest underflows to
    // 0, so `bound < eps * rest` never held and the walk ran into the 1e8-term cap.)
    const double bound = r * q / (1 - q);
    if (q < 1 && (bound < eps * rest || bound == 0)) break;
  }
  // Downward from k0: term_{k-1}/term_k = k (b+k-1) / z, decreasing with decreasing k.
  r = 1;
  for (double k = k0; k > 0; k -= 1) {
    step(k);
    // b + (k - 1) at k = 1 is b itself: (b + 1) - 1 rounds to 0 for b < 2^-53, which
    // dropped term_0 (1e-10 of 0F1 at b = 1e-300, z = 1e-290) and made the shifted term
    // 0/0 = NaN (hyp0f1_ratio(1e-300, 1) was NaN). Other k: unchanged (bit-identical).
    const double b_k = k == 1 ? b : b + k - 1;
    const double q = k * b_k / z;
    r *= q;
    rest += r;
    // At k = 1, b / b_k = 1: r * b underflowing (b = 1e-300) must not drop term_0, which
    // can be most of the shifted series there (0F1(;b+1;z) ~ 1 while 0F1(;b;z) ~ z/b).
    shifted += k == 1 && !std::isnormal(r * b) ? r : r * b / b_k;
    if (q < 1 && r * q / (1 - q) < eps * (1 + rest)) break;
  }
  out.sum = 1 + rest;
  out.rest = rest;
  out.sum_shifted = shifted;
  return out;
}

// Large z: 0F1(;b;z) = Gamma(b) (x/2)^{-nu} I_nu(x) with x = 2 sqrt(z), nu = b - 1, and
// the uniform (Debye) expansion of I_nu to its first correction, with S = sqrt(nu^2 + x^2):
//   log I_nu(x) = S + nu log(x / (nu + S)) - log(2 pi S)/2 + (3 - 5 nu^2/S^2) / (24 S) + O(S^-2)
// (DLMF 10.41.3 with u1; at nu = 0 it is Hankel's x - log(2 pi x)/2 + 1/(8x)).
double asymptotic_log_hyp0f1(double b, double z) {
  const double nu = b - 1, x = 2 * std::sqrt(z);
  const double S = std::hypot(nu, x), p2 = (nu / S) * (nu / S);
  return std::lgamma(b) + S + nu * std::log(2 / (nu + S)) - 0.5 * std::log(2 * M_PI * S) + (3 - 5 * p2) / (24 * S);
}

// b d/dz of the expansion above: 0F1(;b+1;z)/0F1(;b;z) = b d/dz log 0F1(;b;z).
double asymptotic_hyp0f1_ratio(double b, double z) {
  const double nu = b - 1, x = 2 * std::sqrt(z);
  const double S = std::hypot(nu, x), p2 = (nu / S) * (nu / S);
  return b * (2 / (nu + S) - 1 / (S * S) + (15 * p2 - 3) / (12 * S * S * S));
}

bool use_asymptotic(double b, double z) { return z > 0 && largest_term_index(b, z) > kAsymptoticIndex; }

}  // namespace

double log_hyp0f1(double b, double z) {
  check_domain("log_hyp0f1", b, z);
  if (use_asymptotic(b, z)) return asymptotic_log_hyp0f1(b, z);
  const SeriesSums s = sum_series(b, z, true);
  return s.log_largest_term + std::log1p(s.rest);
}

double hyp0f1_ratio(double b, double z) {
  check_domain("hyp0f1_ratio", b, z);
  if (use_asymptotic(b, z)) return asymptotic_hyp0f1_ratio(b, z);
  const SeriesSums s = sum_series(b, z, false);
  return s.sum_shifted / s.sum;
}

}  // namespace tl
