// probability_space through the real CLI: the quick preset passes its claims (the two
// predicted failures are reported as expected), the file holds the comparison table,
// and every kind of bad input exits 2 with a message naming the problem, leaving no file.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "support/bad_input.hpp"
#include "support/process.hpp"
#include "theorylab/io/result_file.hpp"

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

TEST_CASE("probability_space: --seeds K draws K instances unless instance_seed pins one", "[e2e][probability_space]") {
  // Issue 11: replicates were bit-identical because the instance came from instance_seed
  // alone. Now instance_seed = 0 (default) draws one instance per replicate, shared by
  // the solvers of that replicate; instance_seed >= 1 pins it.
  const std::string dir = temp_dir("ps-seeds");
  const std::string base = theorylab_bin() + " run probability_space --preset none problem=T1 n=8 "
                                             "solver=projected_gradient,fw_open_loop iterations=50 --seeds 2 ";
  const auto drawn = run_command(base + "--out " + dir + "/drawn.h5");
  INFO(drawn.out << drawn.err);
  REQUIRE(drawn.exit_code == 0);
  // Rows: (pg, rep 0), (pg, rep 1), (fw, rep 0), (fw, rep 1).
  const auto seeds = run_command(tl::testing::tool("inspect") + " " + dir + "/drawn.h5 /table/instance_seed_used");
  const auto optimum = run_command(tl::testing::tool("inspect") + " " + dir + "/drawn.h5 /table/optimum_value");
  REQUIRE(seeds.exit_code == 0);
  REQUIRE(optimum.exit_code == 0);
  auto lines = [](const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
      line.erase(0, line.find_first_not_of(' '));
      if (!line.empty()) out.push_back(line);
    }
    return out;
  };
  const auto s = lines(seeds.out), f = lines(optimum.out);
  REQUIRE(s.size() == 5);  // header + 4 rows
  REQUIRE(f.size() == 5);
  CHECK(s[1] != s[2]);  // replicates: two instances
  CHECK(f[1] != f[2]);  // ... with different optima
  CHECK(s[1] == s[3]);  // solvers of one replicate: the same instance
  CHECK(s[2] == s[4]);
  CHECK(f[1] == f[3]);

  const auto pinned = run_command(base + "instance_seed=7 --out " + dir + "/pinned.h5");
  INFO(pinned.out << pinned.err);
  REQUIRE(pinned.exit_code == 0);
  const auto p = lines(run_command(tl::testing::tool("inspect") + " " + dir + "/pinned.h5 /table/instance_seed_used").out);
  REQUIRE(p.size() == 5);
  CHECK(p[1] == "7");
  CHECK(p[2] == "7");
}

TEST_CASE("probability_space: a sweep never repeats a point, so the comparison table leaves none out", "[e2e][probability_space]") {
  const std::string dir = temp_dir("ps-dropped");
  // T4 has a fixed size: sweeping n over it would only repeat it, so that is refused...
  const auto refused = run_command(theorylab_bin() + " run probability_space --preset none problem=T4 n=4,8 "
                                                     "solver=fw_open_loop iterations=50 --out " + dir + "/t4n.h5");
  CHECK(refused.exit_code == 2);
  CHECK_THAT(refused.err, Catch::Contains("'n' is used only where problem is T1, T2, T5, T7"));
  CHECK_FALSE(tl::testing::file_exists(dir + "/t4n.h5"));
  // ... and two blocks that overlap run the shared points once: T4 in both blocks is one
  // point (the sweep drops the block another contains), so the table leaves nothing out.
  const auto r = run_command(theorylab_bin() + " run probability_space --preset none problem=T4 solver=fw_open_loop "
                                               "iterations=50 + problem=T4,T6 solver=fw_open_loop iterations=50 --out " +
                             dir + "/t4.h5");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(tl::ResultFile(dir + "/t4.h5").table_rows() == 2);
  const auto notes = run_command(tl::testing::tool("inspect") + " " + dir + "/t4.h5 /summary/notes");
  CHECK_THAT(notes.out, !Catch::Contains("rows left out"));
}

TEST_CASE("probability_space: with replicates the comparison table says which replicate and instance",
          "[e2e][probability_space]") {
  // Found by a fresh-user trial: replicate lines looked like duplicates.
  const std::string dir = temp_dir("ps-replicates");
  const auto r = run_command(theorylab_bin() + " run probability_space --preset none problem=T1,T4 n=8 "
                                               "solver=fw_open_loop iterations=50 --seeds 2 --out " + dir + "/r.h5");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  const auto table = run_command(tl::testing::tool("inspect") + " --csv " + dir + "/r.h5 /summary/tables/comparison");
  REQUIRE(table.exit_code == 0);
  CHECK_THAT(table.out, Catch::StartsWith("problem,solver,n,replicate,instance_seed,"));
  CHECK_THAT(table.out, Catch::Contains("T4,fw_open_loop,4,1,fixed,"));
}
