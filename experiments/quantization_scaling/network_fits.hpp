#pragma once
// The fits Part B and the geometry part share: a width sweep's runs, theorylab's window
// estimator (alpha_N and kappa_N over the runs whose n_learned lies in a declared
// window), the split of alpha_N into its quantized part and the rest, and the finite-T
// prediction of the quantization model (docs/science/quantization_scaling.md, Part B).
#include <map>
#include <string>
#include <vector>

#include "quantization_scaling/fit_helpers.hpp"
#include "theorylab/core/claim.hpp"
#include "theorylab/core/experiment.hpp"

namespace qs {

// The rows of one part that ran (no error row).
std::vector<tl::RowRef> rows_of(const tl::RunResults& results, const std::string& part);
bool same_value(double a, double b);  // |a - b| < 1e-12 (an alpha or a swept number)

// The runs of one width sweep that did not diverge, by width; T = their subtasks.
struct WidthSweep {
  std::map<int, std::vector<tl::RowRef>> by_width;
  int T = 0;
};
// The rows of `rows` at this alpha (and, when `bits` > 0, at geometry_bits = bits).
WidthSweep width_sweep(const std::vector<tl::RowRef>& rows, double alpha, int bits = 0);

// The declared window of theorylab's estimator: runs (or checkpoints) with
// kWindowMinLearned <= n_learned <= kWindowMaxFraction T (the subtasks a fit sees learn
// from at least two to half of all).
constexpr double kWindowMinLearned = 2;
constexpr double kWindowMaxFraction = 0.5;
bool in_window(double n_learned, double T);
std::string window_text(double T);  // "2 <= n_learned <= T/2 = 32"

// The mass of the subtasks a run has not learned, M = sum of p_i over the subtasks
// whose final test loss is >= learned_bits, and their share of the loss, L_u = sum of
// p_i loss_i over the same subtasks (bits). Domain: a row with task_p and
// final_task_loss series of one length; NaN if the row has none (diverged). M in [0, 1],
// 0 <= L_u <= L.
double unlearned_mass(const tl::Row& row);
double unlearned_loss(const tl::Row& row);

// alpha_N by theorylab's window estimator and the quantities beside it: OLS of log L,
// log n_learned, log M, log (L_u/M) and log (L/L_u) on log N over the runs in the window.
// Since log L = log M + log (L_u/M) + log (L/L_u) and OLS is linear in y, alpha_N =
// alpha_quantized + alpha_rest + alpha_residual exactly:
//   alpha_quantized = -slope of log M: what a task that learns in quanta has (each
//     subtask's loss drops from ~1 bit to ~0 when learned);
//   alpha_rest = -slope of log (L_u/M), the not-learned subtasks' mean loss falling
//     without their being learned (0 for a task that learns in quanta);
//   alpha_residual = -slope of log (L/L_u): the learned subtasks' remaining loss (below
//     learned_bits each) against the rest.
struct WindowFit {
  bool fitted = false;
  std::string window, why_not;
  SlopeEstimate loss, learned, mass, rest, residual;  // slopes on log N (all but learned: -alpha's)
  std::vector<double> x, y, n;              // parameters, L (bits) and n_learned of the fitted runs
  int widths = 0;
};
// Needs kMinDistinct widths in the window (else why_not says so).
constexpr int kMinDistinct = 5;
WindowFit fit_width_window(const WidthSweep& sweep);

// A claim "the task learns in quanta": |alpha_rest| < kQuantaRestBound, its 95% CI
// inside (-bound, bound) (reduction.hpp; resolution kQuantaRestResolution), or n/a with
// the window's reason. `where` names the sweep ("alpha = 0.4", "n = 16 bits").
void decide_quanta_claim(tl::Claim& claim, const WindowFit& fit, const std::string& where);

// The apparent exponent the quantization model predicts for these points with T
// subtasks: n_i = c x_i^kappa (c fitted to the measured n_learned by least squares in
// log n), L_i = tail_T(n_i) (b = 1 bit), then the same OLS of log L on log x. Finite T
// steepens it above kappa alpha. Domain: x, n > 0 of one length >= 3, s > 1, T >= 1, kappa
// finite (kappa <= 0, a CI's lower end can be, gives a flat or falling n and an exponent <= 0).
double finite_T_prediction(const std::vector<double>& x, const std::vector<double>& n, double kappa, double s, double T);

// The 95% half-width of (measured exponent - finite-T prediction), for the claims
// alpha_*_finite_t_* and the ladder's trend_matches_finite_t: the measurement's half-width
// and the prediction's over the kappa's 95% CI (its farther end from `predicted`) added in
// quadrature. The prediction comes from the same points as the exponent, so the two
// errors are positively correlated (more subtasks learned at the wide end steepens both)
// and the sum overstates the gap's error: the comparison errs toward INCONCLUSIVE, not
// FAIL. Domain: measured_half >= 0 and finite; a NaN prediction range counts as exact.
double finite_T_gap_half_width(double measured_half, double predicted, double predicted_lo, double predicted_hi);

}  // namespace qs
