#pragma once
// B2: the exact expectation E[alpha (1 - sum p^2)] (and E[sum p^2]) over an alpha grid
// by Monte Carlo with common random numbers: each trial draws one vector of n scores
// and evaluates every alpha of the grid on it, so differences between grid points are
// not blurred by sampling noise.
#include <cstddef>
#include <vector>

#include "gradient_max_scale/objectives.hpp"
#include "theorylab/core/random.hpp"

namespace gradient_max_scale {

struct MonteCarloCurves {
  std::vector<double> alpha;
  std::vector<double> objective_mean, objective_se;      // alpha (1 - sum p^2)
  std::vector<double> sum_p2_mean, sum_p2_se;            // sum p^2
  std::vector<double> entropy_mean;                      // H(p), nats
  std::size_t trials = 0;
  std::size_t non_finite = 0;  // evaluations that gave NaN/inf (excluded); 0 by construction
};

// Draws n scores of `model` into out (normal: tl::Rng::normal; cosine: the exact
// sampler tl::sample_sphere_cosines).
void sample_scores(const ScoreModel& model, tl::Rng& rng, double* out, std::size_t n);

MonteCarloCurves monte_carlo_curves(const ScoreModel& model, std::size_t n, std::size_t trials,
                                    const std::vector<double>& alphas, tl::Rng& rng);

// The smallest alpha at which the curve reaches `level` (linear interpolation between
// grid points); NaN if it never does.
double first_crossing(const std::vector<double>& alpha, const std::vector<double>& curve, double level);

}  // namespace gradient_max_scale
