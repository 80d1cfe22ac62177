// The command line over presets (one rule) and --dry-run / plan, through the real CLI.
#include <catch2/catch.hpp>

#include <regex>

#include "support/process.hpp"
#include "theorylab/io/result_file.hpp"

using namespace tl::testing;

namespace {
std::size_t planned_rows(const std::string& out) {
  std::smatch m;
  if (!std::regex_search(out, m, std::regex(R"(block\(s\), (\d+) rows)"))) return static_cast<std::size_t>(-1);
  return std::stoul(m[1]);
}
}  // namespace

TEST_CASE("a key that labels a preset's blocks selects them: gradient_max_scale part=B2 n=256,4096", "[plan][preset]") {
  const std::string dir = temp_dir("partb2");
  const auto r = run_command(theorylab_bin() + " run gradient_max_scale part=B2 n=256,4096 --quiet --out " + dir + "/b2.h5");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const tl::ResultFile file(dir + "/b2.h5");
  CHECK(file.table_rows() == 4);  // 2 scores x 2 n, no B1 rows, nothing twice
  CHECK(file.params().at("part") == "B2");
}

TEST_CASE("part=training on gradient_penalty's default preset runs the training block only", "[plan][preset]") {
  const auto r = run_command(theorylab_bin() + " plan gradient_penalty part=training");
  REQUIRE(r.exit_code == 0);
  CHECK(planned_rows(r.out) == 10);  // 2 activations x 5 seeds, not 8650
}

TEST_CASE("a dry run prints the rows the run then writes", "[plan]") {
  const std::string dir = temp_dir("dryrun");
  for (const std::string experiment : {"probability_space", "gradient_max_scale", "jl_attention_scale"}) {
    const auto plan = run_command(theorylab_bin() + " run " + experiment + " --preset quick --dry-run");
    REQUIRE(plan.exit_code == 0);
    const std::string out = dir + "/" + experiment + ".h5";
    const auto run = run_command(theorylab_bin() + " run " + experiment + " --preset quick --quiet --out " + out);
    REQUIRE(run.exit_code == 0);
    INFO(experiment << ": " << plan.out);
    CHECK(planned_rows(plan.out) == tl::ResultFile(out).table_rows());
    CHECK_FALSE(file_exists(dir + "/" + experiment + "-dry.h5"));
  }
}
