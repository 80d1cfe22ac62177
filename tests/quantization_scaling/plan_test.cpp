#include <catch2/catch.hpp>

#include <string>

#include "quantization_scaling/plan.hpp"
#include "theorylab/core/error.hpp"
#include "theorylab/core/experiment.hpp"
#include "theorylab/core/sweep.hpp"

namespace {
const tl::Experiment& experiment() { return tl::Registry::instance().find("quantization_scaling"); }

tl::Point point_of(const std::vector<std::string>& assignments) {
  tl::Sweep sweep(experiment().info().params);
  for (const auto& a : assignments) sweep.assign(a);
  return tl::Point(sweep.combination(0), 0, 0, 1);
}
}  // namespace

TEST_CASE("every preset's job range covers its plan exactly", "[plan]") {
  for (const tl::Preset& preset : experiment().info().presets) {
    INFO("preset " << preset.name);
    tl::Sweep sweep(experiment().info().params);
    for (const auto& a : preset.assignments) sweep.assign(a);
    const auto plan = qs::build_plan(tl::Point(sweep.combination(0), 0, 0, 1));
    const auto& jobs = sweep.values("job");
    CHECK(jobs.size() == plan.size());
    CHECK(std::get<std::int64_t>(jobs.back()) == static_cast<std::int64_t>(plan.size()) - 1);
  }
}

TEST_CASE("plan: parts, heavy jobs first", "[plan]") {
  const auto plan = qs::build_plan(point_of({"widths=8,64,16"}));
  REQUIRE(plan.size() > 3);
  CHECK(plan[0].part == "B1");
  CHECK(plan[0].width == 64);
  CHECK(plan.back().part == "A1");
  const auto only_a = qs::build_plan(point_of({"part=A", "taus=1,3"}));
  CHECK(only_a.size() == 5);  // A3 × 2, A4, A2, A1
}

TEST_CASE("plan: bad settings are usage errors", "[plan]") {
  CHECK_THROWS_AS(experiment().validate(point_of({"k=20", "n_bits=12"})), tl::UsageError);
  CHECK_THROWS_AS(experiment().validate(point_of({"n_tasks=100", "n_bits=8", "k=1"})), tl::UsageError);
  CHECK_THROWS_AS(experiment().validate(point_of({"widths=8,2.5"})), tl::UsageError);
  CHECK_THROWS_AS(experiment().validate(point_of({"job=1000"})), tl::UsageError);
  CHECK_NOTHROW(experiment().validate(point_of({"job=3"})));
}
