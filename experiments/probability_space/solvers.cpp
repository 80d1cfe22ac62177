#include "probability_space/solvers.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "theorylab/core/cancellation.hpp"
#include "theorylab/core/error.hpp"
#include "theorylab/math/roots.hpp"

namespace probability_space {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Backtracking (Pedregosa, Negiar, Askari, Jaggi 2020, "Linearly convergent Frank–Wolfe
// with backtracking line-search", Alg. 2): accept γ = min(1, r/(M‖d‖²)) when
// F(p + γd) ≤ F(p) − γ r + ½ γ² M ‖d‖², else double M.
constexpr double kBacktrackShrink = 0.9, kBacktrackGrow = 2.0;
constexpr int kBacktrackMaxTries = 60;
}  // namespace

std::vector<std::string> solver_names() {
  return {"reference",  "projected_gradient", "exponentiated_gradient", "softmax_gradient", "fw_constant",
          "fw_open_loop", "fw_line_search",   "particles_rk4",          "fokker_planck"};
}

SolverId parse_solver(const std::string& name) {
  const auto names = solver_names();
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<SolverId>(i);
  throw tl::UsageError("unknown solver '" + name + "'");
}

std::string solver_name(SolverId id) { return solver_names()[static_cast<std::size_t>(id)]; }

std::string not_applicable_reason(ProblemId problem, SolverId solver) {
  const bool flow_solver = solver == SolverId::ParticlesRk4 || solver == SolverId::FokkerPlanck;
  if (problem == ProblemId::T8 && !flow_solver && solver != SolverId::Reference)
    return "T8 is a density on R: only reference, particles_rk4 and fokker_planck apply";
  if (problem != ProblemId::T8 && flow_solver)
    return solver_name(solver) + " solves the T8 flow on R, not a problem on the simplex";
  if (problem == ProblemId::T3 && solver == SolverId::SoftmaxGradient)
    return "softmax(theta) cannot carry T3's mean constraint sum i p_i = mu";
  return "";
}

Trace run_solver(const Problem& problem, const Reference& reference, const SolverSettings& settings) {
  const int n = problem.n;
  const SolverId solver = settings.solver;
  const int T = solver == SolverId::Reference ? 0 : settings.iterations;
  const double f_star = reference.value;
  Trace tr;

  Eigen::VectorXd p = solver == SolverId::Reference ? reference.p : problem.start_point();
  Eigen::VectorXd g(n), y(n), log_p, theta, d(n);
  std::vector<double> work;

  // Natural steps (see problems.hpp for L and L1).
  const double L = problem.lipschitz();
  double backtrack_M = L;
  switch (solver) {
    case SolverId::ProjectedGradient: tr.step = settings.step_scale / L; break;
    case SolverId::ExponentiatedGradient: tr.step = settings.step_scale / problem.lipschitz_l1(); break;
    case SolverId::SoftmaxGradient: {
      // A bound on the θ-Hessian at the start: J H J + Σ_k g_k ∇²p_k with
      // J = diag(p) − ppᵀ, ‖J‖ ≤ max p, and the second term ≤ 3 max p · range(g).
      problem.gradient(p, g);
      const double pmax = p.maxCoeff();
      tr.step = settings.step_scale / (pmax * pmax * L + 3 * pmax * (g.maxCoeff() - g.minCoeff()));
      break;
    }
    case SolverId::FwConstant: tr.step = settings.fw_step; break;
    default: tr.step = kNaN;
  }
  if (solver == SolverId::ExponentiatedGradient) log_p = p.array().log().matrix();
  if (solver == SolverId::SoftmaxGradient) theta = p.array().log().matrix();

  const int tail_start = static_cast<int>(0.8 * T);
  double next_checkpoint = 100;
  const auto started = std::chrono::steady_clock::now();

  for (int t = 0;; ++t) {
    tl::throw_if_cancelled();  // one iteration: O(n) work (O(n^2) for T5)
    // ---- evaluate and record p_t ----------------------------------------------
    const double F = problem.value(p);
    problem.gradient(p, g);
    const double r = problem.residual(p, g);
    const double infeasible = problem.infeasibility(p);
    const double gap = F - f_star;
    const double l1 = distance_to_optimum(problem, reference, p);
    const bool finite = std::isfinite(F) && p.allFinite();
    tr.gap_every_iteration.push_back(finite ? gap : std::numeric_limits<double>::quiet_NaN());
    if (problem.convex && finite && !(r >= gap - 1e-12 * std::max(1.0, std::fabs(f_star)))) {
      ++tr.residual_bound_violations;
      tr.worst_bound_violation = std::max(tr.worst_bound_violation, gap - r);
    }
    if (t >= tail_start) {
      tr.tail_max_gap = std::max(tr.tail_max_gap, gap);
      tr.tail_max_residual = std::max(tr.tail_max_residual, r);
    }
    const bool converged = finite && r <= settings.tolerance && infeasible <= kFeasibility;
    const bool last = !finite || converged || t == T;
    if (t <= 100 || t >= next_checkpoint || last) {
      tr.iteration.push_back(t);
      tr.gap.push_back(gap);
      tr.residual.push_back(r);
      tr.l1_error.push_back(l1);
      tr.sum_error.push_back(std::fabs(p.sum() - 1.0));
      tr.infeasibility.push_back(infeasible);
      while (next_checkpoint <= t) next_checkpoint *= 1.1;
    }
    if (last) {
      tr.iterations_run = t;
      tr.final_gap = gap, tr.final_residual = r, tr.final_l1_error = l1, tr.final_infeasibility = infeasible;
      if (!finite) tr.diverged = true, tr.diverged_at = t;
      if (converged) tr.iterations_to_tolerance = t;
      if (t < tail_start || tail_start == 0) tr.tail_max_gap = gap, tr.tail_max_residual = r;
      break;
    }

    // ---- one step ------------------------------------------------------------
    switch (solver) {
      case SolverId::ProjectedGradient:
        y = p - tr.step * g;
        problem.project(y, p, work);
        break;
      case SolverId::ExponentiatedGradient:
        log_p -= tr.step * (g.array() - g.minCoeff()).matrix();
        if (problem.mean_constraint) log_p = problem.kl_project_log(log_p);
        else log_p.array() -= log_sum_exp(log_p);
        p = log_p.array().exp().matrix();
        break;
      case SolverId::SoftmaxGradient: {
        const double pg = p.dot(g);
        theta -= tr.step * p.cwiseProduct((g.array() - pg).matrix());
        p = (theta.array() - log_sum_exp(theta)).exp().matrix();
        break;
      }
      case SolverId::FwConstant:
      case SolverId::FwOpenLoop:
      case SolverId::FwLineSearch: {
        const Vertex s = problem.linear_minimiser(g);
        d = -p;
        d[s.i] += s.wi;
        if (s.j >= 0) d[s.j] += s.wj;
        double gamma = 0;
        if (solver == SolverId::FwConstant) {
          gamma = settings.fw_step;
        } else if (solver == SolverId::FwOpenLoop) {
          gamma = 2.0 / (t + 2.0);
        } else if (problem.kind == Problem::Kind::Quadratic) {
          // Exact line search on [0, 1]: F(p + γd) = F + γ g·d + ½ γ² dᵀHd, g·d = −r.
          const double curvature = problem.curvature(d);
          gamma = curvature > 0 ? std::min(1.0, std::max(0.0, r / curvature)) : (r > 0 ? 1.0 : 0.0);
        } else if (!std::isfinite(r)) {
          // Entropy with a zero coordinate: r = +∞, no quadratic model; Brent on [0, 1].
          Eigen::VectorXd trial(n);
          gamma = tl::find_minimum([&](double c) { trial = p + c * d; return problem.value(trial); }, 0.0, 1.0).x;
        } else {
          const double dd = d.squaredNorm();
          backtrack_M *= kBacktrackShrink;
          const double M_before = backtrack_M;
          Eigen::VectorXd trial(n);
          bool accepted = false;
          for (int k = 0; k < kBacktrackMaxTries && !accepted; ++k) {
            gamma = std::min(1.0, r / (backtrack_M * dd));
            trial = p + gamma * d;
            if (problem.value(trial) <= F - gamma * r + 0.5 * gamma * gamma * backtrack_M * dd) accepted = true;
            else backtrack_M *= kBacktrackGrow;
          }
          if (!accepted) gamma = 0, backtrack_M = M_before, ++tr.line_search_failures;
        }
        p += gamma * d;
        break;
      }
      default:
        break;
    }
    if (t == 0) tr.first_iterate = p;
  }
  tr.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  tr.p = p;
  return tr;
}

}  // namespace probability_space
