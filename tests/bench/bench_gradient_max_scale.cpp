// gradient_max_scale's hot kernel: tl::softmax_statistics (max pass, then blocked
// exp and three sums) on n normal scores, n = 1e3 .. 1e6, reported in elements/s.
// Peer: tests/bench/peers/softmax_statistics_numpy.py (the same statistics in NumPy);
// target: at least 5x the peer on the same machine. Also one B2 trial (sampling n
// scores plus a 61-point alpha grid) for the experiment's cost per trial.
#include <benchmark/benchmark.h>

#include <vector>

#include "gradient_max_scale/monte_carlo.hpp"
#include "theorylab/core/random.hpp"
#include "theorylab/math/softmax_statistics.hpp"

namespace {

std::vector<double> normal_scores(std::size_t n) {
  tl::Rng rng(42);
  std::vector<double> s(n);
  for (double& x : s) x = rng.normal();
  return s;
}

void BM_SoftmaxStatistics(benchmark::State& state) {
  const std::size_t n = static_cast<std::size_t>(state.range(0));
  const std::vector<double> s = normal_scores(n);
  double sink = 0;
  for (auto _ : state) {
    const tl::SoftmaxStatistics st = tl::softmax_statistics(s.data(), n, 2.5);
    sink += st.entropy + st.gradient_objective;
    benchmark::DoNotOptimize(sink);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(n));
}
BENCHMARK(BM_SoftmaxStatistics)->Arg(1000)->Arg(10000)->Arg(100000)->Arg(1000000);

// One Monte Carlo trial of B2: draw n scores, evaluate 61 scales (items: n x 61).
void BM_B2Trial(benchmark::State& state) {
  const std::size_t n = static_cast<std::size_t>(state.range(0));
  const gradient_max_scale::ScoreModel model{state.range(1) ? gradient_max_scale::ScoreKind::Cosine
                                                            : gradient_max_scale::ScoreKind::Normal,
                                             128};
  std::vector<double> alphas;
  for (int j = 0; j < 61; ++j) alphas.push_back(0.05 * std::pow(1000.0, j / 60.0));
  tl::Rng rng(1);
  for (auto _ : state) {
    const auto mc = gradient_max_scale::monte_carlo_curves(model, n, 1, alphas, rng);
    benchmark::DoNotOptimize(mc.objective_mean.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(n) * 61);
}
BENCHMARK(BM_B2Trial)->Args({1024, 0})->Args({1024, 1})->Args({16384, 0})->Args({16384, 1});

}  // namespace

BENCHMARK_MAIN();
