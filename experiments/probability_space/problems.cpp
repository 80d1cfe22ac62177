#include "probability_space/problems.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <Eigen/Eigenvalues>

#include "theorylab/core/error.hpp"
#include "theorylab/core/random.hpp"
#include "theorylab/math/roots.hpp"
#include "theorylab/math/simplex_projection.hpp"

namespace probability_space {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// The sizes docs/science/probability_space.md fixes.
constexpr int kDiceFaces = 6;     // T3: Jaynes' dice
constexpr int kFixedSize = 4;     // T4, T6 (and T1's article example)
constexpr double kT5Ridge = 0.1;  // T5: Q = AᵀA + εI
}  // namespace

std::vector<std::string> problem_names() { return {"T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8"}; }

ProblemId parse_problem(const std::string& name) {
  const auto names = problem_names();
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<ProblemId>(i);
  throw tl::UsageError("unknown problem '" + name + "' (allowed: T1..T8)");
}

std::string problem_name(ProblemId id) { return problem_names()[static_cast<std::size_t>(id)]; }

double log_sum_exp(const Eigen::VectorXd& v) {
  const double m = v.maxCoeff();
  if (!std::isfinite(m)) return m;
  return m + std::log((v.array() - m).exp().sum());
}

Problem Problem::make(const ProblemConfig& config) {
  Problem p;
  p.id = config.id;
  // Each problem draws its data from its own stream of the instance seed, so every
  // solver of a comparison sees the same instance whatever the row's seed.
  tl::Rng rng(tl::derive_seed(config.instance_seed, static_cast<std::uint64_t>(config.id)));
  switch (config.id) {
    case ProblemId::T1: {  // min ‖p − x‖²  =  pᵀp − 2x·p + x·x
      p.n = config.n;
      p.target.resize(p.n);
      if (p.n == kFixedSize) {
        p.target << 0.8, 0.6, 0.1, -0.5;  // the article's example (kexue.fm 10289)
      } else {
        for (int i = 0; i < p.n; ++i) p.target[i] = rng.normal();
      }
      p.kind = Kind::Quadratic;
      p.h_diag = Eigen::VectorXd::Constant(p.n, 2.0);
      p.lin = -2.0 * p.target;
      p.constant = p.target.squaredNorm();
      break;
    }
    case ProblemId::T2: {  // min c·p + τ Σ p log p
      p.n = config.n;
      p.kind = Kind::Entropic;
      p.tau = config.tau;
      p.lin.resize(p.n);
      for (int i = 0; i < p.n; ++i) p.lin[i] = rng.normal();
      break;
    }
    case ProblemId::T3: {  // max entropy on {1..6} with mean μ  =  min Σ p log p on Δ ∩ {a·p = μ}
      p.n = kDiceFaces;
      p.kind = Kind::Entropic;
      p.tau = 1.0;
      p.lin = Eigen::VectorXd::Zero(p.n);
      p.mean_constraint = true;
      p.a = Eigen::VectorXd::LinSpaced(p.n, 1.0, static_cast<double>(p.n));
      p.mu = config.mu;
      break;
    }
    case ProblemId::T4: {  // min ½ Σ d_i p_i² + b·p
      p.n = kFixedSize;
      p.kind = Kind::Quadratic;
      p.h_diag.resize(p.n);
      p.h_diag << 1, 2, 3, 4;
      p.lin.resize(p.n);
      p.lin << 0, -0.5, 0.2, 1;
      break;
    }
    case ProblemId::T5: {  // min ½ pᵀQp + b·p, Q = AᵀA + εI, A_ij ~ N(0, 1/n)
      p.n = config.n;
      p.kind = Kind::Quadratic;
      p.dense = true;
      Eigen::MatrixXd A(p.n, p.n);
      for (int j = 0; j < p.n; ++j)
        for (int i = 0; i < p.n; ++i) A(i, j) = rng.normal() / std::sqrt(static_cast<double>(p.n));
      p.h_dense = A.transpose() * A;
      p.h_dense.diagonal().array() += kT5Ridge;
      p.lin.resize(p.n);
      for (int i = 0; i < p.n; ++i) p.lin[i] = rng.normal();
      break;
    }
    case ProblemId::T6: {  // min max_i c_i p_i
      p.n = kFixedSize;
      p.kind = Kind::MaxLinear;
      p.smooth = false;
      p.lin.resize(p.n);
      p.lin << 1, 2, 3, 4;
      break;
    }
    case ProblemId::T7: {  // min −½ ‖p‖²
      p.n = config.n;
      p.kind = Kind::Quadratic;
      p.convex = false;
      p.h_diag = Eigen::VectorXd::Constant(p.n, -1.0);
      p.lin = Eigen::VectorXd::Zero(p.n);
      break;
    }
    case ProblemId::T8:
      throw std::logic_error("T8 is a continuous problem (flow.hpp), not a Problem on the simplex");
  }
  if (p.kind == Kind::Quadratic) {
    if (p.dense) {
      Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(p.h_dense, Eigen::EigenvaluesOnly);
      p.lambda_min_ = eigen.eigenvalues().minCoeff();
      p.lambda_max_ = eigen.eigenvalues().maxCoeff();
    } else {
      p.lambda_min_ = p.h_diag.minCoeff();
      p.lambda_max_ = p.h_diag.maxCoeff();
    }
  }
  return p;
}

