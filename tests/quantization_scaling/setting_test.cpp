// The points of quantization_scaling: every preset's points are valid, an axis a part
// does not use is rejected away from its default, the calibration's variants change
// one setting each, and the cost model gives a finite estimate that grows with the work.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "quantization_scaling/cost_model.hpp"
#include "quantization_scaling/setting.hpp"
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

TEST_CASE("every point of every preset is valid and has a finite cost", "[setting]") {
  for (const tl::Preset& preset : experiment().info().presets) {
    INFO("preset " << preset.name);
    tl::Sweep sweep(experiment().info().params);
    sweep.split(tl::split_blocks(preset.assignments));
    // The paper's presets: one block per part (A1-A4, calibration, B1, B3, geometry);
    // the authors' runs (paper-a4b, paper-fig2) B1 and B3 only, the ladder one B1 and one
    // B3 block per rung.
    if (preset.name == "quick" || preset.name == "default" || preset.name == "paper") CHECK(sweep.blocks() == 8);
    if (preset.name != "paper-regime") CHECK(sweep.blocks() >= 2);  // paper-regime: B1 only
    for (std::size_t i = 0; i < sweep.size(); ++i) {
      const tl::Point p(sweep.combination(i), i, 0, 1);
      INFO("point " << i << " part " << p.text("part"));
      CHECK_NOTHROW(experiment().validate(p));
      const double cost = experiment().cost_seconds(p);
      CHECK(std::isfinite(cost));
      CHECK(cost > 0);
    }
  }
}

TEST_CASE("an axis a part does not use must keep its default", "[setting]") {
  CHECK_NOTHROW(experiment().validate(point_of({"part=B1", "width=8"})));
  CHECK_NOTHROW(experiment().validate(point_of({"part=B3", "D=3000"})));
  CHECK_NOTHROW(experiment().validate(point_of({"part=A3", "tau=3"})));
  CHECK_NOTHROW(experiment().validate(point_of({"part=calibration", "variant=lr/3"})));
  CHECK_NOTHROW(experiment().validate(point_of({"part=A2", "alpha=0.8"})));
  // Used axes need a value.
  CHECK_THROWS_AS(experiment().validate(point_of({"part=B1"})), tl::UsageError);
  CHECK_THROWS_AS(experiment().validate(point_of({"part=B3"})), tl::UsageError);
  CHECK_THROWS_AS(experiment().validate(point_of({"part=A3"})), tl::UsageError);
  // Unused axes away from their default.
  CHECK_THROWS_AS(experiment().validate(point_of({"part=A2", "width=8"})), tl::UsageError);
  CHECK_THROWS_AS(experiment().validate(point_of({"part=B3", "D=3000", "width=8"})), tl::UsageError);
  CHECK_THROWS_AS(experiment().validate(point_of({"part=B1", "width=8", "D=3000"})), tl::UsageError);
  CHECK_THROWS_AS(experiment().validate(point_of({"part=B1", "width=8", "tau=3"})), tl::UsageError);
  CHECK_THROWS_AS(experiment().validate(point_of({"part=A1", "variant=2n"})), tl::UsageError);
  CHECK_THROWS_AS(experiment().validate(point_of({"part=calibration", "alpha=0.2"})), tl::UsageError);
}

TEST_CASE("bad task settings are usage errors for the network parts", "[setting]") {
  CHECK_THROWS_AS(experiment().validate(point_of({"part=B1", "width=8", "k=20", "n_bits=12"})), tl::UsageError);
  CHECK_THROWS_AS(experiment().validate(point_of({"part=B1", "width=8", "n_tasks=100", "n_bits=8", "k=1"})),
                  tl::UsageError);
  // Calibration variants that leave the valid range.
  CHECK_THROWS_AS(experiment().validate(point_of({"part=calibration", "variant=2n", "n_bits=70"})), tl::UsageError);  // 140 > 128 bits
  CHECK_THROWS_AS(experiment().validate(point_of({"part=calibration", "variant=n/2", "n_bits=4", "k=3"})), tl::UsageError);
  CHECK_THROWS_AS(experiment().validate(point_of({"part=calibration", "variant=width/4", "calibration_width=3"})),
                  tl::UsageError);
}

