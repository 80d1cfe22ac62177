// Part A1 numerics: the Gram-matrix distortion against a plain pairwise loop, common random
// numbers across k, the k50 bisection, the chi-square tail and the bounds.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include <boost/math/distributions/chi_squared.hpp>

#include "jl_attention_scale/jl_projection.hpp"

using namespace jl_attention_scale;

TEST_CASE("Gram-matrix distortion equals the naive pairwise loop (basis points)", "[jl]") {
  const PointSet points = PointSet::basis(37);  // not a multiple of the block widths below
  tl::Rng rng(11);
  const Eigen::MatrixXd projected = points.project(13, rng);
  const double naive = max_distortion_naive(projected, points);
  REQUIRE(naive > 0);
  for (int block : {1, 5, 8, 36, 37, 256}) {
    INFO("block " << block);
    CHECK(max_distortion(projected, points, 1e300, block) == Approx(naive).epsilon(1e-12));
  }
}

TEST_CASE("Gram-matrix distortion equals the naive pairwise loop (Gaussian points)", "[jl]") {
  tl::Rng point_rng(5);
  const PointSet points = PointSet::gaussian(29, 11, point_rng);
  tl::Rng rng(12);
  const Eigen::MatrixXd projected = points.project(7, rng);
  REQUIRE(projected.rows() == 29);
  REQUIRE(projected.cols() == 7);
  // The projection is A X with the original geometry: check one distance by hand.
  const double naive = max_distortion_naive(projected, points);
  for (int block : {3, 16, 256}) CHECK(max_distortion(projected, points, 1e300, block) == Approx(naive).epsilon(1e-12));
}

TEST_CASE("early stop returns a value above the threshold exactly when the full maximum is", "[jl]") {
  const PointSet points = PointSet::basis(50);
  tl::Rng rng(3);
  const Eigen::MatrixXd projected = points.project(20, rng);
  const double full = max_distortion(projected, points);
  const double below = 0.5 * full, above = 1.5 * full;
  CHECK(max_distortion(projected, points, below, 8) > below);
  CHECK(max_distortion(projected, points, above, 8) == Approx(full).epsilon(1e-12));
}

TEST_CASE("the projection to k' dimensions is the first k' of the projection to k (common random numbers)", "[jl]") {
  tl::Rng point_rng(9);
  for (const PointSet& points : {PointSet::basis(12), PointSet::gaussian(12, 5, point_rng)}) {
    tl::Rng a(77), b(77);
    const Eigen::MatrixXd small = points.project(4, a), large = points.project(9, b);
    CHECK((large.leftCols(4) - small).cwiseAbs().maxCoeff() < 1e-12);
  }
}

TEST_CASE("one pair's distortion follows |chi^2_k / k - 1| (Monte Carlo against the Boost tail)", "[jl]") {
  // N = 2 basis points: ||A(e1 - e2)||^2 / 2 = chi^2_k / k exactly, so the success
  // probability at eps is 1 - P(|chi^2_k/k - 1| >= eps).
  const PointSet points = PointSet::basis(2);
  const int k = 20, trials = 20000;
  const double eps = 0.3;
  const SuccessOracle oracle(points, eps, 2024);
  const double failure = 1 - static_cast<double>(oracle.successes(k, trials)) / trials;
  const double tail = chi2_two_sided_tail(k, eps);
  const double se = std::sqrt(tail * (1 - tail) / trials);
  CHECK(std::abs(failure - tail) < 4 * se);
}

TEST_CASE("chi-square two-sided tail matches Boost's chi-squared distribution", "[jl]") {
  for (double k : {3.0, 20.0, 517.0}) {
    for (double eps : {0.1, 0.5, 0.9}) {
      const boost::math::chi_squared chi(k);
      const double expected =
          boost::math::cdf(boost::math::complement(chi, k * (1 + eps))) + boost::math::cdf(chi, k * (1 - eps));
      CHECK(chi2_two_sided_tail(k, eps) == Approx(expected).epsilon(1e-12));
    }
  }
}

TEST_CASE("the union-bound prediction solves C(N,2) P(|chi^2_k/k - 1| >= eps) = ln 2", "[jl]") {
  for (int N : {16, 512, 4096}) {
    for (double eps : {0.1, 0.5}) {
      const double k = union_bound_k50(N, eps);
      CHECK(0.5 * N * (N - 1.0) * chi2_two_sided_tail(k, eps) == Approx(std::log(2.0)).epsilon(1e-9));
    }
  }
  // More points need more dimensions; smaller eps too.
  CHECK(union_bound_k50(1024, 0.3) > union_bound_k50(64, 0.3));
  CHECK(union_bound_k50(64, 0.2) > union_bound_k50(64, 0.3));
}

