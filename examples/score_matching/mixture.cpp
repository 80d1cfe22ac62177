#include "mixture.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <boost/math/quadrature/gauss_kronrod.hpp>

namespace score_matching {

namespace {
constexpr double kLogSqrt2Pi = 0.91893853320467274178;  // log sqrt(2 pi)
constexpr double kTailSds = 14;                          // P(|Z| > 14) < 2e-44
}  // namespace

Mixture::Mixture(std::vector<double> weights, std::vector<double> means, std::vector<double> sds)
    : weight_(std::move(weights)), mean_(std::move(means)), sd_(std::move(sds)) {
  if (weight_.empty() || weight_.size() != mean_.size() || weight_.size() != sd_.size())
    throw std::invalid_argument("a mixture needs equally many weights, means and sds (at least one)");
  double total = 0;
  for (std::size_t k = 0; k < weight_.size(); ++k) {
    if (!(weight_[k] > 0) || !std::isfinite(weight_[k]) || !std::isfinite(mean_[k]) || !(sd_[k] > 0) ||
        !std::isfinite(sd_[k]))
      throw std::invalid_argument("a mixture component needs a finite weight > 0, a finite mean and a finite sd > 0");
    total += weight_[k];
  }
  for (std::size_t k = 0; k < weight_.size(); ++k) {
    weight_[k] /= total;
    log_weight_over_sd_.push_back(std::log(weight_[k] / sd_[k]));
  }
}

Mixture Mixture::noised(double sigma) const {
  if (!(sigma >= 0) || !std::isfinite(sigma)) throw std::invalid_argument("the noise sigma must be finite and >= 0");
  std::vector<double> sds = sd_;
  for (double& s : sds) s = std::sqrt(s * s + sigma * sigma);
  return Mixture(weight_, mean_, sds);
}

double Mixture::mean() const {
  double m = 0;
  for (std::size_t k = 0; k < weight_.size(); ++k) m += weight_[k] * mean_[k];
  return m;
}

double Mixture::variance() const {
  const double m = mean();
  double v = 0;
  for (std::size_t k = 0; k < weight_.size(); ++k)
    v += weight_[k] * (sd_[k] * sd_[k] + (mean_[k] - m) * (mean_[k] - m));
  return v;
}

// Both use log-sum-exp over the components' exponents e_k = log(w_k / s_k) - z_k^2 / 2:
// the largest first, then the sum relative to it (no allocation: called per sample).
double Mixture::top_exponent(double x) const {
  double top = -INFINITY;
  for (std::size_t k = 0; k < weight_.size(); ++k) {
    const double z = (x - mean_[k]) / sd_[k];
    top = std::max(top, log_weight_over_sd_[k] - 0.5 * z * z);
  }
  return top;
}

double Mixture::log_density(double x) const {
  const double top = top_exponent(x);
  double sum = 0;
  for (std::size_t k = 0; k < weight_.size(); ++k) {
    const double z = (x - mean_[k]) / sd_[k];
    sum += std::exp(log_weight_over_sd_[k] - 0.5 * z * z - top);
  }
  return top + std::log(sum) - kLogSqrt2Pi;
}

double Mixture::score(double x) const {
  // sum_k r_k(x) (mu_k - x) / s_k^2, r_k the posterior weight of component k given x.
  const double top = top_exponent(x);
  double norm = 0, weighted = 0;
  for (std::size_t k = 0; k < weight_.size(); ++k) {
    const double z = (x - mean_[k]) / sd_[k];
    const double r = std::exp(log_weight_over_sd_[k] - 0.5 * z * z - top);
    norm += r;
    weighted += r * (mean_[k] - x) / (sd_[k] * sd_[k]);
  }
  return weighted / norm;
}

double Mixture::fisher_information() const {
  double lo = INFINITY, hi = -INFINITY;
  for (std::size_t k = 0; k < weight_.size(); ++k) {
    lo = std::min(lo, mean_[k] - kTailSds * sd_[k]);
    hi = std::max(hi, mean_[k] + kTailSds * sd_[k]);
  }
  const auto integrand = [this](double x) {
    const double g = score(x);
    return g * g * std::exp(log_density(x));
  };
  return boost::math::quadrature::gauss_kronrod<double, 61>::integrate(integrand, lo, hi, 20, 1e-12);
}

double Mixture::sample(tl::Rng& rng) const {
  double u = rng.uniform();
  std::size_t k = 0;
  while (k + 1 < weight_.size() && u >= weight_[k]) u -= weight_[k++];
  return rng.normal(mean_[k], sd_[k]);
}

}  // namespace score_matching
