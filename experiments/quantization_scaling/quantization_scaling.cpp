// quantization_scaling: scaling laws from the quantization hypothesis.
// Su, kexue.fm 9607 (2023); Michaud, Liu, Girit, Tegmark, arXiv 2303.13506 (NeurIPS 2023).
#include <cctype>
#include <cmath>
#include <string>
#include <vector>

#include "quantization_scaling/authors_estimators.hpp"
#include "quantization_scaling/cost_model.hpp"
#include "quantization_scaling/network_fits.hpp"
#include "quantization_scaling/ladder.hpp"
#include "quantization_scaling/presets.hpp"
#include "quantization_scaling/quanta_model.hpp"
#include "quantization_scaling/reduction.hpp"
#include "quantization_scaling/setting.hpp"
#include "quantization_scaling/sparse_parity.hpp"
#include "quantization_scaling/training.hpp"
#include "theorylab/core/claim.hpp"
#include "theorylab/core/error.hpp"
#include "theorylab/core/experiment.hpp"

namespace qs {

namespace {
const double kNaN = std::nan("");  // a value that does not exist for this row (see run_network)

// The subtask subsets' stream: pinned by task_seed >= 1, else the replicate's own
// (Point::replicate_seed: one task instance per replicate, shared by its every point,
// like the authors' seeds), on a child stream kept apart from the point's.
constexpr std::uint64_t kTaskStream = 7;
tl::Rng task_instance_rng(const tl::Point& p) {
  const auto pinned = static_cast<std::uint64_t>(p.integer("task_seed"));
  return pinned > 0 ? tl::Rng(pinned) : tl::Rng(p.replicate_seed()).split(kTaskStream);
}

std::string ladder_list(const std::vector<int>& Ts) {
  std::string s;
  for (int T : Ts) s += (s.empty() ? "" : ", ") + std::to_string(T);
  return s;
}
}  // namespace

class QuantizationScaling final : public tl::Experiment {
 public:
  tl::ExperimentInfo info() const override {
    tl::ExperimentInfo e;
    e.name = "quantization_scaling";
    e.title = "Scaling exponents from the quantization hypothesis: exact model and multitask sparse parity";
    e.source =
        "Su, kexue.fm 9607 (2023); Michaud, Liu, Girit, Tegmark, The Quantization Model of Neural Scaling, "
        "arXiv 2303.13506, secs. 2-3, Figs. 2, A3, A4b";
    e.description =
        "Quanta (skills) are learned in order of their Zipf frequency p_k ∝ k^-(alpha+1); the loss falls as "
        "the tail of the unlearned ones, so L ∝ N^-alpha in parameters and ∝ D^-alpha/(alpha+1), "
        "S^-alpha/(alpha+1) in data and steps. Part A checks this exactly (Hurwitz-zeta tails, finite T) and "
        "by Monte Carlo (threshold and Poisson models, learning times ∝ p^-beta). Part B trains the paper's "
        "MLP (one ReLU layer, Adam, cross-entropy) on multitask sparse parity, online over widths (alpha_N) "
        "and checkpoints (alpha_S), multi-epoch over data sizes with the stopping step chosen on a validation "
        "set (alpha_D), and compares the fitted exponents with theory and with the paper's Fig. A4b. One point "
        "is one unit of work, named by the swept parameters part (A1-A4, calibration, B1, B3; B2 is the "
        "analysis of B1's checkpoints), alpha, width (B1), D (B3), tau (A3) and variant (calibration); the "
        "presets are one sweep block per part (e.g. part=B1 width=8,16,32 trains three widths). An axis a "
        "part does not use stays at its default there (0, or variant=base); given on the command line over a "
        "multi-part preset it goes only into its part's block (width=8,16 trains B1 at widths 8 and 16 instead of the preset's, the rest runs as it is; "
        "part=B3 D=log(3e3,4e5,8) runs B3 alone).";
    e.params = {
        tl::choice("part", "A1", {"A1", "A2", "A3", "A4", "calibration", "B1", "B3", "geometry"})
            .help("the unit of work: A1 exact tails, A2 parameters, A3 data, A4 steps (the model); calibration "
                  "(one parity), B1 width sweep online (B2 analyses its checkpoints), B3 data sweep multi-epoch, "
                  "geometry (B1's width sweep at other task bits n: does the task learn in quanta?)"),
        tl::real("alpha", kDefaultAlpha).at_least(kMinAlpha).at_most(kMaxAlpha)
            .help("Zipf exponent minus one (s = alpha + 1); every part but the calibration (which keeps the default)")
            .used_only_when("part", {"A1", "A2", "A3", "A4", "B1", "B3", "geometry"}),
        tl::integer("width", 0).at_least(0).at_most(1e6)
            .help("B1, geometry: hidden width (>= 1); 0 for every other part")
            .used_only_when("part", {"B1", "geometry"}),
        tl::integer("geometry_bits", 0).between(0, kMaxTaskBits).unit("bits")
            .help("geometry: the task bits n this width sweep trains (>= k; n_tasks and k stay the run's); 0 for "
                  "every other part")
            .used_only_when("part", {"geometry"}),
        tl::integer("D", 0).at_least(0).at_most(1e9).unit("samples")
            .help("B3: data set size (>= 1, multi-epoch); 0 for every other part")
            .used_only_when("part", {"B3"}),
        tl::integer("tau", 0).at_least(0).at_most(1e6)
            .help("A3: learning threshold, the occurrences a quantum needs (>= 1); 0 for every other part")
            .used_only_when("part", {"A3"}),
        tl::choice("variant", "base", std::vector<std::string>(kVariants, kVariants + 8))
            .help("calibration: the one setting changed from the base (n_bits, k, calibration_width, lr); base "
                  "for every other part")
            .used_only_when("part", {"calibration"}),
        tl::integer("n_tasks", 64).at_least(1).at_most(1e5).unit("subtasks").help("number of sparse-parity subtasks"),
        tl::integer("n_bits", kDefaultTaskBits).between(1, kMaxTaskBits).unit("bits").help("task bits n"),
        tl::integer("k", kDefaultParityBits).between(1, 64).help("bits per parity (k <= n_bits)"),
        tl::integer("batch", 512).at_least(1).at_most(1e6).unit("samples").help("batch size"),
        tl::integer("steps", 20000).at_least(1).at_most(1e9).unit("steps").help("B1: online training steps"),
        tl::real("lr", 3e-3).greater_than(0).help("Adam learning rate"),
        tl::integer("b3_width", 128).at_least(1).at_most(1e6).help("B3: hidden width")
            .used_only_when("part", {"B3"}),
        tl::integer("b3_steps", 20000).at_least(1).at_most(1e9).unit("steps").help("B3: multi-epoch training steps")
            .used_only_when("part", {"B3"}),
        tl::integer("calibration_width", 64).at_least(1).at_most(1e6).help("calibration: base hidden width")
            .used_only_when("part", {"calibration"}),
        tl::integer("calibration_steps", 4000).at_least(1).at_most(1e9).unit("steps").help("calibration: step budget")
            .used_only_when("part", {"calibration"}),
        tl::integer("a_seeds", 4).at_least(1).at_most(kMaxASeeds).help("Part A: Monte Carlo replicates inside each point"),
        tl::real("a3_max_D", 1e6).at_least(100).at_most(1e9).unit("samples").help("A3: largest D (at most 1e9 Zipf draws per seed)"),
        tl::integer("test_per_task", 256).at_least(8).at_most(1e6).unit("samples").help("test and validation samples per subtask"),
        tl::integer("checkpoints", 40).at_least(4).at_most(1e5).help("log-spaced evaluation steps per run"),
        tl::integer("task_seed", 0).at_least(0).at_most(tl::kInt64ParamLimit)
            .help("seed of the subtask subsets; 0: each replicate draws its own task instance, shared by every "
                  "point of that replicate (the authors' seeds); >= 1 pins one instance for every run"),
        tl::real("learned_bits", 0.1).between_exclusive(0, 1).unit("bits").help("a subtask is learned below this loss"),
        tl::choice("precision", "float64", precision_names()).help("Part B: scalar type of the network's training (float32: the paper's)"),
    };
    // The reduction's axes: it fits across width (B1), D (B3), tau and alpha (Part A,
    // binomial rules over every fit), tabulates the calibration by variant, and reads each
    // part's rows by part. Any other swept key splits the summary into groups.
    e.axes = {"part", "alpha", "width", "D", "tau", "variant", "geometry_bits"};
    // The task and schedule keys a ladder varies with its rungs (ladder.hpp): each value
    // of n_tasks is one reduction (per-rung claims NAME[n_tasks=T]), the others follow
    // it; reduce_across_groups fits the trend over T.
    e.group_by = {"n_tasks", "n_bits", "k", "batch", "steps", "lr", "b3_width", "b3_steps"};
    // Heavy blocks first, widest width and largest D first (rows run in order).
    const std::string b1_widths = "width=256,181,128,90,64,45,32,23,16,11,8";
    const std::string geometry_bits = "geometry_bits=16,24,32,48";  // geometry_claimed_bits()
    const std::string a_alphas = "alpha=0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8";
    const std::vector<std::string> calibration = {"part=calibration", "variant=base,n/2,2n,k+1,width/4,4width,lr/3,3lr"};
    const std::vector<std::vector<std::string>> part_a = {
        {"part=A3", a_alphas, "tau=1,3,10,30"}, {"part=A4", a_alphas}, {"part=A2", a_alphas}, {"part=A1", a_alphas, "seeds=1"}};
    auto full = [&](const std::string& b_alphas) {
      std::vector<std::vector<std::string>> out = {
          {"part=B1", b_alphas, b1_widths},
          {"part=B3", b_alphas, "D=1600000,800000,400000,200000,100000,50000,25000,12000,6000,3000"},
          {"part=geometry", "alpha=0.4", geometry_bits, b1_widths},
          calibration};
      out.insert(out.end(), part_a.begin(), part_a.end());
      return out;
    };
    const std::vector<std::vector<std::string>> quick = {
        {"part=B1", "alpha=0.4", "width=32,16,8,4"},
        {"part=geometry", "alpha=0.4", "geometry_bits=16,32", "width=32,16,8,4"},
        {"part=B3", "alpha=0.4", "D=8000,2000"},
        calibration,
        {"part=A3", "alpha=0.2,0.4,0.8", "tau=1,10"},
        {"part=A4", "alpha=0.2,0.4,0.8"},
        {"part=A2", "alpha=0.2,0.4,0.8"},
        {"part=A1", "alpha=0.2,0.4,0.8", "seeds=1"}};
    e.presets = {
        {"quick",
         sweep_blocks({"n_tasks=16", "batch=256", "steps=1500", "b3_width=32", "b3_steps=1000",
                       "calibration_width=16", "calibration_steps=1500", "test_per_task=64", "checkpoints=12",
                       "a_seeds=2", "a3_max_D=2e4"},
                      quick),
         "All of Part A at three alphas on small grids (exact tails, parameter/data/step Monte "
         "Carlo, the Poisson closed form), and a tiny network smoke test on the default task geometry (n = 48, k "
         "= 3) with 16 subtasks: four widths, two data sizes, the geometry part at n = 16 and 32, the "
         "single-parity calibration. Shows the Part A claims; the network claims are n/a (too few widths and data "
         "sizes for a fit), but the rows, per-subtask losses and n_learned are real.",
         1},
        {"default",
         sweep_blocks({}, full("alpha=0.4")),
         "Part A in full (alpha 0.1-0.8, tau 1-30), the calibration, and Part B at alpha = 0.4 on a task that "
         "learns in quanta: 64 subtasks, n = 48 task bits, k = 3 (the geometry part's evidence), batch 512, Adam lr "
         "3e-3; 11 widths 8-256 x 3 seeds online for 20k steps (alpha_N; alpha_S and the convergence-time slope from "
         "the widest runs' checkpoints), 10 data sizes 3e3-1.6e6 x 3 seeds multi-epoch at width 128 (alpha_D, "
         "stopping step chosen on a validation set); each seed its own task instance. The geometry part trains the "
         "same widths at n = 16, 24, 32, 48 (n = 16, the former default, is the contrast: its not-learned subtasks' "
         "loss falls without being learned). Every exponent with its CI and measured kappa beside theory at T = "
         "infinity, the quantization model at this T and window, and the authors' estimators (the paper's values "
         "are n/a here: this run's fits reach far beyond the paper's n/T).",
         3},
        {"paper",
         sweep_blocks({"a3_max_D=1e7"}, full("alpha=0.2,0.4,0.8")),
         "Three times the default's network part, A3 to D = 1e7. "
         "As default at alpha = 0.2, 0.4, 0.8 (the claimed alphas), regenerating the network rows of the paper's Fig. A4b table (alpha_N, alpha_S, alpha_D with "
         "CIs and verdicts) at this scale.",
         3},
        paper_a4b_preset(),
        paper_fig2_preset(),
        paper_regime_preset(),
        paper_ladder_preset(),
        ladder_preset("ladder", ladder_Ts(), kLadderSeeds, 1,
                      "The first finite-size ladder, a contrast (its tasks, n = 16-20, k = 2, do not learn in quanta; "
                      "paper-ladder is the ladder on the paper's task): Part B at alpha = 0.4 for T = " + ladder_list(ladder_Ts()) +
                          " subtasks, each rung's n, k, batch, steps, widths and data sizes set by one rule from the "
                          "calibration (docs/science/quantization_scaling.md, The first finite-size ladder), float32, "
                          "3 seeds; the rungs the ladder's budget holds (the science page). Per rung the exponent claims "
                          "NAME[n_tasks=T]; across rungs the trend claims ladder_alpha_*."),
        ladder_preset("ladder-full", ladder_full_Ts(), kLadderSeeds, 1,
                      "The same rule up to the paper's T = 500 (T = " + ladder_list(ladder_full_Ts()) +
                          "): beyond the budget of this machine; plan it, or run it with submit slurm."),
        ladder_preset("ladder-quick", ladder_quick_Ts(), kLadderQuickSeeds, kLadderQuickScale,
                      "A tiny ladder (T = " + ladder_list(ladder_quick_Ts()) +
                          ", the rule's steps and widths scaled down) for the tests: exercises the per-rung "
                          "reduction and the trend table; its exponents mean nothing."),
    };
    // Resolutions (docs/science/quantization_scaling.md, "Claims"): network exponents to
    // min(0.05, |theory - paper|/2) (reduction.hpp), Part A's Monte Carlo fits to 0.05
    // (the least precise fit counts), deterministic fits exact.
    const char* kDeterministicFit = "an OLS fit of exactly computed tails or learning times: no sampling";
    for (double a : claimed_alphas()) {
      const std::string t = alpha_tag(a), at = " at alpha = " + tl::format_number(a);
      const std::string src = "arXiv 2303.13506, Fig. A4b; kexue.fm 9607";
      const std::string theory_src = "kexue.fm 9607; arXiv 2303.13506 sec. 2";
      const double step = a / (a + 1);  // alpha_S and alpha_D in theory
      const double res_n = discriminating_half_width(a, paper_alpha_n(a));
      const double res_s = discriminating_half_width(step, paper_alpha_s(a));
      const double res_d = discriminating_half_width(step, paper_alpha_d(a));
      auto spec = [&](const std::string& id, const std::string& statement, const std::string& source) {
        return tl::ClaimSpec{id + t, statement + at, source};
      };
      // T = infinity: theorylab's window; n/a where this T alone moves the model's value by more than the resolution.
      const std::string window = " (T = infinity; window " + tl::format_number(kWindowMinLearned) +
                                 " <= n_learned <= T/2; n/a where the model's finite-T value there is more than the "
                                 "resolution away)";
      // The paper's value: the authors' estimator on a run in the paper's regime (authors_estimators.hpp).
      const std::string regime = " on a run in the paper's regime (the fit reaches <= " +
                                 tl::format_number(kPaperRegimeMaxFraction) + " T and >= " +
                                 tl::format_number(kPaperRegimeMinReach) + " learned subtasks; else n/a)";
      // alpha_N's fit has no window: also trained out as the paper's 1e5-step runs are.
      const std::string regime_n = " on a run in the paper's regime (the fit reaches <= " +
                                   tl::format_number(kPaperRegimeMaxFraction) + " T and >= " +
                                   tl::format_number(kPaperRegimeMinReach) + " learned subtasks, every width has learned "
                                   ">= 1, and the widest network's loss no longer falls faster than S^-" +
                                   tl::format_short(kPaperRegimeLateDecayShare * paper_alpha_s(a)) + "; else n/a)";
      e.claims.push_back(spec("alpha_n_theory_", "alpha_N = alpha" + window, theory_src).needs_ci_half_width(res_n));
      e.claims.push_back(spec("alpha_n_paper_", "alpha_N by the authors' estimator (every width's last test loss, seeds "
                                                "pooled, no window) equals the paper's Fig. A4b value" + regime_n, src)
                             .needs_ci_half_width(res_n));
      e.claims.push_back(spec("alpha_s_theory_", "alpha_S = alpha/(alpha+1)" + window, theory_src).needs_ci_half_width(res_s));
      e.claims.push_back(spec("alpha_s_paper_", "alpha_S by the authors' estimator (the widest network at steps 500-14500, "
                                                "seeds pooled) equals the paper's Fig. A4b value" + regime, src)
                             .needs_ci_half_width(res_s));
      e.claims.push_back(spec("alpha_d_theory_", "alpha_D = alpha/(alpha+1)" + window, theory_src).needs_ci_half_width(res_d));
      e.claims.push_back(spec("alpha_d_paper_", "alpha_D by the authors' estimator (least test loss over checkpoints, from "
                                                "the first D below 0.95 bits) equals the paper's Fig. A4b value" + regime, src)
                             .needs_ci_half_width(res_d));
      const std::string fin =
          "docs/science/quantization_scaling.md, A1 (finite T steepens the apparent exponent); arXiv 2303.13506 sec. 2";
      e.claims.push_back(spec("alpha_n_finite_t_", "alpha_N equals the quantization model's apparent exponent at this T and "
                                                   "window at the measured kappa_N (n = c N^kappa_N), decided on the measured CI "
                                                   "and the prediction's over kappa_N's CI in quadrature", fin)
                             .needs_ci_half_width(kExponentResolution));
      e.claims.push_back(spec("alpha_s_finite_t_", "alpha_S equals the model's apparent exponent at this T and window at the "
                                                   "measured kappa_S (n = c S^kappa_S), both errors in quadrature", fin)
                             .needs_ci_half_width(kExponentResolution));
      e.claims.push_back(spec("alpha_d_finite_t_", "alpha_D equals the model's apparent exponent at this T and window at the "
                                                   "measured kappa_D (n = c D^kappa_D), both errors in quadrature", fin)
                             .needs_ci_half_width(kExponentResolution));
      e.claims.push_back(spec("kappa_n_", "n_learned ∝ N^1", "arXiv 2303.13506 sec. 2 (n ≈ N/C)").needs_ci_half_width(kKappaResolution));
      e.claims.push_back(spec("kappa_d_", "n_learned ∝ D^(1/(alpha+1))", "arXiv 2303.13506 sec. 2 (D p_n = tau)")
                             .needs_ci_half_width(kKappaResolution));
    }
    // Does the task learn in quanta (network_fits.hpp: alpha_N = alpha_quantized + alpha_rest)?
    const std::string quanta_src = "arXiv 2303.13506 sec. 3 (a subtask's loss drops from ~1 bit when learned); "
                                   "docs/science/quantization_scaling.md, Task geometry";
    e.claims.push_back(tl::ClaimSpec{"task_learns_in_quanta",
                                     "B1 learns in quanta: the not-learned subtasks' mean loss changes with N by less than "
                                     "a quarter of alpha = 0.4, |alpha_rest| < 0.1 (alpha_N is then mostly the slope of the "
                                     "not-learned mass; window fit, 95% CI inside (-0.1, 0.1))",
                                     quanta_src}
                           .needs_ci_half_width(kQuantaRestResolution));
    for (int bits : geometry_claimed_bits()) {
      const std::string n = std::to_string(bits);
      tl::ClaimSpec quanta{"learns_in_quanta_n" + n,
                           "geometry at n = " + n + " task bits (the run's T and k; default T = 64, k = 3): the task "
                           "learns in quanta, |alpha_rest| < 0.1 (95% CI inside (-0.1, 0.1))",
                           quanta_src};
      quanta.expected_failure = bits == kGeometryContrastBits;
      e.claims.push_back(quanta.needs_ci_half_width(kQuantaRestResolution));
      e.claims.push_back(tl::ClaimSpec{"kappa_n_at_n" + n, "geometry at n = " + n + " task bits: n_learned ∝ N^1",
                                       "arXiv 2303.13506 sec. 2 (n ≈ N/C)"}
                             .needs_ci_half_width(kKappaResolution));
    }
    // A Spearman rho >= 0.8 arises by chance with probability (1 + 4)/5! = 4% at 5
    // distinct widths, 21% at 4: at least 5 widths.
    e.claims.push_back(tl::ClaimSpec{"n_learned_grows_with_width", "wider networks learn more subtasks (Spearman rho >= 0.8)",
                                     "arXiv 2303.13506 sec. 3, Fig. 2"}
                           .needs_samples(5));
    e.claims.push_back(tl::ClaimSpec{"convergence_slope_paper", "subtask convergence step S_k ∝ p_k^-0.81",
                                     "arXiv 2303.13506, Fig. A3"}
                           .needs_ci_half_width(kConvergenceSlopeResolution));
    e.claims.push_back(tl::ClaimSpec{"convergence_slope_theory", "subtask convergence step S_k ∝ p_k^-1 (samples seen)",
                                     "kexue.fm 9607"}
                           .needs_ci_half_width(kConvergenceSlopeResolution));
    e.claims.push_back(tl::ClaimSpec{"loss_is_tail_of_learned", "L ≈ tail_T(n_learned) in bits (median ratio within 25%)",
                                     "arXiv 2303.13506 sec. 2 (the quantization model)"}
                           .needs_samples(5));  // a median one run cannot set
    e.claims.push_back(tl::ClaimSpec{"a1_exact_tail_exponent",
                                     "the exact Zipf tail falls as n^-alpha (fit on log(n+1/2), n 1e2-1e4, within 1e-3)",
                                     "kexue.fm 9607; docs/science/quantization_scaling.md, A1"}
                           .exact(kDeterministicFit));
    e.claims.push_back(tl::ClaimSpec{"a1_finite_T_steepens",
                                     "a finite number of quanta T makes the fitted exponent steeper than alpha",
                                     "docs/science/quantization_scaling.md, A1"}
                           .exact(kDeterministicFit));
    e.claims.push_back(tl::ClaimSpec{"a2_parameter_exponent", "n = N/C (random costs) gives L ∝ N^-alpha within the CI",
                                     "kexue.fm 9607; arXiv 2303.13506 sec. 2"}
                           .needs_ci_half_width(kExponentResolution));
    e.claims.push_back(tl::ClaimSpec{"a2_finite_T_matches_exact_tail",
                                     "with finite T, Monte Carlo fits steepen by the amount the exact tail predicts",
                                     "docs/science/quantization_scaling.md, A1/A2"}
                           .needs_ci_half_width(kExponentResolution));
    // A median over at least 10 (alpha, tau, D) points: single-point Monte Carlo noise
    // (about 10% at tau = 1 with 2 seeds) cannot move it far.
    e.claims.push_back(tl::ClaimSpec{"a3_poisson_closed_form",
                                     "E[L] = zeta(s)^(-1/s) Gamma(tau+alpha/s)/(alpha Gamma(tau)) D^(-alpha/s) (median deviation "
                                     "within 5%, n >= 10)",
                                     "docs/science/quantization_scaling.md (derived), A3"}
                           .needs_samples(10));
    e.claims.push_back(tl::ClaimSpec{"a3_data_exponent", "L ∝ D^-alpha/(alpha+1) for every tau within the CI",
                                     "kexue.fm 9607; arXiv 2303.13506 sec. 2"}
                           .needs_ci_half_width(kExponentResolution));
    e.claims.push_back(tl::ClaimSpec{"a4_step_exponent",
                                     "learning time ∝ p^-beta gives L ∝ S^-alpha/(beta(alpha+1)) (deterministic, within 0.01)",
                                     "kexue.fm 9607; arXiv 2303.13506 sec. 2, Fig. A3"}
                           .exact(kDeterministicFit));
    e.claims.push_back(tl::ClaimSpec{"a4_stochastic_step_exponent",
                                     "random learning times (Poisson, tau = 1) keep alpha/(beta(alpha+1)) within the CI",
                                     "docs/science/quantization_scaling.md, A4"}
                           .needs_ci_half_width(kExponentResolution));
    // Across the ladder's rungs (reduce_ladder.cpp): the slope of each exponent on ln T.
    for (int q = 0; q < 3; ++q) {
      const char* tag[3] = {"n", "s", "d"};
      const char* name[3] = {"alpha_N", "alpha_S", "alpha_D"};
      const double res = q == 0 ? kLadderTrendResolutionN : kLadderTrendResolutionSD;
      const std::string id = std::string("ladder_alpha_") + tag[q];
      const std::string fin = "docs/science/quantization_scaling.md, The paper ladder (finite T steepens the exponent)";
      e.across_group_claims.push_back(
          tl::ClaimSpec{id + "_trend_toward_theory",
                        std::string(name[q]) + " at alpha = 0.4 moves toward the T = infinity theory as the number of "
                                               "subtasks T grows (slope on ln T, 95% CI)",
                        fin}
              .needs_ci_half_width(res));
      e.across_group_claims.push_back(
          tl::ClaimSpec{id + "_trend_matches_finite_t",
                        std::string(name[q]) + "'s slope on ln T equals the slope of the model's finite-T prediction "
                                               "at the same rungs and windows: the gap between them has slope 0 (95% CI; "
                                               "each rung's gap carries the measurement's and the prediction's errors)",
                        fin}
              .needs_ci_half_width(res));
    }
    // The figures (tl-plot --figure NAME, tl-report, make plots). The predictions of
    // loss_vs_parameters_predictions are power laws through the drawn points' geometric
    // centre with the exponents of exponent_table (theory at T = infinity, the
    // quantization model at this T and window, the paper's Fig. A4b).
    const std::string cell = "{cell:exponent_table:";
    const std::string at = ":exponent=alpha_N,alpha=0.4}";
    auto power_law = [&](const std::string& column) { return "{centre_y}*(x/{centre_x})**(-" + cell + column + at + ")"; };
    e.figures = {
        tl::Figure("loss_vs_parameters", "B1: test loss against parameters N (mean and 95% CI over seeds)")
            .where("part", "B1").x("parameters").y({"L_bits"}).by({"alpha"}).logx().logy().drop_nonpositive(),
        tl::Figure("loss_vs_parameters_predictions",
                   "B1: loss against parameters N at alpha = 0.4; claim window fit: alpha_N = " + cell + "measured" + at +
                       ", 95% CI [" + cell + "ci_lo" + at + ", " + cell + "ci_hi" + at + "]")
            .where("part", "B1").where("alpha", "0.4").x("parameters").y({"L_bits"}).by({"alpha"}).logx().logy().drop_nonpositive()
            .theory(power_law("theory"), "theory, T = infinity: N^-" + cell + "theory" + at +
                                             " (claim alpha_n_theory: {verdict:alpha_n_theory_a04})")
            .theory(power_law("theory_finite_T"), "quantization model at this T and window: N^-" + cell + "theory_finite_T" + at +
                                                      " (claim: {verdict:alpha_n_finite_t_a04})")
            .theory(power_law("paper"), "the paper (Fig. A4b): N^-" + cell + "paper" + at + " (claim: {verdict:alpha_n_paper_a04})"),
        tl::Figure("loss_vs_data", "B3: loss against data D, power-law fit")
            .where("part", "B3").x("D").y({"final_L_bits"}).logx().logy().fit(),
        tl::Figure("loss_vs_steps", "B1: loss against steps S per width (seed 0)")
            .series().where("part", "B1").where("replicate", "0").by({"width"}).x("checkpoint_steps").y({"L_curve"})
            .logx().logy().drop_nonpositive(),
        tl::Figure("a3_loss_vs_data", "A3 (alpha = 0.4): simulated loss against D beside the Poisson closed form")
            .table("a3_closed_form").where("alpha", "0.4").where("tau", "1").x("D").y({"L_mean", "L_closed_form"})
            .logx().logy().fit(),
    };
    // The ladders (presets paper-ladder, ladder: one group per number of subtasks T): each
    // fitted exponent against T with its 95% CI, beside the model and the theory.
    for (const char* q : {"alpha_N", "alpha_S", "alpha_D"}) {
      std::string id = std::string("ladder_") + q + "_vs_t";
      for (char& c : id) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      e.figures.push_back(tl::Figure(id, std::string("Finite-size ladder: fitted ") + q +
                                             " against the number of subtasks T (alpha = 0.4)")
                              .table("exponent_table").only_with("n_tasks").where_exactly("exponent", q).where("alpha", "0.4")
                              .x("n_tasks").y({"measured", "theory_finite_T", "theory", "paper"}).interval("ci_lo", "ci_hi")
                              .by({}).logx().labels("subtasks T", q));
    }
    e.main_columns = {"part", "alpha", "width", "D", "L_bits", "n_learned", "steps_to_learn", "diverged"};
    e.description += " The science (sources, formulas, every part, what each claim checks): docs/science/quantization_scaling.md.";
    return e;
  }

