#pragma once
// Euclidean projection onto the scaled probability simplex
//   Δ_r = {p : p_i ≥ 0, Σ p_i = r},   Π(x) = argmin_{p ∈ Δ_r} ‖p − x‖².
// The answer is p_i = max(0, x_i − λ) with λ fixed by Σ p_i = r (kexue.fm 10145,
// "Sparsemax"; Held, Wolfe, Crowder 1974). Two algorithms:
//   - sort based: sort x descending, λ_k = (Σ_{i≤k} x_(i) − r)/k, take the largest
//     k with x_(k) > λ_k (k = n is handled explicitly); O(n log n).
//   - Condat (2016), "Fast projection onto the simplex and the l1 ball", Math.
//     Program. 158, Algorithm 1: expected O(n) (worst case O(n²)), no sort.
// Both return the same threshold up to rounding. Non-finite input gives an all-NaN
// output and a NaN threshold (a diverged iterate stays visibly diverged).
//
// Domain: any finite x (entries up to ±DBL_MAX), radius > 0 finite with n·radius ≤
// DBL_MAX; n ≥ 1. Exactness: both algorithms work on y = x − max x with entries clamped
// at −radius (the projection is shift-invariant, and entries below −radius are never in
// the support), so Σ p_i = radius within n ulp(radius) and p ≥ 0 at every scale of x —
// also when |x| ~ 1e17 ≫ radius, where x_i − λ would otherwise round to 0.
// Termination: the sort pass is n steps; Condat's removal loop stops on the first pass
// that removes nothing, after at most n passes.
#include <cstddef>
#include <vector>

#include <Eigen/Core>

namespace tl {

enum class SimplexProjectionMethod { Sort, Condat };

struct SimplexProjection {
  Eigen::VectorXd p;      // the projection
  double threshold = 0;   // λ: p_i = max(0, x_i − λ)
  std::size_t support = 0;  // number of p_i > 0
};

// Writes Π(x) to out[0..n) and returns λ. `out` may alias `x`. `work` is scratch
// space (resized as needed) so that repeated calls do not allocate. Edges: n = 0 writes
// nothing and returns 0; radius in (0, DBL_MAX] with n·radius ≤ DBL_MAX (tested at
// DBL_MAX/4 and the smallest subnormal). A radius ≤ 0, infinite or NaN, n·radius above
// DBL_MAX, or a non-finite x_i, gives an all-NaN output and a NaN λ (no exception: these
// run in inner loops).
double project_to_simplex_sort(const double* x, std::size_t n, double* out, std::vector<double>& work,
                               double radius = 1.0);
double project_to_simplex_condat(const double* x, std::size_t n, double* out, std::vector<double>& work,
                                 double radius = 1.0);

// Convenience form. Throws std::invalid_argument for an empty x or a radius ≤ 0, infinite
// or NaN; a non-finite x_i or n·radius above DBL_MAX gives NaN as above.
SimplexProjection project_to_simplex(const Eigen::VectorXd& x, double radius = 1.0,
                                     SimplexProjectionMethod method = SimplexProjectionMethod::Condat);

}  // namespace tl
