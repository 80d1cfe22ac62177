#pragma once
// The confluent hypergeometric limit function 0F1(; b; z) = sum_k z^k / (k! (b)_k) for
// b > 0 and z >= 0, in log space.
//
// Why: for the cosine s between two random directions in R^d,
// E[e^{a s}] = 0F1(; d/2; a^2/4) (kexue.fm 7695, 9812), which overflows a double for
// a of a few hundred; the Bessel form Gamma(b) (sqrt z)^{1-b} I_{b-1}(2 sqrt z)
// overflows at large d. All series terms are positive, so the series is summed in log
// space: started at its largest term (index k0 with (k0+1)(b+k0) > z) and walked both
// ways until the remaining terms are below a double's resolution; the largest term's
// logarithm comes from lgamma. Cost O(sqrt(k0) + 1) terms: a few thousand at z = 1e8.
// Beyond k0 = 1e10 (z above about 1e20) the series would cost millions of terms (and
// beyond 2^53, `k += 1` would not advance): the uniform (Debye) asymptotic expansion of
// the Bessel form is used instead, exact to the resolution of log 0F1 there.
//
// Domain: 0 < b <= 1e12 and 0 <= z <= DBL_MAX (finite); tested at both ends of each and
// at the corners (b = 1e-300 with z = 1e-290, 1e-10, 1; b = 1e12 with z = 1e-300, where
// two bugs were: a NaN ratio and a series walk that never met its stopping test).
// Termination: each walk ends within O(sqrt(k0)) <= ~1e6 terms (the terms fall
// geometrically past k0); a cap of 1e8 terms throws std::runtime_error should that ever
// fail. Long walks poll tl::throw_if_cancelled() every 4096 terms.
namespace tl {

// log 0F1(; b; z). Requires 0 < b <= 1e12 and z >= 0 (finite); throws std::domain_error
// otherwise. Relative accuracy of 0F1 about 1e-15 * max(1, log 0F1) (the lgamma of
// the largest term).
double log_hyp0f1(double b, double z);

// 0F1(; b+1; z) / 0F1(; b; z), from one series pass (term_k(b+1) = term_k(b) * b/(b+k)),
// so accurate to a few ulp at any z (no lgamma error). In [0, 1]: ~b/sqrt(z) at large z,
// 0 only where that underflows (b = 1e-300, z = 1e300); 1 at z = 0. Same domain as
// log_hyp0f1. Gives derivatives: d/dz 0F1(;b;z) = 0F1(;b+1;z) / b.
double hyp0f1_ratio(double b, double z);

}  // namespace tl
