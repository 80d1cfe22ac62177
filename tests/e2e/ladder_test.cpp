// The paper's configuration (its constants from presets.hpp, header only) and the finite-size ladder of quantization_scaling, and
// `theorylab verify`, through the real CLI.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <type_traits>
#include <variant>
#include <regex>
#include <string>
#include <vector>

#include "quantization_scaling/presets.hpp"
#include "support/process.hpp"
#include "theorylab/io/result_file.hpp"

using tl::testing::file_exists;
using tl::testing::run_command;
using tl::testing::temp_dir;
using tl::testing::theorylab_bin;

namespace {
std::size_t planned_rows(const std::string& out) {
  std::smatch m;
  if (!std::regex_search(out, m, std::regex(R"(block\(s\), (\d+) rows)"))) return static_cast<std::size_t>(-1);
  return std::stoul(m[1]);
}
double planned_cpu_seconds(const std::string& out) {
  std::smatch m;
  if (!std::regex_search(out, m, std::regex(R"(about ([0-9.]+(?:e[-+]?[0-9]+)?) CPU-s)"))) return -1;
  return std::stod(m[1]);
}
}  // namespace

// The authors' runs (presets.hpp): the plan lists their configuration, block by block,
// with every width, data size and alpha of their grids and the cost model's estimate.
TEST_CASE("paper-a4b and paper-fig2 plan the authors' runs", "[e2e][quantization_scaling][paper]") {
  const auto a4b = run_command(theorylab_bin() + " plan quantization_scaling --preset paper-a4b");
  INFO(a4b.out << a4b.err);
  REQUIRE(a4b.exit_code == 0);
  const std::size_t width_alphas = 8, data_alphas = 15;  // 0.1-0.8 by 0.1 and by 0.05
  CHECK(planned_rows(a4b.out) == width_alphas * qs::kPScaling17.widths * qs::kPScaling17.seeds +
                                     data_alphas * qs::kDScaling9.sizes * qs::kDScaling9.seeds);
  CHECK(planned_cpu_seconds(a4b.out) > 0);
  for (const char* shown : {"P-scaling-17", "D-scaling-9", "x 3 replicate(s)", "steps=100000", "b3_steps=100000",
                            "b3_width=500", "n_tasks=500", "n_bits=100", "k = 3", "batch=20000", "lr=0.001",
                            "alpha = 0.1,0.15,0.2,", "alpha = 0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8   (8 values)", ",300   (20 values)",
                            ",5000000   (25 values)"})
    CHECK(a4b.out.find(shown) != std::string::npos);
  CHECK(a4b.out.find("grouped by") == std::string::npos);  // one reduction: every setting one value
  const auto fig2 = run_command(theorylab_bin() + " plan quantization_scaling --preset paper-fig2");
  INFO(fig2.out << fig2.err);
  REQUIRE(fig2.exit_code == 0);
  CHECK(planned_rows(fig2.out) == static_cast<std::size_t>(qs::kPScaling15.widths + qs::kDScaling6.sizes));
  for (const char* shown : {"P-scaling-15", "D-scaling-6", "steps=200000", "b3_steps=1000000", ",500   (30 values)", ",5000000   (30 values)", "alpha = 0.4"})
    CHECK(fig2.out.find(shown) != std::string::npos);
}

// The paper-regime reference's preset: P-scaling-17's widths, task, batch and optimiser at
// alpha = 0.4, with the CPU-scale changes its header names (steps, seeds).
TEST_CASE("paper-regime plans P-scaling-17's widths on the paper's task at CPU scale", "[e2e][quantization_scaling][paper]") {
  const auto r = run_command(theorylab_bin() + " plan quantization_scaling --preset paper-regime");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(planned_rows(r.out) == static_cast<std::size_t>(qs::kPScaling17.widths * qs::kPaperRegimeSeeds));
  for (const std::string& shown : {std::string("10,11,14,17,20,"), std::string(",300   (20 values)"),
                                  std::string("batch=20000"), std::string("lr=0.001"), std::string("n_tasks=500"),
                                  "steps=" + std::to_string(qs::kPaperRegimeSteps), std::string("n = 100 task bits")})
    CHECK(r.out.find(shown) != std::string::npos);
}

// The paper ladder's plan: three rungs on the paper's task, T = 500 first, within the
// issue's budget of 6 CPU-hours by the cost model (fitted to the paper-regime reference).
TEST_CASE("paper-ladder plans three rungs of the paper's task within 6 CPU-hours", "[e2e][quantization_scaling][paper]") {
  const auto r = run_command(theorylab_bin() + " plan quantization_scaling --preset paper-ladder");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(planned_rows(r.out) == static_cast<std::size_t>(3 * qs::kPScaling17.widths * qs::kPaperRegimeSeeds));
  for (const char* shown : {"n_tasks = 500", "n_tasks = 250", "n_tasks = 125", "steps = 15000", "steps = 3200",
                                   "summary grouped by n_tasks steps: 3 groups"})
    CHECK(r.out.find(shown) != std::string::npos);
  CHECK(r.out.find("n_tasks = 500") < r.out.find("n_tasks = 125"));
  const std::size_t at = r.out.find("about ");
  REQUIRE(at != std::string::npos);
  const double cpu_seconds = std::stod(r.out.substr(at + 6));
  CHECK(cpu_seconds > 0);
  CHECK(cpu_seconds <= 6 * 3600);
}

