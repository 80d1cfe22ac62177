#pragma once
// The iterative solvers compared on T1–T7 (docs/science/probability_space.md, "Solvers"), all
// started from Problem::start_point(), with the per-iteration record a row needs.
#include <string>
#include <vector>

#include <Eigen/Core>

#include "probability_space/problems.hpp"
#include "probability_space/references.hpp"

namespace probability_space {

enum class SolverId {
  Reference,              // the problem's reference optimum (references.hpp)
  ProjectedGradient,      // p ← Π(p − η g), η = step_scale / L
  ExponentiatedGradient,  // log p ← log p − η (g − min g), renormalised (T3: KL projection)
  SoftmaxGradient,        // p = softmax(θ), θ ← θ − η p ⊙ (g − p·g)
  FwConstant,             // the article's convex set search, constant η (fw_step)
  FwOpenLoop,             // η_t = 2/(t + 2)
  FwLineSearch,           // exact line search (quadratics) or backtracking
  ParticlesRk4,           // T8 only (flow.hpp)
  FokkerPlanck,           // T8 only (flow.hpp)
};
SolverId parse_solver(const std::string& name);
std::string solver_name(SolverId id);
std::vector<std::string> solver_names();

// Empty if `solver` makes sense on `problem`, else why not (the row's n/a reason).
std::string not_applicable_reason(ProblemId problem, SolverId solver);

struct SolverSettings {
  SolverId solver = SolverId::FwOpenLoop;
  int iterations = 1000;
  double tolerance = 1e-8;   // stop when r(p) ≤ tolerance and infeasibility ≤ kFeasibility
  double step_scale = 1.0;   // PG / EG / softmax: η = step_scale × the natural step
  double fw_step = 0.05;     // constant Frank–Wolfe step
};
constexpr double kFeasibility = 1e-10;

struct Trace {
  // Checkpoints (every iteration up to 100, then ~10% apart, and the last).
  std::vector<double> iteration, gap, residual, l1_error, sum_error, infeasibility;
  // F(p_t) − F* at every iterate t = 0..iterations_run (not written to the row; the
  // Jaggi bound of fw_theory.hpp is checked on it).
  std::vector<double> gap_every_iteration;
  int iterations_run = 0;               // iterations performed
  int iterations_to_tolerance = -1;     // first t with r ≤ tol and feasible; −1: did not
  bool diverged = false;                // a NaN/Inf iterate or value
  int diverged_at = -1;
  double final_gap = 0, final_residual = 0, final_l1_error = 0, final_infeasibility = 0;
  double tail_max_gap = 0;              // max of F − F* over the last 20% of iterations
  double tail_max_residual = 0;
  // Iterates where r(p) < F(p) − F* beyond rounding (impossible for convex F).
  int residual_bound_violations = 0;
  double worst_bound_violation = 0;     // max of (F − F*) − r over all iterates
  double step = 0;                      // the step η used (PG/EG/softmax/FW constant)
  int line_search_failures = 0;         // backtracking gave up (step 0)
  double seconds = 0;                   // wall time of the iterations (not reproducible)
  Eigen::VectorXd p;                    // the last iterate
  Eigen::VectorXd first_iterate;        // p after one iteration (the EG one-step test)
};

Trace run_solver(const Problem& problem, const Reference& reference, const SolverSettings& settings);

}  // namespace probability_space
