#pragma once
// Frank–Wolfe theory used as claims (instead of fitted slopes): the smoothness
// constant of F on the whole feasible set, Jaggi's O(1/t) bound checked at every
// iterate, and the stall floor of the constant step.
//
// Jaggi (2013), "Revisiting Frank–Wolfe: projection-free sparse convex optimization",
// Theorem 1: with γ_t = 2/(t+2), and also with exact line search,
//   F(p_t) − F* ≤ 2 C_f / (t + 2)   for every t ≥ 1,
// and Lemma 7: C_f ≤ L · diam(D)², L the Lipschitz constant of ∇F in the Euclidean
// norm on D. For the simplex diam² = ‖e_i − e_j‖² = 2, so F(p_t) − F* ≤ 4L/(t + 2).
//
// Constant step η (the article's literal rule): the descent lemma
// F(p + η(s − p)) ≤ F(p) − η r(p) + η² C_f/2 with r(p) ≥ F(p) − F* gives
// e_{t+1} ≤ (1 − η) e_t + η² C_f/2, hence e_t ≤ (1 − η)^t e_0 + η C_f/2 and
// limsup e_t ≤ η C_f/2 ≤ η L on the simplex.
#include <optional>
#include <vector>

#include "probability_space/problems.hpp"

namespace probability_space {

constexpr double kSimplexDiameterSquared = 2.0;  // max ‖e_i − e_j‖² (T3's face of Δ is no wider)

// L with ‖∇F(p) − ∇F(q)‖₂ ≤ L ‖p − q‖₂ on the whole feasible set, from the problem's
// data alone: T1 ‖p − x‖² → 2; T4 ½Σ d_i p_i² + b·p → max d_i; T5 ½pᵀQp + b·p →
// λ_max(Q) (Eigen::SelfAdjointEigenSolver, recomputed here). Empty where no such L
// exists or the theorem does not apply:
//  - T2, T3 (τ Σ p log p): ∂²/∂p_i² = τ/p_i is unbounded as p_i → 0, and C_f = +∞:
//    at x with x_j = ε and s = e_j the Bregman term τ[(ε+γ')log(ε+γ') − ε log ε −
//    γ'(1 + log ε)] (γ' = γ(1 − ε)) grows like τ γ log(γ/ε) → ∞ as ε → 0, so Jaggi's
//    Theorem 1 gives no bound (and 2/(t+2) puts p_1 on a vertex, where ∇F = −∞).
//  - T6 (max_i c_i p_i): not differentiable.  T7: not convex.  T8: not on the simplex.
std::optional<double> simplex_smoothness(const Problem& problem);

// Jaggi's bound at every iterate t ≥ 1 of a run: gap[t] = F(p_t) − F* for t = 0..T
// (the full per-iterate series). ratio_t = gap_t (t + 2) / (2 C_f) with C_f = 2L.
struct JaggiBoundCheck {
  double worst_ratio = 0;    // max_t ratio_t (≤ 1 if the theorem holds with this L)
  int worst_iteration = -1;
  int violations = 0;        // iterates with ratio_t > 1
  int checked = 0;           // iterates t ≥ 1 checked
};
JaggiBoundCheck check_jaggi_bound(const std::vector<double>& gap, double L);

// The constant-step floor bound η C_f/2 ≤ η L (limsup of F − F*).
inline double constant_step_floor_bound(double eta, double L) { return eta * L; }

// A lower estimate of the curvature constant along one segment:
// (2/γ²)[F(x + γ(s − x)) − F(x) − γ ∇F(x)·(s − x)] (Jaggi's definition of C_f is the
// sup of this over x, s in D and γ in (0, 1]). Used by the tests to show C_f = ∞ for
// the entropic problems.
double curvature_along(const Problem& problem, const Eigen::VectorXd& x, const Eigen::VectorXd& s, double gamma);

}  // namespace probability_space
