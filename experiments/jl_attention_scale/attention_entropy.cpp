#include "jl_attention_scale/attention_entropy.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "jl_attention_scale/entropy_offset.hpp"
#include "theorylab/core/cancellation.hpp"
#include "theorylab/math/roots.hpp"
#include "theorylab/math/softmax_statistics.hpp"
#include "theorylab/math/sphere_cosine.hpp"

namespace jl_attention_scale {

const char* to_string(KeyDistribution distribution) {
  return distribution == KeyDistribution::Gaussian ? "gaussian" : "sphere";
}

const char* to_string(ScaleRule rule) {
  switch (rule) {
    case ScaleRule::Standard: return "standard";
    case ScaleRule::EntropyInvariant: return "invariant";
    case ScaleRule::KappaLogN: return "kappa";
  }
  return "?";
}

double attention_scale(ScaleRule rule, int d, double n, double kappa) {
  switch (rule) {
    case ScaleRule::Standard: return 1 / std::sqrt(static_cast<double>(d));
    case ScaleRule::EntropyInvariant: return std::log(n) / std::log(512.0) / std::sqrt(static_cast<double>(d));
    case ScaleRule::KappaLogN: return kappa * std::log(n) / d;
  }
  throw std::invalid_argument("attention_scale: unknown rule");
}

void draw_scores(KeyDistribution distribution, int d, tl::Rng& rng, double* out, std::size_t n) {
  if (distribution == KeyDistribution::Gaussian) {
    double q_squared = 0;
    for (int i = 0; i < d; ++i) {
      const double x = rng.normal();
      q_squared += x * x;
    }
    const double q_norm = std::sqrt(q_squared);
    for (std::size_t j = 0; j < n; ++j) out[j] = q_norm * rng.normal();
  } else {
    tl::sample_sphere_cosines(rng, d, out, n);
    for (std::size_t j = 0; j < n; ++j) out[j] *= d;
  }
}

Eigen::MatrixXd draw_score_matrix(KeyDistribution distribution, int d, std::size_t n, int draws, tl::Rng& rng) {
  Eigen::MatrixXd scores(static_cast<Eigen::Index>(n), draws);
  for (int c = 0; c < draws; ++c) tl::throw_if_cancelled(), draw_scores(distribution, d, rng, scores.col(c).data(), n);
  return scores;
}

MeanAndError mean_entropy(const Eigen::MatrixXd& scores, double lambda) {
  const Eigen::Index draws = scores.cols();
  double sum = 0, sum_sq = 0;
  for (Eigen::Index c = 0; c < draws; ++c) {
    tl::throw_if_cancelled();
    const double h = tl::softmax_statistics(scores.col(c).data(), static_cast<std::size_t>(scores.rows()), lambda).entropy;
    sum += h;
    sum_sq += h * h;
  }
  MeanAndError r;
  r.mean = sum / draws;
  const double var = draws > 1 ? std::max(0.0, (sum_sq - draws * r.mean * r.mean) / (draws - 1)) : 0.0;
  r.se = std::sqrt(var / draws);
  return r;
}

LogMgf score_log_mgf(KeyDistribution distribution, int d, double lambda) {
  LogMgf m;
  if (distribution == KeyDistribution::Gaussian) {
    m.value = 0.5 * lambda * lambda * d;
    m.derivative = lambda * d;
  } else {
    const double a = lambda * d;
    m.value = tl::sphere_cosine_log_mgf(d, a);
    m.derivative = d * tl::sphere_cosine_tilted_mean(d, a);
  }
  return m;
}

double mean_field_entropy(KeyDistribution distribution, int d, double n, double lambda) {
  const LogMgf m = score_log_mgf(distribution, d, lambda);
  return std::log(n) + m.value - lambda * m.derivative;
}

double mean_field_first_correction(KeyDistribution distribution, int d, double n, double lambda) {
  const LogMgf one = score_log_mgf(distribution, d, lambda), two = score_log_mgf(distribution, d, 2 * lambda);
  const double r = std::exp(two.value - 2 * one.value);
  return (-(r - 1) + 2 * lambda * r * (two.derivative - one.derivative)) / (2 * n);
}

bool mean_field_applies(int d, double n, double lambda) { return lambda * lambda * d <= 0.5 * std::log(n); }

double scale_for_entropy(const Eigen::MatrixXd& scores, double target, double lambda_guess) {
  if (!(target < std::log(static_cast<double>(scores.rows())))) return std::numeric_limits<double>::quiet_NaN();
  auto f = [&](double lambda) { return mean_entropy(scores, lambda).mean - target; };
  double lo = 0, hi = lambda_guess > 0 ? lambda_guess : 1.0;
  while (f(hi) > 0) {
    lo = hi;
    hi *= 2;
    if (hi > 1e12) return std::numeric_limits<double>::quiet_NaN();
  }
  return tl::find_root(f, lo, hi, 1e-10).x;
}

}  // namespace jl_attention_scale
