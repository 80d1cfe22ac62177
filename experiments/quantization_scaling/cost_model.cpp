#include "quantization_scaling/cost_model.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <string>

#include "quantization_scaling/setting.hpp"
#include "quantization_scaling/training.hpp"

namespace qs {

namespace {

// Measured on the project's machine (Release build, one thread, the shared 2-core box,
// November 2026) by timing single points with `theorylab run quantization_scaling
// --preset none --threads 1` (user + system seconds, less the 0.07 s of an empty run):
// B1 at width 8/64/256 with steps 200-8000 and checkpoints 4/40/100 (which separates
// training, evaluation and sample drawing), B3 at D = 3e3/4e5, the calibration's
// variants, and each Part A part at alpha 0.1/0.4/0.8, a_seeds 1/4/16, a3_max_D 1e5/1e6.
// Network: seconds per multiply-add of the hidden layer (width x inputs) per training
// sample (forward and backward) and per evaluated sample, and per input bit drawn.
constexpr double kSecondsPerTrainMac = 4.8e-11;
constexpr double kSecondsPerEvalMac = 3.8e-11;
constexpr double kSecondsPerInputBit = 8.8e-10;
// At the paper's batch (20000) a step is one large GEMM and the per-sample costs fall:
// fitted to the 40 rows of reference/quantization_scaling-paper-regime (float32, n = 100,
// T = 500, 15000 steps, widths 10-300; 120 s at width 10, 600 s at 300), a train
// multiply-add costs kLargeBatchTrainMacShare of the batch-512 figure and an input bit
// kLargeBatchInputBitShare; between batch 512 and 20000 the shares move linearly in log
// batch. (The batch-512 figures alone overestimated that reference 2.4-fold.)
constexpr double kSmallBatch = 512, kLargeBatch = 20000;
constexpr double kLargeBatchTrainMacShare = 0.35;
constexpr double kLargeBatchInputBitShare = 0.65;
// The calibration stops at the first evaluation with its parity learned: at the default
// settings after well under half its step budget; half is the cautious estimate.
constexpr double kCalibrationBudgetFraction = 0.5;
// Part A, per point: A1's exact tails; A2 fixed and per Monte Carlo seed; A4 per seed
// and quantum.
constexpr double kA1Seconds = 0.01;
constexpr double kA2Seconds = 0.04;
constexpr double kA2SecondsPerSeed = 0.0075;
constexpr double kA4SecondsPerQuantumSeed = 1.0e-7;
constexpr double kA4Quanta = 1 << 17;  // quantization_scaling.cpp: a4_step_scaling(..., 1 << 17, ...)
// A3 per seed: the inverse-CDF table, then per Zipf draw a cached lookup, plus a cache
// miss for each draw beyond the first kA3CachedQuanta quanta (at alpha = 0.1 about 40%
// of draws, at 0.8 under 0.1%: A3 is 50 times slower per draw at alpha = 0.1 than 0.8).
constexpr double kA3SecondsPerSeed = 0.01;
constexpr double kA3SecondsPerDraw = 3e-9;
constexpr double kA3SecondsPerMiss = 6.5e-7;
constexpr double kA3CachedQuanta = 1e4;
// precision=float32: the Adam step's speed-up over float64 (bench_quantization_scaling,
// batch 1024, widths 128-256, 1.85-1.87x; the default preset's CPU went 255 s -> 172 s).
constexpr double kFloat32Speedup = 1.85;
// Every point: the row's bookkeeping (its series to the journal).
constexpr double kSecondsPerPoint = 0.005;

// P(k > K) under p_k ∝ k^-(alpha+1): about K^-alpha / (alpha zeta(alpha+1)), with
// zeta(1 + alpha) ≈ 1/alpha + Euler's gamma (within 3% for alpha <= 1).
double zipf_beyond(double alpha, double K) {
  constexpr double kEulerGamma = 0.5772156649015329;
  return std::min(1.0, std::pow(K, -alpha) / (alpha * (1 / alpha + kEulerGamma)));
}

// The share of the batch-512 per-sample cost at `batch`: 1 up to kSmallBatch, `large_share`
// from kLargeBatch on, linear in log batch between.
double batch_share(double batch, double large_share) {
  const double t = std::clamp(std::log(batch / kSmallBatch) / std::log(kLargeBatch / kSmallBatch), 0.0, 1.0);
  return 1 + t * (large_share - 1);
}

double network_seconds(const tl::Point& p) {
  const NetworkSetting net = network_setting(p);
  const std::string part = p.text("part");
  const double input = net.n_tasks + net.n_bits;
  const double macs_per_sample = net.width * (input + 3);
  const double batch = net.D > 0 ? std::min<double>(static_cast<double>(p.integer("batch")), static_cast<double>(net.D))
                                 : static_cast<double>(p.integer("batch"));
  double steps = net.steps;
  double evaluations = static_cast<double>(checkpoint_steps(net.steps, static_cast<int>(p.integer("checkpoints"))).size());
  if (part == "calibration") {
    steps *= kCalibrationBudgetFraction;
    evaluations = steps / 25 + 1;  // quantization_scaling.cpp: eval_every = 25
  }
  const double eval_sets = net.D > 0 ? 2 : 1;  // multi-epoch: a validation set too
  const double eval_samples = eval_sets * static_cast<double>(p.integer("test_per_task")) * net.n_tasks;
  const double drawn = net.D > 0 ? static_cast<double>(net.D) : steps * batch;  // samples drawn
  const double speedup = p.text("precision") == "float32" ? kFloat32Speedup : 1.0;
  return (steps * batch * macs_per_sample * kSecondsPerTrainMac * batch_share(batch, kLargeBatchTrainMacShare) +
          evaluations * eval_samples * macs_per_sample * kSecondsPerEvalMac) / speedup +
         drawn * input * kSecondsPerInputBit * batch_share(batch, kLargeBatchInputBitShare);
}

}  // namespace

double point_cost_seconds(const tl::Point& p) {
  try {
    const std::string part = p.text("part");
    const double seeds = static_cast<double>(p.integer("a_seeds"));
    double s = kSecondsPerPoint;
    if (part == "A1") s += kA1Seconds;
    else if (part == "A2") s += kA2Seconds + seeds * kA2SecondsPerSeed;
    else if (part == "A3")
      s += seeds * (kA3SecondsPerSeed + p.real("a3_max_D") * (kA3SecondsPerDraw +
                                                               kA3SecondsPerMiss * zipf_beyond(p.real("alpha"), kA3CachedQuanta)));
    else if (part == "A4") s += seeds * kA4Quanta * kA4SecondsPerQuantumSeed;
    else s += network_seconds(p);
    return s;
  } catch (const std::exception&) {
    return std::nan("");
  }
}

}  // namespace qs
