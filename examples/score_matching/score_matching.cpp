// score_matching: denoising (conditional) score matching and explicit score matching
// differ by a constant independent of the model (kexue.fm 9509; Vincent 2011). For data
// x0 ~ p0 and x_t = x0 + sigma eps, and a score model s_theta,
//   L_DSM(theta) = E (s_theta(x_t) - grad log p(x_t | x0))^2,  grad log p(x_t | x0) = -eps / sigma
//   L_ESM(theta) = E (s_theta(x_t) - grad log p_t(x_t))^2
//   L_DSM - L_ESM = E (grad log p(x_t|x0))^2 - E (grad log p_t(x_t))^2 = 1 / sigma^2 - J(p_t).
// p0 is a two-component Gaussian mixture, so p_t and its score are closed forms and J(p_t)
// is a one-dimensional integral; s_theta(x) = slope * x + offset. Each sweep point is one
// theta; the points of one replicate share their samples (Point::replicate_seed), so the
// comparison across theta is paired. docs/science/score_matching.md says why each claim
// is decided the way it is.
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <utility>
#include <vector>

#include <Eigen/Dense>

#include "mixture.hpp"
#include "theorylab/core/cancellation.hpp"
#include "theorylab/core/experiment.hpp"
#include "theorylab/math/line_fit.hpp"

