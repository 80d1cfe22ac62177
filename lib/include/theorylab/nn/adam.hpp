#pragma once
// Adam (Kingma and Ba 2015, Algorithm 1, with bias correction) over a list of parameter
// blocks; optional decoupled weight decay (AdamW, Loshchilov and Hutter 2019).
//
//   tl::nn::AdamConfig config;  config.learning_rate = 1e-3;
//   tl::nn::Adam adam(net, config);
//   adam.step(net, grads);     // θ ← θ − lr·m̂/(√v̂ + ε) − lr·wd·θ
#include <vector>

#include <Eigen/Core>

#include "theorylab/nn/mlp.hpp"

namespace tl::nn {

struct AdamConfig {
  double learning_rate = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double epsilon = 1e-8;
  double weight_decay = 0.0;  // decoupled (AdamW); 0 = plain Adam
};

class Adam {
 public:
  // One moment pair per block, of these sizes (all zero at the start).
  Adam(const std::vector<Eigen::Index>& block_sizes, AdamConfig config);
  // Blocks W[0], b[0], W[1], b[1], ... of this network (the order of parameter_views).
  Adam(const Mlp& mlp, AdamConfig config);

  // One update of every block; params[i] and grads[i] must have block i's size.
  void step(const std::vector<Eigen::Map<Eigen::VectorXd>>& params,
            const std::vector<Eigen::Map<const Eigen::VectorXd>>& grads);
  void step(Mlp& mlp, const MlpGrads& grads);

  void set_learning_rate(double lr) { config_.learning_rate = lr; }
  const AdamConfig& config() const { return config_; }
  long steps() const { return steps_; }

 private:
  AdamConfig config_;
  std::vector<Eigen::VectorXd> m_, v_;
  long steps_ = 0;
};

}  // namespace tl::nn
