// Experiment probability_space: minimisation over the probability simplex, the
// article's convex-set search (Frank–Wolfe) and its rivals against known optima.
// Science page: docs/science/probability_space.md. Source: Su Jianlin,
// "通向最优分布之路：概率空间的最小化", kexue.fm archive 10289 (2024-08-06).
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "probability_space/cost_model.hpp"
#include "probability_space/flow.hpp"
#include "probability_space/fw_theory.hpp"
#include "probability_space/problems.hpp"
#include "probability_space/reduction.hpp"
#include "probability_space/references.hpp"
#include "probability_space/solvers.hpp"
#include "theorylab/core/cancellation.hpp"
#include "theorylab/core/error.hpp"
#include "theorylab/core/experiment.hpp"
#include "theorylab/math/line_fit.hpp"

namespace probability_space {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
const char* kSource = "Su Jianlin, kexue.fm archive 10289 (2024-08-06), \"通向最优分布之路：概率空间的最小化\"";
constexpr int kMaxDenseN = 2000;        // T5 builds a dense n×n matrix
constexpr int kBarycentreVertices = 1000;  // T7: vertices compared with the barycentre
constexpr std::size_t kMaxSeriesPoints = 501;

std::vector<double> downsample(const std::vector<double>& v) {
  if (v.size() <= kMaxSeriesPoints) return v;
  std::vector<double> out;
  for (std::size_t k = 0; k < kMaxSeriesPoints; ++k) out.push_back(v[k * (v.size() - 1) / (kMaxSeriesPoints - 1)]);
  return out;
}

// Every row carries the same scalar columns (NaN where they do not apply or were not
// reached: never a sentinel such as -1, whose meaning a fit cannot know), so that
// /table has one column per name and n/a rows are visibly n/a. The reason is in the
// text columns `status` and `reached_tolerance`.
void set_defaults(tl::Row& row) {
  row.set("applicable", 1).set("status", "ok").set("problem_size", 0).set("reference_method", "n/a");
  row.set("iterations_run", 0).set("iterations_to_tolerance", kNaN).set("reached_tolerance", "n/a");
  for (const char* name : {"final_gap", "final_residual", "final_l1_error", "final_infeasibility", "tail_max_gap",
                           "tail_max_residual", "worst_bound_violation", "step", "optimum_value", "reference_threshold",
                           "reference_residual", "kkt_pattern_error", "one_step_l1_error", "l1_bound",
                           "article_example_error", "floor_gap", "floor_gap_half_step", "floor_gap_quarter_step",
                           "floor_exponent", "barycentre_residual", "barycentre_gap", "kl_error", "mean_error",
                           "variance_error", "dissipation_error", "rate_mismatch", "kl_error_coarse",
                           "kl_error_order", "min_density", "time_per_iteration_seconds", "smoothness_L",
                           "jaggi_worst_ratio", "initial_gap"})
    row.set(name, kNaN);
  row.set("residual_bound_violations", 0).set("diverged", 0).set("diverged_at", kNaN).set("kkt_ok", kNaN);
  row.set("barycentre_is_max", kNaN).set("kl_increases", kNaN).set("line_search_failures", 0);
  row.set("jaggi_worst_iteration", kNaN).set("jaggi_violations", kNaN).set("jaggi_checked", 0);
}

void record_flow(tl::Row& row, const FlowTrace& tr, const FlowSettings& fs) {
  const OuClosedForm exact{fs.m0, fs.s0};
  std::vector<double> kl_exact;
  for (double t : tr.time) kl_exact.push_back(exact.kl(t));
  row.set("kl_error", tr.max_kl_error, "nats").set("mean_error", tr.max_mean_error).set("variance_error", tr.max_variance_error);
  row.set("dissipation_error", tr.max_dissipation_relative_error).set("kl_increases", tr.kl_increases);
  row.set("rate_mismatch", tr.max_rate_mismatch).set("diverged", tr.diverged ? 1 : 0);
  row.set("iterations_run", static_cast<int>(tr.time.size()) - 1);
  row.set("final_gap", tr.kl.back(), "nats");  // F* = 0: the final KL
  row.set("optimum_value", 0.0, "nats");
  row.set("time_per_iteration_seconds", tr.seconds / std::max<std::size_t>(1, tr.time.size() - 1), "s");
  row.series("time", downsample(tr.time), "1");
  row.series("kl", downsample(tr.kl), "nats");
  row.series("kl_closed_form", downsample(kl_exact), "nats");
  row.series("mean", downsample(tr.mean));
  row.series("variance", downsample(tr.variance));
  row.series("dissipation", downsample(tr.dissipation), "nats/time");
}

}  // namespace

