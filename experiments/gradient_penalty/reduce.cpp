// Reduction of gradient_penalty: the configuration tables, the training comparison and a
// verdict for every claim. Tolerances are fixed here, before any run:
//  - violation: ratio > 1 + 1e-9 (rounding allowance of a sum of a few hundred terms);
//  - equality cases: |ratio − 1| ≤ 1e-9 (docs/science/gradient_penalty.md); identities:
//    relative error ≤ 1e-10;
//  - trends: a 95% Student-t interval over paired runs (seeds) entirely below 0 passes,
//    one containing 0 is a fail when narrower than the resolution below, else inconclusive;
//  - claims over samples: zero defined samples (e.g. init_scale = 0) are n/a, not a pass;
//  - "roughly stable" (Su): median |log(bracket_end / bracket_start)| ≤ log 2, our reading.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>

#include "gradient_penalty/experiment.hpp"
#include "gradient_penalty/inequality.hpp"
#include "theorylab/core/claim.hpp"
#include "theorylab/math/line_fit.hpp"

namespace gradient_penalty {

namespace {

const char* kSu = "kexue.fm 8796, the inequality and its derivation";
const char* kSuTraining = "kexue.fm 8796, last section (reading of arXiv 2111.15090)";
const char* kDherin = "Dherin, Munn, Barrett, arXiv 2111.15090, sec. on implicit gradient regularisation";

struct MeanCi {
  std::size_t n = 0;
  double mean = 0, lo = 0, hi = 0;
};
MeanCi mean_ci(const std::vector<double>& v) {
  MeanCi m;
  m.n = v.size();
  if (v.empty()) return m;
  double s = 0;
  for (double x : v) s += x;
  m.mean = s / v.size();
  if (v.size() < 2) {
    m.lo = m.hi = m.mean;
    return m;
  }
  double ss = 0;
  for (double x : v) ss += (x - m.mean) * (x - m.mean);
  const double se = std::sqrt(ss / (v.size() - 1) / v.size());
  const double q = tl::student_t_quantile(0.95, static_cast<double>(v.size() - 1));
  m.lo = m.mean - q * se;
  m.hi = m.mean + q * se;
  return m;
}

double median_of(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}


}  // namespace

// Resolutions, declared with the claims before any run (docs/science/gradient_penalty.md).
// Zero violations in m independent samples bound the violation rate below 3/m at 95%
// (the rule of three); 300 samples bound it below 1%.
constexpr long kMinSamplesForNoViolation = 300;
// ratio_shrinks_with_depth: the slope of log(median ratio) per layer is resolved to
// ±0.05 (a 5% change per layer, 1.5x over the 8 layers of the sweep).
constexpr double kDepthSlopeResolution = 0.05;
// Training trends: log(DE_arm/DE_A0) resolved to ±0.1 (a 10% change of Dirichlet
// energy); an interval that still contains 0 at that width says the effect is smaller.
constexpr double kTrendResolution = 0.1;
// factors_roughly_stable: a median over at least 5 arm runs (one run cannot set it).
constexpr long kMinRunsForMedian = 5;
// Dose–response slopes, ln(quantity) per decade of strength (dose_trend.hpp): the
// penalty sweeps span 3 decades, so ±0.033 per decade resolves a 10% change of Dirichlet
// energy across the sweep (kTrendResolution); the stable learning rates span about one
// decade (0.1 to 0.8 of the edge), so ±0.1 per decade. Arc length: half of those (a 5%
// change; where slopes are large the arc length grows like the square root of the energy).
constexpr double kDosePenaltySlopeResolution = 0.033;
constexpr double kDoseLrSlopeResolution = 0.1;
constexpr double kArcFraction = 0.5;

namespace {
tl::ClaimSpec dose_spec(const char* id, const char* quantity, const char* penalty, double resolution, const char* source) {
  return tl::ClaimSpec{id,
                       std::string("the ") + quantity + " at equal training loss decreases as the weight of " + penalty +
                           " grows (dose–response, 0 and 3 decades)",
                       source}
      .needs_ci_half_width(resolution);
}
}  // namespace

std::vector<tl::ClaimSpec> claim_specs() {
  const char* kIdentity = "an identity or theorem checked per sample to rounding; each defined sample is a full check";
  return {
      tl::ClaimSpec{"no_violations", "‖∇_x f‖²·Σ_t(1+‖h_t‖²)/(‖W_t‖²‖J_t‖²) ≤ ‖∇_θ f‖² on every sample (spectral norms)", kSu}
          .needs_samples(kMinSamplesForNoViolation),
      tl::ClaimSpec{"multiplied_out_form", "‖∇_x f‖² ≤ ‖W_t‖²‖J_t‖²‖δ_t‖² for every layer t of every sample", kSu}
          .needs_samples(kMinSamplesForNoViolation),
      tl::ClaimSpec{"frobenius_weaker", "the Frobenius-denominator ratio is ≤ the spectral one on every sample", kSu}
          .needs_samples(kMinSamplesForNoViolation),
      tl::ClaimSpec{"equality_one_layer", "one layer with a scalar output, any activation: ratio = 1 (within 1e-9)", kSu}
          .exact(kIdentity),
      tl::ClaimSpec{"equality_deep_linear",
                    "deep linear net, square scaled-orthogonal weights, any biases: ratio = 1 (within 1e-9)", kSu}
          .exact(kIdentity),
      tl::ClaimSpec{"layer_identities",
                    "∇_x f = J_tᵀW_tᵀδ_t, ‖∇_W f‖²+‖∇_b f‖² = ‖δ_t‖²(1+‖h_t‖²), ratio = weighted mean of r_t, to rounding",
                    kSu}
          .exact(kIdentity),
      tl::ClaimSpec{"ratio_shrinks_with_depth", "random (nonlinear) networks: the ratio LHS/RHS shrinks with depth", kSu}
          .needs_ci_half_width(kDepthSlopeResolution),
      tl::ClaimSpec{"theta_penalty_lowers_dirichlet",
                    "penalising mean‖∇_θ f‖² (arm B) gives lower Dirichlet energy than plain GD at equal training loss",
                    kSuTraining}
          .needs_ci_half_width(kTrendResolution),
      tl::ClaimSpec{"loss_gradient_penalty_lowers_dirichlet",
                    "penalising ‖∇_θ L‖² (arm C) gives lower Dirichlet energy than plain GD at equal training loss",
                    kDherin}
          .needs_ci_half_width(kTrendResolution),
      tl::ClaimSpec{"input_penalty_lowers_dirichlet",
                    "penalising mean‖∇_x f‖² (arm D, reference) gives lower Dirichlet energy than plain GD at equal loss",
                    kSuTraining}
          .needs_ci_half_width(kTrendResolution),
      tl::ClaimSpec{"larger_lr_lowers_dirichlet",
                    "plain GD with a larger learning rate ends at lower Dirichlet energy (equal loss)", kDherin}
          .needs_ci_half_width(kTrendResolution),
      dose_spec("theta_penalty_dose_dirichlet", "Dirichlet energy", "mean‖∇_θ f‖²", kDosePenaltySlopeResolution, kSuTraining),
      dose_spec("theta_penalty_dose_arc_length", "arc length", "mean‖∇_θ f‖²", kArcFraction * kDosePenaltySlopeResolution,
                kSuTraining),
      dose_spec("loss_gradient_penalty_dose_dirichlet", "Dirichlet energy", "‖∇_θ L‖²", kDosePenaltySlopeResolution, kDherin),
      dose_spec("loss_gradient_penalty_dose_arc_length", "arc length", "‖∇_θ L‖²", kArcFraction * kDosePenaltySlopeResolution,
                kDherin),
      dose_spec("input_penalty_dose_dirichlet", "Dirichlet energy", "mean‖∇_x f‖²", kDosePenaltySlopeResolution, kSuTraining),
      dose_spec("input_penalty_dose_arc_length", "arc length", "mean‖∇_x f‖²", kArcFraction * kDosePenaltySlopeResolution,
                kSuTraining),
      tl::ClaimSpec{"lr_dose_dirichlet",
                    "plain GD: the Dirichlet energy at equal loss decreases as the learning rate grows to the edge of stability",
                    kDherin}
          .needs_ci_half_width(kDoseLrSlopeResolution),
      tl::ClaimSpec{"lr_dose_arc_length",
                    "plain GD: the arc length at equal loss decreases as the learning rate grows to the edge of stability",
                    kDherin}
          .needs_ci_half_width(kArcFraction * kDoseLrSlopeResolution),
      tl::ClaimSpec{"factors_roughly_stable",
                    "the bracket Σ_t(1+‖h_t‖²)/(‖W_t‖²‖J_t‖²) stays roughly stable along training (within a factor 2)",
                    kSuTraining}
          .needs_samples(kMinRunsForMedian),
  };
}

void GradientPenalty::reduce(const tl::RunResults& results, tl::Summary& summary) const {
  std::vector<tl::RowRef> inequality, training, dose;
  for (const tl::Row& row : results.rows()) {
    if (!row.point().has("part")) continue;
    if (!row.has("samples") && !row.has("arms") && !row.has("ref_reached")) continue;  // a failed row
    const std::string& part = row.point().text("part");
    (part == "training" ? training : part == "dose" ? dose : inequality).push_back(tl::keep(row));
  }
  reduce_inequality(inequality, summary);
  reduce_training(training, summary);
  reduce_dose(dose, summary);
}

void reduce_inequality(const std::vector<tl::RowRef>& rows, tl::Summary& summary) {
  const char* ids[] = {"no_violations", "multiplied_out_form", "frobenius_weaker", "equality_one_layer",
                       "equality_deep_linear", "layer_identities", "ratio_shrinks_with_depth"};
  if (rows.empty()) {
    for (const char* id : ids) summary.claim(id).not_applicable("part=inequality not in this run");
    return;
  }
  std::int64_t samples = 0, undefined = 0, violations = 0, multiplied = 0, frob_above = 0, r_undefined = 0,
               underflow = 0;
  std::int64_t eq1 = 0, eq1_undef = 0, eql = 0, eql_undef = 0, configs_without_defined = 0;
  double eq1_dev = 0, eql_dev = 0, identity = 0, worst_ratio = 0;
  std::vector<double> depth_c, width_c, in_c, out_c, scale_c, bias_c, min_c, med_c, mean_c, max_c, frob_c;
  std::vector<std::int64_t> samples_c, undefined_c, viol_c;
  std::vector<std::string> act_c, init_c, head_c;
  std::map<int, std::vector<double>> log_median_by_depth;  // nonlinear activations only
  for (const tl::RowRef& r : rows) {
    const tl::Point& p = r->point();
    samples += r->integer("samples");
    undefined += r->integer("undefined");
    violations += r->integer("violations");
    multiplied += r->integer("multiplied_violations");
    frob_above += r->integer("frobenius_above_spectral");
    r_undefined += r->integer("r_undefined");
    underflow += r->integer("underflow_samples");
    eq1 += r->integer("eq_one_layer_defined");
    eq1_undef += r->integer("eq_one_layer_undefined");
    eql += r->integer("eq_deep_linear_defined");
    eql_undef += r->integer("eq_deep_linear_undefined");
    eq1_dev = std::max(eq1_dev, r->real("eq_one_layer_max_dev"));
    eql_dev = std::max(eql_dev, r->real("eq_deep_linear_max_dev"));
    identity = std::max({identity, r->real("grad_x_identity_error"), r->real("param_identity_error"),
                         r->real("weighted_mean_error"), r->real("eq_identity_error")});
    const std::int64_t defined = r->integer("samples") - r->integer("undefined");
    if (defined == 0) {
      ++configs_without_defined;
      continue;  // no ratio statistics for this configuration (all samples undefined)
    }
    worst_ratio = std::max(worst_ratio, r->real("ratio_max"));
    depth_c.push_back(p.real("depth"));
    width_c.push_back(p.real("width"));
    in_c.push_back(p.real("in_dim"));
    out_c.push_back(p.real("out_dim"));
    act_c.push_back(p.text("activation"));
    init_c.push_back(p.text("init"));
    scale_c.push_back(p.real("init_scale"));
    bias_c.push_back(p.real("bias_scale"));
    head_c.push_back(p.text("head"));
    samples_c.push_back(r->integer("samples"));
    undefined_c.push_back(r->integer("undefined"));
    viol_c.push_back(r->integer("violations"));
    min_c.push_back(r->real("ratio_min"));
    med_c.push_back(r->real("ratio_median"));
    mean_c.push_back(r->real("ratio_mean"));
    max_c.push_back(r->real("ratio_max"));
    frob_c.push_back(r->real("ratio_frobenius_median"));
    if (p.text("activation") != "identity" && r->real("ratio_median") > 0)
      log_median_by_depth[static_cast<int>(p.integer("depth"))].push_back(std::log(r->real("ratio_median")));
  }
  summary.table("configurations", "per configuration (row): ratio LHS/RHS over its defined samples")
      .column("depth", depth_c).column("width", width_c).column("in_dim", in_c).column("out_dim", out_c)
      .column("activation", act_c).column("init", init_c).column("init_scale", scale_c).column("bias_scale", bias_c)
      .column("head", head_c).column("samples", samples_c).column("undefined", undefined_c)
      .column("violations", viol_c).column("ratio_min", min_c).column("ratio_median", med_c)
      .column("ratio_mean", mean_c).column("ratio_max", max_c).column("ratio_frobenius_median", frob_c);

  std::vector<double> dd, geo, lo_d, hi_d;
  std::vector<std::int64_t> nd;
  for (const auto& [d, logs] : log_median_by_depth) {
    const MeanCi m = mean_ci(logs);
    dd.push_back(d);
    nd.push_back(static_cast<std::int64_t>(logs.size()));
    geo.push_back(std::exp(m.mean));
    lo_d.push_back(std::exp(*std::min_element(logs.begin(), logs.end())));
    hi_d.push_back(std::exp(*std::max_element(logs.begin(), logs.end())));
  }
  summary.table("ratio_by_depth", "nonlinear activations: geometric mean over configurations of the median ratio")
      .column("depth", dd).column("configurations", nd).column("geomean_median_ratio", geo)
      .column("min_median_ratio", lo_d).column("max_median_ratio", hi_d);
  summary.show("ratio_by_depth");

  summary.scalar("samples", static_cast<double>(samples), "1", "samples checked (networks × inputs, all rows)");
  summary.scalar("undefined", static_cast<double>(undefined), "1", "samples with a zero denominator");
  summary.scalar("violations", static_cast<double>(violations), "1", "samples with ratio > 1 + 1e-9");
  summary.scalar("max_ratio", worst_ratio, "1", "largest ratio over all defined samples");
  summary.scalar("underflow_samples", static_cast<double>(underflow), "1",
                 "undefined samples with a norm in (0, 1e-150): squares subnormal, not resolvable in double");
  summary.scalar("r_undefined", static_cast<double>(r_undefined), "1", "per-layer r_t with ‖δ_t‖ = 0 (weight 0)");
  const std::string counts = std::to_string(samples) + " samples, " + std::to_string(samples - undefined) +
                             " defined, " + std::to_string(undefined) + " undefined (zero denominators; " +
                             std::to_string(underflow) + " of them a norm < 1e-150 whose square is subnormal), " +
                             std::to_string(rows.size()) + " configurations";
  const long defined = static_cast<long>(samples - undefined);
  summary.claim("no_violations").with_samples(defined, samples).expect_at_most(static_cast<double>(violations), 0).note(counts);
  summary.claim("multiplied_out_form").with_samples(defined, samples).expect_at_most(static_cast<double>(multiplied), 0).note(
      "layer checks over " + std::to_string(samples) + " samples (zero-denominator layers skipped)");
  summary.claim("frobenius_weaker").with_samples(defined, samples).expect_at_most(static_cast<double>(frob_above), 0).note(counts);
  if (eq1 > 0)
    summary.claim("equality_one_layer").expect_at_most(eq1_dev, 1e-9).note(
        "max |ratio − 1| over " + std::to_string(eq1) + " samples (" + std::to_string(eq1_undef) +
        " undefined: dead ReLU unit, δ = 0)");
  else
    summary.claim("equality_one_layer").not_applicable("no defined one-layer sample");
  if (eql > 0)
    summary.claim("equality_deep_linear").expect_at_most(eql_dev, 1e-9).note(
        "max |ratio − 1| over " + std::to_string(eql) + " samples (" + std::to_string(eql_undef) + " undefined)");
  else
    summary.claim("equality_deep_linear").not_applicable("no defined deep-linear sample (init_scale = 0?)");
  summary.claim("layer_identities").with_samples(defined + static_cast<long>(eq1 + eql), samples + eq1 + eq1_undef + eql + eql_undef)
      .expect_at_most(identity, 1e-10).note(
      "largest relative error over all layers of the defined samples");
  if (log_median_by_depth.size() >= 3) {
    std::vector<double> x, y;
    for (const auto& [d, logs] : log_median_by_depth)
      for (double l : logs) {
        x.push_back(d);
        y.push_back(l);
      }
    const tl::LineFit fit = tl::fit_line(x, y, 0.95);
    summary.scalar("log_ratio_depth_slope", fit.slope, "1/layer", "OLS slope of log(median ratio) on depth");
    summary.claim("ratio_shrinks_with_depth")
        .expect_ci_below(fit.slope_lo, fit.slope_hi, 0, fit.slope)
        .note("slope of log(median ratio) against depth [1/layer]; " + std::to_string(x.size()) + " nonlinear configurations over " +
              std::to_string(log_median_by_depth.size()) + " depths");
  } else {
    summary.claim("ratio_shrinks_with_depth").not_applicable("fewer than 3 depths with nonlinear activations");
  }
  if (configs_without_defined > 0)
    summary.note(std::to_string(configs_without_defined) +
                 " configurations had no defined sample (every sample a zero denominator); they are counted in "
                 "'undefined' and left out of the ratio tables");
}

void reduce_training(const std::vector<tl::RowRef>& rows, tl::Summary& summary) {
  const char* ids[] = {"theta_penalty_lowers_dirichlet", "loss_gradient_penalty_lowers_dirichlet",
                       "input_penalty_lowers_dirichlet", "larger_lr_lowers_dirichlet", "factors_roughly_stable"};
  if (rows.empty()) {
    for (const char* id : ids) summary.claim(id).not_applicable("part=training not in this run");
    return;
  }
  // Arms present (A0.. in order, then B, C, D).
  std::vector<std::string> arms;
  for (int i = 0; i < 64; ++i)
    if (rows.front()->has("A" + std::to_string(i) + "_reached")) arms.push_back("A" + std::to_string(i));
  const std::string last_a = arms.empty() ? "" : arms.back();
  for (const char* a : {"B", "C", "D"})
    if (rows.front()->has(std::string(a) + "_reached")) arms.push_back(a);

  auto usable = [](const tl::RowRef& r, const std::string& arm) {
    return r->has(arm + "_reached") && r->integer(arm + "_reached") == 1 && r->has(arm + "_dirichlet_grid") &&
           r->real(arm + "_dirichlet_grid") > 0;
  };
  // Paired log(DE_arm / DE_A0) over rows where both reached the loss target.
  auto paired_in = [&](const std::vector<tl::RowRef>& subset, const std::string& arm, const std::string& key) {
    std::vector<double> v;
    for (const tl::RowRef& r : subset)
      if (usable(r, arm) && usable(r, "A0")) v.push_back(std::log(r->real(arm + "_" + key) / r->real("A0_" + key)));
    return v;
  };
  auto paired = [&](const std::string& arm, const std::string& key) { return paired_in(rows, arm, key); };
  // Groups: every run ("all"), then each activation on its own.
  std::vector<std::pair<std::string, std::vector<tl::RowRef>>> groups{{"all", rows}};
  for (const tl::RowRef& r : rows) {
    const std::string& a = r->point().text("activation");
    auto it = std::find_if(groups.begin() + 1, groups.end(), [&](const auto& g) { return g.first == a; });
    if (it == groups.end()) groups.push_back({a, {r}});
    else it->second.push_back(r);
  }

  std::vector<std::string> name_c, group_c;
  std::vector<double> lr_c, steps_c, de_grid_c, de_train_c, arc_c, log_c, lo_c, hi_c, bracket_c, w_c, h_c, j_c;
  std::vector<std::int64_t> runs_c, reached_c, diverged_c;
  std::vector<double> all_bracket_drift;
  for (const auto& [group, subset] : groups)
  for (const std::string& arm : arms) {
    std::int64_t runs = 0, reached = 0, diverged = 0;
    std::vector<double> steps, de_grid, de_train, arc, bd, wd, hd, jd;
    double lr = 0;
    for (const tl::RowRef& r : subset) {
      if (!r->has(arm + "_reached")) continue;
      ++runs;
      lr = r->real(arm + "_lr");
      diverged += r->integer(arm + "_diverged");
      if (!usable(r, arm)) continue;
      ++reached;
      steps.push_back(r->real(arm + "_steps"));
      de_grid.push_back(r->real(arm + "_dirichlet_grid"));
      de_train.push_back(r->real(arm + "_dirichlet_train"));
      arc.push_back(r->real(arm + "_arc_length"));
      // A drift over zero steps (the loss started below its target) measures nothing.
      if (!(r->real(arm + "_steps") > 0)) continue;
      for (auto [key, vec] : {std::pair{"bracket_drift", &bd}, std::pair{"W_drift", &wd}, std::pair{"h_drift", &hd},
                              std::pair{"J_drift", &jd}}) {
        const double v = r->real(arm + "_" + key);
        if (std::isfinite(v)) vec->push_back(std::abs(v));
      }
    }
    if (group == "all") all_bracket_drift.insert(all_bracket_drift.end(), bd.begin(), bd.end());
    const MeanCi m = mean_ci(paired_in(subset, arm, "dirichlet_grid"));
    group_c.push_back(group);
    name_c.push_back(arm);
    lr_c.push_back(lr);
    runs_c.push_back(runs);
    reached_c.push_back(reached);
    diverged_c.push_back(diverged);
    steps_c.push_back(mean_ci(steps).mean);
    de_grid_c.push_back(mean_ci(de_grid).mean);
    de_train_c.push_back(mean_ci(de_train).mean);
    arc_c.push_back(mean_ci(arc).mean);
    log_c.push_back(m.mean);
    lo_c.push_back(m.lo);
    hi_c.push_back(m.hi);
    bracket_c.push_back(median_of(bd));
    w_c.push_back(median_of(wd));
    h_c.push_back(median_of(hd));
    j_c.push_back(median_of(jd));
  }
  summary.table("training_arms",
                "per arm at equal training loss: means over runs that reached it; log_de_vs_A0 = paired mean of "
                "log(DE_arm/DE_A0) with 95% t-interval; drifts = median |log(end/start)| (max over layers)")
      .column("activation", group_c).column("arm", name_c).column("lr", lr_c).column("runs", runs_c).column("reached", reached_c)
      .column("diverged", diverged_c).column("steps", steps_c).column("dirichlet_grid", de_grid_c)
      .column("dirichlet_train", de_train_c).column("arc_length", arc_c).column("log_de_vs_A0", log_c)
      .column("ci_lo", lo_c).column("ci_hi", hi_c).column("bracket_drift", bracket_c).column("W_drift", w_c)
      .column("h_drift", h_c).column("J_drift", j_c);
  summary.show("training_arms");

  auto trend_claim = [&](const std::string& id, const std::string& arm) {
    if (std::find(arms.begin(), arms.end(), arm) == arms.end() || arm == "A0") {
      summary.claim(id).not_applicable("arm " + arm + " not run (weight 0 or a single learning rate)");
      return;
    }
    const std::vector<double> v = paired(arm, "dirichlet_grid");
    if (v.size() < 2) {
      summary.claim(id).not_applicable("fewer than 2 runs where both " + arm + " and A0 reached the loss target");
      return;
    }
    const MeanCi m = mean_ci(v);
    summary.claim(id)
        .expect_ci_below(m.lo, m.hi, 0, m.mean)
        .note("mean log(DE_" + arm + "/DE_A0) over " + std::to_string(v.size()) +
              " paired runs (seeds × activations), 95% t-interval");
  };
  trend_claim("theta_penalty_lowers_dirichlet", "B");
  trend_claim("loss_gradient_penalty_lowers_dirichlet", "C");
  trend_claim("input_penalty_lowers_dirichlet", "D");
  trend_claim("larger_lr_lowers_dirichlet", last_a);
  if (all_bracket_drift.empty()) {
    summary.claim("factors_roughly_stable").not_applicable("no arm reached the loss target after at least one step");
  } else {
    const double med = median_of(all_bracket_drift);
    summary.scalar("bracket_drift_median", med, "nats", "median |log(bracket_end/bracket_start)| over arms and runs");
    summary.claim("factors_roughly_stable")
        .with_samples(static_cast<long>(all_bracket_drift.size()))
        .expect_at_most(med, std::log(2.0))
        .note("median over " + std::to_string(all_bracket_drift.size()) +
              " arm runs of |log(bracket_end/bracket_start)|; per-factor drifts in training_arms");
  }
}

}  // namespace gradient_penalty
