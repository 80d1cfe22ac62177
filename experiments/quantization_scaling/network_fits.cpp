#include "quantization_scaling/network_fits.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "quantization_scaling/reduction.hpp"
#include "theorylab/core/claim.hpp"
#include "theorylab/math/hurwitz_zeta.hpp"
#include "theorylab/math/power_law_fit.hpp"

namespace qs {

std::vector<tl::RowRef> rows_of(const tl::RunResults& results, const std::string& part) {
  std::vector<tl::RowRef> out;
  for (const tl::Row& r : results.rows())
    if (!r.has("error") && r.point().has("part") && r.point().text("part") == part) out.push_back(tl::keep(r));
  return out;
}

bool same_value(double a, double b) { return std::abs(a - b) < 1e-12; }

WidthSweep width_sweep(const std::vector<tl::RowRef>& rows, double alpha, int bits) {
  WidthSweep ws;
  for (const tl::RowRef& r : rows) {
    if (!same_value(r->point().real("alpha"), alpha) || r->integer("diverged") != 0) continue;
    if (bits > 0 && r->point().integer("geometry_bits") != bits) continue;
    ws.by_width[static_cast<int>(r->point().integer("width"))].push_back(r);
    ws.T = static_cast<int>(r->integer("net_n_tasks"));
  }
  return ws;
}

bool in_window(double n_learned, double T) {
  return n_learned >= kWindowMinLearned && n_learned <= kWindowMaxFraction * T;
}

std::string window_text(double T) {
  return tl::format_number(kWindowMinLearned) + " <= n_learned <= T/2 = " + tl::format_number(kWindowMaxFraction * T);
}

namespace {
// sum of p_i w_i over the not-learned subtasks, w_i = 1 (mass) or loss_i (loss).
double unlearned_sum(const tl::Row& row, bool weighted_by_loss) {
  if (!row.has_series("final_task_loss")) return std::nan("");
  const auto& loss = row.series_of("final_task_loss").data;
  const auto& p = row.series_of("task_p").data;
  const double threshold = row.point().real("learned_bits");
  double sum = 0;
  for (std::size_t i = 0; i < loss.size() && i < p.size(); ++i)
    if (loss[i] >= threshold) sum += p[i] * (weighted_by_loss ? loss[i] : 1.0);
  return sum;
}
}  // namespace

double unlearned_mass(const tl::Row& row) { return unlearned_sum(row, false); }
double unlearned_loss(const tl::Row& row) { return unlearned_sum(row, true); }

WindowFit fit_width_window(const WidthSweep& ws) {
  WindowFit f;
  std::vector<double>& L = f.y;
  std::vector<double> M, rest, residual;
  std::set<int> distinct;
  for (auto& [w, rs] : ws.by_width)
    for (const tl::RowRef& r : rs) {
      const double n = r->real("n_learned"), loss = r->real("L_bits");
      const double mass = unlearned_mass(*r), lost = unlearned_loss(*r);
      if (!in_window(n, ws.T) || !(loss > 0) || !(mass > 0) || !(lost > 0)) continue;
      f.x.push_back(r->real("parameters")), f.n.push_back(n), L.push_back(loss), M.push_back(mass);
      rest.push_back(lost / mass), residual.push_back(loss / lost), distinct.insert(w);
    }
  f.widths = static_cast<int>(distinct.size());
  f.window = "runs with " + window_text(ws.T) + ", " + std::to_string(f.widths) + " widths";
  if (f.widths < kMinDistinct) {
    f.why_not = "fewer than " + std::to_string(kMinDistinct) + " widths in the fit window (" + f.window + ")";
    return f;
  }
  f.fitted = true;
  f.loss = pooled_slope(f.x, L), f.learned = pooled_slope(f.x, f.n);
  f.mass = pooled_slope(f.x, M), f.rest = pooled_slope(f.x, rest), f.residual = pooled_slope(f.x, residual);
  return f;
}

void decide_quanta_claim(tl::Claim& claim, const WindowFit& f, const std::string& where) {
  if (!f.fitted) {
    claim.not_applicable(f.why_not);
    return;
  }
  // |alpha_rest| < bound: the CI's side farther from 0 decides (OLS intervals are
  // symmetric about the estimate), mirrored to the positive side when the estimate is < 0.
  const double rest = -f.rest.slope, lo = -f.rest.hi, hi = -f.rest.lo;
  if (rest >= 0) claim.expect_ci_below(lo, hi, kQuantaRestBound, rest);
  else claim.expect_ci_below(-hi, -lo, kQuantaRestBound, -rest);
  claim.note(where + ": alpha_N = " + tl::format_short(-f.loss.slope) + " = alpha_quantized " +
             tl::format_short(-f.mass.slope) + " [" + tl::format_short(-f.mass.hi) + ", " + tl::format_short(-f.mass.lo) +
             "] + alpha_rest " + tl::format_short(rest) + " [" + tl::format_short(lo) + ", " + tl::format_short(hi) +
             "] + alpha_residual " + tl::format_short(-f.residual.slope) + " (learned subtasks' remaining loss); |alpha_rest| "
             "decides; kappa_N = " + tl::format_short(f.learned.slope) + "; " + f.window);
}

double finite_T_prediction(const std::vector<double>& x, const std::vector<double>& n, double kappa, double s, double T) {
  double log_c = 0;
  for (std::size_t i = 0; i < x.size(); ++i) log_c += std::log(n[i]) - kappa * std::log(x[i]);
  log_c /= x.size();
  std::vector<double> L;
  for (double v : x) L.push_back(tl::zipf_tail(std::min(std::exp(log_c + kappa * std::log(v)), T * (1 - 1e-9)), s, T));
  return -tl::fit_power_law(x, L).exponent;
}

double finite_T_gap_half_width(double measured_half, double predicted, double predicted_lo, double predicted_hi) {
  const double spread = std::max(predicted_hi - predicted, predicted - predicted_lo);
  return std::hypot(measured_half, std::isfinite(spread) ? std::max(spread, 0.0) : 0.0);
}

}  // namespace qs
