#include "probability_space/references.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <vector>

#include <Eigen/Dense>

#include "theorylab/math/roots.hpp"
#include "theorylab/math/simplex_projection.hpp"

namespace probability_space {

namespace {

int support_size(const Eigen::VectorXd& p) { return static_cast<int>((p.array() > 0).count()); }

// Root of an increasing f, bracketed adaptively from [−1, 1] (T3's β → ±∞ as μ → 1, 6).
double increasing_root(const std::function<double(double)>& f) {
  double lo = -1, hi = 1;
  for (int k = 0; k < 60 && f(lo) > 0; ++k) lo *= 2;
  for (int k = 0; k < 60 && f(hi) < 0; ++k) hi *= 2;
  return tl::find_root(f, lo, hi, 1e-15, 1e-15).x;
}

// KKT on a support S of a convex quadratic: Q_SS p_S − λ 1 = −b_S, Σ p_S = 1.
bool solve_on_support(const Problem& problem, const std::vector<int>& support, Eigen::VectorXd& p, double& lambda) {
  const int k = static_cast<int>(support.size());
  Eigen::MatrixXd K = Eigen::MatrixXd::Zero(k + 1, k + 1);
  Eigen::VectorXd rhs(k + 1);
  for (int r = 0; r < k; ++r) {
    for (int c = 0; c < k; ++c) K(r, c) = problem.h_dense(support[r], support[c]);
    K(r, k) = -1;
    K(k, r) = 1;
    rhs[r] = -problem.lin[support[r]];
  }
  rhs[k] = 1;
  const Eigen::VectorXd solution = K.partialPivLu().solve(rhs);
  if (!solution.allFinite()) return false;
  p = Eigen::VectorXd::Zero(problem.n);
  for (int r = 0; r < k; ++r) p[support[r]] = solution[r];
  lambda = solution[k];
  return true;
}

// Is p (from solve_on_support) a KKT point: p_S > 0 and g_i ≥ λ off S?
bool is_kkt_point(const Problem& problem, const Eigen::VectorXd& p, double lambda, const std::vector<int>& support) {
  for (int i : support)
    if (!(p[i] > 0)) return false;
  Eigen::VectorXd g;
  problem.gradient(p, g);
  const double scale = std::max(1.0, g.cwiseAbs().maxCoeff());
  for (int i = 0; i < problem.n; ++i)
    if (p[i] == 0 && g[i] < lambda - 1e-13 * scale) return false;
  return true;
}

}  // namespace

Reference t5_by_enumeration(const Problem& problem) {
  Reference best;
  best.value = std::numeric_limits<double>::infinity();
  const int n = problem.n;
  for (int mask = 1; mask < (1 << n); ++mask) {
    std::vector<int> support;
    for (int i = 0; i < n; ++i)
      if (mask & (1 << i)) support.push_back(i);
    Eigen::VectorXd p;
    double lambda = 0;
    if (!solve_on_support(problem, support, p, lambda) || !is_kkt_point(problem, p, lambda, support)) continue;
    const double value = problem.value(p);
    if (value < best.value) best.p = p, best.value = value, best.multiplier = lambda;
  }
  best.method = "support enumeration (2^n - 1 KKT systems)";
  return best;
}

// Large n: accelerated projected gradient (FISTA with gradient restart, O'Donoghue &
// Candès 2015; not one of the compared solvers), stopped only when the KKT system
// solved on its support gives a valid optimum with r ≤ 1e−13 relative: a certificate,
// since r ≥ F − F* for convex F.
Reference t5_by_certified_run(const Problem& problem) {
  const int n = problem.n;
  const double step = 1.0 / problem.lambda_max();
  std::vector<double> work;
  Eigen::VectorXd p = Eigen::VectorXd::Constant(n, 1.0 / n), previous = p, y = p, g, trial(n);
  double momentum = 1;
  Reference out;
  out.method = "certified run: restarted FISTA polished on its support, r <= 1e-13";
  for (int iteration = 1; iteration <= 200000; ++iteration) {
    problem.gradient(y, g);
    const Eigen::VectorXd shifted = y - step * g;
    tl::project_to_simplex_sort(shifted.data(), static_cast<std::size_t>(n), trial.data(), work);
    if ((trial - previous).dot(y - trial) > 0) {  // gradient restart
      momentum = 1;
      y = previous;
      continue;
    }
    const double next_momentum = 0.5 * (1 + std::sqrt(1 + 4 * momentum * momentum));
    y = trial + ((momentum - 1) / next_momentum) * (trial - previous);
    momentum = next_momentum;
    previous = trial;
    p = trial;
    if (iteration % 25 != 0) continue;
    std::vector<int> support;
    for (int i = 0; i < n; ++i)
      if (p[i] > 0) support.push_back(i);
    Eigen::VectorXd polished;
    double lambda = 0;
    if (!solve_on_support(problem, support, polished, lambda) || !is_kkt_point(problem, polished, lambda, support))
      continue;
    problem.gradient(polished, g);
    const double r = problem.residual(polished, g);
    if (r <= 1e-13 * std::max(1.0, g.cwiseAbs().maxCoeff())) {
      out.p = polished;
      out.value = problem.value(polished);
      out.multiplier = lambda;
      out.certified_residual = r;
      return out;
    }
  }
  // No certificate: keep the last iterate and say so through its residual.
  problem.gradient(p, g);
  out.p = p;
  out.value = problem.value(p);
  out.certified_residual = problem.residual(p, g);
  out.method += " (NOT certified: iteration limit)";
  return out;
}

Reference reference_solution(const Problem& problem) {
  Reference ref;
  const int n = problem.n;
  switch (problem.id) {
    case ProblemId::T1: {
      const auto projection = tl::project_to_simplex(problem.target, 1.0, tl::SimplexProjectionMethod::Sort);
      ref.p = projection.p;
      ref.multiplier = projection.threshold;
      ref.method = "sort-based simplex projection of x";
      break;
    }
    case ProblemId::T2: {  // p* = softmax(−c/τ), F* = −τ logsumexp(−c/τ)
      const Eigen::VectorXd z = -problem.lin / problem.tau;
      const double lse = log_sum_exp(z);
      ref.p = (z.array() - lse).exp().matrix();
      ref.value = -problem.tau * lse;
      ref.method = "closed form softmax(-c/tau)";
      break;
    }
    case ProblemId::T3: {  // p_i ∝ e^{β i}, mean(β) = μ
      const Eigen::VectorXd& a = problem.a;
      auto log_p = [&](double beta) {
        const Eigen::VectorXd z = beta * a;
        return Eigen::VectorXd(z.array() - log_sum_exp(z));
      };
      const double beta = increasing_root([&](double b) { return a.dot(log_p(b).array().exp().matrix()) - problem.mu; });
      const Eigen::VectorXd lp = log_p(beta);
      ref.p = lp.array().exp().matrix();
      ref.value = ref.p.dot(lp);  // Σ p log p, with log p from log-sum-exp
      ref.multiplier = beta;
      ref.method = "p_i ∝ exp(beta i), beta by toms748 on mean(beta) = mu";
      break;
    }
    case ProblemId::T4: {  // water filling p_i = max(0, (λ − b_i)/d_i)
      const Eigen::VectorXd& d = problem.h_diag;
      const Eigen::VectorXd& b = problem.lin;
      auto mass_minus_one = [&](double lambda) {
        return ((lambda - b.array()) / d.array()).max(0.0).sum() - 1.0;
      };
      const double lo = b.minCoeff(), hi = (b + d).maxCoeff();
      double lambda = tl::find_root(mass_minus_one, lo, hi, 1e-15, 1e-15).x;
      // Polish on the support: λ = (1 + Σ_S b_i/d_i) / Σ_S 1/d_i.
      double num = 1, den = 0;
      for (int i = 0; i < n; ++i)
        if (lambda - b[i] > 0) num += b[i] / d[i], den += 1 / d[i];
      lambda = num / den;
      ref.p = ((lambda - b.array()) / d.array()).max(0.0).matrix();
      ref.multiplier = lambda;
      ref.method = "water filling, level by toms748";
      break;
    }
    case ProblemId::T5:
      ref = n <= kEnumerationMaxN ? t5_by_enumeration(problem) : t5_by_certified_run(problem);
      break;
    case ProblemId::T6: {  // equalise c_i p_i: p_i = (1/c_i) / Σ 1/c_j
      const Eigen::VectorXd inv = problem.lin.cwiseInverse();
      ref.p = inv / inv.sum();
      ref.multiplier = 1.0 / inv.sum();
      ref.method = "closed form c_i p_i = 1/sum(1/c)";
      break;
    }
    case ProblemId::T7:
      ref.p = Eigen::VectorXd::Zero(n);
      ref.p[0] = 1;
      ref.method = "any vertex (F = -1/2)";
      break;
    case ProblemId::T8:
      throw std::logic_error("T8 has no simplex reference");
  }
  if (problem.id != ProblemId::T2 && problem.id != ProblemId::T3) ref.value = problem.value(ref.p);
  ref.support = support_size(ref.p);
  return ref;
}

KktReport check_kkt(const Problem& problem, const Reference& reference) {
  const Eigen::VectorXd& p = reference.p;
  const int n = problem.n;
  Eigen::VectorXd g;
  KktReport report;
  if (problem.kind == Problem::Kind::MaxLinear) {
    // Non-smooth T6: the optimality condition is 0 ∈ ∂F + N_Δ. With the active set A
    // (c_i p_i at the max), the subgradient Σ_{i∈A} w_i c_i e_i with w_i ∝ 1/c_i is
    // constant (= 1/Σ_A 1/c) on A; take that one.
    const Eigen::VectorXd cp = problem.lin.cwiseProduct(p);
    const double top = cp.maxCoeff();
    Eigen::VectorXd w = Eigen::VectorXd::Zero(n);
    for (int i = 0; i < n; ++i)
      if (cp[i] >= top * (1 - 1e-14)) w[i] = 1 / problem.lin[i];
    w /= w.sum();
    g = w.cwiseProduct(problem.lin);
    report.residual = 0;
    const double g_min = g.minCoeff();
    for (int i = 0; i < n; ++i) report.residual += p[i] * (g[i] - g_min);
  } else {
    problem.gradient(p, g);
    report.residual = problem.residual(p, g);
    if (problem.mean_constraint) {
      // Remove the second multiplier: g_i = λ + ν a_i on the support (least squares).
      const double a_mean = problem.a.mean(), g_mean = g.mean();
      const double nu = (problem.a.array() - a_mean).matrix().dot((g.array() - g_mean).matrix()) /
                        (problem.a.array() - a_mean).square().sum();
      g -= nu * problem.a;
    }
  }
  const double scale = std::max(1.0, g.cwiseAbs().maxCoeff());
  report.relative_residual = report.residual / scale;
  double on_support = 0;
  int count = 0;
  for (int i = 0; i < n; ++i)
    if (p[i] > 0) on_support += g[i], ++count;
  const double lambda = on_support / count;
  double error = 0;
  for (int i = 0; i < n; ++i)
    error = std::max(error, p[i] > 0 ? std::fabs(g[i] - lambda) : std::max(0.0, lambda - g[i]));
  report.pattern_error = error / scale;
  report.pattern_ok = report.pattern_error <= kKktTolerance && std::fabs(report.relative_residual) <= kKktTolerance;
  return report;
}

double distance_to_optimum(const Problem& problem, const Reference& reference, const Eigen::VectorXd& p) {
  if (problem.id == ProblemId::T7) return 2.0 * (1.0 - p.maxCoeff());
  return (p - reference.p).lpNorm<1>();
}

}  // namespace probability_space