namespace score_matching {
namespace {

// The data law p0 (this example's choice: two well-separated modes of unequal width and
// weight, so that p_t is far from Gaussian at sigma <= 1).
const std::vector<double> kWeights = {0.3, 0.7};
const std::vector<double> kMeans = {-2.0, 1.0};
const std::vector<double> kSds = {0.5, 0.75};
constexpr double kZ95 = 1.959963984540054;              // two-sided 95% normal quantile
constexpr double kSecondsPerSample = 2.5e-7;            // calibrated: docs/science/score_matching.md
constexpr std::int64_t kCancelEvery = 1 << 16;          // samples between cancellation checks
constexpr const char* kSource = "kexue.fm 9509 (Su Jianlin, 2023); Vincent, Neural Computation 23(7), 2011, sec. 4.2";

const Mixture& data_law() {
  static const Mixture p0(kWeights, kMeans, kSds);
  return p0;
}

// Least squares of t on (x, 1): the exact minimiser over (slope, offset) of the sample
// mean of (slope x + offset - t)^2, with the heteroscedasticity-robust (sandwich, HC0)
// covariance of the two coefficients (White 1980); N >= 2 samples with x not all equal.
struct LinearFit {
  double slope, offset, slope_se, offset_se;
};
LinearFit fit_linear(const Eigen::ArrayXd& x, const Eigen::ArrayXd& t) {
  const double n = static_cast<double>(x.size());
  Eigen::Matrix2d moment;
  moment << (x * x).mean(), x.mean(), x.mean(), 1.0;
  const Eigen::Vector2d beta = moment.ldlt().solve(Eigen::Vector2d((x * t).mean(), t.mean()));
  const Eigen::ArrayXd r2 = (t - beta(0) * x - beta(1)).square();
  Eigen::Matrix2d meat;
  meat << (x * x * r2).mean(), (x * r2).mean(), (x * r2).mean(), r2.mean();
  const Eigen::Matrix2d inverse = moment.inverse();
  const Eigen::Matrix2d cov = inverse * meat * inverse / n;
  return {beta(0), beta(1), std::sqrt(cov(0, 0)), std::sqrt(cov(1, 1))};
}

// A mean over replicates of per-replicate estimates with their standard errors
// (independent replicates: se = sqrt(sum se_r^2) / R).
struct Pooled {
  double sum = 0, var_sum = 0;
  long n = 0;
  void add(double value, double se) { sum += value, var_sum += se * se, ++n; }
  double mean() const { return sum / static_cast<double>(n); }
  double se() const { return std::sqrt(var_sum) / static_cast<double>(n); }
};

// What reduce gathers for one theta (over its replicates).
struct ThetaStats {
  Pooled loss_dsm, loss_esm, difference, theta_term;
};
// What every row of one replicate shares (the fits use no theta): one row per replicate.
struct ReplicateFits {
  Pooled dsm_slope, gap_slope, gap_offset;
};

class ScoreMatching final : public tl::Experiment {
 public:
  tl::ExperimentInfo info() const override {
    tl::ExperimentInfo i;
    i.name = "score_matching";
    i.title = "denoising and explicit score matching differ by a constant independent of the model";
    i.source = kSource;
    i.description =
        "Data from a two-component Gaussian mixture, noised by sigma; a linear score model slope * x + offset "
        "at each swept (slope, offset). Estimates the denoising and the explicit score-matching losses on "
        "shared samples and checks that their difference is 1/sigma^2 - J(p_t) at every theta and that both "
        "are minimised by the same theta. See docs/science/score_matching.md.";
    i.params = {
        tl::real("sigma", 0.5).greater_than(0).at_most(10).unit("x").help("noise level: x_t = x0 + sigma eps"),
        tl::real("slope", -0.5).between(-100, 100).unit("1/x^2").help("theta_1 of the score model slope * x + offset"),
        tl::real("offset", 0.0).between(-100, 100).unit("1/x").help("theta_2 of the score model slope * x + offset"),
        tl::integer("samples", 1000000).at_least(1000).at_most(10000000).unit("samples")
            .help("Monte Carlo samples (x0, eps) per row, shared by the rows of one replicate (64 bytes each in memory)"),
        tl::real("target_noise_scale", 1.0).between(0.1, 10)
            .help("the DSM target is -eps / (sigma * this): 1 is the true conditional score; any other value is a "
                  "deliberately wrong target, a negative control under which the claims must fail")};
    i.presets = {
        {"quick", {"sigma=0.5", "slope=-1.5,0.5", "offset=-0.5,0.5", "samples=400000"},
         "four thetas at one noise level, 2 replicates", 2},
        {"default", {"sigma=0.25,0.5,1", "slope=lin(-1.5,0.5,5)", "offset=-0.5,0.25,1", "samples=1000000"},
         "fifteen thetas at three noise levels (one reduction each), 4 replicates", 4}};
    i.claims = {
        tl::ClaimSpec{"difference_is_the_constant",
                      "L_DSM(theta) - L_ESM(theta) = E|grad log p(x_t|x0)|^2 - E|grad log p_t(x_t)|^2 = 1/sigma^2 - J(p_t)",
                      kSource}
            .needs_ci_half_width(0.05),
        tl::ClaimSpec{"difference_flat_in_theta",
                      "L_DSM(theta) - L_ESM(theta) is the same at every swept theta (its spread over theta is 0)",
                      kSource}
            .needs_ci_half_width(0.05),
        tl::ClaimSpec{"same_minimizer_slope", "the slope minimising L_DSM is the slope minimising L_ESM", kSource}
            .needs_ci_half_width(0.01),
        tl::ClaimSpec{"same_minimizer_offset", "the offset minimising L_DSM is the offset minimising L_ESM", kSource}
            .needs_ci_half_width(0.01),
        tl::ClaimSpec{"minimizer_is_gaussian_score",
                      "the slope minimising L_DSM is -1/Var(p_t), the slope of the score of the Gaussian fit to p_t",
                      "docs/science/score_matching.md (Stein's identity E[x grad log p_t(x)] = -1; not in the article)"}
            .needs_ci_half_width(0.01)};
    i.main_columns = {"loss_dsm", "loss_esm", "difference"};
    // The reduction compares the thetas of one noise level: slope and offset are pooled
    // over; a swept sigma or samples groups (one reduction, one set of claims, per value).
    i.axes = {"slope", "offset"};
    // The figures tl-report and `make plots` draw (docs/writing-an-experiment.md, 8): a
    // key a run does not sweep (sigma at the quick preset) is left out of `by`, noted.
    i.figures = {
        tl::Figure("difference_vs_slope",
                   "L_DSM - L_ESM against the slope, per offset, beside 1/sigma^2 - J(p_t) "
                   "(flat in theta: {verdict:difference_flat_in_theta})")
            .table("by_theta").x("slope").y({"difference", "analytic_constant"}).by({"sigma", "offset"}),
        tl::Figure("losses_vs_slope", "Both losses against the slope, per offset: they differ by a constant")
            .table("by_theta").x("slope").y({"loss_dsm", "loss_esm"}).by({"sigma", "offset"})};
    return i;
  }

