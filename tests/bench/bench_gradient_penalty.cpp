// gradient_penalty hot kernels:
//  - the full per-sample check of part 1 (forward, backward, input Jacobians, exact SVDs of
//    every J_t, optionally of every W_t too) at depth 4, width 64: samples/s;
//  - lib/nn's batched forward+backward at widths 64..512 (depth 4, batch 256): GFLOP/s of
//    its GEMMs, beside a plain Eigen GEMM of the same shape in the same binary (the
//    machine's rate for this code path; Eigen is single-threaded here).
#include <benchmark/benchmark.h>

#include <Eigen/Core>

#include "gradient_penalty/inequality.hpp"
#include "theorylab/nn/mlp.hpp"

namespace {

using namespace tl::nn;

// args: in_dim, with_weight_svds (0: weight norms computed once per network, as the experiment does)
void BM_PerSampleCheck(benchmark::State& state) {
  const int in_dim = static_cast<int>(state.range(0));
  const bool with_weight_svds = state.range(1) != 0;
  tl::Rng rng(1);
  const Mlp net = make_mlp(uniform_spec(in_dim, 64, 4, 4, Activation::Tanh, Activation::Tanh), Init::Gaussian, 1.0, 0.1, rng);
  const ScalarHead head = random_head(HeadKind::LogSumExp, 4, rng);
  const gradient_penalty::WeightNorms norms = gradient_penalty::weight_norms(net);
  const Eigen::MatrixXd xs = gaussian_matrix(in_dim, 64, 1.0, rng);
  Eigen::Index k = 0;
  for (auto _ : state) {
    const auto n = with_weight_svds ? gradient_penalty::weight_norms(net) : norms;
    const auto c = gradient_penalty::check_sample(net, n, head, xs.col(k++ % xs.cols()));
    benchmark::DoNotOptimize(c.ratio);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["samples/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_PerSampleCheck)->ArgNames({"in_dim", "weight_svds"})->Args({8, 0})->Args({64, 0})->Args({8, 1})->Args({64, 1})
    ->Unit(benchmark::kMicrosecond);

constexpr int kBatch = 256;

void BM_MlpForwardBackward(benchmark::State& state) {
  const int width = static_cast<int>(state.range(0));
  tl::Rng rng(2);
  const Mlp net = make_mlp(uniform_spec(width, width, width, 4, Activation::Relu, Activation::Identity), Init::Gaussian,
                           1.0, 0.1, rng);
  const Eigen::MatrixXd x = gaussian_matrix(width, kBatch, 1.0, rng), d = gaussian_matrix(width, kBatch, 1.0, rng);
  MlpCache cache;
  MlpGrads grads;
  for (auto _ : state) {
    mlp_forward(net, x, cache);
    mlp_backward(net, cache, d, grads, true);
    benchmark::DoNotOptimize(grads.dx.data());
  }
  const double flops = mlp_forward_backward_flops(net, kBatch, true);
  state.counters["GFLOP/s"] = benchmark::Counter(flops * 1e-9 * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_MlpForwardBackward)->ArgName("width")->Arg(64)->Arg(128)->Arg(256)->Arg(512)->Unit(benchmark::kMicrosecond);

// The layer GEMM alone: [w, w] × [w, 256], the shape of the forward pass.
void BM_EigenGemm(benchmark::State& state) {
  const int width = static_cast<int>(state.range(0));
  tl::Rng rng(3);
  const Eigen::MatrixXd a = gaussian_matrix(width, width, 1.0, rng), b = gaussian_matrix(width, kBatch, 1.0, rng);
  Eigen::MatrixXd c(width, kBatch);
  for (auto _ : state) {
    c.noalias() = a * b;
    benchmark::DoNotOptimize(c.data());
  }
  const double flops = 2.0 * width * width * kBatch;
  state.counters["GFLOP/s"] = benchmark::Counter(flops * 1e-9 * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_EigenGemm)->ArgName("width")->Arg(64)->Arg(128)->Arg(256)->Arg(512)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
