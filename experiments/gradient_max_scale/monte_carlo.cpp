#include "gradient_max_scale/monte_carlo.hpp"

#include <cmath>
#include <limits>

#include "theorylab/core/cancellation.hpp"
#include "theorylab/math/softmax_statistics.hpp"
#include "theorylab/math/sphere_cosine.hpp"

namespace gradient_max_scale {

void sample_scores(const ScoreModel& model, tl::Rng& rng, double* out, std::size_t n) {
  if (model.kind == ScoreKind::Normal) {
    for (std::size_t i = 0; i < n; ++i) out[i] = rng.normal();
  } else {
    tl::sample_sphere_cosines(rng, model.d, out, n);
  }
}

namespace {
// Welford's running mean and sum of squared deviations (no cancellation when the
// spread is small against the mean, as for sum p^2 at small alpha).
struct Running {
  double count = 0, mean = 0, m2 = 0;
  void add(double x) {
    count += 1;
    const double delta = x - mean;
    mean += delta / count;
    m2 += delta * (x - mean);
  }
  double standard_error() const {
    return count > 1 ? std::sqrt(m2 / (count - 1) / count) : std::numeric_limits<double>::quiet_NaN();
  }
};
}  // namespace

MonteCarloCurves monte_carlo_curves(const ScoreModel& model, std::size_t n, std::size_t trials,
                                    const std::vector<double>& alphas, tl::Rng& rng) {
  const std::size_t m = alphas.size();
  std::vector<Running> objective(m), sum_p2(m), entropy(m);
  std::vector<double> scores(n);
  MonteCarloCurves out;
  for (std::size_t t = 0; t < trials; ++t) {
    sample_scores(model, rng, scores.data(), n);
    for (std::size_t j = 0; j < m; ++j) {
      tl::throw_if_cancelled();  // one softmax over n <= 2^22 scores: at most a few ms
      const tl::SoftmaxStatistics st = tl::softmax_statistics(scores.data(), n, alphas[j]);
      if (!std::isfinite(st.gradient_objective) || !std::isfinite(st.sum_p_squared) || !std::isfinite(st.entropy)) {
        ++out.non_finite;
        continue;
      }
      objective[j].add(st.gradient_objective);
      sum_p2[j].add(st.sum_p_squared);
      entropy[j].add(st.entropy);
    }
  }
  out.alpha = alphas;
  out.trials = trials;
  for (std::size_t j = 0; j < m; ++j) {
    out.objective_mean.push_back(objective[j].mean);
    out.objective_se.push_back(objective[j].standard_error());
    out.sum_p2_mean.push_back(sum_p2[j].mean);
    out.sum_p2_se.push_back(sum_p2[j].standard_error());
    out.entropy_mean.push_back(entropy[j].mean);
  }
  return out;
}

double first_crossing(const std::vector<double>& alpha, const std::vector<double>& curve, double level) {
  for (std::size_t j = 0; j < curve.size(); ++j) {
    if (curve[j] >= level) {
      if (j == 0) return alpha[0];
      const double f = (level - curve[j - 1]) / (curve[j] - curve[j - 1]);
      return alpha[j - 1] + f * (alpha[j] - alpha[j - 1]);
    }
  }
  return std::numeric_limits<double>::quiet_NaN();
}

}  // namespace gradient_max_scale