TEST_CASE("the calibration's variants change one setting of the base", "[setting]") {
  const qs::NetworkSetting base = qs::network_setting(point_of({"part=calibration"}));
  CHECK(base.n_tasks == 1);
  CHECK(base.width == 64);
  CHECK(base.n_bits == qs::kDefaultTaskBits);
  CHECK(base.k == qs::kDefaultParityBits);
  CHECK(qs::network_setting(point_of({"part=calibration", "variant=n/2"})).n_bits == qs::kDefaultTaskBits / 2);
  CHECK(qs::network_setting(point_of({"part=calibration", "variant=2n"})).n_bits == 2 * qs::kDefaultTaskBits);
  CHECK(qs::network_setting(point_of({"part=calibration", "variant=k+1"})).k == base.k + 1);
  CHECK(qs::network_setting(point_of({"part=calibration", "variant=width/4"})).width == 16);
  CHECK(qs::network_setting(point_of({"part=calibration", "variant=4width"})).width == 256);
  CHECK(qs::network_setting(point_of({"part=calibration", "variant=lr/3"})).learning_rate == Approx(base.learning_rate / 3));
  CHECK(qs::network_setting(point_of({"part=calibration", "variant=3lr"})).learning_rate == Approx(base.learning_rate * 3));
  const qs::NetworkSetting b1 = qs::network_setting(point_of({"part=B1", "width=23"}));
  CHECK(b1.width == 23);
  CHECK(b1.D == 0);
  const qs::NetworkSetting b3 = qs::network_setting(point_of({"part=B3", "D=5000", "b3_width=32"}));
  CHECK(b3.width == 32);
  CHECK(b3.D == 5000);
  CHECK_THROWS_AS(qs::network_setting(point_of({"part=A1"})), tl::UsageError);
  // The geometry part trains B1's width sweep at its own task bits.
  const qs::NetworkSetting g = qs::network_setting(point_of({"part=geometry", "width=16", "geometry_bits=24"}));
  CHECK(g.n_bits == 24);
  CHECK(g.width == 16);
  CHECK(g.D == 0);
}

TEST_CASE("geometry_bits belongs to the geometry part, which needs it and a width", "[setting]") {
  CHECK_NOTHROW(experiment().validate(point_of({"part=geometry", "width=8", "geometry_bits=16"})));
  CHECK_THROWS_AS(experiment().validate(point_of({"part=geometry", "width=8"})), tl::UsageError);           // no n
  CHECK_THROWS_AS(experiment().validate(point_of({"part=geometry", "geometry_bits=16"})), tl::UsageError);  // no width
  CHECK_THROWS_AS(experiment().validate(point_of({"part=B1", "width=8", "geometry_bits=16"})), tl::UsageError);
  // k = 3 parities of 4 bits hold 4 subtasks, not the default 64.
  CHECK_THROWS_AS(experiment().validate(point_of({"part=geometry", "width=8", "geometry_bits=4"})), tl::UsageError);
  // The edges of geometry_bits' range: k (with as few subtasks) and 128.
  CHECK_NOTHROW(experiment().validate(point_of({"part=geometry", "width=8", "geometry_bits=3", "n_tasks=1"})));
  CHECK_NOTHROW(experiment().validate(point_of({"part=geometry", "width=8", "geometry_bits=128"})));
}

TEST_CASE("the cost model grows with the work of a point", "[setting]") {
  auto cost = [](const std::vector<std::string>& a) { return qs::point_cost_seconds(point_of(a)); };
  CHECK(cost({"part=B1", "width=256"}) > 4 * cost({"part=B1", "width=16"}));
  CHECK(cost({"part=B1", "width=64", "steps=20000"}) > 5 * cost({"part=B1", "width=64", "steps=2000"}));
  CHECK(cost({"part=B3", "D=3000", "b3_steps=20000"}) > cost({"part=B3", "D=3000", "b3_steps=2000"}));
  CHECK(cost({"part=A3", "tau=1", "a3_max_D=1e7"}) > cost({"part=A3", "tau=1", "a3_max_D=1e5"}));
  // A3's draws cost more at small alpha (the flat Zipf law leaves the cache).
  CHECK(cost({"part=A3", "tau=1", "alpha=0.1"}) > cost({"part=A3", "tau=1", "alpha=0.8"}));
  CHECK(cost({"part=A2", "a_seeds=16"}) > cost({"part=A2", "a_seeds=1"}));
}

// The paper-regime reference's measured CPU seconds (reference/quantization_scaling-
// paper-regime: 120 s at width 10, 600 s at width 300, 9522 s for its 40 rows), which the
// batch-20000 shares were fitted to: the model within 25% of each.
TEST_CASE("the cost model at the paper's batch matches the paper-regime reference's timings", "[setting]") {
  auto cost = [](const std::string& width) {
    return qs::point_cost_seconds(point_of({"part=B1", "alpha=0.4", "n_tasks=500", "n_bits=100", "k=3", "batch=20000",
                                            "lr=1e-3", "precision=float32", "steps=15000", "width=" + width}));
  };
  CHECK(cost("10") == Approx(120).epsilon(0.25));
  CHECK(cost("300") == Approx(600).epsilon(0.25));
  // Between batch 512 and 20000 the per-sample cost moves monotonically.
  auto per_sample = [](int batch) {
    return qs::point_cost_seconds(point_of({"part=B1", "width=64", "steps=1000", "batch=" + std::to_string(batch)})) / batch;
  };
  CHECK(per_sample(20000) < per_sample(4096));
  CHECK(per_sample(4096) < per_sample(512));
  CHECK(per_sample(40000) == Approx(per_sample(20000)).epsilon(0.05));  // beyond the fitted range: the large-batch share
}