class ProbabilitySpace final : public tl::Experiment {
 public:
  tl::ExperimentInfo info() const override {
    tl::ExperimentInfo e;
    e.name = "probability_space";
    e.title = "Minimisation over probability distributions: the article's convex-set search against known optima";
    e.source = std::string(kSource) + "; background kexue.fm 9660 (gradient flow), 10145 (Sparsemax)";
    e.description =
        "Eight problems on the simplex and on densities (T1-T8 of docs/science/probability_space.md), each with a reference optimum "
        "computed independently (closed form, toms748 root, support enumeration, OU closed form). Compared: "
        "projected gradient, exponentiated gradient, softmax-parameterised gradient descent, and the article's convex "
        "set search (Frank-Wolfe) with constant, 2/(t+2) and line-search steps; for T8, particles under the article's "
        "ODE (RK4) and a finite-volume Fokker-Planck solver. Sweep problem, solver and n for the comparison table; "
        "solvers that make no sense on a problem give rows with applicable = 0.";
    e.params = {
        tl::choice("problem", "T1", problem_names()).help("test problem T1..T8 (docs/science/probability_space.md)"),
        tl::choice("solver", "fw_open_loop", solver_names())
            .help("reference | projected_gradient | exponentiated_gradient | softmax_gradient | fw_constant | "
                  "fw_open_loop (2/(t+2)) | fw_line_search | particles_rk4, fokker_planck (T8)"),
        tl::integer("n", 4).at_least(2).at_most(1e7).help(
            "dimension of T1 (n = 4: the article's x, else x ~ N(0,1)), T2, T5 (<= 2000; enumeration up to 12), "
            "T7; T3 (6), T4, T6 (4) and T8 ignore it; at most 1e7 (memory: solvers hold ~10 vectors of n doubles)")
            .used_only_when("problem", {"T1", "T2", "T5", "T7"}),
        tl::real("tau", 0.5).greater_than(0).help("T2 temperature tau")
            .used_only_when("problem", {"T2"}),
        tl::real("mu", 4.5).between_exclusive(1, 6).help("T3 prescribed mean of the die (other problems ignore it)")
            .used_only_when("problem", {"T3"}),
        tl::real("step_scale", 1.0).greater_than(0).help(
            "step of PG / EG / softmax as a multiple of the natural step (1/L, 1/L1, see problems.hpp)")
            .used_only_when("solver", {"projected_gradient", "exponentiated_gradient", "softmax_gradient"}),
        tl::real("fw_step", 0.05).greater_than(0).at_most(1).help(
            "constant step eta of the article's convex set search (fw_constant; also run at eta/2, eta/4)")
            .used_only_when("solver", {"fw_constant"}),
        tl::integer("iterations", 2000).at_least(1).at_most(1e7).help("iterations (T8: time steps over [0, horizon]); at most 1e7 (the trace keeps one gap per iteration)"),
        tl::real("tolerance", 1e-8).greater_than(0).help("stop when r(p) <= tolerance and the iterate is feasible"),
        tl::integer("instance_seed", kInstanceSeedAuto).at_least(0).at_most(tl::kInt64ParamLimit).help(
            "seed of the random problem data (T1 with n != 4, T2, T5), the same for every solver of a comparison. "
            "0 (default): drawn per replicate from the run seed, so --seeds K compares K independent instances; "
            ">= 1 pins one instance for every replicate (the column instance_seed_used records the one used)"),
        tl::real("m0", 2.0).help("T8: initial mean")
            .used_only_when("problem", {"T8"}),
        tl::real("s0", 0.5).greater_than(0).help("T8: initial standard deviation")
            .used_only_when("problem", {"T8"}),
        tl::real("horizon", 3.0).greater_than(0).help("T8: final time")
            .used_only_when("problem", {"T8"}),
        tl::integer("particles", 2000).at_least(10).at_most(1e7).help("T8: particles of particles_rk4 (at most 1e7: memory)")
            .used_only_when("solver", {"particles_rk4"}),
        tl::integer("fp_cells", 400).at_least(20).at_most(1e6).help("T8: finite-volume cells on [-10, 10] (also run at half)")
            .used_only_when("solver", {"fokker_planck"}),
    };
    const std::string all_solvers =
        "solver=reference,projected_gradient,exponentiated_gradient,softmax_gradient,fw_constant,fw_open_loop,"
        "fw_line_search,particles_rk4,fokker_planck";
    // quick: 2000 iterations, chosen from what the claims need (not from verdicts):
    // fw_rate (Jaggi's bound) and fw_residual_bounds_gap hold at every iterate, so any
    // T checks them; the constant-step floor needs the transient (1 − η/4)^{0.8T} e_0
    // negligible at η/4 = 0.0125 (0.8·2000·0.0125 = 20: e^{−20}); converged_match_reference
    // needs converged runs: projected gradient on T5 contracts like (1 − λ_min/λ_max)^t,
    // λ_min ≥ 0.1 (ridge), λ_max ≈ 4 (Marchenko–Pastur), r ≤ 1e−8 after ≈ 41·ln(1e8) ≈ 800
    // (T1/T2: exact after one PG/EG step); T8 uses `iterations` as time steps: dt = 1.5e−3
    // keeps Crank–Nicolson's stiffest mode (dt·4/h² = 2.4 at h = 0.05) damped
    // (|amplification| ≤ 0.09) and RK4's O(dt⁴) error far below 1e−6.
    // Each preset is three blocks, so that no point repeats: n matters only to T1, T2,
    // T5, T7 and mu only to T3 (ParamSpec::used_only_when); T4, T6, T8 run once.
    auto blocks = [&](const std::string& n, const std::string& mu, const std::vector<std::string>& common) {
      std::vector<std::string> out{"problem=T1,T2,T5,T7", all_solvers, n};
      out.insert(out.end(), common.begin(), common.end());
      out.insert(out.end(), {"+", "problem=T3", all_solvers, mu});
      out.insert(out.end(), common.begin(), common.end());
      out.insert(out.end(), {"+", "problem=T4,T6,T8", all_solvers});
      out.insert(out.end(), common.begin(), common.end());
      return out;
    };
    e.presets = {
        {"quick", blocks("n=4,12", "mu=3.5,4,4.5,5", {"iterations=2000"}),
         "every problem x solver at n = 4 (T1: the article's example) and 12, T3 at the four mu of Jaynes' dice, "
         "2000 iterations"},
        {"default", blocks("n=4,64,512", "mu=4.5", {"iterations=20000"}),
         "n up to 512 (T5 by a certified run), 20000 iterations"},
        {"paper", blocks("n=4,100,1000,100000", "mu=3.5,4,4.5,5", {"iterations=100000", "fp_cells=800", "particles=10000"}),
         "n up to 1e5 (T5 up to 2000: n/a beyond), 1e5 iterations, finer T8 grids"},
    };
    // Claim choices for the two predicted failures: the article presents its convex
    // set search with a constant η as a method that iterates to the optimum, and
    // states the method for general F (it never excludes non-smooth F). Those are the
    // source's claims, so they are stated as such and marked expected_failure
    // (docs/science/probability_space.md predicts both failures). The mechanism of the
    // first (a floor that shrinks with η) is a separate claim phrased as the failure,
    // expected to pass.
    // Every claim here is deterministic: no sampling enters a verdict (the random data
    // of T1/T2/T5 are fixed instances), so none needs a statistical resolution; each
    // says why (docs/science/probability_space.md, "Claims").
    const char* kDeterministic = "deterministic arithmetic on a fixed instance, compared at a stated rounding level";
    const char* kTheoremBound = "a theorem's bound checked at every iterate of a deterministic run";
    const char* kDiscretisation = "a deterministic ODE/PDE solution against a closed form, within its discretisation error";
    // The axes: every claim is about one problem (or one solver) and the reduction reads
    // each by its problem, solver, n and mu columns; iterations, step_scale, ... group.
    e.axes = {"problem", "solver", "n", "mu"};
    e.claims = {
        tl::ClaimSpec{"reference_kkt",
         "At every reference optimum r(p*) ~ 0 (<= 1e-12 relative to max(1,|g|)) and g is constant on the support "
         "and not below it off the support (KKT, article sec. Lagrange)",
         "kexue.fm 10289, Lagrange multiplier view; docs/science/probability_space.md, statement 1"}
            .exact(kDeterministic),
        tl::ClaimSpec{"t1_article_example",
         "Sparsemax of x = (0.8, 0.6, 0.1, -0.5) is p = (0.6, 0.4, 0, 0) with lambda = 0.2",
         "kexue.fm 10289, worked example (after kexue.fm 10145)"}
            .exact(kDeterministic),
        tl::ClaimSpec{"fw_residual_bounds_gap",
         "r(p_t) >= F(p_t) - F* at every Frank-Wolfe iterate on the convex problems T1-T6",
         "kexue.fm 10289, optimality condition p.grad F = min grad F; docs/science/probability_space.md, statement 3"}
            .exact(kTheoremBound),
        tl::ClaimSpec{"fw_rate",
         "Frank-Wolfe with 2/(t+2) or exact line-search steps on the convex problems whose gradient is L-Lipschitz on "
         "the whole simplex (T1: L = 2, T4: L = max d_i, T5: L = lambda_max(Q)) satisfies F(p_t) - F* <= 2 C_f/(t+2) "
         "<= 4L/(t+2) at every iterate t >= 1 (C_f <= L diam^2, diam^2 = 2); measured: max_t (F - F*)(t+2)/(4L). "
         "T2/T3 (entropy, C_f = infinity) are outside the theorem: their fitted rate is reported as a finding",
         "Jaggi 2013, Revisiting Frank-Wolfe, Theorem 1 and Lemma 7; docs/science/probability_space.md, Frank-Wolfe rate"}
            .exact(kTheoremBound),
        tl::ClaimSpec{"t7_condition_not_sufficient",
         "T7 (non-convex): the barycentre satisfies the article's condition r = 0 yet F - F* = 1/2 - 1/(2n) > 0; it "
         "is the global maximum",
         "kexue.fm 10289 (condition is only necessary without convexity); docs/science/probability_space.md, T7"}
            .exact(kDeterministic),
        tl::ClaimSpec{"t8_particles_closed_form",
         "T8: particles under dx/dt = -grad(dF/dp) (RK4) follow the OU closed form (mean, variance, KL) to <= 1e-6",
         "kexue.fm 10289, continuous case (Wasserstein gradient flow)"}
            .exact(kDiscretisation),
        tl::ClaimSpec{"t8_fokker_planck_closed_form",
         "T8: the finite-volume Fokker-Planck solution matches the closed-form KL to <= 1e-2 nats with observed "
         "grid order >= 1.5",
         "kexue.fm 10289, continuous case; docs/science/probability_space.md, T8"}
            .exact(kDiscretisation),
        tl::ClaimSpec{"t8_monotone", "T8: F = KL decreases monotonically along both numerical flows",
         "kexue.fm 10289: dF/dt = -int p |grad dF/dp|^2 <= 0"}
            .exact(kDiscretisation),
        tl::ClaimSpec{"t8_dissipation_rate",
         "T8: -dKL/dt equals int p |grad dF/dp|^2 of the same solution, and that equals (s - 1/s)^2 + m^2, to 1e-2 "
         "relative",
         "kexue.fm 10289: dF/dt = -int p |grad dF/dp|^2"}
            .exact(kDiscretisation),
        tl::ClaimSpec{"eg_one_step_t2",
         "Exponentiated gradient with eta = 1/tau is exact after one step on T2 (|p_1 - p*|_1 <= 1e-12)",
         "docs/science/probability_space.md, solver 2 (entropic mirror descent)"}
            .exact(kDeterministic),
        tl::ClaimSpec{"converged_match_reference",
         "Every solver run that reached r <= tol on a strongly convex problem is within the certified distance "
         "sqrt(2 r / sigma) of the reference optimum in l1",
         "docs/science/probability_space.md, solvers against known optima; strong convexity bound"}
            .exact(kTheoremBound),
        tl::ClaimSpec{"fw_constant_converges",
         "The article's literal iteration p <- (1-eta) p + eta onehot(argmin g) with constant eta reaches r <= tol on "
         "the smooth convex problems whose optimum is not a vertex",
         "kexue.fm 10289, convex set search", true}
            .exact(kDeterministic),
        tl::ClaimSpec{"fw_constant_floor_depends_on_step",
         "Constant-step Frank-Wolfe on the L-smooth convex problems (T1, T4, T5) stalls at a floor of F - F* (max "
         "over the last 20% of iterations) of at most eta C_f/2 <= eta L at each of eta, eta/2, eta/4 (plus the "
         "transient (1-eta)^t (F(p_0) - F*) of the finite run), and the floor shrinks strictly as eta halves; "
         "measured: max floor / (eta L + transient). T2/T3 floors (not L-smooth) are reported as findings",
         "descent lemma e_{t+1} <= (1-eta) e_t + eta^2 C_f/2 (Jaggi 2013, proof of Theorem 1); docs/science/probability_space.md, "
         "expected findings"}
            .exact(kTheoremBound),
        tl::ClaimSpec{"fw_nonsmooth_t6",
         "Frank-Wolfe (2/(t+2) and line search) reaches the optimum of the non-smooth T6 min max_i c_i p_i "
         "(F - F* <= 1e-3)",
         "kexue.fm 10289 applied to non-smooth F; docs/science/probability_space.md, expected findings", true}
            .exact(kDeterministic),
    };
    // The figures (tl-plot --figure NAME, tl-report, make plots). T1 is L-smooth with
    // L = 2: Jaggi's F - F* <= 4L/(t+2) for the 2/(t+2) and line-search steps.
    e.figures.push_back(tl::Figure("convergence_t1", "T1 (n = 4): F - F* per iteration, per solver")
                            .series().where_exactly("problem", "T1").where("n", "4").by({"solver"}).x("iteration").y({"gap"})
                            .logx().logy().drop_nonpositive()
                            .theory("8/(x+2)", "Jaggi 2013 bound 4L/(t+2), L = 2 (claim fw_rate: {verdict:fw_rate})"));
    for (const char* problem : {"T2", "T3", "T4", "T5", "T6"})
      e.figures.push_back(tl::Figure(std::string("convergence_t") + (problem + 1),
                                     std::string(problem) + " (n = 4): F - F* per iteration, per solver")
                              .series().where_exactly("problem", problem).where("n", "4").by({"solver"}).x("iteration")
                              .y({"gap"}).logx().logy().drop_nonpositive());
    e.figures.push_back(tl::Figure("t8_kl", "T8 (n = 4): KL along the flows against the closed form")
                            .series().where_exactly("problem", "T8").where("n", "4").by({"solver"}).x("time")
                            .y({"kl", "kl_closed_form"}).logy().drop_nonpositive());
    e.figures.push_back(tl::Figure("final_gap_vs_n_t2", "T2: final F - F* against n, per solver")
                            .where_exactly("problem", "T2").where_exactly("applicable", "1").by({"solver"}).x("n")
                            .y({"final_gap"}).logx().logy().drop_nonpositive());
    e.main_columns = {"problem", "solver", "problem_size", "applicable", "iterations_to_tolerance", "final_gap",
                      "final_l1_error"};
    e.description += " The science (sources, formulas, every part, what each claim checks): docs/science/probability_space.md.";
    return e;
  }

