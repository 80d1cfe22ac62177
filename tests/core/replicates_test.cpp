// tl::group_replicates, tl::pool_replicates, tl::pool_replicate_series: rows grouped by
// point (replicate and seed ignored), pooled by tl::mean_t_interval, at their edges.
#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "theorylab/core/error.hpp"
#include "theorylab/core/replicates.hpp"

namespace {

tl::Row row_at(std::int64_t n, const std::string& part, int replicate) {
  return tl::Row(tl::Point({{"n", tl::Value(n)}, {"part", tl::Value(part)}}, 0, replicate, 100 + replicate));
}

struct Fixture {
  tl::Sweep sweep;
  std::vector<tl::Row> rows;
  Fixture() {
    // n = 1: replicates 0, 1, 2 of part a (values 1, 2, 6), rows interleaved with n = 2;
    // n = 2: replicates 0, 1 (values 10, 20) and a failed replicate 2; part b has no "x".
    rows.push_back(row_at(1, "a", 0).set("x", 1.0).series("s", std::vector<double>{1, 10}));
    rows.push_back(row_at(2, "a", 0).set("x", std::int64_t{10}).series("s", std::vector<double>{0, 0}));
    rows.push_back(row_at(1, "a", 1).set("x", 2.0).series("s", std::vector<double>{3, 10}));
    rows.push_back(row_at(2, "a", 1).set("x", 20.0).series("s", std::vector<double>{2, 4}));
    rows.push_back(row_at(1, "a", 2).set("x", 6.0).series("s", std::vector<double>{5, 10}));
    rows.push_back(row_at(2, "a", 2).set("error", "diverged"));
    rows.push_back(row_at(1, "b", 0).set("y", 1.0));
  }
};

}  // namespace

TEST_CASE("pool_replicates: one entry per point, in first-row order, over its replicates", "[core][replicates]") {
  Fixture f;
  const tl::MemoryRowStore store(f.rows, f.sweep);
  const tl::RunResults results(store, f.sweep, 1, 3, "");
  const auto pooled = tl::pool_replicates(results, "x");
  REQUIRE(pooled.size() == 2);
  CHECK(pooled[0].point.integer("n") == 1);
  CHECK(pooled[0].rows == std::vector<std::size_t>{0, 2, 4});
  CHECK(pooled[0].value.n == 3);
  CHECK(pooled[0].value.mean == 3);
  CHECK(pooled[0].value.se == Approx(std::sqrt(7.0 / 3)).epsilon(1e-15));  // s^2 = 7, se = sqrt(7/3)
  CHECK(pooled[1].point.integer("n") == 2);
  CHECK(pooled[1].rows == std::vector<std::size_t>{1, 3});  // the failed replicate is left out
  CHECK(pooled[1].value.mean == 15);                        // an integer scalar converts
  CHECK(pooled[1].value.lo < 15);
  // The same interval as mean_t_interval of the values, bit for bit.
  const tl::MeanInterval direct = tl::mean_t_interval({1, 2, 6});
  CHECK(pooled[0].value.lo == direct.lo);
  CHECK(pooled[0].value.hi == direct.hi);
  // A filter keeps one part; a scalar no row has gives no points.
  const auto only_b = tl::pool_replicates(results, "y", 0.95, [](const tl::Row& r) { return r.point().text("part") == "b"; });
  REQUIRE(only_b.size() == 1);
  CHECK(only_b[0].value.n == 1);
  CHECK(only_b[0].value.lo == 1);
  CHECK(tl::pool_replicates(results, "absent").empty());
  const auto groups = tl::group_replicates(results);
  REQUIRE(groups.size() == 3);  // (1, a), (2, a), (1, b)
  CHECK(groups[1].rows == std::vector<std::size_t>{1, 3});
}

TEST_CASE("pool_replicate_series: element by element over the replicates", "[core][replicates]") {
  Fixture f;
  const tl::MemoryRowStore store(f.rows, f.sweep);
  const tl::RunResults results(store, f.sweep, 1, 3, "");
  const auto pooled = tl::pool_replicate_series(results, "s");
  REQUIRE(pooled.size() == 2);
  REQUIRE(pooled[0].elements.size() == 2);
  CHECK(pooled[0].series_rows == 2);
  CHECK(pooled[0].series_cols == 0);
  CHECK(pooled[0].elements[0].mean == 3);   // 1, 3, 5
  CHECK(pooled[0].elements[0].se == Approx(2 / std::sqrt(3.0)).epsilon(1e-15));
  CHECK(pooled[0].elements[1].mean == 10);  // 10, 10, 10: a zero-width interval
  CHECK(pooled[0].elements[1].lo == 10);
  CHECK(pooled[1].elements[1].mean == 2);   // 0, 4
  CHECK(pooled[1].elements[1].n == 2);
}

TEST_CASE("pooling refuses a text scalar, replicates of different shapes and a bad confidence", "[core][replicates]") {
  Fixture f;
  f.rows.push_back(row_at(1, "a", 3).set("label", "text").series("s", std::vector<double>{1, 2, 3}));
  const tl::MemoryRowStore store(f.rows, f.sweep);
  const tl::RunResults results(store, f.sweep, 1, 4, "");
  CHECK_THROWS_AS(tl::pool_replicates(results, "label"), tl::UsageError);
  CHECK_THROWS_WITH(tl::pool_replicate_series(results, "s"), Catch::Contains("'s'") && Catch::Contains("shape 3"));
  CHECK_THROWS_AS(tl::pool_replicates(results, "absent", 1.5), std::domain_error);
  CHECK_THROWS_AS(tl::pool_replicate_series(results, "absent", 0), std::domain_error);
}