  void validate(const tl::Point& point) const override { check_point(point); }

  double cost_seconds(const tl::Point& point) const override { return point_cost_seconds(point); }

  tl::Row run_point(const tl::Point& p, tl::Rng& rng) const override {
    const std::string part = p.text("part");
    const std::vector<double> alphas = {p.real("alpha")};
    const int a_seeds = static_cast<int>(p.integer("a_seeds"));
    tl::Row row;
    if (part == "A1") {
      row.series("a1", a1_exact_tail_fits(alphas), "",
                 {"alpha", "T", "n_lo", "n_hi", "points", "slope_log_n", "slope_log_n_half", "slope_se_log_n_half",
                  "continuum_prediction"});
    } else if (part == "A2") {
      row.series("a2", a2_parameter_scaling(alphas, {kInfiniteT, 500, 100}, 100, a_seeds, rng), "",
                 {"alpha", "T", "costs", "seed", "N", "n", "L"});
    } else if (part == "A3") {
      std::vector<double> grid;
      const double hi = p.real("a3_max_D");
      for (int i = 0; i < 16; ++i) grid.push_back(std::round(100 * std::pow(hi / 100, i / 15.0)));
      row.series("a3", a3_data_scaling(alphas, static_cast<int>(p.integer("tau")), grid, a_seeds, rng), "",
                 {"alpha", "tau", "seed", "D", "n", "L"});
    } else if (part == "A4") {
      row.series("a4", a4_step_scaling(alphas, {1.0, 0.81}, 1, 512, a_seeds, 1 << 17, rng), "",
                 {"alpha", "beta", "stochastic", "seed", "S", "n", "L"});
    } else {
      run_network(p, row, rng);
    }
    return row;
  }

