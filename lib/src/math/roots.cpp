#include "theorylab/math/roots.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

#include <boost/math/tools/minima.hpp>
#include <boost/math/tools/roots.hpp>
#include <boost/math/tools/toms748_solve.hpp>

#include "theorylab/core/cancellation.hpp"

namespace tl {

namespace {
// Stop when the bracket is narrower than rel_tol relative (or abs_tol absolute).
struct BracketTolerance {
  double rel, abs;
  bool operator()(double a, double b) const {
    const double width = std::fabs(b - a);
    return width <= abs || width <= rel * std::min(std::fabs(a), std::fabs(b));
  }
};
// (lo + hi) / 2 without overflow: lo + hi is inf for a bracket near DBL_MAX (the root
// of zipf_tail at T = DBL_MAX came back as inf). Elsewhere the same bits as before.
double midpoint(double lo, double hi) {
  const double sum = lo + hi;
  return std::isfinite(sum) ? 0.5 * sum : 0.5 * lo + 0.5 * hi;
}
// Every evaluation polls the cancellation token: a root search is as long as its
// function is slow, and Boost's solvers cannot be interrupted otherwise.
std::function<double(double)> cancellable(const std::function<double(double)>& f) {
  return [&f](double x) {
    throw_if_cancelled();
    return f(x);
  };
}
}  // namespace

RootResult find_root(const std::function<double(double)>& f, double lo, double hi, double rel_tol,
                     double abs_tol, int max_iterations) {
  // Boost's toms748 raises its own domain_error for lo > hi and does not check for
  // infinite ends or a width hi - lo that overflows (its steps then give NaN: [-DBL_MAX,
  // DBL_MAX] returned x = NaN): refused here by name.
  if (!(std::isfinite(lo) && std::isfinite(hi) && lo <= hi && std::isfinite(hi - lo)))
    throw std::invalid_argument("find_root: needs finite lo <= hi with hi - lo finite (got [" + std::to_string(lo) + ", " +
                                std::to_string(hi) + "])");
  if (max_iterations < 1) throw std::invalid_argument("find_root: max_iterations must be >= 1");
  const double flo = f(lo), fhi = f(hi);
  if (flo == 0) return {lo, lo, lo, 0};
  if (fhi == 0) return {hi, hi, hi, 0};
  if (!(flo * fhi < 0))
    throw std::invalid_argument("find_root: f(" + std::to_string(lo) + ") and f(" + std::to_string(hi) +
                                ") do not have opposite signs");
  std::uintmax_t iterations = static_cast<std::uintmax_t>(max_iterations);
  const auto bracket = boost::math::tools::toms748_solve(cancellable(f), lo, hi, flo, fhi, BracketTolerance{rel_tol, abs_tol}, iterations);
  RootResult r;
  r.lo = bracket.first, r.hi = bracket.second;
  // Boost's interpolation steps multiply f by the width: with both large (f = x - 1 on
  // [-DBL_MAX/2, DBL_MAX/2]) they overflow and the bracket comes back NaN. An error, not a root.
  if (!(std::isfinite(r.lo) && std::isfinite(r.hi)))
    throw std::runtime_error("find_root: the solver's steps overflowed on [" + std::to_string(lo) + ", " +
                             std::to_string(hi) + "] (f times the bracket width beyond DBL_MAX); narrow the bracket");
  r.x = midpoint(r.lo, r.hi);
  r.iterations = static_cast<int>(iterations);
  return r;
}

RootResult find_root_from_guess(const std::function<double(double)>& f, double guess, double factor,
                                bool increasing, double rel_tol, int max_iterations) {
  if (!(guess > 0 && guess <= std::numeric_limits<double>::max()))
    throw std::invalid_argument("find_root_from_guess: guess " + std::to_string(guess) + " is not positive and finite");
  if (!(factor > 1 && factor <= std::numeric_limits<double>::max()))
    throw std::invalid_argument("find_root_from_guess: factor " + std::to_string(factor) + " is not above 1");
  if (max_iterations < 1) throw std::invalid_argument("find_root_from_guess: max_iterations must be >= 1");
  std::uintmax_t iterations = static_cast<std::uintmax_t>(max_iterations);
  const auto bracket = boost::math::tools::bracket_and_solve_root(
      cancellable(f), guess, factor, increasing, BracketTolerance{rel_tol, 0.0}, iterations);
  RootResult r;
  r.lo = bracket.first, r.hi = bracket.second;
  r.x = midpoint(r.lo, r.hi);
  r.iterations = static_cast<int>(iterations);
  // Boost walks towards 0 while f keeps its sign and, for a root at or below 0 (or none),
  // ends at a bracket [0, tiny] over which f has not changed sign: not a root.
  const double flo = f(r.lo), fhi = f(r.hi);
  if (!(flo == 0 || fhi == 0 || std::signbit(flo) != std::signbit(fhi)))
    throw std::runtime_error("find_root_from_guess: f does not change sign on (0, DBL_MAX] (stopped at [" +
                             std::to_string(r.lo) + ", " + std::to_string(r.hi) + "])");
  return r;
}

MinimumResult find_minimum(const std::function<double(double)>& f, double lo, double hi, int bits,
                           int max_iterations) {
  // Brent's steps take hi - lo: past DBL_MAX it is inf and x came back as -inf.
  if (!(std::isfinite(lo) && std::isfinite(hi) && lo <= hi && std::isfinite(hi - lo)))
    throw std::invalid_argument("find_minimum: needs finite lo <= hi with hi - lo finite (got [" + std::to_string(lo) + ", " +
                                std::to_string(hi) + "])");
  if (bits < 1) throw std::invalid_argument("find_minimum: bits must be >= 1");
  if (max_iterations < 1) throw std::invalid_argument("find_minimum: max_iterations must be >= 1");
  std::uintmax_t iterations = static_cast<std::uintmax_t>(max_iterations);
  const auto best = boost::math::tools::brent_find_minima(cancellable(f), lo, hi, bits, iterations);
  return {best.first, best.second, static_cast<int>(iterations)};
}

}  // namespace tl
