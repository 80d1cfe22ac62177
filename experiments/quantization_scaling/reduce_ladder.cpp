// The finite-size ladder across its rungs: a run grouped by n_tasks (T) has one Part B
// reduction per rung (exponent_table[n_tasks=T], with the per-rung claims); this joins
// them into one table per exponent and decides the trend claims (the slope of the
// measured exponent in log T against the model's finite-T prediction and the theory).
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

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
  double T = 0, measured = NAN, lo = NAN, hi = NAN, finite_T = NAN, theory = NAN, paper = NAN;
};

// Weighted least squares of y on log T with known standard errors (from each rung's 95%
// CI, se = half-width / 1.96), the variance inflated by the reduced chi-square when the
// rungs scatter more than their errors say; the CI is +-1.96 se (+-t_{m-2} when inflated
// would need m - 2 >= 1 dof, which the three-rung minimum gives).
struct Trend {
  double slope = NAN, lo = NAN, hi = NAN, predicted = NAN, chi2_dof = NAN;
  int rungs = 0;
};

Trend fit_trend(const std::vector<RungValue>& v) {
  Trend t;
  std::vector<double> x, y, w, yp;
  for (const RungValue& r : v) {
    if (!std::isfinite(r.measured) || !std::isfinite(r.lo) || !std::isfinite(r.hi) || !(r.hi > r.lo)) continue;
    const double se = (r.hi - r.lo) / 2 / kZ95;
    x.push_back(std::log(r.T)), y.push_back(r.measured), w.push_back(1 / (se * se)), yp.push_back(r.finite_T);
  }
  t.rungs = static_cast<int>(x.size());
  std::set<double> distinct(x.begin(), x.end());
  if (distinct.size() < static_cast<std::size_t>(kMinLadderRungs)) return t;
  auto wls = [&](const std::vector<double>& ys, double& slope, double& sxx) {
    double sw = 0, mx = 0, my = 0;
    for (std::size_t i = 0; i < x.size(); ++i) sw += w[i], mx += w[i] * x[i], my += w[i] * ys[i];
    mx /= sw, my /= sw;
    double sxy = 0;
    sxx = 0;
    for (std::size_t i = 0; i < x.size(); ++i) sxy += w[i] * (x[i] - mx) * (ys[i] - my), sxx += w[i] * (x[i] - mx) * (x[i] - mx);
    slope = sxy / sxx;
    double chi2 = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
      const double r = ys[i] - (my + slope * (x[i] - mx));
      chi2 += w[i] * r * r;
    }
    return chi2;
  };
  double sxx = 0;
  const double chi2 = wls(y, t.slope, sxx);
  t.chi2_dof = chi2 / (x.size() - 2);
  const double se = std::sqrt(std::max(1.0, t.chi2_dof) / sxx);
  t.lo = t.slope - kZ95 * se, t.hi = t.slope + kZ95 * se;
  if (std::all_of(yp.begin(), yp.end(), [](double p) { return std::isfinite(p); })) {
    double s2 = 0;
    wls(yp, t.predicted, s2);
  }
  return t;
}

const char* const kQuantities[3] = {"alpha_N", "alpha_S", "alpha_D"};
const char* const kTags[3] = {"n", "s", "d"};

}  // namespace