double Problem::value(const Eigen::VectorXd& p) const {
  switch (kind) {
    case Kind::Quadratic:
      // T1 directly as ‖p − x‖²: the expanded form loses F − F* to cancellation.
      if (id == ProblemId::T1) return (p - target).squaredNorm();
      if (dense) return 0.5 * p.dot(h_dense * p) + lin.dot(p) + constant;
      return 0.5 * (h_diag.array() * p.array().square()).sum() + lin.dot(p) + constant;
    case Kind::Entropic: {
      double entropy_term = 0;  // Σ p log p with 0 log 0 = 0
      for (int i = 0; i < n; ++i) {
        if (p[i] > 0) entropy_term += p[i] * std::log(p[i]);
        else if (!(p[i] == 0)) return kNaN;  // negative or NaN: outside the domain
      }
      return lin.dot(p) + tau * entropy_term;
    }
    case Kind::MaxLinear:
      return (lin.array() * p.array()).maxCoeff();
  }
  return kNaN;
}

void Problem::gradient(const Eigen::VectorXd& p, Eigen::VectorXd& g) const {
  g.resize(n);
  switch (kind) {
    case Kind::Quadratic:
      if (id == ProblemId::T1) g = 2.0 * (p - target);
      else if (dense) g.noalias() = h_dense * p + lin;
      else g = h_diag.cwiseProduct(p) + lin;
      return;
    case Kind::Entropic:
      for (int i = 0; i < n; ++i) g[i] = lin[i] + tau * (1.0 + std::log(p[i]));  // −∞ at p_i = 0
      return;
    case Kind::MaxLinear: {
      int k = 0;
      for (int i = 1; i < n; ++i)
        if (lin[i] * p[i] > lin[k] * p[k]) k = i;
      g.setZero();
      g[k] = lin[k];
      return;
    }
  }
}

double Problem::curvature(const Eigen::VectorXd& d) const {
  if (kind != Kind::Quadratic) throw std::logic_error("curvature: not a quadratic problem");
  if (dense) return d.dot(h_dense * d);
  return (h_diag.array() * d.array().square()).sum();
}

Vertex Problem::linear_minimiser(const Eigen::VectorXd& g) const {
  Vertex best;
  if (!mean_constraint) {
    int k = 0;
    for (int i = 1; i < n; ++i)
      if (g[i] < g[k]) k = i;
    best.i = k;
    return best;
  }
  // Vertices of Δ ∩ {a·p = μ}: e_i with a_i = μ, and w e_i + (1 − w) e_j with
  // a_i < μ < a_j, w = (a_j − μ)/(a_j − a_i).
  double best_value = kInf;
  bool found = false;
  for (int i = 0; i < n; ++i) {
    if (a[i] == mu) {
      if (!found || g[i] < best_value) best = Vertex{i, -1, 1, 0}, best_value = g[i], found = true;
      continue;
    }
    if (a[i] > mu) continue;
    for (int j = 0; j < n; ++j) {
      if (!(a[j] > mu)) continue;
      const double w = (a[j] - mu) / (a[j] - a[i]);
      Vertex v{i, j, w, 1 - w};
      const double value = dot(g, v);
      if (!found || value < best_value) best = v, best_value = value, found = true;
    }
  }
  return best;
}

