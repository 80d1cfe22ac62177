#pragma once
// The authors' estimators of Fig. A4b (Michaud et al., arXiv 2303.13506; the notebooks
// of ejmichaud/quantization-model that fit the exponents), applied to theorylab's rows:
//   alpha_N: OLS of log L on log N over every width's last test loss, seeds pooled, no
//            window;
//   alpha_S: OLS of log L on log S over the widest network's test losses at steps
//            kAuthorsStepsFrom..kAuthorsStepsTo (the width-300 runs of P-scaling-17 at
//            logged steps 500-14,500), seeds pooled;
//   alpha_D: per data size the least test loss over checkpoints, OLS of log L on log D
//            from the first D whose loss is below kAuthorsDataLossBelow bits to the
//            largest.
// The authors report no interval. With two or more seeds that have 3 distinct x, theorylab
// reports the mean of the per-seed slopes with their t-interval (the mean equals the
// authors' pooled OLS slope when every seed has every x); else the one pooled OLS fit
// with its interval.
#include <limits>
#include <string>
#include <vector>

#include "quantization_scaling/network_fits.hpp"

namespace qs {

constexpr double kAuthorsStepsFrom = 500, kAuthorsStepsTo = 14500;
constexpr double kAuthorsDataLossBelow = 0.95;  // bits
// The paper's regime: its fits reach n_learned ≈ 24 of T = 500 subtasks (Fig. A4b at
// alpha = 0.4: losses 0.6 -> 0.17 bits), n/T = 0.048. A run is compared with the paper
// when its fit reaches at most kPaperRegimeMaxFraction of its T (0.048 read off a figure,
// rounded up by the reading's precision) and at least kPaperRegimeMinReach learned
// subtasks (half the paper's reach: a fit over fewer quanta is another stretch of the
// curve).
constexpr double kPaperRegimeMaxFraction = 0.06;
constexpr double kPaperRegimeMinReach = 12;
// For alpha_N, whose fit has no window, also every fitted point has learned at least
// kPaperRegimeMinStart subtasks (the paper's width-10 runs reach n_learned ≈ 1.4: points
// that learned nothing sit on the flat ~1 bit of the curve and flatten the slope). alpha_S
// and alpha_D start where the authors' own rules start them (step 500; the first D below
// 0.95 bits), learned or not.
constexpr double kPaperRegimeMinStart = 1;
// For alpha_N, also trained to the end of learning as the paper's 10^5-step runs are:
// alpha_N is the exponent of capacity-limited losses, and a width still learning at the
// last step S understates it. The widest network's loss must fall over the last doubling
// of steps (from the checkpoint nearest S/2, which must lie in [S/kLateDecayFrom,
// S/kLateDecayTo], to S) with a local exponent -d ln L / d ln S of at most
// kPaperRegimeLateDecayShare of the paper's own alpha_S at that alpha (Fig. A4b; 0.346/2 =
// 0.173 at alpha = 0.4): at most half as fast as a network whose steps limit it.
constexpr double kPaperRegimeLateDecayShare = 0.5;
constexpr double kLateDecayFrom = 3, kLateDecayTo = 1.5;

struct AuthorsFit {
  bool fitted = false;
  double value = 0, lo = 0, hi = 0;  // the exponent (-slope) and its 95% interval
  int points = 0, seeds = 0;
  double reach = 0;  // the most subtasks learned at any fitted point
  double start = std::numeric_limits<double>::quiet_NaN();  // the fewest (alpha_N only; else NaN)
  double T = 0;
  // alpha_N only (needs_trained_out): the widest network's -d ln L / d ln S over the last
  // doubling of steps (mean over its seeds; NaN if no seed has checkpoints to measure it,
  // which keeps the run out of the paper's regime) and its bound.
  bool needs_trained_out = false;
  double late_decay = std::numeric_limits<double>::quiet_NaN();
  double max_late_decay = std::numeric_limits<double>::quiet_NaN();
  std::string estimator, why_not;
  bool in_paper_regime() const;
  // "reaches n_learned = 15 of T = 64 (0.23 > 0.06 of T: beyond the paper's regime)".
  std::string regime_text() const;
};

// The quantization model's apparent exponent over the paper's window: n_learned from
// kPaperWindowFirst to kPaperWindowLast of kPaperWindowTasks subtasks (Fig. A4b at
// alpha = 0.4), n ∝ x^kappa at 20 log-spaced x, L = tail_T(n), OLS of log L on log x.
// What the paper's measured value is to be read against: at alpha = 0.4, 0.443 with
// kappa = 1 and 0.377 with kappa = 0.85. Domain: alpha in [kMinAlpha, kMaxAlpha]
// (setting.hpp), kappa > 0 (std::invalid_argument otherwise).
constexpr double kPaperWindowFirst = 1.4, kPaperWindowLast = 24, kPaperWindowTasks = 500;
double paper_window_prediction(double alpha, double kappa);

// `max_late_decay`: the bound on the widest network's late decay, kPaperRegimeLateDecayShare
// times the paper's alpha_S at the sweep's alpha (> 0).
AuthorsFit authors_alpha_n(const WidthSweep& sweep, double max_late_decay);
AuthorsFit authors_alpha_s(const WidthSweep& sweep);
// `b3`: the multi-epoch rows of one alpha that did not diverge.
AuthorsFit authors_alpha_d(const std::vector<tl::RowRef>& b3);

}  // namespace qs
