// Part B reduction: calibration, B1 (width), B2 (steps), B3 (data), the exponent table.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "quantization_scaling/fit_helpers.hpp"
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

std::vector<tl::RowRef> rows_of(const tl::RunResults& results, const std::string& part) {
  std::vector<tl::RowRef> out;
  for (const tl::Row& r : results.rows())
    if (!r.has("error") && r.point().has("part") && r.point().text("part") == part) out.push_back(tl::keep(r));
  return out;
}

bool same(double a, double b) { return std::abs(a - b) < 1e-12; }

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
  double finite_T = std::nan("");  // the quantization model's apparent exponent at this T and window
  bool fitted = false;
  double value = std::nan(""), lo = std::nan(""), hi = std::nan("");
  int points = 0;
  std::string window, why_not;
};

std::string verdict(const Exponent& e, double expected) {
  if (!e.fitted || !std::isfinite(expected)) return "n/a";
  return e.lo <= expected && expected <= e.hi ? "consistent" : "inconsistent";
}

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
  c.expect_inside(e.lo, e.hi, expected, e.value).note(e.quantity + " 95% CI [" + tl::format_short(e.lo) + ", " +
                                                      tl::format_short(e.hi) + "], " + std::to_string(e.points) +
                                                      " points, " + e.window);
}

// The apparent exponent the quantization model predicts for these points with T
// subtasks: n_i = c x_i^kappa (kappa from theory, c fitted to the measured n_learned by
// least squares in log n), L_i = tail_T(n_i) (b = 1 bit), then the same OLS of log L on
// log x as the measurement. Finite T steepens it above the T = infinity value.
double finite_T_prediction(const std::vector<double>& x, const std::vector<double>& n, double kappa, double s, double T) {
  double log_c = 0;
  for (std::size_t i = 0; i < x.size(); ++i) log_c += std::log(n[i]) - kappa * std::log(x[i]);
  log_c /= x.size();
  std::vector<double> L;
  for (double v : x) L.push_back(tl::zipf_tail(std::min(std::exp(log_c + kappa * std::log(v)), T * (1 - 1e-9)), s, T));
  return -tl::fit_power_law(x, L).exponent;
}

// Minimum of distinct x values in a network fit window: fewer gives no claim.
constexpr int kMinDistinct = 5;
// Bootstrap resamples of B1's offset fit (for the record, no claim).
constexpr int kOffsetResamples = 200;
// The paper's Fig. A3 is at alpha = 0.4: the convergence-slope claims use it when run.
constexpr double kConvergenceAlpha = 0.4;
// n_learned_grows_with_width: Spearman rho at least 0.8; loss_is_tail_of_learned: the
// median of L / tail_T(n_learned) within [0.8, 1.25] (a factor 1.25 either way).
constexpr double kMinSpearman = 0.8;
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
  std::map<double, Exponent> kappa_S_by_alpha;
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
// The B1 runs of one alpha that did not diverge, by width, and their number of subtasks.
struct WidthSweep {
  std::map<int, std::vector<tl::RowRef>> by_width;
  int T = 0;
};

WidthSweep width_sweep(const std::vector<tl::RowRef>& b1, double alpha) {
  WidthSweep ws;
  for (const tl::RowRef& r : b1)
    if (same(r->point().real("alpha"), alpha) && r->integer("diverged") == 0) {
      ws.by_width[static_cast<int>(r->point().integer("width"))].push_back(r);
      ws.T = static_cast<int>(r->integer("net_n_tasks"));
    }
  return ws;
}

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

