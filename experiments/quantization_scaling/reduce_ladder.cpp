// The finite-size ladder across its rungs: a run grouped by n_tasks (T) has one Part B
// reduction per rung (exponent_table[n_tasks=T], with the per-rung claims); this joins
// them into one table per exponent and decides the trend claims (the slope of the
// measured exponent in log T against the model's finite-T prediction and the theory).
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "quantization_scaling/network_fits.hpp"
#include "quantization_scaling/reduction.hpp"
#include "theorylab/core/claim.hpp"

namespace qs {

namespace {

std::vector<double> reals(const tl::Column& c) {
  if (const auto* d = std::get_if<std::vector<double>>(&c.data)) return *d;
  if (const auto* i = std::get_if<std::vector<std::int64_t>>(&c.data)) return std::vector<double>(i->begin(), i->end());
  std::vector<double> out;
  for (const std::string& s : std::get<std::vector<std::string>>(c.data)) out.push_back(s.empty() ? std::nan("") : std::stod(s));
  return out;
}

std::vector<std::string> texts(const tl::Column& c) {
  if (const auto* s = std::get_if<std::vector<std::string>>(&c.data)) return *s;
  std::vector<std::string> out;
  for (double v : reals(c)) out.push_back(tl::format_number(v));
  return out;
}

// One exponent at one rung.
struct RungValue {
  double T = 0, measured = NAN, lo = NAN, hi = NAN, finite_T = NAN, finite_T_lo = NAN, finite_T_hi = NAN, theory = NAN,
         paper = NAN;
  std::string window;  // the fit's window, or why the rung has no fit

