// Simplex projection throughput (elements/s) for n = 1e3 … 1e7, against one std::sort
// of the same vector in the same binary (the target: the projection no slower
// than 2 × std::sort). Input x_i ~ N(0, 1) (tl::Rng, fixed seed).
//   BM_StdSort        copy + std::sort (descending, as the sort-based projection does)
//   BM_Copy           the copy alone, to subtract from BM_StdSort if wanted
//   BM_ProjectSort    sort-based projection (copy, sort, scan, threshold)
//   BM_ProjectCondat  Condat 2016 (expected linear time)
#include <benchmark/benchmark.h>

#include <algorithm>
#include <functional>
#include <vector>

#include "theorylab/core/random.hpp"
#include "theorylab/math/simplex_projection.hpp"

namespace {

const std::vector<double>& input(std::size_t n) {
  static std::vector<std::vector<double>> cache(8);
  std::size_t slot = 0;
  for (std::size_t m = 1000; m < n; m *= 10) ++slot;
  auto& x = cache.at(slot);
  if (x.size() != n) {
    tl::Rng rng(20240806 + n);
    x.resize(n);
    for (auto& v : x) v = rng.normal();
  }
  return x;
}

void BM_StdSort(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto& x = input(n);
  std::vector<double> work(n);
  for (auto _ : state) {
    std::copy(x.begin(), x.end(), work.begin());
    std::sort(work.begin(), work.end(), std::greater<double>());
    benchmark::DoNotOptimize(work.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(n));
}

void BM_Copy(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto& x = input(n);
  std::vector<double> work(n);
  for (auto _ : state) {
    std::copy(x.begin(), x.end(), work.begin());
    benchmark::DoNotOptimize(work.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(n));
}

void BM_ProjectSort(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto& x = input(n);
  std::vector<double> out(n), work;
  for (auto _ : state) {
    benchmark::DoNotOptimize(tl::project_to_simplex_sort(x.data(), n, out.data(), work));
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(n));
}

void BM_ProjectCondat(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto& x = input(n);
  std::vector<double> out(n), work;
  for (auto _ : state) {
    benchmark::DoNotOptimize(tl::project_to_simplex_condat(x.data(), n, out.data(), work));
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(n));
}

}  // namespace

BENCHMARK(BM_StdSort)->RangeMultiplier(10)->Range(1000, 10000000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Copy)->RangeMultiplier(10)->Range(1000, 10000000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ProjectSort)->RangeMultiplier(10)->Range(1000, 10000000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ProjectCondat)->RangeMultiplier(10)->Range(1000, 10000000)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
