// Part B reduction: calibration, B1 (width), B2 (steps), B3 (data), the exponent table.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "quantization_scaling/authors_estimators.hpp"
#include "quantization_scaling/network_fits.hpp"
#include "quantization_scaling/reduction.hpp"
#include "theorylab/math/hurwitz_zeta.hpp"
#include "theorylab/math/power_law_fit.hpp"

namespace qs {

const std::vector<double>& claimed_alphas() {
  static const std::vector<double> a{0.2, 0.4, 0.8};
  return a;
}

std::string alpha_tag(double alpha) {
  const int tenths = static_cast<int>(std::lround(alpha * 10));
  return "a0" + std::to_string(tenths);
}

namespace {
// Fig. A4b of arXiv 2303.13506 (values read from the authors' figure data), alpha = 0.1 .. 0.8.
constexpr double kPaperN[8] = {0.229, 0.283, 0.339, 0.378, 0.454, 0.503, 0.571, 0.608};
constexpr double kPaperS[8] = {0.228, 0.267, 0.307, 0.346, 0.376, 0.422, 0.468, 0.482};
constexpr double kPaperD[8] = {0.275, 0.274, 0.297, 0.308, 0.335, 0.357, 0.373, 0.404};
double lookup(const double* table, double alpha) {
  const double i = alpha * 10;
  if (std::abs(i - std::round(i)) > 1e-9 || std::round(i) < 1 || std::round(i) > 8) return std::nan("");
  return table[static_cast<int>(std::round(i)) - 1];
}
}  // namespace

double paper_alpha_n(double alpha) { return lookup(kPaperN, alpha); }
double paper_alpha_s(double alpha) { return lookup(kPaperS, alpha); }
double paper_alpha_d(double alpha) { return lookup(kPaperD, alpha); }

double discriminating_half_width(double theory, double paper) {
  if (!std::isfinite(paper)) return kExponentResolution;
  // Rounded down to 3 decimals: a declared number ("0.011"), never wider than half the gap.
  return std::min(kExponentResolution, std::floor(std::abs(theory - paper) / 2 * 1000) / 1000);
}

namespace {

// Spearman rank correlation (average ranks on ties).
double spearman(const std::vector<double>& a, const std::vector<double>& b) {
  auto ranks = [](const std::vector<double>& v) {
    std::vector<std::size_t> idx(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) idx[i] = i;
    std::sort(idx.begin(), idx.end(), [&](std::size_t i, std::size_t j) { return v[i] < v[j]; });
    std::vector<double> r(v.size());
    for (std::size_t i = 0; i < idx.size();) {
      std::size_t j = i;
      while (j + 1 < idx.size() && v[idx[j + 1]] == v[idx[i]]) ++j;
      for (std::size_t k = i; k <= j; ++k) r[idx[k]] = (i + j) / 2.0 + 1;
      i = j + 1;
    }
    return r;
  };
  const auto ra = ranks(a), rb = ranks(b);
  double ma = 0, mb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) ma += ra[i], mb += rb[i];
  ma /= a.size(), mb /= a.size();
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    sab += (ra[i] - ma) * (rb[i] - mb), saa += (ra[i] - ma) * (ra[i] - ma), sbb += (rb[i] - mb) * (rb[i] - mb);
  return saa > 0 && sbb > 0 ? sab / std::sqrt(saa * sbb) : std::nan("");
}

struct Exponent {  // one fitted exponent of the table
  double alpha = 0;
  std::string quantity;  // alpha_N, alpha_S, alpha_D
  double theory = 0, paper = 0;
  double T = 0;  // subtasks of the fitted runs
  double finite_T = std::nan("");        // the quantization model at this T and window, at the measured kappa
  double finite_T_lo = std::nan(""), finite_T_hi = std::nan("");  // the same over the kappa's 95% CI (ordered)
  double finite_T_kappa1 = std::nan("");  // the same at the theory's kappa: tells whether T = infinity is in reach
  double kappa = std::nan(""), kappa_lo = std::nan(""), kappa_hi = std::nan("");  // the measured kappa beside it
  bool fitted = false;
  double value = std::nan(""), lo = std::nan(""), hi = std::nan("");
  int points = 0;
  std::string window, why_not;
};

std::string verdict(const Exponent& e, double expected) {
  if (!e.fitted || !std::isfinite(expected)) return "n/a";
  return e.lo <= expected && expected <= e.hi ? "consistent" : "inconsistent";
}

// The gap's half-width for the finite-T claims (network_fits.hpp).
double finite_T_half_width(const Exponent& e) {
  return finite_T_gap_half_width((e.hi - e.lo) / 2, e.finite_T, e.finite_T_lo, e.finite_T_hi);
}

std::string finite_T_verdict(const Exponent& e) {
  if (!e.fitted || !std::isfinite(e.finite_T)) return "n/a";
  return std::abs(e.value - e.finite_T) <= finite_T_half_width(e) ? "consistent" : "inconsistent";
}

std::string ci_note(const Exponent& e) {
  return e.quantity + " 95% CI [" + tl::format_short(e.lo) + ", " + tl::format_short(e.hi) + "], " +
         std::to_string(e.points) + " points, " + e.window;
}

// A claim on theorylab's window estimator against `expected` (finite T: the model at
// the measured kappa).
void decide(tl::Summary& summary, const std::string& id, const Exponent& e, double expected, const std::string& what) {
  tl::Claim& c = summary.claim(id);
  if (!e.fitted) {
    c.not_applicable(e.why_not);
    return;
  }
  if (!std::isfinite(expected)) {
    c.not_applicable("no " + what + " value at this alpha");
    return;
  }
  c.expect_inside(e.lo, e.hi, expected, e.value).note(ci_note(e));
}

// A claim that the exponent equals the model's finite-T prediction at the measured kappa:
// decided on measured +- finite_T_half_width (both errors), the prediction's range noted.
void decide_finite_T(tl::Summary& summary, const std::string& id, const Exponent& e) {
  tl::Claim& c = summary.claim(id);
  if (!e.fitted) {
    c.not_applicable(e.why_not);
    return;
  }
  if (!std::isfinite(e.finite_T)) {
    c.not_applicable("no finite-T theory value at this alpha");
    return;
  }
  const double h = finite_T_half_width(e);
  c.expect_inside(e.value - h, e.value + h, e.finite_T, e.value, "95% interval with the model's error")
      .note(ci_note(e) + "; the prediction at kappa " + tl::format_short(e.kappa) + " [" + tl::format_short(e.kappa_lo) +
            ", " + tl::format_short(e.kappa_hi) + "] is " + tl::format_short(e.finite_T) + " [" +
            tl::format_short(e.finite_T_lo) + ", " + tl::format_short(e.finite_T_hi) +
            "]; the interval decided is measured +- " + tl::format_short(h) + " (both errors in quadrature)");
}

// The T = infinity theory is out of this run's reach when the quantization model itself,
// at the theory's kappa, gives an apparent exponent in the fit's window that differs from
// the T = infinity value by more than the claim's resolution: finite T alone would fail it.
bool theory_out_of_reach(const Exponent& e) {
  return e.fitted && std::abs(e.finite_T_kappa1 - e.theory) > discriminating_half_width(e.theory, e.paper);
}

// The T = infinity theory: decided only where this run's T and window let it show; else
// n/a with the numbers (the finite-T claim decides the run).
void decide_theory(tl::Summary& summary, const std::string& id, const Exponent& e, const std::string& finite_id) {
  if (theory_out_of_reach(e)) {
    const double resolution = discriminating_half_width(e.theory, e.paper);
    summary.claim(id).not_applicable(
        "not comparable at this T: in this window (" + e.window + ") the quantization model itself gives " + e.quantity +
        " = " + tl::format_short(e.finite_T_kappa1) + " at T = " + tl::format_number(e.T) + ", not the T = infinity " +
        tl::format_short(e.theory) + " (more than the resolution " + tl::format_number(resolution) + " apart); " +
        finite_id + " decides this run");
    return;
  }
  decide(summary, id, e, e.theory, "theory");
}

// The paper's measured value: by the authors' estimator on a run in the paper's regime,
// else n/a with the reason.
void decide_paper(tl::Summary& summary, const std::string& id, const AuthorsFit& f, double paper) {
  tl::Claim& c = summary.claim(id);
  if (!f.fitted) {
    c.not_applicable(f.why_not);
  } else if (!std::isfinite(paper)) {
    c.not_applicable("no paper value at this alpha");
  } else if (!f.in_paper_regime()) {
    c.not_applicable("not comparable at this run's scale: " + f.estimator + "; the fit " + f.regime_text());
  } else {
    c.expect_inside(f.lo, f.hi, paper, f.value)
        .note(f.estimator + "; 95% CI [" + tl::format_short(f.lo) + ", " + tl::format_short(f.hi) + "] over " +
              std::to_string(f.seeds) + " seed(s), " + std::to_string(f.points) + " points; the fit " + f.regime_text());
  }
}

// The bound on the widest network's late decay for the authors' alpha_N
// (authors_estimators.hpp): a share of the paper's alpha_S at this alpha, or of the
// theory's alpha/(alpha+1) where the paper has no value (its claim is then n/a anyway).
double late_decay_bound(double alpha) {
  const double paper = paper_alpha_s(alpha);
  return kPaperRegimeLateDecayShare * (std::isfinite(paper) ? paper : alpha / (alpha + 1));
}

// Bootstrap resamples of B1's offset fit (for the record, no claim).
constexpr int kOffsetResamples = 200;
// The paper's Fig. A3 is at alpha = 0.4: the convergence-slope claims use it when run.
constexpr double kConvergenceAlpha = 0.4;
// n_learned_grows_with_width: Spearman rho at least 0.8; loss_is_tail_of_learned: the
// median of L / tail_T(n_learned) within [0.8, 1.25] (a factor 1.25 either way).
constexpr double kMinSpearman = 0.8;
constexpr long kMinSpearmanWidths = 5;  // the claim's needs_samples(5) (quantization_scaling.cpp)
constexpr double kTailRatioLo = 0.8, kTailRatioHi = 1.25;

// Part B over every alpha: the tables' columns and what the global claims need.
struct PartB {
  std::vector<Exponent> table;
  std::vector<double> k_alpha, k_value, k_lo, k_hi, k_expected, k_points;
  std::vector<std::string> k_quantity, k_verdict;
  std::vector<double> sweep_alpha, sweep_width, sweep_params, sweep_seeds, sweep_n_mean, sweep_n_min, sweep_n_max,
      sweep_L_mean, sweep_L_sd, sweep_tail;
  std::vector<double> tail_ratios;
  std::map<double, double> spearman_by_alpha;
  std::map<double, long> widths_by_alpha;  // distinct widths behind each rho
  std::vector<double> conv_alpha, conv_slope, conv_lo, conv_hi, conv_tasks, conv_seeds;
  std::string conv_why_not = "no B1 runs";  // why no alpha has a convergence slope (the last reason)
  std::map<double, Exponent> kappa_S_by_alpha;
  std::vector<double> a_alpha, a_paper, a_value, a_lo, a_hi, a_points, a_seeds, a_reach, a_T;
  std::vector<std::string> a_quantity, a_regime, a_verdict, a_estimator;
  std::vector<double> a_model_kappa1, a_model_kappa;  // the model over the paper's window
  std::vector<double> q_alpha, q_T, q_alpha_n, q_quant, q_quant_lo, q_quant_hi, q_rest, q_rest_lo, q_rest_hi, q_residual;
  std::map<double, WindowFit> split_by_alpha;
};

// ---- calibration ---------------------------------------------------------------------
void calibration_table(const std::vector<tl::RowRef>& calib, tl::Summary& summary) {
  std::vector<std::string> variant;
  std::vector<std::int64_t> n, k, width, learned_runs, runs;
  std::vector<double> lr, mean_steps, min_steps, max_steps;
  std::map<std::string, std::vector<tl::RowRef>> by;
  std::vector<std::string> order;
  for (const tl::RowRef& r : calib) {
    if (!by.count(r->point().text("variant"))) order.push_back(r->point().text("variant"));
    by[r->point().text("variant")].push_back(r);
  }
  for (const std::string& v : order) {
    const auto& rs = by[v];
    double sum = 0, lo = INFINITY, hi = -INFINITY;
    int learned = 0;
    for (const tl::RowRef& r : rs) {
      const double s = r->real("steps_to_learn");
      if (s >= 0) sum += s, lo = std::min(lo, s), hi = std::max(hi, s), ++learned;
    }
    variant.push_back(v), n.push_back(rs[0]->integer("net_n_bits")), k.push_back(rs[0]->integer("net_k"));
    width.push_back(rs[0]->integer("net_width")), lr.push_back(rs[0]->real("net_lr"));
    runs.push_back(static_cast<std::int64_t>(rs.size())), learned_runs.push_back(learned);
    mean_steps.push_back(learned ? sum / learned : std::nan(""));
    min_steps.push_back(learned ? lo : std::nan("")), max_steps.push_back(learned ? hi : std::nan(""));
  }
  summary.table("calibration", "one parity (n_tasks = 1): steps until its test loss < learned_bits (checked every 25 steps)")
      .column("variant", variant).column("n_bits", n).column("k", k).column("width", width).column("lr", lr)
      .column("runs", runs).column("runs_learned", learned_runs).column("steps_mean", mean_steps, "steps")
      .column("steps_min", min_steps, "steps").column("steps_max", max_steps, "steps");
  summary.show("calibration");
}

// ---- B1: width sweep ---------------------------------------------------------------
// Table b1_width_sweep's rows of this alpha, and the rank correlation of width and n.
void add_sweep_rows(const WidthSweep& ws, double alpha, PartB& b) {
  const double s = alpha + 1;
  std::vector<double> widths_for_rho, n_for_rho;
  for (auto& [w, rs] : ws.by_width) {
    double nm = 0, lo = INFINITY, hi = -INFINITY, Lm = 0, L2 = 0;
    for (const tl::RowRef& r : rs) {
      const double nl = r->real("n_learned"), L = r->real("L_bits");
      nm += nl, lo = std::min(lo, nl), hi = std::max(hi, nl), Lm += L, L2 += L * L;
    }
    nm /= rs.size(), Lm /= rs.size();
    b.sweep_alpha.push_back(alpha), b.sweep_width.push_back(w), b.sweep_params.push_back(rs[0]->real("parameters"));
    b.sweep_seeds.push_back(rs.size()), b.sweep_n_mean.push_back(nm), b.sweep_n_min.push_back(lo), b.sweep_n_max.push_back(hi);
    b.sweep_L_mean.push_back(Lm);
    b.sweep_L_sd.push_back(rs.size() > 1 ? std::sqrt(std::max(0.0, (L2 - rs.size() * Lm * Lm) / (rs.size() - 1))) : 0);
    b.sweep_tail.push_back(tl::zipf_tail(nm, s, ws.T));
    widths_for_rho.push_back(w), n_for_rho.push_back(nm);
  }
  if (widths_for_rho.size() >= 3) {
    b.spearman_by_alpha[alpha] = spearman(widths_for_rho, n_for_rho);
    b.widths_by_alpha[alpha] = static_cast<long>(widths_for_rho.size());
  }
}

// Other views of B1's window, for the record: the offset model, the truncation-aware fit
// (kNt) and the fit over every run with n_learned >= 1.
void b1_other_views(const WidthSweep& ws, double alpha, const std::vector<double>& x, const std::vector<double>& y,
                    const std::string& window, Exponent& kNt, tl::Summary& summary) {
  try {
    tl::OffsetFitOptions o;
    o.resamples = kOffsetResamples;
    const auto off = tl::fit_offset_power_law(x, y, o);
    summary.scalar("b1_offset_decay_" + alpha_tag(alpha), off.decay, "1",
                   "B1: beta of L = E + A N^-beta (variable projection), same window; bootstrap CI [" +
                       tl::format_number(off.decay_lo) + ", " + tl::format_number(off.decay_hi) + "], E = " +
                       tl::format_number(off.offset) + " bits");
  } catch (const std::exception& ex) {
    summary.note(std::string("B1 offset fit failed: ") + ex.what());
  }
  try {
    const auto tr = tl::fit_truncated_tail(x, y, alpha + 1, ws.T, 1.0);
    kNt.fitted = true, kNt.value = tr.kappa, kNt.lo = tr.kappa_lo, kNt.hi = tr.kappa_hi;
    kNt.points = static_cast<int>(tr.points), kNt.window = window;
  } catch (const std::exception& ex) {
    summary.note(std::string("B1 truncation-aware fit failed: ") + ex.what());
  }
  // How the fit moves with the window: every run with n_learned >= 1.
  std::vector<double> xw, yw;
  for (auto& [w, rs] : ws.by_width)
    for (const tl::RowRef& r : rs)
      if (r->real("n_learned") >= 1 && r->real("L_bits") > 0) xw.push_back(r->real("parameters")), yw.push_back(r->real("L_bits"));
  if (xw.size() >= 3)
    summary.scalar("b1_alpha_n_wide_window_" + alpha_tag(alpha), -pooled_slope(xw, yw).slope, "1",
                   "B1: alpha_N on every run with n_learned >= 1 (no upper cut), for comparison with the window fit");
}

// The measured kappa beside an exponent, and the model's finite-T predictions at it and
// at the theory's kappa (x, n: the fitted points).
void set_kappa(Exponent& e, const Exponent& k, const std::vector<double>& x, const std::vector<double>& n,
               double kappa_theory) {
  e.kappa = k.value, e.kappa_lo = k.lo, e.kappa_hi = k.hi;
  e.finite_T = finite_T_prediction(x, n, k.value, e.alpha + 1, e.T);
  const double at_lo = finite_T_prediction(x, n, k.lo, e.alpha + 1, e.T), at_hi = finite_T_prediction(x, n, k.hi, e.alpha + 1, e.T);
  e.finite_T_lo = std::min(at_lo, at_hi), e.finite_T_hi = std::max(at_lo, at_hi);
  e.finite_T_kappa1 = finite_T_prediction(x, n, kappa_theory, e.alpha + 1, e.T);
}

// alpha_N and kappa_N by the window estimator (network_fits.hpp).
void fit_b1(const WidthSweep& ws, const WindowFit& wf, Exponent& eN, Exponent& kN, Exponent& kNt, tl::Summary& summary) {
  if (!wf.fitted) {
    eN.why_not = kN.why_not = kNt.why_not = wf.why_not;
    return;
  }
  eN.fitted = true, eN.value = -wf.loss.slope, eN.lo = -wf.loss.hi, eN.hi = -wf.loss.lo, eN.points = wf.loss.points;
  eN.window = wf.window, eN.T = ws.T;
  kN.fitted = true, kN.value = wf.learned.slope, kN.lo = wf.learned.lo, kN.hi = wf.learned.hi;
  kN.points = wf.learned.points, kN.window = wf.window;
  set_kappa(eN, kN, wf.x, wf.n, 1.0);
  b1_other_views(ws, eN.alpha, wf.x, wf.y, wf.window, kNt, summary);
}

// ---- B2: checkpoints of the widest runs ---------------------------------------------
// alpha_S and kappa_S (per-seed slopes) and the convergence-time slope of this alpha.
void fit_b2(const WidthSweep& ws, double alpha, Exponent& eS, Exponent& kS, PartB& b) {
  const int T = ws.T;
  const auto& widest = ws.by_width.rbegin()->second;
  std::vector<double> x, y, xn, px, py;
  std::vector<int> g, pg;
  for (const tl::RowRef& r : widest) {
    const auto& steps = r->series_of("checkpoint_steps").data;
    const auto& L = r->series_of("L_curve").data;
    const auto& n = r->series_of("n_learned_curve").data;
    const int seed = r->point().replicate();
    for (std::size_t c = 0; c < steps.size(); ++c)
      if (steps[c] > 0 && in_window(n[c], T) && L[c] > 0)
        x.push_back(steps[c]), y.push_back(L[c]), xn.push_back(n[c]), g.push_back(seed);
    const auto& conv = r->series_of("convergence_step").data;
    const auto& p = r->series_of("task_p").data;
    for (std::size_t i = 0; i < conv.size(); ++i)
      if (conv[i] > 0) px.push_back(p[i]), py.push_back(conv[i]), pg.push_back(seed);
  }
  const std::string window = "width " + std::to_string(ws.by_width.rbegin()->first) + ", checkpoints with " + window_text(T);
  std::set<int> seeds(g.begin(), g.end());
  try {
    if (seeds.size() < 2) throw std::invalid_argument("fewer than 2 seeds of the widest network");
    const SlopeEstimate e = group_slope(x, y, g);
    if (e.groups < 2) throw std::invalid_argument("fewer than 2 seeds with 3 checkpoints in the window");
    eS.fitted = true, eS.value = -e.slope, eS.lo = -e.hi, eS.hi = -e.lo, eS.points = e.points;
    eS.window = window + " (per-seed slopes, t-CI over " + std::to_string(e.groups) + " seeds)";
    const SlopeEstimate k = group_slope(x, xn, g);
    kS.fitted = true, kS.value = k.slope, kS.lo = k.lo, kS.hi = k.hi, kS.points = k.points, kS.window = eS.window;
    eS.T = T;
    set_kappa(eS, kS, x, xn, 1 / (alpha + 1));
  } catch (const std::exception& ex) {
    eS.why_not = kS.why_not = std::string("alpha_S not fitted: ") + ex.what();
  }
  try {
    const SlopeEstimate c = group_slope(px, py, pg);
    if (c.groups < 2) throw std::invalid_argument("fewer than 2 seeds");
    b.conv_alpha.push_back(alpha), b.conv_slope.push_back(c.slope), b.conv_lo.push_back(c.lo), b.conv_hi.push_back(c.hi);
    b.conv_tasks.push_back(c.points), b.conv_seeds.push_back(c.groups);
  } catch (const std::exception& ex) {
    b.conv_why_not = "the widest B1 network's convergence steps (width " + std::to_string(ws.by_width.rbegin()->first) +
                     ") not fitted: " + ex.what();
  }
}

// ---- B3: data sweep ----------------------------------------------------------------
// alpha_D, kappa_D and the truncation-aware kappa_D on the runs with 2 <= n <= T/2.
void fit_b3(const std::vector<tl::RowRef>& b3, double alpha, Exponent& eD, Exponent& kD, Exponent& kDt) {
  const bool any = std::any_of(b3.begin(), b3.end(), [&](const tl::RowRef& r) { return same_value(r->point().real("alpha"), alpha); });
  if (!any) {
    eD.why_not = kD.why_not = kDt.why_not = "no data sweep (part B3) at this alpha in this run";
    return;
  }
  std::vector<double> x, y, nl;
  std::set<double> distinct;
  int T3 = 0;
  for (const tl::RowRef& r : b3)
    if (same_value(r->point().real("alpha"), alpha) && r->integer("diverged") == 0) T3 = static_cast<int>(r->integer("net_n_tasks"));
  for (const tl::RowRef& r : b3) {
    if (!same_value(r->point().real("alpha"), alpha) || r->integer("diverged") != 0) continue;
    const double n = r->real("n_learned");
    if (!in_window(n, T3) || !(r->real("L_bits") > 0)) continue;
    x.push_back(r->point().real("D")), y.push_back(r->real("L_bits")), nl.push_back(n), distinct.insert(r->point().real("D"));
  }
  const std::string window = "runs with " + window_text(T3) + " at the validation-chosen step, " +
                             std::to_string(distinct.size()) + " data sizes";
  if (static_cast<int>(distinct.size()) < kMinDistinct) {
    eD.why_not = kD.why_not = kDt.why_not = "fewer than " + std::to_string(kMinDistinct) + " data sizes in the fit window (" + window + ")";
    return;
  }
  const SlopeEstimate e = pooled_slope(x, y), k = pooled_slope(x, nl);
  eD.fitted = true, eD.value = -e.slope, eD.lo = -e.hi, eD.hi = -e.lo, eD.points = e.points, eD.window = window;
  kD.fitted = true, kD.value = k.slope, kD.lo = k.lo, kD.hi = k.hi, kD.points = k.points, kD.window = window;
  eD.T = T3;
  set_kappa(eD, kD, x, nl, 1 / (alpha + 1));
  try {
    const auto tr = tl::fit_truncated_tail(x, y, alpha + 1, T3, 1.0);
    kDt.fitted = true, kDt.value = tr.kappa, kDt.lo = tr.kappa_lo, kDt.hi = tr.kappa_hi;
    kDt.points = static_cast<int>(tr.points), kDt.window = window;
  } catch (const std::exception& ex) {
    kDt.why_not = std::string("fit failed: ") + ex.what();
  }
}

const char* const kPerAlphaClaims[] = {"alpha_n_theory_", "alpha_n_paper_", "alpha_s_theory_", "alpha_s_paper_",
                                       "alpha_d_theory_", "alpha_d_paper_", "alpha_n_finite_t_", "alpha_s_finite_t_",
                                       "alpha_d_finite_t_", "kappa_n_", "kappa_d_"};

// The authors' estimates of one alpha.
struct AuthorsFits {
  AuthorsFit n, s, d;
};

// The claims of one alpha (only claimed_alphas() have claims).
void decide_alpha_claims(double alpha, const Exponent& eN, const Exponent& eS, const Exponent& eD, const Exponent& kN,
                         const Exponent& kD, const AuthorsFits& a, tl::Summary& summary) {
  for (double ca : claimed_alphas()) {
    if (!same_value(ca, alpha)) continue;
    const std::string t = alpha_tag(alpha);
    decide_theory(summary, "alpha_n_theory_" + t, eN, "alpha_n_finite_t_" + t);
    decide_theory(summary, "alpha_s_theory_" + t, eS, "alpha_s_finite_t_" + t);
    decide_theory(summary, "alpha_d_theory_" + t, eD, "alpha_d_finite_t_" + t);
    decide_paper(summary, "alpha_n_paper_" + t, a.n, eN.paper);
    decide_paper(summary, "alpha_s_paper_" + t, a.s, eS.paper);
    decide_paper(summary, "alpha_d_paper_" + t, a.d, eD.paper);
    decide_finite_T(summary, "alpha_n_finite_t_" + t, eN);
    decide_finite_T(summary, "alpha_s_finite_t_" + t, eS);
    decide_finite_T(summary, "alpha_d_finite_t_" + t, eD);
    decide(summary, "kappa_n_" + t, kN, 1.0, "theory");
    decide(summary, "kappa_d_" + t, kD, 1 / (alpha + 1), "theory");
  }
}

// The authors' table's rows of one alpha.
void add_authors_rows(double alpha, const AuthorsFits& a, const Exponent* measured[3], PartB& b) {
  const std::pair<const char*, const AuthorsFit*> fits[] = {{"alpha_N", &a.n}, {"alpha_S", &a.s}, {"alpha_D", &a.d}};
  const double paper[] = {paper_alpha_n(alpha), paper_alpha_s(alpha), paper_alpha_d(alpha)};
  for (int q = 0; q < 3; ++q) {
    const AuthorsFit& f = *fits[q].second;
    b.a_alpha.push_back(alpha), b.a_quantity.push_back(fits[q].first), b.a_paper.push_back(paper[q]);
    b.a_value.push_back(f.fitted ? f.value : std::nan("")), b.a_lo.push_back(f.fitted ? f.lo : std::nan(""));
    b.a_hi.push_back(f.fitted ? f.hi : std::nan("")), b.a_points.push_back(f.points), b.a_seeds.push_back(f.seeds);
    b.a_reach.push_back(f.reach), b.a_T.push_back(f.T);
    b.a_regime.push_back(!f.fitted ? "n/a" : f.in_paper_regime() ? "yes" : "no");
    const bool decided = f.fitted && f.in_paper_regime() && std::isfinite(paper[q]);
    b.a_verdict.push_back(!decided ? "n/a" : f.lo <= paper[q] && paper[q] <= f.hi ? "consistent" : "inconsistent");
    b.a_estimator.push_back(f.fitted ? f.estimator : f.why_not);
    const double kappa_theory = q == 0 ? 1.0 : 1 / (alpha + 1), kappa = measured[q]->kappa;
    b.a_model_kappa1.push_back(paper_window_prediction(alpha, kappa_theory));
    b.a_model_kappa.push_back(kappa > 0 ? paper_window_prediction(alpha, kappa) : std::nan(""));
  }
}

// The split of alpha_N (network_fits.hpp) of one alpha's window fit.
void add_split_row(double alpha, const WidthSweep& ws, const WindowFit& wf, PartB& b) {
  if (!wf.fitted) return;
  b.q_alpha.push_back(alpha), b.q_T.push_back(ws.T), b.q_alpha_n.push_back(-wf.loss.slope);
  b.q_quant.push_back(-wf.mass.slope), b.q_quant_lo.push_back(-wf.mass.hi), b.q_quant_hi.push_back(-wf.mass.lo);
  b.q_rest.push_back(-wf.rest.slope), b.q_rest_lo.push_back(-wf.rest.hi), b.q_rest_hi.push_back(-wf.rest.lo);
  b.q_residual.push_back(-wf.residual.slope);
  b.split_by_alpha[alpha] = wf;
}

// The tail check: L ≈ b tail_T(n_learned), b = 1 bit, over the runs of this alpha.
void add_tail_ratios(const std::vector<tl::RowRef>& b1, const std::vector<tl::RowRef>& b3, double alpha, PartB& b) {
  for (const auto* list : {&b1, &b3})
    for (const tl::RowRef& r : *list) {
      if (!same_value(r->point().real("alpha"), alpha) || r->integer("diverged") != 0) continue;
      const double n = r->real("n_learned"), Tn = r->real("net_n_tasks");
      if (n < 1 || n > Tn - 1) continue;
      b.tail_ratios.push_back(r->real("L_bits") / tl::zipf_tail(n, alpha + 1, Tn));
    }
}

// B1, B2, B3 at one alpha: its exponents, kappas, table rows and claims.
void reduce_alpha(const std::vector<tl::RowRef>& b1, const std::vector<tl::RowRef>& b3, double alpha, PartB& b,
                  tl::Summary& summary) {
  const WidthSweep ws = width_sweep(b1, alpha);
  add_sweep_rows(ws, alpha, b);
  const WindowFit wf = fit_width_window(ws);
  add_split_row(alpha, ws, wf, b);
  Exponent eN{alpha, "alpha_N", alpha, paper_alpha_n(alpha)};
  Exponent kN{alpha, "kappa_N", 1.0, std::nan("")};
  Exponent kNt{alpha, "kappa_N (truncation-aware fit of L)", 1.0, std::nan("")};
  Exponent kS{alpha, "kappa_S", 1 / (alpha + 1), std::nan("")};
  Exponent kDt{alpha, "kappa_D (truncation-aware fit of L)", 1 / (alpha + 1), std::nan("")};
  fit_b1(ws, wf, eN, kN, kNt, summary);
  Exponent eS{alpha, "alpha_S", alpha / (alpha + 1), paper_alpha_s(alpha)};
  if (!ws.by_width.empty())
    fit_b2(ws, alpha, eS, kS, b);
  else
    eS.why_not = "no B1 runs at this alpha";
  Exponent eD{alpha, "alpha_D", alpha / (alpha + 1), paper_alpha_d(alpha)};
  Exponent kD{alpha, "kappa_D", 1 / (alpha + 1), std::nan("")};
  fit_b3(b3, alpha, eD, kD, kDt);
  for (const Exponent* e : {&kN, &kNt, &kS, &kD, &kDt}) {
    b.k_alpha.push_back(alpha), b.k_quantity.push_back(e->quantity), b.k_value.push_back(e->value), b.k_lo.push_back(e->lo);
    b.k_hi.push_back(e->hi), b.k_expected.push_back(e->theory), b.k_points.push_back(e->points);
    b.k_verdict.push_back(verdict(*e, e->theory));
  }
  b.table.push_back(eN), b.table.push_back(eS), b.table.push_back(eD);
  b.kappa_S_by_alpha[alpha] = kS;
  std::vector<tl::RowRef> b3_here;
  for (const tl::RowRef& r : b3)
    if (same_value(r->point().real("alpha"), alpha) && r->integer("diverged") == 0) b3_here.push_back(r);
  const AuthorsFits authors{authors_alpha_n(ws, late_decay_bound(alpha)), authors_alpha_s(ws), authors_alpha_d(b3_here)};
  const Exponent* measured[3] = {&eN, &eS, &eD};
  add_authors_rows(alpha, authors, measured, b);
  decide_alpha_claims(alpha, eN, eS, eD, kN, kD, authors, summary);
  add_tail_ratios(b1, b3, alpha, b);
}

// ---- tables ---------------------------------------------------------------------------
// vs_theory of one row: as its claim decides it (not comparable when finite T alone
// moves the exponent by more than the resolution; decide_theory).
std::string theory_verdict(const Exponent& e) {
  if (theory_out_of_reach(e)) return "not comparable (finite T)";
  return verdict(e, e.theory);
}

void exponent_tables(const PartB& b, tl::Summary& summary) {
  std::vector<double> a, th, pa, ft, ftl, fth, ft1, val, lo, hi, pts, ka, kl, kh;
  std::vector<std::string> q, vt, vf, win;
  for (const Exponent& e : b.table) {
    a.push_back(e.alpha), q.push_back(e.quantity), th.push_back(e.theory), pa.push_back(e.paper), ft.push_back(e.finite_T);
    ftl.push_back(e.finite_T_lo), fth.push_back(e.finite_T_hi);
    ft1.push_back(e.finite_T_kappa1), vf.push_back(finite_T_verdict(e));
    val.push_back(e.value), lo.push_back(e.lo), hi.push_back(e.hi), pts.push_back(e.points);
    ka.push_back(e.kappa), kl.push_back(e.kappa_lo), kh.push_back(e.kappa_hi);
    vt.push_back(theory_verdict(e)), win.push_back(e.fitted ? e.window : e.why_not);
  }
  summary.table("exponent_table", "theorylab's window estimator (OLS in the declared window, 95% CI) beside theory at T "
                                  "infinite, the quantization model at this T and window (tail_T of n = c x^kappa, same "
                                  "OLS) at the measured kappa (theory_finite_T; theory_finite_T_lo/hi at the ends of the "
                                  "kappa's 95% CI; vs_finite_T on measured - theory_finite_T with both errors in "
                                  "quadrature) and at the theory's (theory_finite_T_kappa1), "
                                  "and the paper's Fig. A4b value for reference (compared with the authors' estimator in "
                                  "authors_estimator_table)")
      .column("alpha", a).column("exponent", q).column("theory", th).column("theory_finite_T", ft)
      .column("theory_finite_T_lo", ftl).column("theory_finite_T_hi", fth).column("theory_finite_T_kappa1", ft1).column("paper", pa).column("measured", val).column("ci_lo", lo)
      .column("ci_hi", hi).column("kappa", ka).column("kappa_lo", kl).column("kappa_hi", kh).column("points", pts)
      .column("vs_theory", vt).column("vs_finite_T", vf).column("window", win);
  summary.show("exponent_table");
  if (!b.a_alpha.empty()) {
    summary.table("authors_estimator_table", "the authors' estimators of Fig. A4b (authors_estimators.hpp) on this run, "
                                             "beside the paper's value; compared only in the paper's regime (the fit "
                                             "reaches at most 0.06 T and at least 12 learned subtasks); the "
                                             "quantization model over the paper's window (n_learned 1.4-24 of 500) at "
                                             "the theory's kappa and at this run's measured kappa")
        .column("alpha", b.a_alpha).column("exponent", b.a_quantity).column("paper", b.a_paper).column("measured", b.a_value)
        .column("ci_lo", b.a_lo).column("ci_hi", b.a_hi).column("points", b.a_points).column("seeds", b.a_seeds)
        .column("reach_n_learned", b.a_reach).column("T", b.a_T).column("paper_regime", b.a_regime)
        .column("vs_paper", b.a_verdict).column("model_paper_window_kappa1", b.a_model_kappa1)
        .column("model_paper_window_measured_kappa", b.a_model_kappa).column("estimator", b.a_estimator);
    summary.show("authors_estimator_table");
  }
  if (!b.q_alpha.empty()) {
    summary.table("quanta_split", "B1: alpha_N = alpha_quantized (slope of the mass M of not-learned subtasks) + "
                                  "alpha_rest (slope of L_u/M, the not-learned subtasks' mean loss, falling without their "
                                  "being learned; 0 when the task learns in quanta) + alpha_residual (slope of L/L_u: the "
                                  "learned subtasks' remaining loss), same window and OLS, 95% CIs")
        .column("alpha", b.q_alpha).column("T", b.q_T).column("alpha_N", b.q_alpha_n).column("alpha_quantized", b.q_quant)
        .column("quantized_lo", b.q_quant_lo).column("quantized_hi", b.q_quant_hi).column("alpha_rest", b.q_rest)
        .column("rest_lo", b.q_rest_lo).column("rest_hi", b.q_rest_hi).column("alpha_residual", b.q_residual);
    summary.show("quanta_split");
  }
  summary.table("kappa_table", "exponents of n_learned: ∝ N^kappa_N (theory 1), ∝ S^kappa_S and D^kappa_D (theory "
                                   "1/(alpha+1); 1/(0.81 (alpha+1)) with the paper's convergence slope); OLS of log "
                                   "n_learned, or the truncation-aware fit of L = tail_T((x/x0)^kappa)")
      .column("alpha", b.k_alpha).column("exponent", b.k_quantity).column("measured", b.k_value).column("ci_lo", b.k_lo)
      .column("ci_hi", b.k_hi).column("theory", b.k_expected).column("points", b.k_points).column("vs_theory", b.k_verdict);
}

void part_b_tables(const PartB& b, tl::Summary& summary) {
  if (!b.sweep_alpha.empty()) {
    summary.table("b1_width_sweep", "B1: online training, final checkpoint; n_learned = subtasks below learned_bits; "
                                    "tail = tail_T(mean n_learned) in bits")
        .column("alpha", b.sweep_alpha).column("width", b.sweep_width).column("parameters", b.sweep_params)
        .column("seeds", b.sweep_seeds).column("n_learned_mean", b.sweep_n_mean).column("n_learned_min", b.sweep_n_min)
        .column("n_learned_max", b.sweep_n_max).column("L_mean", b.sweep_L_mean, "bits").column("L_sd", b.sweep_L_sd, "bits")
        .column("tail_of_mean_n", b.sweep_tail, "bits");
    summary.show("b1_width_sweep");
  }
  if (!b.table.empty()) exponent_tables(b, summary);
  if (!b.conv_alpha.empty())
    summary.table("convergence_slope", "B2: slope of log S_k (first checkpoint below learned_bits) on log p_k, widest "
                                       "runs; per-seed slopes, t-CI over seeds (paper: -0.81; samples-seen theory: -1)")
        .column("alpha", b.conv_alpha).column("slope", b.conv_slope).column("ci_lo", b.conv_lo).column("ci_hi", b.conv_hi)
        .column("tasks", b.conv_tasks).column("seeds", b.conv_seeds);
}

// ---- global claims ----------------------------------------------------------------------
void decide_n_learned_grows_with_width(const PartB& b, tl::Summary& summary) {
  std::string constant_at;  // alphas where mean n_learned is the same at every width: rho undefined
  for (auto& [a, rho] : b.spearman_by_alpha)
    if (!std::isfinite(rho)) constant_at += (constant_at.empty() ? "" : ", ") + tl::format_number(a);
  if (!constant_at.empty()) {
    summary.claim("n_learned_grows_with_width")
        .not_applicable("mean n_learned is the same at every width (alpha = " + constant_at +
                        "): the rank correlation is undefined");
  } else if (!b.spearman_by_alpha.empty()) {
    long fewest_widths = std::numeric_limits<long>::max();
    for (auto& [a, widths] : b.widths_by_alpha) fewest_widths = std::min(fewest_widths, widths);
    if (fewest_widths < kMinSpearmanWidths) {  // a rho this short decides nothing either way
      summary.claim("n_learned_grows_with_width")
          .not_applicable("fewer than " + std::to_string(kMinSpearmanWidths) + " widths (" + std::to_string(fewest_widths) +
                          "): a Spearman rho >= 0.8 arises by chance with probability 21% at 4");
      return;
    }
    double worst = 1;
    for (auto& [a, rho] : b.spearman_by_alpha) worst = std::min(worst, rho);
    summary.claim("n_learned_grows_with_width").with_samples(fewest_widths).expect_at_least(worst, kMinSpearman)
        .note("Spearman rho of width and mean n_learned (smallest over alphas)");
  } else {
    summary.claim("n_learned_grows_with_width").not_applicable("fewer than 3 widths");
  }
}

// The convergence-time slope: at alpha = 0.4 (the paper's Fig. A3) if run, else the first alpha.
void decide_convergence_slope(const PartB& b, tl::Summary& summary) {
  std::size_t pick = 0;
  for (std::size_t i = 0; i < b.conv_alpha.size(); ++i)
    if (same_value(b.conv_alpha[i], kConvergenceAlpha)) pick = i;
  if (b.conv_alpha.empty()) {
    summary.claim("convergence_slope_paper").not_applicable(b.conv_why_not);
    summary.claim("convergence_slope_theory").not_applicable(b.conv_why_not);
    return;
  }
  const std::string note = "alpha = " + tl::format_number(b.conv_alpha[pick]) + ", " + tl::format_number(b.conv_tasks[pick]) +
                           " (task, seed) pairs, " + tl::format_number(b.conv_seeds[pick]) + " seeds";
  summary.claim("convergence_slope_paper")
      .expect_inside(b.conv_lo[pick], b.conv_hi[pick], kPaperConvergenceSlope, b.conv_slope[pick]).note(note);
  summary.claim("convergence_slope_theory")
      .expect_inside(b.conv_lo[pick], b.conv_hi[pick], kTheoryConvergenceSlope, b.conv_slope[pick]).note(note);
}

// The steps exponent of n_learned against the one the measured convergence slope
// implies (S_k ∝ p_k^-beta, p_k ∝ k^-(alpha+1) give n ∝ S^(1/(beta (alpha+1)))).
void note_implied_kappa_s(const PartB& b, tl::Summary& summary) {
  for (std::size_t i = 0; i < b.conv_alpha.size(); ++i) {
    const auto it = b.kappa_S_by_alpha.find(b.conv_alpha[i]);
    if (it == b.kappa_S_by_alpha.end() || !it->second.fitted) continue;
    const double beta = -b.conv_slope[i], implied = 1 / (beta * (b.conv_alpha[i] + 1));
    summary.note("alpha = " + tl::format_number(b.conv_alpha[i]) + ": kappa_S = " + tl::format_short(it->second.value) +
                 " [" + tl::format_short(it->second.lo) + ", " + tl::format_short(it->second.hi) +
                 "]; the measured convergence slope -" + tl::format_short(beta) + " implies 1/(beta (alpha+1)) = " +
                 tl::format_short(implied) + " (Su's samples-seen theory: 1/(alpha+1) = " +
                 tl::format_number(1 / (b.conv_alpha[i] + 1)) + ")");
  }
}

// The task learns in quanta: alpha_rest = 0 in B1's window, at alpha = 0.4 if run
// (the paper's Fig. 2), else the first alpha.
void decide_task_learns_in_quanta(const PartB& b, tl::Summary& summary) {
  if (b.split_by_alpha.empty()) {
    summary.claim("task_learns_in_quanta").not_applicable("no B1 alpha with a window fit");
    return;
  }
  auto it = b.split_by_alpha.find(kConvergenceAlpha);
  if (it == b.split_by_alpha.end()) it = b.split_by_alpha.begin();
  decide_quanta_claim(summary.claim("task_learns_in_quanta"), it->second, "alpha = " + tl::format_number(it->first));
}

void decide_loss_is_tail_of_learned(const PartB& b, tl::Summary& summary) {
  if (b.tail_ratios.size() < 3) {
    summary.claim("loss_is_tail_of_learned").not_applicable("fewer than 3 runs with 1 <= n_learned <= T-1");
    return;
  }
  std::vector<double> sorted(b.tail_ratios);
  std::sort(sorted.begin(), sorted.end());
  const double median = sorted[sorted.size() / 2];
  summary.claim("loss_is_tail_of_learned").with_samples(static_cast<long>(sorted.size()))
      .expect_between(median, kTailRatioLo, kTailRatioHi)
      .note("median of L / tail_T(n_learned) over " + std::to_string(sorted.size()) + " runs; range [" +
            tl::format_number(sorted.front()) + ", " + tl::format_number(sorted.back()) + "]");
}

}  // namespace

