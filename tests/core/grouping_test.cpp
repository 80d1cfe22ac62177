// Grouping by declared keys (ExperimentInfo::group_by), labels without the keys a
// group's key fixes, and the across-group reduction with its claims declared once.
#include <catch2/catch.hpp>

#include <algorithm>

#include "theorylab/core/runner.hpp"

namespace {

// A summary column as reals, whatever its stored type (integer keys may join as reals).
std::vector<double> as_reals(const tl::Column& c) {
  if (const auto* d = std::get_if<std::vector<double>>(&c.data)) return *d;
  const auto& i = std::get<std::vector<std::int64_t>>(c.data);
  return std::vector<double>(i.begin(), i.end());
}

// y = size * x + noise-free offset: per group (size) a slope fit over x; across groups,
// the slopes against size.
class FixtureLadder final : public tl::Experiment {
 public:
  tl::ExperimentInfo info() const override {
    tl::ExperimentInfo i;
    i.name = "fixture_ladder";
    i.title = "per-size slopes and their trend (harness test fixture)";
    i.source = "none (test fixture)";
    i.description = "y = size x; a slope per size, then the slopes against size.";
    i.params = {tl::integer("size", 1).at_least(1), tl::integer("steps", 10).at_least(1), tl::integer("x", 1).at_least(1)};
    // The preset sweeps size and steps across blocks: without group_by they would be axes.
    i.presets = {{"quick", {"size=2", "steps=10", "x=1,2,3", "+", "size=4", "steps=20", "x=1,2,3"}, "a two-rung ladder", 1},
                 {"default", {"size=2", "steps=10", "x=1,2,3", "+", "size=4", "steps=20", "x=1,2,3", "+", "size=8",
                              "steps=40", "x=1,2,3"}, "a three-rung ladder", 1}};
    i.claims = {tl::ClaimSpec{"slope_positive", "y grows with x", "fixture"}.needs_samples(3)};
    i.across_group_claims = {tl::ClaimSpec{"slope_grows", "the slope grows with size", "fixture"}.needs_samples(2)};
    i.aggregates = {"x"};
    i.group_by = {"size", "steps"};
    i.hidden = true;
    return i;
  }
  tl::Row run_point(const tl::Point& p, tl::Rng&) const override {
    tl::Row row;
    row.set("y", static_cast<double>(p.integer("size") * p.integer("x")));
    return row;
  }
  void reduce(const tl::RunResults& results, tl::Summary& summary) const override {
    double lo = 1e300, hi = -1e300, xlo = 0, xhi = 0;
    for (const tl::Row& r : results.rows()) {
      const double x = static_cast<double>(r.point().integer("x")), y = r.real("y");
      if (y < lo) lo = y, xlo = x;
      if (y > hi) hi = y, xhi = x;
    }
    const double slope = (hi - lo) / (xhi - xlo);
    summary.table("fit", "slope over x").column("slope", std::vector<double>{slope});
    summary.claim("slope_positive").with_samples(static_cast<long>(results.size())).expect_at_least(slope, 0);
  }
  void reduce_across_groups(const std::vector<std::string>& keys, tl::Summary& summary) const override {
    const tl::SummaryTable* t = summary.find_table("fit");
    REQUIRE(t);
    const auto size = as_reals(t->column_named("size"));
    const auto slope = as_reals(t->column_named("slope"));
    bool grows = true;
    for (std::size_t i = 1; i < slope.size(); ++i) grows = grows && slope[i] > slope[i - 1] && size[i] > size[i - 1];
    summary.claim("slope_grows").with_samples(static_cast<long>(slope.size())).expect_true(grows, slope.back(), "increasing", "strict");
    summary.scalar("keys", static_cast<double>(keys.size()));
  }
};

THEORYLAB_EXPERIMENT(FixtureLadder);

tl::RunOutcome run(const std::string& preset, const std::vector<std::string>& extra = {}) {
  const auto& e = tl::Registry::instance().find("fixture_ladder");
  tl::Sweep sweep(e.info().params);
  for (const auto& p : e.info().presets)
    if (p.name == preset) sweep.split(tl::split_blocks(p.assignments));
  for (const auto& a : extra) sweep.assign(a);
  tl::RunOptions o;
  o.progress = false;
  return tl::run_experiment(e, sweep, o);
}

const tl::Claim* find(const tl::Summary& s, const std::string& id) {
  for (const tl::Claim& c : s.claims())
    if (c.id() == id) return &c;
  return nullptr;
}

}  // namespace

TEST_CASE("group_by keys group even when a preset sweeps them; a key they fix stays out of the label", "[grouping]") {
  const auto out = run("default");
  INFO(out.reduce_error);
  REQUIRE(out.reduce_error.empty());
  for (const char* id : {"slope_positive[size=2]", "slope_positive[size=4]", "slope_positive[size=8]"}) {
    INFO(id);
    REQUIRE(find(out.summary, id));
    CHECK(find(out.summary, id)->verdict() == tl::Verdict::Pass);
  }
  CHECK_FALSE(find(out.summary, "slope_positive[size=2,steps=10]"));
  CHECK_FALSE(find(out.summary, "slope_positive"));
  // The joined table carries both keys as columns, one row per group.
  const tl::SummaryTable* t = out.summary.find_table("fit");
  REQUIRE(t);
  CHECK(t->rows() == 3);
  CHECK(as_reals(t->column_named("steps")) == std::vector<double>{10, 20, 40});
  // The across-group claim is declared once, unsuffixed, and decided from all groups.
  const tl::Claim* trend = find(out.summary, "slope_grows");
  REQUIRE(trend);
  CHECK(trend->verdict() == tl::Verdict::Pass);
  CHECK(out.summary.scalars().at("keys").value == 2);
}

TEST_CASE("a key that is not fixed by the ones before it stays in the label", "[grouping]") {
  // steps swept across every size: two values per size, so both keys name the groups.
  const auto out = run("quick", {"steps=10,20"});
  INFO(out.reduce_error);
  REQUIRE(out.reduce_error.empty());
  CHECK(find(out.summary, "slope_positive[size=2,steps=10]"));
  CHECK(find(out.summary, "slope_positive[size=4,steps=20]"));
  CHECK(find(out.summary, "slope_grows"));
}

TEST_CASE("an across-group claim is n/a when the summary is not grouped", "[grouping]") {
  const auto out = run("quick", {"size=2", "steps=10"});
  INFO(out.reduce_error);
  REQUIRE(out.reduce_error.empty());
  REQUIRE(find(out.summary, "slope_positive"));
  const tl::Claim* trend = find(out.summary, "slope_grows");
  REQUIRE(trend);
  CHECK(trend->verdict() == tl::Verdict::NotApplicable);
}
