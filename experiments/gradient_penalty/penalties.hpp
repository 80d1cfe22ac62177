#pragma once
// Part 2: 1-D regression loss and the three penalties of docs/science/gradient_penalty.md, with their
// parameter gradients. f(x) is the network's scalar output (out dim 1).
//
// Second derivatives are taken by CENTRAL FINITE DIFFERENCES OF EXACT (backprop)
// GRADIENTS, not by an exact Hessian-vector product: for a direction u with ‖u‖ = 1,
//   H u ≈ (∇g(θ + εu) − ∇g(θ − εu)) / (2ε),   error O(ε²) + O(machine ε / ε).
// Tested against central differences of the penalty values (tests/gradient_penalty).
#include <Eigen/Core>

#include "theorylab/core/random.hpp"
#include "theorylab/nn/mlp.hpp"

namespace gradient_penalty {

struct RegressionData {
  Eigen::MatrixXd x;  // [1, n], sorted, uniform on [−1, 1]
  Eigen::VectorXd y;  // [n], sin(π x) + noise·N(0, 1)
};
RegressionData make_sine_data(int points, double noise, tl::Rng& rng);

// Every flat vector below lists θ in the order of tl::nn::flatten_parameters.

// L(θ) = (1/2n) Σ_i (f(x_i) − y_i)²; gradient ∇_θ L.
double data_loss(const tl::nn::Mlp& net, const RegressionData& data);
Eigen::VectorXd data_loss_gradient(const tl::nn::Mlp& net, const RegressionData& data, double* loss = nullptr);

// (B) P_θ = (1/n) Σ_i ‖∇_θ f(x_i)‖² = (1/n) Σ_i Σ_t ‖δ_t‖²(1 + ‖h_t‖²); gradient (2/n) Σ_i H_i ∇_θ f(x_i).
double theta_penalty(const tl::nn::Mlp& net, const Eigen::MatrixXd& x);
Eigen::VectorXd theta_penalty_gradient(const tl::nn::Mlp& net, const Eigen::MatrixXd& x, double fd_step);

// (C) P_L = ‖∇_θ L‖²; gradient 2 H_L ∇_θ L.
double loss_gradient_penalty(const tl::nn::Mlp& net, const RegressionData& data);
Eigen::VectorXd loss_gradient_penalty_gradient(const tl::nn::Mlp& net, const RegressionData& data, double fd_step);

// (D) P_x = (1/n) Σ_i ‖∇_x f(x_i)‖²; gradient (2/n) Σ_i ∂_x[∇_θ f](x_i) · ∇_x f(x_i), the mixed
// derivative as a central difference in x along ∇_x f.
double input_penalty(const tl::nn::Mlp& net, const Eigen::MatrixXd& x);
Eigen::VectorXd input_penalty_gradient(const tl::nn::Mlp& net, const Eigen::MatrixXd& x, double fd_step);

// Sharpness λ_max: the largest eigenvalue of the Hessian H_L of L at `net`, by power
// iteration on H_L u (central differences of ∇_θ L with step fd_step), from a fixed start
// vector (u_i ∝ sin(i + 1): deterministic, no generator), at most `iterations` products,
// stopping when the Rayleigh quotient uᵀH_L u changes by less than 1e-6 relative. Power
// iteration finds the eigenvalue of largest magnitude; near a fitted solution H_L is close
// to its positive semi-definite Gauss–Newton part. Returns that quotient (1/unit of L per
// unit θ²; may be ≤ 0 far from a minimum). Gradient descent on L is stable near θ for
// rates below 2/λ_max (the "edge of stability"). iterations >= 1, fd_step > 0.
double loss_sharpness(const tl::nn::Mlp& net, const RegressionData& data, double fd_step, int iterations);

// ∇_x f at every column of x: [n_0, n]. (Batched backward with d_output = 1.)
Eigen::MatrixXd input_gradients(const tl::nn::Mlp& net, const Eigen::MatrixXd& x);

}  // namespace gradient_penalty
