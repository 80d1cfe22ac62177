#pragma once
// A small MLP with hand-written forward and backward passes (llm.c style: each layer a
// forward/backward pair of plain functions, shapes in a one-line comment).
//
// Conventions (kexue.fm 8796 numbering, 0-based here): layer t = 0..l-1 maps
//   z[t] = W[t] h[t] + b[t],   h[t+1] = g_t(z[t]),   h[0] = x.
// Matrices are Eigen column-major with the batch as columns: x is [n_0, B], z[t] and
// h[t+1] are [n_{t+1}, B]. Double precision throughout. Nothing here is threaded, so
// results depend only on the inputs (Eigen without OpenMP is single-threaded).
//
//   tl::nn::MlpSpec spec{{784, 256, 10}, {Activation::Relu, Activation::Identity}};
//   tl::nn::Mlp net = tl::nn::make_mlp(spec, Init::Gaussian, 1.0, 0.0, rng);
//   tl::nn::MlpCache cache;  tl::nn::MlpGrads grads;
//   tl::nn::mlp_forward(net, x, cache);                      // logits = cache.output()
//   double loss = softmax_cross_entropy_forward(probs, cache.output(), labels);
//   softmax_cross_entropy_backward(dlogits, probs, labels);
//   tl::nn::mlp_backward(net, cache, dlogits, grads);        // grads.dW, grads.db, grads.dx
//   adam.step(net, grads);
#include <string>
#include <vector>

#include <Eigen/Core>

#include "theorylab/core/random.hpp"
#include "theorylab/nn/activation.hpp"

namespace tl::nn {

enum class Init {
  Gaussian,    // W_ij ~ N(0, s²/fan_in)
  Orthogonal,  // W = s·Q, Q (semi-)orthogonal from the QR of a Gaussian matrix: every singular value = s
};
const char* to_string(Init init);  // "gaussian", "orthogonal"
Init parse_init(const std::string& name);  // throws std::invalid_argument

struct MlpSpec {
  std::vector<int> widths;              // [n_0 = input dim, n_1, ..., n_l = output dim], l ≥ 1
  std::vector<Activation> activations;  // one per layer (size l); the last is often Identity
  // Throws std::invalid_argument: l < 1, a width < 1, or activations.size() != l.
  void check() const;
};
// widths = [in, hidden × (depth-1), out]; every layer `hidden_activation` except the last,
// which gets `output_activation`.
MlpSpec uniform_spec(int input_dim, int hidden_width, int output_dim, int depth, Activation hidden_activation,
                     Activation output_activation);

struct Layer {
  Eigen::MatrixXd W;  // [n_{t+1}, n_t]
  Eigen::VectorXd b;  // [n_{t+1}]
  Activation activation = Activation::Identity;
};

struct Mlp {
  std::vector<Layer> layers;
  int depth() const { return static_cast<int>(layers.size()); }
  int input_dim() const { return static_cast<int>(layers.front().W.cols()); }
  int output_dim() const { return static_cast<int>(layers.back().W.rows()); }
  Eigen::Index parameter_count() const;
};

// Random matrices (from tl::Rng, so reproducible on every platform).
Eigen::MatrixXd gaussian_matrix(Eigen::Index rows, Eigen::Index cols, double sd, Rng& rng);
// s·Q with QᵀQ = I (rows ≥ cols) or QQᵀ = I (rows < cols): Householder QR of a Gaussian
// matrix, columns sign-corrected by diag(R) so Q is Haar-distributed (Mezzadri 2007).
Eigen::MatrixXd orthogonal_matrix(Eigen::Index rows, Eigen::Index cols, double scale, Rng& rng);

// Weights by `init` with scale s = weight_scale; biases b_i ~ N(0, bias_scale²)
// (bias_scale = 0: zero biases).
Mlp make_mlp(const MlpSpec& spec, Init init, double weight_scale, double bias_scale, Rng& rng);

// ---- one layer: forward/backward pairs ------------------------------------------
// z [out,B] = W [out,in] · x [in,B] + b [out]
void linear_forward(Eigen::MatrixXd& z, const Eigen::MatrixXd& W, const Eigen::VectorXd& b, const Eigen::MatrixXd& x);
// dW [out,in] = dz [out,B] · xᵀ;  db [out] = Σ_B dz;  dx [in,B] = Wᵀ · dz (skipped if dx is null)
void linear_backward(Eigen::MatrixXd* dx, Eigen::MatrixXd& dW, Eigen::VectorXd& db, const Eigen::MatrixXd& dz,
                     const Eigen::MatrixXd& x, const Eigen::MatrixXd& W);

// ---- the whole network ------------------------------------------------------------
struct MlpCache {
  std::vector<Eigen::MatrixXd> z;  // z[t]: [n_{t+1}, B], pre-activations, t = 0..l-1
  std::vector<Eigen::MatrixXd> h;  // h[t]: [n_t, B], t = 0..l; h[0] = x, h[l] = output
  const Eigen::MatrixXd& output() const { return h.back(); }
  Eigen::Index batch() const { return h.front().cols(); }
};

struct MlpGrads {
  std::vector<Eigen::MatrixXd> dW;  // dW[t]: [n_{t+1}, n_t], summed over the batch
  std::vector<Eigen::VectorXd> db;  // db[t]: [n_{t+1}], summed over the batch
  std::vector<Eigen::MatrixXd> dz;  // dz[t] = δ_t = ∂f/∂z[t]: [n_{t+1}, B], per sample
  Eigen::MatrixXd dx;               // [n_0, B], per sample (empty if not requested)
  // Σ_t ‖dW[t]‖_F² + ‖db[t]‖², the squared norm of the parameter gradient.
  double squared_norm() const;
};
MlpGrads zero_grads_like(const Mlp& mlp);

// x [n_0,B] → cache (keeps every z[t] and h[t] for the backward pass)
void mlp_forward(const Mlp& mlp, const Eigen::MatrixXd& x, MlpCache& cache);
// d_output [n_l,B] = ∂L/∂h[l] → grads (dW, db summed over the batch; δ_t and dx per
// sample). A mean loss brings its own 1/B in d_output.
void mlp_backward(const Mlp& mlp, const MlpCache& cache, const Eigen::MatrixXd& d_output, MlpGrads& grads,
                  bool need_input_grad = true);

// Multiply-adds × 2 of one forward pass at batch B (GEMMs only), and of forward+backward
// (backward = two GEMMs per layer, one if the input gradient is skipped).
double mlp_forward_flops(const Mlp& mlp, Eigen::Index batch);
double mlp_forward_backward_flops(const Mlp& mlp, Eigen::Index batch, bool need_input_grad = true);

// ---- flat parameter views (for optimisers and parameter-space arithmetic) -----------
// Views on W[0], b[0], W[1], b[1], ... in that order; grads_views lists dW, db the same way.
std::vector<Eigen::Map<Eigen::VectorXd>> parameter_views(Mlp& mlp);
std::vector<Eigen::Map<const Eigen::VectorXd>> gradient_views(const MlpGrads& grads);
// θ as one vector (same order), and back.
Eigen::VectorXd flatten_parameters(const Mlp& mlp);
void unflatten_parameters(Mlp& mlp, const Eigen::VectorXd& theta);
Eigen::VectorXd flatten_gradients(const MlpGrads& grads);

}  // namespace tl::nn