// alpha_N and kappa_N on the runs with 2 <= n_learned <= T/2.
void fit_b1(const WidthSweep& ws, double alpha, Exponent& eN, Exponent& kN, Exponent& kNt, tl::Summary& summary) {
  const int T = ws.T;
  std::vector<double> x, y, nl;
  std::set<double> distinct;
  for (auto& [w, rs] : ws.by_width)
    for (const tl::RowRef& r : rs) {
      const double n = r->real("n_learned");
      if (n < 2 || n > T / 2.0 || !(r->real("L_bits") > 0)) continue;
      x.push_back(r->real("parameters")), y.push_back(r->real("L_bits")), nl.push_back(n), distinct.insert(w);
    }
  const std::string window = "runs with 2 <= n_learned <= T/2 = " + tl::format_number(T / 2.0) + ", " +
                             std::to_string(distinct.size()) + " widths";
  if (static_cast<int>(distinct.size()) < kMinDistinct) {
    eN.why_not = kN.why_not = kNt.why_not = "fewer than " + std::to_string(kMinDistinct) + " widths in the fit window (" + window + ")";
    return;
  }
  const SlopeEstimate e = pooled_slope(x, y), k = pooled_slope(x, nl);
  eN.fitted = true, eN.value = -e.slope, eN.lo = -e.hi, eN.hi = -e.lo, eN.points = e.points, eN.window = window;
  eN.finite_T = finite_T_prediction(x, nl, 1.0, alpha + 1, T);
  kN.fitted = true, kN.value = k.slope, kN.lo = k.lo, kN.hi = k.hi, kN.points = k.points, kN.window = window;
  b1_other_views(ws, alpha, x, y, window, kNt, summary);
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
      if (steps[c] > 0 && n[c] >= 2 && n[c] <= T / 2.0 && L[c] > 0)
        x.push_back(steps[c]), y.push_back(L[c]), xn.push_back(n[c]), g.push_back(seed);
    const auto& conv = r->series_of("convergence_step").data;
    const auto& p = r->series_of("task_p").data;
    for (std::size_t i = 0; i < conv.size(); ++i)
      if (conv[i] > 0) px.push_back(p[i]), py.push_back(conv[i]), pg.push_back(seed);
  }
  const std::string window = "width " + std::to_string(ws.by_width.rbegin()->first) + ", checkpoints with 2 <= n_learned <= T/2";
  std::set<int> seeds(g.begin(), g.end());
  try {
    if (seeds.size() < 2) throw std::invalid_argument("fewer than 2 seeds of the widest network");
    const SlopeEstimate e = group_slope(x, y, g);
    if (e.groups < 2) throw std::invalid_argument("fewer than 2 seeds with 3 checkpoints in the window");
    eS.fitted = true, eS.value = -e.slope, eS.lo = -e.hi, eS.hi = -e.lo, eS.points = e.points;
    eS.window = window + " (per-seed slopes, t-CI over " + std::to_string(e.groups) + " seeds)";
    eS.finite_T = finite_T_prediction(x, xn, 1 / (alpha + 1), alpha + 1, T);
    const SlopeEstimate k = group_slope(x, xn, g);
    kS.fitted = true, kS.value = k.slope, kS.lo = k.lo, kS.hi = k.hi, kS.points = k.points, kS.window = eS.window;
  } catch (const std::exception& ex) {
    eS.why_not = kS.why_not = std::string("alpha_S not fitted: ") + ex.what();
  }
  try {
    const SlopeEstimate c = group_slope(px, py, pg);
    if (c.groups < 2) throw std::invalid_argument("fewer than 2 seeds");
    b.conv_alpha.push_back(alpha), b.conv_slope.push_back(c.slope), b.conv_lo.push_back(c.lo), b.conv_hi.push_back(c.hi);
    b.conv_tasks.push_back(c.points), b.conv_seeds.push_back(c.groups);
  } catch (const std::exception&) {
  }
}

