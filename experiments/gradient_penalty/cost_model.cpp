// gradient_penalty's cost model: the CPU seconds of one point from its parameters
// (Experiment::cost_seconds), checked against the rows' measured cpu_seconds on the
// quick preset (tests/analysis/quick_presets_test.cpp: within a factor of 3).
//
// Constants fitted on 2026-11-30 (non-negative least squares on relative error) to the
// cpu_seconds column of the quick preset (640 rows) and of `part=inequality depth=2,8
// width=64,256 in_dim=1,16 out_dim=8 networks=3 inputs=4`; training to `--preset
// train-quick` and `part=training width=16,64 max_steps=1500` on this machine (2-core
// AMD EPYC VM, -O3 -march=native, one thread per row, machine shared: load 5-10).
// The fit puts the quick preset at 0.8x of its measured total, depth 8 width 256 at 0.8x.
#include <algorithm>
#include <string>

#include "gradient_penalty/experiment.hpp"

namespace gradient_penalty {

namespace {
// part=inequality, with n networks, s inputs, depth l, width w, input dimension i:
constexpr double kInequalityRowSeconds = 8e-5;             // per point
constexpr double kHiddenSvdSeconds = 3.7e-7;               // x n (l-2) w^2: spectral norm of each w x w layer,
constexpr double kHiddenSvdSecondsCubic = 1.45e-9;         // or x n (l-2) w^3 where larger (w > 256: SVD is cubic)
constexpr double kJacobianSvdSeconds = 1e-9;               // x n s l w i^2: spectral norm of each J_t (w x i)
constexpr double kSampleLayerSeconds = 3.4e-10;            // x n s l w^2: per-sample products
constexpr double kDeepLinearSeconds = 2.3e-9;              // x l min(w,32)^3: equality case (b), once per point
constexpr int kDeepLinearWidthCap = 32;                    // gradient_penalty.cpp caps its width at 32
// part=training, per arm and step (every arm is costed at max_steps: arms that reach the
// loss target stop earlier, so this is an upper bound; train-quick: 1.5x): 20 us plus
// 1.03 ns per train_points x (depth-1) x width^2 (width 16, 32, 64: 33, 55, 155 us).
constexpr double kTrainStepSeconds = 2e-5;
constexpr double kTrainStepSecondsPerUnit = 1.03e-9;
// part=dose: a point is the reference (plain GD at lrs[0] to the target), two sharpness
// estimates and, but at strength 0 of a penalty, the arm; costed as a fraction of
// max_steps plain steps, per penalty (steps to the target do not scale with max_steps, so
// this holds near the dose preset's setting: fitted 2026-12-01 to the mean cpu_seconds of
// its 190 rows, 1-32-32-1, max_steps 20000, 42.6 CPU-s in total, machine under load ~12).
constexpr double kDoseReferenceFraction = 0.017;                  // strength 0: reference + sharpness
constexpr double kDoseArmFraction[] = {0.50, 0.18, 0.26, 0.038};  // theta, loss_gradient, input, lr (with the reference)
double dose_cost_seconds(const tl::Point& point, double per_step) {
  const double max_steps = static_cast<double>(point.integer("max_steps"));
  const std::string& penalty = point.text("penalty");
  const int k = penalty == "theta" ? 0 : penalty == "loss_gradient" ? 1 : penalty == "input" ? 2 : 3;
  const bool arm = k == 3 || point.real("strength") > 0;
  return per_step * max_steps * (arm ? kDoseArmFraction[k] : kDoseReferenceFraction);
}
}  // namespace

double GradientPenalty::cost_seconds(const tl::Point& point) const {
  const double l = static_cast<double>(point.integer("depth")), w = static_cast<double>(point.integer("width"));
  if (point.text("part") == "inequality") {
    const double n = static_cast<double>(point.integer("networks")), s = static_cast<double>(point.integer("inputs"));
    const double i = static_cast<double>(point.integer("in_dim"));
    const double square = std::min<double>(w, kDeepLinearWidthCap);
    const double svd = std::max(kHiddenSvdSeconds * w * w, kHiddenSvdSecondsCubic * w * w * w);
    return kInequalityRowSeconds + svd * n * std::max(0.0, l - 2) +
           n * s * l * w * (kJacobianSvdSeconds * i * i + kSampleLayerSeconds * w) + kDeepLinearSeconds * l * square * square * square;
  }
  const double points = static_cast<double>(point.integer("train_points"));
  const double per_step = kTrainStepSeconds + kTrainStepSecondsPerUnit * points * std::max(1.0, l - 1) * w * w;
  if (point.text("part") == "dose") return dose_cost_seconds(point, per_step);
  double arms = static_cast<double>(point.reals("lrs").size());
  for (const char* weight : {"rel_theta", "igr_multiple", "rel_input"}) arms += point.real(weight) > 0 ? 1 : 0;
  return arms * static_cast<double>(point.integer("max_steps")) * per_step;
}

}  // namespace gradient_penalty
