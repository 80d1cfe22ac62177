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
#include "theorylab/math/mean_interval.hpp"

namespace gradient_penalty {

namespace {

const char* kSu = "kexue.fm 8796, the inequality and its derivation";
const char* kSuTraining = "kexue.fm 8796, last section (reading of arXiv 2111.15090)";
const char* kDherin = "Dherin, Munn, Barrett, arXiv 2111.15090, sec. on implicit gradient regularisation";

struct MeanCi {
  std::size_t n = 0;
  double mean = 0, lo = 0, hi = 0;
};
// The mean and 95% Student-t interval of v (tl::mean_t_interval); all 0 for no value.
MeanCi mean_ci(const std::vector<double>& v) {
  if (v.empty()) return {};
  const tl::MeanInterval m = tl::mean_t_interval(v);
  return {m.n, m.mean, m.lo, m.hi};
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

namespace {

// Tolerances of the exact claims (see the header): equality cases to 1e-9, identities
// to a relative 1e-10; "roughly stable" within a factor 2.
constexpr double kEqualityTolerance = 1e-9;
constexpr double kIdentityTolerance = 1e-10;
constexpr double kRoughlyStableFactor = 2;
// Learning-rate arms A0, A1, ... are looked for up to this many.
constexpr int kMaxLearningRateArms = 64;

// Part inequality summed over its rows (configurations).
struct InequalityTotals {
  std::int64_t samples = 0, undefined = 0, violations = 0, multiplied = 0, frob_above = 0, r_undefined = 0,
               underflow = 0;
  std::int64_t eq1 = 0, eq1_undef = 0, eql = 0, eql_undef = 0, configs_without_defined = 0;
  double eq1_dev = 0, eql_dev = 0, identity = 0, worst_ratio = 0;
  std::map<int, std::vector<double>> log_median_by_depth;  // nonlinear activations only
};

// The "configurations" table: one entry per configuration with a defined sample.
struct ConfigColumns {
  std::vector<double> depth, width, in, out, scale, bias, min, med, mean, max, frob;
  std::vector<std::int64_t> samples, undefined, viol;
  std::vector<std::string> act, init, head;
};

void add_totals(const tl::Row& r, InequalityTotals& t) {
  t.samples += r.integer("samples");
  t.undefined += r.integer("undefined");
  t.violations += r.integer("violations");
  t.multiplied += r.integer("multiplied_violations");
  t.frob_above += r.integer("frobenius_above_spectral");
  t.r_undefined += r.integer("r_undefined");
  t.underflow += r.integer("underflow_samples");
  t.eq1 += r.integer("eq_one_layer_defined");
  t.eq1_undef += r.integer("eq_one_layer_undefined");
  t.eql += r.integer("eq_deep_linear_defined");
  t.eql_undef += r.integer("eq_deep_linear_undefined");
  t.eq1_dev = std::max(t.eq1_dev, r.real("eq_one_layer_max_dev"));
  t.eql_dev = std::max(t.eql_dev, r.real("eq_deep_linear_max_dev"));
  t.identity = std::max({t.identity, r.real("grad_x_identity_error"), r.real("param_identity_error"),
                         r.real("weighted_mean_error"), r.real("eq_identity_error")});
}

void add_configuration(const tl::Row& r, ConfigColumns& c) {
  const tl::Point& p = r.point();
  c.depth.push_back(p.real("depth"));
  c.width.push_back(p.real("width"));
  c.in.push_back(p.real("in_dim"));
  c.out.push_back(p.real("out_dim"));
  c.act.push_back(p.text("activation"));
  c.init.push_back(p.text("init"));
  c.scale.push_back(p.real("init_scale"));
  c.bias.push_back(p.real("bias_scale"));
  c.head.push_back(p.text("head"));
  c.samples.push_back(r.integer("samples"));
  c.undefined.push_back(r.integer("undefined"));
  c.viol.push_back(r.integer("violations"));
  c.min.push_back(r.real("ratio_min"));
  c.med.push_back(r.real("ratio_median"));
  c.mean.push_back(r.real("ratio_mean"));
  c.max.push_back(r.real("ratio_max"));
  c.frob.push_back(r.real("ratio_frobenius_median"));
}

InequalityTotals collect_inequality(const std::vector<tl::RowRef>& rows, ConfigColumns& c) {
  InequalityTotals t;
  for (const tl::RowRef& r : rows) {
    add_totals(*r, t);
    const std::int64_t defined = r->integer("samples") - r->integer("undefined");
    if (defined == 0) {
      ++t.configs_without_defined;
      continue;  // no ratio statistics for this configuration (all samples undefined)
    }
    t.worst_ratio = std::max(t.worst_ratio, r->real("ratio_max"));
    add_configuration(*r, c);
    const tl::Point& p = r->point();
    if (p.text("activation") != "identity" && r->real("ratio_median") > 0)
      t.log_median_by_depth[static_cast<int>(p.integer("depth"))].push_back(std::log(r->real("ratio_median")));
  }
  return t;
}

void inequality_tables(const ConfigColumns& c, const InequalityTotals& t, tl::Summary& summary) {
  summary.table("configurations", "per configuration (row): ratio LHS/RHS over its defined samples")
      .column("depth", c.depth).column("width", c.width).column("in_dim", c.in).column("out_dim", c.out)
      .column("activation", c.act).column("init", c.init).column("init_scale", c.scale).column("bias_scale", c.bias)
      .column("head", c.head).column("samples", c.samples).column("undefined", c.undefined)
      .column("violations", c.viol).column("ratio_min", c.min).column("ratio_median", c.med)
      .column("ratio_mean", c.mean).column("ratio_max", c.max).column("ratio_frobenius_median", c.frob);
  std::vector<double> dd, geo, lo_d, hi_d;
  std::vector<std::int64_t> nd;
  for (const auto& [d, logs] : t.log_median_by_depth) {
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
}

void inequality_scalars(const InequalityTotals& t, tl::Summary& summary) {
  summary.scalar("samples", static_cast<double>(t.samples), "1", "samples checked (networks × inputs, all rows)");
  summary.scalar("undefined", static_cast<double>(t.undefined), "1", "samples with a zero denominator");
  summary.scalar("violations", static_cast<double>(t.violations), "1", "samples with ratio > 1 + 1e-9");
  summary.scalar("max_ratio", t.worst_ratio, "1", "largest ratio over all defined samples");
  summary.scalar("underflow_samples", static_cast<double>(t.underflow), "1",
                 "undefined samples with a norm in (0, 1e-150): squares subnormal, not resolvable in double");
  summary.scalar("r_undefined", static_cast<double>(t.r_undefined), "1", "per-layer r_t with ‖δ_t‖ = 0 (weight 0)");
}

// no_violations, multiplied_out_form, frobenius_weaker: counts over every sample.
void decide_sample_claims(const InequalityTotals& t, std::size_t configurations, tl::Summary& summary) {
  const std::string counts = std::to_string(t.samples) + " samples, " + std::to_string(t.samples - t.undefined) +
                             " defined, " + std::to_string(t.undefined) + " undefined (zero denominators; " +
                             std::to_string(t.underflow) + " of them a norm < 1e-150 whose square is subnormal), " +
                             std::to_string(configurations) + " configurations";
  const long defined = static_cast<long>(t.samples - t.undefined);
  summary.claim("no_violations").with_samples(defined, t.samples).expect_at_most(static_cast<double>(t.violations), 0).note(counts);
  summary.claim("multiplied_out_form").with_samples(defined, t.samples).expect_at_most(static_cast<double>(t.multiplied), 0).note(
      "layer checks over " + std::to_string(t.samples) + " samples (zero-denominator layers skipped)");
  summary.claim("frobenius_weaker").with_samples(defined, t.samples).expect_at_most(static_cast<double>(t.frob_above), 0).note(counts);
}

// equality_one_layer, equality_deep_linear, layer_identities: to rounding.
void decide_exact_claims(const InequalityTotals& t, tl::Summary& summary) {
  if (t.eq1 > 0)
    summary.claim("equality_one_layer").expect_at_most(t.eq1_dev, kEqualityTolerance).note(
        "max |ratio − 1| over " + std::to_string(t.eq1) + " samples (" + std::to_string(t.eq1_undef) +
        " undefined: dead ReLU unit, δ = 0)");
  else
    summary.claim("equality_one_layer").not_applicable("no defined one-layer sample");
  if (t.eql > 0)
    summary.claim("equality_deep_linear").expect_at_most(t.eql_dev, kEqualityTolerance).note(
        "max |ratio − 1| over " + std::to_string(t.eql) + " samples (" + std::to_string(t.eql_undef) + " undefined)");
  else
    summary.claim("equality_deep_linear").not_applicable("no defined deep-linear sample (init_scale = 0?)");
  const long defined = static_cast<long>(t.samples - t.undefined);
  summary.claim("layer_identities")
      .with_samples(defined + static_cast<long>(t.eq1 + t.eql), t.samples + t.eq1 + t.eq1_undef + t.eql + t.eql_undef)
      .expect_at_most(t.identity, kIdentityTolerance)
      .note("largest relative error over all layers of the defined samples");
}

void decide_ratio_shrinks_with_depth(const InequalityTotals& t, tl::Summary& summary) {
  if (t.log_median_by_depth.size() < 3) {
    summary.claim("ratio_shrinks_with_depth").not_applicable("fewer than 3 depths with nonlinear activations");
    return;
  }
  std::vector<double> x, y;
  for (const auto& [d, logs] : t.log_median_by_depth)
    for (double l : logs) {
      x.push_back(d);
      y.push_back(l);
    }
  const tl::LineFit fit = tl::fit_line(x, y, 0.95);
  summary.scalar("log_ratio_depth_slope", fit.slope, "1/layer", "OLS slope of log(median ratio) on depth");
  summary.claim("ratio_shrinks_with_depth")
      .expect_ci_below(fit.slope_lo, fit.slope_hi, 0, fit.slope)
      .note("slope of log(median ratio) against depth [1/layer]; " + std::to_string(x.size()) + " nonlinear configurations over " +
            std::to_string(t.log_median_by_depth.size()) + " depths");
}

}  // namespace

void reduce_inequality(const std::vector<tl::RowRef>& rows, tl::Summary& summary) {
  const char* ids[] = {"no_violations", "multiplied_out_form", "frobenius_weaker", "equality_one_layer",
                       "equality_deep_linear", "layer_identities", "ratio_shrinks_with_depth"};
  if (rows.empty()) {
    for (const char* id : ids) summary.claim(id).not_applicable("part=inequality not in this run");
    return;
  }
  ConfigColumns columns;
  const InequalityTotals t = collect_inequality(rows, columns);
  inequality_tables(columns, t, summary);
  inequality_scalars(t, summary);
  decide_sample_claims(t, rows.size(), summary);
  decide_exact_claims(t, summary);
  decide_ratio_shrinks_with_depth(t, summary);
  if (t.configs_without_defined > 0)
    summary.note(std::to_string(t.configs_without_defined) +
                 " configurations had no defined sample (every sample a zero denominator); they are counted in "
                 "'undefined' and left out of the ratio tables");
}

namespace {

// The arms of the training rows: A0.. (learning rates) in order, then B, C, D.
std::vector<std::string> training_arms(const tl::Row& first) {
  std::vector<std::string> arms;
  for (int i = 0; i < kMaxLearningRateArms; ++i)
    if (first.has("A" + std::to_string(i) + "_reached")) arms.push_back("A" + std::to_string(i));
  for (const char* a : {"B", "C", "D"})
    if (first.has(std::string(a) + "_reached")) arms.push_back(a);
  return arms;
}

bool usable(const tl::RowRef& r, const std::string& arm) {
  return r->has(arm + "_reached") && r->integer(arm + "_reached") == 1 && r->has(arm + "_dirichlet_grid") &&
         r->real(arm + "_dirichlet_grid") > 0;
}

// Paired log(quantity_arm / quantity_A0) over rows where both reached the loss target.
std::vector<double> paired_in(const std::vector<tl::RowRef>& subset, const std::string& arm, const std::string& key) {
  std::vector<double> v;
  for (const tl::RowRef& r : subset)
    if (usable(r, arm) && usable(r, "A0")) v.push_back(std::log(r->real(arm + "_" + key) / r->real("A0_" + key)));
  return v;
}

// Groups: every run ("all"), then each activation on its own.
std::vector<std::pair<std::string, std::vector<tl::RowRef>>> activation_groups(const std::vector<tl::RowRef>& rows) {
  std::vector<std::pair<std::string, std::vector<tl::RowRef>>> groups{{"all", rows}};
  for (const tl::RowRef& r : rows) {
    const std::string& a = r->point().text("activation");
    auto it = std::find_if(groups.begin() + 1, groups.end(), [&](const auto& g) { return g.first == a; });
    if (it == groups.end()) groups.push_back({a, {r}});
    else it->second.push_back(r);
  }
  return groups;
}

// The "training_arms" table: one entry per (group, arm).
struct ArmColumns {
  std::vector<std::string> name, group;
  std::vector<double> lr, steps, de_grid, de_train, arc, log, lo, hi, bracket, w, h, j;
  std::vector<std::int64_t> runs, reached, diverged;
};

// One arm over one group's runs; returns the bracket drifts of the runs that reached the
// loss target after at least one step.
std::vector<double> add_arm(const std::string& group, const std::vector<tl::RowRef>& subset, const std::string& arm,
                            ArmColumns& c) {
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
  const MeanCi m = mean_ci(paired_in(subset, arm, "dirichlet_grid"));
  c.group.push_back(group), c.name.push_back(arm), c.lr.push_back(lr);
  c.runs.push_back(runs), c.reached.push_back(reached), c.diverged.push_back(diverged);
  c.steps.push_back(mean_ci(steps).mean), c.de_grid.push_back(mean_ci(de_grid).mean);
  c.de_train.push_back(mean_ci(de_train).mean), c.arc.push_back(mean_ci(arc).mean);
  c.log.push_back(m.mean), c.lo.push_back(m.lo), c.hi.push_back(m.hi);
  c.bracket.push_back(median_of(bd)), c.w.push_back(median_of(wd)), c.h.push_back(median_of(hd)), c.j.push_back(median_of(jd));
  return bd;
}

void training_arms_table(const ArmColumns& c, tl::Summary& summary) {
  summary.table("training_arms",
                "per arm at equal training loss: means over runs that reached it; log_de_vs_A0 = paired mean of "
                "log(DE_arm/DE_A0) with 95% t-interval; drifts = median |log(end/start)| (max over layers)")
      .column("activation", c.group).column("arm", c.name).column("lr", c.lr).column("runs", c.runs).column("reached", c.reached)
      .column("diverged", c.diverged).column("steps", c.steps).column("dirichlet_grid", c.de_grid)
      .column("dirichlet_train", c.de_train).column("arc_length", c.arc).column("log_de_vs_A0", c.log)
      .column("ci_lo", c.lo).column("ci_hi", c.hi).column("bracket_drift", c.bracket).column("W_drift", c.w)
      .column("h_drift", c.h).column("J_drift", c.j);
  summary.show("training_arms");
}

// A trend claim: the paired mean log(DE_arm / DE_A0) with its 95% t-interval below 0.
void decide_trend(const std::string& id, const std::string& arm, const std::vector<std::string>& arms,
                  const std::vector<tl::RowRef>& rows, tl::Summary& summary) {
  if (std::find(arms.begin(), arms.end(), arm) == arms.end() || arm == "A0") {
    summary.claim(id).not_applicable("arm " + arm + " not run (weight 0 or a single learning rate)");
    return;
  }
  const std::vector<double> v = paired_in(rows, arm, "dirichlet_grid");
  if (v.size() < 2) {
    summary.claim(id).not_applicable("fewer than 2 runs where both " + arm + " and A0 reached the loss target");
    return;
  }
  const MeanCi m = mean_ci(v);
  summary.claim(id)
      .expect_ci_below(m.lo, m.hi, 0, m.mean)
      .note("mean log(DE_" + arm + "/DE_A0) over " + std::to_string(v.size()) +
            " paired runs (seeds × activations), 95% t-interval");
}

void decide_factors_roughly_stable(const std::vector<double>& all_bracket_drift, tl::Summary& summary) {
  if (all_bracket_drift.empty()) {
    summary.claim("factors_roughly_stable").not_applicable("no arm reached the loss target after at least one step");
    return;
  }
  const double med = median_of(all_bracket_drift);
  summary.scalar("bracket_drift_median", med, "nats", "median |log(bracket_end/bracket_start)| over arms and runs");
  summary.claim("factors_roughly_stable")
      .with_samples(static_cast<long>(all_bracket_drift.size()))
      .expect_at_most(med, std::log(kRoughlyStableFactor))
      .note("median over " + std::to_string(all_bracket_drift.size()) +
            " arm runs of |log(bracket_end/bracket_start)|; per-factor drifts in training_arms");
}

}  // namespace

void reduce_training(const std::vector<tl::RowRef>& rows, tl::Summary& summary) {
  const char* ids[] = {"theta_penalty_lowers_dirichlet", "loss_gradient_penalty_lowers_dirichlet",
                       "input_penalty_lowers_dirichlet", "larger_lr_lowers_dirichlet", "factors_roughly_stable"};
  if (rows.empty()) {
    for (const char* id : ids) summary.claim(id).not_applicable("part=training not in this run");
    return;
  }
  const std::vector<std::string> arms = training_arms(*rows.front());
  std::string last_a;  // the largest learning rate
  for (const std::string& arm : arms)
    if (arm[0] == 'A') last_a = arm;
  ArmColumns columns;
  std::vector<double> all_bracket_drift;
  for (const auto& [group, subset] : activation_groups(rows))
    for (const std::string& arm : arms) {
      const std::vector<double> bd = add_arm(group, subset, arm, columns);
      if (group == "all") all_bracket_drift.insert(all_bracket_drift.end(), bd.begin(), bd.end());
    }
  training_arms_table(columns, summary);
  decide_trend("theta_penalty_lowers_dirichlet", "B", arms, rows, summary);
  decide_trend("loss_gradient_penalty_lowers_dirichlet", "C", arms, rows, summary);
  decide_trend("input_penalty_lowers_dirichlet", "D", arms, rows, summary);
  decide_trend("larger_lr_lowers_dirichlet", last_a, arms, rows, summary);
  decide_factors_roughly_stable(all_bracket_drift, summary);
}

}  // namespace gradient_penalty
