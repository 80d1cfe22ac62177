// Solvers: the exact one-step cases, r ≥ F − F* along Frank–Wolfe, convergence to the
// references, and failures recorded rather than thrown.
#include <catch2/catch.hpp>

#include <cmath>

#include "probability_space/problems.hpp"
#include "probability_space/references.hpp"
#include "probability_space/solvers.hpp"

using namespace probability_space;

namespace {

Problem make(ProblemId id, int n = 4, double tau = 0.5, double mu = 4.5) {
  ProblemConfig c;
  c.id = id, c.n = n, c.tau = tau, c.mu = mu, c.instance_seed = 4;
  return Problem::make(c);
}

Trace solve(const Problem& problem, SolverId solver, int iterations = 2000, double fw_step = 0.05) {
  SolverSettings s;
  s.solver = solver;
  s.iterations = iterations;
  s.fw_step = fw_step;
  return run_solver(problem, reference_solution(problem), s);
}

}  // namespace

TEST_CASE("exponentiated gradient with eta = 1/tau is exact after one step on T2", "[probability_space][solvers]") {
  for (double tau : {0.1, 0.5, 2.0}) {
    for (int n : {2, 7, 300}) {
      const Problem problem = make(ProblemId::T2, n, tau);
      const Reference ref = reference_solution(problem);
      const Trace tr = solve(problem, SolverId::ExponentiatedGradient, 5);
      REQUIRE(tr.step == Approx(1 / tau));
      INFO("tau " << tau << " n " << n);
      CHECK((tr.first_iterate - ref.p).lpNorm<1>() <= 1e-13);
    }
  }
  // and on T3 (τ = 1) with the KL projection onto the mean constraint
  const Problem t3 = make(ProblemId::T3, 6, 1.0, 5.0);
  const Trace tr = solve(t3, SolverId::ExponentiatedGradient, 5);
  CHECK((tr.first_iterate - reference_solution(t3).p).lpNorm<1>() <= 1e-13);
}

TEST_CASE("projected gradient with eta = 1/L is exact after one step on T1", "[probability_space][solvers]") {
  const Problem problem = make(ProblemId::T1, 4);
  const Trace tr = solve(problem, SolverId::ProjectedGradient, 5);
  CHECK((tr.first_iterate - reference_solution(problem).p).lpNorm<1>() <= 1e-15);
}

TEST_CASE("r(p) >= F(p) - F* at every Frank-Wolfe iterate on the convex problems", "[probability_space][solvers]") {
  for (ProblemId id : {ProblemId::T1, ProblemId::T2, ProblemId::T3, ProblemId::T4, ProblemId::T5, ProblemId::T6}) {
    for (SolverId solver : {SolverId::FwConstant, SolverId::FwOpenLoop, SolverId::FwLineSearch}) {
      const Problem problem = make(id, 9);
      const Trace tr = solve(problem, solver, 3000);
      INFO(problem_name(id) << " " << solver_name(solver));
      CHECK(tr.residual_bound_violations == 0);
      CHECK_FALSE(tr.diverged);
      // and on the recorded checkpoints, recomputed here
      for (std::size_t k = 0; k < tr.gap.size(); ++k) CHECK(tr.residual[k] >= tr.gap[k] - 1e-12);
    }
  }
}

TEST_CASE("Frank-Wolfe 2/(t+2) jumps to a vertex on its first step", "[probability_space][solvers]") {
  const Problem problem = make(ProblemId::T2, 6);
  const Trace tr = solve(problem, SolverId::FwOpenLoop, 3);
  CHECK(tr.first_iterate.maxCoeff() == 1.0);
  CHECK(std::isinf(tr.residual[1]));  // entropy gradient −∞ on the zero coordinates
}

TEST_CASE("solvers reach the reference on smooth strongly convex problems", "[probability_space][solvers]") {
  struct Case { ProblemId id; SolverId solver; };
  for (Case c : {Case{ProblemId::T4, SolverId::ProjectedGradient}, Case{ProblemId::T5, SolverId::ProjectedGradient},
                 Case{ProblemId::T5, SolverId::ExponentiatedGradient}, Case{ProblemId::T3, SolverId::ProjectedGradient},
                 Case{ProblemId::T2, SolverId::SoftmaxGradient}, Case{ProblemId::T5, SolverId::FwLineSearch}}) {
    // τ = 2 keeps T2's p* away from the boundary (softmax GD contracts at rate ~ τ min p*)
    const Problem problem = make(c.id, 8, 2.0);
    const Trace tr = solve(problem, c.solver, 20000);
    INFO(problem_name(c.id) << " " << solver_name(c.solver));
    CHECK(tr.iterations_to_tolerance >= 0);
    CHECK(tr.final_l1_error <= 1e-3);
    CHECK(tr.final_infeasibility <= kFeasibility);
  }
}

TEST_CASE("constant-step Frank-Wolfe stalls above the tolerance", "[probability_space][solvers]") {
  const Problem problem = make(ProblemId::T1, 4);
  const Trace tr = solve(problem, SolverId::FwConstant, 5000, 0.05);
  CHECK(tr.iterations_to_tolerance == -1);
  CHECK(tr.tail_max_gap > 1e-5);
  const Trace smaller = solve(problem, SolverId::FwConstant, 5000, 0.0125);
  CHECK(smaller.tail_max_gap < tr.tail_max_gap);
}

TEST_CASE("T7: every solver stops at the barycentre, the global maximum", "[probability_space][solvers]") {
  const Problem problem = make(ProblemId::T7, 5);
  for (SolverId solver : {SolverId::ProjectedGradient, SolverId::ExponentiatedGradient, SolverId::FwOpenLoop}) {
    const Trace tr = solve(problem, solver, 100);
    CHECK(tr.iterations_to_tolerance == 0);
    CHECK(tr.final_gap == Approx(0.5 - 0.5 / 5).margin(1e-15));
  }
}

TEST_CASE("a diverging solver is recorded, not thrown", "[probability_space][solvers]") {
  // Projected gradient on T2 zeroes a coordinate; the entropy gradient is then −∞.
  const Problem problem = make(ProblemId::T2, 12);
  Trace tr;
  REQUIRE_NOTHROW(tr = solve(problem, SolverId::ProjectedGradient, 1000));
  CHECK(tr.diverged);
  CHECK(tr.diverged_at > 0);
  CHECK(tr.iterations_to_tolerance == -1);
}

TEST_CASE("applicability of solver and problem", "[probability_space][solvers]") {
  CHECK_FALSE(not_applicable_reason(ProblemId::T8, SolverId::ProjectedGradient).empty());
  CHECK_FALSE(not_applicable_reason(ProblemId::T3, SolverId::ParticlesRk4).empty());
  CHECK_FALSE(not_applicable_reason(ProblemId::T3, SolverId::SoftmaxGradient).empty());
  CHECK(not_applicable_reason(ProblemId::T8, SolverId::FokkerPlanck).empty());
  CHECK(not_applicable_reason(ProblemId::T1, SolverId::FwConstant).empty());
  CHECK(not_applicable_reason(ProblemId::T8, SolverId::Reference).empty());
}