double Problem::dot(const Eigen::VectorXd& g, const Vertex& v) const {
  double s = v.wi * g[v.i];
  if (v.j >= 0 && v.wj != 0) s += v.wj * g[v.j];
  return s;
}

double Problem::residual(const Eigen::VectorXd& p, const Eigen::VectorXd& g) const {
  const Vertex s = linear_minimiser(g);
  const double g_min = g.minCoeff();
  if (!mean_constraint) {
    // Σ p_i (g_i − min g): a sum of non-negative terms (no cancellation); terms with
    // p_i = 0 are 0 even where g_i = −∞.
    double r = 0;
    for (int i = 0; i < n; ++i)
      if (p[i] != 0) r += p[i] * (g[i] - g_min);
    return r;
  }
  if (!std::isfinite(g_min)) {
    double r = 0;
    for (int i = 0; i < n; ++i)
      if (p[i] != 0) r += p[i] * g[i];
    return r - dot(g, s);  // +∞ when the oracle finds a −∞ coordinate
  }
  // Shifting g by a constant does not change g·(p − s) (both sum to one).
  double r = 0;
  for (int i = 0; i < n; ++i)
    if (p[i] != 0) r += p[i] * (g[i] - g_min);
  return r - (s.wi * (g[s.i] - g_min) + (s.j >= 0 ? s.wj * (g[s.j] - g_min) : 0.0));
}

double Problem::infeasibility(const Eigen::VectorXd& p) const {
  double worst = std::fabs(p.sum() - 1.0);
  if (mean_constraint) worst = std::max(worst, std::fabs(a.dot(p) - mu));
  worst = std::max(worst, std::max(0.0, -p.minCoeff()));
  if (!p.allFinite()) return kNaN;
  return worst;
}

Eigen::VectorXd Problem::start_point() const {
  Eigen::VectorXd p = Eigen::VectorXd::Constant(n, 1.0 / n);
  if (mean_constraint) {
    const double uniform_mean = a.mean();
    const bool up = mu >= uniform_mean;
    const int vertex = up ? n - 1 : 0;
    const double theta = (mu - uniform_mean) / (a[vertex] - uniform_mean);
    p *= (1 - theta);
    p[vertex] += theta;
  }
  return p;
}

double Problem::lipschitz() const {
  switch (kind) {
    case Kind::Quadratic: return std::max(std::fabs(lambda_max_), std::fabs(lambda_min_));
    case Kind::Entropic: return tau / start_point().minCoeff();
    case Kind::MaxLinear: return lin.cwiseAbs().maxCoeff();
  }
  return kNaN;
}

double Problem::lipschitz_l1() const {
  switch (kind) {
    case Kind::Quadratic: return dense ? h_dense.cwiseAbs().maxCoeff() : h_diag.cwiseAbs().maxCoeff();
    case Kind::Entropic: return tau;
    case Kind::MaxLinear: return lin.cwiseAbs().maxCoeff();
  }
  return kNaN;
}

double Problem::strong_convexity_l1() const {
  switch (kind) {
    case Kind::Quadratic: return convex && lambda_min_ > 0 ? lambda_min_ / n : 0.0;
    case Kind::Entropic: return tau;
    case Kind::MaxLinear: return 0.0;
  }
  return 0.0;
}

