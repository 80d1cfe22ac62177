#include "theorylab/nn/per_sample.hpp"

#include <stdexcept>

namespace tl::nn {

void input_jacobians_forward(const Mlp& mlp, const MlpCache& cache, std::vector<Eigen::MatrixXd>& J) {
  if (cache.batch() != 1) throw std::invalid_argument("input_jacobians_forward: needs the cache of one sample");
  const std::size_t depth = mlp.layers.size();
  J.resize(depth + 1);
  J[0] = Eigen::MatrixXd::Identity(mlp.input_dim(), mlp.input_dim());
  Eigen::MatrixXd gprime;
  for (std::size_t t = 0; t < depth; ++t) {
    const Layer& layer = mlp.layers[t];
    activation_derivative(gprime, cache.z[t], cache.h[t + 1], layer.activation);
    J[t + 1].noalias() = layer.W * J[t];
    J[t + 1] = gprime.col(0).asDiagonal() * J[t + 1];
  }
}

void sample_gradients(const Mlp& mlp, const ScalarHead& head, const Eigen::VectorXd& x, SampleGradients& out,
                      bool with_jacobians) {
  mlp_forward(mlp, x, out.cache);
  out.f = scalar_head_forward(head, out.cache.output())(0);
  Eigen::MatrixXd dy;
  scalar_head_backward(dy, head, out.cache.output());
  mlp_backward(mlp, out.cache, dy, out.grads, true);
  if (with_jacobians) input_jacobians_forward(mlp, out.cache, out.J);
}

}  // namespace tl::nn
