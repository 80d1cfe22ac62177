#pragma once
// The paper's network on multitask sparse parity: input [onehot(task) ; task bits] →
// width (ReLU) → 2 logits, softmax cross-entropy, Adam; in float32 (the paper's
// precision, PyTorch's default) or float64, one templated code path (llm.c style: a
// forward/backward pair of plain functions per layer, shapes in a comment).
//
// The fast path (docs/science/quantization_scaling.md, Part B): the first layer's product with the one-hot
// control bits is a column lookup, W1 x = W1[:, task] + W1_bits · bits, and the
// gradient of the control columns is a scatter-add of dz over the batch. The loss head
// ([2,B] numbers) runs in double through lib/nn's softmax cross-entropy whatever T is;
// Adam is lib/nn's adam_update in T. A test checks the fast path (both precisions)
// against lib/nn's mlp_forward / mlp_backward on the full one-hot input.
#include <string>
#include <vector>

#include <Eigen/Core>

#include "quantization_scaling/sparse_parity.hpp"
#include "theorylab/core/random.hpp"
#include "theorylab/nn/adam.hpp"
#include "theorylab/nn/mlp.hpp"

namespace qs {

// The scalar type of the network's weights, activations, gradients and Adam moments.
enum class Precision { Float32, Float64 };
const char* to_string(Precision precision);        // "float32", "float64"
Precision parse_precision(const std::string& name);  // throws std::invalid_argument
std::vector<std::string> precision_names();

template <class T>
using Matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
template <class T>
using Vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;

// widths {n_tasks + n_bits, width, 2}; PyTorch's nn.Linear default scale (the paper's
// code): W and b with variance 1/(3 fan_in), here Gaussian (tl::Rng's fixed algorithms).
// Drawn in double whatever the training precision (the same draws for both).
tl::nn::Mlp make_parity_net(int n_tasks, int n_bits, int width, tl::Rng& rng);

// The parameters in scalar T. W1's first n_tasks columns multiply the one-hot control
// bits, the other n_bits columns the task bits.
template <class T>
struct ParityNet {
  int n_tasks = 0;
  Matrix<T> W1;  // [W, n_tasks + n]
  Vector<T> b1;  // [W]
  Matrix<T> W2;  // [2, W]
  Vector<T> b2;  // [2]
};
// make_parity_net's network (depth 2, input n_tasks + n) rounded to T. Throws
// std::invalid_argument for another shape.
template <class T>
ParityNet<T> parity_net_from(const tl::nn::Mlp& net, int n_tasks);

// Gradients of the batch-mean loss, shapes as ParityNet's (summed over the batch, 1/B
// inside dlogits).
template <class T>
struct ParityGrads {
  Matrix<T> dW1;  // [W, n_tasks + n]
  Vector<T> db1;  // [W]
  Matrix<T> dW2;  // [2, W]
  Vector<T> db2;  // [2]
};

// Adam's moments in T, blocks W1, b1, W2, b2 (lib/nn's order), and the step count.
template <class T>
struct ParityAdam {
  // Throws std::invalid_argument if config.learning_rate <= 0.
  ParityAdam(const ParityNet<T>& net, const tl::nn::AdamConfig& config);
  tl::nn::AdamConfig config;
  Vector<T> m[4], v[4];
  long steps = 0;
};

template <class T>
struct ParityWorkspace {
  Matrix<T> bits;                     // [n,B] the batch's task bits in T (float only; double reads Batch::bits)
  Matrix<T> h, logits, dlogits, dz;   // [W,B] [2,B] [2,B] [W,B]
  Eigen::MatrixXd logits64, probs, dlogits64;  // [2,B] the loss head in double (float only)
};

// ---- layers: forward/backward pairs ------------------------------------------------
// h [W,B] = relu(W1[:, n_tasks:] · bits [n,B] + W1[:, task_b] + b1), n = bits.rows()  (lookup and ReLU fused)
template <class T>
void relu_first_layer_forward(Matrix<T>& h, const Matrix<T>& W1, const Vector<T>& b1, const Matrix<T>& bits,
                              const std::vector<int>& task);
// dz [W,B] = (W2ᵀ dlogits [2,B]) ⊙ [h > 0]; dW1 [W, n_tasks+n]: control columns
// dW1[:, t] = Σ_{b: task_b = t} dz[:, b] (scatter-add), bit columns dz · bitsᵀ;
// db1 [W] = Σ_b dz[:, b]. W2 [2,W], h [W,B] from the forward pass.
template <class T>
void relu_first_layer_backward(Matrix<T>& dW1, Vector<T>& db1, Matrix<T>& dz, const Matrix<T>& dlogits, const Matrix<T>& W2,
                               const Matrix<T>& h, int n_tasks, const Matrix<T>& bits, const std::vector<int>& task);
// logits [2,B] = W2 [2,W] · h [W,B] + b2 [2]
template <class T>
void output_layer_forward(Matrix<T>& logits, const Matrix<T>& W2, const Vector<T>& b2, const Matrix<T>& h);
// dW2 [2,W] = dlogits [2,B] · hᵀ;  db2 [2] = Σ_b dlogits[:, b]
template <class T>
void output_layer_backward(Matrix<T>& dW2, Vector<T>& db2, const Matrix<T>& dlogits, const Matrix<T>& h);

// ---- the network --------------------------------------------------------------------
// batch → ws.logits [2,B] (and ws.h)
template <class T>
void parity_forward(const ParityNet<T>& net, const Batch& batch, ParityWorkspace<T>& ws);
// One Adam step on the batch-mean cross-entropy; returns that loss in nats (before the
// step, computed in double from the T logits).
template <class T>
double parity_train_step(ParityNet<T>& net, const Batch& batch, ParityWorkspace<T>& ws, ParityGrads<T>& grads,
                         ParityAdam<T>& adam);
// Per-sample cross-entropy in bits [B] (shifted log-sum-exp, in double from the T logits).
template <class T>
Eigen::VectorXd parity_sample_loss_bits(const ParityNet<T>& net, const Batch& batch, ParityWorkspace<T>& ws);

// Multiply-adds × 2 of one training step (forward + backward, GEMMs and lookups).
double parity_step_flops(int n_tasks, int n_bits, int width, int batch);

}  // namespace qs
