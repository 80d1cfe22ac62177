// The failing inputs of issue 13 (hardening), each through the real CLI: integer
// parameters beyond what the code holds, a claim over no defined data, a series that
// never ended, a declared-valid value that ended in "internal error", the projection at
// extreme step sizes, bytes that are not UTF-8, and a result file whose columns disagree
// in length.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "support/bad_input.hpp"
#include "support/process.hpp"
#include "theorylab/io/h5file.hpp"
#include "theorylab/io/result_file.hpp"

using tl::testing::file_exists;
using tl::testing::run_command;
using tl::testing::temp_dir;
using tl::testing::theorylab_bin;
using tl::testing::tool;

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
      // 10^7 samples at depth 3: a 534 MiB row (before: up to 10^8 samples, a row past the
      // journal's 1 GiB record limit, which threw inside a worker thread and aborted).
      {"part=inequality networks=1000 inputs=10000 depth=3", "534 MiB"},
      {"part=inequality networks=100 inputs=10000 depth=64 width=8", "MiB"},
      {"init_scale=inf", "'init_scale'"},
      {"depth=64 width=4096", "depth x width"},
      {"max_steps=4294967297", "'max_steps'"},
  };
  tl::testing::check_rejected("gradient_penalty --preset none --quiet", others, temp_dir("hard-int2"));
  // Reals that feed an integer cast (A2's stream split alpha * 1000, a tag alpha * 10) and
  // A4's replicates, whose streams are distinct only below 1009.
  const std::vector<tl::testing::BadInput> quanta = {
      {"part=A2 alpha=1e17", "'alpha'"},
      {"part=A1 alpha=100", "'alpha'"},     // the fit window's tail underflows to 0
      {"part=A3 alpha=1e-300", "'alpha'"},  // s = alpha + 1 rounds to 1
      {"part=A4 a_seeds=1001", "'a_seeds'"},
  };
  tl::testing::check_rejected("quantization_scaling --preset none --quiet", quanta, temp_dir("hard-int3"));
  // Both ends of alpha's declared range compute in every part of the model (before, 1e-300
  // and 100 were accepted and ended in an "error" row).
  for (const char* alpha : {"1e-12", "50"}) {
    const std::string out = temp_dir("hard-alpha") + "/a.h5";
    const auto r = run_command(theorylab_bin() + " run quantization_scaling --preset none part=A1,A2,A4 alpha=" + alpha +
                               " + part=A3 tau=1 alpha=" + alpha + " --quiet --threads 2 --out " + out);
    INFO(alpha << ": " << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.err.find("failed") == std::string::npos);
  }
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

  // The other end: weights so large that every norm overflows. Before, the NaN ratios
  // counted as defined samples (never a violation) and no_violations passed over them.
  const auto huge = run_command(theorylab_bin() + " run gradient_penalty --preset none part=inequality init_scale=1e200 "
                                "depth=4 networks=2 inputs=3 --out " + dir + "/huge.h5");
  INFO(huge.out << huge.err);
  CHECK(huge.exit_code == 0);
  CHECK_THAT(huge.out, Catch::Contains("[n/a] no_violations:"));
  CHECK_THAT(huge.out, !Catch::Contains("[pass] no_violations:"));
}

