#pragma once
// Part A1 of jl_attention_scale: the Johnson-Lindenstrauss minimum dimension k50.
//
// A random projection A in R^{k x m} with i.i.d. N(0, 1/k) entries maps N points; its
// distortion is D = max_{i<j} | ||A(v_i - v_j)||^2 / ||v_i - v_j||^2 - 1 | (squared
// distances, as in kexue.fm 8679 and scikit-learn). k50(N, eps) is the smallest k with
// P(D <= eps) >= 1/2, found by bisection on k with a fixed number of trials per k.
//
// Common random numbers: trial t of a cell always draws the same generator stream, and
// the rows of A are drawn in order, so the projection to k' < k dimensions is the first
// k' rows of the projection to k. The estimated success probability is then a smooth
// function of k on a fixed seed (and so is the bisection's decision sequence).
#include <cstdint>
#include <functional>
#include <vector>

#include <Eigen/Core>

#include "theorylab/core/random.hpp"

namespace jl_attention_scale {

// The N points: standard basis vectors of R^N (8679's setting: ||v_i - v_j||^2 = 2), or
// N i.i.d. standard Gaussian points of R^m drawn once per cell.
class PointSet {
 public:
  static PointSet basis(int count);
  static PointSet gaussian(int count, int ambient_dimension, tl::Rng& rng);

  int count() const { return count_; }
  bool is_basis() const { return basis_; }
  int ambient_dimension() const { return basis_ ? count_ : static_cast<int>(points_.rows()); }
  const Eigen::MatrixXd& points() const { return points_; }  // m x N (gaussian only)
  // ||v_i - v_j||^2.
  double squared_distance(int i, int j) const;
  const Eigen::VectorXd& squared_norms() const { return squared_norms_; }  // gaussian only
  const Eigen::MatrixXd& gram() const { return gram_; }                    // gaussian only

  // Projected points with unscaled N(0, 1) projection entries: row i of the result is
  // (sqrt(k) A v_i)^T, an N x k matrix. Draws the k rows of sqrt(k) A in order from
  // `rng` (basis: k columns of N normals; gaussian: k rows of m normals, then one GEMM).
  Eigen::MatrixXd project(int k, tl::Rng& rng) const;

 private:
  int count_ = 0;
  bool basis_ = true;
  Eigen::MatrixXd points_;  // m x N
  Eigen::VectorXd squared_norms_;
  Eigen::MatrixXd gram_;    // N x N, points^T points (gaussian only)
};

// D for the projected points `projected` (N x k, from PointSet::project): the Gram
// matrix of the projected points is formed one block of `block` columns at a time by a
// GEMM over the lower triangle (N^2 k flops in all), and distances come from its
// diagonal: ||y_i - y_j||^2 = G_ii + G_jj - 2 G_ij. Stops as soon as a block shows a
// distortion above `stop_above` (returning that block's maximum, which exceeds it).
double max_distortion(const Eigen::MatrixXd& projected, const PointSet& points,
                      double stop_above = 1e300, int block = 256);

// The same quantity by a plain loop over pairs of rows (tests).
double max_distortion_naive(const Eigen::MatrixXd& projected, const PointSet& points);

// Floating-point operations of one trial's distortion: the lower-triangle Gram blocks
// (2 k per entry) plus, for gaussian points, the projection GEMM (2 k m N).
double trial_flops(int N, int k, int ambient_dimension, bool basis, int block = 256);

// Trials of one (N, eps) cell. Trial t uses generator Rng(derive_seed(cell_seed, t))
// whatever k is (common random numbers across k).
class SuccessOracle {
 public:
  SuccessOracle(const PointSet& points, double eps, std::uint64_t cell_seed, int threads = 1);

  // D of trial t at dimension k.
  double distortion(int k, int trial) const;
  bool succeeds(int k, int trial) const { return distortion_below(k, trial); }
  // Successes among trials 0..trials-1 (all of them run).
  int successes(int k, int trials) const;
  // Whether successes(k, trials) >= trials / 2, i.e. the estimated P(D <= eps) >= 1/2.
  // Stops as soon as the count decides it; the answer is that of the full count.
  bool majority_succeeds(int k, int trials) const;

  double eps() const { return eps_; }
  // Trials a sequential run would have needed so far (a work counter that does not depend
  // on the threads; the threads may run a few more past a decision).
  long long trials_run() const { return trials_run_; }

 private:
  bool distortion_below(int k, int trial) const;
  const PointSet& points_;
  double eps_;
  std::uint64_t cell_seed_;
  int threads_;
  mutable long long trials_run_ = 0;
};

struct K50Result {
  int k50 = 0;            // smallest k with majority_succeeds, given monotonicity
  int evaluations = 0;    // majority decisions made (bracketing + bisection)
  std::vector<int> ks;    // the k of each decision, in order
  std::vector<int> decisions;  // 1 = majority succeeded
};

// Bisection on k. The bracket starts at [guess/2, 3 guess/2] (guess: e.g. the union-
// bound prediction) and is widened geometrically until the lower end fails and the
// upper end succeeds; then the invariant "lo fails, hi succeeds" is kept until
// hi = lo + 1, and k50 = hi. Throws std::runtime_error if k would exceed max_k.
// `majority(k)` is the decision at k (for the experiment: SuccessOracle::majority_succeeds).
K50Result find_k50(const std::function<bool(int)>& majority, double guess, int max_k = 1 << 22);
K50Result find_k50(const SuccessOracle& oracle, int trials, double guess, int max_k = 1 << 22);

// Standard error of k50 by the delta method: SE(p) = sqrt(1/4 / trials) at p = 1/2,
// divided by the slope of the success probability, estimated from full counts at
// k50 -/+ delta, delta = max(1, round(0.05 k50)) (common random numbers make the
// difference precise).
struct K50Error {
  double se = 0;           // NaN if the estimated slope is not positive
  int delta = 0;
  double p_below = 0, p_above = 0;  // success fractions at k50 - delta, k50 + delta
};
K50Error k50_standard_error(const SuccessOracle& oracle, int trials, int k50);

// P(|chi^2_k / k - 1| >= eps) for real k > 0, from Boost's regularised incomplete gamma
// functions: Q(k/2, k(1+eps)/2) + P(k/2, k(1-eps)/2). The probability that one pair's
// squared distance is distorted by more than eps (||A u||^2 / ||u||^2 ~ chi^2_k / k).
double chi2_two_sided_tail(double k, double eps);

// The union-bound (Poisson) prediction of k50: the real k solving
// C(N, 2) P(|chi^2_k/k - 1| >= eps) = ln 2, i.e. exp(-expected failures) = 1/2.
// N >= 2, eps in (0, 1); +infinity when that k is beyond 2^40 (eps below about 1e-5).
double union_bound_k50(int N, double eps);

// Bounds on k of the sources, with ln N natural.
double bound_24(int N, double eps);       // 24 ln N / eps^2: 8679, P(success) >= 1 - 1/N
double bound_16(int N, double eps);       // 16 ln N / eps^2: 8679, P(success) >= 1/N
double bound_8(int N, double eps);        // 8 ln N / eps^2
double bound_sklearn(int N, double eps);  // 4 ln N / (eps^2/2 - eps^3/3): johnson_lindenstrauss_min_dim

}  // namespace jl_attention_scale
