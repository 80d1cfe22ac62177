// gradient_max_scale: the reduction. B1 tables and fits of alpha* = c sqrt(log n)
// (normal) and alpha* = c log n (cosine), B2 result and curve tables, and the claims.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "gradient_max_scale/experiment.hpp"
#include "gradient_max_scale/objectives.hpp"
#include "theorylab/core/table_builder.hpp"
#include "theorylab/math/line_fit.hpp"

namespace gradient_max_scale {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string fmt(double v, int digits = 4) {
  std::ostringstream s;
  s.precision(digits);
  s << v;
  return s.str();
}

// The n at which the approximate optimum equals alpha: the stationarity condition
// solved for n, n = S(alpha) (1 + alpha (log S)'(alpha)) (alpha* increases with n).
double n_at_optimum(const ScoreModel& model, double alpha) {
  return std::exp(log_collision_ratio(model, alpha) + std::log1p(alpha * log_collision_ratio_derivative(model, alpha)));
}

struct RangeCheck {
  double fraction = 0;       // of the article's grid with alpha* in [lo, hi]
  double alpha_min = 0, alpha_max = 0;
  double n_lo = 0, n_hi = 0;  // alpha*(n) in [lo, hi] exactly for n in [n_lo, n_hi]
};

RangeCheck range_check(const ScoreModel& model, const std::vector<double>& alpha_star, double lo, double hi) {
  RangeCheck r;
  std::size_t inside = 0;
  for (double a : alpha_star) inside += (a >= lo && a <= hi);
  r.fraction = static_cast<double>(inside) / alpha_star.size();
  r.alpha_min = *std::min_element(alpha_star.begin(), alpha_star.end());
  r.alpha_max = *std::max_element(alpha_star.begin(), alpha_star.end());
  r.n_lo = n_at_optimum(model, lo);
  r.n_hi = n_at_optimum(model, hi);
  return r;
}

struct FitRow {
  std::string score, grid;
  std::int64_t d;
  tl::LineFit fit;
  double article_c;
};

std::vector<double> row_of(const tl::Series& s, std::size_t i) {
  return std::vector<double>(s.data.begin() + i * s.cols, s.data.begin() + (i + 1) * s.cols);
}

// The Monte Carlo claim's rows (exact_curve_stays_positive) need a grid reaching this
// multiple of the approximate optimum (the approximate objective is negative beyond it).
constexpr double kInformativeGridReach = 2;
// Two-sided 95% normal quantile (the Monte Carlo standard errors are over many trials).
constexpr double kZ95 = 1.96;
// The article's ranges of alpha*: [2, 3] for normal scores, [25, 35] for cosine scores.
constexpr double kNormalRangeLo = 2, kNormalRangeHi = 3;
constexpr double kCosineRangeLo = 25, kCosineRangeHi = 35;

// ---- B1, normal scores: one table per grid, the fit of c and the [2, 3] range ----------
void reduce_b1_normal(const tl::Row& row, tl::Summary& summary, std::vector<FitRow>& fits) {
  const ScoreModel model{ScoreKind::Normal, 0};
  for (const std::string grid : {"pow2", "article"}) {
    const std::vector<double>& n = row.series_of("b1_n_" + grid).data;
    const std::vector<double>& a = row.series_of("b1_alpha_star_" + grid).data;
    std::vector<double> sqrt_log_n, ratio, objective;
    for (std::size_t i = 0; i < n.size(); ++i) {
      sqrt_log_n.push_back(std::sqrt(std::log(n[i])));
      ratio.push_back(a[i] / sqrt_log_n.back());
      objective.push_back(approximate_objective(model, n[i], a[i]));
    }
    summary.table("b1_normal_" + grid, "B1 normal scores: alpha* maximising alpha (1 - e^{alpha^2}/n), " + grid + " grid")
        .column("n", n, "tokens")
        .column("sqrt_log_n", sqrt_log_n)
        .column("alpha_star", a)
        .column("alpha_star_over_sqrt_log_n", ratio)
        .column("objective_at_alpha_star", objective);
    fits.push_back({"normal", grid, 0, tl::fit_proportional(sqrt_log_n, a), grid == "article" ? kArticleNormalC : kNaN});
  }
  const tl::LineFit& c = fits.back().fit;
  summary.scalar("c_normal", c.slope, "1", "least-squares c in alpha* = c sqrt(log n), article grid");
  summary.scalar("c_normal_lo", c.slope_lo, "1", "95% CI (model misfit; the solve itself is exact)");
  summary.scalar("c_normal_hi", c.slope_hi, "1", "95% CI upper end");
  summary.claim("c_normal")
      .expect_near(c.slope, kArticleNormalC, kArticleNormalCTol)
      .note("least squares over 500 n; 95% CI [" + fmt(c.slope_lo, 6) + ", " + fmt(c.slope_hi, 6) + "], R^2 " +
            fmt(c.r_squared, 6) + "; pow2 grid 2^4..2^16 gives " + fmt(fits.front().fit.slope, 4));
  const RangeCheck r = range_check(model, row.series_of("b1_alpha_star_article").data, kNormalRangeLo, kNormalRangeHi);
  summary.scalar("normal_n_where_alpha_star_is_2", r.n_lo, "tokens", "alpha*(n) = 2 (e^4 (1 + 8))");
  summary.scalar("normal_n_where_alpha_star_is_3", r.n_hi, "tokens", "alpha*(n) = 3 (e^9 (1 + 18))");
  summary.claim("alpha_normal_2_3")
      .expect_at_least(r.fraction, kLargeRangeFraction)
      .note("fraction of the article's grid with alpha* in [2, 3]; alpha* there runs from " + fmt(r.alpha_min) +
            " (n = 40) to " + fmt(r.alpha_max) + " (n = 20000); alpha* in [2, 3] exactly for n in [" + fmt(r.n_lo, 5) +
            ", " + fmt(r.n_hi, 6) + "]");
}

// The two cosine claims, from the d = 128 fit on the article's grid.
void decide_cosine_d128(const tl::LineFit& c, const std::vector<double>& alpha, tl::Summary& summary) {
  summary.scalar("c_cosine_d128", c.slope, "1", "least-squares c in alpha* = c log n, d = 128, article grid");
  summary.claim("c_cosine_d128")
      .expect_near(c.slope, kArticleCosineC, kArticleCosineCTol)
      .note("least squares over 500 n; 95% CI [" + fmt(c.slope_lo, 5) + ", " + fmt(c.slope_hi, 5) + "], R^2 " +
            fmt(c.r_squared, 5) + " (a proportional law in log n fits less well than c sqrt(d log n))");
  const ScoreModel model{ScoreKind::Cosine, kArticleCosineD};
  const RangeCheck r = range_check(model, alpha, kCosineRangeLo, kCosineRangeHi);
  summary.claim("alpha_cosine_25_35")
      .expect_at_least(r.fraction, kLargeRangeFraction)
      .note("fraction of the article's grid with alpha* in [25, 35]; alpha* there runs from " + fmt(r.alpha_min) +
            " to " + fmt(r.alpha_max) + "; alpha* in [25, 35] exactly for n in [" + fmt(r.n_lo, 5) + ", " +
            fmt(r.n_hi, 6) + "]");
}

// ---- B1, cosine scores: one table per grid (every d), a fit per (grid, d); true when
// the article's d = 128 was on the article grid (its claims decided).
bool reduce_b1_cosine(const tl::Row& row, tl::Summary& summary, std::vector<FitRow>& fits) {
  bool have_d128 = false;
  const std::vector<double>& dims = row.series_of("b1_dims").data;
  for (const std::string grid : {"pow2", "article"}) {
    const std::vector<double>& n = row.series_of("b1_n_" + grid).data;
    const tl::Series& a = row.series_of("b1_alpha_star_" + grid);
    std::vector<std::int64_t> col_d;
    std::vector<double> col_n, col_a, col_ratio, col_sqrt_ratio;
    for (std::size_t i = 0; i < dims.size(); ++i) {
      const std::vector<double> alpha = row_of(a, i);
      std::vector<double> log_n;
      for (std::size_t j = 0; j < n.size(); ++j) {
        log_n.push_back(std::log(n[j]));
        col_d.push_back(static_cast<std::int64_t>(dims[i]));
        col_n.push_back(n[j]);
        col_a.push_back(alpha[j]);
        col_ratio.push_back(alpha[j] / log_n.back());
        col_sqrt_ratio.push_back(alpha[j] / std::sqrt(dims[i] * log_n.back()));
      }
      fits.push_back({"cosine", grid, static_cast<std::int64_t>(dims[i]), tl::fit_proportional(log_n, alpha),
                      grid == "article" && dims[i] == kArticleCosineD ? kArticleCosineC : kNaN});
      if (grid == "article" && dims[i] == kArticleCosineD) {
        have_d128 = true;
        decide_cosine_d128(fits.back().fit, alpha, summary);
      }
    }
    summary.table("b1_cosine_" + grid, "B1 cosine scores: alpha* maximising alpha (1 - R_d(alpha)/n), " + grid +
                                           " grid, every d of b1_dims")
        .column("d", col_d)
        .column("n", col_n, "tokens")
        .column("alpha_star", col_a)
        .column("alpha_star_over_log_n", col_ratio)
        .column("alpha_star_over_sqrt_d_log_n", col_sqrt_ratio);
  }
  return have_d128;
}

void b1_fits_table(const std::vector<FitRow>& fits, tl::Summary& summary) {
  tl::TableBuilder table("b1_fits", "fitted c: alpha* = c sqrt(log n) (normal), alpha* = c log n (cosine); d = 0: normal");
  for (const FitRow& f : fits)
    table.row({{"score", f.score}, {"d", f.d}, {"grid", f.grid}, {"points", f.fit.points}, {"c", f.fit.slope},
               {"c_se", f.fit.slope_se}, {"c_lo", f.fit.slope_lo}, {"c_hi", f.fit.slope_hi},
               {"r_squared", f.fit.r_squared}, {"article_c", f.article_c}});
  table.write(summary);
  summary.show("b1_fits");
}

// ---- B2: Monte Carlo: the columns of b2_results, one entry per row --------------------
struct B2Columns {
  std::vector<std::string> score;
  std::vector<std::int64_t> d, n, trials, replicate, interior;
  std::vector<double> a_star, u_star, obj_star, at_star, at_star_frac, a_mc, u_mc, mc_max, mc_max_se, plateau, last,
      last_se, last_ratio, a90, u90, a_break, u_break, a_r2, u_r2;
};

// The worst informative row of exact_curve_stays_positive.
struct NoReturn {
  double worst = std::numeric_limits<double>::infinity(), half_width = kNaN;
  std::size_t informative_rows = 0;
  std::string where;
};

void add_b2_row(const tl::Row& row, const ScoreModel& model, B2Columns& b) {
  const tl::Point& p = row.point();
  const double nn = static_cast<double>(p.integer("n"));
  const double unit = std::sqrt(std::log(nn)) / model.sd();
  b.score.push_back(p.text("score"));
  b.d.push_back(model.kind == ScoreKind::Cosine ? model.d : 0);
  b.n.push_back(p.integer("n"));
  b.trials.push_back(row.integer("trials_run"));
  b.replicate.push_back(p.replicate());
  b.a_star.push_back(row.real("alpha_star_approx")), b.u_star.push_back(b.a_star.back() / unit);
  b.obj_star.push_back(row.real("objective_star_approx"));
  b.at_star.push_back(row.real("mc_at_alpha_star_approx"));
  b.at_star_frac.push_back(b.at_star.back() / row.real("plateau_exact"));
  b.a_mc.push_back(row.real("alpha_mc_argmax")), b.u_mc.push_back(b.a_mc.back() / unit);
  b.interior.push_back(row.integer("mc_argmax_interior"));
  b.mc_max.push_back(row.real("mc_max_mean")), b.mc_max_se.push_back(row.real("mc_max_se"));
  b.plateau.push_back(row.real("plateau_exact"));
  b.last.push_back(row.real("mc_at_largest_alpha")), b.last_se.push_back(row.real("mc_at_largest_alpha_se"));
  b.last_ratio.push_back(b.last.back() / b.plateau.back());
  b.a90.push_back(row.real("alpha_90_plateau")), b.u90.push_back(b.a90.back() / unit);
  b.a_break.push_back(row.real("alpha_breakdown")), b.u_break.push_back(b.a_break.back() / unit);
  b.a_r2.push_back(row.real("alpha_ratio_2")), b.u_r2.push_back(b.a_r2.back() / unit);
}

// The claim is about the expectation beyond the approximation's own zero: only rows with
// enough trials and a grid reaching twice the approximate optimum count.
void update_no_return(const tl::Row& row, const B2Columns& b, const std::string& where, NoReturn& worst) {
  const double no_return = b.last.back() / b.mc_max.back();
  // Its 95% half-width, from the SE of the numerator (the maximum is the larger and
  // better-determined number): 1.96 SE(last) / max.
  const double no_return_half_width = kZ95 * b.last_se.back() / b.mc_max.back();
  const std::vector<double>& alphas = row.series_of("b2_alpha").data;
  const bool informative = b.trials.back() >= kMinTrialsForExpectation && alphas.size() >= 2 &&
                           alphas.back() >= kInformativeGridReach * b.a_star.back();
  if (informative) ++worst.informative_rows;
  if (informative && no_return < worst.worst)
    worst.worst = no_return, worst.half_width = no_return_half_width, worst.where = where;
}

void b2_curve_table(const tl::Row& row, const ScoreModel& model, const std::string& where, tl::Summary& summary) {
  const tl::Point& p = row.point();
  std::string name = "b2_curve_" + p.text("score") +
                     (model.kind == ScoreKind::Cosine ? "_d" + std::to_string(model.d) : "") + "_n" +
                     std::to_string(p.integer("n")) + (p.replicate() > 0 ? "_r" + std::to_string(p.replicate()) : "");
  summary.table(name, "B2 " + where + ": Monte Carlo E[alpha (1 - sum p^2)] +- SE (common random numbers, " +
                          std::to_string(row.integer("trials_run")) + " trials) beside the approximation")
      .column("u", row.series_of("b2_u").data, "sqrt(log n)/sd")
      .column("alpha", row.series_of("b2_alpha").data)
      .column("objective_mean", row.series_of("b2_objective_mean").data)
      .column("objective_se", row.series_of("b2_objective_se").data)
      .column("approx_objective", row.series_of("b2_approx_objective").data)
      .column("sum_p2_mean", row.series_of("b2_sum_p2_mean").data)
      .column("sum_p2_se", row.series_of("b2_sum_p2_se").data)
      .column("approx_sum_p2", row.series_of("b2_approx_sum_p2").data)
      .column("ratio_approx_to_mc_sum_p2", row.series_of("b2_ratio_approx_to_mc").data)
      .column("log_ratio_approx_to_mc_sum_p2", row.series_of("b2_log_ratio_approx_to_mc").data, "nats")
      .column("entropy_mean", row.series_of("b2_entropy_mean").data, "nats");
}

void b2_results_table(const B2Columns& b, tl::Summary& summary) {
  summary.table("b2_results",
                "B2 per (score, d, n): approximate optimum, Monte Carlo argmax and maximum, exact alpha->inf plateau "
                "(gap density at 0), alpha reaching 90% of it, and where the approximation breaks down. u = alpha "
                "sd/sqrt(log n); d = 0: normal")
      .column("score", b.score)
      .column("d", b.d)
      .column("n", b.n, "tokens")
      .column("replicate", b.replicate)
      .column("trials", b.trials)
      .column("alpha_star_approx", b.a_star)
      .column("u_star_approx", b.u_star)
      .column("approx_objective_max", b.obj_star)
      .column("mc_at_alpha_star_approx", b.at_star)
      .column("mc_at_alpha_star_over_plateau", b.at_star_frac)
      .column("alpha_mc_argmax", b.a_mc)
      .column("u_mc_argmax", b.u_mc)
      .column("mc_argmax_interior", b.interior)
      .column("mc_max_mean", b.mc_max)
      .column("mc_max_se", b.mc_max_se)
      .column("plateau_exact", b.plateau)
      .column("mc_at_largest_alpha", b.last)
      .column("mc_at_largest_alpha_se", b.last_se)
      .column("mc_largest_over_plateau", b.last_ratio)
      .column("alpha_90_plateau", b.a90)
      .column("u_90_plateau", b.u90)
      .column("alpha_breakdown", b.a_break)
      .column("u_breakdown", b.u_break)
      .column("alpha_ratio_2", b.a_r2)
      .column("u_ratio_2", b.u_r2);
  summary.show("b2_results");
}

void decide_exact_curve_stays_positive(const NoReturn& worst, tl::Summary& summary) {
  if (worst.informative_rows == 0) {
    summary.claim("exact_curve_stays_positive")
        .not_applicable("no B2 row with trials >= " + std::to_string(kMinTrialsForExpectation) +
                        " and an alpha grid reaching twice the approximate optimum");
    return;
  }
  summary.claim("exact_curve_stays_positive")
      .with_ci_half_width(worst.half_width)
      .expect_at_least(worst.worst, kNoReturnFraction)
      .note("smallest (Monte Carlo mean at the largest alpha) / (its maximum over the grid) over " +
            std::to_string(worst.informative_rows) + " rows, at " + worst.where +
            "; the approximate objective is negative beyond alpha* ~ sqrt(log n)");
}

// How far the Monte Carlo maximum rises above the exact plateau, in its standard
// errors: a sharp interior maximum would show as many SE above it.
void note_b2_finding(const B2Columns& b, tl::Summary& summary) {
  double max_excess_se = -std::numeric_limits<double>::infinity();
  double min_at_star = std::numeric_limits<double>::infinity(), max_at_star = -min_at_star;
  for (std::size_t k = 0; k < b.plateau.size(); ++k) {
    if (std::isfinite(b.plateau[k]) && b.mc_max_se[k] > 0)
      max_excess_se = std::max(max_excess_se, (b.mc_max[k] - b.plateau[k]) / b.mc_max_se[k]);
    if (std::isfinite(b.at_star_frac[k]))
      min_at_star = std::min(min_at_star, b.at_star_frac[k]), max_at_star = std::max(max_at_star, b.at_star_frac[k]);
  }
  summary.note("B2 finding: the exact E[alpha (1 - sum p^2)] rises to its alpha -> infinity plateau (the density at 0 "
               "of the gap between the two largest scores) with no sharp maximum: over the grid its Monte Carlo maximum "
               "is " + (std::isfinite(max_excess_se) ? "at most " + fmt(max_excess_se, 3) + " standard errors above that plateau"
                                                      : "not compared with the plateau (no row has a standard error)") +
               ", so the argmax (alpha_mc_argmax) is set by noise; u_90_plateau is the well-posed scale. At the article's approximate "
               "optimum the exact curve is at " + fmt(min_at_star, 3) + " to " + fmt(max_at_star, 3) +
               " of the plateau, and the approximation's u* lies beyond u_breakdown, where E[e^{2 alpha s}] is "
               "carried by scores that n samples do not contain (ratio approx/MC sum p^2 reaches 2 at u_ratio_2).");
}

void reduce_b2(const std::vector<tl::RowRef>& rows, tl::Summary& summary) {
  if (rows.empty()) {
    summary.claim("exact_curve_stays_positive").not_applicable("part B2 not run");
    return;
  }
  B2Columns b;
  NoReturn worst;
  for (const tl::RowRef& row : rows) {
    const tl::Point& p = row->point();
    const ScoreModel model{parse_score_kind(p.text("score")), static_cast<int>(p.integer("d"))};
    add_b2_row(*row, model, b);
    const std::string where = p.text("score") + (model.kind == ScoreKind::Cosine ? " d=" + std::to_string(model.d) : "") +
                              " n=" + std::to_string(p.integer("n"));
    update_no_return(*row, b, where, worst);
    b2_curve_table(*row, model, where, summary);
  }
  b2_results_table(b, summary);
  decide_exact_curve_stays_positive(worst, summary);
  note_b2_finding(b, summary);
}

}  // namespace

