#include "jl_attention_scale/jl_projection.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <boost/math/special_functions/gamma.hpp>

#include "theorylab/core/cancellation.hpp"
#include "theorylab/core/cpu_time.hpp"
#include "theorylab/math/roots.hpp"

namespace jl_attention_scale {

using Eigen::Index;

PointSet PointSet::basis(int count) {
  if (count < 2) throw std::invalid_argument("PointSet: need at least 2 points");
  PointSet p;
  p.count_ = count;
  p.basis_ = true;
  return p;
}

PointSet PointSet::gaussian(int count, int ambient_dimension, tl::Rng& rng) {
  if (count < 2 || ambient_dimension < 1) throw std::invalid_argument("PointSet: need N >= 2 and m >= 1");
  PointSet p;
  p.count_ = count;
  p.basis_ = false;
  p.points_.resize(ambient_dimension, count);
  for (Index j = 0; j < count; ++j)
    for (Index i = 0; i < ambient_dimension; ++i) p.points_(i, j) = rng.normal();
  p.gram_.noalias() = p.points_.transpose() * p.points_;
  p.squared_norms_ = p.gram_.diagonal();
  return p;
}

double PointSet::squared_distance(int i, int j) const {
  if (i == j) return 0;
  if (basis_) return 2;
  return squared_norms_(i) + squared_norms_(j) - 2 * gram_(i, j);
}

Eigen::MatrixXd PointSet::project(int k, tl::Rng& rng) const {
  if (k < 1) throw std::invalid_argument("PointSet::project: k must be >= 1");
  if (basis_) {
    // A v_i is column i of A: the projected points are A^T, drawn one row of A
    // (one column of the result) at a time.
    Eigen::MatrixXd projected(count_, k);
    for (Index r = 0; r < k; ++r)
      for (Index i = 0; i < count_; ++i) projected(i, r) = rng.normal();
    return projected;
  }
  const Index m = points_.rows();
  Eigen::MatrixXd a(k, m);  // row r of sqrt(k) A, drawn in order
  for (Index r = 0; r < k; ++r)
    for (Index c = 0; c < m; ++c) a(r, c) = rng.normal();
  Eigen::MatrixXd projected(count_, k);
  projected.noalias() = points_.transpose() * a.transpose();  // (A X)^T, one GEMM
  return projected;
}

double max_distortion(const Eigen::MatrixXd& projected, const PointSet& points, double stop_above, int block) {
  const Index n = projected.rows(), k = projected.cols();
  if (n != points.count()) throw std::invalid_argument("max_distortion: projected rows != number of points");
  if (block < 1) block = 1;
  const double inv_k = 1.0 / static_cast<double>(k);
  const Eigen::VectorXd norms = projected.rowwise().squaredNorm();  // Gram diagonal
  Eigen::MatrixXd gram_block(n, std::min<Index>(block, n));
  double worst = 0;
  for (Index j0 = 0; j0 < n; j0 += block) {
    const Index width = std::min<Index>(block, n - j0), rows = n - j0;
    auto g = gram_block.topLeftCorner(rows, width);
    // Rows i >= j0 of columns j0..j0+width-1 of the Gram matrix Y Y^T.
    g.noalias() = projected.bottomRows(rows) * projected.middleRows(j0, width).transpose();
    double block_worst = 0;
    for (Index jj = 0; jj < width; ++jj) {
      const Index j = j0 + jj, len = rows - jj - 1;  // pairs (i, j) with i = j+1 .. n-1
      if (len <= 0) continue;
      const auto projected_sq = norms.tail(len).array() + norms(j) - 2 * g.col(jj).tail(len).array();
      double column_worst;
      if (points.is_basis()) {
        column_worst = (projected_sq * (0.5 * inv_k) - 1).abs().maxCoeff();
      } else {
        const auto original_sq = points.squared_norms().tail(len).array() + points.squared_norms()(j) -
                                 2 * points.gram().col(j).tail(len).array();
        column_worst = (projected_sq * inv_k / original_sq - 1).abs().maxCoeff();
      }
      block_worst = std::max(block_worst, column_worst);
    }
    worst = std::max(worst, block_worst);
    if (worst > stop_above) return worst;
  }
  return worst;
}

double max_distortion_naive(const Eigen::MatrixXd& projected, const PointSet& points) {
  const Index n = projected.rows();
  const double k = static_cast<double>(projected.cols());
  double worst = 0;
  for (Index i = 0; i < n; ++i)
    for (Index j = i + 1; j < n; ++j) {
      const double sq = (projected.row(i) - projected.row(j)).squaredNorm() / k;
      worst = std::max(worst, std::abs(sq / points.squared_distance(static_cast<int>(i), static_cast<int>(j)) - 1));
    }
  return worst;
}

double trial_flops(int N, int k, int ambient_dimension, bool basis, int block) {
  double flops = 0;
  for (long j0 = 0; j0 < N; j0 += block) {
    const double width = std::min<long>(block, N - j0), rows = N - j0;
    flops += 2.0 * k * rows * width;
  }
  if (!basis) flops += 2.0 * k * static_cast<double>(ambient_dimension) * N;
  return flops;
}

SuccessOracle::SuccessOracle(const PointSet& points, double eps, std::uint64_t cell_seed, int threads)
    : points_(points), eps_(eps), cell_seed_(cell_seed), threads_(std::max(1, threads)) {}

double SuccessOracle::distortion(int k, int trial) const {
  tl::Rng rng(tl::derive_seed(cell_seed_, static_cast<std::uint64_t>(trial)));
  return max_distortion(points_.project(k, rng), points_);
}

bool SuccessOracle::distortion_below(int k, int trial) const {
  tl::Rng rng(tl::derive_seed(cell_seed_, static_cast<std::uint64_t>(trial)));
  return max_distortion(points_.project(k, rng), points_, eps_) <= eps_;
}

namespace {

// Runs trials 0..trials-1 on `threads` workers (each trial on its own generator, so the
// counts do not depend on the threads) until `stop(successes, failures)` holds. Workers take
// trial indices in increasing order, so the trials run always form a prefix. Adds to
// `run_counter` the trials a sequential run would have needed (the first prefix on which
// `stop` holds), which, unlike the number actually run, does not depend on the threads.
template <class Stop>
void count_trials(int trials, int threads, const Stop& stop, const std::function<bool(int)>& trial,
                  std::atomic<int>& successes, std::atomic<int>& failures, long long& run_counter) {
  std::atomic<int> next{0};
  std::vector<signed char> outcome(static_cast<std::size_t>(trials), -1);
  auto worker = [&] {
    for (;;) {
      // A worker thread must not throw: it stops, and the caller throws after the join.
      if (tl::cancellation_requested()) return;
      if (stop(successes.load(), failures.load())) return;
      const int t = next.fetch_add(1);
      if (t >= trials) return;
      const bool ok = trial(t);
      outcome[static_cast<std::size_t>(t)] = ok ? 1 : 0;
      if (ok)
        successes.fetch_add(1);
      else
        failures.fetch_add(1);
    }
  };
  const int workers = std::max(1, std::min(threads, trials));
  if (workers == 1) {
    worker();
  } else {
    const tl::InnerThreadCpu cpu;  // the pool's CPU time counts towards the row's cpu_seconds
    std::vector<std::thread> pool;
    for (int w = 0; w < workers; ++w)
      pool.emplace_back([&] {
        worker();
        cpu.charge_this_thread();
      });
    for (auto& t : pool) t.join();
  }
  tl::throw_if_cancelled();
  int s = 0, f = 0, needed = 0;
  for (signed char o : outcome) {
    if (o < 0 || stop(s, f)) break;
    (o ? s : f) += 1;
    ++needed;
  }
  run_counter += needed;
}

}  // namespace

int SuccessOracle::successes(int k, int trials) const {
  std::atomic<int> s{0}, f{0};
  count_trials(trials, threads_, [](int, int) { return false; },
               [&](int t) { return distortion_below(k, t); }, s, f, trials_run_);
  return s.load();
}

bool SuccessOracle::majority_succeeds(int k, int trials) const {
  // successes >= trials / 2  <=>  successes >= ceil(trials / 2) = need.
  const int need = (trials + 1) / 2;
  std::atomic<int> s{0}, f{0};
  count_trials(trials, threads_, [&](int succ, int fail) { return succ >= need || fail > trials - need; },
               [&](int t) { return distortion_below(k, t); }, s, f, trials_run_);
  return s.load() >= need;
}

K50Result find_k50(const SuccessOracle& oracle, int trials, double guess, int max_k) {
  return find_k50([&](int k) { return oracle.majority_succeeds(k, trials); }, guess, max_k);
}

K50Result find_k50(const std::function<bool(int)>& majority, double guess, int max_k) {
  if (!(guess >= 1) || !std::isfinite(guess)) guess = 16;
  K50Result r;
  auto decide = [&](int k) {
    const bool ok = majority(k);
    r.ks.push_back(k);
    r.decisions.push_back(ok ? 1 : 0);
    ++r.evaluations;
    return ok;
  };
  int lo = std::max(1, static_cast<int>(std::floor(guess / 2)));
  int hi = -1;
  while (decide(lo)) {  // the lower end must fail
    hi = lo;
    if (lo == 1) {
      r.k50 = 1;
      return r;
    }
    lo = std::max(1, lo / 2);
  }
  if (hi < 0) {
    hi = std::max(lo + 1, static_cast<int>(std::ceil(1.5 * guess)));
    while (!decide(hi)) {  // the upper end must succeed
      lo = hi;
      if (hi > max_k / 2) throw std::runtime_error("find_k50: no success up to k = " + std::to_string(hi));
      hi *= 2;
    }
  }
  while (hi - lo > 1) {
    const int mid = lo + (hi - lo) / 2;
    if (decide(mid))
      hi = mid;
    else
      lo = mid;
  }
  r.k50 = hi;
  return r;
}

K50Error k50_standard_error(const SuccessOracle& oracle, int trials, int k50) {
  K50Error e;
  e.delta = std::max(1, static_cast<int>(std::lround(0.05 * k50)));
  const int below = std::max(1, k50 - e.delta), above = k50 + e.delta;
  e.p_below = static_cast<double>(oracle.successes(below, trials)) / trials;
  e.p_above = static_cast<double>(oracle.successes(above, trials)) / trials;
  const double slope = (e.p_above - e.p_below) / (above - below);
  e.se = slope > 0 ? std::sqrt(0.25 / trials) / slope : std::numeric_limits<double>::quiet_NaN();
  return e;
}

double chi2_two_sided_tail(double k, double eps) {
  const double a = k / 2;
  const double upper = boost::math::gamma_q(a, a * (1 + eps));
  const double lower = eps < 1 ? boost::math::gamma_p(a, a * (1 - eps)) : 0.0;
  return upper + lower;
}

double union_bound_k50(int N, double eps) {
  const double pairs = 0.5 * N * (N - 1.0);
  const double log_target = std::log(std::log(2.0) / pairs);
  auto f = [&](double k) { return std::log(chi2_two_sided_tail(k, eps)) - log_target; };
  double lo = 1e-3;
  if (f(lo) <= 0) return lo;
  double hi = 1;
  // k50 grows like 1/eps^2 (eps = 1e-4 needs k about 2e9): beyond 2^40 no trial could
  // be held in memory anyway, and Boost's incomplete gamma gives up on such shapes;
  // +inf lets the caller's memory check refuse the point.
  constexpr double kMaxK = 0x1p40;
  for (;;) {
    double value;
    try {
      value = f(hi);
    } catch (const std::exception&) {  // boost::math::evaluation_error at a huge shape
      return std::numeric_limits<double>::infinity();
    }
    if (!(value > 0)) break;
    lo = hi;
    hi *= 2;
    if (hi > kMaxK) return std::numeric_limits<double>::infinity();
  }
  return tl::find_root(f, lo, hi, 1e-12).x;
}

double bound_24(int N, double eps) { return 24 * std::log(static_cast<double>(N)) / (eps * eps); }
double bound_16(int N, double eps) { return 16 * std::log(static_cast<double>(N)) / (eps * eps); }
double bound_8(int N, double eps) { return 8 * std::log(static_cast<double>(N)) / (eps * eps); }
double bound_sklearn(int N, double eps) {
  return 4 * std::log(static_cast<double>(N)) / (eps * eps / 2 - eps * eps * eps / 3);
}

}  // namespace jl_attention_scale
