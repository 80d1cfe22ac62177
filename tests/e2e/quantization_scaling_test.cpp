// quantization_scaling through the real CLI: the quick preset passes its claims under
// --strict and writes its tables and per-subtask series; bad input exits 2 with a
// message naming the parameter and leaves no file.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "support/bad_input.hpp"
#include "support/process.hpp"
#include "theorylab/io/result_file.hpp"

using tl::testing::file_exists;
using tl::testing::run_command;
using tl::testing::temp_dir;
using tl::testing::theorylab_bin;

TEST_CASE("quantization_scaling quick preset passes its claims and writes its tables", "[e2e][quantization_scaling]") {
  const std::string dir = temp_dir("qs");
  const std::string out = dir + "/quick.h5";
  const auto r = run_command(theorylab_bin() + " run quantization_scaling --preset quick --strict --threads 2 --quiet --out " + out);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  REQUIRE(file_exists(out));
  CHECK_FALSE(file_exists(out + ".partial"));

  const tl::ResultFile file(out);
  CHECK(file.table_rows() == 19);  // the quick plan
  std::vector<std::string> tables;
  for (const auto& t : file.summary_tables()) tables.push_back(t.name());
  for (const char* name : {"a1_tail_fits", "a2_fits", "a3_closed_form", "a3_fits", "a4_fits", "calibration",
                           "b1_width_sweep", "exponent_table", "kappa_table"}) {
    INFO("table " << name);
    CHECK(std::find(tables.begin(), tables.end(), name) != tables.end());
  }
  // Every network row has its per-subtask losses and n_learned.
  const auto part = file.table_column("part");
  const auto& parts = std::get<std::vector<std::string>>(part.data);
  int network_rows = 0;
  for (std::size_t row = 0; row < parts.size(); ++row) {
    if (parts[row] != "B1" && parts[row] != "B3" && parts[row] != "calibration") continue;
    ++network_rows;
    const auto names = file.series_names(row);
    CHECK(std::find(names.begin(), names.end(), "task_loss") != names.end());
    CHECK(std::find(names.begin(), names.end(), "final_task_loss") != names.end());
  }
  CHECK(network_rows == 14);
  // Every claim decided; the Part A claims are covered by the quick grid.
  int part_a_pass = 0;
  for (const auto& c : file.claims()) {
    INFO("claim " << c.id() << ": " << tl::to_string(c.verdict()) << " " << c.notes());
    CHECK(c.verdict() != tl::Verdict::Pending);
    CHECK_FALSE(c.failed_unexpectedly());
    if (c.id().rfind("a", 0) == 0 && c.id()[1] >= '1' && c.id()[1] <= '4') part_a_pass += c.verdict() == tl::Verdict::Pass;
  }
  CHECK(part_a_pass == 8);
}

TEST_CASE("quantization_scaling rejects bad input with exit 2, a message and no file", "[e2e][quantization_scaling]") {
  const std::string dir = temp_dir("qsbad");
  const std::vector<tl::testing::BadInput> cases = {
      {"alphas=0", "alphas"},        {"alphas=0.4,-0.2", "alphas"}, {"a_alphas=0", "a_alphas"},
      {"n_tasks=0", "n_tasks"},      {"k=13", "k = 13"},            {"widths=0", "widths"},
      {"widths=8,2.5", "width"},     {"batch=0", "batch"},          {"data_sizes=0", "data_sizes"},
      {"taus=0", "taus"},            {"lr=0", "lr"},                {"lr=-1e-3", "lr"},
      {"job=1000", "job = 1000"},    {"n_tasks=100 n_bits=6", "n_tasks = 100"},
  };
  tl::testing::check_rejected("quantization_scaling --preset quick", cases, dir);
}
