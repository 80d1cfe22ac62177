#include <catch2/catch.hpp>

#include <atomic>
#include <stdexcept>

#include "support/fixture_experiment.hpp"
#include "theorylab/core/error.hpp"
#include "theorylab/core/runner.hpp"

THEORYLAB_EXPERIMENT(tl::testing::FixtureMean);

namespace {
tl::Sweep fixture_sweep(const std::vector<std::string>& assignments) {
  const auto& e = tl::Registry::instance().find("fixture_mean");
  tl::Sweep sweep(e.info().params);
  for (const auto& a : assignments) sweep.assign(a);
  return sweep;
}
tl::RunOptions options(int threads, int seeds = 1) {
  tl::RunOptions o;
  o.threads = threads;
  o.seeds = seeds;
  o.progress = false;
  o.seed = 99;
  return o;
}
}  // namespace

TEST_CASE("hidden experiments are found by name but not listed", "[registry]") {
  CHECK(tl::Registry::instance().find("fixture_mean").info().hidden);
  for (const auto* e : tl::Registry::instance().all()) CHECK(e->info().name != "fixture_mean");
  CHECK_THROWS_WITH(tl::Registry::instance().find("fixture_maen"), Catch::Contains("unknown experiment 'fixture_maen'"));
}

TEST_CASE("the runner returns one row per point and replicate, in row order", "[runner]") {
  const auto& e = tl::Registry::instance().find("fixture_mean");
  const auto sweep = fixture_sweep({"n=pow2(2,5)", "shift=0,0.5"});
  const auto out = tl::run_experiment(e, sweep, options(2, 3));
  REQUIRE(out.rows.size() == 4 * 2 * 3);
  for (std::size_t i = 0; i < out.rows.size(); ++i) {
    CHECK(out.rows[i].point().index() == i);
    CHECK(out.rows[i].point().replicate() == static_cast<int>(i % 3));
    CHECK(out.rows[i].point().seed() == tl::derive_seed(99, i));
  }
  CHECK(out.rows[0].point().integer("n") == 4);
  CHECK(out.rows[3].point().real("shift") == 0.5);
  CHECK(out.rows.back().point().integer("n") == 32);
  CHECK(out.summary.claims().size() == 1);
  CHECK(out.summary.claims()[0].verdict() != tl::Verdict::Pending);
}

TEST_CASE("rows do not depend on the number of threads", "[runner][determinism]") {
  const auto& e = tl::Registry::instance().find("fixture_mean");
  const auto sweep = fixture_sweep({"n=lin(1,200,40)"});
  const auto one = tl::run_experiment(e, sweep, options(1, 2));
  const auto two = tl::run_experiment(e, sweep, options(2, 2));
  const auto many = tl::run_experiment(e, sweep, options(7, 2));
  REQUIRE(one.rows.size() == two.rows.size());
  for (std::size_t i = 0; i < one.rows.size(); ++i) {
    CHECK(one.rows[i].real("mean") == two.rows[i].real("mean"));
    CHECK(one.rows[i].real("mean") == many.rows[i].real("mean"));
    CHECK(one.rows[i].series_of("running_mean").data == many.rows[i].series_of("running_mean").data);
  }
}

TEST_CASE("a point that throws becomes an error row, a UsageError aborts the run", "[runner]") {
  const auto& e = tl::Registry::instance().find("fixture_mean");
  const auto failing = tl::run_experiment(e, fixture_sweep({"mode=plain,fail"}), options(2));
  CHECK(failing.failed_points == 1);
  CHECK(failing.rows[1].text("error") == "fixture failure");
  CHECK_THROWS_AS(tl::run_experiment(e, fixture_sweep({"mode=usage"}), options(1)), tl::UsageError);
}

TEST_CASE("claims decide as their words say", "[claims]") {
  tl::Claim c({"x", "statement", "source"});
  CHECK(c.verdict() == tl::Verdict::Pending);
  CHECK(c.expect_near(0.841, 0.84, 0.005).verdict() == tl::Verdict::Pass);
  CHECK(c.expect_near(0.85, 0.84, 0.005).verdict() == tl::Verdict::Fail);
  CHECK(c.expect_near(NAN, 0.84, 0.005).verdict() == tl::Verdict::Fail);
  CHECK(c.expect_relative(101, 100, 0.02).verdict() == tl::Verdict::Pass);
  CHECK(c.expect_at_most(3, 2).verdict() == tl::Verdict::Fail);
  CHECK(c.expect_at_least(3, 2).verdict() == tl::Verdict::Pass);
  CHECK(c.expect_between(2.5, 2, 3).verdict() == tl::Verdict::Pass);
  CHECK(c.expect_inside(0.3, 0.5, 0.4, 0.41).verdict() == tl::Verdict::Pass);
  CHECK(c.expect_inside(0.3, 0.5, 0.6, 0.41).verdict() == tl::Verdict::Fail);
  CHECK(c.not_applicable("no data").verdict() == tl::Verdict::NotApplicable);
  tl::Claim expected_failure({"y", "s", "src", true});
  CHECK(expected_failure.expect_at_most(1, 0).failed_unexpectedly() == false);
  CHECK(c.expect_at_most(1, 0).failed_unexpectedly());
}

TEST_CASE("a block's seeds=K sets its own replicates", "[runner][blocks]") {
  const auto& e = tl::Registry::instance().find("fixture_mean");
  tl::Sweep sweep(e.info().params);
  sweep.split(tl::split_blocks({"n=2,3", "+", "n=5", "seeds=4"}));
  const auto points = tl::enumerate_points(sweep, 2, 7);
  REQUIRE(points.size() == 2 * 2 + 4);
  CHECK(points[3].integer("n") == 3);
  CHECK(points[4].integer("n") == 5);
  CHECK(points[7].replicate() == 3);
  CHECK(points[7].seed() == tl::derive_seed(7, 7));
  CHECK_THROWS_AS(sweep.split({{"seeds=0"}}), tl::UsageError);
  CHECK_THROWS_AS(sweep.split({{"seeds=1,2"}}), tl::UsageError);
}

TEST_CASE("a sink that cannot take a row stops the run with its error, on any thread count", "[runner]") {
  // Before: the exception left a worker thread and std::terminate aborted the process.
  struct FullDisk : tl::RowSink {
    std::atomic<int> taken{0};
    void put(tl::Row&&) override {
      if (++taken > 3) throw std::runtime_error("no space left on device");
    }
  };
  const auto& e = tl::Registry::instance().find("fixture_mean");
  const tl::Sweep sweep = fixture_sweep({"shift=lin(0,1,40)"});
  for (int threads : {1, 2, 4}) {
    CAPTURE(threads);
    const tl::SweepPoints points(sweep, 1, 99);
    FullDisk sink;
    CHECK_THROWS_WITH(tl::run_points(e, points, options(threads), sink), Catch::Contains("no space left"));
    CHECK(sink.taken.load() <= 3 + threads);  // the others stopped at their next row
  }
}
