// probability_space through the real CLI: the quick preset passes its claims (the two
// predicted failures are reported as expected), the file holds the comparison table,
// and every kind of bad input exits 2 with a message naming the problem, leaving no file.
#include <catch2/catch.hpp>

#include "support/process.hpp"

using tl::testing::file_exists;
using tl::testing::run_command;
using tl::testing::temp_dir;
using tl::testing::theorylab_bin;

TEST_CASE("probability_space quick preset passes its claims", "[e2e][probability_space]") {
  const std::string dir = temp_dir("ps-quick");
  const std::string out = dir + "/quick.h5";
  const auto r = run_command(theorylab_bin() + " run probability_space --preset quick --strict --out " + out);
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  REQUIRE(file_exists(out));
  CHECK_THAT(r.out, Catch::Contains("fail (expected)"));
  CHECK_THAT(r.out, Catch::Contains("fw_constant_converges"));
  CHECK_THAT(r.out, Catch::Contains("fw_nonsmooth_t6"));
  CHECK_THAT(r.out, !Catch::Contains("[FAIL]"));
  // The comparison table is in /summary (h5ls is independent of theorylab's reader).
  const auto listing = run_command("h5ls -r " + out);
  if (listing.exit_code == 0) {
    CHECK_THAT(listing.out, Catch::Contains("comparison"));
    CHECK_THAT(listing.out, Catch::Contains("iterations_to_tolerance"));
  }
}

TEST_CASE("probability_space: inapplicable combinations give n/a rows, not garbage", "[e2e][probability_space]") {
  const std::string dir = temp_dir("ps-na");
  for (const std::string args : {"problem=T8 solver=projected_gradient", "problem=T3 solver=particles_rk4",
                                 "problem=T5 n=5000 solver=fw_open_loop"}) {
    const auto r = run_command(theorylab_bin() + " run probability_space " + args + " --out " + dir + "/na.h5 --force");
    INFO(args << "\n" << r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("n/a"));
  }
}

TEST_CASE("probability_space: bad input exits 2 with a message and leaves no file", "[e2e][probability_space]") {
  struct Bad {
    std::string args, mentions;
  };
  const Bad cases[] = {
      {"problem=T9", "problem"},
      {"solver=newton", "solver"},
      {"step_scale=0", "step_scale"},
      {"step_scale=-1", "step_scale"},
      {"fw_step=0", "fw_step"},
      {"fw_step=-0.1", "fw_step"},
      {"fw_step=1.5", "fw_step"},
      {"mu=1", "mu"},
      {"mu=6", "mu"},
      {"mu=7.5", "mu"},
      {"n=1", "n"},
      {"tolerance=0", "tolerance"},
      {"tolerance=-1e-8", "tolerance"},
      {"iterations=0", "iterations"},
      {"tau=0", "tau"},
  };
  const std::string dir = temp_dir("ps-bad");
  int k = 0;
  for (const Bad& bad : cases) {
    const std::string out = dir + "/bad" + std::to_string(k++) + ".h5";
    const auto r = run_command(theorylab_bin() + " run probability_space " + bad.args + " --quiet --out " + out);
    INFO(bad.args << "\n" << r.out << r.err);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err + r.out, Catch::Contains(bad.mentions));
    CHECK_FALSE(file_exists(out));
    CHECK_FALSE(file_exists(out + ".partial"));
  }
}