  tl::Row run_point(const tl::Point& point, tl::Rng&) const override {
    const double sigma = point.real("sigma"), slope = point.real("slope"), offset = point.real("offset");
    const double target_sigma = sigma * point.real("target_noise_scale");
    const std::int64_t n = point.integer("samples");
    const Mixture noised = data_law().noised(sigma);
    // The same (x0, eps) for every point of this replicate: a paired comparison across theta.
    tl::Rng rng(point.replicate_seed());
    Eigen::ArrayXd x(n), conditional(n), marginal(n);  // x_t, grad log p(x_t|x0), grad log p_t(x_t)
    for (std::int64_t i = 0; i < n; ++i) {
      if (i % kCancelEvery == 0) tl::throw_if_cancelled();
      const double x0 = data_law().sample(rng), eps = rng.normal();
      x(i) = x0 + sigma * eps;
      conditional(i) = -eps / target_sigma;
      marginal(i) = noised.score(x(i));
    }
    const Eigen::ArrayXd model = slope * x + offset;
    const Eigen::ArrayXd per_sample = (model - conditional).square() - (model - marginal).square();
    // The theta-dependent part of per_sample: 2 s_theta (grad log p_t - grad log p(x_t|x0)).
    const Eigen::ArrayXd theta_term = 2 * model * (marginal - conditional);
    const auto se = [n](const Eigen::ArrayXd& v) {
      return std::sqrt((v - v.mean()).square().sum() / static_cast<double>(n - 1) / static_cast<double>(n));
    };
    const LinearFit dsm = fit_linear(x, conditional), esm = fit_linear(x, marginal);
    const LinearFit gap = fit_linear(x, conditional - marginal);  // = dsm - esm, with its own se
    tl::Row row;
    row.set("loss_dsm", (model - conditional).square().mean(), "1/x^2")
        .set("loss_esm", (model - marginal).square().mean(), "1/x^2")
        .set("difference", per_sample.mean(), "1/x^2")
        .set("difference_se", se(per_sample), "1/x^2")
        .set("theta_term", theta_term.mean(), "1/x^2")
        .set("theta_term_se", se(theta_term), "1/x^2")
        .set("dsm_slope", dsm.slope, "1/x^2")
        .set("dsm_slope_se", dsm.slope_se, "1/x^2")
        .set("dsm_offset", dsm.offset, "1/x")
        .set("esm_slope", esm.slope, "1/x^2")
        .set("esm_offset", esm.offset, "1/x")
        .set("gap_slope", gap.slope, "1/x^2")
        .set("gap_slope_se", gap.slope_se, "1/x^2")
        .set("gap_offset", gap.offset, "1/x")
        .set("gap_offset_se", gap.offset_se, "1/x");
    return row;
  }

  void reduce(const tl::RunResults& results, tl::Summary& summary) const override {
    std::map<std::pair<double, double>, ThetaStats> thetas;
    std::map<int, bool> replicate_seen;
    ReplicateFits fits;
    double sigma = std::numeric_limits<double>::quiet_NaN();
    long rows = 0;
    for (const tl::Row& r : results.rows()) {
      if (r.has("error")) continue;
      ++rows;
      sigma = r.point().real("sigma");  // one value per reduction: sigma is not an axis
      ThetaStats& t = thetas[{r.point().real("slope"), r.point().real("offset")}];
      t.loss_dsm.add(r.real("loss_dsm"), 0);
      t.loss_esm.add(r.real("loss_esm"), 0);
      t.difference.add(r.real("difference"), r.real("difference_se"));
      t.theta_term.add(r.real("theta_term"), r.real("theta_term_se"));
      if (replicate_seen.emplace(r.point().replicate(), true).second) {  // the fits use no theta
        fits.dsm_slope.add(r.real("dsm_slope"), r.real("dsm_slope_se"));
        fits.gap_slope.add(r.real("gap_slope"), r.real("gap_slope_se"));
        fits.gap_offset.add(r.real("gap_offset"), r.real("gap_offset_se"));
      }
    }
    if (rows == 0) {
      for (const char* id : {"difference_is_the_constant", "difference_flat_in_theta", "same_minimizer_slope",
                             "same_minimizer_offset", "minimizer_is_gaussian_score"})
        summary.claim(id).not_applicable("no row without an error");
      return;
    }
    const Mixture noised = data_law().noised(sigma);
    const double fisher = noised.fisher_information(), constant = 1 / (sigma * sigma) - fisher;
    summary.scalar("conditional_score_norm", 1 / (sigma * sigma), "1/x^2", "E|grad log p(x_t|x0)|^2 = 1/sigma^2");
    summary.scalar("fisher_information", fisher, "1/x^2", "J(p_t) = E|grad log p_t(x_t)|^2 (quadrature)");
    summary.scalar("analytic_constant", constant, "1/x^2", "1/sigma^2 - J(p_t): the predicted L_DSM - L_ESM");
    summary.scalar("gaussian_fit_slope", -1 / noised.variance(), "1/x^2", "-1/Var(p_t)");
    summary.scalar("gaussian_fit_offset", noised.mean() / noised.variance(), "1/x", "E(p_t)/Var(p_t)");
    decide_constant(thetas, constant, rows, summary);
    decide_flat(thetas, rows, summary);
    decide_minimizers(fits, -1 / noised.variance(), summary);
    table_by_theta(thetas, constant, summary);
  }

  double cost_seconds(const tl::Point& point) const override {
    return kSecondsPerSample * static_cast<double>(point.integer("samples"));
  }

