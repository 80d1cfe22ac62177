#pragma once
// Part A2 of jl_attention_scale: the entropy of attention softmax(lambda q.k_j) over n keys
// against n, for three scales (kexue.fm 8823/9588), by Monte Carlo beside the mean-field
// prediction (kexue.fm 9034; docs/science/jl_attention_scale.md, A2).
#include <cstddef>
#include <cstdint>

#include <Eigen/Core>

#include "theorylab/core/random.hpp"

namespace jl_attention_scale {

// q, k_j ~ N(0, I_d), or uniform on the sphere of radius sqrt(d).
enum class KeyDistribution { Gaussian, Sphere };
const char* to_string(KeyDistribution distribution);

// standard 1/sqrt(d); entropy-invariant log_512 n / sqrt(d) (9588); kappa ln n / d (8823).
enum class ScaleRule { Standard, EntropyInvariant, KappaLogN };
const char* to_string(ScaleRule rule);
double attention_scale(ScaleRule rule, int d, double n, double kappa);

// The n scores q.k_j of one query, exact in distribution without forming the vectors:
// Gaussian: given q the scores are i.i.d. N(0, ||q||^2), so ||q|| z_j (d + n normals);
// sphere: q.k_j = d c_j with c_j i.i.d. cosines of random directions (tl::sphere_cosine).
void draw_scores(KeyDistribution distribution, int d, tl::Rng& rng, double* out, std::size_t n);
// `draws` independent queries as the columns of an n x draws matrix.
Eigen::MatrixXd draw_score_matrix(KeyDistribution distribution, int d, std::size_t n, int draws, tl::Rng& rng);

struct MeanAndError {
  double mean = 0, se = 0;  // sample mean and its standard error over the columns
};
// Entropy (nats) of softmax(lambda * column) for every column, through the shifted
// log-sum-exp (tl::softmax_statistics): mean and standard error.
MeanAndError mean_entropy(const Eigen::MatrixXd& scores, double lambda);

// log E[e^{lambda s}] and its derivative for one score s: Gaussian N(0, d): lambda^2 d / 2
// and lambda d; sphere: log 0F1(; d/2; (lambda d)^2 / 4) and lambda d 0F1(; d/2+1; .)/0F1(; d/2; .).
struct LogMgf {
  double value = 0, derivative = 0;
};
LogMgf score_log_mgf(KeyDistribution distribution, int d, double lambda);

// Mean-field entropy log n + L(lambda) - lambda L'(lambda) (log Z ~ log n + L, E_p[s] ~ L').
// Gaussian: log n - lambda^2 d / 2, the formula of docs/science/jl_attention_scale.md, A2; sphere: log n + h_d(lambda).
double mean_field_entropy(KeyDistribution distribution, int d, double n, double lambda);
// The first finite-n term of E[H] (expanding E log Z to first order in Var(Z)/E[Z]^2):
// [-(R - 1) + 2 lambda R (L'(2 lambda) - L'(lambda))] / (2n), R = E[e^{2 lambda s}]/E[e^{lambda s}]^2;
// Gaussian: ((2b - 1) e^b + 1) / (2n), b = lambda^2 d.
double mean_field_first_correction(KeyDistribution distribution, int d, double n, double lambda);
// Where the mean field is used as a prediction: b = lambda^2 d <= (1/2) ln n, i.e. the
// relative variance of the partition function's sample mean, e^b / n, is at most n^{-1/2}
// (the formula's own limit lambda sigma < sqrt(2 log n) is where it stops being a limit).
bool mean_field_applies(int d, double n, double lambda);

// The scale at which the mean entropy over the columns of `scores` equals `target`
// (the entropy is non-increasing in lambda for every column, so the root is unique).
// NaN when no lambda >= 0 reaches it (target >= log n).
double scale_for_entropy(const Eigen::MatrixXd& scores, double target, double lambda_guess);

}  // namespace jl_attention_scale
