#pragma once
// 1-D root finding and minimisation: thin, named wrappers over Boost.Math
// (toms748_solve, bracket_and_solve_root, brent_find_minima) so that every experiment
// states its tolerance the same way and gets a clear error when a bracket is bad.
//
// Termination: each call evaluates f at most max_iterations (+2) times; when the
// tolerance is not met by then, the last bracket is returned (find_root, find_minimum)
// or std::runtime_error is thrown (find_root_from_guess found no sign change).
// Every evaluation polls tl::throw_if_cancelled().
// Domain (find_root, find_minimum): finite lo <= hi anywhere in [-DBL_MAX, DBL_MAX] with
// hi - lo <= DBL_MAX (a wider interval made Boost return NaN or -inf) (lo == hi only as a degenerate bracket: find_root returns it if f(lo) = 0); f not NaN
// at the ends of a root bracket (a NaN fails the sign test: std::invalid_argument);
// max_iterations >= 1; rel_tol, abs_tol >= 0; bits >= 1 (find_minimum). Outside:
// std::invalid_argument (non-finite, reversed or too distant ends, max_iterations < 1,
// bits < 1). f itself must stay finite on the interval for find_minimum (Brent cannot
// compare infinite values: (x - 1)^2 on [-1e300, 1e300] is inf almost everywhere).
// find_root: Boost's steps multiply f by the bracket width; when that overflows (f = x - 1
// on [-DBL_MAX/2, DBL_MAX/2]) the result would be NaN: std::runtime_error instead. The
// returned x = (lo + hi)/2 never overflows (a root next to DBL_MAX is returned finite).
// find_root_from_guess: 0 < guess <= DBL_MAX, factor > 1, a root in (0, DBL_MAX] (Boost
// searches positive x only; a root at or below 0 is std::runtime_error, never a bracket
// over which f keeps its sign). Tested at these edges in tests/math/roots_test.cpp.
#include <functional>

namespace tl {

struct RootResult {
  double x = 0;
  double lo = 0, hi = 0;  // the final bracket
  int iterations = 0;
};

// Root of f in [lo, hi] (f(lo), f(hi) of opposite signs) to relative width `rel_tol`
// (an absolute floor `abs_tol` near zero). Throws std::invalid_argument if not bracketed.
RootResult find_root(const std::function<double(double)>& f, double lo, double hi,
                     double rel_tol = 1e-14, double abs_tol = 0, int max_iterations = 200);

// Root of a monotone f starting from a guess: the bracket is grown geometrically by
// `factor` (Boost bracket_and_solve_root), then refined as find_root. Throws
// std::invalid_argument for guess or factor outside the domain above.
RootResult find_root_from_guess(const std::function<double(double)>& f, double guess, double factor,
                                bool increasing, double rel_tol = 1e-14, int max_iterations = 400);

struct MinimumResult {
  double x = 0, value = 0;
  int iterations = 0;
};

// Minimum of f on [lo, hi] by Brent's method to `bits` bits of precision in x
// (Boost: at most about half the mantissa, 26 for double, is meaningful).
MinimumResult find_minimum(const std::function<double(double)>& f, double lo, double hi, int bits = 40,
                           int max_iterations = 500);

}  // namespace tl