  tl::Row run_point(const tl::Point& point, tl::Rng& rng) const override {
    tl::Row row;
    set_defaults(row);
    // A function of the point alone, so every row has it (a problem without random data ignores it).
    row.set("instance_seed_used", static_cast<std::int64_t>(instance_seed_of(point)));
    const ProblemId problem_id = parse_problem(point.text("problem"));
    const SolverId solver = parse_solver(point.text("solver"));
    const std::string reason = not_applicable_reason(problem_id, solver);
    if (!reason.empty()) {
      row.set("applicable", 0).set("status", "n/a: " + reason).set("reached_tolerance", "n/a");
      return row;
    }
    if (problem_id == ProblemId::T8) return run_flow(point, solver, row);
    // T5 is a dense n×n quadratic: beyond kMaxDenseN an n/a row (a sweep over n for
    // T1/T2/T7 up to 1e6 must not be rejected because of T5).
    if (problem_id == ProblemId::T5 && point.integer("n") > kMaxDenseN) {
      row.set("applicable", 0).set("status", "n/a: T5 builds a dense n x n matrix; n <= " + std::to_string(kMaxDenseN));
      return row;
    }

    ProblemConfig config;
    config.id = problem_id;
    config.n = static_cast<int>(point.integer("n"));
    config.tau = point.real("tau");
    config.mu = point.real("mu");
    config.instance_seed = instance_seed_of(point);
    const Problem problem = Problem::make(config);
    const Reference reference = reference_solution(problem);
    const KktReport kkt = check_kkt(problem, reference);
    row.set("problem_size", problem.n);
    row.set("optimum_value", reference.value).set("reference_threshold", reference.multiplier);
    row.set("reference_residual", kkt.relative_residual).set("kkt_pattern_error", kkt.pattern_error);
    row.set("kkt_ok", kkt.pattern_ok ? 1 : 0).set("reference_method", reference.method);

    if (problem_id == ProblemId::T1 && problem.n == 4) {  // the article's numbers
      const double expected[4] = {0.6, 0.4, 0, 0};
      double error = std::fabs(reference.multiplier - 0.2);
      for (int i = 0; i < 4; ++i) error = std::max(error, std::fabs(reference.p[i] - expected[i]));
      row.set("article_example_error", error);
    }
    if (problem_id == ProblemId::T7) record_barycentre(problem, reference, rng, row);

    SolverSettings settings;
    settings.solver = solver;
    settings.iterations = static_cast<int>(point.integer("iterations"));
    settings.tolerance = point.real("tolerance");
    settings.step_scale = point.real("step_scale");
    settings.fw_step = point.real("fw_step");
    const Trace tr = run_solver(problem, reference, settings);
    record_trace(row, tr, settings);
    if (!tr.gap_every_iteration.empty()) row.set("initial_gap", tr.gap_every_iteration.front());
    const bool frank_wolfe =
        solver == SolverId::FwConstant || solver == SolverId::FwOpenLoop || solver == SolverId::FwLineSearch;
    // L from the problem's data (fw_theory.hpp), never from the run; empty for the
    // problems that are not L-smooth on the simplex (T2/T3: C_f = ∞).
    const std::optional<double> smoothness = frank_wolfe ? simplex_smoothness(problem) : std::nullopt;
    if (smoothness) row.set("smoothness_L", *smoothness);
    if (smoothness && solver != SolverId::FwConstant) {
      // Jaggi 2013, Thm 1 (2/(t+2) and exact line search): F(p_t) − F* ≤ 4L/(t+2), every t ≥ 1.
      const JaggiBoundCheck check = check_jaggi_bound(tr.gap_every_iteration, *smoothness);
      row.set("jaggi_worst_ratio", check.worst_ratio);
      if (check.worst_iteration >= 0) row.set("jaggi_worst_iteration", check.worst_iteration);
      row.set("jaggi_violations", check.violations).set("jaggi_checked", check.checked);
    }
    if (!problem.smooth)  // T6: r with a subgradient is not a certificate (r(p*) = F* > 0)
      row.set("reached_tolerance", "n/a (non-smooth: r is no certificate)");
    if (tr.first_iterate.size() == problem.n)
      row.set("one_step_l1_error", distance_to_optimum(problem, reference, tr.first_iterate));
    const double sigma = problem.strong_convexity_l1();
    if (sigma > 0 && std::isfinite(tr.final_residual))
      row.set("l1_bound", std::sqrt(2 * std::max(0.0, tr.final_residual) / sigma));

    // A floor exists only if the run stalls: a start at the optimum (T3 with mu = 3.5
    // starts at the uniform optimum) or a vertex optimum has none.
    if (solver == SolverId::FwConstant && smooth_convex(problem_id) && reference.support > 1 &&
        tr.iterations_to_tolerance < 0)
      record_floor(problem, reference, settings, tr, row);
    return row;
  }

