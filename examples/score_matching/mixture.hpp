#pragma once
// A one-dimensional Gaussian mixture p(x) = sum_k w_k N(x; mu_k, s_k^2): the data law of
// the score_matching example, and its noised law p_t = p * N(0, sigma^2), which is again
// such a mixture (variances s_k^2 + sigma^2), so that its score d/dx log p_t is known in
// closed form (docs/science/score_matching.md).
#include <vector>

#include "theorylab/core/random.hpp"

namespace score_matching {

class Mixture {
 public:
  // weights > 0 (normalised here), sds > 0, all finite, equal sizes >= 1;
  // std::invalid_argument otherwise.
  Mixture(std::vector<double> weights, std::vector<double> means, std::vector<double> sds);

  // The law of x + sigma * eps, eps ~ N(0, 1) independent of x: sigma >= 0, finite.
  Mixture noised(double sigma) const;

  double mean() const;
  double variance() const;
  // d/dx log p(x) for finite x, from the components' log-densities by log-sum-exp
  // (finite wherever x is, also far in the tails).
  double score(double x) const;
  double log_density(double x) const;
  // J(p) = E[(d/dx log p(X))^2] = integral of score^2 * p: adaptive Gauss-Kronrod
  // (Boost.Math, 61 points) over mu_k +- 14 s_k, outside which the mass is below 1e-44;
  // relative error below 1e-10. Units: 1/x^2.
  double fisher_information() const;
  // One draw: a component by its weight, then that component's normal.
  double sample(tl::Rng& rng) const;

 private:
  double top_exponent(double x) const;
  std::vector<double> weight_, mean_, sd_, log_weight_over_sd_;
};

}  // namespace score_matching