TEST_CASE("hardening: the 0F1 series at alpha = 1e20 no longer hangs, the grid is capped at 1e6", "[e2e][hardening]") {
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

namespace {

// A copy of the result file FROM at TO, object by object (groups, datasets, attributes),
// with the dataset CUT shortened to its first KEEP entries: what editing one column with
// h5py does. KEEP = 0 copies the file whole.
void copy_result_file(const std::string& from, const std::string& to, const std::string& cut, std::size_t keep) {
  const tl::h5::File in(from, tl::h5::File::Mode::ReadOnly);
  tl::h5::File out(to, tl::h5::File::Mode::Create);
  auto copy_attributes = [&](const std::string& object) {
    for (const std::string& name : in.attribute_names(object)) out.set_attribute(object, name, in.attribute(object, name));
  };
  copy_attributes("/");
  for (const tl::h5::NodeInfo& node : in.tree()) {
    if (node.is_group) {
      out.create_group(node.path);
    } else if (node.shape.size() == 2 && node.type == "float64") {
      out.write_matrix(node.path, in.read_doubles(node.path), node.shape[0], node.shape[1]);
    } else if (node.shape.size() == 2 && node.type == "int64") {  // a ragged series' shapes
      out.create_extendible(node.path, "int64", {node.shape[1]}, std::max<std::size_t>(1, node.shape[0]));
      out.append(node.path, in.read_integers(node.path), node.shape[0]);
    } else {
      REQUIRE(node.shape.size() == 1);
      const std::size_t n = node.path == cut && keep > 0 ? keep : node.shape[0];
      if (node.type == "float64") out.write(node.path, in.read_doubles(node.path, 0, n));
      else if (node.type == "int64") out.write(node.path, in.read_integers(node.path, 0, n));
      else if (node.type == "string") {
        auto v = in.read_strings(node.path);
        v.resize(n);
        out.write(node.path, v);
      } else FAIL("unexpected dataset type " << node.type << " at " << node.path);
    }
    copy_attributes(node.path);
  }
}

}  // namespace

TEST_CASE("hardening: a result file with one /table column cut short is refused by every tool", "[e2e][hardening]") {
  // Before: /table/n cut to 3 of its 6 rows made tl-inspect --csv, the overview and tl-plot
  // print heap contents as values and exit 0.
  const std::string dir = temp_dir("hard-cut");
  const auto r = run_command(theorylab_bin() +
                             " run probability_space --preset none problem=T1 solver=projected_gradient,exponentiated_gradient "
                             "n=4,8,12 iterations=20 --quiet --out " + dir + "/full.h5");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  copy_result_file(dir + "/full.h5", dir + "/copy.h5", "", 0);
  copy_result_file(dir + "/full.h5", dir + "/cut.h5", "/table/n", 3);
  const std::string png = dir + "/plot.png", html = dir + "/page.html";
  const std::vector<std::string> commands = {
      tool("inspect") + " FILE",
      tool("inspect") + " FILE --csv",
      tool("inspect") + " FILE /table",
      tool("summarize") + " FILE --format csv",
      tool("fit") + " FILE --x n --y iterations_to_tolerance",
      tool("plot") + " FILE --x n --y final_gap --out " + png,
      tool("report") + " FILE --no-figures --out " + html,
  };
  for (std::string command : commands) {
    const std::size_t at = command.find("FILE");
    // The faithful copy is read (so the copy above is not what fails), the cut one refused.
    const auto whole = run_command(std::string(command).replace(at, 4, dir + "/copy.h5"));
    INFO(command << "\n" << whole.err);
    if (command.find("tl-fit") == std::string::npos) CHECK(whole.exit_code == 0);  // fit may lack 3 usable points
    std::remove(png.c_str());
    std::remove(html.c_str());
    const auto cut = run_command(command.replace(at, 4, dir + "/cut.h5"));
    INFO(cut.out << cut.err);
    CHECK(cut.exit_code == 2);
    CHECK(cut.err.find("damaged") != std::string::npos);
    CHECK(cut.err.find("/table/n") != std::string::npos);
    CHECK(std::count(cut.err.begin(), cut.err.end(), '\n') == 1);
    CHECK(cut.out.empty());  // no values printed before the refusal
    CHECK_FALSE(file_exists(png));
    CHECK_FALSE(file_exists(html));
  }
}

TEST_CASE("hardening: in-range values found by probing each declared range end in a verdict, not an error", "[e2e][hardening]") {
  const std::string dir = temp_dir("hard-probe");
  auto run = [&](const std::string& args) {
    const auto r = run_command(theorylab_bin() + " run " + args + " --threads 1 --out " + dir + "/p.h5 --force");
    INFO(args << "\n" << r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.err.find("failed") == std::string::npos);
    return r.out;
  };
  // A tolerance met at t = 0: no Frank-Wolfe iterate to check (before: the reduction read
  // the NaN worst iteration as an integer and exited 1).
  CHECK_THAT(run("probability_space --preset none problem=T1 solver=fw_open_loop tolerance=1e12"),
             Catch::Contains("[n/a] fw_rate:"));
  // Diverged flows have no monotonicity or rate (before: both passed with 0).
  const std::string t8 = run("probability_space --preset none problem=T8 solver=reference,particles_rk4,fokker_planck "
                             "iterations=200 particles=200 fp_cells=100 m0=1e300");
  CHECK_THAT(t8, Catch::Contains("[n/a] t8_monotone:") && Catch::Contains("[n/a] t8_dissipation_rate:"));
  CHECK_THAT(t8, Catch::Contains("[FAIL] t8_fokker_planck_closed_form:"));  // before: n/a "no fokker_planck row"
  // A loss target met before the first step: no training, no drift to judge (before: pass, measured 0).
  CHECK_THAT(run("gradient_penalty --preset none part=training depth=2 width=16 max_steps=200 train_points=8 "
                 "grid_points=51 loss_target=1e12"),
             Catch::Contains("[n/a] factors_roughly_stable:"));
  // Training whose every loss is non-finite from step 0 (before: the file was written
  // with an empty series of 0 rows and refused as damaged).
  run("gradient_penalty --preset none part=training depth=2 width=16 max_steps=200 train_points=8 grid_points=51 "
      "loss_target=0.02 noise=1e300");
  const tl::ResultFile f(dir + "/p.h5");
  CHECK(f.series(0, "trace_A0").data.empty());
  // A2's kappa beyond what the mean field's 0F1 holds is refused (before: exit 1 in the reduction).
  const auto kappa = run_command(theorylab_bin() + " run jl_attention_scale --preset none part=A2 draws=10 d=16 n=16,64 "
                                 "kappa=1e300 --out " + dir + "/k.h5");
  CHECK(kappa.exit_code == 2);
  CHECK_THAT(kappa.err, Catch::Contains("'kappa'"));
}
