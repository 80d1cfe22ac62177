#pragma once
// Reference optima of T1–T7, each computed by a route independent of the solvers
// compared (docs/science/probability_space.md, "Test problems"): the sort-based projection (T1), closed
// forms (T2, T6, T7), 1-D root solves with Boost toms748 through tl::find_root (T3's
// β, T4's water level), support enumeration or a certified accelerated run polished
// on its support (T5). And the KKT check of an optimum.
#include <string>

#include <Eigen/Core>

#include "probability_space/problems.hpp"

namespace probability_space {

// T5: enumerate the supports up to this n (2^n − 1 linear solves).
constexpr int kEnumerationMaxN = 12;

struct Reference {
  Eigen::VectorXd p;   // an optimum (T7: the vertex e_1; every vertex is optimal)
  double value = 0;    // F*
  double multiplier = 0;  // T1: λ of the projection; T3: β; T4: the water level
  std::string method;  // how it was computed
  int support = 0;     // number of p_i > 0
  double certified_residual = 0;  // T5 with n > kEnumerationMaxN: r(p*) at acceptance
};

Reference reference_solution(const Problem& problem);
// T5's two routes (reference_solution picks by n); exposed so tests can compare them.
Reference t5_by_enumeration(const Problem& problem);
Reference t5_by_certified_run(const Problem& problem);

struct KktReport {
  double residual = 0;           // r(p*) (T6: with the KKT subgradient, see .cpp)
  double relative_residual = 0;  // r(p*) / max(1, ‖g‖∞)
  double pattern_error = 0;      // relative: g constant on the support, ≥ it off it
  bool pattern_ok = false;       // pattern_error ≤ kKktTolerance
};
constexpr double kKktTolerance = 1e-12;  // "r(p*) ≈ 0 to ~1e−12 relative" (docs/science/probability_space.md)

KktReport check_kkt(const Problem& problem, const Reference& reference);

// ‖p − p*‖₁; for T7 the distance to the nearest vertex (every vertex is optimal).
double distance_to_optimum(const Problem& problem, const Reference& reference, const Eigen::VectorXd& p);

}  // namespace probability_space
