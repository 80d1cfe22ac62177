// probability_space through the real CLI: the quick preset passes its claims (the two
// predicted failures are reported as expected), the file holds the comparison table,
// and every kind of bad input exits 2 with a message naming the problem, leaving no file.
#include <catch2/catch.hpp>

#include "support/bad_input.hpp"
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
  // The two theory-grounded claims are decided (pass), not n/a: Jaggi's bound on the
  // L-smooth T1/T4/T5 and the constant-step floor <= eta L.
  CHECK_THAT(r.out, Catch::Contains("[pass] fw_rate:"));
  CHECK_THAT(r.out, Catch::Contains("[pass] fw_constant_floor_depends_on_step:"));
  CHECK_THAT(r.out, Catch::Contains("above 4L/(t+2)"));
  // The comparison table is in /summary (h5ls is independent of theorylab's reader).
  const auto listing = run_command("h5ls -r " + out);
  if (listing.exit_code == 0) {
    CHECK_THAT(listing.out, Catch::Contains("comparison"));
    CHECK_THAT(listing.out, Catch::Contains("iterations_to_tolerance"));
    CHECK_THAT(listing.out, Catch::Contains("jaggi_worst_ratio"));
    CHECK_THAT(listing.out, Catch::Contains("smoothness_L"));
  }
}

TEST_CASE("probability_space: fw_rate is decided on L-smooth runs, n/a on entropic ones", "[e2e][probability_space]") {
  // A single T5 line-search run: fw_rate is decided on it (pass), and the entropic T2
  // run alone leaves fw_rate n/a (outside the theorem) with the finding table instead.
  const std::string dir = temp_dir("ps-rate");
  const auto t5 = run_command(theorylab_bin() + " run probability_space problem=T5 n=20 solver=fw_line_search "
                                                "iterations=500 --strict --out " + dir + "/t5.h5");
  INFO(t5.out << t5.err);
  CHECK(t5.exit_code == 0);
  CHECK_THAT(t5.out, Catch::Contains("[pass] fw_rate:"));
  const auto t2 = run_command(theorylab_bin() + " run probability_space problem=T2 n=50 solver=fw_open_loop "
                                                "iterations=500 --out " + dir + "/t2.h5");
  INFO(t2.out << t2.err);
  CHECK(t2.exit_code == 0);
  CHECK_THAT(t2.out, Catch::Contains("[n/a] fw_rate:"));
  CHECK_THAT(t2.out, Catch::Contains("fw_rate finding (T2/T3"));
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
  const std::vector<tl::testing::BadInput> cases = {
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
  tl::testing::check_rejected("probability_space --quiet", cases, temp_dir("ps-bad"));
}
