// One Adam training step of the multitask sparse-parity MLP (the paper's model:
// [onehot(task); bits] -> width (ReLU) -> 2 logits, cross-entropy, Adam), batch 1024,
// 64 subtasks, 16 task bits, at widths 32-512:
//   BM_ParityAdamStep<float|double>  the experiment's fast path (one-hot columns as a
//                      lookup and a scatter-add), precision=float32 and float64;
//   BM_DenseAdamStep   lib/nn's generic dense MLP on the full one-hot input (what the
//                      fast path replaces), double;
//   BM_EigenGemm<float|double>  the machine's single-thread Eigen GEMM rate (n x n x n),
//                      the ceiling the step's GFLOP/s is compared with.
// Targets (issue 14): float32 >= 1.6x float64 at width >= 128; float32 >= 25% of the
// float GEMM rate at width 512. GFLOP/s and items/s are per CPU second (Google
// Benchmark's default), so a loaded machine's time slicing does not enter them.
// Peer: tests/bench/peers/adam_step_torch.py (PyTorch, same shapes, dense one-hot input;
// not runnable here: no torch in Debian's python3).
#include <benchmark/benchmark.h>

#include <Eigen/Core>

#include "quantization_scaling/parity_net.hpp"
#include "quantization_scaling/sparse_parity.hpp"
#include "theorylab/nn/adam.hpp"
#include "theorylab/nn/loss.hpp"

namespace {
constexpr int kTasks = 64, kBits = 16, kBatch = 1024;

// The network, optimiser and one batch the dense step benchmark starts from (seed 1).
struct StepSetup {
  explicit StepSetup(int width)
      : rng(1), sp(qs::make_sparse_parity(kTasks, kBits, 2, 0.4, rng)), net(qs::make_parity_net(kTasks, kBits, width, rng)),
        adam(net, tl::nn::AdamConfig{}), grads(tl::nn::zero_grads_like(net)) {
    qs::draw_batch(sp, kBatch, rng, batch);
  }
  tl::Rng rng;
  qs::SparseParity sp;
  decltype(qs::make_parity_net(0, 0, 0, std::declval<tl::Rng&>())) net;
  tl::nn::Adam adam;
  decltype(tl::nn::zero_grads_like(net)) grads;
  qs::Batch batch;
};

template <class T>
void BM_ParityAdamStep(benchmark::State& state) {
  const int width = static_cast<int>(state.range(0));
  StepSetup setup(width);  // the same initial network (rounded to T) and batch for both precisions
  qs::ParityNet<T> net = qs::parity_net_from<T>(setup.net, kTasks);
  qs::ParityAdam<T> adam(net, tl::nn::AdamConfig{});
  qs::ParityGrads<T> grads;
  qs::ParityWorkspace<T> ws;
  for (auto _ : state) benchmark::DoNotOptimize(qs::parity_train_step(net, setup.batch, ws, grads, adam));
  state.SetItemsProcessed(state.iterations() * kBatch);
  state.counters["GFLOP/s"] = benchmark::Counter(qs::parity_step_flops(kTasks, kBits, width, kBatch) * 1e-9,
                                                 benchmark::Counter::kIsIterationInvariantRate);
}

void BM_DenseAdamStep(benchmark::State& state) {
  const int width = static_cast<int>(state.range(0));
  StepSetup setup(width);
  auto& [rng, sp, net, adam, grads, batch] = setup;
  Eigen::MatrixXd x = Eigen::MatrixXd::Zero(kTasks + kBits, kBatch);
  for (int b = 0; b < kBatch; ++b) x(batch.task[b], b) = 1, x.col(b).tail(kBits) = batch.bits.col(b);
  tl::nn::MlpCache cache;
  Eigen::MatrixXd probs, dlogits;
  for (auto _ : state) {
    tl::nn::mlp_forward(net, x, cache);
    benchmark::DoNotOptimize(tl::nn::softmax_cross_entropy_forward(probs, cache.output(), batch.label));
    tl::nn::softmax_cross_entropy_backward(dlogits, probs, batch.label);
    tl::nn::mlp_backward(net, cache, dlogits, grads, false);
    adam.step(net, grads);
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
  state.counters["GFLOP/s"] = benchmark::Counter(tl::nn::mlp_forward_backward_flops(net, kBatch, false) * 1e-9,
                                                 benchmark::Counter::kIsIterationInvariantRate);
}

template <class T>
void BM_EigenGemm(benchmark::State& state) {
  using M = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
  const Eigen::Index n = state.range(0);
  const M a = M::Random(n, n), b = M::Random(n, n);
  M c(n, n);
  for (auto _ : state) {
    c.noalias() = a * b;
    benchmark::DoNotOptimize(c.data());
  }
  state.counters["GFLOP/s"] = benchmark::Counter(2.0 * n * n * n * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}
}  // namespace

BENCHMARK_TEMPLATE(BM_ParityAdamStep, float)->Arg(32)->Arg(64)->Arg(128)->Arg(256)->Arg(512)->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_ParityAdamStep, double)->Arg(32)->Arg(64)->Arg(128)->Arg(256)->Arg(512)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_DenseAdamStep)->Arg(32)->Arg(128)->Arg(512)->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_EigenGemm, float)->Arg(256)->Arg(512)->Arg(1024)->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_EigenGemm, double)->Arg(256)->Arg(512)->Arg(1024)->Unit(benchmark::kMicrosecond);
BENCHMARK_MAIN();
