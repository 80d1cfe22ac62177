#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "quantization_scaling/fit_helpers.hpp"

TEST_CASE("group_slope: per-group slopes and a t-interval across groups", "[fit_helpers]") {
  // Three groups with exponents -0.9, -1.0, -1.1 (no noise): mean -1, sd 0.1,
  // CI = -1 ± t_{0.975, 2} 0.1 / sqrt(3) = -1 ± 0.2484.
  std::vector<double> x, y;
  std::vector<int> g;
  const double slopes[3] = {-0.9, -1.0, -1.1};
  for (int grp = 0; grp < 3; ++grp)
    for (double v : {1.0, 2.0, 4.0, 8.0}) x.push_back(v), y.push_back(3 * std::pow(v, slopes[grp])), g.push_back(grp);
  const auto e = qs::group_slope(x, y, g);
  CHECK(e.groups == 3);
  CHECK(e.points == 12);
  CHECK(e.slope == Approx(-1).epsilon(1e-12));
  CHECK(e.hi - e.slope == Approx(4.302652729749464 * 0.1 / std::sqrt(3.0)).epsilon(1e-9));
  // A group with fewer than 3 distinct x is skipped; none usable is an error.
  x.push_back(1), y.push_back(1), g.push_back(7);
  CHECK(qs::group_slope(x, y, g).groups == 3);
  CHECK_THROWS_AS(qs::group_slope({1, 2}, {1, 2}, {0, 0}), std::invalid_argument);
}

TEST_CASE("pooled_slope is the log-log OLS", "[fit_helpers]") {
  const auto e = qs::pooled_slope({1, 10, 100}, {1, 0.5, 0.25});
  CHECK(e.slope == Approx(std::log(0.5) / std::log(10.0)).epsilon(1e-12));
  CHECK(e.points == 3);
}
