// quantization_scaling through the real CLI: the quick preset decides every claim (some
// inconclusive: too little data for their resolution) and writes its tables and
// per-subtask series; bad input exits 2 with a message naming the parameter and leaves
// no file.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <type_traits>
#include <variant>
#include <string>
#include <vector>

#include "support/bad_input.hpp"
#include "support/process.hpp"
#include "theorylab/io/result_file.hpp"

using tl::testing::file_exists;
using tl::testing::run_command;
using tl::testing::temp_dir;
using tl::testing::theorylab_bin;

TEST_CASE("quantization_scaling quick preset decides its claims and writes its tables", "[e2e][quantization_scaling]") {
  const std::string dir = temp_dir("qs");
  const std::string out = dir + "/quick.h5";
  // No --strict: the quick preset leaves claims inconclusive (too little data for their
  // resolution), which --strict rejects; each claim is checked below instead.
  const auto r = run_command(theorylab_bin() + " run quantization_scaling --preset quick --threads 2 --quiet --out " + out);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  REQUIRE(file_exists(out));
  CHECK_FALSE(file_exists(out + ".partial"));

  const tl::ResultFile file(out);
  // The quick preset's points: B1 4 widths, geometry 2 n x 4 widths, B3 2 data sizes, 8
  // calibration variants, A3 3 alphas x 2 taus, A4, A2, A1 at 3 alphas; one seed.
  CHECK(file.table_rows() == 4 + 8 + 2 + 8 + 6 + 3 + 3 + 3);
  std::vector<std::string> tables;
  for (const auto& t : file.summary_tables()) tables.push_back(t.name());
  for (const char* name : {"a1_tail_fits", "a2_fits", "a3_closed_form", "a3_fits", "a4_fits", "calibration",
                           "b1_width_sweep", "exponent_table", "kappa_table", "authors_estimator_table", "geometry_table"}) {
    INFO("table " << name);
    CHECK(std::find(tables.begin(), tables.end(), name) != tables.end());
  }
  // Every network row has its per-subtask losses and n_learned.
  const auto part = file.table_column("part");
  const auto& parts = std::get<std::vector<std::string>>(part.data);
  int network_rows = 0;
  for (std::size_t row = 0; row < parts.size(); ++row) {
    if (parts[row] != "B1" && parts[row] != "B3" && parts[row] != "calibration" && parts[row] != "geometry") continue;
    ++network_rows;
    const auto names = file.series_names(row);
    CHECK(std::find(names.begin(), names.end(), "task_loss") != names.end());
    CHECK(std::find(names.begin(), names.end(), "final_task_loss") != names.end());
  }
  CHECK(network_rows == 22);
  // Every claim decided. The deterministic Part A claims pass on the quick grid; its
  // Monte Carlo fits (2 seeds: t-intervals with one degree of freedom) are far wider
  // than the ±0.05 their claims need: those are inconclusive, not passes. 4 widths are
  // too few for the Spearman claim and for any exponent or geometry fit: n/a.
  const std::set<std::string> exact_part_a = {"a1_exact_tail_exponent", "a1_finite_T_steepens",
                                              "a3_poisson_closed_form", "a4_step_exponent"};
  const std::set<std::string> too_coarse = {"a2_parameter_exponent", "a2_finite_T_matches_exact_tail",
                                            "a3_data_exponent", "a4_stochastic_step_exponent"};
  const std::set<std::string> too_few_widths = {"n_learned_grows_with_width", "task_learns_in_quanta",
                                                "learns_in_quanta_n16", "kappa_n_at_n32", "alpha_n_finite_t_a04",
                                                "alpha_n_paper_a04"};
  for (const auto& c : file.claims()) {
    INFO("claim " << c.id() << ": " << tl::to_string(c.verdict()) << " " << c.notes());
    CHECK(c.verdict() != tl::Verdict::Pending);
    CHECK_FALSE(c.failed_unexpectedly());
    if (exact_part_a.count(c.id())) CHECK(c.verdict() == tl::Verdict::Pass);
    if (too_coarse.count(c.id())) CHECK(c.verdict() == tl::Verdict::Inconclusive);
    if (too_few_widths.count(c.id())) CHECK(c.verdict() == tl::Verdict::NotApplicable);
  }
}

TEST_CASE("quantization_scaling rejects bad input with exit 2, a message and no file", "[e2e][quantization_scaling]") {
  const std::string dir = temp_dir("qsbad");
  const std::vector<tl::testing::BadInput> cases = {
      {"alpha=0", "alpha"},
      {"part=B1 alpha=0.4,-0.2", "alpha"},
      {"n_tasks=0", "n_tasks"},
      {"k=49", "k = 49"},  // > n_bits = 48
      {"part=geometry geometry_bits=0", "geometry_bits, the task bits n of its width sweep, >= k = 3"},
      {"part=geometry geometry_bits=2", "(given 2)"},
      {"part=geometry geometry_bits=200", "geometry_bits"},
      {"part=B1 width=0", "width >= 1"},
      {"part=B1 width=8,2.5", "width"},
      {"part=B1 width=2000000", "width"},
      {"batch=0", "batch"},
      {"part=B3 D=0", "D >= 1"},
      {"part=A3 tau=0", "tau >= 1"},
      {"lr=0", "lr"},
      {"lr=-1e-3", "lr"},
      {"n_tasks=100 n_bits=6", "n_tasks = 100"},
      // The plan index is gone: job is an unknown parameter, as are the old lists.
      {"job=3", "unknown parameter 'job'"},
      {"widths=8,16", "unknown parameter 'widths'"},
      // An axis set for a part that does not use it (over the whole preset it goes into
      // its own part's block; sweeping one where points ignore it: tests/core/sweep_test).
      {"part=A1 D=3000", "D = 3000 does not apply to part=A1"},
      {"part=calibration alpha=0.2", "alpha = 0.2 does not apply to part=calibration"},
      {"part=calibration n_bits=70", "n_bits = 140"},  // variant 2n beyond 128 task bits
  };
  tl::testing::check_rejected("quantization_scaling --preset quick", cases, dir);
}

