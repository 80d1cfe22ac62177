#pragma once
// Part 1: the inequality of kexue.fm 8796 checked on one sample, piece by piece.
//
//   ‖∇_x f‖² · Σ_t (1 + ‖h_t‖²) / (‖W_t‖² ‖J_t‖²)  ≤  ‖∇_θ f‖² = Σ_t ‖δ_t‖² (1 + ‖h_t‖²)
//
// with spectral norms of W_t and J_t from an exact SVD. Per layer the tightness
// r_t = ‖J_tᵀW_tᵀδ_t‖² / (‖W_t‖²‖J_t‖²‖δ_t‖²) ∈ [0, 1], and LHS/RHS is the mean of the r_t
// weighted by ‖δ_t‖²(1 + ‖h_t‖²).
#include <vector>

#include <Eigen/Core>

#include "theorylab/nn/per_sample.hpp"

namespace gradient_penalty {

// Largest singular value by an exact SVD (JacobiSVD for small matrices, BDCSVD above);
// power iteration would underestimate it and fake violations in the equality cases.
// Domain: any matrix; 0 for an empty one, NaN if an entry is not finite.
double spectral_norm(const Eigen::MatrixXd& m);

// A sample's verdict above 1 + this is a violation (rounding allowance).
constexpr double kViolationTolerance = 1e-9;
// Below this norm a vector's squared norm may be subnormal (DBL_MIN ≈ 2.2e-308).
constexpr double kUnderflow = 1e-150;

struct SampleCheck {
  bool defined = false;          // false: a zero denominator (‖W_t‖ = 0, ‖J_t‖ = 0 or RHS = 0), underflow or overflow
  double lhs = 0, rhs = 0;       // both sides with spectral denominators
  double ratio = 0;              // lhs / rhs
  double lhs_frobenius = 0;      // the left side with Frobenius denominators
  double ratio_frobenius = 0;
  double bracket = 0;            // Σ_t (1 + ‖h_t‖²)/(‖W_t‖²‖J_t‖²), so lhs = ‖∇_x f‖²·bracket
  std::vector<double> r;         // r_t, NaN where ‖δ_t‖ = 0 (0/0; its weight is 0)
  std::vector<double> h_norm;    // ‖h_t‖, t = 0..l-1
  std::vector<double> j_norm;    // ‖J_t‖ spectral (J_0 = I: 1)
  int multiplied_violations = 0; // layers with ‖∇_x f‖² > ‖W_t‖²‖J_t‖²‖δ_t‖² (1 + 1e-9)
  // Rounding-level identities (relative errors, max over layers):
  double grad_x_identity_error = 0;   // ‖J_tᵀW_tᵀδ_t − ∇_x f‖ / ‖∇_x f‖
  double param_identity_error = 0;    // |‖∇_W f‖_F² + ‖∇_b f‖² − ‖δ_t‖²(1 + ‖h_t‖²)| / (that)
  double weighted_mean_error = 0;     // |ratio − Σ w_t r_t / Σ w_t|
  // Some ‖δ_t‖, ‖∇_x f‖, ‖J_t‖ or ‖W_t‖ in (0, kUnderflow): squares leave the normalised
  // double range, where relative rounding bounds fail (seen with deep GELU nets, where
  // g'(z) ≈ 1e-300 at z ≈ −37). Such a sample is undefined (defined = false), counted apart.
  bool underflow = false;
};

// Spectral and Frobenius norms of the weights of one network (computed once per network).
struct WeightNorms {
  std::vector<double> spectral, frobenius;
};
WeightNorms weight_norms(const tl::nn::Mlp& net);

// Everything above for one input x [n_0] of network `net` with head f.
SampleCheck check_sample(const tl::nn::Mlp& net, const WeightNorms& norms, const tl::nn::ScalarHead& head,
                         const Eigen::VectorXd& x);

}  // namespace gradient_penalty
