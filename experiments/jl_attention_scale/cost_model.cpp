// jl_attention_scale's cost model: the CPU seconds of one point from its parameters
// (Experiment::cost_seconds), checked against the rows' measured cpu_seconds on the
// quick preset (tests/analysis/quick_presets_test.cpp: within a factor of 3). A1's
// cpu_seconds include its inner threads (core/cpu_time.hpp).
//
// Constants fitted on 2026-11-30 to the cpu_seconds column of the quick and default
// presets and of `part=A1 eps=0.3 N=16,32` / `N=256,512` on this machine (2-core AMD EPYC
// VM, -O3 -march=native; machine shared, load 5-10). A1 is memory-bound and the most
// load-sensitive: the same quick A1 point measured 16 and 25 CPU-s in two runs.
#include <cmath>

#include "jl_attention_scale/experiment.hpp"
#include "jl_attention_scale/jl_projection.hpp"

namespace jl_attention_scale {

namespace {
// A1, per (N, eps): bisection on k takes about 10 decisions of at most `trials` trials
// each (a1_trials_run: 840-1170 at trials = 100), near k ~ the union-bound k50.
constexpr double kA1TrialsPerBudget = 10;
// One trial: an N x k Gaussian projection (about 10 ns per entry: N = 16, 32 took 0.105 s
// for 1.05e7 entries) and the N^2 k Gram products: 3e-11 s each (default, N <= 1024),
// 7e-11 (quick) and 1e-10 (N = 256, 512 alone) measured. 4e-11 puts the quick preset
// about 0.6-0.9x and the default about 1.8x of what was measured.
constexpr double kA1SecondsPerEntry = 1e-8;
constexpr double kA1SecondsPerGramProduct = 4e-11;
// A2, per (vectors, d, n): draws x n scores, their entropies at three scales and a
// root search for the constant-entropy scale: 1.2e-7 (default) to 1.45e-7 (quick) s per
// score, with no measurable dependence on d; plus the n = 512 target per (vectors, d).
constexpr double kA2SecondsPerScore = 1.3e-7;
constexpr double kA2TargetLength = 512;
// A3: closed forms (0F1), 0.3-0.5 ms.
constexpr double kA3Seconds = 5e-4;
}  // namespace

double JlAttentionScale::cost_seconds(const tl::Point& point) const {
  const std::string& part = point.text("part");
  if (part == "A1") {
    const double trials = kA1TrialsPerBudget * static_cast<double>(point.integer("trials"));
    const double m = point.text("points") == "gaussian" ? static_cast<double>(point.integer("m")) : 0;
    double per_trial_sum = 0;
    for (double N : point.reals("N"))
      for (double eps : point.reals("eps")) {
        const double k = union_bound_k50(static_cast<int>(std::lround(N)), eps);
        // Gaussian points add the N x m by m x k product of the projection.
        per_trial_sum += N * k * (kA1SecondsPerEntry + (N + m) * kA1SecondsPerGramProduct);
      }
    return trials * per_trial_sum;
  }
  if (part == "A2") {
    const double vectors = point.text("vectors") == "both" ? 2 : 1;
    double lengths = 0;
    for (double n : point.reals("n")) lengths += n;
    const double dims = static_cast<double>(point.reals("d").size());
    return kA2SecondsPerScore * static_cast<double>(point.integer("draws")) * vectors * dims * (lengths + kA2TargetLength);
  }
  return kA3Seconds;
}

}  // namespace jl_attention_scale
