#pragma once
// Part A3 of jl_attention_scale (deterministic): kexue.fm 7695/8823's entropy offset
// h_d(lambda) for vectors of norm sqrt(d), whose scaled score is lambda * d * s with s the
// cosine between two random directions of R^d (density proportional to (1 - s^2)^{(d-3)/2}):
//
//   h_d(lambda) = log E[e^{a s}] - a E[s e^{a s}] / E[e^{a s}],   a = lambda d,
//
// so that the mean-field entropy of attention over n keys is H = log n + h_d(lambda).
// Exact through 0F1 (docs/science/jl_attention_scale.md, A3): E[e^{a s}] = 0F1(; d/2; a^2/4) and
// d/da log E[e^{a s}] = (a/d) 0F1(; d/2+1; a^2/4) / 0F1(; d/2; a^2/4), both in log space
// (tl::log_hyp0f1, tl::hyp0f1_ratio), for any real d >= 2.
namespace jl_attention_scale {

// h_d(lambda) for real d >= 2, lambda >= 0 (nats).
double entropy_offset(double d, double lambda);
// 7695's h_d = h_d(1).
inline double entropy_offset(double d) { return entropy_offset(d, 1.0); }
// The slope -(h_{2D} - h_D) / D: h_d = -c d + O(1), so this tends to c = (1/2) log phi
// = 0.240606... (phi the golden ratio: the tilted cosine concentrates at s = 1/phi).
double entropy_offset_slope(double D);
// (1/2) log((sqrt 5 + 1) / 2), the closed form of that slope (7695).
double golden_slope();
// The real d solving 2 log N + h_d = 0 (7695's dimension rule, "d > 8.33 log N").
double dimension_for_entropy_offset(double N);

}  // namespace jl_attention_scale
