// gradient_max_scale's cost model: the CPU seconds of one point from its parameters
// (Experiment::cost_seconds), checked against the rows' measured cpu_seconds on the
// quick preset (tests/analysis/quick_presets_test.cpp: within a factor of 3).
//
// Constants fitted on 2026-11-30 to the cpu_seconds column of the quick and default
// presets and of `part=B2 score=cosine n=1024 d=16,512` on this machine (2-core AMD
// EPYC VM, -O3 -march=native, one thread per row, machine shared: load 5-10).
#include "gradient_max_scale/experiment.hpp"

namespace gradient_max_scale {

namespace {
// B1 solves about 500 optima per curve: normal 0.5-0.7 ms in all; cosine 25-28 ms for
// 6 dimensions, i.e. per dimension:
constexpr double kB1NormalSeconds = 6e-4;
constexpr double kB1CosineSecondsPerDim = 4.5e-3;
// B2, per trial and alpha: one softmax over n scores. Default preset, normal n = 16384:
// 2.54 s / (4000 trials x 61 alphas) = 10.4 us = n x 0.63 ns + 0.1 us; n = 64: 0.12 us.
constexpr double kSoftmaxSecondsPerScore = 0.63e-9;
constexpr double kSoftmaxSecondsPerCall = 0.8e-7;
// Cosine scores cost one Beta draw each, whatever d (d = 16 and 512: 0.082 and 0.081 s):
// (cosine - normal) / (trials x n) = 190-240 ns over the presets.
constexpr double kCosineDrawSeconds = 2.1e-7;
}  // namespace

double GradientMaxScale::cost_seconds(const tl::Point& point) const {
  const bool cosine = point.text("score") == "cosine";
  if (point.text("part") == "B1")
    return cosine ? kB1CosineSecondsPerDim * static_cast<double>(point.reals("b1_dims").size()) : kB1NormalSeconds;
  const double n = point.real("n"), trials = point.real("trials");
  const double alphas = static_cast<double>(point.reals("alpha_grid").size());
  const double per_trial = alphas * (kSoftmaxSecondsPerCall + n * kSoftmaxSecondsPerScore) + (cosine ? n * kCosineDrawSeconds : 0);
  return trials * per_trial;
}

}  // namespace gradient_max_scale