// ---- B3: data sweep ----------------------------------------------------------------
// alpha_D, kappa_D and the truncation-aware kappa_D on the runs with 2 <= n <= T/2.
void fit_b3(const std::vector<tl::RowRef>& b3, double alpha, Exponent& eD, Exponent& kD, Exponent& kDt) {
  std::vector<double> x, y, nl;
  std::set<double> distinct;
  int T3 = 0;
  for (const tl::RowRef& r : b3)
    if (same(r->point().real("alpha"), alpha) && r->integer("diverged") == 0) T3 = static_cast<int>(r->integer("net_n_tasks"));
  for (const tl::RowRef& r : b3) {
    if (!same(r->point().real("alpha"), alpha) || r->integer("diverged") != 0) continue;
    const double n = r->real("n_learned");
    if (n < 2 || n > T3 / 2.0 || !(r->real("L_bits") > 0)) continue;
    x.push_back(r->point().real("D")), y.push_back(r->real("L_bits")), nl.push_back(n), distinct.insert(r->point().real("D"));
  }
  const std::string window = "runs with 2 <= n_learned <= T/2 at the validation-chosen step, " +
                             std::to_string(distinct.size()) + " data sizes";
  if (static_cast<int>(distinct.size()) < kMinDistinct) {
    eD.why_not = kD.why_not = kDt.why_not = "fewer than " + std::to_string(kMinDistinct) + " data sizes in the fit window (" + window + ")";
    return;
  }
  const SlopeEstimate e = pooled_slope(x, y), k = pooled_slope(x, nl);
  eD.fitted = true, eD.value = -e.slope, eD.lo = -e.hi, eD.hi = -e.lo, eD.points = e.points, eD.window = window;
  eD.finite_T = finite_T_prediction(x, nl, 1 / (alpha + 1), alpha + 1, T3);
  kD.fitted = true, kD.value = k.slope, kD.lo = k.lo, kD.hi = k.hi, kD.points = k.points, kD.window = window;
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

// The claims of one alpha (only claimed_alphas() have claims).
void decide_alpha_claims(double alpha, const Exponent& eN, const Exponent& eS, const Exponent& eD, const Exponent& kN,
                         const Exponent& kD, tl::Summary& summary) {
  for (double ca : claimed_alphas()) {
    if (!same(ca, alpha)) continue;
    const std::string t = alpha_tag(alpha);
    decide(summary, "alpha_n_theory_" + t, eN, eN.theory, "theory");
    decide(summary, "alpha_n_paper_" + t, eN, eN.paper, "paper");
    decide(summary, "alpha_s_theory_" + t, eS, eS.theory, "theory");
    decide(summary, "alpha_s_paper_" + t, eS, eS.paper, "paper");
    decide(summary, "alpha_d_theory_" + t, eD, eD.theory, "theory");
    decide(summary, "alpha_d_paper_" + t, eD, eD.paper, "paper");
    decide(summary, "alpha_n_finite_t_" + t, eN, eN.finite_T, "finite-T theory");
    decide(summary, "alpha_s_finite_t_" + t, eS, eS.finite_T, "finite-T theory");
    decide(summary, "alpha_d_finite_t_" + t, eD, eD.finite_T, "finite-T theory");
    decide(summary, "kappa_n_" + t, kN, 1.0, "theory");
    decide(summary, "kappa_d_" + t, kD, 1 / (alpha + 1), "theory");
  }
}

// The tail check: L ≈ b tail_T(n_learned), b = 1 bit, over the runs of this alpha.
void add_tail_ratios(const std::vector<tl::RowRef>& b1, const std::vector<tl::RowRef>& b3, double alpha, PartB& b) {
  for (const auto* list : {&b1, &b3})
    for (const tl::RowRef& r : *list) {
      if (!same(r->point().real("alpha"), alpha) || r->integer("diverged") != 0) continue;
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
  Exponent eN{alpha, "alpha_N", alpha, paper_alpha_n(alpha)};
  Exponent kN{alpha, "kappa_N", 1.0, std::nan("")};
  Exponent kNt{alpha, "kappa_N (truncation-aware fit of L)", 1.0, std::nan("")};
  Exponent kS{alpha, "kappa_S", 1 / (alpha + 1), std::nan("")};
  Exponent kDt{alpha, "kappa_D (truncation-aware fit of L)", 1 / (alpha + 1), std::nan("")};
  fit_b1(ws, alpha, eN, kN, kNt, summary);
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
  decide_alpha_claims(alpha, eN, eS, eD, kN, kD, summary);
  add_tail_ratios(b1, b3, alpha, b);
}

// ---- tables ---------------------------------------------------------------------------
void exponent_tables(const PartB& b, tl::Summary& summary) {
  std::vector<double> a, th, pa, ft, val, lo, hi, pts;
  std::vector<std::string> q, vt, vp, vf, win;
  for (const Exponent& e : b.table) {
    a.push_back(e.alpha), q.push_back(e.quantity), th.push_back(e.theory), pa.push_back(e.paper), ft.push_back(e.finite_T);
    vf.push_back(verdict(e, e.finite_T));
    val.push_back(e.value), lo.push_back(e.lo), hi.push_back(e.hi), pts.push_back(e.points);
    vt.push_back(verdict(e, e.theory)), vp.push_back(verdict(e, e.paper)), win.push_back(e.fitted ? e.window : e.why_not);
  }
  summary.table("exponent_table", "Fig. A4b of arXiv 2303.13506: theory (T infinite), theory at this T and window "
                                          "(tail_T of the theory's n(x), same OLS), the paper's Fig. A4b, this run (95% CI)")
      .column("alpha", a).column("exponent", q).column("theory", th).column("theory_finite_T", ft).column("paper", pa)
      .column("measured", val).column("ci_lo", lo).column("ci_hi", hi).column("points", pts).column("vs_theory", vt)
      .column("vs_finite_T", vf).column("vs_paper", vp).column("window", win);
  summary.show("exponent_table");
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
    if (same(b.conv_alpha[i], kConvergenceAlpha)) pick = i;
  if (b.conv_alpha.empty()) {
    summary.claim("convergence_slope_paper").not_applicable("fewer than 2 seeds of the widest B1 network");
    summary.claim("convergence_slope_theory").not_applicable("fewer than 2 seeds of the widest B1 network");
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
}

}  // namespace qs
