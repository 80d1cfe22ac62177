// Part 3 of gradient_penalty (part=dose): one point = one arm of the training problem of
// part 2 at one strength of one penalty (or one learning rate), for the dose–response of
// docs/science/gradient_penalty.md. Every point of one replicate trains on the same data
// from the same initialisation (drawn from the replicate's seed, not the row's), so that
// the strengths of one run are compared on one problem (a paired design); the reduction
// is in reduce_dose.cpp.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "gradient_penalty/experiment.hpp"
#include "gradient_penalty/training.hpp"
#include "theorylab/core/error.hpp"

namespace gradient_penalty {

namespace {
// Power iterations of the sharpness λ_max (penalties.hpp): it settles (relative change
// 1e-6) well within this on the 1-64-64-1 problem; a cap, not a tuning knob.
constexpr int kSharpnessIterations = 300;
// The stability edge of plain gradient descent on a quadratic: rate 2/λ_max.
constexpr double kStabilityEdge = 2.0;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The arm of `penalty` at `strength` (see the parameter `strength`).
ArmSettings dose_arm(const std::string& penalty, double strength, double base_lr, double loss_target,
                     double p_theta, double p_input, double lambda_max) {
  ArmSettings arm;
  arm.name = "dose";
  arm.learning_rate = base_lr;
  if (penalty == "theta") arm.lambda_theta = p_theta > 0 ? strength * loss_target / p_theta : 0;
  else if (penalty == "loss_gradient") arm.lambda_loss = strength * base_lr / 4;
  else if (penalty == "input") arm.mu_input = p_input > 0 ? strength * loss_target / p_input : 0;
  else if (penalty == "lr") arm.learning_rate = lambda_max > 0 ? strength * kStabilityEdge / lambda_max : 0;
  else throw tl::UsageError("parameter penalty: unknown value '" + penalty + "'");
  return arm;
}

}  // namespace

tl::Row run_dose(const tl::Point& point, tl::Rng& /*row_rng: the replicate's seed is used instead*/) {
  const int depth = static_cast<int>(point.integer("depth"));
  const int width = static_cast<int>(point.integer("width"));
  const tl::nn::Activation activation = tl::nn::parse_activation(point.text("activation"));
  const std::string& penalty = point.text("penalty");
  const double strength = point.real("strength");
  const double base_lr = point.reals("lrs").front();
  StopRule stop;
  stop.loss_target = point.real("loss_target");
  stop.max_steps = point.integer("max_steps");
  stop.trace_every = stop.max_steps + 1;  // no factor snapshots but the first and the last
  stop.fd_step = point.real("fd_step");
  const int grid_points = static_cast<int>(point.integer("grid_points"));

  const tl::Rng shared(point.replicate_seed());
  tl::Rng data_rng = shared.split(1), init_rng = shared.split(2);
  const RegressionData data = make_sine_data(static_cast<int>(point.integer("train_points")), point.real("noise"), data_rng);
  const tl::nn::Mlp net0 = tl::nn::make_mlp(
      tl::nn::uniform_spec(1, width, 1, depth, activation, tl::nn::Activation::Identity), tl::nn::parse_init(point.text("init")),
      point.real("init_scale"), point.real("bias_scale"), init_rng);

  // The reference: plain GD at the base rate, stopped at the target (part 2's arm A0).
  ArmSettings reference_arm;
  reference_arm.name = "A0";
  reference_arm.learning_rate = base_lr;
  const ArmResult reference = train_arm(net0, data, reference_arm, stop, grid_points);
  tl::Row row;
  row.set("ref_reached", reference.reached ? 1 : 0)
      .set("ref_steps", static_cast<std::int64_t>(reference.steps))
      .set("ref_lr", base_lr);
  // Sharpness at the start and where the reference stopped; the edge uses the larger.
  const double sharp_init = loss_sharpness(net0, data, stop.fd_step, kSharpnessIterations);
  const double sharp_ref =
      reference.diverged ? kNaN : loss_sharpness(reference.final_net, data, stop.fd_step, kSharpnessIterations);
  const double lambda_max = std::isfinite(sharp_ref) ? std::max(sharp_init, sharp_ref) : sharp_init;
  row.set("lambda_max_init", sharp_init).set("lambda_max_ref", sharp_ref).set("edge_lr", lambda_max > 0 ? kStabilityEdge / lambda_max : kNaN);
  if (reference.reached) {
    row.set("ref_dirichlet_grid", reference.metrics.dirichlet_grid).set("ref_arc_length", reference.metrics.arc_length);
  }

  // The arm: skipped unless the reference reached the target (its solution sets the
  // weights of theta and input; every arm is compared with it).
  const double p_theta = reference.reached ? theta_penalty(reference.final_net, data.x) : 0;
  const double p_input = reference.reached ? input_penalty(reference.final_net, data.x) : 0;
  const ArmSettings arm = dose_arm(penalty, strength, base_lr, stop.loss_target, p_theta, p_input, lambda_max);
  const bool is_reference = penalty != "lr" && strength == 0;
  const bool runnable = reference.reached && arm.learning_rate > 0;
  const ArmResult result = !runnable ? ArmResult{} : is_reference ? reference : train_arm(net0, data, arm, stop, grid_points);
  row.set("skipped", runnable ? 0 : 1)
      .set("lr", arm.learning_rate)
      .set("weight", arm.lambda_theta + arm.lambda_loss + arm.mu_input)
      .set("reached", result.reached ? 1 : 0)
      .set("diverged", result.diverged ? 1 : 0)
      .set("steps", static_cast<std::int64_t>(result.steps))
      .set("loss", result.loss);
  if (result.reached) {
    row.set("dirichlet_grid", result.metrics.dirichlet_grid)
        .set("dirichlet_train", result.metrics.dirichlet_train)
        .set("arc_length", result.metrics.arc_length);
  }
  return row;
}

}  // namespace gradient_penalty
