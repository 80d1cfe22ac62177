#include <catch2/catch.hpp>

#include "theorylab/core/error.hpp"
#include "theorylab/core/sweep.hpp"
#include "theorylab/core/sweep_points.hpp"

using tl::Value;

namespace {
std::vector<std::int64_t> ints(const std::vector<Value>& values) {
  std::vector<std::int64_t> out;
  for (const auto& v : values) out.push_back(std::get<std::int64_t>(v));
  return out;
}
std::vector<double> reals(const std::vector<Value>& values) {
  std::vector<double> out;
  for (const auto& v : values) out.push_back(std::get<double>(v));
  return out;
}
std::string error_of(const tl::ParamSpec& spec, const std::string& expression) {
  try {
    tl::expand_sweep(spec, expression);
  } catch (const tl::UsageError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("every sweep form expands as design.md says", "[sweep]") {
  const auto n = tl::integer("n", 4).at_least(1);
  const auto x = tl::real("x", 0.5);
  CHECK(ints(tl::expand_sweep(n, "512")) == std::vector<std::int64_t>{512});
  CHECK(ints(tl::expand_sweep(n, "64,256,1024")) == std::vector<std::int64_t>{64, 256, 1024});
  CHECK(ints(tl::expand_sweep(n, "pow2(4,7)")) == std::vector<std::int64_t>{16, 32, 64, 128});
  CHECK(reals(tl::expand_sweep(x, "lin(0,1,5)")) == std::vector<double>{0, 0.25, 0.5, 0.75, 1});
  const auto logs = reals(tl::expand_sweep(x, "log(1e2,1e6,5)"));
  REQUIRE(logs.size() == 5);
  CHECK(logs.front() == 100);
  CHECK(logs[2] == Approx(1e4).epsilon(1e-14));
  CHECK(logs.back() == 1e6);
  // Integer parameters round log-spaced values.
  CHECK(ints(tl::expand_sweep(n, "log(10,1000,3)")) == std::vector<std::int64_t>{10, 100, 1000});
  // Forms mix in one list.
  CHECK(ints(tl::expand_sweep(n, "3,pow2(2,3),lin(20,30,2)")) == std::vector<std::int64_t>{3, 4, 8, 20, 30});
  const auto c = tl::choice("solver", "a", {"a", "b", "c"});
  CHECK(tl::expand_sweep(c, "b,c").size() == 2);
  const auto f = tl::flag("online", true);
  CHECK(tl::expand_sweep(f, "true,false").size() == 2);
}

TEST_CASE("every malformed sweep is a UsageError quoting the token and the allowed forms", "[sweep]") {
  const auto n = tl::integer("n", 4).at_least(2);
  const auto x = tl::real("x", 0.5).between_exclusive(0, 1);
  CHECK_THAT(error_of(n, "lin(0,1)"), Catch::Contains("lin(0,1)") && Catch::Contains("3 arguments") && Catch::Contains("allowed forms"));
  CHECK_THAT(error_of(n, "pow2(5,3)"), Catch::Contains("a <= b"));
  CHECK_THAT(error_of(n, "pow2(1.5,3)"), Catch::Contains("integers"));
  CHECK_THAT(error_of(x, "log(0,1,3)"), Catch::Contains("positive"));
  CHECK_THAT(error_of(n, ""), Catch::Contains("empty sweep"));
  CHECK_THAT(error_of(n, "4,,8"), Catch::Contains("empty item"));
  CHECK_THAT(error_of(n, "abc"), Catch::Contains("'abc'") && Catch::Contains("not an integer"));
  CHECK_THAT(error_of(n, "foo(1,2)"), Catch::Contains("unknown generator 'foo'"));
  CHECK_THAT(error_of(n, "lin(2,3,4"), Catch::Contains("parenthesis"));
  CHECK_THAT(error_of(n, "lin(2,3,x)"), Catch::Contains("not a number"));
  CHECK_THAT(error_of(n, "lin(2,3,0)"), Catch::Contains("count"));
  CHECK_THAT(error_of(n, "1"), Catch::Contains("out of range") && Catch::Contains("[2, 2147483647]"));
  CHECK_THAT(error_of(x, "lin(0,1,3)"), Catch::Contains("out of range") && Catch::Contains("(0, 1)"));
  CHECK_THAT(error_of(n, "4,4"), Catch::Contains("appears twice"));
  CHECK_THAT(error_of(n, "log(2,3,5)"), Catch::Contains("after rounding"));
  const auto c = tl::choice("solver", "alpha", {"alpha", "beta"});
  CHECK_THAT(error_of(c, "alpah"), Catch::Contains("alpah") && Catch::Contains("nearest: alpha"));
  CHECK_THAT(error_of(c, "lin(0,1,2)"), Catch::Contains("numeric parameters only"));
}

TEST_CASE("a sweep's points are the cartesian product, last key fastest", "[sweep]") {
  tl::Sweep sweep({tl::integer("a", 1), tl::real("b", 0.5), tl::choice("c", "x", {"x", "y"})});
  CHECK(sweep.size() == 1);
  CHECK(sweep.swept_keys().empty());
  sweep.assign("a=1,2,3");
  sweep.assign("c", "x,y");
  CHECK(sweep.size() == 6);
  CHECK(sweep.swept_keys() == std::vector<std::string>{"a", "c"});
  CHECK(std::get<std::int64_t>(sweep.combination(0).at("a")) == 1);
  CHECK(std::get<std::string>(sweep.combination(1).at("c")) == "y");
  CHECK(std::get<std::int64_t>(sweep.combination(5).at("a")) == 3);
  CHECK(std::get<double>(sweep.combination(5).at("b")) == 0.5);
}

TEST_CASE("unknown keys name the nearest valid ones", "[sweep]") {
  tl::Sweep sweep({tl::integer("trials", 1), tl::real("eps", 0.1), tl::integer("dim", 3)});
  try {
    sweep.assign("esp=0.2");
    FAIL("no error");
  } catch (const tl::UsageError& e) {
    CHECK_THAT(e.what(), Catch::StartsWith("unknown parameter 'esp'; nearest: eps"));
  }
  // Only close names are suggested: a name with nothing near gets the short list of
  // valid names (or is told none is close), never three arbitrary ones.
  CHECK(tl::nearest_names("job", {"D", "tau", "k", "width"}).empty());
  CHECK(tl::suggest_names("job", {"D", "tau", "k"}) == "valid: D, tau, k");
  CHECK(tl::suggest_names("widths", {"D", "width", "steps"}) == "nearest: width");
  CHECK(tl::suggest_names("a_alphas", {"alpha", "tau"}) == "nearest: alpha");
  CHECK(tl::suggest_names("iteratoins", {"iterations", "tolerance"}) == "nearest: iterations");
  std::vector<std::string> many;
  for (int i = 0; i < 20; ++i) many.push_back("p" + std::to_string(i) + "xyz");
  CHECK(tl::suggest_names("job", many) == "no valid name is close");
  CHECK_THROWS_AS(sweep.assign("novalue"), tl::UsageError);
  CHECK_THROWS_AS(sweep.assign("=3"), tl::UsageError);
}

TEST_CASE("a real list is one value, validated as a whole", "[sweep][parameter]") {
  tl::Sweep sweep({tl::real_list("grid", "lin(1,2,3)").greater_than(0).increasing()});
  CHECK(sweep.size() == 1);
  CHECK(std::get<tl::RealList>(sweep.values("grid").at(0)) == tl::RealList{1, 1.5, 2});
  sweep.assign("grid=0.5,1,4");
  CHECK(std::get<tl::RealList>(sweep.values("grid").at(0)) == tl::RealList{0.5, 1, 4});
  CHECK_THROWS_WITH(sweep.assign("grid=2,1"), Catch::Contains("not strictly increasing"));
  CHECK_THROWS_WITH(sweep.assign("grid=0,1"), Catch::Contains("out of range"));
  CHECK_THROWS_WITH(sweep.assign("grid="), Catch::Contains("empty"));
  // At most 10000 numbers in one list value, at the edge and one beyond; a generator of
  // millions is refused at once (a fuzzer's input formatted 6.1 million numbers into
  // its error message and timed out).
  CHECK_NOTHROW(sweep.assign("grid=lin(1,2,10000)"));
  CHECK_THROWS_WITH(sweep.assign("grid=lin(1,2,10001)"), Catch::Contains("10001 numbers in one list value"));
  CHECK_THROWS_WITH(sweep.assign("grid=log(0.05,50.0559,006100059)"), Catch::Contains("at most 10000"));
}

TEST_CASE("blocks joined by '+' run the union of their products", "[sweep][blocks]") {
  tl::Sweep sweep({tl::choice("part", "a", {"a", "b"}), tl::integer("n", 1), tl::real("x", 0),
                   tl::real_list("grid", "1,2")});
  sweep.split(tl::split_blocks({"part=a", "n=1,2,3", "+", "part=b", "x=lin(0,1,2)", "grid=3,4"}));
  CHECK(sweep.blocks() == 2);
  CHECK(sweep.size() == 3 + 2);
  CHECK(std::get<std::string>(sweep.combination(2).at("part")) == "a");
  CHECK(std::get<std::int64_t>(sweep.combination(2).at("n")) == 3);
  CHECK(std::get<std::string>(sweep.combination(3).at("part")) == "b");
  CHECK(std::get<std::int64_t>(sweep.combination(3).at("n")) == 1);
  CHECK(std::get<double>(sweep.combination(4).at("x")) == 1);
  CHECK(std::get<tl::RealList>(sweep.combination(4).at("grid")) == tl::RealList{3, 4});
  CHECK(sweep.swept_keys() == std::vector<std::string>{"part", "n", "x", "grid"});
  CHECK(sweep.values("n").size() == 3);
  CHECK(sweep.expression("part") == "a + b");
  CHECK(sweep.expression("n") == "1,2,3 + 1");
  // A later plain assignment applies to every block; a split multiplies the blocks.
  sweep.assign("n=7");
  CHECK(sweep.size() == 1 + 2);
  sweep.split({{"x=5"}, {"x=6"}});
  CHECK(sweep.blocks() == 4);
  CHECK(sweep.size() == 4);
  CHECK_THROWS_WITH(tl::split_blocks({"+", "n=1"}), Catch::Contains("empty block"));
  CHECK_THROWS_WITH(tl::split_blocks({"n=1", "+"}), Catch::Contains("empty block"));
  CHECK_THROWS_WITH(tl::split_blocks({"n=1", "+", "+", "n=2"}), Catch::Contains("empty block"));
  CHECK(tl::split_blocks({"n=1"}).size() == 1);
}

TEST_CASE("the command line over a preset: replace, select labelled blocks, merge duplicates", "[sweep][preset]") {
  const std::vector<tl::ParamSpec> specs{tl::choice("part", "B1", {"B1", "B2", "B3"}), tl::integer("n", 64).at_least(1),
                                         tl::integer("d", 8).at_least(1)};
  auto preset = [&] {
    tl::Sweep s(specs);
    s.split(tl::split_blocks({"part=B1", "d=4,8", "+", "part=B2", "n=64,128"}));
    return s;
  };
  SECTION("a key on which the blocks agree replaces it everywhere") {
    auto s = preset();
    s.override_with({{"d=16"}});
    CHECK(s.blocks() == 2);
    CHECK(s.size() == 1 + 2);
  }
  SECTION("a label selects its block, which keeps its own settings") {
    auto s = preset();
    s.override_with({{"part=B2", "n=256,4096"}});
    REQUIRE(s.blocks() == 1);
    CHECK(s.size() == 2);
    CHECK(std::get<std::string>(s.combination(0).at("part")) == "B2");
    CHECK(std::get<std::int64_t>(s.combination(1).at("n")) == 4096);
  }
  SECTION("a label no block has replaces the key everywhere") {
    auto s = preset();
    s.override_with({{"part=B3"}});
    CHECK(s.blocks() == 2);
    CHECK(s.values("part").size() == 1);
  }
  SECTION("blocks that become identical are merged") {
    auto s = preset();
    s.override_with({{"d=8", "n=64"}});  // B1: d=8 n=64; B2: d=8 n=64 -- parts still differ
    CHECK(s.blocks() == 2);
    tl::Sweep same(specs);
    same.split(tl::split_blocks({"n=1", "+", "n=2"}));
    same.override_with({{"n=5"}});  // both blocks become n=5
    CHECK(same.blocks() == 1);
    CHECK(same.size() == 1);
  }
  SECTION("seeds=K on the command line applies to every block") {
    auto s = preset();
    s.override_with({{"seeds=3"}});
    CHECK(s.block_seeds(0) == 3);
    CHECK(s.block_seeds(1) == 3);
  }
}

TEST_CASE("a key used by one part only: laid over its blocks, never swept where it is ignored", "[sweep][preset]") {
  const std::vector<tl::ParamSpec> specs{tl::choice("part", "A", {"A", "B", "C"}),
                                         tl::integer("width", 0).at_least(0).used_only_when("part", {"B"}),
                                         tl::integer("n", 64).at_least(1)};
  SECTION("declared: used at its values only") {
    CHECK(specs[1].used_at("B"));
    CHECK_FALSE(specs[1].used_at("A"));
    CHECK(specs[2].used_at("A"));  // no condition: used everywhere
  }
  SECTION("the command line skips the blocks that never use the key") {
    tl::Sweep s(specs);
    s.split(tl::split_blocks({"part=A", "+", "part=B", "width=8", "+", "part=C"}));
    s.override_with({{"width=16,32"}});
    REQUIRE(s.blocks() == 3);
    CHECK(s.size() == 1 + 2 + 1);  // only B's block gains the two widths
    CHECK(ints(s.block_values(0, "width")) == std::vector<std::int64_t>{0});
    CHECK(ints(s.block_values(1, "width")) == std::vector<std::int64_t>{16, 32});
    CHECK(ints(s.block_values(2, "width")) == std::vector<std::int64_t>{0});
    CHECK_NOTHROW(s.check_used_keys());
  }
  SECTION("a key no block uses is laid everywhere, and then rejected if swept") {
    tl::Sweep s(specs);
    s.split(tl::split_blocks({"part=A", "+", "part=C"}));
    s.override_with({{"width=16,32"}});
    CHECK(s.size() == 4);
    CHECK_THROWS_WITH(s.check_used_keys(), Catch::Contains("'width' is used only where part is B") &&
                                               Catch::Contains("also runs part=A"));
  }
  SECTION("swept in a block that also runs a part ignoring it: rejected, naming the way out") {
    tl::Sweep s(specs);
    s.assign("part=A,B");
    s.assign("width=8,16");
    CHECK_THROWS_WITH(s.check_used_keys(), Catch::Contains("add part=B"));
    s.assign("part=B");
    CHECK_NOTHROW(s.check_used_keys());
  }
  SECTION("one value where it is ignored repeats nothing") {
    tl::Sweep s(specs);
    s.assign("part=A,B");
    s.assign("width=8");
    CHECK_NOTHROW(s.check_used_keys());
  }
}

TEST_CASE("the command line over a preset: choices select and narrow, numbers replace, no point twice",
          "[sweep][preset]") {
  const std::vector<tl::ParamSpec> specs{tl::choice("problem", "T1", {"T1", "T2", "T3", "T4"}),
                                         tl::integer("n", 4).at_least(1).used_only_when("problem", {"T1", "T2"}),
                                         tl::real("mu", 4.5).used_only_when("problem", {"T3"}),
                                         tl::real("bias", 0.1)};
  auto preset = [&] {  // probability_space's shape: one block per set of relevant keys
    tl::Sweep s(specs);
    s.split(tl::split_blocks({"problem=T1,T2", "n=4,64", "bias=0.3", "+", "problem=T3", "mu=3.5,4", "bias=0.3", "+",
                              "problem=T4", "bias=0.1"}));
    return s;
  };
  SECTION("a choice run by one block selects it (found by a trial: it exited 2 on n)") {
    auto s = preset();
    s.override_with({{"problem=T3"}});
    REQUIRE(s.blocks() == 1);
    CHECK(s.size() == 2);
    CHECK_NOTHROW(s.check_used_keys());
    REQUIRE(s.selections().size() == 1);
    CHECK_THAT(s.selections()[0], Catch::Contains("problem=T3 selects 1 of the preset's 3 blocks"));
  }
  SECTION("choices run by several blocks select each, narrowed, with its own settings") {
    auto s = preset();
    s.override_with({{"problem=T1,T4", "n=4,8"}});
    REQUIRE(s.blocks() == 2);
    CHECK(s.size() == 2 + 1);  // T1 at n=4,8; T4 once (it ignores n)
    CHECK_NOTHROW(s.check_used_keys());
  }
  SECTION("a number that is not every block's label is a new value everywhere, never a silent selection") {
    auto s = preset();
    s.override_with({{"bias=0.3,0.5"}});  // 0.3 labels two blocks, 0.5 none: replace
    CHECK(s.blocks() == 3);
    CHECK(s.size() == 2 * 2 * 2 + 2 * 2 + 2);  // (T1,T2 x n x bias) + (mu x bias) + bias
    CHECK(s.selections().empty());
  }
  SECTION("blocks whose points another block runs are dropped") {
    tl::Sweep s(specs);
    s.override_with(tl::split_blocks({"problem=T1,T2", "n=4,64", "+", "problem=T1", "n=4"}));
    CHECK(s.blocks() == 1);
    CHECK(s.size() == 4);
    // T4 ignores n and mu: T4 at n=8 is T4 at the default n.
    tl::Sweep t(specs);
    t.override_with(tl::split_blocks({"problem=T4", "+", "problem=T4", "n=8"}));
    CHECK(t.size() == 1);
  }
}

TEST_CASE("sweep: the number of points is bounded before any product can overflow", "[sweep][limits]") {
  const std::vector<tl::ParamSpec> specs = {tl::integer("a", 1), tl::integer("b", 1), tl::integer("c", 1)};
  tl::Sweep sweep(specs);
  sweep.assign("a=lin(1,1000,1000)");
  sweep.assign("b=lin(1,1000,1000)");
  CHECK(sweep.size() == 1000000);
  CHECK_THROWS_WITH(sweep.assign("c=lin(1,1000,1000)"), Catch::Contains("points"));
}

TEST_CASE("sweep: one argument's values are bounded as they are generated", "[sweep][limits]") {
  // Before: every item of "x=lin(..,1e7),lin(..,1e7),..." was materialised before the
  // sweep's count was checked, so a few hundred items exhausted memory.
  tl::Sweep sweep({tl::real("x", 0)});
  CHECK_THROWS_WITH(sweep.assign("x=0.5,lin(0,1,6000000),lin(2,3,6000000),4"),
                    Catch::Contains("lin(2,3,6000000)") && Catch::Contains("values in one argument"));
}

TEST_CASE("sweep points: rows (points x replicates) are bounded at 10^7", "[sweep][limits]") {
  tl::Sweep sweep({tl::integer("a", 1)});
  sweep.assign("a=lin(1,1000000,1000000)");
  CHECK(tl::SweepPoints(sweep, 10, 1).size() == 10000000);  // the limit itself
  CHECK_THROWS_WITH(tl::SweepPoints(sweep, 11, 1), Catch::Contains("rows (points x replicates)") && Catch::Contains("--seeds"));
  CHECK_THROWS_AS(tl::SweepPoints(sweep, 1000000, 1), tl::UsageError);  // 10^12 rows: refused, not allocated
}

TEST_CASE("sweep: arguments that are not UTF-8 are a usage error", "[sweep][utf8]") {
  tl::Sweep sweep({tl::choice("p", "x", {"x", "y"})});
  CHECK_THROWS_WITH(sweep.assign("p=\xFF"), Catch::Contains("UTF-8"));
  CHECK_THROWS_WITH(tl::split_blocks({"p=x", "\xC0\xAF"}), Catch::Contains("UTF-8"));
}