  bool fitted() const { return std::isfinite(measured) && std::isfinite(lo) && std::isfinite(hi) && hi > lo; }
  // measured - finite-T prediction, and its 95% half-width as the per-rung claim
  // alpha_*_finite_t_* decides it (network_fits.hpp, finite_T_gap_half_width).
  double gap() const { return measured - finite_T; }
  double gap_half_width() const { return finite_T_gap_half_width((hi - lo) / 2, finite_T, finite_T_lo, finite_T_hi); }
};

// Weighted least squares of y on ln T with known 95% half-widths (se = half-width / 1.96),
// the variance inflated by the reduced chi-square when the rungs scatter more than their
// errors say; the CI is +-1.96 se. Needs >= 3 points with 2 distinct x (fit_trend checks).
struct Slope {
  double slope = NAN, lo = NAN, hi = NAN, chi2_dof = NAN;
};

Slope wls_slope(const std::vector<double>& x, const std::vector<double>& y, const std::vector<double>& half_width) {
  Slope out;
  std::vector<double> w;
  for (double h : half_width) w.push_back(1 / ((h / kZ95) * (h / kZ95)));
  double sw = 0, mx = 0, my = 0;
  for (std::size_t i = 0; i < x.size(); ++i) sw += w[i], mx += w[i] * x[i], my += w[i] * y[i];
  mx /= sw, my /= sw;
  double sxy = 0, sxx = 0;
  for (std::size_t i = 0; i < x.size(); ++i) sxy += w[i] * (x[i] - mx) * (y[i] - my), sxx += w[i] * (x[i] - mx) * (x[i] - mx);
  out.slope = sxy / sxx;
  double chi2 = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double r = y[i] - (my + out.slope * (x[i] - mx));
    chi2 += w[i] * r * r;
  }
  out.chi2_dof = chi2 / (x.size() - 2);
  const double se = std::sqrt(std::max(1.0, out.chi2_dof) / sxx);
  out.lo = out.slope - kZ95 * se, out.hi = out.slope + kZ95 * se;
  return out;
}

// Across the fitted rungs: the measured exponent's slope on ln T (its own errors), the
// slope of the model's predictions (same weights, for the record) and the slope of the
// gap measured - prediction (each rung weighted by the gap's error), which the finite-T
// trend claim tests against 0.
struct Trend {
  Slope measured, gap;
  double predicted = NAN;
  int rungs = 0;
};

Trend fit_trend(const std::vector<RungValue>& v) {
  Trend t;
  std::vector<double> x, y, h, yp, gap, gap_h;
  for (const RungValue& r : v) {
    if (!r.fitted()) continue;
    x.push_back(std::log(r.T)), y.push_back(r.measured), h.push_back((r.hi - r.lo) / 2), yp.push_back(r.finite_T);
    gap.push_back(r.gap()), gap_h.push_back(r.gap_half_width());
  }
  t.rungs = static_cast<int>(x.size());
  std::set<double> distinct(x.begin(), x.end());
  if (distinct.size() < static_cast<std::size_t>(kMinLadderRungs)) return t;
  t.measured = wls_slope(x, y, h);
  if (std::all_of(yp.begin(), yp.end(), [](double p) { return std::isfinite(p); })) {
    t.predicted = wls_slope(x, yp, h).slope;
    t.gap = wls_slope(x, gap, gap_h);
  }
  return t;
}

const char* const kQuantities[3] = {"alpha_N", "alpha_S", "alpha_D"};
const char* const kTags[3] = {"n", "s", "d"};


void ladder_not_applicable(const std::string& why, tl::Summary& summary) {
  for (const char* tag : kTags) {
    summary.claim(std::string("ladder_alpha_") + tag + "_trend_toward_theory").not_applicable(why);
    summary.claim(std::string("ladder_alpha_") + tag + "_trend_matches_finite_t").not_applicable(why);
  }
}

// The exponent table's rungs by (quantity, alpha), and the most rows any rung has (one
// per rung makes a ladder).
struct Rungs {
  std::map<std::pair<std::string, double>, std::vector<RungValue>> by;  // (quantity, alpha) -> rungs
  std::map<std::pair<std::string, double>, int> rows_per_rung_max;
};

Rungs rungs_of(const tl::SummaryTable& table) {
  const auto T = reals(table.column_named(kLadderKey));
  const auto alpha = reals(table.column_named("alpha"));
  const auto quantity = texts(table.column_named("exponent"));
  const auto measured = reals(table.column_named("measured")), lo = reals(table.column_named("ci_lo")),
             hi = reals(table.column_named("ci_hi")), fin = reals(table.column_named("theory_finite_T")),
             fin_lo = reals(table.column_named("theory_finite_T_lo")), fin_hi = reals(table.column_named("theory_finite_T_hi")),
             theory = reals(table.column_named("theory")), paper = reals(table.column_named("paper"));
  const auto window = texts(table.column_named("window"));
  Rungs out;
  std::map<std::tuple<std::string, double, double>, int> count;
  for (std::size_t i = 0; i < T.size(); ++i) {
    out.by[{quantity[i], alpha[i]}].push_back(
        {T[i], measured[i], lo[i], hi[i], fin[i], fin_lo[i], fin_hi[i], theory[i], paper[i], window[i]});
    const int c = ++count[{quantity[i], alpha[i], T[i]}];
    int& m = out.rows_per_rung_max[{quantity[i], alpha[i]}];
    m = std::max(m, c);
  }
  return out;
}

// The ladder_trend table's columns, one entry per (quantity, alpha).
struct TrendColumns {
  std::vector<std::string> q, verdict_theory, verdict_finite;
  std::vector<double> alpha, slope, lo, hi, pred, gap_slope, gap_lo, gap_hi, chi2, rungs, gap_first, gap_last;
};

// The side of the theory the rungs' measurements lie on (+1 above, -1 below).
double side_of_theory(const std::vector<RungValue>& rungs) {
  double gap = 0;
  int defined = 0;
  for (const RungValue& r : rungs)
    if (std::isfinite(r.measured)) gap += r.measured - r.theory, ++defined;
  return gap >= 0 ? 1 : -1;
}

void add_trend_row(const char* quantity, double alpha, const std::vector<RungValue>& rungs, const Trend& tr, double side,
                   TrendColumns& t) {
  t.q.push_back(quantity), t.alpha.push_back(alpha), t.slope.push_back(tr.measured.slope), t.lo.push_back(tr.measured.lo);
  t.hi.push_back(tr.measured.hi), t.pred.push_back(tr.predicted), t.chi2.push_back(tr.measured.chi2_dof), t.rungs.push_back(tr.rungs);
  t.gap_slope.push_back(tr.gap.slope), t.gap_lo.push_back(tr.gap.lo), t.gap_hi.push_back(tr.gap.hi);
  const bool fitted = std::isfinite(tr.measured.slope);
  const double a_lo = side > 0 ? tr.measured.lo : -tr.measured.hi, a_hi = side > 0 ? tr.measured.hi : -tr.measured.lo;  // side x slope
  t.verdict_theory.push_back(!fitted ? "n/a" : a_hi < 0 ? "toward" : a_lo > 0 ? "away" : "flat within CI");
  t.verdict_finite.push_back(!fitted || !std::isfinite(tr.gap.slope) ? "n/a"
                             : tr.gap.lo <= 0 && 0 <= tr.gap.hi ? "consistent" : "inconsistent");
  t.gap_first.push_back(rungs.empty() ? NAN : rungs.front().measured - rungs.front().theory);
  t.gap_last.push_back(rungs.empty() ? NAN : rungs.back().measured - rungs.back().theory);
}

// The two claims of one quantity at the ladder's alpha.
void decide_ladder_claims(int q, const std::vector<RungValue>& rungs, const Trend& tr, double side, bool one_per_rung,
                          const TrendColumns& t, tl::Summary& summary) {
  const std::string id = std::string("ladder_alpha_") + kTags[q];
  tl::Claim& toward = summary.claim(id + "_trend_toward_theory");
  tl::Claim& matches = summary.claim(id + "_trend_matches_finite_t");
  if (!one_per_rung) {
    const std::string why = "more than one group per n_tasks (another grouping key is swept): no single ladder";
    toward.not_applicable(why), matches.not_applicable(why);
    return;
  }
  if (!std::isfinite(tr.measured.slope)) {
    // No rung fitted, every one for the same reason: that reason.
    const bool one_reason = tr.rungs == 0 && !rungs.empty() &&
                            std::all_of(rungs.begin(), rungs.end(), [&](const RungValue& r) { return r.window == rungs.front().window; });
    const std::string why = std::to_string(tr.rungs) + " rung(s) with a fitted " + kQuantities[q] + ", fewer than " +
                            std::to_string(kMinLadderRungs) + (one_reason ? " (every rung: " + rungs.front().window + ")" : "");
    toward.not_applicable(why), matches.not_applicable(why);
    return;
  }
  const std::string note = "WLS slope of " + std::string(kQuantities[q]) + " on ln T over " + std::to_string(tr.rungs) +
                           " rungs (T " + tl::format_number(rungs.front().T) + "-" + tl::format_number(rungs.back().T) +
                           "), 95% CI [" + tl::format_short(tr.measured.lo) + ", " + tl::format_short(tr.measured.hi) +
                           "], reduced chi2 " + tl::format_short(tr.measured.chi2_dof) + "; the finite-T model predicts " +
                           tl::format_short(tr.predicted) + "; measured - theory at the first/last rung " +
                           tl::format_number(t.gap_first.back()) + " / " + tl::format_number(t.gap_last.back());
  // Toward theory: (side x slope) < 0, i.e. the gap to theory shrinks with T.
  if (side > 0) toward.expect_ci_below(tr.measured.lo, tr.measured.hi, 0, tr.measured.slope).note(note);
  else toward.expect_ci_below(-tr.measured.hi, -tr.measured.lo, 0, -tr.measured.slope).note(note + " (measured below theory: sign flipped)");
  // Matches finite T: the gap measured - prediction has no slope on ln T (its 95% CI, each
  // rung's gap carrying both errors).
  if (std::isfinite(tr.gap.slope)) {
    matches.expect_inside(tr.gap.lo, tr.gap.hi, 0, tr.gap.slope)
        .note("WLS slope of " + std::string(kQuantities[q]) + " - the finite-T prediction on ln T over " +
              std::to_string(tr.rungs) + " rungs, each rung's gap with the measurement's and the prediction's errors "
              "(over the kappa's CI) in quadrature; reduced chi2 " + tl::format_short(tr.gap.chi2_dof) + "; for the record, " +
              note);
  } else {
    matches.not_applicable("no finite-T prediction at some rung");
  }
}

void ladder_trend_table(const TrendColumns& t, tl::Summary& summary) {
  summary.table("ladder_trend", "the finite-size ladder: weighted slope of each fitted exponent on ln T (T = n_tasks) "
                                "across the rungs (95% CI, variance inflated by the reduced chi-square when > 1), the "
                                "slope of the model's finite-T predictions at the same rungs and windows, the slope of "
                                "the gap measured - prediction (95% CI, each rung's gap with both errors; vs_finite_T "
                                "decides on it), and whether "
                                "the measurement moves toward the T = infinity theory")
      .column("alpha", t.alpha).column("exponent", t.q).column("slope_per_ln_T", t.slope).column("ci_lo", t.lo)
      .column("ci_hi", t.hi).column("finite_T_slope", t.pred).column("gap_to_finite_T_slope", t.gap_slope)
      .column("gap_ci_lo", t.gap_lo).column("gap_ci_hi", t.gap_hi).column("reduced_chi2", t.chi2).column("rungs", t.rungs)
      .column("gap_to_theory_first_rung", t.gap_first).column("gap_to_theory_last_rung", t.gap_last)
      .column("vs_theory", t.verdict_theory).column("vs_finite_T", t.verdict_finite);
  summary.show("ladder_trend");
}

}  // namespace