  void reduce(const tl::RunResults& results, tl::Summary& summary) const override;
  double cost_seconds(const tl::Point& point) const override { return probability_space::cost_seconds(point); }

 private:
  static void record_trace(tl::Row& row, const Trace& tr, const SolverSettings& settings) {
    row.set("iterations_run", tr.iterations_run);
    if (tr.iterations_to_tolerance >= 0) row.set("iterations_to_tolerance", tr.iterations_to_tolerance);  // else NaN
    row.set("reached_tolerance", tr.iterations_to_tolerance >= 0 ? "yes" : "did not");
    row.set("final_gap", tr.final_gap).set("final_residual", tr.final_residual);
    row.set("final_l1_error", tr.final_l1_error).set("final_infeasibility", tr.final_infeasibility);
    row.set("tail_max_gap", tr.tail_max_gap).set("tail_max_residual", tr.tail_max_residual);
    row.set("residual_bound_violations", tr.residual_bound_violations);
    row.set("worst_bound_violation", tr.worst_bound_violation);
    row.set("diverged", tr.diverged ? 1 : 0);
    if (tr.diverged) row.set("diverged_at", tr.diverged_at);
    row.set("step", tr.step).set("line_search_failures", tr.line_search_failures);
    if (tr.diverged) row.set("status", "diverged at iteration " + std::to_string(tr.diverged_at));
    // Wall time: not reproducible, hence the _seconds suffix (excluded from the
    // determinism comparison of /table).
    row.set("time_per_iteration_seconds", tr.seconds / std::max(1, tr.iterations_run), "s");
    row.series("iteration", tr.iteration, "1");
    row.series("gap", tr.gap);
    row.series("residual", tr.residual);
    row.series("l1_error", tr.l1_error);
    row.series("sum_error", tr.sum_error);  // |Σp − 1|
    row.series("infeasibility", tr.infeasibility);  // max(|Σp − 1|, |a·p − μ| (T3), max(−p_i))
    (void)settings;
  }

