// probability_space's cost model, checked against the rows' measured cpu_seconds on the
// quick preset (tests/analysis/quick_presets_test.cpp: within a factor of 3).
//
// Constants fitted on 2026-11-30 to the cpu_seconds column of the quick (576 rows) and
// default (216 rows) presets on this machine (2-core AMD EPYC VM, -O3 -march=native, one
// thread per row, machine shared: load 5-10). Every solver is costed at its full
// `iterations`: runs that reach the tolerance stop earlier, so the estimate is an upper
// bound where they do (default preset: 1.5x, mostly T5 at n = 512).
#include "probability_space/cost_model.hpp"

#include <cmath>

#include "probability_space/problems.hpp"
#include "probability_space/references.hpp"
#include "probability_space/solvers.hpp"

namespace probability_space {

namespace {
constexpr double kRowSeconds = 5e-5;           // an n/a row: 15-25 us; a problem's set-up and checks
constexpr int kMaxDenseN = 2000;               // T5 beyond it is an n/a row (probability_space.cpp)
constexpr int kDiceFaces = 6, kFixedSize = 4;  // T3's size; T4's and T6's (problems.cpp)
// T5's reference, computed for every T5 row: 2^n KKT systems of size <= n (n = 12: 3.5 ms),
// or a certified run, cubic (n = 512: 0.055 s).
constexpr double kEnumerationSeconds = 6e-9;   // x 2^n n^2
constexpr double kCertifiedSeconds = 4e-10;    // x n^3
// One solver iteration: 0.3 us, plus per coordinate 3 ns (1e-8 with logarithms or
// exponentials: T2, T3, softmax), plus for T5's dense n x n gradient 0.235 ns per entry
// (T5 n = 512: 60-62 us per iteration; T1 n = 512: 1.75 us; T2: 5.3 us).
constexpr double kIterationSeconds = 3e-7;
constexpr double kCoordinateSeconds = 3e-9;
constexpr double kTranscendentalCoordinateSeconds = 1e-8;
constexpr double kDenseEntrySeconds = 2.35e-10;
// Constant-step Frank-Wolfe on a smooth convex problem also runs at eta/2 and eta/4.
constexpr double kFloorRuns = 3;
// T8 over `iterations` time steps: finite volumes on fp_cells and fp_cells/2 cells
// (quick 0.041 s, default 0.26 s: 17 ms + 2e-8 s per cell and step), RK4 particles
// (0.038 s, 0.31 s: 8 ms + 7.5 ns per particle and step), the closed form (0.35 us/step).
constexpr double kFokkerPlanckFixedSeconds = 0.017;
constexpr double kFokkerPlanckCellStepSeconds = 2e-8;
constexpr double kFokkerPlanckGrids = 1.5;
constexpr double kParticlesFixedSeconds = 0.008;
constexpr double kParticleStepSeconds = 7.5e-9;
constexpr double kClosedFormStepSeconds = 3.5e-7;
}  // namespace

double cost_seconds(const tl::Point& point) {
  const ProblemId problem = parse_problem(point.text("problem"));
  const SolverId solver = parse_solver(point.text("solver"));
  if (!not_applicable_reason(problem, solver).empty()) return kRowSeconds;
  const double iterations = static_cast<double>(point.integer("iterations"));
  if (problem == ProblemId::T8) {
    if (solver == SolverId::FokkerPlanck)
      return kFokkerPlanckFixedSeconds +
             kFokkerPlanckGrids * kFokkerPlanckCellStepSeconds * iterations * static_cast<double>(point.integer("fp_cells"));
    if (solver == SolverId::ParticlesRk4)
      return kParticlesFixedSeconds + kParticleStepSeconds * iterations * static_cast<double>(point.integer("particles"));
    return kRowSeconds + kClosedFormStepSeconds * iterations;
  }
  const std::int64_t given_n = point.integer("n");
  if (problem == ProblemId::T5 && given_n > kMaxDenseN) return kRowSeconds;
  const double n = problem == ProblemId::T3 ? kDiceFaces
                   : (problem == ProblemId::T4 || problem == ProblemId::T6) ? kFixedSize
                                                                            : static_cast<double>(given_n);
  double seconds = kRowSeconds;
  if (problem == ProblemId::T5)
    seconds += given_n <= kEnumerationMaxN ? kEnumerationSeconds * std::ldexp(1.0, static_cast<int>(given_n)) * n * n
                                           : kCertifiedSeconds * n * n * n;
  if (solver == SolverId::Reference) return seconds;
  const bool transcendental = problem == ProblemId::T2 || problem == ProblemId::T3 || solver == SolverId::SoftmaxGradient;
  const double per_iteration = kIterationSeconds +
                               n * (transcendental ? kTranscendentalCoordinateSeconds : kCoordinateSeconds) +
                               (problem == ProblemId::T5 ? kDenseEntrySeconds * n * n : 0);
  const bool smooth_convex = problem == ProblemId::T1 || problem == ProblemId::T2 || problem == ProblemId::T3 ||
                             problem == ProblemId::T4 || problem == ProblemId::T5;
  const double runs = solver == SolverId::FwConstant && smooth_convex ? kFloorRuns : 1;
  return seconds + runs * iterations * per_iteration;
}

}  // namespace probability_space
