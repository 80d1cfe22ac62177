// gradient_max_scale: kexue.fm 9812 "从梯度最大化看Attention的Scale操作" (2023-10-22).
// B1: the article's approximate objective alpha (1 - S(alpha)/n) maximised exactly
//     (objectives.hpp), over n = 2^4..2^16 and the article's grid n = 40, 80, ..., 20000;
// B2: the exact E[alpha (1 - sum p^2)] by Monte Carlo with common random numbers
//     (monte_carlo.hpp) beside the approximation and the alpha -> infinity limit.
// Science page: docs/science/gradient_max_scale.md.
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "gradient_max_scale/experiment.hpp"
#include "gradient_max_scale/monte_carlo.hpp"
#include "gradient_max_scale/objectives.hpp"
#include "theorylab/core/error.hpp"

namespace gradient_max_scale {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::int64_t kMaxN = std::int64_t{1} << 22;
constexpr double kMaxDim = 1 << 16;
// Largest alpha_grid value: far past the plateau (which starts below 100). Beyond it the
// cosine approximation log 0F1(a^2) - 2 log 0F1(a^2/4) cancels two numbers of size 2a
// and keeps no correct digit (its O(log a) value is below their rounding at a ~ 1e15).
constexpr double kMaxAlphaUnits = 1e6;

const char* kSource =
    "Su Jianlin, kexue.fm archive 9812 (2023-10-22), \"从梯度最大化看Attention的Scale操作\"";

// Every row has the same scalar columns (NaN where they do not apply).
void set_defaults(tl::Row& row) {
  for (const char* name :
       {"alpha_star_approx", "objective_star_approx", "alpha_mc_argmax", "mc_max_mean", "mc_max_se", "plateau_exact",
        "mc_at_largest_alpha", "mc_at_largest_alpha_se", "alpha_90_plateau", "alpha_breakdown", "alpha_ratio_2",
        "mc_at_alpha_star_approx"})
    row.set(name, kNaN);
  row.set("mc_argmax_interior", kNaN).set("non_finite", 0).set("diverged", 0).set("trials_run", 0);
}

std::vector<int> dims_of(const tl::Point& point) {
  std::vector<int> out;
  for (double v : point.reals("b1_dims")) out.push_back(static_cast<int>(std::lround(v)));
  return out;
}

tl::Row run_b1(const ScoreModel& base, const std::vector<int>& dims) {
  tl::Row row;
  set_defaults(row);
  const std::vector<double> pow2 = pow2_n_grid(), article = article_n_grid();
  auto solve_grid = [](const ScoreModel& model, const std::vector<double>& grid) {
    std::vector<double> alpha;
    for (double n : grid) alpha.push_back(approximate_optimum(model, n).alpha);
    return alpha;
  };
  row.series("b1_n_pow2", pow2, "tokens").series("b1_n_article", article, "tokens");
  if (base.kind == ScoreKind::Normal) {
    const std::vector<double> a_pow2 = solve_grid(base, pow2), a_article = solve_grid(base, article);
    row.series("b1_alpha_star_pow2", a_pow2).series("b1_alpha_star_article", a_article);
    return row;
  }
  Eigen::MatrixXd a_pow2(dims.size(), pow2.size()), a_article(dims.size(), article.size());
  for (std::size_t i = 0; i < dims.size(); ++i) {
    const ScoreModel model{ScoreKind::Cosine, dims[i]};
    const std::vector<double> p = solve_grid(model, pow2), a = solve_grid(model, article);
    for (std::size_t j = 0; j < p.size(); ++j) a_pow2(i, j) = p[j];
    for (std::size_t j = 0; j < a.size(); ++j) a_article(i, j) = a[j];
  }
  row.series("b1_dims", std::vector<double>(dims.begin(), dims.end()));
  row.series("b1_alpha_star_pow2", a_pow2).series("b1_alpha_star_article", a_article);
  return row;
}

tl::Row run_b2(const ScoreModel& model, std::int64_t n, std::int64_t trials, const std::vector<double>& grid,
               tl::Rng& rng) {
  tl::Row row;
  set_defaults(row);
  const double nn = static_cast<double>(n);
  // The grid is in units of sqrt(log n)/sd: alpha sd / sqrt(log n) = u (normal:
  // 0.84 = the article's optimum; cosine: sd = 1/sqrt(d)).
  const double unit = std::sqrt(std::log(nn)) / model.sd();
  std::vector<double> alphas;
  for (double u : grid) alphas.push_back(u * unit);

  const MonteCarloCurves mc = monte_carlo_curves(model, static_cast<std::size_t>(n), static_cast<std::size_t>(trials),
                                                 alphas, rng);
  const Optimum approx = approximate_optimum(model, nn);
  const double plateau = gap_density_at_zero(model, nn);

  std::vector<double> approx_objective, approx_sum_p2, ratio, log_ratio;
  std::size_t ratio_2_index = alphas.size();
  for (std::size_t j = 0; j < alphas.size(); ++j) {
    approx_objective.push_back(approximate_objective(model, nn, alphas[j]));
    approx_sum_p2.push_back(std::exp(log_collision_ratio(model, alphas[j]) - std::log(nn)));
    ratio.push_back(approx_sum_p2.back() / mc.sum_p2_mean[j]);  // inf once S/n overflows
    log_ratio.push_back(log_collision_ratio(model, alphas[j]) - std::log(nn) - std::log(mc.sum_p2_mean[j]));
    if (ratio_2_index == alphas.size() && ratio.back() >= 2) ratio_2_index = j;
  }
  std::size_t argmax = 0;
  for (std::size_t j = 1; j < alphas.size(); ++j)
    if (mc.objective_mean[j] > mc.objective_mean[argmax]) argmax = j;

  row.set("alpha_star_approx", approx.alpha).set("objective_star_approx", approx.objective);
  row.set("alpha_mc_argmax", alphas[argmax]).set("mc_argmax_interior", argmax > 0 && argmax + 1 < alphas.size());
  row.set("mc_max_mean", mc.objective_mean[argmax]).set("mc_max_se", mc.objective_se[argmax]);
  row.set("plateau_exact", plateau);
  // The exact curve at the approximation's optimum (linear interpolation on the grid).
  double at_star = kNaN;
  for (std::size_t j = 1; j < alphas.size(); ++j)
    if (alphas[j - 1] <= approx.alpha && approx.alpha <= alphas[j])
      at_star = mc.objective_mean[j - 1] + (approx.alpha - alphas[j - 1]) / (alphas[j] - alphas[j - 1]) *
                                               (mc.objective_mean[j] - mc.objective_mean[j - 1]);
  row.set("mc_at_alpha_star_approx", at_star);
  row.set("mc_at_largest_alpha", mc.objective_mean.back()).set("mc_at_largest_alpha_se", mc.objective_se.back());
  row.set("alpha_90_plateau",
          std::isfinite(plateau) ? first_crossing(alphas, mc.objective_mean, 0.9 * plateau) : kNaN);
  row.set("alpha_breakdown", approximation_breakdown_alpha(model, nn));
  row.set("alpha_ratio_2", ratio_2_index < alphas.size() ? first_crossing(alphas, ratio, 2.0) : kNaN);
  row.set("non_finite", static_cast<std::int64_t>(mc.non_finite)).set("diverged", mc.non_finite > 0 ? 1 : 0);
  row.set("trials_run", static_cast<std::int64_t>(mc.trials));
  row.series("b2_u", grid, "sqrt(log n)/sd").series("b2_alpha", alphas);
  row.series("b2_objective_mean", mc.objective_mean).series("b2_objective_se", mc.objective_se);
  row.series("b2_sum_p2_mean", mc.sum_p2_mean).series("b2_sum_p2_se", mc.sum_p2_se);
  row.series("b2_entropy_mean", mc.entropy_mean, "nats");
  row.series("b2_approx_objective", approx_objective).series("b2_approx_sum_p2", approx_sum_p2);
  row.series("b2_ratio_approx_to_mc", ratio).series("b2_log_ratio_approx_to_mc", log_ratio, "nats");
  return row;
}

}  // namespace