  // The stall floor of constant-step Frank–Wolfe at η, η/2, η/4 (max of F − F* over
  // the last 20% of iterations) and its fitted exponent in η.
  static void record_floor(const Problem& problem, const Reference& reference, SolverSettings settings,
                           const Trace& at_step, tl::Row& row) {
    std::vector<double> log_eta, log_floor;
    const double eta = settings.fw_step;
    const double floors[3] = {
        at_step.tail_max_gap,
        (settings.fw_step = eta / 2, run_solver(problem, reference, settings).tail_max_gap),
        (settings.fw_step = eta / 4, run_solver(problem, reference, settings).tail_max_gap)};
    row.set("floor_gap", floors[0]).set("floor_gap_half_step", floors[1]).set("floor_gap_quarter_step", floors[2]);
    for (int k = 0; k < 3; ++k) {
      if (!(floors[k] > 0) || !std::isfinite(floors[k])) return;  // reached the optimum: no floor to fit
      log_eta.push_back(std::log(eta / (1 << k)));
      log_floor.push_back(std::log(floors[k]));
    }
    row.set("floor_exponent", tl::fit_line(log_eta, log_floor).slope);
  }

  // T7: the barycentre u has g = −u constant, so r(u) = 0 exactly, yet F(u) = −1/(2n)
  // is the largest value of F on Δ. Checked against the vertices and random points.
  static void record_barycentre(const Problem& problem, const Reference& reference, tl::Rng& rng, tl::Row& row) {
    const Eigen::VectorXd u = Eigen::VectorXd::Constant(problem.n, 1.0 / problem.n);
    Eigen::VectorXd g;
    problem.gradient(u, g);
    const double fu = problem.value(u);
    bool is_max = true;
    Eigen::VectorXd q(problem.n);
    for (int trial = 0; trial < 200; ++trial) {  // Dirichlet(1) points
      tl::throw_if_cancelled();  // one trial: n gamma draws (n <= 1e7)
      for (int i = 0; i < problem.n; ++i) q[i] = rng.gamma(1.0);
      q /= q.sum();
      if (problem.value(q) > fu) is_max = false;
    }
    // Vertices: at most kBarycentreVertices of them, evenly spaced (T7 is symmetric under
    // permutations, so every vertex has the same value; all n of them cost O(n^2), hours
    // at n = 1e7, with no cancellation point).
    const int stride = std::max(1, problem.n / kBarycentreVertices);
    q.setZero();
    for (int i = 0; i < problem.n; i += stride) {
      tl::throw_if_cancelled();
      q[i] = 1;
      if (problem.value(q) > fu) is_max = false;
      q[i] = 0;
    }
    row.set("barycentre_residual", problem.residual(u, g)).set("barycentre_gap", fu - reference.value);
    row.set("barycentre_is_max", is_max ? 1 : 0);
  }