void reduce_part_b(const tl::RunResults& results, tl::Summary& summary) {
  const auto calib = rows_of(results, "calibration");
  if (!calib.empty()) calibration_table(calib, summary);
  const auto b1 = rows_of(results, "B1");
  const auto b3 = rows_of(results, "B3");
  std::set<double> alphas;
  for (const tl::RowRef& r : b1) alphas.insert(r->point().real("alpha"));
  for (const tl::RowRef& r : b3) alphas.insert(r->point().real("alpha"));
  int diverged = 0;
  for (const auto* list : {&b1, &b3})
    for (const tl::RowRef& r : *list) diverged += r->integer("diverged") != 0;
  if (diverged > 0)
    summary.note(std::to_string(diverged) + " network run(s) diverged (NaN loss): recorded with diverged = 1 and "
                                            "excluded from every fit and mean");
  PartB b;
  for (double alpha : alphas) reduce_alpha(b1, b3, alpha, b, summary);
  for (double ca : claimed_alphas()) {  // claimed alphas this run did not train
    if (alphas.count(ca)) continue;
    for (const char* id : kPerAlphaClaims)
      summary.claim(id + alpha_tag(ca)).not_applicable("this run trained no network at alpha = " + tl::format_number(ca));
  }
  part_b_tables(b, summary);
  decide_n_learned_grows_with_width(b, summary);
  decide_convergence_slope(b, summary);
  note_implied_kappa_s(b, summary);
  decide_loss_is_tail_of_learned(b, summary);
  decide_task_learns_in_quanta(b, summary);
}

}  // namespace qs
