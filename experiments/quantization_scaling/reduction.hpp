#pragma once
// The cross-point analysis of quantization_scaling, split by part.
#include <string>
#include <vector>

#include "theorylab/core/experiment.hpp"

namespace qs {

// Part A: A1-A4 fits, the Poisson closed form; their claims.
void reduce_part_a(const tl::RunResults& results, tl::Summary& summary);
// Calibration table, B1 (width), B2 (steps), B3 (data), the regenerated table of the
// paper, kappa exponents, the tail check; their claims.
void reduce_part_b(const tl::RunResults& results, tl::Summary& summary);
// The geometry part: per task bits n, the window fit of alpha_N, kappa_N and the quanta
// split; the claims learns_in_quanta_nN and kappa_n_at_nN (reduce_geometry.cpp).
void reduce_geometry(const tl::RunResults& results, tl::Summary& summary);
// The task bits the geometry claims are declared for (the default preset's sweep, at T =
// 64 and k = 3): 16 (the former default, the contrast) to 48.
// The contrast: n = 16 (the former default) is predicted not to learn in quanta (its
// claim is an expected failure).
constexpr int kGeometryContrastBits = 16;
inline const std::vector<int>& geometry_claimed_bits() {
  static const std::vector<int> bits{16, 24, 32, 48};
  return bits;
}

// The alphas with their own claims: 0.2, 0.4, 0.8 (docs/science/quantization_scaling.md).
const std::vector<double>& claimed_alphas();
std::string alpha_tag(double alpha);  // 0.4 -> "a04"

// The resolution of a network exponent's claim (a 95% CI half-width): fine enough that
// the theory's value and the paper's measured one cannot both pass (half their
// distance), and at most kExponentResolution, so that alpha is told from its neighbours
// 0.1 apart in the paper's table. Returns min(kExponentResolution, |theory - paper|/2),
// rounded down to 3 decimals; kExponentResolution when the paper has no value.
constexpr double kExponentResolution = 0.05;
double discriminating_half_width(double theory, double paper);
// A task learns in quanta when the non-quantized part of alpha_N (network_fits.hpp,
// WindowFit: the slope of the not-learned subtasks' mean loss) is small: |alpha_rest| <
// kQuantaRestBound = 0.1, a quarter of alpha = 0.4, the 95% CI inside (-0.1, 0.1),
// resolved to ±0.05 (half the bound) so that a rest of 0 is told from one at the bound.
// (A first version asked alpha_rest = 0 exactly and failed a rest of 0.03 [0.01, 0.06],
// a tenth of alpha_N: the question is the size of the rest.)
constexpr double kQuantaRestBound = 0.1;
constexpr double kQuantaRestResolution = 0.05;
// kappa (the exponent of n_learned) to ±0.1: tells n ∝ N from n ∝ N^0.8.
constexpr double kKappaResolution = 0.1;
// The convergence-time slope: the paper's -0.81 and the samples-seen theory's -1
// (arXiv 2303.13506 Fig. A3; kexue.fm 9607), resolved to half their distance.
constexpr double kPaperConvergenceSlope = -0.81;
constexpr double kTheoryConvergenceSlope = -1.0;
constexpr double kConvergenceSlopeResolution = 0.095;  // |(-1) - (-0.81)| / 2
static_assert(kConvergenceSlopeResolution <= (kPaperConvergenceSlope - kTheoryConvergenceSlope) / 2 + 1e-12,
              "the convergence-slope resolution must separate the paper's value from the theory's");

// The finite-size ladder (reduce_ladder.cpp; docs/science/quantization_scaling.md,
// "The paper ladder", "The first finite-size ladder"): a run grouped by kLadderKey = n_tasks (T), one Part B
// reduction per rung; across the rungs, the weighted slope of each exponent on ln T.
constexpr const char* kLadderKey = "n_tasks";
constexpr double kLadderAlpha = 0.4;  // the ladder's alpha and its claims' (Fig. 2)
constexpr int kMinLadderRungs = 3;    // a slope with a scatter check needs >= 3 rungs
constexpr double kZ95 = 1.959963984540054;
// The slope resolution (95% CI half-width, per unit ln T): half the slope the model's
// finite-T exponent has between T = 32 and 500 (exact Zipf tails at alpha = 0.4, OLS of
// log tail on log n over n = 2..T/2: alpha_N 0.798 -> 0.612, i.e. -0.068 per ln T;
// alpha_S = alpha_D = alpha_N/(alpha+1): -0.049), rounded down: a CI this narrow tells
// the predicted drift from no drift.
constexpr double kLadderTrendResolutionN = 0.034;
constexpr double kLadderTrendResolutionSD = 0.024;
// The trend claims (ids ladder_alpha_{n,s,d}_trend_*); `keys` are the run's grouping keys.
void reduce_ladder(const std::vector<std::string>& keys, tl::Summary& summary);

// The paper's measured exponents (Fig. A4b data; alpha = 0.1 .. 0.8), NaN elsewhere.
double paper_alpha_n(double alpha);
double paper_alpha_s(double alpha);
double paper_alpha_d(double alpha);

}  // namespace qs