void reduce_ladder(const std::vector<std::string>& keys, tl::Summary& summary) {
  auto na_all = [&](const std::string& why) {
    for (const char* tag : kTags) {
      summary.claim(std::string("ladder_alpha_") + tag + "_trend_toward_theory").not_applicable(why);
      summary.claim(std::string("ladder_alpha_") + tag + "_trend_matches_finite_t").not_applicable(why);
    }
  };
  if (std::find(keys.begin(), keys.end(), kLadderKey) == keys.end()) {
    na_all("the run is not grouped by " + std::string(kLadderKey) + " (no ladder)");
    return;
  }
  const tl::SummaryTable* table = summary.find_table("exponent_table");
  if (!table) {
    na_all("no rung trained a network (no exponent_table)");
    return;
  }
  const auto T = reals(table->column_named(kLadderKey));
  const auto alpha = reals(table->column_named("alpha"));
  const auto quantity = texts(table->column_named("exponent"));
  const auto measured = reals(table->column_named("measured")), lo = reals(table->column_named("ci_lo")),
             hi = reals(table->column_named("ci_hi")), fin = reals(table->column_named("theory_finite_T")),
             theory = reals(table->column_named("theory")), paper = reals(table->column_named("paper"));
  // One ladder per alpha; the claims are about alpha = 0.4 (the ladder's alpha, Fig. 2).
  std::map<std::pair<std::string, double>, std::vector<RungValue>> by;  // (quantity, alpha) -> rungs
  std::map<std::pair<std::string, double>, int> rows_per_rung_max;
  std::map<std::tuple<std::string, double, double>, int> count;
  for (std::size_t i = 0; i < T.size(); ++i) {
    by[{quantity[i], alpha[i]}].push_back({T[i], measured[i], lo[i], hi[i], fin[i], theory[i], paper[i]});
    const int c = ++count[{quantity[i], alpha[i], T[i]}];
    int& m = rows_per_rung_max[{quantity[i], alpha[i]}];
    m = std::max(m, c);
  }
  std::vector<std::string> t_q, t_verdict_theory, t_verdict_finite;
  std::vector<double> t_alpha, t_slope, t_lo, t_hi, t_pred, t_chi2, t_rungs, t_gap_first, t_gap_last;
  for (int q = 0; q < 3; ++q) {
    for (auto& [key, rungs] : by) {
      if (key.first != kQuantities[q]) continue;
      std::sort(rungs.begin(), rungs.end(), [](const RungValue& a, const RungValue& b) { return a.T < b.T; });
      const bool one_per_rung = rows_per_rung_max[key] == 1;
      const Trend tr = one_per_rung ? fit_trend(rungs) : Trend{};
      // The direction toward theory: the side of the theory the rungs' measurements lie on.
      double gap = 0;
      int defined = 0;
      for (const RungValue& r : rungs)
        if (std::isfinite(r.measured)) gap += r.measured - r.theory, ++defined;
      const double side = gap >= 0 ? 1 : -1;
      t_q.push_back(kQuantities[q]), t_alpha.push_back(key.second), t_slope.push_back(tr.slope), t_lo.push_back(tr.lo);
      t_hi.push_back(tr.hi), t_pred.push_back(tr.predicted), t_chi2.push_back(tr.chi2_dof), t_rungs.push_back(tr.rungs);
      const bool fitted = std::isfinite(tr.slope);
      const double a_lo = side > 0 ? tr.lo : -tr.hi, a_hi = side > 0 ? tr.hi : -tr.lo;  // side x slope
      t_verdict_theory.push_back(!fitted ? "n/a" : a_hi < 0 ? "toward" : a_lo > 0 ? "away" : "flat within CI");
      t_verdict_finite.push_back(!fitted || !std::isfinite(tr.predicted) ? "n/a"
                                 : tr.lo <= tr.predicted && tr.predicted <= tr.hi ? "consistent" : "inconsistent");
      t_gap_first.push_back(rungs.empty() ? NAN : rungs.front().measured - rungs.front().theory);
      t_gap_last.push_back(rungs.empty() ? NAN : rungs.back().measured - rungs.back().theory);
      if (std::abs(key.second - kLadderAlpha) > 1e-12) continue;
      const std::string id = std::string("ladder_alpha_") + kTags[q];
      tl::Claim& toward = summary.claim(id + "_trend_toward_theory");
      tl::Claim& matches = summary.claim(id + "_trend_matches_finite_t");
      if (!one_per_rung) {
        const std::string why = "more than one group per n_tasks (another grouping key is swept): no single ladder";
        toward.not_applicable(why), matches.not_applicable(why);
        continue;
      }
      if (!fitted) {
        const std::string why = std::to_string(tr.rungs) + " rung(s) with a fitted " + kQuantities[q] + ", fewer than " +
                                std::to_string(kMinLadderRungs);
        toward.not_applicable(why), matches.not_applicable(why);
        continue;
      }
      const std::string note = "WLS slope of " + std::string(kQuantities[q]) + " on ln T over " + std::to_string(tr.rungs) +
                               " rungs (T " + tl::format_number(rungs.front().T) + "-" + tl::format_number(rungs.back().T) +
                               "), 95% CI [" + tl::format_short(tr.lo) + ", " + tl::format_short(tr.hi) +
                               "], reduced chi2 " + tl::format_short(tr.chi2_dof) + "; the finite-T model predicts " +
                               tl::format_short(tr.predicted) + "; measured - theory at the first/last rung " +
                               tl::format_number(t_gap_first.back()) + " / " + tl::format_number(t_gap_last.back());
      // Toward theory: (side x slope) < 0, i.e. the gap to theory shrinks with T.
      if (side > 0) toward.expect_ci_below(tr.lo, tr.hi, 0, tr.slope).note(note);
      else toward.expect_ci_below(-tr.hi, -tr.lo, 0, -tr.slope).note(note + " (measured below theory: sign flipped)");
      if (std::isfinite(tr.predicted)) matches.expect_inside(tr.lo, tr.hi, tr.predicted, tr.slope).note(note);
      else matches.not_applicable("no finite-T prediction at some rung");
    }
  }
  summary.table("ladder_trend", "the finite-size ladder: weighted slope of each fitted exponent on ln T (T = n_tasks) "
                                "across the rungs (95% CI, variance inflated by the reduced chi-square when > 1), the "
                                "slope of the model's finite-T predictions at the same rungs and windows, and whether "
                                "the measurement moves toward the T = infinity theory")
      .column("alpha", t_alpha).column("exponent", t_q).column("slope_per_ln_T", t_slope).column("ci_lo", t_lo)
      .column("ci_hi", t_hi).column("finite_T_slope", t_pred).column("reduced_chi2", t_chi2).column("rungs", t_rungs)
      .column("gap_to_theory_first_rung", t_gap_first).column("gap_to_theory_last_rung", t_gap_last)
      .column("vs_theory", t_verdict_theory).column("vs_finite_T", t_verdict_finite);
  summary.show("ladder_trend");
}

}  // namespace qs