void GradientMaxScale::reduce(const tl::RunResults& results, tl::Summary& summary) const {
  tl::RowRef b1_normal, b1_cosine;
  std::vector<tl::RowRef> b2_rows;
  for (const tl::Row& row : results.rows()) {
    if (!row.has_series("b1_n_article") && !row.has_series("b2_alpha")) continue;  // a failed point
    const std::string& part = row.point().text("part");
    const std::string& score = row.point().text("score");
    if (part == "B1" && score == "normal" && !b1_normal) b1_normal = tl::keep(row);
    if (part == "B1" && score == "cosine" && !b1_cosine) b1_cosine = tl::keep(row);
    if (part == "B2") b2_rows.push_back(tl::keep(row));
  }
  std::vector<FitRow> fits;
  if (b1_normal) {
    reduce_b1_normal(*b1_normal, summary, fits);
  } else {
    summary.claim("c_normal").not_applicable("part B1 with score=normal not run");
    summary.claim("alpha_normal_2_3").not_applicable("part B1 with score=normal not run");
  }
  if (!(b1_cosine && reduce_b1_cosine(*b1_cosine, summary, fits))) {
    const std::string why = b1_cosine ? "b1_dims does not contain 128" : "part B1 with score=cosine not run";
    summary.claim("c_cosine_d128").not_applicable(why);
    summary.claim("alpha_cosine_25_35").not_applicable(why);
  }
  if (!fits.empty()) b1_fits_table(fits, summary);
  reduce_b2(b2_rows, summary);
}

}  // namespace gradient_max_scale
