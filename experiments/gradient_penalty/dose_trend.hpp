#pragma once
// The dose–response trend test of part=dose (docs/science/gradient_penalty.md, "Dose–
// response"): does a measured quantity (Dirichlet energy, arc length) decrease as a
// strength (a penalty weight, a learning rate) grows, over runs that each saw several
// strengths on the same data and initialisation (a paired design)?
//
// Two statistics, both paired within runs:
//  - the per-run least-squares slope of ln(value) against log10(strength) over the run's
//    POSITIVE strengths (strength 0 has no logarithm), averaged over runs with a 95%
//    Student-t interval; unit: change of ln(value) per decade of strength. The claims'
//    verdicts rest on this interval (tl::Claim::expect_ci_below against 0).
//  - Page's L test for an ordered (decreasing) alternative over the runs that have every
//    strength of the design, 0 included: within each run the values are ranked in
//    decreasing order (rank 1 = largest value; ties share their mean rank), L = Σ_j j·R_j
//    with j = 1..k in increasing strength and R_j the rank sum of strength j; under "no
//    trend" E[L] = n k (k+1)²/4, Var[L] = n k² (k+1)(k²−1)/144 (Page 1963, JASA 58:216),
//    one-sided p-value from the normal approximation. Reported beside the verdict.
// Source of the test: E. B. Page, "Ordered hypotheses for multiple treatments: a
// significance test for linear ranks", JASA 58 (1963) 216–230.
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "theorylab/core/claim.hpp"

namespace gradient_penalty {

// One run's measurements: value[i] > 0 measured at strength[i] >= 0 (finite). Strengths
// need not be sorted; a strength the run did not reach (loss target missed, diverged) is
// simply absent.
struct DoseRun {
  std::vector<double> strength;
  std::vector<double> value;
};

struct DoseTrend {
  static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  std::size_t runs = 0;         // runs with at least one measurement
  std::size_t levels = 0;       // distinct strengths over all runs (the design)
  std::size_t slope_runs = 0;   // runs with >= 2 distinct positive strengths: the slope's sample
  double slope = kNaN;          // mean per-run slope of ln(value) on log10(strength) [1/decade]
  double slope_lo = kNaN, slope_hi = kNaN;  // its 95% t-interval (NaN with fewer than 2 runs)
  std::size_t page_runs = 0;    // runs with every one of the `levels` strengths
  double page_l = kNaN, page_z = kNaN;
  double page_p = kNaN;         // one-sided p of "no trend" against "decreasing" (needs >= 2 levels, >= 1 run)
  std::size_t monotone_runs = 0;  // of page_runs: values strictly decreasing along every step of strength
};

// The trend over `runs`. Values that are not finite and > 0, or strengths that are not
// finite and >= 0, throw std::invalid_argument (the caller keeps only reached runs).
DoseTrend dose_trend(const std::vector<DoseRun>& runs);

// Decides `claim` ("the quantity decreases with the strength") from `trend`: n/a with the
// reason when there is no run or fewer than 2 runs with a slope, else
// expect_ci_below(slope_lo, slope_hi, 0, slope) with the Page test and counts in the note.
// `what` names the quantity and the strength for the note ("Dirichlet energy, theta-penalty").
void decide_dose_claim(tl::Claim& claim, const DoseTrend& trend, const std::string& what);

}  // namespace gradient_penalty