void Problem::project(const Eigen::VectorXd& y, Eigen::VectorXd& p, std::vector<double>& work) const {
  p.resize(n);
  if (!mean_constraint) {
    tl::project_to_simplex_condat(y.data(), static_cast<std::size_t>(n), p.data(), work);
    return;
  }
  if (!y.allFinite()) {
    p.setConstant(kNaN);
    return;
  }
  // Π_{Δ ∩ {a·p = μ}}(y) = Π_Δ(y − b a) for the b with a·Π_Δ(y − b a) = μ; the mean
  // is non-increasing in b (Π_Δ is monotone), so b is a 1-D root. For
  // |b| ≥ 1 + max y − min y the projection is a vertex (mean 1 or 6): a bracket.
  Eigen::VectorXd q(n);
  auto mean_minus_mu = [&](double b) {
    const Eigen::VectorXd shifted = y - b * a;
    tl::project_to_simplex_condat(shifted.data(), static_cast<std::size_t>(n), q.data(), work);
    return a.dot(q) - mu;
  };
  const double bound = 2.0 + (y.maxCoeff() - y.minCoeff());
  const auto root = tl::find_root(mean_minus_mu, -bound, bound, 1e-15, 1e-15);
  mean_minus_mu(root.x);
  // Polish: on the support S found by the root solve, q_i = y_i − α − b a_i with
  // Σ_S q = 1 and Σ_S a q = μ (a 2×2 system): exact feasibility. (For |S| = 2 the
  // point is a vertex and (α, b) is not unique, so only q_S > 0 is required.)
  // The root solve can leave rounding-size mass on a coordinate outside the true
  // support; drop non-positive coordinates and re-solve until the support is stable.
  std::vector<bool> in_support(n);
  for (int i = 0; i < n; ++i) in_support[i] = q[i] > 0;
  for (int round = 0; round < n; ++round) {
    int count = 0;
    double sa = 0, saa = 0, sy = 0, say = 0;
    for (int i = 0; i < n; ++i)
      if (in_support[i]) ++count, sa += a[i], saa += a[i] * a[i], sy += y[i], say += a[i] * y[i];
    const double det = count * saa - sa * sa;
    if (count < 2 || !(det > 0)) break;
    // count α + sa b = sy − 1 ;  sa α + saa b = say − μ
    const double alpha = ((sy - 1) * saa - sa * (say - mu)) / det;
    const double b = (count * (say - mu) - sa * (sy - 1)) / det;
    Eigen::VectorXd polished = Eigen::VectorXd::Zero(n);
    bool changed = false;
    for (int i = 0; i < n; ++i) {
      if (!in_support[i]) continue;
      polished[i] = y[i] - alpha - b * a[i];
      if (!(polished[i] > 0)) in_support[i] = false, changed = true;
    }
    if (!changed) {
      // Iterative refinement: α and b carry the rounding of the 2×2 solve (y − α − b a
      // cancels); correct the constraint residuals on S twice.
      for (int refine = 0; refine < 2; ++refine) {
        double r1 = -1, r2 = -mu;
        for (int i = 0; i < n; ++i)
          if (in_support[i]) r1 += polished[i], r2 += a[i] * polished[i];
        const double d_alpha = (r1 * saa - sa * r2) / det, d_b = (count * r2 - sa * r1) / det;
        for (int i = 0; i < n; ++i)
          if (in_support[i]) polished[i] -= d_alpha + d_b * a[i];
      }
      p = polished;
      return;
    }
  }
  p = q;
}

Eigen::VectorXd Problem::kl_project_log(const Eigen::VectorXd& log_q) const {
  if (!mean_constraint) throw std::logic_error("kl_project_log: no mean constraint");
  if (!log_q.allFinite()) return Eigen::VectorXd::Constant(n, kNaN);
  // p(b) ∝ q e^{−b a}; its mean decreases in b. Bracket adaptively (β → ±∞ as μ → 1, 6).
  auto log_p = [&](double b) {
    Eigen::VectorXd v = log_q - b * a;
    return Eigen::VectorXd(v.array() - log_sum_exp(v));
  };
  auto mean_minus_mu = [&](double b) { return a.dot(log_p(b).array().exp().matrix()) - mu; };
  double lo = -1, hi = 1;
  for (int k = 0; k < 60 && mean_minus_mu(lo) < 0; ++k) lo *= 2;
  for (int k = 0; k < 60 && mean_minus_mu(hi) > 0; ++k) hi *= 2;
  const auto root = tl::find_root(mean_minus_mu, lo, hi, 1e-15, 1e-15);
  return log_p(root.x);
}

}  // namespace probability_space
