#pragma once
// The scale-selection objectives of kexue.fm 9812 ("从梯度最大化看Attention的Scale操作").
//
// p = softmax(alpha s) over n scores; half the L1 norm of the Jacobian dp/ds is
// alpha (1 - sum p_i^2). The article replaces sum p_i^2 by its mean-field value
// S(alpha)/n with S(alpha) = E[e^{2 alpha s}] / E[e^{alpha s}]^2:
//   normal scores s ~ N(0,1):           log S = alpha^2;
//   cosine scores (random directions):  log S = L(alpha^2) - 2 L(alpha^2/4),
//                                       L = log 0F1(; d/2; .)  (tl::log_hyp0f1).
// B1 maximises alpha (1 - S(alpha)/n) exactly; B2 (monte_carlo.hpp) compares it with
// the exact expectation, whose alpha -> infinity limit is gap_density_at_zero below.
#include <string>
#include <vector>

namespace gradient_max_scale {

enum class ScoreKind { Normal, Cosine };
ScoreKind parse_score_kind(const std::string& name);  // "normal" | "cosine"
const char* to_string(ScoreKind kind);

// A score distribution: kind and, for cosine scores, the dimension d >= 2.
struct ScoreModel {
  ScoreKind kind = ScoreKind::Normal;
  int d = 0;
  double sd() const;  // standard deviation of one score: 1, or 1/sqrt(d)
};

// log S(alpha) and its derivative in alpha.
double log_collision_ratio(const ScoreModel& model, double alpha);
double log_collision_ratio_derivative(const ScoreModel& model, double alpha);
// The article's approximate objective alpha (1 - S(alpha)/n).
double approximate_objective(const ScoreModel& model, double n, double alpha);

struct Optimum {
  double alpha = 0;      // the maximiser alpha*
  double objective = 0;  // alpha* (1 - S(alpha*)/n)
  int iterations = 0;
};
// alpha* from the stationarity condition S (1 + alpha (log S)') = n, written in logs
// (log S + log(1 + alpha (log S)') - log n = 0, increasing in alpha) and solved by
// TOMS 748 to relative width `rel_tol` (default 1e-12, far below the 1e-8 asked).
Optimum approximate_optimum(const ScoreModel& model, double n, double rel_tol = 1e-12);

// lim_{alpha->inf} E[alpha (1 - sum p^2)] for n i.i.d. scores: the density at 0 of the
// gap between the two largest scores, f_G(0) = n (n-1) int f(x)^2 F(x)^{n-2} dx
// (alpha (1 - sum p^2) -> 2 alpha p_(1) p_(2) = 2 alpha e^{-alpha g}/(1+e^{-alpha g})^2,
// whose mean tends to f_G(0) * int_0^inf 2 e^{-u}/(1+e^{-u})^2 du = f_G(0)).
// Adaptive Gauss-Kronrod (Boost.Math). Infinite for cosine scores in d = 2 (the
// arcsine density is not square-integrable).
double gap_density_at_zero(const ScoreModel& model, double n);

// The upper 1/n quantile of one score, F^{-1}(1 - 1/n): about the largest of n samples.
double top_quantile(const ScoreModel& model, double n);
// The alpha beyond which n samples cannot resolve E[e^{2 alpha s}]: the tilted mean
// E[s e^{2 alpha s}]/E[e^{2 alpha s}] reaches top_quantile (docs/science/gradient_max_scale.md, B2:
// "dominated by s ~ 2 alpha ... beyond about sqrt(log n / 2)"). Normal: top_quantile/2.
double approximation_breakdown_alpha(const ScoreModel& model, double n);

// The article's grid: n = 40, 80, ..., 20000 (500 values).
std::vector<double> article_n_grid();
// n = 2^4 ... 2^16.
std::vector<double> pow2_n_grid();

}  // namespace gradient_max_scale
