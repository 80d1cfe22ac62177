#pragma once
// Hurwitz zeta and generalized harmonic numbers: the exact Zipf tails of the
// quantization model (Michaud et al. 2023; Su, kexue.fm 9607).
//
//   hurwitz_zeta(s, q)     = sum_{j>=0} (q + j)^{-s}
//   harmonic_number(n, s)  = H_n^{(s)} = sum_{k=1..n} k^{-s}, continuous in n
//   zipf_tail(n, s, T)     = sum_{n<k<=T} k^{-s} / H_T^{(s)}  (T = infinity allowed)
#include <limits>

namespace tl {

// zeta(s, q) = sum_{j>=0} (q + j)^{-s} for s > 0, s != 1 (s < 1 by the analytic
// continuation that the Euler-Maclaurin formula gives), q > 0. Head terms summed until
// x = q + M >= max(16, 1.7 (s + 7)), then 7 Bernoulli corrections: relative error below
// ~1e-15 for every finite s > 1 (tested for s up to 1e4 at q near the start: a fixed start
// of 16 was off by 2e-13 at s = 10, 6e-8 at s = 30, 35% at s = 100); for 0 < s < 1, where
// zeta(s, q) changes sign in q, the error is absolute, ~1e-15 (x^{1-s}/(1-s) + head). The
// head stops early once the rest is below 2^-60 of it.
// Domain: s in (0, DBL_MAX] finite, s != 1; q in (0, +inf] (at q -> 0 the first term
// q^{-s} dominates, +inf if it overflows; q = +inf gives the limit, 0 for s > 1 and -inf
// for s < 1). Throws std::domain_error for s <= 0, s = 1, non-finite s, q <= 0, NaN.
// (s <= 0 is refused: there the continuation cancels, e.g. ~3 digits lost at s = -1.)
// Terminates: at most max(16, 1.7 (s + 7)) head terms and 7 corrections.
double hurwitz_zeta(double s, double q);

// H_n^{(s)} = sum_{k=1..n} k^{-s} for real n >= 0, defined for non-integer n as
// zeta(s) - zeta(s, n + 1) (s != 1) or digamma(n + 1) + Euler gamma (s == 1); equal to
// the direct sum at integer n. Domain: s in (0, DBL_MAX] finite; n in [0, DBL_MAX]
// (finite); std::domain_error outside (NaN included). Accuracy: relative ~1e-15 at
// integer n and n >= 1; at non-integer n < 1 it is a difference of two zetas, so the
// error is absolute, ~1e-16 zeta(s) (H_n ~ n zeta(s+1) itself). Tested at n = 0 and
// DBL_MAX, s from 1e-12 to 1e4.
double harmonic_number(double n, double s);

// Fraction of Zipf mass beyond the first n quanta of T: (H_T - H_n) / H_T, with n real
// in [0, +inf] (0 from n = T on); T in [1, DBL_MAX] with s in (0, DBL_MAX], or
// T = +infinity with s > 1 finite (zeta(s, n + 1) / zeta(s)). In [0, 1], 1 at n = 0.
// std::domain_error outside (n < 0 or NaN, s <= 0 or non-finite, T < 1, T = -inf or NaN,
// T = +inf with s <= 1).
double zipf_tail(double n, double s, double T = std::numeric_limits<double>::infinity());

}  // namespace tl
