// The geometry part: B1's width sweep at several task bits n (fixed T and k). Per n, the
// window fit of alpha_N with kappa_N and the split into the quantized part and the rest
// (network_fits.hpp); the claims say at which n the task learns in quanta.
#include <map>
#include <set>

#include "quantization_scaling/network_fits.hpp"
#include "quantization_scaling/reduction.hpp"

namespace qs {

namespace {

struct GeometryTable {
  std::vector<double> alpha, bits, T, k, widths, alpha_n, alpha_n_lo, alpha_n_hi, finite_T, kappa, kappa_lo, kappa_hi,
      quant, quant_lo, quant_hi, rest, rest_lo, rest_hi, residual;
  std::vector<std::string> window;  // the fit window, or why there is no fit
};

void add_row(double alpha, int bits, const WidthSweep& ws, const WindowFit& f, GeometryTable& t) {
  const tl::RowRef& any = ws.by_width.begin()->second.front();
  t.alpha.push_back(alpha), t.bits.push_back(bits), t.T.push_back(ws.T), t.k.push_back(any->real("net_k"));
  t.widths.push_back(f.widths);
  const double nan = std::nan("");
  t.alpha_n.push_back(f.fitted ? -f.loss.slope : nan), t.alpha_n_lo.push_back(f.fitted ? -f.loss.hi : nan);
  t.alpha_n_hi.push_back(f.fitted ? -f.loss.lo : nan);
  t.finite_T.push_back(f.fitted ? finite_T_prediction(f.x, f.n, f.learned.slope, alpha + 1, ws.T) : nan);
  t.kappa.push_back(f.fitted ? f.learned.slope : nan), t.kappa_lo.push_back(f.fitted ? f.learned.lo : nan);
  t.kappa_hi.push_back(f.fitted ? f.learned.hi : nan);
  t.quant.push_back(f.fitted ? -f.mass.slope : nan), t.quant_lo.push_back(f.fitted ? -f.mass.hi : nan);
  t.quant_hi.push_back(f.fitted ? -f.mass.lo : nan);
  t.rest.push_back(f.fitted ? -f.rest.slope : nan), t.rest_lo.push_back(f.fitted ? -f.rest.hi : nan);
  t.rest_hi.push_back(f.fitted ? -f.rest.lo : nan);
  t.residual.push_back(f.fitted ? -f.residual.slope : nan);
  t.window.push_back(f.fitted ? f.window : f.why_not);
}

void geometry_table(const GeometryTable& t, tl::Summary& summary) {
  summary.table("geometry_table", "geometry: the width sweep at each task bits n (T, k fixed); widths: those in the fit window; window fit of alpha_N "
                                  "(95% CI), the model at this T and window at the measured kappa_N, kappa_N, and "
                                  "alpha_N = alpha_quantized + alpha_rest + alpha_residual (quanta_split's columns)")
      .column("alpha", t.alpha).column("n_bits", t.bits).column("T", t.T).column("k", t.k).column("widths", t.widths)
      .column("alpha_N", t.alpha_n).column("ci_lo", t.alpha_n_lo).column("ci_hi", t.alpha_n_hi)
      .column("theory_finite_T", t.finite_T).column("kappa_N", t.kappa).column("kappa_lo", t.kappa_lo)
      .column("kappa_hi", t.kappa_hi).column("alpha_quantized", t.quant).column("quantized_lo", t.quant_lo)
      .column("quantized_hi", t.quant_hi).column("alpha_rest", t.rest).column("rest_lo", t.rest_lo)
      .column("rest_hi", t.rest_hi).column("alpha_residual", t.residual).column("window", t.window);
  summary.show("geometry_table");
}

// kappa_n_at_nN: n_learned ∝ N^1 in the window.
void decide_kappa(tl::Claim& claim, const WindowFit& f, int bits) {
  if (!f.fitted) {
    claim.not_applicable(f.why_not);
    return;
  }
  claim.expect_inside(f.learned.lo, f.learned.hi, 1.0, f.learned.slope)
      .note("n = " + std::to_string(bits) + " bits: kappa_N 95% CI [" + tl::format_short(f.learned.lo) + ", " +
            tl::format_short(f.learned.hi) + "], " + f.window);
}

}  // namespace

void reduce_geometry(const tl::RunResults& results, tl::Summary& summary) {
  const auto rows = rows_of(results, "geometry");
  std::set<std::pair<double, int>> sweeps;  // (alpha, n)
  for (const tl::RowRef& r : rows)
    sweeps.insert({r->point().real("alpha"), static_cast<int>(r->point().integer("geometry_bits"))});
  GeometryTable t;
  std::map<int, WindowFit> claimed;  // at alpha = kLadderAlpha (0.4), by n
  for (const auto& [alpha, bits] : sweeps) {
    const WidthSweep ws = width_sweep(rows, alpha, bits);
    if (ws.by_width.empty()) continue;  // every run diverged
    const WindowFit f = fit_width_window(ws);
    add_row(alpha, bits, ws, f, t);
    if (same_value(alpha, kLadderAlpha)) claimed[bits] = f;
  }
  if (!t.alpha.empty()) geometry_table(t, summary);
  for (int bits : geometry_claimed_bits()) {
    const std::string n = std::to_string(bits);
    const auto it = claimed.find(bits);
    if (it == claimed.end()) {
      const std::string why = "this run has no geometry sweep at n = " + n + " bits and alpha = 0.4";
      summary.claim("learns_in_quanta_n" + n).not_applicable(why);
      summary.claim("kappa_n_at_n" + n).not_applicable(why);
      continue;
    }
    decide_quanta_claim(summary.claim("learns_in_quanta_n" + n), it->second, "n = " + n + " bits");
    decide_kappa(summary.claim("kappa_n_at_n" + n), it->second, bits);
  }
}

}  // namespace qs
