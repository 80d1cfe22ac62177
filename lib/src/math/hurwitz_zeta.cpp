#include "theorylab/math/hurwitz_zeta.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/special_functions/zeta.hpp>

namespace tl {

namespace {
// B_{2r} / (2r)! for r = 1..7 (Bernoulli numbers B2 = 1/6, B4 = -1/30, B6 = 1/42,
// B8 = -1/30, B10 = 5/66, B12 = -691/2730, B14 = 7/6).
constexpr double kBernoulliOverFactorial[7] = {
    1.0 / 6 / 2,
    -1.0 / 30 / 24,
    1.0 / 42 / 720,
    -1.0 / 30 / 40320,
    5.0 / 66 / 3628800,
    -691.0 / 2730 / 479001600,
    7.0 / 6 / 87178291200.0,
};
constexpr double kEulerMaclaurinStart = 16;  // x = q + M >= this before the asymptotic part

// Where the Euler-Maclaurin part starts: x = q + M >= max(16, 1.7 (s + 7)). The first
// omitted correction, B_16/16! s(s+1)...(s+14) x^{-s-15}, bounds the remainder (real
// s > 0); against x^{-s} it is at most 3.4e-13 ((s + 7) / x)^15 (the rising factorial is
// below (s + 7)^15), i.e. 7e-17 at x = 1.7 (s + 7). A fixed start of 16 gave 1e-7 at
// s = 30, q = 16. For s <= 2.41 the start is 16 as before (bit-identical results).
double euler_maclaurin_start(double s) { return std::max(kEulerMaclaurinStart, 1.7 * (s + 7)); }
}  // namespace

double hurwitz_zeta(double s, double q) {
  if (!(q > 0)) throw std::domain_error("hurwitz_zeta: q must be > 0");
  if (!(s > 0 && std::isfinite(s))) throw std::domain_error("hurwitz_zeta: s must be > 0 and finite");
  if (s == 1) throw std::domain_error("hurwitz_zeta: pole at s = 1");
  // Euler-Maclaurin: zeta(s, q) = sum_{j<M} (q+j)^{-s} + x^{1-s}/(s-1) + x^{-s}/2
  //   + sum_{r=1..R} B_{2r}/(2r)! s(s+1)...(s+2r-2) x^{-s-2r+1},  x = q + M.
  // The head stops early once all that is left, zeta(s, x) < x^{-s} (1 + x/(s-1)), is
  // below 2^-60 of it: adding it could not change the rounded sum (at large s, where
  // the start is far, this keeps the head to a few terms).
  const double start = euler_maclaurin_start(s);
  double head = 0;
  double x = q;
  while (x < start) {
    const double term = std::pow(x, -s);
    if (s > 1 && term * (1 + x / (s - 1)) <= 0x1.0p-60 * head) return head;
    head += term;
    x += 1;
  }
  const double x_minus_s = std::pow(x, -s);
  // x^{1-s} by itself: x * x^{-s} is 0 once x^{-s} underflows (x = 1e200, s = 2), while
  // x^{1-s} = 1e-200 is the whole answer there.
  double tail = std::pow(x, 1 - s) / (s - 1) + 0.5 * x_minus_s;
  // rising = s(s+1)...(s+2r-2); power = x^{-s-2r+1}
  double rising = s;
  double power = x_minus_s / x;
  const double inv_x2 = 1 / (x * x);
  for (int r = 1; r <= 7; ++r) {
    tail += kBernoulliOverFactorial[r - 1] * rising * power;
    rising *= (s + 2 * r - 1) * (s + 2 * r);
    power *= inv_x2;
  }
  // The head has at most max(16, ~1.7 (s + 7)) terms, in practice a few dozen at most
  // (the early exit): its rounding error is a few ulp.
  return head + tail;
}

double harmonic_number(double n, double s) {
  if (!(n >= 0)) throw std::domain_error("harmonic_number: n must be >= 0");
  if (!(s > 0 && std::isfinite(s))) throw std::domain_error("harmonic_number: s must be > 0 and finite");
  if (!std::isfinite(n)) throw std::domain_error("harmonic_number: n must be finite");
  if (n == std::floor(n) && n <= 64) {  // the direct sum, smallest terms first
    double sum = 0;
    for (int k = static_cast<int>(n); k >= 1; --k) sum += std::pow(static_cast<double>(k), -s);
    return sum;
  }
  if (s == 1) return boost::math::digamma(n + 1) + boost::math::constants::euler<double>();
  return boost::math::zeta(s) - hurwitz_zeta(s, n + 1);
}

double zipf_tail(double n, double s, double T) {
  if (!(n >= 0)) throw std::domain_error("zipf_tail: n must be >= 0");
  if (!(s > 0 && std::isfinite(s))) throw std::domain_error("zipf_tail: s must be > 0 and finite");
  if (std::isinf(T) && T > 0) {  // (T = -inf falls to the T >= 1 check)
    if (!(s > 1)) throw std::domain_error("zipf_tail: an infinite Zipf law needs s > 1");
    return hurwitz_zeta(s, n + 1) / boost::math::zeta(s);
  }
  if (!(T >= 1)) throw std::domain_error("zipf_tail: T must be >= 1");
  if (n >= T) return 0;
  const double total = harmonic_number(T, s);
  // For s != 1, H_T - H_n = zeta(s, n+1) - zeta(s, T+1) without cancellation at small tails.
  if (s != 1) return (hurwitz_zeta(s, n + 1) - hurwitz_zeta(s, T + 1)) / total;
  return (harmonic_number(T, s) - harmonic_number(n, s)) / total;
}

}  // namespace tl
