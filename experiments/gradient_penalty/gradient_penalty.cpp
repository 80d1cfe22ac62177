// gradient_penalty: Su Jianlin, kexue.fm 8796 (2021-12-11), after Dherin, Munn, Barrett,
// arXiv 2111.15090. Part 1 checks the inequality, its per-layer pieces and its equality
// cases on random MLPs (one sweep point = one configuration, `networks` × `inputs`
// samples); part 2 trains a 1-D regression with plain GD and three penalties and
// compares them at equal training loss. The reduction is in reduce.cpp.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "gradient_penalty/experiment.hpp"
#include "gradient_penalty/inequality.hpp"
#include "gradient_penalty/training.hpp"
#include "theorylab/core/cancellation.hpp"
#include "theorylab/core/claim.hpp"
#include "theorylab/core/error.hpp"

namespace gradient_penalty {

namespace {

// The columns of a training trace: step, loss, bracket, ratio, then ‖h_t‖, ‖W_t‖, ‖J_t‖
// for every layer t = 0..l-1 (training.hpp, TrainResult::trace).
std::vector<std::string> trace_column_names(Eigen::Index cols) {
  std::vector<std::string> names{"step", "loss", "bracket", "ratio"};
  const Eigen::Index layers = (cols - 4) / 3;
  for (const char* what : {"h_norm_", "W_norm_", "J_norm_"})
    for (Eigen::Index t = 0; t < layers; ++t) names.push_back(what + std::to_string(t));
  if (static_cast<Eigen::Index>(names.size()) != cols) return {};  // an unexpected layout: leave unnamed
  return names;
}


using tl::nn::Activation;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// The largest row part=inequality may write: its per-sample series (kept in memory, then
// in the journal, whose records stop at 1 GiB) stay well below both limits.
constexpr double kMaxRowBytes = 256.0 * (1 << 20);

// Median, min, max, mean of the finite entries (NaN if none).
struct Stats {
  double min = kNaN, median = kNaN, mean = kNaN, max = kNaN;
};
Stats stats_of(std::vector<double> v) {
  v.erase(std::remove_if(v.begin(), v.end(), [](double x) { return !std::isfinite(x); }), v.end());
  Stats s;
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  s.min = v.front();
  s.max = v.back();
  const std::size_t n = v.size();
  s.median = n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
  double sum = 0;
  for (double x : v) sum += x;
  s.mean = sum / static_cast<double>(n);
  return s;
}

Activation output_activation_of(const tl::Point& point, Activation hidden) {
  return point.text("output_activation") == "same" ? hidden : Activation::Identity;
}

}  // namespace

// ---- part 1 ------------------------------------------------------------------------
tl::Row run_inequality(const tl::Point& point, tl::Rng& rng) {
  const int depth = static_cast<int>(point.integer("depth"));
  const int width = static_cast<int>(point.integer("width"));
  const int in_dim = static_cast<int>(point.integer("in_dim"));
  const int out_dim = static_cast<int>(point.integer("out_dim"));
  const Activation activation = tl::nn::parse_activation(point.text("activation"));
  const tl::nn::Init init = tl::nn::parse_init(point.text("init"));
  const double init_scale = point.real("init_scale"), bias_scale = point.real("bias_scale");
  const tl::nn::HeadKind head_kind = tl::nn::parse_head(point.text("head"));
  const int networks = static_cast<int>(point.integer("networks"));
  const int inputs = static_cast<int>(point.integer("inputs"));
  const tl::nn::MlpSpec spec =
      tl::nn::uniform_spec(in_dim, width, out_dim, depth, activation, output_activation_of(point, activation));
  // Equality case (b): square deep linear network, scaled-orthogonal weights (width capped
  // at 32 to bound the SVD cost; the identity does not depend on the width). One such
  // network per row, the one-layer case (a) once per network.
  const int square = std::min(width, 32);
  const tl::nn::MlpSpec linear_spec =
      tl::nn::uniform_spec(square, square, square, depth, Activation::Identity, Activation::Identity);
  const int equality_inputs = std::min(inputs, 2);

  std::vector<double> lhs, rhs, ratio, ratio_frob;
  Eigen::MatrixXd r_matrix(static_cast<Eigen::Index>(networks) * inputs, depth);
  std::int64_t undefined = 0, violations = 0, multiplied = 0, frob_above = 0, r_undefined = 0, underflow = 0;
  double grad_x_error = 0, param_error = 0, weighted_error = 0;
  double eq_one_dev = 0, eq_linear_dev = 0;
  std::int64_t eq_one_defined = 0, eq_one_undefined = 0, eq_linear_defined = 0, eq_linear_undefined = 0;
  double eq_identity_error = 0;
  Eigen::Index k = 0;
  for (int n = 0; n < networks; ++n) {
    tl::throw_if_cancelled();
    const tl::nn::Mlp net = tl::nn::make_mlp(spec, init, init_scale, bias_scale, rng);
    const tl::nn::ScalarHead head = tl::nn::random_head(head_kind, out_dim, rng);
    const WeightNorms norms = weight_norms(net);
    for (int i = 0; i < inputs; ++i, ++k) {
      tl::throw_if_cancelled();  // one input: a Jacobian chain through every layer (up to 64 x 4096^2)
      const Eigen::VectorXd x = tl::nn::gaussian_matrix(in_dim, 1, 1.0, rng);
      const SampleCheck c = check_sample(net, norms, head, x);
      grad_x_error = std::max(grad_x_error, c.grad_x_identity_error);
      param_error = std::max(param_error, c.param_identity_error);
      multiplied += c.multiplied_violations;
      underflow += c.underflow ? 1 : 0;
      for (int t = 0; t < depth; ++t) {
        r_matrix(k, t) = c.r[t];
        if (!std::isfinite(c.r[t])) ++r_undefined;
      }
      if (!c.defined) {
        ++undefined;
        lhs.push_back(kNaN);
        rhs.push_back(c.rhs);
        ratio.push_back(kNaN);
        ratio_frob.push_back(kNaN);
        continue;
      }
      weighted_error = std::max(weighted_error, c.weighted_mean_error);
      lhs.push_back(c.lhs);
      rhs.push_back(c.rhs);
      ratio.push_back(c.ratio);
      ratio_frob.push_back(c.ratio_frobenius);
      if (c.ratio > 1 + kViolationTolerance) ++violations;
      if (c.ratio_frobenius > c.ratio * (1 + 1e-12)) ++frob_above;
    }
    // Equality case (a): one layer, scalar output, the row's activation.
    {
      const tl::nn::Mlp one = tl::nn::make_mlp(tl::nn::MlpSpec{{in_dim, 1}, {activation}}, init, init_scale,
                                               bias_scale, rng);
      const tl::nn::ScalarHead h1 = tl::nn::random_head(head_kind, 1, rng);
      const WeightNorms n1 = weight_norms(one);
      for (int i = 0; i < equality_inputs; ++i) {
        const SampleCheck c = check_sample(one, n1, h1, tl::nn::gaussian_matrix(in_dim, 1, 1.0, rng));
        if (!c.defined) {
          ++eq_one_undefined;
          continue;
        }
        ++eq_one_defined;
        eq_one_dev = std::max(eq_one_dev, std::abs(c.ratio - 1));
        eq_identity_error = std::max({eq_identity_error, c.grad_x_identity_error, c.param_identity_error});
      }
    }
    // Equality case (b): deep linear, square, scaled-orthogonal, biases of the row's scale.
    if (n == 0) {
      const tl::nn::Mlp lin = tl::nn::make_mlp(linear_spec, tl::nn::Init::Orthogonal, init_scale, bias_scale, rng);
      const tl::nn::ScalarHead hl = tl::nn::random_head(head_kind, square, rng);
      const WeightNorms nl = weight_norms(lin);
      for (int i = 0; i < equality_inputs; ++i) {
        const SampleCheck c = check_sample(lin, nl, hl, tl::nn::gaussian_matrix(square, 1, 1.0, rng));
        if (!c.defined) {
          ++eq_linear_undefined;
          continue;
        }
        ++eq_linear_defined;
        eq_linear_dev = std::max(eq_linear_dev, std::abs(c.ratio - 1));
        eq_identity_error = std::max({eq_identity_error, c.grad_x_identity_error, c.param_identity_error});
      }
    }
  }

  const Stats s = stats_of(ratio), sf = stats_of(ratio_frob);
  tl::Row row;
  row.set("samples", static_cast<std::int64_t>(networks) * inputs)
      .set("undefined", undefined)
      .set("violations", violations)
      .set("multiplied_violations", multiplied)
      .set("frobenius_above_spectral", frob_above)
      .set("ratio_min", s.min)
      .set("ratio_median", s.median)
      .set("ratio_mean", s.mean)
      .set("ratio_max", s.max)
      .set("ratio_frobenius_median", sf.median)
      .set("ratio_frobenius_max", sf.max)
      .set("r_undefined", r_undefined)
      .set("underflow_samples", underflow)
      .set("grad_x_identity_error", grad_x_error)
      .set("param_identity_error", param_error)
      .set("weighted_mean_error", weighted_error)
      .set("eq_one_layer_max_dev", eq_one_dev)
      .set("eq_one_layer_defined", eq_one_defined)
      .set("eq_one_layer_undefined", eq_one_undefined)
      .set("eq_deep_linear_max_dev", eq_linear_dev)
      .set("eq_deep_linear_defined", eq_linear_defined)
      .set("eq_deep_linear_undefined", eq_linear_undefined)
      .set("eq_identity_error", eq_identity_error);
  std::vector<double> r_mean(depth);
  for (int t = 0; t < depth; ++t) {
    std::vector<double> col(r_matrix.rows());
    for (Eigen::Index j = 0; j < r_matrix.rows(); ++j) col[j] = r_matrix(j, t);
    r_mean[t] = stats_of(col).mean;
  }
  // Per-sample series; NaN marks an undefined sample (zero denominator) or an undefined r_t.
  row.series("lhs", lhs).series("rhs", rhs).series("ratio", ratio).series("ratio_frobenius", ratio_frob);
  row.series("r", r_matrix).series("r_mean", r_mean);
  return row;
}

// ---- part 2 ------------------------------------------------------------------------
tl::Row run_training(const tl::Point& point, tl::Rng& rng) {
  const int depth = static_cast<int>(point.integer("depth"));
  const int width = static_cast<int>(point.integer("width"));
  const Activation activation = tl::nn::parse_activation(point.text("activation"));
  const tl::nn::Init init = tl::nn::parse_init(point.text("init"));
  const std::vector<double>& lrs = point.reals("lrs");
  StopRule stop;
  stop.loss_target = point.real("loss_target");
  stop.max_steps = point.integer("max_steps");
  stop.trace_every = std::max<long>(1, stop.max_steps / 50);
  stop.fd_step = point.real("fd_step");
  const int grid_points = static_cast<int>(point.integer("grid_points"));

  tl::Rng data_rng = rng.split(1), init_rng = rng.split(2);
  const RegressionData data = make_sine_data(static_cast<int>(point.integer("train_points")), point.real("noise"), data_rng);
  const tl::nn::Mlp net0 = tl::nn::make_mlp(tl::nn::uniform_spec(1, width, 1, depth, activation, Activation::Identity),
                                            init, point.real("init_scale"), point.real("bias_scale"), init_rng);

  std::vector<ArmSettings> arms;
  for (std::size_t i = 0; i < lrs.size(); ++i) {
    ArmSettings a;
    a.name = "A" + std::to_string(i);
    a.learning_rate = lrs[i];
    arms.push_back(a);
  }
  // The penalised arms run at the first (smallest) learning rate, the reference A0.
  // B and D: λ = rel · loss_target / P(θ_A0), with θ_A0 where plain GD (A0) stopped, so that
  // at the reference solution the penalty adds rel times the target loss.
  // C: GD at rate h follows the flow of L + (h/4)‖∇L‖² (implicit gradient regularisation,
  // Barrett and Dherin 2021), so C's λ = igr_multiple · lr_max/4, an explicit version of
  // (a multiple of) the implicit term of the largest learning rate of arm A.
  const double base_lr = lrs.front(), target = stop.loss_target;
  std::vector<ArmResult> results;
  results.push_back(train_arm(net0, data, arms.front(), stop, grid_points));
  const tl::nn::Mlp& reference = results.front().final_net;
  double p_theta = 0, p_loss = 0, p_input = 0;
  if (!results.front().diverged) {
    p_theta = theta_penalty(reference, data.x);
    p_loss = loss_gradient_penalty(reference, data);
    p_input = input_penalty(reference, data.x);
  }
  auto weight = [&](const char* name, double p0) { return p0 > 0 ? point.real(name) * target / p0 : 0.0; };
  if (point.real("rel_theta") > 0 && p_theta > 0) arms.push_back({"B", base_lr, weight("rel_theta", p_theta), 0, 0});
  if (point.real("igr_multiple") > 0) arms.push_back({"C", base_lr, 0, point.real("igr_multiple") * lrs.back() / 4, 0});
  if (point.real("rel_input") > 0 && p_input > 0) arms.push_back({"D", base_lr, 0, 0, weight("rel_input", p_input)});
  for (std::size_t a = 1; a < arms.size(); ++a) results.push_back(train_arm(net0, data, arms[a], stop, grid_points));

  tl::Row row;
  row.set("arms", static_cast<std::int64_t>(arms.size()))
      .set("initial_loss", data_loss(net0, data))
      .set("A0_theta_penalty", p_theta)
      .set("A0_loss_gradient_penalty", p_loss)
      .set("A0_input_penalty", p_input);
  std::vector<double> grid(grid_points);
  for (int g = 0; g < grid_points; ++g) grid[g] = -1.0 + 2.0 * g / (grid_points - 1);
  row.series("train_x", std::vector<double>(data.x.data(), data.x.data() + data.x.size()))
      .series("train_y", std::vector<double>(data.y.data(), data.y.data() + data.y.size()))
      .series("grid_x", grid);
  auto log_ratio = [](double end, double start) { return (end > 0 && start > 0) ? std::log(end / start) : kNaN; };
  auto max_abs_log_ratio = [&](const std::vector<double>& end, const std::vector<double>& start) {
    double m = 0;
    for (std::size_t t = 0; t < end.size(); ++t) {
      const double l = log_ratio(end[t], start[t]);
      if (!std::isfinite(l)) return kNaN;
      m = std::max(m, std::abs(l));
    }
    return m;
  };
  for (std::size_t a = 0; a < arms.size(); ++a) {
    const ArmSettings& arm = arms[a];
    const ArmResult& res = results[a];
    const std::string p = arm.name + "_";
    row.set(p + "lr", arm.learning_rate)
        .set(p + "weight", arm.lambda_theta + arm.lambda_loss + arm.mu_input)
        .set(p + "reached", res.reached ? 1 : 0)
        .set(p + "diverged", res.diverged ? 1 : 0)
        .set(p + "steps", static_cast<std::int64_t>(res.steps))
        .set(p + "loss", res.loss);
    if (!res.diverged) {
      row.set(p + "dirichlet_train", res.metrics.dirichlet_train)
          .set(p + "dirichlet_grid", res.metrics.dirichlet_grid)
          .set(p + "arc_length", res.metrics.arc_length)
          .set(p + "bracket_start", res.start.bracket)
          .set(p + "bracket_end", res.end.bracket)
          .set(p + "bracket_drift", log_ratio(res.end.bracket, res.start.bracket))
          .set(p + "W_drift", max_abs_log_ratio(res.end.w_norm, res.start.w_norm))
          .set(p + "h_drift", max_abs_log_ratio(res.end.h_norm, res.start.h_norm))
          .set(p + "J_drift", max_abs_log_ratio(res.end.j_norm, res.start.j_norm))
          .set(p + "ratio_start", res.start.ratio)
          .set(p + "ratio_end", res.end.ratio);
    }
    row.series("trace_" + arm.name, res.trace, "", trace_column_names(res.trace.cols()));
  }
  return row;
}

// ---- declaration ---------------------------------------------------------------------
tl::ExperimentInfo GradientPenalty::info() const {
  tl::ExperimentInfo info;
  info.name = "gradient_penalty";
  info.title = "Input- vs parameter-gradient penalty: ‖∇_x f‖²·Σ(1+‖h‖²)/(‖W‖²‖J‖²) ≤ ‖∇_θ f‖²";
  info.source =
      "Su Jianlin, kexue.fm 8796 (2021-12-11) \"输入梯度惩罚与参数梯度惩罚的一个不等式\", after Dherin, Munn, Barrett, "
      "\"The Geometric Occam's Razor Implicit in Deep Learning\", arXiv 2111.15090";
  info.description =
      "part=inequality: for random MLPs (depth, width, input/output dimension, activation, Gaussian or "
      "scaled-orthogonal initialisation, bias scale, scalar head f) computes per sample both sides of 8796's "
      "inequality with spectral norms from an exact SVD, the ratio, every per-layer tightness r_t, the "
      "Frobenius-denominator ratio, the per-layer identities and the multiplied-out form, and the two equality "
      "cases (one layer with scalar output; deep linear square scaled-orthogonal net). Zero denominators (dead "
      "ReLU layers, zero weights) are counted as undefined. part=training: 1-D regression of sin(pi x) + noise, "
      "MLP 1-width-...-1, full-batch GD with arms A (plain, several learning rates), B (+lambda mean|grad_theta "
      "f|^2), C (+lambda |grad_theta L|^2), D (+mu mean|grad_x f|^2), all stopped at the same training loss; "
      "penalty gradients by central differences of backprop gradients. Reports Dirichlet energy, arc length and "
      "the drift of |h_t|, |W_t|, |J_t| along training. part=dose: one arm of part 2 at one strength of one penalty "
      "(or one learning rate, as a fraction of the stability edge 2/lambda_max), every point of a replicate on the same "
      "data and initialisation; the reduction tests the trend of Dirichlet energy and arc length in the strength.";
  const std::vector<std::string> activations = {"tanh", "relu", "gelu", "sigmoid", "identity"};
  info.params = {
      tl::choice("part", "inequality", {"inequality", "training", "dose"})
          .help("inequality: random-network check (part 1); training: the GD arms (part 2); dose: one arm at one "
                "strength, for the dose-response (part 3)"),
      tl::integer("depth", 3).at_least(1).at_most(64).unit("layers").help("number of weight layers l"),
      tl::integer("width", 64).at_least(1).at_most(4096).help("hidden width"),
      tl::integer("in_dim", 8).at_least(1).at_most(4096).help("input dimension (inequality; training uses 1)")
          .used_only_when("part", {"inequality"}),
      tl::integer("out_dim", 4).at_least(1).at_most(4096).help("output dimension (inequality; training uses 1)")
          .used_only_when("part", {"inequality"}),
      tl::choice("activation", "tanh", activations).help("hidden activation g (GELU is the exact erf one)"),
      tl::choice("output_activation", "same", {"same", "identity"})
          .help("inequality: last layer's activation, the hidden one or identity (training: always identity)")
          .used_only_when("part", {"inequality"}),
      tl::choice("init", "gaussian", {"gaussian", "orthogonal"})
          .help("weights N(0, s^2/fan_in), or s times a (semi-)orthogonal matrix (QR of a Gaussian)"),
      tl::real("init_scale", 1.0).at_least(0).help("s of the initialisation (0 gives zero weights: undefined)"),
      tl::real("bias_scale", 0.1).at_least(0).help("biases ~ N(0, bias_scale^2)"),
      tl::choice("head", "readout", {"readout", "squared_error", "logsumexp"})
          .help("inequality: scalar f of the output: random linear read-out, 1/2|y - target|^2, log-sum-exp")
          .used_only_when("part", {"inequality"}),
      tl::integer("networks", 20).at_least(1).at_most(1e6).help("inequality: random networks per point")
          .used_only_when("part", {"inequality"}),
      tl::integer("inputs", 10).at_least(1).at_most(1e6).help("inequality: random inputs x ~ N(0, I) per network")
          .used_only_when("part", {"inequality"}),
      tl::integer("train_points", 16).at_least(2).at_most(1e6).help("training: points of sin(pi x) + noise, x ~ U[-1, 1]")
          .used_only_when("part", {"training", "dose"}),
      tl::real("noise", 0.1).at_least(0).help("training: label noise standard deviation")
          .used_only_when("part", {"training", "dose"}),
      tl::real_list("lrs", "0.05,0.1,0.2").greater_than(0).increasing()
          .help("training: learning rates of arm A; B, C, D use the first")
          .used_only_when("part", {"training", "dose"}),
      tl::real("rel_theta", 0.5).at_least(0)
          .help("training: arm B weight lambda = rel_theta * loss_target / P(theta_A0) of mean |grad_theta f|^2, P at plain GD's solution (0: skip)")
          .used_only_when("part", {"training"}),
      tl::real("igr_multiple", 1.0).at_least(0)
          .help("training: arm C weight of |grad_theta L|^2 is igr_multiple * max(lrs)/4 (0: skip)")
          .used_only_when("part", {"training"}),
      tl::real("rel_input", 0.5).at_least(0)
          .help("training: arm D, the rule of rel_theta for mean |grad_x f|^2 (0: skip)")
          .used_only_when("part", {"training"}),
      tl::choice("penalty", "theta", {"theta", "loss_gradient", "input", "lr"})
          .help("dose: what `strength` sets: the weight of mean |grad_theta f|^2, of |grad_theta L|^2, of mean "
                "|grad_x f|^2, or plain GD's learning rate")
          .used_only_when("part", {"dose"}),
      tl::real("strength", 1.0).at_least(0)
          .help("dose: theta, input: weight = strength * loss_target / P at plain GD's solution (the rel_theta rule); "
                "loss_gradient: weight = strength * lrs[0]/4 (the igr_multiple rule); lr: rate = strength * 2/lambda_max "
                "(fraction of the edge of stability; > 0). Penalties train at lrs[0]; 0 = plain GD")
          .used_only_when("part", {"dose"}),
      tl::real("loss_target", 0.005).greater_than(0).help("training: stop every arm at this training loss (0.005 = noise^2/2 at noise 0.1: a fit at the noise level)")
          .used_only_when("part", {"training", "dose"}),
      tl::integer("max_steps", 20000).at_least(1).at_most(1e9).help("training: step limit per arm")
          .used_only_when("part", {"training", "dose"}),
      tl::integer("grid_points", 201).at_least(2).at_most(1e7).help("training: grid on [-1, 1] for Dirichlet energy and arc length")
          .used_only_when("part", {"training", "dose"}),
      tl::real("fd_step", 1e-4).greater_than(0).help("training: step of the central differences of gradients")
          .used_only_when("part", {"training", "dose"}),
  };
  const std::string sweep_quick = "activation=tanh,relu,gelu,sigmoid,identity";
  // part=dose blocks (docs/science/gradient_penalty.md, "Dose-response"): the relative
  // penalty weights and the IGR multiple over 0 and 3 decades, the learning rate over
  // fractions of the stability edge up to 0.8; both activations, 5 seeds; 1-32-32-1, not
  // part 2's 1-64-64-1: at width 64 a theta-penalty arm took 5-35 CPU-s (16 per-sample
  // Hessian-vector products a step), at width 32 the whole preset takes about a minute.
  const std::vector<std::string> dose = {
      "+", "part=dose", "depth=3", "width=32", "activation=tanh,relu", "lrs=0.05", "max_steps=20000", "loss_target=0.005",
      "penalty=theta,input", "strength=0,0.01,0.1,1,10", "seeds=5",
      "+", "part=dose", "depth=3", "width=32", "activation=tanh,relu", "lrs=0.05", "max_steps=20000", "loss_target=0.005",
      "penalty=loss_gradient", "strength=0,0.1,1,10,100", "seeds=5",
      "+", "part=dose", "depth=3", "width=32", "activation=tanh,relu", "lrs=0.05", "max_steps=20000", "loss_target=0.005",
      "penalty=lr", "strength=0.1,0.2,0.4,0.8", "seeds=5"};
  auto with_dose = [&](std::vector<std::string> assignments) {
    assignments.insert(assignments.end(), dose.begin(), dose.end());
    return assignments;
  };
  info.presets = {
      {"quick",
       {"part=inequality", "depth=1,2,4,8", "width=4,32", "in_dim=3,16", "out_dim=1,5", sweep_quick,
        "init=gaussian,orthogonal", "head=readout,logsumexp", "bias_scale=0.5", "networks=4", "inputs=4"},
       "inequality on 640 configurations (depth 1-8, width 4/32, every activation, both inits, 16 samples each)"},
      {"default",
       with_dose({"part=inequality", "depth=1,2,3,4,6,8", "width=4,16,64,256", "in_dim=1,16", "out_dim=1,8", sweep_quick,
                  "init=gaussian,orthogonal", "init_scale=0.5,1,2", "head=readout,squared_error,logsumexp",
                  "bias_scale=0.3", "networks=3", "inputs=4", "+", "part=training", "depth=3", "width=64",
                  "activation=tanh,relu", "lrs=0.05,0.1,0.2", "max_steps=20000", "loss_target=0.005", "seeds=5"}),
       "inequality on 8640 configurations up to width 256, part 2 as the train preset (5 seeds), then the dose "
       "preset (part 3)"},
      {"paper",
       {"part=inequality", "depth=1,2,3,4,5,6,7,8", "width=4,8,16,32,64,128,256", "in_dim=1,4,16,64", "out_dim=1,4,16",
        sweep_quick, "init=gaussian,orthogonal", "init_scale=0.5,1,1.5,2", "bias_scale=0,0.5",
        "head=readout,squared_error,logsumexp", "networks=10", "inputs=10", "+", "part=training", "depth=3",
        "width=64", "activation=tanh,relu", "lrs=0.02,0.05,0.1,0.2", "max_steps=50000", "loss_target=0.005",
        "seeds=20"},
       "the full sweep of docs/science/gradient_penalty.md, then part 2 as train-paper"},
      {"dose",
       std::vector<std::string>(dose.begin() + 1, dose.end()),
       "part 3 alone: the dose-response of the three penalties (0 and 3 decades) and of the learning rate (to 0.8 of "
       "the stability edge), 1-32-32-1, tanh and ReLU, 5 seeds"},
      {"dose-quick",
       {"part=dose", "depth=3", "width=16", "activation=tanh", "lrs=0.1", "max_steps=3000", "loss_target=0.01",
        "penalty=theta,loss_gradient,input", "strength=0,0.1,1", "+", "part=dose", "depth=3", "width=16",
        "activation=tanh", "lrs=0.1", "max_steps=3000", "loss_target=0.01", "penalty=lr", "strength=0.2,0.8"},
       "part 3 on a 1-16-16-1 tanh net, 3 strengths per penalty and 2 rates, 3 seeds", 3},
      {"train-quick",
       {"part=training", "depth=3", "width=32", "activation=tanh,relu", "lrs=0.05,0.2", "max_steps=4000",
        "loss_target=0.005", "train_points=16"},
       "part 2 on a 1-32-32-1 net, 3 seeds", 3},
      {"train",
       {"part=training", "depth=3", "width=64", "activation=tanh,relu", "lrs=0.05,0.1,0.2", "max_steps=20000",
        "loss_target=0.005"},
       "part 2 as in docs/science/gradient_penalty.md (1-64-64-1, tanh and ReLU), 5 seeds", 5},
      {"train-paper",
       {"part=training", "depth=3", "width=64", "activation=tanh,relu", "lrs=0.02,0.05,0.1,0.2", "max_steps=50000",
        "loss_target=0.005"},
       "part 2 with more learning rates and 20 seeds", 20},
  };
  info.claims = claim_specs();
  // The axes. Part 1's claims hold for every network, so the inequality reduction takes
  // its worst case and medians over every configuration (architecture, init, head,
  // networks and inputs drawn); part 2 pools the learning rates and activations of the
  // training runs; the dose reduction pools the strengths and penalties of a run and the
  // activations (paired within runs). Anything else swept groups the summary.
  info.axes = {"part",  "penalty", "strength", "activation", "depth", "width", "in_dim",   "out_dim",
               "init",  "init_scale", "bias_scale", "head", "networks", "inputs", "lrs", "max_steps"};
  // The figures (tl-plot --figure NAME, tl-report, make plots).
  info.figures = {
      tl::Figure("ratio_histogram", "Median ratio LHS/RHS per configuration, per activation")
          .table("configurations").histogram(30).x("ratio_median").by({"activation"}).logx(),
      tl::Figure("ratio_vs_depth", "Median ratio LHS/RHS against depth: geometric mean, least and largest over configurations")
          .table("ratio_by_depth").x("depth").y({"geomean_median_ratio", "min_median_ratio", "max_median_ratio"}).logy(),
      // part=dose: Dirichlet energy over plain GD's (same run) against the strength, per
      // penalty and for the learning rate (fraction of the stability edge). Runs without
      // part=dose (the quick preset) write no dose_runs: the figure does not apply.
      tl::Figure("dose_response",
                 "dose-response at equal training loss: theta {verdict:theta_penalty_dose_dirichlet}, loss-gradient "
                 "{verdict:loss_gradient_penalty_dose_dirichlet}, input {verdict:input_penalty_dose_dirichlet}, lr "
                 "{verdict:lr_dose_dirichlet}")
          .table("dose_runs").only_with("strength").by({"penalty"}).x("strength").y({"de_ratio"}).logx().drop_nonpositive()
          .theory("1", "plain GD at the base rate (strength 0)")
          .labels("strength (penalty weight, relative; lr: fraction of 2/lambda_max)", "Dirichlet energy / plain GD's"),
  };
  info.main_columns = {"part", "depth", "width", "activation", "init", "samples", "undefined", "violations",
                       "ratio_median", "ratio_max"};
  info.description += " The science (sources, formulas, every part, what each claim checks): docs/science/gradient_penalty.md.";
  return info;
}

void GradientPenalty::validate(const tl::Point& point) const {
  // Memory: weights, their gradients and the Jacobian chain, about 4 matrices of the
  // widest layer per weight layer.
  const double widest = static_cast<double>(
      std::max({point.integer("width"), point.integer("in_dim"), point.integer("out_dim")}));
  const double bytes = 4 * 8.0 * static_cast<double>(point.integer("depth")) * widest * widest;
  // The row: per sample, four values (lhs, rhs, ratio, ratio_frobenius) and one r per
  // layer, all kept in memory and stored as the row's series.
  const double samples = static_cast<double>(point.integer("networks")) * static_cast<double>(point.integer("inputs"));
  const double row_bytes = 8.0 * samples * static_cast<double>(4 + point.integer("depth"));
  if (point.text("part") == "inequality" && row_bytes > kMaxRowBytes)
    throw tl::UsageError("parameters networks x inputs x (depth + 4) = " + tl::format_number(row_bytes / 8) +
                         " per-sample values per point, about " + tl::format_number(std::round(row_bytes / (1 << 20))) +
                         " MiB, beyond " + tl::format_number(kMaxRowBytes / (1 << 20)) + " MiB; lower networks or inputs");
  if (bytes > 4.0 * (1ULL << 30))
    throw tl::UsageError("parameters depth x width^2 (with in_dim, out_dim): about " +
                         tl::format_number(std::round(bytes / (1 << 20))) + " MiB of weights and Jacobians, beyond 4 GiB; lower width or depth");
  if (point.text("part") == "dose" && point.text("penalty") == "lr" && point.real("strength") == 0)
    throw tl::UsageError("parameter strength: 0 with penalty=lr is a zero learning rate (give a fraction of the stability edge > 0)");
  if (point.text("part") != "inequality" && point.integer("width") > 1024)
    throw tl::UsageError("parameter width: " + std::to_string(point.integer("width")) +
                         " is too large for part=" + point.text("part") + " (at most 1024)");
}

tl::Row GradientPenalty::run_point(const tl::Point& point, tl::Rng& rng) const {
  if (point.text("part") == "training") return run_training(point, rng);
  if (point.text("part") == "dose") return run_dose(point, rng);
  return run_inequality(point, rng);
}

}  // namespace gradient_penalty

THEORYLAB_EXPERIMENT(gradient_penalty::GradientPenalty);