TEST_CASE("scikit-learn's bound matches johnson_lindenstrauss_min_dim's documented values", "[jl]") {
  // sklearn.random_projection.johnson_lindenstrauss_min_dim docstring: (1e6, eps=0.5) -> 663,
  // (1e6, eps=0.1) -> 11841, ([1e4, 1e5], eps=0.1) -> [7894, 9868] (it truncates to an integer).
  CHECK(static_cast<long>(bound_sklearn(1000000, 0.5)) == 663);
  CHECK(static_cast<long>(bound_sklearn(1000000, 0.1)) == 11841);
  CHECK(static_cast<long>(bound_sklearn(10000, 0.1)) == 7894);
  CHECK(static_cast<long>(bound_sklearn(100000, 0.1)) == 9868);
  CHECK(bound_24(100, 0.5) == Approx(24 * std::log(100.0) / 0.25));
}

TEST_CASE("success probability is non-decreasing in k on a fixed seed", "[jl]") {
  const PointSet points = PointSet::basis(32);
  const double eps = 0.5;
  const SuccessOracle oracle(points, eps, 99, 2);
  const double guess = union_bound_k50(32, eps);
  int previous = -1;
  std::vector<int> counts;
  for (double f : {0.3, 0.5, 0.7, 0.85, 1.0, 1.2, 1.5, 2.0, 3.0}) {
    const int k = static_cast<int>(std::lround(f * guess));
    const int s = oracle.successes(k, 200);
    counts.push_back(s);
    INFO("k = " << k << ": " << s << " of 200 after " << previous);
    CHECK(s >= previous);
    previous = s;
  }
  CHECK(counts.front() < 50);   // the grid spans the transition
  CHECK(counts.back() > 150);
}

TEST_CASE("the success count does not depend on the number of threads", "[jl]") {
  const PointSet points = PointSet::basis(24);
  const SuccessOracle one(points, 0.4, 7, 1), three(points, 0.4, 7, 3);
  for (int k : {20, 60, 120}) CHECK(one.successes(k, 40) == three.successes(k, 40));
  // The early-stopped decisions and the work counter do not depend on the threads either.
  for (int k : {20, 40, 60, 120}) CHECK(one.majority_succeeds(k, 41) == three.majority_succeeds(k, 41));
  CHECK(one.trials_run() == three.trials_run());
}

TEST_CASE("the early-stopped majority decision equals the full count's", "[jl]") {
  const PointSet points = PointSet::basis(24);
  const SuccessOracle oracle(points, 0.4, 8, 2);
  const double guess = union_bound_k50(24, 0.4);
  for (double f : {0.6, 0.8, 0.9, 1.0, 1.1, 1.3}) {
    const int k = static_cast<int>(std::lround(f * guess));
    for (int trials : {1, 2, 7, 40, 41}) {
      const int need = (trials + 1) / 2;
      CHECK(oracle.majority_succeeds(k, trials) == (oracle.successes(k, trials) >= need));
    }
  }
}

TEST_CASE("bisection finds the smallest k of a monotone decision from any guess", "[jl]") {
  for (int threshold : {1, 2, 3, 17, 100, 101, 513, 4000}) {
    for (double guess : {1.0, 7.0, 100.0, 450.0, 5000.0}) {
      int calls = 0;
      const K50Result r = find_k50(
          [&](int k) {
            ++calls;
            return k >= threshold;
          },
          guess);
      INFO("threshold " << threshold << ", guess " << guess);
      CHECK(r.k50 == threshold);
      CHECK(r.evaluations == calls);
      CHECK(calls <= 40);
    }
  }
}

TEST_CASE("bisection on the Monte Carlo decision ends with k50 succeeding and k50 - 1 failing", "[jl]") {
  const PointSet points = PointSet::basis(16);
  const int trials = 60;
  const SuccessOracle oracle(points, 0.5, 31, 2);
  const K50Result r = find_k50(oracle, trials, union_bound_k50(16, 0.5));
  REQUIRE(r.k50 > 1);
  CHECK(oracle.majority_succeeds(r.k50, trials));
  CHECK_FALSE(oracle.majority_succeeds(r.k50 - 1, trials));
  // Every decision recorded is the oracle's decision at that k.
  for (std::size_t i = 0; i < r.ks.size(); ++i) CHECK(oracle.majority_succeeds(r.ks[i], trials) == (r.decisions[i] == 1));
  // A linear scan of the decisions agrees with "k >= k50" except near the transition,
  // where the Monte Carlo decision can flicker (common random numbers keep it rare).
  int disagreements = 0;
  for (int k = 1; k <= 2 * r.k50; ++k) disagreements += oracle.majority_succeeds(k, trials) != (k >= r.k50);
  CHECK(disagreements <= 0.1 * r.k50);
}

TEST_CASE("trial_flops counts the lower-triangle Gram blocks", "[jl]") {
  // One block: the whole N x N product, 2 k N^2.
  CHECK(trial_flops(100, 10, 0, true, 256) == Approx(2.0 * 10 * 100 * 100));
  // Blocks of 1 column: column j has N - j rows: k N (N + 1).
  CHECK(trial_flops(100, 10, 0, true, 1) == Approx(10.0 * 100 * 101));
  CHECK(trial_flops(100, 10, 50, false, 1) == Approx(10.0 * 100 * 101 + 2.0 * 10 * 50 * 100));
}
