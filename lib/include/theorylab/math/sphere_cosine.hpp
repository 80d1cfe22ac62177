#pragma once
// The cosine s = <u, v> between two independent uniformly random directions in R^d
// (d >= 2). Its density is proportional to (1 - s^2)^{(d-3)/2} on [-1, 1], i.e.
// (1 + s)/2 ~ Beta((d-1)/2, (d-1)/2); E[s] = 0, E[s^2] = 1/d.
// Sampling it directly costs O(1) instead of O(d) per score (kexue.fm 7695/9812's
// "cosine scores", e.g. q and k normalised before the dot product).
#include <cstddef>

#include "theorylab/core/random.hpp"

namespace tl {

// One exact sample: 2 * Beta((d-1)/2, (d-1)/2) - 1, in [-1, 1]. Domain: 2 <= d <= INT_MAX
// (tested at both ends; Beta shapes 0.5 ... 1.07e9, inside Rng::beta's (0, 1e12]).
// Throws std::invalid_argument for d < 2.
double sample_sphere_cosine(Rng& rng, int d);
// n samples into out[0..n) (n = 0: nothing written or drawn); same d domain.
void sample_sphere_cosines(Rng& rng, int d, double* out, std::size_t n);

// log E[e^{a s}] = log 0F1(; d/2; a^2/4). Domain: 2 <= d <= INT_MAX, |a| below
// 2 sqrt(DBL_MAX) ~ 2.68e154 (z = (a/2)^2 finite: log_hyp0f1's domain; beyond it
// std::domain_error). Tested at both ends against d = 3's closed form log(sinh a / a).
double sphere_cosine_log_mgf(int d, double a);
// d/da log E[e^{a s}] = E[s e^{a s}] / E[e^{a s}] = (a/d) 0F1(; d/2+1; a^2/4) / 0F1(; d/2; a^2/4):
// the mean of the exponentially tilted cosine (kexue.fm 7695's h_d uses it at a = d), in
// (-1, 1), odd in a. Same domain as sphere_cosine_log_mgf.
double sphere_cosine_tilted_mean(int d, double a);

}  // namespace tl
