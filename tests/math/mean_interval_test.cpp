// tl::mean_t_interval: mean, standard error and Student-t interval of a sample, at its edges.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>

#include "theorylab/math/mean_interval.hpp"

TEST_CASE("mean_t_interval of a sample: mean, standard error and the t interval", "[math][mean_t_interval]") {
  // 1, 2, 3, 4: mean 2.5, s^2 = 5/3, se = sqrt(5/12); t_{3, 0.975} = 3.182446305284263 (tables).
  const tl::MeanInterval m = tl::mean_t_interval({1, 2, 3, 4});
  CHECK(m.n == 4);
  CHECK(m.mean == 2.5);
  CHECK(m.se == Approx(std::sqrt(5.0 / 12)).epsilon(1e-15));
  CHECK(m.hi - m.mean == Approx(3.182446305284263 * std::sqrt(5.0 / 12)).epsilon(1e-12));
  CHECK(m.mean - m.lo == Approx(m.hi - m.mean).epsilon(1e-15));
  CHECK(m.confidence == 0.95);
  // A 99% interval is wider: t_{3, 0.995} = 5.840909309733349.
  const tl::MeanInterval w = tl::mean_t_interval({1, 2, 3, 4}, 0.99);
  CHECK(w.hi - w.mean == Approx(5.840909309733349 * std::sqrt(5.0 / 12)).epsilon(1e-12));
}

TEST_CASE("mean_t_interval at its edges: no value, one value, equal values, NaN, a bad confidence",
          "[math][mean_t_interval]") {
  const tl::MeanInterval none = tl::mean_t_interval({});
  CHECK(none.n == 0);
  CHECK(std::isnan(none.mean));
  CHECK(std::isnan(none.lo));
  CHECK(std::isnan(none.hi));
  const tl::MeanInterval one = tl::mean_t_interval({7.5});
  CHECK(one.n == 1);
  CHECK(one.mean == 7.5);
  CHECK(std::isnan(one.se));
  CHECK(one.lo == 7.5);
  CHECK(one.hi == 7.5);
  const tl::MeanInterval same = tl::mean_t_interval({2, 2, 2});
  CHECK(same.se == 0);
  CHECK(same.lo == 2);
  CHECK(same.hi == 2);
  const tl::MeanInterval nan = tl::mean_t_interval({1, std::numeric_limits<double>::quiet_NaN(), 3});
  CHECK(nan.n == 3);
  CHECK(std::isnan(nan.mean));
  CHECK(std::isnan(nan.hi));
  CHECK_THROWS_AS(tl::mean_t_interval({1, 2}, 0), std::domain_error);
  CHECK_THROWS_AS(tl::mean_t_interval({1, 2}, 1), std::domain_error);
  CHECK_THROWS_AS(tl::mean_t_interval({}, std::numeric_limits<double>::quiet_NaN()), std::domain_error);
}
