// The failing inputs of issue 13 (hardening), each through the real CLI: integer
// parameters beyond what the code holds, a claim over no defined data, a series that
// never ended, a declared-valid value that ended in "internal error", the projection at
// extreme step sizes, and bytes that are not UTF-8.
#include <catch2/catch.hpp>

#include <cmath>

#include "support/bad_input.hpp"
#include "support/process.hpp"
#include "theorylab/io/result_file.hpp"

using tl::testing::file_exists;
using tl::testing::run_command;
using tl::testing::temp_dir;
using tl::testing::theorylab_bin;

TEST_CASE("hardening: integers beyond 32 bits exit 2 naming the parameter and its limit", "[e2e][hardening]") {
  // Before: n = 2^31 + 2 segfaulted, n = 2^32 + 4 ran as n = 4, iterations = 2^32 + 2 ran 2 iterations.
  const std::vector<tl::testing::BadInput> cases = {
      {"n=2147483650 iterations=5", "[2, 1e+07]"},
      {"n=4294967300 iterations=5", "'n'"},
      {"iterations=4294967298", "'iterations'"},
      {"n=4 iterations=1e12", "'iterations'"},
      {"instance_seed=1e19", "'instance_seed'"},
  };
  tl::testing::check_rejected("probability_space --preset none problem=T1 solver=fw_open_loop --quiet", cases,
                              temp_dir("hard-int"));
  const std::vector<tl::testing::BadInput> others = {
      {"networks=3000000000", "'networks'"},
      {"part=inequality networks=100000 inputs=100000", "networks x inputs"},
      {"depth=64 width=4096", "depth x width"},
      {"max_steps=4294967297", "'max_steps'"},
  };
  tl::testing::check_rejected("gradient_penalty --preset none --quiet", others, temp_dir("hard-int2"));
}

TEST_CASE("hardening: a claim with no defined sample is n/a, not a pass", "[e2e][hardening]") {
  const std::string dir = temp_dir("hard-vacuous");
  const auto r = run_command(theorylab_bin() + " run gradient_penalty --preset quick init_scale=0 --out " + dir + "/g.h5");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  for (const char* id : {"no_violations", "multiplied_out_form", "frobenius_weaker", "layer_identities"}) {
    CHECK_THAT(r.out, Catch::Contains(std::string("[n/a] ") + id + ":"));
    CHECK_THAT(r.out, !Catch::Contains(std::string("[pass] ") + id + ":"));
  }
  CHECK_THAT(r.out, Catch::Contains("no defined sample"));
}

TEST_CASE("hardening: the 0F1 series at alpha = 1e20 no longer hangs; the grid is capped at 1e6", "[e2e][hardening]") {
  const std::string dir = temp_dir("hard-hang");
  const std::string base = "timeout 120 " + theorylab_bin() +
                           " run gradient_max_scale --preset none part=B2 score=cosine n=64 d=2 trials=20 --threads 1 ";
  const auto refused = run_command(base + "'alpha_grid=1,1e20' --out " + dir + "/a.h5");
  INFO(refused.err);
  CHECK(refused.exit_code == 2);
  CHECK_THAT(refused.err, Catch::Contains("alpha_grid"));
  CHECK_FALSE(file_exists(dir + "/a.h5"));
  const auto edge = run_command(base + "'alpha_grid=1,1e6' --quiet --out " + dir + "/b.h5");
  INFO(edge.err);
  CHECK(edge.exit_code == 0);
  CHECK(file_exists(dir + "/b.h5"));
}

TEST_CASE("hardening: a tiny eps in the declared range exits 2, not 3", "[e2e][hardening]") {
  // Before: exit 3 "union_bound_k50: no root below 1e9". eps = 1e-4 needs k50 ~ 2e9 dimensions.
  const std::vector<tl::testing::BadInput> cases = {
      {"part=A1 N=16 eps=1e-4 trials=1", "eps"},
      {"part=A1 N=16 eps=1e-12 trials=1", "eps"},
      {"part=A3 lambda=1e7", "lambda"},
  };
  tl::testing::check_rejected("jl_attention_scale --preset none --threads 1 --quiet", cases, temp_dir("hard-jl"));
}

TEST_CASE("hardening: projected gradient stays on the simplex at step_scale 1e17", "[e2e][hardening]") {
  const std::string dir = temp_dir("hard-simplex");
  const auto r = run_command(theorylab_bin() +
                             " run probability_space --preset none problem=T1,T4 solver=projected_gradient n=4 "
                             "step_scale=1e12,1e17 iterations=50 --quiet --out " + dir + "/p.h5");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  const tl::ResultFile f(dir + "/p.h5");
  const auto infeasibility = std::get<std::vector<double>>(f.table_column("final_infeasibility").data);
  const auto gap = std::get<std::vector<double>>(f.table_column("final_gap").data);
  REQUIRE(infeasibility.size() == 4);
  for (std::size_t i = 0; i < infeasibility.size(); ++i) {
    CAPTURE(i);
    CHECK(infeasibility[i] <= 1e-15);  // Σp = 1 and p >= 0 to rounding
    CHECK(gap[i] >= -1e-12);           // F(p) >= F* for a feasible p
  }
}

TEST_CASE("hardening: arguments that are not UTF-8 exit 2 with one line", "[e2e][hardening]") {
  const std::vector<tl::testing::BadInput> cases = {
      {"\"$(printf 'problem=T1\\377')\"", "UTF-8"},
      {"\"$(printf 'n\\300\\257=4')\"", "UTF-8"},           // overlong '/'
      {"\"$(printf 'solver=\\355\\240\\200')\"", "UTF-8"},  // a surrogate
  };
  tl::testing::check_rejected("probability_space --preset none --quiet", cases, temp_dir("hard-utf8"));
}

TEST_CASE("hardening: --preset and --out that are not UTF-8 exit 2 naming the option", "[e2e][hardening]") {
  // Both are stored in the result file's UTF-8 attributes (preset, command_line).
  const std::string dir = temp_dir("hard-utf8-options");
  const std::vector<tl::testing::BadInput> presets = {
      {"--preset \"$(printf 'quick\\377')\"", "--preset"},
      {"--preset \"$(printf '\\300\\257')\"", "not valid UTF-8"},
  };
  tl::testing::check_rejected("probability_space --quiet", presets, dir);
  for (const char* name : {"r\\377.h5", "r\\355\\240\\200.h5"}) {
    const std::string out = dir + "/$(printf '" + name + "')";
    const auto r = run_command(theorylab_bin() + " run probability_space --preset quick --quiet --out \"" + out + "\"");
    INFO(name << " -> " << r.err);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("--out") && Catch::Contains("not valid UTF-8"));
    CHECK(r.err.find('\n') == r.err.size() - 1);
    const auto listed = run_command("ls -A " + dir);
    CHECK(listed.out.empty());  // no result, .partial or .journal under any name
  }
}
