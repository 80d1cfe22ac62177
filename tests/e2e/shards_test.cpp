// Shards and merge through the real command line: for N in {1, 2, 3, 7} the shards are
// disjoint, cover the sweep, and merge (in any order) to the single-process result;
// a missing, duplicated or foreign shard is refused (exit 2).
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

#include <signal.h>

#include "support/compare_files.hpp"
#include "support/journal_rows.hpp"
#include "support/process.hpp"
#include "theorylab/io/journal.hpp"

using namespace tl::testing;

namespace {
const std::string kSweep = " --preset none 'a=lin(1,5,5)' 'b=lin(1,4,4)' n=20 --seeds 2 --threads 2 --quiet";
std::string fixture(const std::string& args) { return fixtures_bin() + " " + args; }
}  // namespace

TEST_CASE("shards are disjoint, cover the sweep, and merge to the single-process result", "[shards]") {
  const std::string dir = temp_dir("shards");
  const std::string single = dir + "/single.h5";
  REQUIRE(run_command(fixture("run fixture_durable" + kSweep + " --out " + single)).exit_code == 0);
  std::mt19937 random(7);
  for (int n : {1, 2, 3, 7}) {
    std::vector<std::string> files;
    std::vector<int> owner(40, -1);
    for (int k = 0; k < n; ++k) {
      const std::string shard = dir + "/s" + std::to_string(n) + "-" + std::to_string(k) + ".tls";
      const auto r = run_command(fixture("run fixture_durable" + kSweep + " --shard " + std::to_string(k) + "/" +
                                         std::to_string(n) + " --out " + shard));
      INFO(r.err);
      REQUIRE(r.exit_code == 0);
      const tl::JournalReader reader(shard);
      CHECK(reader.identity().shard == static_cast<std::uint64_t>(k));
      CHECK(reader.identity().shards == static_cast<std::uint64_t>(n));
      for (std::size_t row = 0; row < 40; ++row)
        if (reader.has(row)) {
          CHECK(owner[row] == -1);  // disjoint
          owner[row] = k;
        }
      files.push_back(shard);
    }
    CHECK(std::count(owner.begin(), owner.end(), -1) == 0);  // they cover the sweep
    for (int order = 0; order < 2; ++order) {
      std::shuffle(files.begin(), files.end(), random);
      std::string list;
      for (const auto& f : files) list += " " + f;
      const std::string merged = dir + "/m" + std::to_string(n) + "-" + std::to_string(order) + ".h5";
      const auto r = run_command(fixture("merge --quiet --out " + merged + list));
      INFO("N = " << n << ": " << r.err);
      REQUIRE(r.exit_code == 0);
      require_identical_results(single, merged);
    }
  }
}

TEST_CASE("merge refuses a missing, a duplicated and a foreign shard", "[shards][errors]") {
  const std::string dir = temp_dir("badshards");
  auto shard = [&](const std::string& extra, const std::string& name, const std::string& k) {
    const std::string path = dir + "/" + name;
    REQUIRE(run_command(fixture("run fixture_durable" + kSweep + extra + " --shard " + k + " --out " + path)).exit_code == 0);
    return path;
  };
  const std::string s0 = shard("", "s0", "0/3"), s1 = shard("", "s1", "1/3"), s2 = shard("", "s2", "2/3");
  const std::string other = shard(" --seed 9", "other", "2/3");
  const std::string out = dir + "/merged.h5";
  auto merge = [&](const std::string& args) { return run_command(fixture("merge --quiet --out " + out + " " + args)); };

  auto r = merge(s0 + " " + s1);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("missing") && Catch::Contains("rows 2, 5"));
  r = merge(s0 + " " + s1 + " " + s1 + " " + s2);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("appears in both"));
  r = merge(s0 + " " + s1 + " " + other);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("another sweep") && Catch::Contains("seed differs"));
  r = merge(s0 + " " + dir + "/nope");
  CHECK(r.exit_code == 2);
  CHECK_FALSE(file_exists(out));

  r = merge("--allow-partial " + s0 + " " + s1);
  CHECK(r.exit_code == 0);
  const tl::ResultFile partial(out);
  CHECK_THAT(partial.status(), Catch::StartsWith("partial"));
  for (const auto& claim : partial.claims()) CHECK(claim.verdict() == tl::Verdict::NotApplicable);
}

TEST_CASE("a shard resumes on its own after it was killed", "[shards][durable]") {
  const std::string dir = temp_dir("shardresume");
  const std::string path = dir + "/s.tls";
  const std::string args = " --preset none 'a=lin(1,40,40)' sleep_ms=20 --threads 1 --quiet --shard 1/2 --out " + path;
  const Child c = start_command(fixture("run fixture_durable" + args));
  const bool started = tl::testing::wait_for_rows(path + ".journal", 2);  // not a fixed sleep: loaded machines
  kill(c.pid, SIGKILL);
  wait_child(c);
  REQUIRE(started);
  REQUIRE(file_exists(path + ".journal"));
  const auto r = run_command(fixture("run fixture_durable" + args + " --resume"));
  CHECK(r.exit_code == 0);
  CHECK(tl::JournalReader(path).row_count() == 20);
}