  void reduce(const tl::RunResults& results, tl::Summary& summary) const override {
    reduce_part_a(results, summary);
    reduce_part_b(results, summary);
    reduce_geometry(results, summary);
  }

  void reduce_across_groups(const std::vector<std::string>& keys, tl::Summary& summary) const override {
    reduce_ladder(keys, summary);
  }

 private:
  // One training run. Its row holds no parameter's name (the swept ones are /table
  // columns already); the network actually trained is recorded as net_* (the
  // calibration's variant changes one of them).
  static void run_network(const tl::Point& p, tl::Row& row, tl::Rng& rng) {
    const std::string part = p.text("part");
    const NetworkSetting net = network_setting(p);
    tl::Rng task_rng = task_instance_rng(p);
    const double alpha = part == "calibration" ? 1.0 : p.real("alpha");  // one task: alpha is irrelevant
    const SparseParity sp = make_sparse_parity(net.n_tasks, net.n_bits, net.k, alpha, task_rng);
    TrainSpec spec;
    spec.width = net.width;
    spec.batch = static_cast<int>(p.integer("batch"));
    spec.learning_rate = net.learning_rate;
    spec.test_per_task = static_cast<int>(p.integer("test_per_task"));
    spec.checkpoints = static_cast<int>(p.integer("checkpoints"));
    spec.learned_bits = p.real("learned_bits");
    spec.steps = net.steps;
    spec.data_size = net.D;
    spec.precision = parse_precision(p.text("precision"));
    if (part == "calibration") {
      spec.eval_every = 25;
      spec.stop_when_all_learned = true;
    }
    const TrainRecord r = train_parity(sp, spec, rng);

    const double params = static_cast<double>((net.n_tasks + net.n_bits) * net.width + net.width + 2 * net.width + 2);
    row.set("parameters", params);
    row.set("net_width", net.width).set("net_n_tasks", net.n_tasks).set("net_n_bits", net.n_bits).set("net_k", net.k);
    row.set("net_lr", net.learning_rate);
    row.set("diverged", r.diverged ? 1 : 0);
    row.set("diverged_step", r.diverged_step >= 0 ? static_cast<double>(r.diverged_step) : kNaN, "steps");

    const Eigen::Index last = r.test_loss.rows() - 1;
    // The checkpoint reported: the last (online, calibration) or the one with the least
    // validation loss (multi-epoch: early stopping on a set separate from the test set).
    Eigen::Index chosen = last;
    if (part == "B3" && r.val_loss.rows() > 0) {
      double best = std::numeric_limits<double>::infinity();
      for (Eigen::Index c = 0; c < r.val_loss.rows(); ++c) {
        const double v = weighted_loss(sp, r.val_loss.row(c));
        if (v < best) best = v, chosen = c;
      }
      row.set("validation_L_bits", best, "bits");
      row.set("final_L_bits", weighted_loss(sp, r.test_loss.row(last)), "bits");
    }
    const bool usable = !r.diverged && last >= 0;
    row.set("L_bits", usable ? weighted_loss(sp, r.test_loss.row(chosen)) : std::nan(""), "bits");
    // Not usable (diverged), or not learned: NaN, never a -1 a fit would take as data.
    row.set("n_learned", usable ? static_cast<double>(count_learned(r.test_loss.row(chosen), spec.learned_bits)) : kNaN);
    row.set("step", usable ? static_cast<double>(r.steps[chosen]) : kNaN, "steps");
    if (part == "calibration")
      row.set("steps_to_learn",
              usable && count_learned(r.test_loss.row(last), spec.learned_bits) == 1 ? static_cast<double>(r.steps[last]) : kNaN,
              "steps");

    std::vector<double> steps(r.steps.begin(), r.steps.end()), L_curve, n_curve;
    for (Eigen::Index c = 0; c <= last; ++c) {
      L_curve.push_back(weighted_loss(sp, r.test_loss.row(c)));
      n_curve.push_back(count_learned(r.test_loss.row(c), spec.learned_bits));
    }
    const std::vector<int> conv = convergence_steps(r, spec.learned_bits);
    row.series("checkpoint_steps", steps, "steps");
    row.series("L_curve", L_curve, "bits");
    row.series("n_learned_curve", n_curve);
    row.series("train_loss", r.train_loss, "bits");
    row.series("task_loss", r.test_loss, "bits");  // [checkpoints, n_tasks]
    if (usable) {
      const Eigen::RowVectorXd final_loss = r.test_loss.row(chosen);
      row.series("final_task_loss", std::vector<double>(final_loss.data(), final_loss.data() + final_loss.size()), "bits");
    }
    if (r.val_loss.rows() > 0) row.series("validation_task_loss", r.val_loss, "bits");
    row.series("task_p", sp.p);
    row.series("convergence_step", std::vector<double>(conv.begin(), conv.end()), "steps");
  }
};

}  // namespace qs

THEORYLAB_EXPERIMENT(qs::QuantizationScaling);
