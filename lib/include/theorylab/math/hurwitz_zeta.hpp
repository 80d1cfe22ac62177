#pragma once
// Hurwitz zeta and generalized harmonic numbers: the exact Zipf tails of the
// quantization model (Michaud et al. 2023; Su, kexue.fm 9607).
//
//   hurwitz_zeta(s, q)     = sum_{j>=0} (q + j)^{-s}
//   harmonic_number(n, s)  = H_n^{(s)} = sum_{k=1..n} k^{-s}, continuous in n
//   zipf_tail(n, s, T)     = sum_{n<k<=T} k^{-s} / H_T^{(s)}  (T = infinity allowed)
#include <limits>

namespace tl {

// zeta(s, q) for s != 1 (s > 1 for the convergent series; other s by the analytic
// continuation that the Euler-Maclaurin formula gives), q > 0. Euler-Maclaurin with
// the first terms summed until x = q + M >= 16 and 7 Bernoulli corrections: relative
// error below 1e-15 for 0 < s <= 30. Throws std::domain_error for s == 1 or q <= 0.
// Domain: q in (0, DBL_MAX] (at q -> 0 the first term q^{-s} dominates; +inf if it
// overflows), s finite != 1. Terminates: at most 16 head terms and 7 corrections.
double hurwitz_zeta(double s, double q);

// H_n^{(s)} = sum_{k=1..n} k^{-s} for real n >= 0, defined for non-integer n as
// zeta(s) - zeta(s, n + 1) (s != 1) or digamma(n + 1) + Euler gamma (s == 1); equal to
// the direct sum at integer n. Domain: any s > 0 finite; n in [0, DBL_MAX] (finite);
// std::domain_error outside. Tested at n = 0 and DBL_MAX, s from 1e-12 to 30.
double harmonic_number(double n, double s);

// Fraction of Zipf mass beyond the first n quanta of T: (H_T - H_n) / H_T, with n real
// >= 0 (0 from n = T on); T in [1, DBL_MAX] with any s > 0, or T = +infinity with s > 1
// (zeta(s, n + 1) / zeta(s)). In [0, 1], 1 at n = 0. std::domain_error outside.
double zipf_tail(double n, double s, double T = std::numeric_limits<double>::infinity());

}  // namespace tl
