#include "quantization_scaling/authors_estimators.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>

#include "theorylab/core/claim.hpp"
#include "theorylab/math/hurwitz_zeta.hpp"
#include "theorylab/math/power_law_fit.hpp"

namespace qs {

namespace {

// The slope's estimate over the points (x, y) of `groups` seeds: per-seed t-interval
// when two or more seeds have 3 distinct x, else one pooled OLS; as an exponent.
void fit_exponent(const std::vector<double>& x, const std::vector<double>& y, const std::vector<int>& seed,
                  AuthorsFit& f) {
  if (std::set<double>(x.begin(), x.end()).size() < 3) {
    f.why_not = f.estimator + ": fewer than 3 distinct x";
    return;
  }
  SlopeEstimate e;
  try {
    e = group_slope(x, y, seed);
  } catch (const std::invalid_argument&) {  // no seed with 3 distinct x: one pooled fit
    e.groups = 0;
  }
  if (e.groups < 2) e = pooled_slope(x, y);
  f.fitted = true;
  f.value = -e.slope, f.lo = -e.hi, f.hi = -e.lo, f.points = e.points, f.seeds = e.groups;
}

// n_learned at the checkpoint of the least test loss (the one the authors' alpha_D fits).
double learned_at_least_loss(const tl::Row& r) {
  const auto& L = r.series_of("L_curve").data;
  const auto& n = r.series_of("n_learned_curve").data;
  const auto at = static_cast<std::size_t>(std::min_element(L.begin(), L.end()) - L.begin());
  return at < n.size() ? n[at] : std::nan("");
}

// The local exponent -d ln L / d ln S of one run between the checkpoint nearest half its
// last step S (within [S/kLateDecayFrom, S/kLateDecayTo]) and its last; NaN without such
// a checkpoint or with a loss <= 0.
double late_decay(const tl::Row& r) {
  if (!r.has_series("checkpoint_steps") || !r.has_series("L_curve")) return std::nan("");
  const auto& steps = r.series_of("checkpoint_steps").data;
  const auto& L = r.series_of("L_curve").data;
  if (steps.size() < 2 || L.size() != steps.size() || !(steps.back() > 0)) return std::nan("");
  const std::size_t last = steps.size() - 1;
  const double S = steps[last];
  std::size_t half = last;
  for (std::size_t c = 0; c < last; ++c)
    if (steps[c] >= S / kLateDecayFrom && steps[c] <= S / kLateDecayTo &&
        (half == last || std::abs(std::log(2 * steps[c] / S)) < std::abs(std::log(2 * steps[half] / S))))
      half = c;
  if (half == last || !(L[half] > 0 && L[last] > 0)) return std::nan("");
  return -std::log(L[last] / L[half]) / std::log(S / steps[half]);
}

}  // namespace

bool AuthorsFit::in_paper_regime() const {
  const bool trained_out = !needs_trained_out || late_decay <= max_late_decay;  // false for NaN
  return fitted && reach <= kPaperRegimeMaxFraction * T && reach >= kPaperRegimeMinReach &&
         !(start < kPaperRegimeMinStart) && trained_out;
}

std::string AuthorsFit::regime_text() const {
  std::string s = "reaches n_learned = " + tl::format_short(reach) + " of T = " + tl::format_number(T) + " (" +
                  tl::format_short(reach / T) + " of T";
  if (reach > kPaperRegimeMaxFraction * T)
    return s + " > " + tl::format_number(kPaperRegimeMaxFraction) + ": beyond the paper's regime, whose fits reach 0.048)";
  if (reach < kPaperRegimeMinReach)
    return s + "; fewer than " + tl::format_number(kPaperRegimeMinReach) + " subtasks learned: short of the paper's reach, 24)";
  if (start < kPaperRegimeMinStart)
    return s + ", but it starts at n_learned = " + tl::format_short(start) +
           ": points that learned nothing, where the paper's fits start at 1.4)";
  if (needs_trained_out && std::isnan(late_decay))
    return s + ", but whether its widest network is trained out cannot be measured: no checkpoint near half its "
               "last step)";
  if (needs_trained_out && late_decay > max_late_decay)
    return s + ", but its widest network is still learning: its loss falls as S^-" + tl::format_short(late_decay) +
           " over the last doubling of steps, faster than half the paper's alpha_S (" +
           tl::format_short(max_late_decay) + "), where the paper's 1e5-step runs are trained out)";
  return s + ": the paper's regime)";
}

double paper_window_prediction(double alpha, double kappa) {
  if (!(kappa > 0)) throw std::invalid_argument("paper_window_prediction: kappa must be > 0");
  constexpr int kPoints = 20;
  std::vector<double> x, L;
  for (int i = 0; i < kPoints; ++i) {
    const double n = kPaperWindowFirst * std::pow(kPaperWindowLast / kPaperWindowFirst, i / (kPoints - 1.0));
    x.push_back(std::pow(n, 1 / kappa));
    L.push_back(tl::zipf_tail(n, alpha + 1, kPaperWindowTasks));
  }
  return -tl::fit_power_law(x, L).exponent;
}

AuthorsFit authors_alpha_n(const WidthSweep& ws, double max_late_decay) {
  if (!(max_late_decay > 0)) throw std::invalid_argument("authors_alpha_n: max_late_decay must be > 0");
  AuthorsFit f;
  f.needs_trained_out = true;
  f.max_late_decay = max_late_decay;
  f.T = ws.T;
  f.estimator = "the authors' alpha_N: every width's last test loss, seeds pooled, no window";
  f.start = std::numeric_limits<double>::infinity();
  std::vector<double> x, y;
  std::vector<int> seed;
  for (auto& [w, rs] : ws.by_width)
    for (const tl::RowRef& r : rs)
      if (r->real("L_bits") > 0) {
        x.push_back(r->real("parameters")), y.push_back(r->real("L_bits")), seed.push_back(r->point().replicate());
        f.reach = std::max(f.reach, r->real("n_learned"));
        f.start = std::min(f.start, r->real("n_learned"));
      }
  fit_exponent(x, y, seed, f);
  if (!ws.by_width.empty()) {  // the widest network's late decay, mean over its seeds
    double sum = 0;
    int runs = 0;
    for (const tl::RowRef& r : ws.by_width.rbegin()->second)
      if (const double d = late_decay(*r); std::isfinite(d)) sum += d, ++runs;
    if (runs > 0) f.late_decay = sum / runs;
  }
  return f;
}

AuthorsFit authors_alpha_s(const WidthSweep& ws) {
  AuthorsFit f;
  f.T = ws.T;
  if (ws.by_width.empty()) {
    f.why_not = "no width sweep at this alpha";
    return f;
  }
  f.estimator = "the authors' alpha_S: the widest network (width " + std::to_string(ws.by_width.rbegin()->first) +
                ") at checkpoints of steps " + tl::format_number(kAuthorsStepsFrom) + "-" +
                tl::format_number(kAuthorsStepsTo) + ", seeds pooled";
  std::vector<double> x, y;
  std::vector<int> seed;
  for (const tl::RowRef& r : ws.by_width.rbegin()->second) {
    const auto& steps = r->series_of("checkpoint_steps").data;
    const auto& L = r->series_of("L_curve").data;
    const auto& n = r->series_of("n_learned_curve").data;
    for (std::size_t c = 0; c < steps.size(); ++c)
      if (steps[c] >= kAuthorsStepsFrom && steps[c] <= kAuthorsStepsTo && L[c] > 0) {
        x.push_back(steps[c]), y.push_back(L[c]), seed.push_back(r->point().replicate());
        f.reach = std::max(f.reach, n[c]);
      }
  }
  fit_exponent(x, y, seed, f);
  return f;
}

AuthorsFit authors_alpha_d(const std::vector<tl::RowRef>& b3) {
  AuthorsFit f;
  f.estimator = "the authors' alpha_D: the least test loss over checkpoints per D, from the first D below " +
                tl::format_number(kAuthorsDataLossBelow) + " bits to the largest";
  // Per D (ascending), its runs' least test loss over checkpoints.
  std::map<double, std::vector<std::pair<double, tl::RowRef>>> by_D;
  for (const tl::RowRef& r : b3) {
    const auto& L = r->series_of("L_curve").data;
    if (L.empty()) continue;
    by_D[r->point().real("D")].push_back({*std::min_element(L.begin(), L.end()), r});
    f.T = r->real("net_n_tasks");
  }
  bool started = false;
  std::vector<double> x, y;
  std::vector<int> seed;
  for (auto& [D, runs] : by_D) {
    double mean = 0;
    for (auto& [L, r] : runs) mean += L / runs.size();
    started = started || mean < kAuthorsDataLossBelow;
    if (!started) continue;
    for (auto& [L, r] : runs) {
      if (!(L > 0)) continue;
      x.push_back(D), y.push_back(L), seed.push_back(r->point().replicate());
      const double n = learned_at_least_loss(*r);
      f.reach = std::max(f.reach, n);
    }
  }
  fit_exponent(x, y, seed, f);
  return f;
}

}  // namespace qs
