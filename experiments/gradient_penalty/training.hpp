#pragma once
// Part 2: full-batch gradient descent on the 1-D regression with the arms of the
// docs/science/gradient_penalty.md, stopped at a common training loss ("equal training loss").
//   A: plain GD at a learning rate;  B: + λ_θ·mean‖∇_θ f(x_i)‖²;  C: + λ_L·‖∇_θ L‖²;
//   D: + μ·mean‖∇_x f(x_i)‖² (the reference input-gradient penalty).
#include <string>
#include <vector>

#include <Eigen/Core>

#include "gradient_penalty/penalties.hpp"

namespace gradient_penalty {

struct ArmSettings {
  std::string name;           // "A0", "A1", ..., "B", "C", "D"
  double learning_rate = 0.1;
  double lambda_theta = 0;    // B
  double lambda_loss = 0;     // C
  double mu_input = 0;        // D
};

struct StopRule {
  double loss_target = 0.01;  // stop at the first step with L ≤ this
  long max_steps = 20000;
  long trace_every = 100;     // factor snapshots every this many steps (and at the stop)
  double fd_step = 1e-4;      // ε of the finite differences of gradients
};

// The factors of the bracket Σ_t (1 + ‖h_t‖²)/(‖W_t‖²‖J_t‖²), averaged over the training inputs.
struct Factors {
  std::vector<double> h_norm;     // mean_i ‖h_t(x_i)‖, t = 0..l-1
  std::vector<double> w_norm;     // ‖W_t‖ spectral
  std::vector<double> j_norm;     // mean_i ‖J_t(x_i)‖ (spectral; J_0 = I)
  double bracket = 0;             // mean_i of the bracket over inputs where it is defined
  double ratio = 0;               // mean_i LHS/RHS of the inequality (defined inputs)
  int undefined = 0;              // inputs with a zero denominator
};
Factors measure_factors(const tl::nn::Mlp& net, const Eigen::MatrixXd& x);

struct CurveMetrics {
  double dirichlet_train = 0;  // mean_i ‖∇_x f(x_i)‖² on the training inputs
  double dirichlet_grid = 0;   // mean of f'(x)² over a uniform grid of [−1, 1]
  double arc_length = 0;       // ∫_{−1}^{1} √(1 + f'(x)²) dx, trapezoid on the grid
};
CurveMetrics curve_metrics(const tl::nn::Mlp& net, const Eigen::MatrixXd& x_train, int grid_points);

struct ArmResult {
  ArmSettings settings;
  bool reached = false;    // L ≤ loss_target within max_steps
  bool diverged = false;   // a non-finite loss or gradient
  long steps = 0;
  double loss = 0;         // data loss at the stop
  CurveMetrics metrics;    // at the stop
  Factors start, end;
  tl::nn::Mlp final_net;   // the network at the stop
  Eigen::MatrixXd trace;   // rows: step, loss, bracket, ratio, then h_t, W_t, J_t for every t
};

ArmResult train_arm(tl::nn::Mlp net, const RegressionData& data, const ArmSettings& arm, const StopRule& stop,
                    int grid_points);

}  // namespace gradient_penalty
