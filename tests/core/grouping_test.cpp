// Grouping by declared keys (ExperimentInfo::group_by), labels without the keys a
// group's key fixes, and the across-group reduction with its claims declared once.
#include <catch2/catch.hpp>

#include <algorithm>

#include <cmath>
#include <cstdio>
#include <set>

#include "theorylab/core/grouping.hpp"
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
    i.axes = {"x"};
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

TEST_CASE("group_by keys group even when a preset sweeps them, and a key they fix stays out of the label", "[grouping]") {
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

// ---- the pooling rule: only declared axes pool ----------------------------------------

namespace {

// Records, per reduce() call, how many distinct values of sigma and components it saw.
int max_sigmas_seen = 0, max_components_seen = 0, reduce_calls = 0;

// No declared axes; its presets sweep sigma and components (the trap of a preset-swept
// key taken for an axis).
class FixtureNoAxes final : public tl::Experiment {
 public:
  tl::ExperimentInfo info() const override {
    tl::ExperimentInfo i;
    i.name = "fixture_no_axes";
    i.title = "an experiment that declares no axes (harness test fixture)";
    i.source = "none (test fixture)";
    i.description = "Each point draws a normal; the reduction counts the values it was given.";
    i.params = {tl::real("sigma", 1).greater_than(0), tl::integer("components", 1).at_least(1)};
    i.presets = {{"quick", {"sigma=0.3,1", "components=1,3"}, "both keys swept", 1},
                 {"default", {"sigma=0.1,0.3,1", "components=1,2,3"}, "both keys swept", 1}};
    i.claims = {tl::ClaimSpec{"positive_sigma", "sigma > 0", "fixture"}.exact("a parameter check")};
    i.hidden = true;
    return i;
  }
  tl::Row run_point(const tl::Point& p, tl::Rng& rng) const override {
    tl::Row row;
    row.set("x", rng.normal(0, p.real("sigma")));
    return row;
  }
  void reduce(const tl::RunResults& results, tl::Summary& summary) const override {
    ++reduce_calls;
    std::set<double> sigmas;
    std::set<std::int64_t> components;
    for (const tl::Row& r : results.rows()) sigmas.insert(r.point().real("sigma")), components.insert(r.point().integer("components"));
    max_sigmas_seen = std::max(max_sigmas_seen, static_cast<int>(sigmas.size()));
    max_components_seen = std::max(max_components_seen, static_cast<int>(components.size()));
    summary.claim("positive_sigma").expect_at_least(*sigmas.begin(), 0);
  }
};

THEORYLAB_EXPERIMENT(FixtureNoAxes);

tl::RunOutcome run_named(const std::string& name, const std::vector<std::string>& assignments, std::uint64_t seed = 1,
                         int seeds = 1) {
  const auto& e = tl::Registry::instance().find(name);
  tl::Sweep sweep(e.info().params);
  for (const auto& a : assignments) sweep.assign(a);
  tl::RunOptions o;
  o.progress = false;
  o.seed = seed;
  o.seeds = seeds;
  return tl::run_experiment(e, sweep, o);
}

}  // namespace

TEST_CASE("a swept key that is not a declared axis groups, even where a preset sweeps it", "[grouping][axes]") {
  reduce_calls = max_sigmas_seen = max_components_seen = 0;
  // Two replicates per point: rows of one replicate index and different sigma or
  // components must never meet in one reduce() call.
  const auto out = run_named("fixture_no_axes", {"sigma=0.3,1", "components=1,3"}, 1, 2);
  INFO(out.reduce_error);
  REQUIRE(out.reduce_error.empty());
  CHECK(reduce_calls == 4);  // one group per point
  CHECK(max_sigmas_seen == 1);
  CHECK(max_components_seen == 1);
  for (const char* id : {"positive_sigma[sigma=0.3,components=1]", "positive_sigma[sigma=1,components=3]"}) {
    INFO(id);
    CHECK(find(out.summary, id));
  }
  // The four claims form one family of four.
  for (const tl::Claim& c : out.summary.claims()) {
    CHECK(c.evidence().family == "positive_sigma");
    CHECK(c.evidence().family_size == 4);
  }
  const auto& info = tl::Registry::instance().find("fixture_no_axes").info();
  tl::Sweep sweep(info.params);
  sweep.assign("sigma=0.3,1");
  sweep.assign("components=1,3");
  CHECK(tl::grouping_keys(info, sweep) == std::vector<std::string>{"sigma", "components"});
  CHECK(tl::count_groups(info, sweep) == 4);
}

TEST_CASE("a sweep of more groups than a claim family can mean is refused up front", "[grouping][axes]") {
  const auto& info = tl::Registry::instance().find("fixture_no_axes").info();
  tl::Sweep sweep(info.params);
  sweep.assign("sigma=lin(1,2,30000)");
  CHECK(tl::count_groups(info, sweep) == tl::kMaxGroups + 1);  // counting stops past the cap
  CHECK_THROWS_WITH(tl::check_group_count(info, sweep), Catch::Contains("up to 30000 groups (more than the 20000 allowed) of sigma") &&
                                                            Catch::Contains("declare the key an axis"));
  sweep.assign("sigma=lin(1,2,20000)");
  CHECK_NOTHROW(tl::check_group_count(info, sweep));
}

// ---- claim families: many claims at once ----------------------------------------------

namespace {

// One normal observation per group with known sd 1: the claim "the mean is 0" per group,
// decided from the exact 95% interval x +- 1.96. `shift` moves group 0's mean.
class FixtureFamily final : public tl::Experiment {
 public:
  tl::ExperimentInfo info() const override {
    tl::ExperimentInfo i;
    i.name = "fixture_family";
    i.title = "a claim decided in every group (harness test fixture)";
    i.source = "none (test fixture)";
    i.description = "x ~ N(mu_g, 1) per group g; claims mu_g = 0.";
    i.params = {tl::integer("group", 0).at_least(0), tl::real("shift", 0)};
    i.presets = {{"quick", {"group=lin(0,19,20)"}, "20 groups", 1}, {"default", {"group=lin(0,19,20)"}, "20 groups", 1}};
    i.claims = {tl::ClaimSpec{"mean_zero", "mu = 0 (Holm)", "fixture"}.needs_ci_half_width(3),
                tl::ClaimSpec{"mean_zero_fdr", "mu = 0 (Benjamini-Hochberg)", "fixture"}
                    .needs_ci_half_width(3)
                    .controls_false_discovery_rate()};
    i.hidden = true;
    return i;
  }
  tl::Row run_point(const tl::Point& p, tl::Rng& rng) const override {
    tl::Row row;
    row.set("x", rng.normal() + (p.integer("group") == 0 ? p.real("shift") : 0.0));
    return row;
  }
  void reduce(const tl::RunResults& results, tl::Summary& summary) const override {
    const double x = results.row(0).real("x"), z = 1.959963984540054;
    summary.claim("mean_zero").with_samples(1).expect_inside(x - z, x + z, 0, x);
    summary.claim("mean_zero_fdr").with_samples(1).expect_inside(x - z, x + z, 0, x);
  }
};

THEORYLAB_EXPERIMENT(FixtureFamily);

struct FamilyRates {
  int runs = 0, raw_fail = 0, fail = 0, fdr_fail = 0, group0_found = 0;
};

// Runs the fixture over `runs` run seeds; counts runs with any FAIL of each family.
FamilyRates family_rates(int runs, double shift) {
  FamilyRates r;
  for (int seed = 1; seed <= runs; ++seed) {
    const auto out = run_named("fixture_family", {"group=lin(0,19,20)", "shift=" + tl::format_number(shift)},
                               static_cast<std::uint64_t>(seed));
    REQUIRE(out.reduce_error.empty());
    bool raw = false, fail = false, fdr = false, found = false;
    for (const tl::Claim& c : out.summary.claims()) {
      const bool is_holm = c.evidence().family == "mean_zero";
      REQUIRE(c.evidence().family_size == 20);
      if (c.evidence().p_value < 0.05 && is_holm) raw = true;
      if (c.verdict() == tl::Verdict::Fail) {
        (is_holm ? fail : fdr) = true;
        if (is_holm && c.evidence().group == "group=0") found = true;
      }
    }
    ++r.runs;
    r.raw_fail += raw, r.fail += fail, r.fdr_fail += fdr, r.group0_found += found;
  }
  return r;
}

}  // namespace

TEST_CASE("a claim true in every one of 20 groups fails in at most 5% of runs, and a false one is found", "[grouping][family]") {
  // Size: 200 runs of 20 groups where every claim is true.
  const FamilyRates null = family_rates(200, 0);
  const double raw_rate = null.raw_fail / 200.0, holm_rate = null.fail / 200.0, fdr_rate = null.fdr_fail / 200.0;
  std::printf("family control, 20 true claims, 200 runs: any raw 95%% FAIL %.3f; Holm %.3f; Benjamini-Hochberg %.3f\n",
              raw_rate, holm_rate, fdr_rate);
  CHECK(raw_rate > 0.4);  // 1 - 0.95^20 = 0.64 without control: the test can see the difference
  CHECK(holm_rate <= 0.05);
  CHECK(fdr_rate <= 0.05);  // all nulls true: the FDR is the family-wise rate
  // Power: group 0's mean is 4 standard deviations from the claim.
  const FamilyRates alt = family_rates(200, 4);
  const double power = alt.group0_found / 200.0;
  std::printf("family control, 1 false claim of 20 (shift 4 sd), 200 runs: Holm finds it in %.3f\n", power);
  CHECK(power >= 0.7);  // P(N(4,1) > 3.02) = 0.84 for Holm's first step
}

TEST_CASE("Holm and Benjamini-Hochberg adjusted p-values", "[grouping][family]") {
  using tl::FamilyControl;
  const double nan = std::nan("");
  CHECK(tl::adjust_p_values({}, FamilyControl::Holm).empty());
  CHECK(tl::adjust_p_values({0.2}, FamilyControl::Holm) == std::vector<double>{0.2});
  const auto holm = tl::adjust_p_values({0.01, 0.04, 0.03}, FamilyControl::Holm);
  CHECK(holm[0] == Approx(0.03));
  CHECK(holm[1] == Approx(0.06));
  CHECK(holm[2] == Approx(0.06));
  const auto bh = tl::adjust_p_values({0.01, 0.04, 0.03}, FamilyControl::BenjaminiHochberg);
  CHECK(bh[0] == Approx(0.03));
  CHECK(bh[1] == Approx(0.04));
  CHECK(bh[2] == Approx(0.04));
  // Edges: p = 0 and 1, NaN (not a test) skipped and not counted in m, capped at 1.
  const auto edges = tl::adjust_p_values({0.0, nan, 1.0, 0.6}, FamilyControl::Holm);
  CHECK(edges[0] == 0.0);
  CHECK(std::isnan(edges[1]));
  CHECK(edges[2] == 1.0);
  CHECK(edges[3] == 1.0);
  const auto bh_edges = tl::adjust_p_values({0.0, nan, 1.0}, FamilyControl::BenjaminiHochberg);
  CHECK(bh_edges[0] == 0.0);
  CHECK(std::isnan(bh_edges[1]));
  CHECK(bh_edges[2] == 1.0);
}

TEST_CASE("an interval's p-value is below 0.05 exactly when it excludes the value", "[claim][family]") {
  tl::Claim inside(tl::ClaimSpec{"c", "c", "s"}.needs_ci_half_width(1));
  inside.expect_inside(-1.959963984540054, 1.959963984540054, 1.9, 0);
  CHECK(inside.evidence().p_value > 0.05);
  tl::Claim outside(tl::ClaimSpec{"c", "c", "s"}.needs_ci_half_width(1));
  outside.expect_inside(-1.959963984540054, 1.959963984540054, 2.0, 0);
  CHECK(outside.evidence().p_value < 0.05);
  CHECK(outside.verdict() == tl::Verdict::Fail);
  // Not significant in a family of 20: decided again as if its interval held the value;
  // its half-width 1.96 exceeds the declared 1, so inconclusive, not pass.
  outside.adjust_for_family(outside.evidence().p_value * 20, 20, 20, tl::FamilyControl::Holm);
  CHECK(outside.verdict() == tl::Verdict::Inconclusive);
  CHECK_THAT(outside.notes(), Catch::Contains("not significant after holm over 20"));
  // An exact claim has no p-value and keeps its verdict.
  tl::Claim exact(tl::ClaimSpec{"e", "e", "s"}.exact("a bound"));
  exact.expect_at_most(2, 1);
  exact.adjust_for_family(1, 20, 0, tl::FamilyControl::Holm);
  CHECK(exact.verdict() == tl::Verdict::Fail);
  CHECK(std::isnan(exact.evidence().p_value));
}

TEST_CASE("group labels for people: 4 significant digits, more where two values would print alike", "[grouping][labels]") {
  CHECK(tl::short_group_labels({"sigma=0.19743504858348204,n=4", "sigma=0.3,n=4"}) ==
        std::vector<std::string>{"sigma=0.1974,n=4", "sigma=0.3,n=4"});
  const auto close = tl::short_group_labels({"tau=1", "tau=1.0002499999999999", "tau=1.0005", "solver=fw"});
  CHECK(close == std::vector<std::string>{"tau=1", "tau=1.0002", "tau=1.0005", "solver=fw"});
  CHECK(tl::short_group_labels({}).empty());
  CHECK(tl::short_group_labels({""}) == std::vector<std::string>{""});
  // Values equal to 17 digits apart only in the last: the full precision, distinct.
  const auto tight = tl::short_group_labels({"x=0.1", "x=0.10000000000000002"});
  CHECK(tight[0] != tight[1]);
}
