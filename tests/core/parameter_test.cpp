#include <catch2/catch.hpp>

#include "theorylab/core/error.hpp"
#include "theorylab/core/parameter.hpp"

TEST_CASE("parameters parse and validate their type and range", "[parameter]") {
  const auto n = tl::integer("n", 8).between(2, 100).unit("tokens");
  CHECK(std::get<std::int64_t>(n.parse("42")) == 42);
  CHECK(std::get<std::int64_t>(n.parse("1e2")) == 100);
  CHECK_THROWS_AS(n.parse("101"), tl::UsageError);
  CHECK_THROWS_AS(n.parse("2.5"), tl::UsageError);
  CHECK(n.allowed() == "an integer in [2, 100]");

  const auto eps = tl::real("eps", 0.1).between_exclusive(0, 1);
  CHECK(std::get<double>(eps.parse("0.25")) == 0.25);
  CHECK_THROWS_AS(eps.parse("0"), tl::UsageError);
  CHECK_THROWS_AS(eps.parse("1"), tl::UsageError);
  CHECK_THROWS_AS(eps.parse("nan"), tl::UsageError);
  CHECK_THROWS_AS(eps.parse("inf"), tl::UsageError);
  CHECK_THROWS_AS(eps.parse("0.5x"), tl::UsageError);
  CHECK(eps.allowed() == "a real number in (0, 1)");

  const auto lr = tl::real("lr", 1e-3).greater_than(0);
  CHECK_THROWS_WITH(lr.parse("-1"), Catch::Contains("'-1'") && Catch::Contains("'lr'") && Catch::Contains("> 0"));

  const auto mode = tl::choice("mode", "fast", {"fast", "exact"});
  CHECK(std::get<std::string>(mode.parse("exact")) == "exact");
  CHECK_THROWS_WITH(mode.parse("exakt"), Catch::Contains("one of: fast, exact"));

  const auto online = tl::flag("online", false);
  CHECK(std::get<bool>(online.parse("true")));
  CHECK_FALSE(std::get<bool>(online.parse("0")));
  CHECK_THROWS_AS(online.parse("maybe"), tl::UsageError);
}

TEST_CASE("integer parameters: at most 2^31 - 1 unless declared wider, so int conversion is exact",
          "[parameter][limits]") {
  const tl::ParamSpec plain = tl::integer("n", 4).at_least(2);
  CHECK(plain.upper_bound() == tl::kIntParamLimit);
  CHECK(std::get<std::int64_t>(plain.parse("2147483647")) == 2147483647);
  CHECK_THROWS_AS(plain.parse("2147483648"), tl::UsageError);
  CHECK_THROWS_AS(plain.parse("4294967300"), tl::UsageError);  // once ran as 4
  CHECK_THROWS_AS(plain.parse("9223372036854775807"), tl::UsageError);
  CHECK_THROWS_AS(plain.parse("1e19"), tl::UsageError);
  CHECK_THROWS_WITH(plain.parse("4294967300"), Catch::Contains("'n'") && Catch::Contains("2147483647"));
  const tl::ParamSpec seed = tl::integer("seed", 1).at_least(0).at_most(tl::kInt64ParamLimit);
  CHECK(std::get<std::int64_t>(seed.parse("8999999999999999999")) == 8999999999999999999LL);
  CHECK_THROWS_AS(seed.parse("9223372036854775807"), tl::UsageError);
  CHECK_THROWS_AS(seed.parse("9223372036854775808"), tl::UsageError);  // beyond int64: strtoll ERANGE
}

TEST_CASE("a rejected long value is echoed shortened, so that the message stays one readable line", "[parameter]") {
  const auto n = tl::integer("n", 8).between(2, 100);
  std::string long_value = "1";
  for (int i = 0; i < 200; ++i) long_value += "," + std::to_string(i % 50 + 2);
  long_value += ",9999";
  try {
    (void)n.parse(long_value);
    FAIL("accepted " << long_value);
  } catch (const tl::UsageError& e) {
    const std::string message = e.what();
    CHECK(message.size() < 300);
    CHECK_THAT(message, Catch::StartsWith("bad value '1,2,3") && Catch::Contains(",9999 (" + std::to_string(long_value.size()) + " characters)'") &&
                            Catch::Contains("'n'"));
  }
  CHECK_THROWS_WITH(n.parse("101"), Catch::Contains("bad value '101'"));  // a short value whole
}