 private:
  // The difference averaged over theta. The thetas of one replicate share samples, so
  // their estimates are correlated: the mean of their standard errors bounds the
  // standard error of their mean (Minkowski), whatever the correlation.
  static void decide_constant(const std::map<std::pair<double, double>, ThetaStats>& thetas, double constant,
                              long rows, tl::Summary& summary) {
    double mean = 0, se = 0;
    for (const auto& [theta, t] : thetas) mean += t.difference.mean(), se += t.difference.se();
    mean /= static_cast<double>(thetas.size());
    se /= static_cast<double>(thetas.size());
    summary.claim("difference_is_the_constant")
        .with_samples(rows)
        .expect_inside(mean - kZ95 * se, mean + kZ95 * se, constant, mean);
    summary.scalar("difference_mean", mean, "1/x^2", "L_DSM - L_ESM averaged over the swept theta");
  }

  // The spread max_j D_j - min_j D_j over the thetas. With shared samples D_j - D_k =
  // H_j - H_k exactly (H: theta_term), so the spread is that of the H_j. Bonferroni
  // intervals [lo_j, hi_j] of the H_j (simultaneous 95%) give the 95% interval
  // [max lo - min hi, max hi - min lo] of the spread, centred on the measured spread;
  // its lower end is below 0 exactly when all the intervals overlap (left unclipped, so
  // that the implied p-value is that of "spread 0").
  static void decide_flat(const std::map<std::pair<double, double>, ThetaStats>& thetas, long rows,
                          tl::Summary& summary) {
    tl::Claim& claim = summary.claim("difference_flat_in_theta");
    if (thetas.size() < 2) {
      claim.not_applicable("one theta: sweep slope or offset over at least two values");
      return;
    }
    const double z = tl::student_t_quantile(1 - 0.05 / static_cast<double>(thetas.size()),
                                            std::numeric_limits<double>::infinity());
    double max_lo = -INFINITY, min_hi = INFINITY, max_hi = -INFINITY, min_lo = INFINITY;
    double max_h = -INFINITY, min_h = INFINITY;
    for (const auto& [theta, t] : thetas) {
      const double h = t.theta_term.mean(), half = z * t.theta_term.se();
      max_h = std::max(max_h, h), min_h = std::min(min_h, h);
      max_lo = std::max(max_lo, h - half), min_lo = std::min(min_lo, h - half);
      max_hi = std::max(max_hi, h + half), min_hi = std::min(min_hi, h + half);
    }
    claim.with_samples(rows).expect_inside(max_lo - min_hi, max_hi - min_lo, 0, max_h - min_h);
    claim.note(std::to_string(thetas.size()) + " thetas, Bonferroni z = " + tl::format_short(z));
  }

  static void decide_minimizers(const ReplicateFits& fits, double gaussian_slope, tl::Summary& summary) {
    const auto inside = [&summary](const char* id, const Pooled& p, double expected) {
      summary.claim(id).with_samples(p.n).expect_inside(p.mean() - kZ95 * p.se(), p.mean() + kZ95 * p.se(), expected,
                                                        p.mean());
    };
    inside("same_minimizer_slope", fits.gap_slope, 0);
    inside("same_minimizer_offset", fits.gap_offset, 0);
    inside("minimizer_is_gaussian_score", fits.dsm_slope, gaussian_slope);
  }

  static void table_by_theta(const std::map<std::pair<double, double>, ThetaStats>& thetas, double constant,
                             tl::Summary& summary) {
    std::vector<double> slope, offset, dsm, esm, diff, lo, hi, predicted;
    for (const auto& [theta, t] : thetas) {
      slope.push_back(theta.first), offset.push_back(theta.second);
      dsm.push_back(t.loss_dsm.mean()), esm.push_back(t.loss_esm.mean()), diff.push_back(t.difference.mean());
      lo.push_back(t.difference.mean() - kZ95 * t.difference.se());
      hi.push_back(t.difference.mean() + kZ95 * t.difference.se());
      predicted.push_back(constant);
    }
    summary.table("by_theta", "both losses and their difference at each theta (mean over replicates, 95% CI)")
        .column("slope", slope, "1/x^2")
        .column("offset", offset, "1/x")
        .column("loss_dsm", dsm, "1/x^2")
        .column("loss_esm", esm, "1/x^2")
        .column("difference", diff, "1/x^2")
        .column("difference_ci_lo", lo, "1/x^2")
        .column("difference_ci_hi", hi, "1/x^2")
        .column("analytic_constant", predicted, "1/x^2");
    summary.show("by_theta");
  }
};

}  // namespace
}  // namespace score_matching

THEORYLAB_EXPERIMENT(score_matching::ScoreMatching);