void reduce_ladder(const std::vector<std::string>& keys, tl::Summary& summary) {
  if (std::find(keys.begin(), keys.end(), kLadderKey) == keys.end()) {
    ladder_not_applicable("the run is not grouped by " + std::string(kLadderKey) + " (no ladder)", summary);
    return;
  }
  const tl::SummaryTable* table = summary.find_table("exponent_table");
  if (!table) {
    ladder_not_applicable("no rung trained a network (no exponent_table)", summary);
    return;
  }
  // One ladder per alpha; the claims are about alpha = 0.4 (the ladder's alpha, Fig. 2).
  Rungs r = rungs_of(*table);
  TrendColumns t;
  for (int q = 0; q < 3; ++q) {
    for (auto& [key, rungs] : r.by) {
      if (key.first != kQuantities[q]) continue;
      std::sort(rungs.begin(), rungs.end(), [](const RungValue& a, const RungValue& b) { return a.T < b.T; });
      const bool one_per_rung = r.rows_per_rung_max[key] == 1;
      const Trend tr = one_per_rung ? fit_trend(rungs) : Trend{};
      // The direction toward theory: the side of the theory the rungs' measurements lie on.
      const double side = side_of_theory(rungs);
      add_trend_row(kQuantities[q], key.second, rungs, tr, side, t);
      if (std::abs(key.second - kLadderAlpha) > 1e-12) continue;
      decide_ladder_claims(q, rungs, tr, side, one_per_rung, t, summary);
    }
  }
  ladder_trend_table(t, summary);
}

}  // namespace qs