  static tl::Row& run_flow(const tl::Point& point, SolverId solver, tl::Row& row) {
    FlowSettings fs;
    fs.m0 = point.real("m0");
    fs.s0 = point.real("s0");
    fs.horizon = point.real("horizon");
    fs.steps = static_cast<int>(point.integer("iterations"));
    fs.particles = static_cast<int>(point.integer("particles"));
    fs.cells = static_cast<int>(point.integer("fp_cells"));
    row.set("problem_size", 1);
    row.set("reference_method", "Ornstein-Uhlenbeck closed form");
    if (solver == SolverId::Reference) {
      record_flow(row, closed_form_flow(fs), fs);
    } else if (solver == SolverId::ParticlesRk4) {
      record_flow(row, run_particles(fs), fs);
    } else {
      const FlowTrace fine = run_fokker_planck(fs, fs.cells);
      const FlowTrace coarse = run_fokker_planck(fs, fs.cells / 2);
      record_flow(row, fine, fs);
      row.set("kl_error_coarse", coarse.max_kl_error, "nats");
      row.set("kl_error_order", std::log2(coarse.max_kl_error / fine.max_kl_error));
      row.set("min_density", fine.min_density);
    }
    if (row.integer("diverged") != 0) row.set("status", "diverged");
    return row;
  }
};

void ProbabilitySpace::reduce(const tl::RunResults& results, tl::Summary& summary) const {
  reduce_rows(results, summary);  // reduce.cpp
}

}  // namespace probability_space

using ProbabilitySpaceExperiment = probability_space::ProbabilitySpace;
THEORYLAB_EXPERIMENT(ProbabilitySpaceExperiment);
