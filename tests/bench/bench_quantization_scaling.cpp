// One Adam training step of the multitask sparse-parity MLP (the paper's model:
// [onehot(task); bits] -> width (ReLU) -> 2 logits, cross-entropy, Adam), batch 1024,
// 64 subtasks, 16 task bits, at widths 32-512:
//   BM_ParityAdamStep  the experiment's fast path (one-hot columns as a lookup and a
//                      scatter-add, lib/nn for the rest), double precision;
//   BM_DenseAdamStep   lib/nn's generic dense MLP on the full one-hot input (what the
//                      fast path replaces);
//   BM_EigenGemm       the machine's Eigen double GEMM rate (n x n x n), the ceiling.
// Peer: tests/bench/peers/adam_step_torch.py (PyTorch, same shapes, 2 threads).
#include <benchmark/benchmark.h>

#include <Eigen/Core>

#include "quantization_scaling/parity_net.hpp"
#include "quantization_scaling/sparse_parity.hpp"
#include "theorylab/nn/adam.hpp"
#include "theorylab/nn/loss.hpp"

namespace {
constexpr int kTasks = 64, kBits = 16, kBatch = 1024;

// The network, optimiser and one batch both step benchmarks start from (seed 1).
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

void BM_ParityAdamStep(benchmark::State& state) {
  const int width = static_cast<int>(state.range(0));
  StepSetup setup(width);
  auto& [rng, sp, net, adam, grads, batch] = setup;
  qs::ParityWorkspace ws;
  for (auto _ : state) benchmark::DoNotOptimize(qs::parity_train_step(net, kTasks, batch, ws, grads, adam));
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

void BM_EigenGemm(benchmark::State& state) {
  const Eigen::Index n = state.range(0);
  const Eigen::MatrixXd a = Eigen::MatrixXd::Random(n, n), b = Eigen::MatrixXd::Random(n, n);
  Eigen::MatrixXd c(n, n);
  for (auto _ : state) {
    c.noalias() = a * b;
    benchmark::DoNotOptimize(c.data());
  }
  state.counters["GFLOP/s"] = benchmark::Counter(2.0 * n * n * n * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}
}  // namespace

BENCHMARK(BM_ParityAdamStep)->Arg(32)->Arg(64)->Arg(128)->Arg(256)->Arg(512)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_DenseAdamStep)->Arg(32)->Arg(128)->Arg(512)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_EigenGemm)->Arg(256)->Arg(512)->Unit(benchmark::kMicrosecond);
BENCHMARK_MAIN();
