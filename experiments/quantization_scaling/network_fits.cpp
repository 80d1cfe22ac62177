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

double unlearned_mass(const tl::Row& row) {
  if (!row.has_series("final_task_loss")) return std::nan("");
  const auto& loss = row.series_of("final_task_loss").data;
  const auto& p = row.series_of("task_p").data;
  const double threshold = row.point().real("learned_bits");
  double mass = 0;
  for (std::size_t i = 0; i < loss.size() && i < p.size(); ++i)
    if (loss[i] >= threshold) mass += p[i];
  return mass;
}

WindowFit fit_width_window(const WidthSweep& ws) {
  WindowFit f;
  std::vector<double>& L = f.y;
  std::vector<double> M, rest;
  std::set<int> distinct;
  for (auto& [w, rs] : ws.by_width)
    for (const tl::RowRef& r : rs) {
      const double n = r->real("n_learned"), loss = r->real("L_bits"), mass = unlearned_mass(*r);
      if (!in_window(n, ws.T) || !(loss > 0) || !(mass > 0)) continue;
      f.x.push_back(r->real("parameters")), f.n.push_back(n), L.push_back(loss), M.push_back(mass);
      rest.push_back(loss / mass), distinct.insert(w);
    }
  f.widths = static_cast<int>(distinct.size());
  f.window = "runs with " + window_text(ws.T) + ", " + std::to_string(f.widths) + " widths";
  if (f.widths < kMinDistinct) {
    f.why_not = "fewer than " + std::to_string(kMinDistinct) + " widths in the fit window (" + f.window + ")";
    return f;
  }
  f.fitted = true;
  f.loss = pooled_slope(f.x, L), f.learned = pooled_slope(f.x, f.n);
  f.mass = pooled_slope(f.x, M), f.rest = pooled_slope(f.x, rest);
  return f;
}

void decide_quanta_claim(tl::Claim& claim, const WindowFit& f, const std::string& where) {
  if (!f.fitted) {
    claim.not_applicable(f.why_not);
    return;
  }
  claim.expect_ci_below(-f.rest.hi, -f.rest.lo, kQuantaRestBound, -f.rest.slope)
      .note(where + ": alpha_N = " + tl::format_short(-f.loss.slope) + " = alpha_quantized " +
            tl::format_short(-f.mass.slope) + " [" + tl::format_short(-f.mass.hi) + ", " + tl::format_short(-f.mass.lo) +
            "] + alpha_rest " + tl::format_short(-f.rest.slope) + " [" + tl::format_short(-f.rest.hi) + ", " +
            tl::format_short(-f.rest.lo) + "]; kappa_N = " + tl::format_short(f.learned.slope) + "; " + f.window);
}

double finite_T_prediction(const std::vector<double>& x, const std::vector<double>& n, double kappa, double s, double T) {
  double log_c = 0;
  for (std::size_t i = 0; i < x.size(); ++i) log_c += std::log(n[i]) - kappa * std::log(x[i]);
  log_c /= x.size();
  std::vector<double> L;
  for (double v : x) L.push_back(tl::zipf_tail(std::min(std::exp(log_c + kappa * std::log(v)), T * (1 - 1e-9)), s, T));
  return -tl::fit_power_law(x, L).exponent;
}

}  // namespace qs
