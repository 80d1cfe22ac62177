// find_root, find_root_from_guess and find_minimum: known roots and minima, and the
// edges of the domain written in roots.hpp (a root at a bracket end, brackets spanning
// [0, DBL_MAX] and reaching down to 1e-300, an iteration cap that stops early, a bracket
// that is not one, a NaN function).
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

#include "theorylab/math/roots.hpp"

namespace {
constexpr double kMax = std::numeric_limits<double>::max();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

TEST_CASE("find_root: sqrt 2, and a root at either end of the bracket returned exactly", "[roots]") {
  const auto f = [](double x) { return x * x - 2; };
  const tl::RootResult r = tl::find_root(f, 0, 2);
  CHECK(r.x == Approx(std::sqrt(2.0)).epsilon(1e-14));
  CHECK(r.lo <= std::sqrt(2.0));
  CHECK(r.hi >= std::sqrt(2.0));
  const tl::RootResult at_lo = tl::find_root([](double x) { return x - 1.5; }, 1.5, 3);
  CHECK(at_lo.x == 1.5);
  CHECK(at_lo.iterations == 0);
  const tl::RootResult at_hi = tl::find_root([](double x) { return x - 3; }, 0, 3);
  CHECK(at_hi.x == 3);
  CHECK(at_hi.iterations == 0);
}

TEST_CASE("find_root at the domain edges: brackets over [0, DBL_MAX] and down to 1e-300", "[roots][domain]") {
  const tl::RootResult huge = tl::find_root([](double x) { return x - 1e300; }, 0, kMax);
  CHECK(huge.x == Approx(1e300).epsilon(1e-14));
  const tl::RootResult tiny = tl::find_root([](double x) { return x - 1e-300; }, 0, 1);
  CHECK(tiny.x == Approx(1e-300).epsilon(1e-14));
  // A root at 0 itself: the relative width never shrinks below rel * 0, so abs_tol stops it.
  const tl::RootResult zero = tl::find_root([](double x) { return std::sin(x); }, -1, 2, 1e-14, 1e-12);
  CHECK(std::abs(zero.x) <= 1e-12);
  // The iteration cap ends the search with the last bracket, which still holds the root.
  const auto slow = [](double x) { return std::cbrt(x - 0.3); };
  const tl::RootResult capped = tl::find_root(slow, 0, 1, 1e-15, 0, 3);
  CHECK(capped.iterations <= 3);
  CHECK(capped.lo <= 0.3);
  CHECK(capped.hi >= 0.3);
  // Not a bracket, or f NaN at an end: std::invalid_argument.
  CHECK_THROWS_AS(tl::find_root([](double x) { return x * x + 1; }, -1, 1), std::invalid_argument);
  CHECK_THROWS_AS(tl::find_root([](double x) { return x > 0.5 ? kNaN : x - 1; }, 0, 1), std::invalid_argument);
}

TEST_CASE("find_root_from_guess grows its bracket from a far guess, no root throws", "[roots][domain]") {
  const auto cube = [](double x) { return x * x * x - 1e9; };
  CHECK(tl::find_root_from_guess(cube, 1, 2, true).x == Approx(1000).epsilon(1e-13));
  CHECK(tl::find_root_from_guess(cube, 1e100, 2, true).x == Approx(1000).epsilon(1e-13));
  const auto decreasing = [](double x) { return 1e-200 / x - 1; };
  CHECK(tl::find_root_from_guess(decreasing, 1, 2, false).x == Approx(1e-200).epsilon(1e-13));
  // No root: Boost walks up to inf or down to 0; either way an error, not a "root".
  for (bool increasing : {true, false}) {
    CAPTURE(increasing);
    CHECK_THROWS_AS(tl::find_root_from_guess([](double) { return 1.0; }, 1, 2, increasing), std::runtime_error);
    CHECK_THROWS_AS(tl::find_root_from_guess([](double) { return -1.0; }, 1, 2, increasing), std::runtime_error);
  }
  // A root below 0 (x = -1) is outside the domain: an error, not the bracket [0, 5e-315].
  CHECK_THROWS_AS(tl::find_root_from_guess([](double x) { return x + 1; }, 1, 2, true), std::runtime_error);
  CHECK_THROWS_AS(tl::find_root_from_guess(cube, 0, 2, true), std::invalid_argument);
  CHECK_THROWS_AS(tl::find_root_from_guess(cube, 1, 1, true), std::invalid_argument);
}

TEST_CASE("find_minimum: interior minimum, and minima at either end of the interval", "[roots][domain]") {
  const tl::MinimumResult inside = tl::find_minimum([](double x) { return (x - 1) * (x - 1) + 2; }, 0, 3);
  CHECK(inside.x == Approx(1).margin(1e-7));
  CHECK(inside.value == Approx(2).epsilon(1e-14));
  const tl::MinimumResult at_lo = tl::find_minimum([](double x) { return x; }, 2, 5);
  CHECK(at_lo.x == Approx(2).margin(1e-6));
  const tl::MinimumResult at_hi = tl::find_minimum([](double x) { return -x; }, 2, 5);
  CHECK(at_hi.x == Approx(5).margin(1e-6));
  // A wide interval at the top of the doubles: the minimum at 1e300 to 1e-7 relative.
  const tl::MinimumResult wide = tl::find_minimum([](double x) { return std::abs(x / 1e300 - 1); }, 0, 1e301);
  CHECK(wide.x == Approx(1e300).epsilon(1e-7));
  const tl::MinimumResult capped = tl::find_minimum([](double x) { return std::cos(x); }, 0, 6, 40, 4);
  CHECK(capped.iterations <= 4);
  CHECK(capped.x >= 0);
  CHECK(capped.x <= 6);
}

TEST_CASE("find_root and find_minimum refuse reversed, infinite or NaN ends and empty budgets", "[roots][domain]") {
  const double inf = std::numeric_limits<double>::infinity();
  const auto line = [](double x) { return x - 1; };
  const auto bowl = [](double x) { return (x - 1) * (x - 1); };
  // The edges themselves: lo == hi (a root there is returned), ends at +-DBL_MAX, one
  // iteration, one bit.
  CHECK(tl::find_root(line, 1, 1).x == 1);
  CHECK_THROWS_AS(tl::find_root(line, 2, 2), std::invalid_argument);  // not a bracket
  CHECK(tl::find_root(line, -kMax / 4, kMax / 4).x == Approx(1).epsilon(1e-12));
  // Wider, with |f| as large as the width: Boost's steps overflow; an error, never NaN.
  CHECK_THROWS_AS(tl::find_root(line, -kMax / 2, kMax / 2), std::runtime_error);
  CHECK(tl::find_root([](double x) { return x / 1e300 - 1; }, -kMax / 2, kMax / 2).x == Approx(1e300).epsilon(1e-12));
  // A root next to DBL_MAX: the midpoint of the final bracket stays finite.
  CHECK(tl::find_root([](double x) { return x / kMax - 0.875; }, 0.5 * kMax, kMax).x == Approx(0.875 * kMax).epsilon(1e-14));
  const tl::MinimumResult far = tl::find_minimum([](double x) { return std::abs(x / 1e300 - 1); }, -kMax / 2, kMax / 2);
  CHECK(far.x == Approx(1e300).epsilon(1e-6));
  const tl::RootResult one_step = tl::find_root(line, 0, 3, 1e-14, 0, 1);
  CHECK(one_step.lo <= 1);
  CHECK(one_step.hi >= 1);
  CHECK(tl::find_minimum(bowl, 1, 1).x == 1);
  const tl::MinimumResult coarse = tl::find_minimum(bowl, 0, 3, 1);  // one bit: tolerance ~ |x|
  CHECK(coarse.x >= 0);
  CHECK(coarse.x <= 3);
  CHECK(tl::find_minimum(bowl, 0, 3, 1000).x == Approx(1).margin(1e-7));  // Boost caps bits at 26
  const tl::MinimumResult single = tl::find_minimum(bowl, 0, 3, 40, 1);
  CHECK(single.iterations <= 1);
  CHECK(single.x >= 0);
  CHECK(single.x <= 3);
  // Outside: std::invalid_argument naming the problem.
  // [-DBL_MAX, DBL_MAX]: its width overflows (Boost returned NaN and -inf there).
  for (auto [lo, hi] : {std::pair<double, double>{2, 0}, {0, inf}, {-inf, 2}, {kNaN, 2}, {0, kNaN}, {-kMax, kMax}}) {
    CAPTURE(lo, hi);
    CHECK_THROWS_AS(tl::find_root(line, lo, hi), std::invalid_argument);
    CHECK_THROWS_AS(tl::find_minimum(bowl, lo, hi), std::invalid_argument);
  }
  CHECK_THROWS_AS(tl::find_root(line, 0, 2, 1e-14, 0, 0), std::invalid_argument);
  CHECK_THROWS_AS(tl::find_root_from_guess(line, 0.5, 2, true, 1e-14, 0), std::invalid_argument);
  CHECK_THROWS_AS(tl::find_minimum(bowl, 0, 3, 0), std::invalid_argument);
  CHECK_THROWS_AS(tl::find_minimum(bowl, 0, 3, 40, 0), std::invalid_argument);
}
