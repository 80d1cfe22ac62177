#pragma once
// The test problems T1–T7 of docs/science/probability_space.md: minimise F over
// the probability simplex Δ (T3: over Δ ∩ {Σ i·p_i = μ}). Each problem gives F, its
// gradient (a subgradient for the non-smooth T6), the linear minimisation oracle of
// its feasible set, the article's residual r(p) and feasibility. T8 (a continuous
// density) lives in flow.hpp.
#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>

namespace probability_space {

enum class ProblemId { T1, T2, T3, T4, T5, T6, T7, T8 };
ProblemId parse_problem(const std::string& name);  // "T1".."T8"
std::string problem_name(ProblemId id);
std::vector<std::string> problem_names();

struct ProblemConfig {
  ProblemId id = ProblemId::T1;
  int n = 4;                       // T1, T2, T5, T7; the others have their own size
  double tau = 0.5;                // T2 temperature
  double mu = 4.5;                 // T3 prescribed mean
  std::uint64_t instance_seed = 1; // random data of T1 (n ≠ 4), T2, T5
};

// A vertex of the feasible set: e_i, or for T3 a two-point distribution
// w·e_i + (1 − w)·e_j with mean μ.
struct Vertex {
  int i = 0, j = -1;
  double wi = 1, wj = 0;
};

class Problem {
 public:
  enum class Kind { Quadratic, Entropic, MaxLinear };

  static Problem make(const ProblemConfig& config);

  ProblemId id = ProblemId::T1;
  int n = 0;
  Kind kind = Kind::Quadratic;
  bool convex = true, smooth = true;
  // Quadratic: F = ½ pᵀHp + lin·p + constant, H = diag(h_diag) unless `dense`.
  Eigen::VectorXd h_diag;
  Eigen::MatrixXd h_dense;
  bool dense = false;
  Eigen::VectorXd lin;  // Entropic: F = lin·p + τ Σ p log p.  MaxLinear: F = max_i lin_i p_i
  double constant = 0, tau = 0;
  // T3: the extra constraint a·p = μ.
  bool mean_constraint = false;
  Eigen::VectorXd a;
  double mu = 0;
  Eigen::VectorXd target;  // T1: the point x being projected

  double value(const Eigen::VectorXd& p) const;
  // ∇F (T6: the subgradient lin_k e_k with k the first index attaining max lin_i p_i;
  // entropic: −∞ where p_i = 0, the pitfall docs/science/probability_space.md warns of).
  void gradient(const Eigen::VectorXd& p, Eigen::VectorXd& g) const;
  // dᵀ H d (quadratics).
  double curvature(const Eigen::VectorXd& d) const;
  // argmin over the feasible set of g·s (ties: the lowest index, as a solver would).
  Vertex linear_minimiser(const Eigen::VectorXd& g) const;
  double dot(const Eigen::VectorXd& g, const Vertex& v) const;
  // r(p) = g·p − min_{s feasible} g·s: the article's Σ p_i (g_i − min g) on Δ, the
  // Frank–Wolfe gap in general. ≥ F(p) − F* for convex F.
  double residual(const Eigen::VectorXd& p, const Eigen::VectorXd& g) const;
  // max(|Σp − 1|, |a·p − μ| for T3, max_i(−p_i)).
  double infeasibility(const Eigen::VectorXd& p) const;
  // Uniform, except T3 (uniform has mean 3.5): (1 − θ)·uniform + θ·e_6 (or e_1) with θ
  // chosen to give mean μ, strictly positive so that exponentiated gradient can move.
  Eigen::VectorXd start_point() const;
  // Euclidean Lipschitz constant of ∇F: λ_max(H) for quadratics; for the entropic
  // problems (unbounded Hessian τ/p_i) its value at the start point; max c for T6.
  double lipschitz() const;
  // Lipschitz constant of ∇F from ℓ1 to ℓ∞ (max |H_ij|), the natural scale of the
  // exponentiated-gradient step; τ for the entropic problems (F is τ-smooth relative
  // to the entropy, so η = 1/τ); max c for T6.
  double lipschitz_l1() const;
  // Strong convexity modulus for ‖·‖₁ on Δ (0 if not strongly convex): τ for the
  // entropic problems (Pinsker), λ_min(H)/n for quadratics (‖v‖₂² ≥ ‖v‖₁²/n).
  double strong_convexity_l1() const;
  // Euclidean projection onto the feasible set (T3: onto Δ ∩ {a·p = μ}).
  void project(const Eigen::VectorXd& y, Eigen::VectorXd& p, std::vector<double>& work) const;
  // T3 only: the Kullback–Leibler projection of a log-density onto {a·p = μ}: returns
  // log p with p_i ∝ exp(log_q_i − b a_i), b from a 1-D root solve.
  Eigen::VectorXd kl_project_log(const Eigen::VectorXd& log_q) const;
  double lambda_max() const { return lambda_max_; }
  double lambda_min() const { return lambda_min_; }

 private:
  double lambda_max_ = 0, lambda_min_ = 0;  // of H (quadratics)
};

// log Σ exp(v_i), shifted by the maximum (stable for any finite input).
double log_sum_exp(const Eigen::VectorXd& v);

}  // namespace probability_space
