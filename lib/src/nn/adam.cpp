#include "theorylab/nn/adam.hpp"

#include <cmath>
#include <stdexcept>

namespace tl::nn {

Adam::Adam(const std::vector<Eigen::Index>& block_sizes, AdamConfig config) : config_(config) {
  if (!(config.learning_rate > 0)) throw std::invalid_argument("Adam: learning rate must be > 0");
  for (Eigen::Index n : block_sizes) {
    m_.push_back(Eigen::VectorXd::Zero(n));
    v_.push_back(Eigen::VectorXd::Zero(n));
  }
}

namespace {
std::vector<Eigen::Index> block_sizes_of(const Mlp& mlp) {
  std::vector<Eigen::Index> sizes;
  for (const Layer& layer : mlp.layers) {
    sizes.push_back(layer.W.size());
    sizes.push_back(layer.b.size());
  }
  return sizes;
}
}  // namespace

Adam::Adam(const Mlp& mlp, AdamConfig config) : Adam(block_sizes_of(mlp), config) {}

void Adam::step(const std::vector<Eigen::Map<Eigen::VectorXd>>& params,
                const std::vector<Eigen::Map<const Eigen::VectorXd>>& grads) {
  if (params.size() != m_.size() || grads.size() != m_.size())
    throw std::invalid_argument("Adam::step: wrong number of parameter blocks");
  ++steps_;
  for (std::size_t i = 0; i < m_.size(); ++i) {
    if (params[i].size() != m_[i].size() || grads[i].size() != m_[i].size())
      throw std::invalid_argument("Adam::step: block " + std::to_string(i) + " has the wrong size");
    adam_update<double>(params[i], grads[i], m_[i], v_[i], config_, steps_);
  }
}

void Adam::step(Mlp& mlp, const MlpGrads& grads) { step(parameter_views(mlp), gradient_views(grads)); }

}  // namespace tl::nn
