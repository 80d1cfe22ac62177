// The dose–response trend test (dose_trend.hpp): per-run log–log slopes with a t-interval,
// and Page's L test over the complete runs.
#include "gradient_penalty/dose_trend.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <set>
#include <stdexcept>

#include "theorylab/math/line_fit.hpp"

namespace gradient_penalty {

namespace {

// Least-squares slope of y on x (x not all equal); NaN if fewer than 2 distinct x.
double ols_slope(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = static_cast<double>(x.size());
  if (x.size() < 2) return DoseTrend::kNaN;
  const double mx = std::accumulate(x.begin(), x.end(), 0.0) / n, my = std::accumulate(y.begin(), y.end(), 0.0) / n;
  double sxy = 0, sxx = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
  }
  return sxx > 0 ? sxy / sxx : DoseTrend::kNaN;
}

// Ranks of `v` in decreasing order (1 = largest), ties sharing their mean rank.
std::vector<double> decreasing_ranks(const std::vector<double>& v) {
  std::vector<std::size_t> order(v.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return v[a] > v[b]; });
  std::vector<double> rank(v.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && v[order[j + 1]] == v[order[i]]) ++j;
    const double mean_rank = 0.5 * static_cast<double>(i + j) + 1;
    for (std::size_t k = i; k <= j; ++k) rank[order[k]] = mean_rank;
    i = j + 1;
  }
  return rank;
}

std::string three_digits(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g", v);
  return text;
}

void check_run(const DoseRun& run) {
  if (run.strength.size() != run.value.size())
    throw std::invalid_argument("dose_trend: a run has " + std::to_string(run.strength.size()) + " strengths and " +
                                std::to_string(run.value.size()) + " values");
  for (std::size_t i = 0; i < run.value.size(); ++i) {
    if (!(std::isfinite(run.strength[i]) && run.strength[i] >= 0))
      throw std::invalid_argument("dose_trend: strength must be finite and >= 0");
    if (!(std::isfinite(run.value[i]) && run.value[i] > 0))
      throw std::invalid_argument("dose_trend: value must be finite and > 0");
  }
}

}  // namespace

DoseTrend dose_trend(const std::vector<DoseRun>& runs) {
  DoseTrend t;
  std::set<double> design;
  for (const DoseRun& run : runs) {
    check_run(run);
    if (run.value.empty()) continue;
    ++t.runs;
    design.insert(run.strength.begin(), run.strength.end());
  }
  t.levels = design.size();

  // Per-run slopes over positive strengths.
  std::vector<double> slopes;
  for (const DoseRun& run : runs) {
    std::vector<double> x, y;
    for (std::size_t i = 0; i < run.value.size(); ++i)
      if (run.strength[i] > 0) {
        x.push_back(std::log10(run.strength[i]));
        y.push_back(std::log(run.value[i]));
      }
    const double s = ols_slope(x, y);
    if (std::isfinite(s)) slopes.push_back(s);
  }
  t.slope_runs = slopes.size();
  if (!slopes.empty()) {
    const double n = static_cast<double>(slopes.size());
    t.slope = std::accumulate(slopes.begin(), slopes.end(), 0.0) / n;
    if (slopes.size() >= 2) {
      double ss = 0;
      for (double s : slopes) ss += (s - t.slope) * (s - t.slope);
      const double half = tl::student_t_quantile(0.95, n - 1) * std::sqrt(ss / (n - 1) / n);
      t.slope_lo = t.slope - half;
      t.slope_hi = t.slope + half;
    }
  }

  // Page's L over the runs with every strength of the design.
  const std::vector<double> levels(design.begin(), design.end());
  const std::size_t k = levels.size();
  double l_sum = 0;
  for (const DoseRun& run : runs) {
    std::vector<double> by_level(k, DoseTrend::kNaN);
    for (std::size_t i = 0; i < run.value.size(); ++i)
      by_level[std::lower_bound(levels.begin(), levels.end(), run.strength[i]) - levels.begin()] = run.value[i];
    if (k == 0 || std::any_of(by_level.begin(), by_level.end(), [](double v) { return std::isnan(v); })) continue;
    ++t.page_runs;
    const std::vector<double> rank = decreasing_ranks(by_level);
    for (std::size_t j = 0; j < k; ++j) l_sum += static_cast<double>(j + 1) * rank[j];
    bool monotone = true;
    for (std::size_t j = 1; j < k; ++j) monotone = monotone && by_level[j] < by_level[j - 1];
    t.monotone_runs += monotone ? 1 : 0;
  }
  if (k >= 2 && t.page_runs >= 1) {
    const double n = static_cast<double>(t.page_runs), kk = static_cast<double>(k);
    const double mean = n * kk * (kk + 1) * (kk + 1) / 4;
    const double var = n * kk * kk * (kk + 1) * (kk * kk - 1) / 144;
    t.page_l = l_sum;
    t.page_z = (l_sum - mean) / std::sqrt(var);
    t.page_p = 0.5 * std::erfc(t.page_z / std::sqrt(2.0));
  }
  return t;
}

void decide_dose_claim(tl::Claim& claim, const DoseTrend& trend, const std::string& what) {
  if (trend.runs == 0) {
    claim.not_applicable("no run of the " + what + " sweep reached the loss target");
    return;
  }
  if (trend.slope_runs < 2) {
    claim.not_applicable(std::to_string(trend.slope_runs) + " run(s) of the " + what +
                         " sweep reached the loss target at >= 2 positive strengths; a slope interval needs 2");
    return;
  }
  std::string note = what + ": mean over " + std::to_string(trend.slope_runs) +
                     " runs of the slope of ln(value) per decade of strength, 95% t-interval; Page's test (" +
                     std::to_string(trend.levels) + " strengths, " + std::to_string(trend.page_runs) + " complete runs): ";
  note += std::isfinite(trend.page_p) ? "z = " + three_digits(trend.page_z) + ", one-sided p = " + three_digits(trend.page_p)
                                      : std::string("not defined");
  note += "; " + std::to_string(trend.monotone_runs) + " of " + std::to_string(trend.page_runs) +
          " complete runs strictly decreasing";
  claim.expect_ci_below(trend.slope_lo, trend.slope_hi, 0, trend.slope).note(note);
}

}  // namespace gradient_penalty
