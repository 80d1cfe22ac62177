#include "probability_space/fw_theory.hpp"

#include <cmath>
#include <limits>

#include <Eigen/Eigenvalues>

namespace probability_space {

std::optional<double> simplex_smoothness(const Problem& problem) {
  switch (problem.id) {
    case ProblemId::T1:  // ∇F = 2(p − x)
      return 2.0;
    case ProblemId::T4:  // ∇F = d ⊙ p + b, d = h_diag = (1, 2, 3, 4)
      return problem.h_diag.cwiseAbs().maxCoeff();
    case ProblemId::T5: {  // ∇F = Qp + b, Q symmetric positive definite
      Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(problem.h_dense, Eigen::EigenvaluesOnly);
      return eigen.eigenvalues().cwiseAbs().maxCoeff();
    }
    case ProblemId::T2:
    case ProblemId::T3:  // entropy: C_f = +∞ (see the header)
    case ProblemId::T6:  // non-smooth
    case ProblemId::T7:  // non-convex
    case ProblemId::T8:
      return std::nullopt;
  }
  return std::nullopt;
}

JaggiBoundCheck check_jaggi_bound(const std::vector<double>& gap, double L) {
  JaggiBoundCheck check;
  bool saw_nan = false;
  const double curvature_bound = L * kSimplexDiameterSquared;  // C_f ≤ L diam²
  for (std::size_t t = 1; t < gap.size(); ++t) {
    const double ratio = gap[t] * (static_cast<double>(t) + 2.0) / (2.0 * curvature_bound);
    ++check.checked;
    if (std::isnan(ratio)) {  // a diverged iterate: a violation, and the worst ratio is NaN
      ++check.violations, saw_nan = true;
      if (check.worst_iteration < 0) check.worst_iteration = static_cast<int>(t);
      continue;
    }
    if (ratio > 1.0) ++check.violations;
    if (check.worst_iteration < 0 || ratio > check.worst_ratio)
      check.worst_ratio = ratio, check.worst_iteration = static_cast<int>(t);
  }
  if (saw_nan) check.worst_ratio = std::numeric_limits<double>::quiet_NaN();
  return check;
}

double curvature_along(const Problem& problem, const Eigen::VectorXd& x, const Eigen::VectorXd& s, double gamma) {
  Eigen::VectorXd g;
  problem.gradient(x, g);
  const Eigen::VectorXd d = s - x;
  const Eigen::VectorXd y = x + gamma * d;
  return 2.0 / (gamma * gamma) * (problem.value(y) - problem.value(x) - gamma * g.dot(d));
}

}  // namespace probability_space
