#pragma once
// The paper's network on multitask sparse parity, on top of lib/nn: input
// [onehot(task) ; task bits] → width (ReLU) → 2 logits, softmax cross-entropy, Adam.
//
// The fast path (docs/science/quantization_scaling.md, Part B): the first layer's product with the one-hot
// control bits is a column lookup, W1 x = W1[:, task] + W1_bits · bits, and the
// gradient of the control columns is a scatter-add of dz over the batch. The second
// layer, the activation, the loss and Adam are lib/nn's functions. A test checks the
// fast path against lib/nn's mlp_forward / mlp_backward on the full one-hot input.
#include <Eigen/Core>

#include "quantization_scaling/sparse_parity.hpp"
#include "theorylab/core/random.hpp"
#include "theorylab/nn/adam.hpp"
#include "theorylab/nn/mlp.hpp"

namespace qs {

// widths {n_tasks + n_bits, width, 2}; PyTorch's nn.Linear default scale (the paper's
// code): W and b with variance 1/(3 fan_in), here Gaussian (tl::Rng's fixed algorithms).
tl::nn::Mlp make_parity_net(int n_tasks, int n_bits, int width, tl::Rng& rng);

struct ParityWorkspace {
  Eigen::MatrixXd h, logits, probs, dlogits, dz;  // [W,B] [2,B] [2,B] [2,B] [W,B]
};

// z [W,B] = W1[:, n_tasks:] · bits [n,B] + W1[:, task_b] + b1
void first_layer_forward(Eigen::MatrixXd& z, const tl::nn::Layer& layer, int n_tasks, const Batch& batch);
// dW [W, n_tasks+n]: control columns dW[:, t] = Σ_{b: task_b = t} dz[:, b] (scatter-add),
// bit columns dz · bitsᵀ; db [W] = Σ_b dz[:, b]
void first_layer_backward(Eigen::MatrixXd& dW, Eigen::VectorXd& db, const Eigen::MatrixXd& dz, int n_tasks,
                          const Batch& batch);

// batch → ws.logits [2,B] (and ws.h); first_layer_forward and ReLU fused
void parity_forward(const tl::nn::Mlp& net, int n_tasks, const Batch& batch, ParityWorkspace& ws);
// One Adam step on the batch-mean cross-entropy; returns that loss in nats (before the step).
double parity_train_step(tl::nn::Mlp& net, int n_tasks, const Batch& batch, ParityWorkspace& ws,
                         tl::nn::MlpGrads& grads, tl::nn::Adam& adam);
// Per-sample cross-entropy in bits [B] (shifted log-sum-exp).
Eigen::VectorXd parity_sample_loss_bits(const tl::nn::Mlp& net, int n_tasks, const Batch& batch,
                                        ParityWorkspace& ws);

// Multiply-adds × 2 of one training step (forward + backward, GEMMs and lookups).
double parity_step_flops(int n_tasks, int n_bits, int width, int batch);

}  // namespace qs
