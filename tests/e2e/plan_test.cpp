// The command line over presets (one rule) and --dry-run / plan, through the real CLI.
#include <catch2/catch.hpp>

#include <signal.h>
#include <unistd.h>

#include <regex>
#include <sstream>
#include <vector>

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
  for (const std::string experiment : {"probability_space", "gradient_max_scale", "jl_attention_scale",
                                       "gradient_penalty", "quantization_scaling"}) {
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

namespace {
std::vector<std::string> experiment_names() {
  const auto list = run_command(theorylab_bin() + " list");
  std::vector<std::string> names;
  std::istringstream lines(list.out);
  std::string line;
  while (std::getline(lines, line)) {
    const std::string name = line.substr(0, line.find_first_of(" \t"));
    if (!name.empty()) names.push_back(name);
  }
  return names;
}

// The "estimate: ..." line of some output (empty if none); `after` narrows the search.
std::string estimate_line(const std::string& text, const std::string& after = "") {
  const std::size_t from = after.empty() ? 0 : text.find(after);
  if (from == std::string::npos) return "";
  const std::size_t at = text.find("estimate: ", from);
  if (at == std::string::npos) return "";
  return text.substr(at, text.find('\n', at) - at);
}
}  // namespace

TEST_CASE("describe prints the dry run's estimate for every preset", "[plan][describe]") {
  const auto names = experiment_names();
  REQUIRE(names.size() >= 5);
  for (const std::string& name : names) {
    INFO(name);
    const auto describe = run_command(theorylab_bin() + " describe " + name);
    REQUIRE(describe.exit_code == 0);
    const auto plan = run_command(theorylab_bin() + " plan " + name + " --preset quick");
    REQUIRE(plan.exit_code == 0);
    const std::string from_plan = estimate_line(plan.out);
    REQUIRE_FALSE(from_plan.empty());
    CHECK(estimate_line(describe.out, "\n  quick: ") == from_plan);
    // every preset has its line, and none states a duration by hand
    std::size_t presets = 0, estimates = 0;
    const std::string section = describe.out.substr(describe.out.find("\npresets"), describe.out.find("\nclaims") - describe.out.find("\npresets"));
    std::istringstream lines(section);
    std::string line;
    const std::regex preset_line(R"(^  [a-z][a-z0-9-]*: )");
    const std::regex hand_duration(R"((second|minute|hour)s?\b|CPU-s)", std::regex::icase);
    while (std::getline(lines, line)) {
      if (std::regex_search(line, preset_line)) {
        ++presets;
        CHECK_FALSE(std::regex_search(line, hand_duration));
      }
      if (line.rfind("      estimate: ", 0) == 0) ++estimates;
    }
    CHECK(presets >= 2);
    CHECK(estimates == presets);
  }
}

TEST_CASE("a shard's estimate counts only its rows and a run prints the dry run's line first", "[plan][shard]") {
  const std::string base = theorylab_bin() + " run gradient_penalty --preset quick --threads 2";
  const auto whole = run_command(base + " --dry-run");
  REQUIRE(whole.exit_code == 0);
  const std::size_t rows = planned_rows(whole.out);
  std::smatch m;
  const std::regex cpu(R"(about ([0-9.]+(?:e[-+]?[0-9]+)?) CPU-s)");
  const std::string whole_line = estimate_line(whole.out);
  REQUIRE(std::regex_search(whole_line, m, cpu));
  const double whole_cpu = std::stod(m[1]);
  double shards_cpu = 0;
  std::size_t shard_rows = 0;
  for (int k = 0; k < 3; ++k) {
    const auto shard = run_command(base + " --dry-run --shard " + std::to_string(k) + "/3");
    REQUIRE(shard.exit_code == 0);
    const std::string line = estimate_line(shard.out);
    INFO(line);
    std::smatch s;
    REQUIRE(std::regex_search(line, s, std::regex(R"(estimate: (\d+) of (\d+) rows \(shard (\d)/3\))")));
    CHECK(std::stoul(s[2]) == rows);
    CHECK(s[3] == std::to_string(k));
    shard_rows += std::stoul(s[1]);
    CHECK(std::stoul(s[1]) == rows / 3 + (static_cast<std::size_t>(k) < rows % 3));
    REQUIRE(std::regex_search(line, s, cpu));
    shards_cpu += std::stod(s[1]);
  }
  CHECK(shard_rows == rows);
  CHECK(shards_cpu == Approx(whole_cpu).epsilon(0.1));  // each printed to two digits

  // The run prints the same line on stderr before it starts, for the whole run and a shard.
  const std::string dir = temp_dir("estimate");
  const auto run = run_command(theorylab_bin() + " run probability_space --preset quick --threads 2 --out " + dir + "/ps.h5");
  REQUIRE(run.exit_code == 0);
  const auto plan = run_command(theorylab_bin() + " plan probability_space --preset quick --threads 2");
  CHECK(estimate_line(run.err) == estimate_line(plan.out));
  CHECK(run.err.find("probability_space: estimate: ") == 0);
  const auto shard = run_command(theorylab_bin() + " run probability_space --preset quick --threads 2 --shard 1/3 --out " + dir + "/ps-1.tls");
  REQUIRE(shard.exit_code == 0);
  const auto shard_plan = run_command(theorylab_bin() + " plan probability_space --preset quick --threads 2 --shard 1/3");
  CHECK(estimate_line(shard.err) == estimate_line(shard_plan.out));
  CHECK(estimate_line(shard.err).find("(shard 1/3)") != std::string::npos);
}

TEST_CASE("on every preset of every experiment the run plans the rows its dry run prints", "[plan][presets]") {
  // Running every preset to the end costs CPU-hours; the run's own count of rows is in its
  // interruption message ("K of N rows are saved"), printed by the run path (journal,
  // points, durable run) rather than the dry run's. Each run is stopped by SIGINT once its
  // journal exists (within a second or two) and must name the same N.
  const std::string dir = temp_dir("every-preset");
  for (const std::string& name : experiment_names()) {
    const auto describe = run_command(theorylab_bin() + " describe " + name);
    REQUIRE(describe.exit_code == 0);
    std::vector<std::string> presets;
    const std::regex preset_line(R"(^  ([a-z][a-z0-9-]*): )");
    std::istringstream lines(describe.out.substr(describe.out.find("\npresets")));
    for (std::string line; std::getline(lines, line);) {
      if (line.rfind("claims", 0) == 0) break;
      std::smatch m;
      if (std::regex_search(line, m, preset_line)) presets.push_back(m[1]);
    }
    REQUIRE_FALSE(presets.empty());
    for (const std::string& preset : presets) {
      INFO(name << " --preset " << preset);
      const auto plan = run_command(theorylab_bin() + " plan " + name + " --preset " + preset);
      REQUIRE(plan.exit_code == 0);
      const std::size_t planned = planned_rows(plan.out);
      const std::string out = dir + "/" + name + "-" + preset + ".h5";
      const auto child = start_command(theorylab_bin() + " run " + name + " --preset " + preset + " --threads 1 --out " + out);
      for (int i = 0; i < 600 && !file_exists(out + ".journal") && !file_exists(out); ++i) usleep(50 * 1000);
      kill(child.pid, SIGINT);
      const auto done = wait_child(child);
      INFO(done.err);
      if (done.status == 0) {  // finished before the signal (a tiny preset)
        CHECK(planned == tl::ResultFile(out).table_rows());
        continue;
      }
      REQUIRE(done.status == 130);
      std::smatch m;
      REQUIRE(std::regex_search(done.err, m, std::regex(R"(interrupted; \d+ of (\d+) rows are saved)")));
      CHECK(planned == std::stoul(m[1]));
    }
  }
}