namespace {
// Column `name` of /table as numbers (integer or real columns).
std::vector<double> numbers(const tl::ResultFile& file, const std::string& name) {
  const auto column = file.table_column(name);
  std::vector<double> out;
  std::visit(
      [&](const auto& values) {
        for (const auto& v : values) {
          if constexpr (std::is_arithmetic_v<std::decay_t<decltype(v)>>) out.push_back(static_cast<double>(v));
        }
      },
      column.data);
  return out;
}
}  // namespace

TEST_CASE("quantization_scaling part=B1 width=8,16,32 trains three widths", "[e2e][quantization_scaling]") {
  const std::string dir = temp_dir("qsw");
  const std::string out = dir + "/widths.h5";
  const auto r = run_command(theorylab_bin() +
                             " run quantization_scaling --preset none part=B1 width=8,16,32 n_tasks=8 n_bits=8 steps=200 "
                             "batch=64 test_per_task=16 checkpoints=4 --threads 2 --quiet --out " + out);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  const tl::ResultFile file(out);
  REQUIRE(file.table_rows() == 3);
  CHECK(numbers(file, "width") == std::vector<double>{8, 16, 32});
  // Each row trained its own width: the parameter count (inputs 16, a ReLU layer, two
  // logits) and the network width recorded by the run follow the swept width, and the
  // three runs' losses differ.
  CHECK(numbers(file, "net_width") == std::vector<double>{8, 16, 32});
  CHECK(numbers(file, "parameters") == std::vector<double>{16 * 8 + 8 + 2 * 8 + 2, 16 * 16 + 16 + 2 * 16 + 2,
                                                           16 * 32 + 32 + 2 * 32 + 2});
  const auto loss = numbers(file, "L_bits");
  REQUIRE(loss.size() == 3);
  CHECK(std::set<double>(loss.begin(), loss.end()).size() == 3);
}

TEST_CASE("quantization_scaling: no width learns a subtask, so the width claim is n/a, not a pass",
          "[e2e][quantization_scaling]") {
  // 30 steps learn nothing at any width: mean n_learned is 0 everywhere, the rank
  // correlation of width and n_learned is undefined (all ties), and a claim built on it
  // has no evidence either way. Found by a fresh-user trial (it used to pass with rho 1).
  const std::string dir = temp_dir("qsties");
  const std::string out = dir + "/ties.h5";
  const auto r = run_command(theorylab_bin() +
                             " run quantization_scaling --preset none part=B1 width=4,8,16,32,64 steps=30 n_tasks=8 "
                             "n_bits=10 batch=128 checkpoints=4 --strict --threads 2 --quiet --out " + out);
  INFO(r.out << r.err);
  CHECK((r.exit_code == 0 || r.exit_code == 1));  // --strict: 1 if another claim fails; never 2 or 3
  REQUIRE(file_exists(out));
  const tl::ResultFile file(out);
  const auto learned = numbers(file, "n_learned");
  REQUIRE(learned.size() == 5);
  REQUIRE(std::set<double>(learned.begin(), learned.end()).size() == 1);  // the premise: all ties
  bool seen = false;
  for (const auto& c : file.claims()) {
    if (c.id() != "n_learned_grows_with_width") continue;
    seen = true;
    INFO(c.notes());
    CHECK(c.verdict() == tl::Verdict::NotApplicable);
    CHECK(c.notes().find("same at every width") != std::string::npos);
  }
  CHECK(seen);
}

TEST_CASE("quantization_scaling sweeps width and alpha of B1 and D of B3 from the default preset",
          "[e2e][quantization_scaling]") {
  const std::string dir = temp_dir("qsaxes");
  const std::string small = " n_tasks=8 n_bits=8 steps=100 b3_steps=100 batch=32 test_per_task=8 checkpoints=4";
  {
    // part=B1 selects the default preset's B1 block; width and alpha replace its values.
    const std::string out = dir + "/b1.h5";
    const auto r = run_command(theorylab_bin() + " run quantization_scaling part=B1 'width=pow2(3,5)' alpha=0.2,0.4 --seeds 2" +
                               small + " --threads 2 --quiet --out " + out);
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    const tl::ResultFile file(out);
    CHECK(file.table_rows() == 3 * 2 * 2);
    const auto alpha = numbers(file, "alpha");
    CHECK(std::set<double>(alpha.begin(), alpha.end()) == std::set<double>{0.2, 0.4});
    const auto width = numbers(file, "width");
    CHECK(std::set<double>(width.begin(), width.end()) == std::set<double>{8, 16, 32});
  }
  {
    const std::string out = dir + "/b3.h5";
    const auto r = run_command(theorylab_bin() + " run quantization_scaling part=B3 'D=log(3e3,4e5,8)' --seeds 1" + small +
                               " --threads 2 --quiet --out " + out);
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    const tl::ResultFile file(out);
    CHECK(file.table_rows() == 8);
    const auto D = numbers(file, "D");
    CHECK(D.front() == 3000);
    CHECK(D.back() == 400000);
    CHECK(std::set<double>(D.begin(), D.end()).size() == 8);
  }
}
