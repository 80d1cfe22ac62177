// jl_attention_scale's hot kernel: the distortion of one JL trial (part A1), as GFLOP/s,
// beside this machine's Eigen GEMM rate measured in the same binary (issue target: the
// JL trial at >= 50% of the GEMM rate). Single-threaded (A1 runs trials in parallel, one
// per thread).
//
//   BM_JlDistortion   Gram blocks + distances + max, on fixed projected points (N x k)
//   BM_JlTrial        the whole trial: draw the N x k projection (N k normals) + the above
//   BM_EigenGemm      C = Y Y^T as a plain N x k by k x N Eigen product (2 N^2 k flops)
//   BM_EigenGemmLowerBlocks  the same lower-triangle blocks as the distortion, GEMM only
//
// FLOP counts: the distortion is credited with its Gram blocks only (trial_flops: 2 k per
// entry of the lower block triangle, about N^2 k); the distance pass and the normals are
// overhead that the rate pays for.
#include <benchmark/benchmark.h>

#include <Eigen/Core>

#include "jl_attention_scale/jl_projection.hpp"
#include "theorylab/core/random.hpp"

using namespace jl_attention_scale;

namespace {

// (N, k): k near k50 of (N, eps) cells of the presets: (512, 0.3), (1024, 0.2), (4096, 0.3).
void sizes(benchmark::internal::Benchmark* b) {
  b->Args({512, 516})->Args({1024, 1200})->Args({2048, 900})->Unit(benchmark::kMillisecond);
}

void BM_JlDistortion(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0)), k = static_cast<int>(state.range(1));
  const PointSet points = PointSet::basis(n);
  tl::Rng rng(1);
  const Eigen::MatrixXd projected = points.project(k, rng);
  for (auto _ : state) benchmark::DoNotOptimize(max_distortion(projected, points));
  state.counters["FLOP"] = benchmark::Counter(trial_flops(n, k, 0, true) * state.iterations(), benchmark::Counter::kIsRate);
}

void BM_JlTrial(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0)), k = static_cast<int>(state.range(1));
  const PointSet points = PointSet::basis(n);
  tl::Rng rng(2);
  for (auto _ : state) benchmark::DoNotOptimize(max_distortion(points.project(k, rng), points));
  state.counters["FLOP"] = benchmark::Counter(trial_flops(n, k, 0, true) * state.iterations(), benchmark::Counter::kIsRate);
}

void BM_EigenGemm(benchmark::State& state) {
  const Eigen::Index n = state.range(0), k = state.range(1);
  const Eigen::MatrixXd y = Eigen::MatrixXd::Random(n, k);
  Eigen::MatrixXd c(n, n);
  for (auto _ : state) {
    c.noalias() = y * y.transpose();
    benchmark::DoNotOptimize(c.data());
  }
  state.counters["FLOP"] = benchmark::Counter(2.0 * n * n * k * state.iterations(), benchmark::Counter::kIsRate);
}

void BM_EigenGemmLowerBlocks(benchmark::State& state) {
  const Eigen::Index n = state.range(0), k = state.range(1), block = 256;
  const Eigen::MatrixXd y = Eigen::MatrixXd::Random(n, k);
  Eigen::MatrixXd g(n, block);
  for (auto _ : state) {
    for (Eigen::Index j0 = 0; j0 < n; j0 += block) {
      const Eigen::Index width = std::min(block, n - j0), rows = n - j0;
      g.topLeftCorner(rows, width).noalias() = y.bottomRows(rows) * y.middleRows(j0, width).transpose();
      benchmark::DoNotOptimize(g.data());
    }
  }
  state.counters["FLOP"] = benchmark::Counter(trial_flops(static_cast<int>(n), static_cast<int>(k), 0, true) *
                                                  state.iterations(),
                                              benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK(BM_EigenGemm)->Apply(sizes);
BENCHMARK(BM_EigenGemmLowerBlocks)->Apply(sizes);
BENCHMARK(BM_JlDistortion)->Apply(sizes);
BENCHMARK(BM_JlTrial)->Apply(sizes);

BENCHMARK_MAIN();