tl::ExperimentInfo GradientMaxScale::info() const {
  tl::ExperimentInfo e;
  e.name = "gradient_max_scale";
  e.title = "Attention scale from gradient maximisation: alpha* = 0.84 sqrt(log n) and 3.5 log n, and the exact curve";
  e.source = std::string(kSource) + "; parts B1, B2 in docs/science/gradient_max_scale.md";
  e.description =
      "p = softmax(alpha s). The article maximises alpha (1 - sum p^2), half the L1 norm of dp/ds, after replacing "
      "sum p^2 by S(alpha)/n = E[e^{2 alpha s}]/(n E[e^{alpha s}]^2): normal scores give alpha (1 - e^{alpha^2}/n), "
      "cosine scores (random directions in R^d) give 0F1 ratios. B1 solves the approximate objective exactly "
      "(stationarity, TOMS 748 to 1e-12) over n = 2^4..2^16 and the article's grid n = 40, 80, ..., 20000, and fits "
      "alpha* = c sqrt(log n) (normal) and alpha* = c log n (cosine, each d of b1_dims). B2 estimates the exact "
      "E[alpha (1 - sum p^2)] and E[sum p^2] by Monte Carlo over an alpha grid with common random numbers, beside the "
      "approximation, its breakdown point, and the exact alpha -> infinity limit (the density at 0 of the gap "
      "between the two largest scores). B1 ignores n, d and trials; B2 ignores b1_dims; normal scores ignore d.";
  e.params = {
      tl::choice("part", "B1", {"B1", "B2"}).help("B1: approximate objective solved exactly; B2: Monte Carlo"),
      tl::choice("score", "normal", {"normal", "cosine"})
          .help("normal: s ~ N(0,1) (q.k/sqrt(d)); cosine: s = cosine of two random directions in R^d"),
      tl::integer("n", 1024).at_least(2).at_most(static_cast<double>(kMaxN)).unit("tokens")
          .help("B2: number of scores (keys) per softmax")
          .used_only_when("part", {"B2"}),
      tl::integer("d", 128).at_least(2).at_most(kMaxDim).help("B2: dimension of the cosine scores")
          .used_only_when("part", {"B2"}),
      tl::real_list("b1_dims", "16,32,64,128,256,512").at_least(2).at_most(kMaxDim).increasing()
          .help("B1: dimensions of the cosine case (integers)")
          .used_only_when("part", {"B1"}),
      tl::integer("trials", 2000).at_least(1).at_most(1e8).help("B2: score vectors drawn (common to every alpha)")
          .used_only_when("part", {"B2"}),
      tl::real_list("alpha_grid", "log(0.05,50,61)").greater_than(0).at_most(kMaxAlphaUnits).increasing().unit("sqrt(log n)/sd")
          .help("B2: scales alpha in units of sqrt(log n)/sd (sd = 1 normal, 1/sqrt(d) cosine): 0.84 is the "
                "article's normal optimum")
          .used_only_when("part", {"B2"}),
  };
  e.presets = {
      {"quick",
       {"part=B1", "score=normal,cosine", "trials=400", "alpha_grid=log(0.05,50,41)", "+",
        "part=B2", "score=normal,cosine", "n=64,1024", "trials=400", "alpha_grid=log(0.05,50,41)"},
       "B1 in full; B2 at n = 64, 1024 (normal, cosine d = 128), 400 trials, 41 scales"},
      {"default",
       {"part=B1", "score=normal,cosine", "trials=4000", "alpha_grid=log(0.05,50,61)", "+",
        "part=B2", "score=normal,cosine", "n=64,1024,16384", "trials=4000", "alpha_grid=log(0.05,50,61)"},
       "B1 in full; B2 at n = 64, 1024, 16384, 4000 trials, 61 scales"},
      {"paper",
       {"part=B1", "score=normal,cosine", "trials=10000", "alpha_grid=log(0.02,100,101)", "+",
        "part=B2", "score=normal,cosine", "n=pow2(4,16)", "trials=10000", "alpha_grid=log(0.02,100,101)"},
       "B1 in full; B2 at n = 2^4..2^16, 10000 trials, 101 scales (n = 2^16 dominates)"},
  };
  const char* kDeterministic =
      "a deterministic least-squares fit of optima solved to 1e-12; the tolerance is the article's printed digits";
  const char* kGrid = "a deterministic fraction of the article's 500-point grid of exactly solved optima";
  // The axes: B1 fits c over the article's grid and B2 takes each claim over every row,
  // so the reduction reads both parts, both score kinds and every n together. Any other
  // swept key (d, trials, ...) groups the summary.
  e.axes = {"part", "score", "n"};
  e.claims = {
      tl::ClaimSpec{"c_normal",
                    "normal scores: alpha* = c sqrt(log n) with c = 0.84 (least squares over n = 40, 80, ..., 20000)",
                    std::string(kSource) + ", normal-score section"}
          .exact(kDeterministic),
      tl::ClaimSpec{"c_cosine_d128", "cosine scores, d = 128: alpha* = c log n with c = 3.5 (same grid)",
                    std::string(kSource) + ", cosine section"}
          .exact(kDeterministic),
      tl::ClaimSpec{"alpha_normal_2_3", "normal scores: alpha* lies between 2 and 3 over a large range of n (the article's grid)",
                    std::string(kSource) + ", normal-score section"}
          .exact(kGrid),
      tl::ClaimSpec{"alpha_cosine_25_35",
                    "cosine scores, d = 128: alpha* lies in 25..35 over a wide range of n (the article's grid)",
                    std::string(kSource) + ", cosine section"}
          .exact(kGrid),
      tl::ClaimSpec{"exact_curve_stays_positive",
                    "the exact E[alpha (1 - sum p^2)] does not fall back to 0 at large alpha (unlike the approximation)",
                    "docs/science/gradient_max_scale.md, B2 (a consequence of near-ties, not in the article)"}
          .needs_ci_half_width(kNoReturnResolution),
  };
  // The figures (tl-plot --figure NAME, tl-report, make plots); the article's constant
  // and this run's fit are read from the b1_fits table of the file drawn.
  e.figures = {
      tl::Figure("alpha_star_vs_n_normal", "alpha* against n (normal scores): the article's c sqrt(log n) and this run's fit")
          .table("b1_normal_pow2").x("n").y({"alpha_star"}).logx()
          .theory("{cell:b1_fits:article_c:score=normal,grid=article}*sqrt(log(x))",
                  "the article: {cell:b1_fits:article_c:score=normal,grid=article} sqrt(log n) (claim c_normal: {verdict:c_normal})")
          .theory("{cell:b1_fits:c:score=normal,grid=pow2}*sqrt(log(x))",
                  "this run (2^4..2^16 fit): {cell:b1_fits:c:score=normal,grid=pow2} sqrt(log n)"),
      tl::Figure("alpha_star_vs_n_cosine", "alpha* against n (cosine scores), per dimension d")
          .table("b1_cosine_pow2").x("n").y({"alpha_star"}).by({"d"}).logx().logy(),
      tl::Figure("objective_normal_n1024", "B2, normal scores, n = 1024: Monte Carlo objective against the approximation")
          .table("b2_curve_normal_n1024").x("alpha").y({"objective_mean", "approx_objective"}).logx(),
  };
  e.main_columns = {"part",          "score",          "n",          "alpha_star_approx", "alpha_mc_argmax",
                    "mc_max_mean",   "plateau_exact",  "alpha_90_plateau", "alpha_breakdown"};
  e.description += " The science (sources, formulas, every part, what each claim checks): docs/science/gradient_max_scale.md.";
  return e;
}

void GradientMaxScale::validate(const tl::Point& point) const {
  for (double v : point.reals("b1_dims"))
    if (v != std::floor(v))
      throw tl::UsageError("parameter b1_dims: " + tl::format_number(v) + " is not an integer dimension");
  const double n = static_cast<double>(point.integer("n")), trials = static_cast<double>(point.integer("trials"));
  if (point.text("part") == "B2" && n * trials * point.reals("alpha_grid").size() > 1e13)
    throw tl::UsageError("n x trials x alpha_grid size = " + tl::format_number(n * trials * point.reals("alpha_grid").size()) +
                         " softmax elements is beyond 1e13 (weeks of work); lower trials or n");
}

tl::Row GradientMaxScale::run_point(const tl::Point& point, tl::Rng& rng) const {
  const ScoreKind kind = parse_score_kind(point.text("score"));
  const ScoreModel model{kind, static_cast<int>(point.integer("d"))};
  if (point.text("part") == "B1") return run_b1(model, dims_of(point));
  return run_b2(model, point.integer("n"), point.integer("trials"), point.reals("alpha_grid"), rng);
}

}  // namespace gradient_max_scale

THEORYLAB_EXPERIMENT(gradient_max_scale::GradientMaxScale);
