#pragma once
// Adam (Kingma and Ba 2015, Algorithm 1, with bias correction) over a list of parameter
// blocks; optional decoupled weight decay (AdamW, Loshchilov and Hutter 2019).
//
//   tl::nn::AdamConfig config;  config.learning_rate = 1e-3;
//   tl::nn::Adam adam(net, config);
//   adam.step(net, grads);     // θ ← θ − lr·m̂/(√v̂ + ε) − lr·wd·θ
#include <cmath>
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

// One Adam update of one parameter block in scalar T (float or double), at step t ≥ 1:
//   m ← β1 m + (1−β1) g,  v ← β2 v + (1−β2) g²,
//   p ← p (1 − lr·wd) − lr · (m/c1) / (√(v/c2) + ε),  c1 = 1 − β1^t, c2 = 1 − β2^t.
// p, g, m, v [n]. The constants are computed in double and rounded to T once (PyTorch
// does the same with Python floats); with T = double this is exactly Adam::step.
template <class T>
void adam_update(Eigen::Map<Eigen::Matrix<T, Eigen::Dynamic, 1>> p, Eigen::Map<const Eigen::Matrix<T, Eigen::Dynamic, 1>> g,
                 Eigen::Matrix<T, Eigen::Dynamic, 1>& m, Eigen::Matrix<T, Eigen::Dynamic, 1>& v, const AdamConfig& config,
                 long t) {
  const T c1 = static_cast<T>(1.0 - std::pow(config.beta1, static_cast<double>(t)));
  const T c2 = static_cast<T>(1.0 - std::pow(config.beta2, static_cast<double>(t)));
  const T lr = static_cast<T>(config.learning_rate), eps = static_cast<T>(config.epsilon);
  m = static_cast<T>(config.beta1) * m + static_cast<T>(1.0 - config.beta1) * g;
  v = static_cast<T>(config.beta2) * v + static_cast<T>(1.0 - config.beta2) * g.cwiseAbs2();
  if (config.weight_decay != 0) p *= static_cast<T>(1.0 - config.learning_rate * config.weight_decay);
  p.array() -= lr * (m.array() / c1) / ((v.array() / c2).sqrt() + eps);
}

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