TEST_CASE("a ladder run has per-rung claims and one trend claim per exponent", "[e2e][quantization_scaling][ladder]") {
  const std::string dir = temp_dir("ladder");
  const std::string out = dir + "/ladder.h5";
  const auto r = run_command(theorylab_bin() + " run quantization_scaling --preset ladder-quick --threads 2 --quiet --out " + out);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  const tl::ResultFile file(out);
  std::vector<std::string> ids;
  for (const auto& c : file.claims()) ids.push_back(c.id());
  auto has = [&](const std::string& id) { return std::find(ids.begin(), ids.end(), id) != ids.end(); };
  // The rungs, as the file records them (e2e links no experiment code).
  const auto column = file.table_column("n_tasks");
  std::set<long> rungs;
  std::visit([&](const auto& v) { for (const auto& x : v) if constexpr (std::is_arithmetic_v<std::decay_t<decltype(x)>>) rungs.insert(static_cast<long>(x)); },
             column.data);
  REQUIRE(rungs.size() >= 3);
  for (long T : rungs) {
    INFO("T = " << T);
    CHECK(has("alpha_n_finite_t_a04[n_tasks=" + std::to_string(T) + "]"));
    CHECK(has("kappa_d_a04[n_tasks=" + std::to_string(T) + "]"));
  }
  for (const char* id : {"ladder_alpha_n_trend_toward_theory", "ladder_alpha_s_trend_matches_finite_t",
                         "ladder_alpha_d_trend_toward_theory"})
    CHECK(has(id));
  CHECK_FALSE(has("alpha_n_finite_t_a04"));  // never pooled over the rungs
  std::vector<std::string> tables;
  for (const auto& t : file.summary_tables()) tables.push_back(t.name());
  CHECK(std::find(tables.begin(), tables.end(), "ladder_trend") != tables.end());
  for (const auto& t : file.summary_tables())
    if (t.name() == "exponent_table") {
      const auto& T = t.column_named("n_tasks");
      CHECK(T.size() == 3 * rungs.size());  // alpha_N, alpha_S, alpha_D per rung
    }
}

TEST_CASE("verify re-runs recorded rows of a shard bit for bit and names bad input", "[e2e][verify]") {
  const std::string dir = temp_dir("verify");
  const std::string shard = dir + "/ps-0.tls";
  const auto run = run_command(theorylab_bin() + " run probability_space --preset quick --shard 0/3 --threads 2 --quiet --out " + shard);
  REQUIRE(run.exit_code == 0);
  const auto some = run_command(theorylab_bin() + " verify " + shard + " --rows 0,3,6");
  INFO(some.out << some.err);
  CHECK(some.exit_code == 0);
  CHECK(std::regex_search(some.out, std::regex(R"(row 3 .*: identical)")));
  const auto sample = run_command(theorylab_bin() + " verify " + shard + " --sample 4 --seed 7");
  CHECK(sample.exit_code == 0);
  CHECK(sample.out.find("re-running 4 of") != std::string::npos);
  // Another CPU model than recorded: compared within the tolerance, still every row.
  const auto other = run_command(theorylab_bin() + " verify " + shard + " --rows 0 --cpu-model 'some other CPU'");
  CHECK(other.exit_code == 0);
  CHECK(other.out.find("within rtol") != std::string::npos);
  for (const std::string bad : {" --rows 1", " --rows x", " --max-cpu-seconds 0", " --rtol -1"}) {
    const auto r = run_command(theorylab_bin() + " verify " + shard + bad);
    INFO(bad << ": " << r.err);
    CHECK(r.exit_code == 2);
  }
  CHECK(run_command(theorylab_bin() + " verify " + dir + "/missing.tls").exit_code == 2);
  // A budget below every row's cost: exit 2 naming the lightest row, or, with
  // --at-least-one-row, that row re-run (make verify-reference: every run checked).
  const auto none = run_command(theorylab_bin() + " verify " + shard + " --max-cpu-seconds 1e-9");
  CHECK(none.exit_code == 2);
  CHECK(std::regex_search(none.err, std::regex(R"(no recorded row fits --max-cpu-seconds 1e-09 \(the lightest, row \d+, took .* CPU-s\))")));
  const auto one = run_command(theorylab_bin() + " verify " + shard + " --max-cpu-seconds 1e-9 --at-least-one-row");
  INFO(one.out << one.err);
  CHECK(one.exit_code == 0);
  CHECK(one.out.find("re-running 1 of") != std::string::npos);
  CHECK(std::regex_search(one.out, std::regex(R"(row \d+ .*: identical)")));
}
