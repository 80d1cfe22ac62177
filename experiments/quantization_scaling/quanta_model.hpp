#pragma once
// Part A of docs/science/quantization_scaling.md: the quantization model simulated exactly or by Monte
// Carlo (Michaud et al. 2023 sec. 2; Su, kexue.fm 9607). Each function returns a
// matrix whose rows are records (documented column by column); the experiment's reduce
// fits them.
#include <cstdint>
#include <limits>
#include <vector>

#include <Eigen/Core>

#include "theorylab/core/random.hpp"

namespace qs {

constexpr double kInfiniteT = std::numeric_limits<double>::infinity();

// A1: exact tails L(n) = tail_T(n) on windows [lo, hi] of n (integers, log-spaced),
// fitted by OLS on log n and on log(n + 1/2).
// Columns: alpha, T (0 = infinite), n_lo, n_hi, points, slope_log_n, slope_log_n_half,
// slope_se_log_n_half, continuum_prediction (the window mean of alpha / (1 - (n/T)^alpha)).
Eigen::MatrixXd a1_exact_tail_fits(const std::vector<double>& alphas);

// A2: parameters. n(N) learned quanta for a budget N: deterministic n = floor(N / C), or
// random per-quantum costs C_k ~ Exponential(mean C) learned in order until the budget
// is spent. Columns: alpha, T (0 = infinite), costs (0 deterministic, 1 random), seed, N,
// n, L (= tail_T(n), in units of b - a).
Eigen::MatrixXd a2_parameter_scaling(const std::vector<double>& alphas, const std::vector<double>& Ts,
                                     double cost, int seeds, tl::Rng& rng);

// A3: data. D i.i.d. Zipf samples (inverse CDF over 2^20 quanta plus the exact tail);
// a quantum is learned iff it occurs >= tau times; the same sample stream gives every
// D of the grid. Columns: alpha, tau, seed, D, n, L.
Eigen::MatrixXd a3_data_scaling(const std::vector<double>& alphas, int tau, const std::vector<double>& D_grid,
                                int seeds, tl::Rng& rng);

// Closed form of the Poisson threshold model (continuum in k):
//   E[L] = zeta(s)^{-1/s} Gamma(tau + alpha/s) / (alpha Gamma(tau)) D^{-alpha/s},
//   E[n] = (D / zeta(s))^{1/s} Gamma(tau - 1/s) / Gamma(tau).
double poisson_threshold_loss(double alpha, int tau, double D);
double poisson_threshold_learned(double alpha, int tau, double D);

// A4: steps. Quantum k learned when S B p_k^beta >= tau (deterministic; beta = 1 is
// Su's sample count, beta = 0.81 the paper's measured convergence-time slope), or at a
// random time T_k ~ Gamma(tau, 1) / (B p_k^beta) (the tau-th event of a Poisson process
// with rate B p_k^beta; beta = 1: the Poissonised A3). The S grid of each (alpha, beta)
// spans deterministic n from 2 to quanta/20 (16 log-spaced values), so quanta beyond
// `quanta` (counted unlearned) do not matter. Columns: alpha, beta, stochastic (0/1),
// seed, S, n, L.
Eigen::MatrixXd a4_step_scaling(const std::vector<double>& alphas, const std::vector<double>& betas, int tau,
                                double batch, int seeds, int quanta, tl::Rng& rng);

}  // namespace qs
