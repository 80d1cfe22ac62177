// probability_space: the reduction. The comparison table, the findings worth a
// sentence, and one function per claim (docs/science/probability_space.md).
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "probability_space/fw_theory.hpp"
#include "probability_space/problems.hpp"
#include "probability_space/reduction.hpp"
#include "probability_space/solvers.hpp"
#include "theorylab/core/claim.hpp"
#include "theorylab/core/value.hpp"
#include "theorylab/core/worst_case.hpp"
#include "theorylab/math/line_fit.hpp"

namespace probability_space {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Tolerances of the claims, fixed before any run (see the claim statements).
constexpr double kArticleExampleTolerance = 1e-12;  // exact decimals in the article
constexpr double kJaggiRatioBound = 1.0;             // a theorem's bound: no tolerance (rounding ≪ 4L/(T+2))
constexpr double kParticleTolerance = 1e-6;          // RK4 error, dt ≤ 1e-2: O(dt⁴)
constexpr double kFokkerPlanckKlTolerance = 1e-2;    // nats, at the default grid h = 0.05
constexpr double kFokkerPlanckMinOrder = 1.5;        // second-order scheme
constexpr double kRateTolerance = 1e-2;              // relative, dF/dt identity
constexpr double kEgOneStepTolerance = 1e-12;
constexpr double kFloorRatioBound = 1.0;             // limsup(F − F*) ≤ η C_f/2 ≤ η L: a bound
constexpr double kNonSmoothTolerance = 1e-3;
// T7: r(u) = 0 and F(u) - F* = 1/2 - 1/(2n), both to 1e-15 absolute (exact arithmetic
// up to rounding of a few operations).
constexpr double kBarycentreTolerance = 1e-15;
// converged_match_reference: + the rounding of p to the bound sqrt(2 r / sigma).
constexpr double kL1Rounding = 1e-10;
// F - F* below 1e-13 max(1, |F*|) is rounding: "reached the optimum".
constexpr double kGapRounding = 1e-13;
// The entropic rate fit: the last 90% of iterations, at least 5 points.
constexpr double kRateFitStart = 0.1;
constexpr std::size_t kMinRateFitPoints = 5;
// The constant-step floor is the maximum over the last 20% of iterations.
constexpr double kFloorTailStart = 0.8;
// Listings of floors in notes stop growing past this many characters.
constexpr std::size_t kMaxListing = 600;

struct RowView {
  tl::RowRef row;
  ProblemId problem;
  SolverId solver;
};

std::string format_value(double v) { return tl::format_number(v); }

bool applicable(const RowView& v) { return v.row->integer("applicable") == 1; }

// Does parameter `key` change the result of (problem, solver)? Rows differing only in
// irrelevant keys are duplicates and appear once in the comparison table.
bool relevant(const std::string& key, ProblemId problem, SolverId solver) {
  if (key == "mu") return problem == ProblemId::T3;
  if (key == "tau") return problem == ProblemId::T2;
  if (key == "m0" || key == "s0" || key == "horizon") return problem == ProblemId::T8;
  if (key == "particles") return problem == ProblemId::T8 && solver == SolverId::ParticlesRk4;
  if (key == "fp_cells") return problem == ProblemId::T8 && solver == SolverId::FokkerPlanck;
  if (key == "instance_seed") return problem == ProblemId::T1 || problem == ProblemId::T2 || problem == ProblemId::T5;
  if (key == "step_scale")
    return solver == SolverId::ProjectedGradient || solver == SolverId::ExponentiatedGradient ||
           solver == SolverId::SoftmaxGradient;
  if (key == "fw_step") return solver == SolverId::FwConstant;
  return true;  // iterations, tolerance
}

// The rows that ran (a note lists the failed ones).
std::vector<RowView> rows_that_ran(const tl::RunResults& results, tl::Summary& summary) {
  std::vector<RowView> rows;
  std::string failed;
  for (const tl::Row& row : results.rows()) {
    if (row.has("error") || !row.has("applicable")) {
      failed += " " + std::to_string(row.point().index());
      continue;
    }
    rows.push_back({tl::keep(row), parse_problem(row.point().text("problem")), parse_solver(row.point().text("solver"))});
  }
  if (!failed.empty()) summary.note("rows left out of every table and claim (the point failed; see its error column):" + failed);
  return rows;
}

// ---- the comparison table -------------------------------------------------------------
struct ComparisonColumns {
  std::vector<std::string> problem, solver, status, reached, other, instance;
  std::vector<std::int64_t> n, applicable, diverged, replicate;
  std::vector<double> iters, gap, residual, l1, time;
  bool replicated = false;  // more than one replicate: each line says which, and its instance
};

void add_comparison_row(const RowView& v, const std::string& other, ComparisonColumns& t) {
  const tl::Row& r = *v.row;
  t.problem.push_back(problem_name(v.problem));
  t.solver.push_back(solver_name(v.solver));
  t.replicate.push_back(r.point().replicate());
  t.replicated = t.replicated || r.point().replicate() > 0;
  // The random instance behind the row (its seed), or "fixed" for a problem whose data
  // are not random (T1 at n = 4, T3, T4, T6-T8).
  const bool random_data = v.problem == ProblemId::T2 || v.problem == ProblemId::T5 ||
                           (v.problem == ProblemId::T1 && r.integer("problem_size") != 4);
  t.instance.push_back(random_data ? std::to_string(static_cast<std::uint64_t>(r.integer("instance_seed_used"))) : "fixed");
  t.n.push_back(r.integer("problem_size"));
  t.other.push_back(other);
  t.applicable.push_back(r.integer("applicable"));
  t.status.push_back(r.text("status"));
  t.reached.push_back(r.text("reached_tolerance"));
  t.iters.push_back(r.real("iterations_to_tolerance"));  // NaN: did not
  t.diverged.push_back(r.integer("diverged"));
  t.gap.push_back(r.real("final_gap"));
  t.residual.push_back(r.real("final_residual"));
  t.l1.push_back(r.real("final_l1_error"));
  t.time.push_back(r.real("time_per_iteration_seconds"));
}

void write_comparison(const ComparisonColumns& t, bool other_params, tl::Summary& summary) {
  auto& table = summary.table("comparison",
                              "problem x solver: iterations to r <= tol (NaN: did not, see reached_tolerance), final F - F*, final r(p), "
                              "final |p - p*|_1, wall time per iteration; applicable = 0 marks n/a cells");
  table.column("problem", t.problem).column("solver", t.solver).column("n", t.n);
  if (t.replicated) table.column("replicate", t.replicate).column("instance_seed", t.instance);
  if (other_params) table.column("other_params", t.other);
  table.column("applicable", t.applicable).column("reached_tolerance", t.reached);
  table.column("iterations_to_tolerance", t.iters).column("final_gap", t.gap).column("final_residual", t.residual);
  table.column("final_l1_error", t.l1).column("diverged", t.diverged).column("status", t.status);
  table.column("time_per_iteration_seconds", t.time, "s");
  summary.show("comparison");
}

// One line per (problem, solver, size, relevant swept values, replicate); repeats that
// differ only in values the problem ignores (n for the fixed-size problems, mu outside
// T3, ...) are dropped, and listed in a note.
void comparison_table(const tl::RunResults& results, const std::vector<RowView>& rows, tl::Summary& summary) {
  std::vector<std::string> other_keys;
  for (const std::string& key : results.sweep.swept_keys())
    if (key != "problem" && key != "solver" && key != "n") other_keys.push_back(key);
  std::map<std::string, std::size_t> seen;  // key → the row kept for it
  std::string dropped;
  std::size_t n_dropped = 0;
  ComparisonColumns t;
  for (const RowView& v : rows) {
    const tl::Row& r = *v.row;
    std::string other;
    for (const std::string& key : other_keys)
      if (relevant(key, v.problem, v.solver)) other += key + "=" + tl::to_string(r.point().value(key)) + " ";
    const std::string key = problem_name(v.problem) + "|" + solver_name(v.solver) + "|" +
                            std::to_string(r.integer("problem_size")) + "|" + other + "|" +
                            std::to_string(r.point().replicate());
    const auto kept = seen.emplace(key, r.point().index());
    if (!kept.second) {
      ++n_dropped;
      dropped += " " + std::to_string(r.point().index()) + "=" + std::to_string(kept.first->second);
      continue;
    }
    add_comparison_row(v, other, t);
  }
  write_comparison(t, !other_keys.empty(), summary);
  if (n_dropped > 0)
    summary.note("comparison table: " + std::to_string(n_dropped) + " of " + std::to_string(rows.size()) +
                 " rows left out as repeats of a listed row that differ only in parameters their problem and "
                 "solver ignore (row=kept row):" + dropped);
}

// Findings worth a sentence: divergences (the entropy pitfall of projected gradient)
// and the T7 stop at the barycentre.
void note_findings(const std::vector<RowView>& rows, tl::Summary& summary) {
  std::string diverged;
  std::set<std::string> listed;
  for (const RowView& v : rows)
    if (applicable(v) && v.row->integer("diverged") != 0) {
      const std::string what = problem_name(v.problem) + " " + solver_name(v.solver) + " n=" +
                               std::to_string(v.row->integer("problem_size"));
      const double at = v.row->real("diverged_at");  // NaN for the flows (T8): no iteration index
      if (listed.insert(what).second)
        diverged += what + (std::isfinite(at) ? " (iteration " + format_value(at) + ")" : std::string()) + "; ";
    }
  if (!diverged.empty()) summary.note("diverged (NaN/Inf iterate, recorded in the row, run continued): " + diverged);
  bool t7 = false;
  for (const RowView& v : rows)
    if (v.problem == ProblemId::T7 && applicable(v) && v.solver != SolverId::Reference &&
        v.row->real("iterations_to_tolerance") == 0)
      t7 = true;
  if (t7)
    summary.note("T7: solvers started at the barycentre stop at iteration 0 (r = 0 there) with F - F* = 1/2 - 1/(2n): "
                 "the article's condition is met at the global maximum");
}

// ---- reference_kkt, t1_article_example, fw_residual_bounds_gap --------------------------
void decide_reference_kkt(const std::vector<RowView>& rows, tl::Summary& summary) {
  tl::WorstCase worst_residual, worst_pattern;
  int checked = 0, failed = 0;
  for (const RowView& v : rows) {
    if (!applicable(v) || v.problem == ProblemId::T8) continue;
    ++checked;
    worst_residual.add(std::fabs(v.row->real("reference_residual")));
    worst_pattern.add(v.row->real("kkt_pattern_error"));
    if (v.row->integer("kkt_ok") != 1) ++failed;
  }
  // A NaN residual (an optimum with entries that underflow to 0 under a tiny tau) is
  // shown as NaN, never as the largest of the other rows.
  auto& claim = summary.claim("reference_kkt");
  if (checked == 0) claim.not_applicable("no T1-T7 row in this run");
  else
    claim.expect_true(failed == 0, worst_residual.value_over_every_row(), "r(p*)/max(1,|g|) and KKT pattern error <= 1e-12",
                      "1e-12 relative")
        .note(std::to_string(checked) + " reference optima checked; worst KKT pattern error " +
              format_value(worst_pattern.value_over_every_row()));
}

void decide_t1_article_example(const std::vector<RowView>& rows, tl::Summary& summary) {
  double worst = -1;
  for (const RowView& v : rows)
    if (v.problem == ProblemId::T1 && applicable(v) && std::isfinite(v.row->real("article_example_error")))
      worst = std::max(worst, v.row->real("article_example_error"));
  auto& claim = summary.claim("t1_article_example");
  if (worst < 0) claim.not_applicable("no T1 row with n = 4 (the article's x)");
  else claim.expect_at_most(worst, kArticleExampleTolerance).note("max |p* - (0.6,0.4,0,0)| and |lambda - 0.2|");
}

void decide_fw_residual_bounds_gap(const std::vector<RowView>& rows, tl::Summary& summary) {
  std::int64_t violations = 0;
  int runs = 0;
  double worst = 0;
  for (const RowView& v : rows) {
    const bool fw = v.solver == SolverId::FwConstant || v.solver == SolverId::FwOpenLoop || v.solver == SolverId::FwLineSearch;
    if (!fw || !applicable(v) || !convex(v.problem)) continue;
    ++runs;
    violations += v.row->integer("residual_bound_violations");
    worst = std::max(worst, v.row->real("worst_bound_violation"));
  }
  auto& claim = summary.claim("fw_residual_bounds_gap");
  if (runs == 0) claim.not_applicable("no Frank-Wolfe run on a convex problem");
  else
    claim.expect_at_most(static_cast<double>(violations), 0)
        .note(std::to_string(runs) + " Frank-Wolfe runs, every iterate checked (slack 1e-12 max(1,|F*|)); worst "
              "(F - F*) - r = " + format_value(worst));
}

// ---- fw_rate -----------------------------------------------------------------------
// The claim: Jaggi's Theorem 1 at every iterate of the runs on L-smooth problems (the
// ratio is computed in run_point on the full per-iterate F − F* series with L from the
// problem data). T2/T3 are not L-smooth on the simplex (C_f = ∞, fw_theory.hpp): no
// theorem bounds them, so their fitted log-log slope over the last 90% of the run is a
// finding (table fw_rate_entropic), not a verdict.
struct JaggiCheck {
  double worst_ratio = -std::numeric_limits<double>::infinity();
  bool nan_ratio = false;
  int runs = 0;
  std::int64_t violations = 0, checked = 0;
  std::string worst_case;
};

struct EntropicRates {
  std::vector<std::string> problem, solver, other;
  std::vector<std::int64_t> n, reached;
  std::vector<double> exponent, final_gap;
  double slowest_exponent = -std::numeric_limits<double>::infinity();
  std::string slowest_case;
};

void add_jaggi_run(const tl::Row& r, const std::string& what, JaggiCheck& j) {
  ++j.runs;
  j.violations += r.integer("jaggi_violations");
  j.checked += r.integer("jaggi_checked");
  if (r.integer("jaggi_checked") == 0) return;  // stopped at its tolerance before t = 1: no iterate, no worst one
  const double ratio = r.real("jaggi_worst_ratio");
  if (std::isnan(ratio)) j.nan_ratio = true;
  else if (ratio > j.worst_ratio) {
    j.worst_ratio = ratio;
    j.worst_case = what + " at t=" + std::to_string(r.integer("jaggi_worst_iteration"));
  }
}

// Entropic: the fitted exponent (a finding).
void add_entropic_rate(const RowView& v, const std::string& what, EntropicRates& e) {
  const tl::Row& r = *v.row;
  const auto& it = r.series_of("iteration").data;
  const auto& gap = r.series_of("gap").data;
  const double T = static_cast<double>(r.integer("iterations_run"));
  const double floor_level = kGapRounding * std::max(1.0, std::fabs(r.real("optimum_value")));
  std::vector<double> lx, ly;
  for (std::size_t k = 0; k < it.size(); ++k)
    if (it[k] >= kRateFitStart * T && it[k] >= 1 && gap[k] > floor_level) lx.push_back(std::log(it[k] + 2)), ly.push_back(std::log(gap[k]));
  const bool reached = r.real("iterations_to_tolerance") >= 0 || r.real("final_gap") <= floor_level;
  const double exponent = (!reached && lx.size() >= kMinRateFitPoints) ? tl::fit_line(lx, ly).slope : kNaN;
  e.problem.push_back(problem_name(v.problem));
  e.solver.push_back(solver_name(v.solver));
  e.n.push_back(r.integer("problem_size"));
  e.other.push_back(v.problem == ProblemId::T3 ? "mu=" + format_value(r.point().real("mu"))
                                               : "tau=" + format_value(r.point().real("tau")));
  e.reached.push_back(reached ? 1 : 0);
  e.exponent.push_back(exponent);
  e.final_gap.push_back(r.real("final_gap"));
  if (std::isfinite(exponent) && exponent > e.slowest_exponent) e.slowest_exponent = exponent, e.slowest_case = what;
}

void write_entropic_rates(const EntropicRates& e, tl::Summary& summary) {
  auto& table = summary.table("fw_rate_entropic",
                              "finding, no claim: Frank-Wolfe (2/(t+2), backtracking) on the entropic T2/T3, "
                              "which are not L-smooth on the simplex (Jaggi's C_f is infinite); fitted log-log "
                              "slope of F - F* over the last 90% of iterations (NaN: reached the tolerance)");
  table.column("problem", e.problem).column("solver", e.solver).column("n", e.n).column("other_params", e.other);
  table.column("reached", e.reached).column("fitted_exponent", e.exponent).column("final_gap", e.final_gap);
  if (!std::isfinite(e.slowest_exponent)) return;
  summary.scalar("fw_rate_entropic_slowest_exponent", e.slowest_exponent, "1",
                 "largest fitted log-log slope of F - F* (last 90% of iterations) of Frank-Wolfe on T2/T3");
  summary.note("fw_rate finding (T2/T3, outside Jaggi's theorem): slowest fitted exponent of F - F* " +
               format_value(e.slowest_exponent) + " (" + e.slowest_case + "); table fw_rate_entropic");
}

void decide_fw_rate(const std::vector<RowView>& rows, tl::Summary& summary) {
  JaggiCheck j;
  EntropicRates e;
  std::set<std::string> listed;
  for (const RowView& v : rows) {
    if (!(v.solver == SolverId::FwOpenLoop || v.solver == SolverId::FwLineSearch) || !applicable(v) ||
        !smooth_convex(v.problem))
      continue;
    const tl::Row& r = *v.row;
    const std::string what = problem_name(v.problem) + " " + solver_name(v.solver) + " n=" +
                             std::to_string(r.integer("problem_size")) +
                             (v.problem == ProblemId::T3 ? " mu=" + format_value(r.point().real("mu")) : "") +
                             (v.problem == ProblemId::T2 ? " tau=" + format_value(r.point().real("tau")) : "");
    // Rows that differ only in parameters the problem ignores (mu off T3, n for T4) are one run.
    const std::string key = what + " seed=" + std::to_string(instance_seed_of(r.point())) + " rep=" +
                            std::to_string(r.point().replicate()) + " T=" + std::to_string(r.point().integer("iterations"));
    if (!listed.insert(key).second) continue;
    if (std::isfinite(r.real("smoothness_L")) || r.integer("jaggi_checked") > 0) add_jaggi_run(r, what, j);
    else add_entropic_rate(v, what, e);
  }
  auto& claim = summary.claim("fw_rate");
  if (j.runs == 0) claim.not_applicable("no 2/(t+2) or line-search Frank-Wolfe run on an L-smooth problem (T1, T4, T5)");
  else if (j.checked == 0)  // every run stopped (converged) before its first checked iterate: nothing was compared
    claim.not_applicable(std::to_string(j.runs) + " runs, 0 iterates checked against 4L/(t+2) (each stopped at its tolerance first)");
  else
    claim.expect_at_most(j.nan_ratio ? kNaN : j.worst_ratio, kJaggiRatioBound)
        .note(std::to_string(j.runs) + " runs, " + std::to_string(j.checked) + " iterates checked, " +
              std::to_string(j.violations) + " above 4L/(t+2); worst: " + j.worst_case);
  if (!e.problem.empty()) write_entropic_rates(e, summary);
}

// ---- t7_condition_not_sufficient ---------------------------------------------------
void decide_t7_condition_not_sufficient(const std::vector<RowView>& rows, tl::Summary& summary) {
  int rows_t7 = 0;
  bool ok = true;
  double gap = kNaN;
  for (const RowView& v : rows) {
    if (v.problem != ProblemId::T7 || !applicable(v)) continue;
    ++rows_t7;
    const double r = v.row->real("barycentre_residual"), g = v.row->real("barycentre_gap");
    const double n = static_cast<double>(v.row->integer("problem_size"));
    if (!(std::fabs(r) <= kBarycentreTolerance && g > 0 && std::fabs(g - (0.5 - 0.5 / n)) <= kBarycentreTolerance &&
          v.row->integer("barycentre_is_max") == 1))
      ok = false;
    gap = std::isnan(gap) ? g : std::min(gap, g);
  }
  auto& claim = summary.claim("t7_condition_not_sufficient");
  if (rows_t7 == 0) claim.not_applicable("no T7 row");
  else
    claim.expect_true(ok, gap, "r(u) = 0 and F(u) - F* = 1/2 - 1/(2n) > 0, F(u) >= F at vertices and 200 random points",
                      "1e-15 absolute")
        .note("measured: the smallest F(u) - F* over the T7 rows");
}

// ---- T8: the flows -------------------------------------------------------------------
struct FlowCheck {
  double fp_order = std::numeric_limits<double>::infinity();
  tl::WorstCase fp_error, particle_error, rate, increases;
  int flows = 0;
  bool diverged = false;
};

FlowCheck check_flows(const std::vector<RowView>& rows) {
  FlowCheck f;
  for (const RowView& v : rows) {
    if (v.problem != ProblemId::T8 || !applicable(v) || v.solver == SolverId::Reference) continue;
    const tl::Row& r = *v.row;
    ++f.flows;
    // A diverged flow has no monotonicity or rate to check: undefined, never a zero.
    const bool flow_diverged = r.integer("diverged") != 0;
    if (flow_diverged) f.diverged = true;
    f.increases.add(flow_diverged ? kNaN : static_cast<double>(r.integer("kl_increases")));
    f.rate.add(flow_diverged ? kNaN : r.real("rate_mismatch")).add(flow_diverged ? kNaN : r.real("dissipation_error"));
    if (v.solver == SolverId::ParticlesRk4)
      f.particle_error.add(r.real("kl_error")).add(r.real("mean_error")).add(r.real("variance_error"));
    else
      f.fp_error.add(r.real("kl_error")), f.fp_order = std::min(f.fp_order, r.real("kl_error_order"));
  }
  return f;
}

void decide_t8(const std::vector<RowView>& rows, tl::Summary& summary) {
  const FlowCheck f = check_flows(rows);
  auto& particles = summary.claim("t8_particles_closed_form");
  if (f.particle_error.empty()) particles.not_applicable("no particles_rk4 row on T8");
  else if (f.diverged) particles.expect_at_most(kNaN, kParticleTolerance).note("a flow diverged");
  else particles.expect_at_most(f.particle_error, kParticleTolerance).note("max over t of |KL|, |m|, |s^2| errors");
  auto& fp = summary.claim("t8_fokker_planck_closed_form");
  // A diverged flow (NaN error) did not follow the closed form: a failure, shown as NaN.
  if (f.fp_error.empty()) fp.not_applicable("no fokker_planck row on T8");
  else
    fp.expect_true(f.fp_error.value_over_every_row() <= kFokkerPlanckKlTolerance && f.fp_order >= kFokkerPlanckMinOrder,
                   f.fp_error.value_over_every_row(),
                   "max_t |KL - KL_t| <= 1e-2 nats and grid order >= 1.5", "1e-2 nats; order 1.5")
        .note("observed order (cells vs cells/2): " + format_value(f.fp_order));
  auto& monotone = summary.claim("t8_monotone");
  if (f.flows == 0) monotone.not_applicable("no numerical T8 flow in this run");
  else monotone.expect_at_most(f.increases, 0).note("the most steps with KL_{k+1} > KL_k in one flow");
  auto& dissipation = summary.claim("t8_dissipation_rate");
  if (f.flows == 0) dissipation.not_applicable("no numerical T8 flow in this run");
  else dissipation.expect_at_most(f.rate, kRateTolerance).note("max relative mismatch, both identities, all flows");
}

// ---- eg_one_step_t2, converged_match_reference, fw_nonsmooth_t6 ------------------------
void decide_eg_one_step_t2(const std::vector<RowView>& rows, tl::Summary& summary) {
  tl::WorstCase worst;
  for (const RowView& v : rows)
    if (v.problem == ProblemId::T2 && v.solver == SolverId::ExponentiatedGradient && applicable(v) &&
        v.row->point().real("step_scale") == 1.0)
      worst.add(v.row->real("one_step_l1_error"));
  auto& claim = summary.claim("eg_one_step_t2");
  if (worst.empty()) claim.not_applicable("no exponentiated_gradient row on T2 with step_scale = 1 (eta = 1/tau)");
  else claim.expect_at_most(worst, kEgOneStepTolerance);
}

void decide_converged_match_reference(const std::vector<RowView>& rows, tl::Summary& summary) {
  int checked = 0;
  tl::WorstCase worst_ratio;
  for (const RowView& v : rows) {
    const tl::Row& r = *v.row;
    if (!applicable(v) || v.solver == SolverId::Reference || v.problem == ProblemId::T8 ||
        !(r.real("iterations_to_tolerance") >= 0) || !std::isfinite(r.real("l1_bound")))
      continue;
    ++checked;
    const double bound = r.real("l1_bound") + kL1Rounding;  // + rounding of p
    worst_ratio.add(r.real("final_l1_error") / bound);
  }
  auto& claim = summary.claim("converged_match_reference");
  if (checked == 0) claim.not_applicable("no run reached the tolerance on a strongly convex problem");
  else
    claim.expect_at_most(worst_ratio, 1.0)
        .note(std::to_string(checked) + " converged runs; measured: max |p - p*|_1 / (sqrt(2 r/sigma) + 1e-10)");
}

void decide_fw_nonsmooth_t6(const std::vector<RowView>& rows, tl::Summary& summary) {
  tl::WorstCase worst;
  for (const RowView& v : rows)
    if (v.problem == ProblemId::T6 && applicable(v) &&
        (v.solver == SolverId::FwOpenLoop || v.solver == SolverId::FwLineSearch))
      worst.add(v.row->real("final_gap"));
  auto& claim = summary.claim("fw_nonsmooth_t6");
  if (worst.empty()) claim.not_applicable("no fw_open_loop / fw_line_search row on T6");
  else claim.expect_at_most(worst, kNonSmoothTolerance).note("measured: the largest final F - F* (F* = 0.48)");
}

// ---- constant-step Frank–Wolfe -------------------------------------------------------
// fw_constant_converges: the article's claim (expected to fail), on every floor run.
// fw_constant_floor_depends_on_step: on L-smooth problems, e_t ≤ (1 − η)^t e_0 + η C_f/2
// (fw_theory.hpp) bounds the tail maximum (t ≥ 0.8 T) by η L + (1 − η)^{0.8T} e_0; at the
// presets' T the transient is below e^{−20} e_0. T2/T3 floors: findings.
struct FloorCheck {
  tl::WorstCase worst_residual;
  double worst_floor_ratio = -std::numeric_limits<double>::infinity();
  double min_entropic_exponent = std::numeric_limits<double>::infinity(), worst_transient = 0;
  int runs = 0, bounded_runs = 0;
  bool bound_ok = true, monotone_ok = true, nan_floor = false;
  std::string floors, entropic_floors, worst_case, not_monotone;
};

// One L-smooth run's floors at eta, eta/2, eta/4 against the bound, and their order.
void check_bounded_floor(const tl::Row& r, const std::string& instance, const double floor_k[3], double L, FloorCheck& f) {
  const double eta = r.point().real("fw_step");
  const double e0 = std::max(0.0, r.real("initial_gap"));
  const double tail_start = std::floor(kFloorTailStart * static_cast<double>(r.point().integer("iterations")));
  // Rounding level of F − F*: floors below it count as "reached the optimum".
  const double rounding = kGapRounding * std::max(1.0, std::fabs(r.real("optimum_value")));
  for (int k = 0; k < 3; ++k) {
    const double eta_k = eta / (1 << k);
    const double transient = std::pow(1.0 - eta_k, tail_start) * e0;
    f.worst_transient = std::max(f.worst_transient, transient / constant_step_floor_bound(eta_k, L));
    const double ratio = floor_k[k] / (constant_step_floor_bound(eta_k, L) + transient);
    if (std::isnan(ratio)) f.nan_floor = true, f.bound_ok = false;
    else {
      if (ratio > kFloorRatioBound) f.bound_ok = false;
      if (ratio > f.worst_floor_ratio) f.worst_floor_ratio = ratio, f.worst_case = instance + " eta=" + format_value(eta_k);
    }
    if (k > 0 && !(floor_k[k] < floor_k[k - 1] || (floor_k[k] <= rounding && floor_k[k - 1] <= rounding))) {
      f.monotone_ok = false;
      f.not_monotone += instance + " (eta/" + std::to_string(1 << k) + "); ";
    }
  }
}

FloorCheck check_floors(const std::vector<RowView>& rows) {
  FloorCheck f;
  std::set<std::string> listed;
  for (const RowView& v : rows) {
    if (v.solver != SolverId::FwConstant || !applicable(v) || !std::isfinite(v.row->real("floor_gap"))) continue;
    const std::string instance = problem_name(v.problem) + " n=" + std::to_string(v.row->integer("problem_size")) +
                                 (v.problem == ProblemId::T3 ? " mu=" + format_value(v.row->point().real("mu")) : "");
    if (!listed.insert(instance).second) continue;  // fixed-size problems repeat across n
    ++f.runs;
    const tl::Row& r = *v.row;
    f.worst_residual.add(r.real("iterations_to_tolerance") >= 0 ? 0.0 : r.real("tail_max_residual"));
    const double floor_k[3] = {r.real("floor_gap"), r.real("floor_gap_half_step"), r.real("floor_gap_quarter_step")};
    const std::string listing = instance + ": " + format_value(floor_k[0]) + "/" + format_value(floor_k[1]) + "/" +
                                format_value(floor_k[2]) + "; ";
    const double L = r.real("smoothness_L");
    if (!std::isfinite(L)) {  // entropic: a finding
      if (std::isfinite(r.real("floor_exponent"))) f.min_entropic_exponent = std::min(f.min_entropic_exponent, r.real("floor_exponent"));
      if (f.entropic_floors.size() < kMaxListing) f.entropic_floors += listing;
      continue;
    }
    ++f.bounded_runs;
    if (f.floors.size() < kMaxListing) f.floors += listing;
    check_bounded_floor(r, instance, floor_k, L, f);
  }
  return f;
}

void decide_constant_step(const tl::RunResults& results, const std::vector<RowView>& rows, tl::Summary& summary) {
  const FloorCheck f = check_floors(rows);
  auto& converges = summary.claim("fw_constant_converges");
  auto& floor = summary.claim("fw_constant_floor_depends_on_step");
  if (f.runs == 0) {
    converges.not_applicable("no fw_constant run on a smooth convex problem with a non-vertex optimum");
  } else {
    const double tol = results.row(0).point().real("tolerance");
    converges.expect_at_most(f.worst_residual, tol)
        .note("measured: the largest r over the last 20% of iterations; floors of F - F* at eta/eta2/eta4: " + f.floors +
              f.entropic_floors);
  }
  if (f.bounded_runs == 0)
    floor.not_applicable("no fw_constant floor run on an L-smooth problem (T1, T4, T5) with a non-vertex optimum");
  else
    floor.expect_true(f.bound_ok && f.monotone_ok, f.nan_floor ? kNaN : f.worst_floor_ratio,
                      "floor <= eta L + (1-eta)^{0.8T} e_0 at eta, eta/2, eta/4, strictly decreasing",
                      "none (a bound)")
        .note(std::to_string(f.bounded_runs) + " L-smooth runs; worst ratio at " + f.worst_case +
              "; largest transient / (eta L): " + format_value(f.worst_transient) +
              (f.monotone_ok ? "" : "; NOT decreasing: " + f.not_monotone) + "; floors eta/eta2/eta4: " + f.floors);
  if (f.entropic_floors.empty()) return;
  summary.note("fw_constant floors on the entropic T2/T3 (not L-smooth, no eta L bound; finding): " + f.entropic_floors);
  if (std::isfinite(f.min_entropic_exponent))
    summary.scalar("fw_constant_entropic_min_floor_exponent", f.min_entropic_exponent, "1",
                   "smallest fitted exponent of the constant-step floor against eta (eta, eta/2, eta/4) on T2/T3");
}

}  // namespace

void reduce_rows(const tl::RunResults& results, tl::Summary& summary) {
  const std::vector<RowView> rows = rows_that_ran(results, summary);
  comparison_table(results, rows, summary);
  note_findings(rows, summary);
  decide_reference_kkt(rows, summary);
  decide_t1_article_example(rows, summary);
  decide_fw_residual_bounds_gap(rows, summary);
  decide_fw_rate(rows, summary);
  decide_t7_condition_not_sufficient(rows, summary);
  decide_t8(rows, summary);
  decide_eg_one_step_t2(rows, summary);
  decide_converged_match_reference(rows, summary);
  decide_constant_step(results, rows, summary);
  decide_fw_nonsmooth_t6(rows, summary);
}

}  // namespace probability_space
