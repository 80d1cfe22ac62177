#pragma once
// One input x through an MLP and a scalar head f: the per-sample backward pass
// (δ_t, ∇_W f, ∇_b f, ∇_x f) and the forward propagation of the input Jacobians
// J_t = ∂h[t]/∂x (kexue.fm 8796: J_1 = I, J_{t+1} = diag(g'(z^(t+1))) W^(t) J_t).
#include <vector>

#include <Eigen/Core>

#include "theorylab/nn/mlp.hpp"
#include "theorylab/nn/scalar_head.hpp"

namespace tl::nn {

// cache of ONE sample (batch 1) → J[t] = ∂h[t]/∂x [n_t, n_0], t = 0..l; J[0] = I
void input_jacobians_forward(const Mlp& mlp, const MlpCache& cache, std::vector<Eigen::MatrixXd>& J);

struct SampleGradients {
  double f = 0;                     // f(h[l](x))
  MlpCache cache;                   // z[t] [n_{t+1},1], h[t] [n_t,1]
  MlpGrads grads;                   // dW[t] = ∇_{W[t]} f = δ_t h[t]ᵀ, db[t] = δ_t, dz[t] = δ_t, dx = ∇_x f
  std::vector<Eigen::MatrixXd> J;   // J[t] [n_t, n_0] (filled if requested)
};

// x [n_0] → f, δ_t, ∇_θ f, ∇_x f and (optionally) every J_t.
void sample_gradients(const Mlp& mlp, const ScalarHead& head, const Eigen::VectorXd& x, SampleGradients& out,
                      bool with_jacobians = true);

}  // namespace tl::nn
