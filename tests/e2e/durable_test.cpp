// Durable runs through the real command line (theorylab-fixtures, the fixture
// experiments of tests/support): kill -9 at random moments and resume, Ctrl-C and
// SIGTERM, a point stuck in a loop, one writer per output, and peak memory.
#include <catch2/catch.hpp>

#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <thread>

#include "support/compare_files.hpp"
#include "support/journal_rows.hpp"
#include "support/process.hpp"

using tl::testing::durable_rows;
using tl::testing::read_counts;
using tl::testing::wait_for_rows;
#include "theorylab/core/sweep_points.hpp"
#include "theorylab/io/journal.hpp"

using namespace tl::testing;

namespace {

const std::string kSweep = " --preset none 'a=lin(1,20,20)' 'b=lin(1,15,15)' n=50 sleep_ms=4 --threads 2";

std::string fixture_run(const std::string& args) { return fixtures_bin() + " run fixture_durable" + args; }

std::string with_count(const std::string& count_file, const std::string& command) {
  return "THEORYLAB_FIXTURE_COUNT=" + count_file + " " + command;
}

void sleep_ms(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

}  // namespace

TEST_CASE("a run killed with SIGKILL at random moments resumes to the uninterrupted result", "[durable][kill]") {
  const std::string dir = temp_dir("kill");
  const std::string reference = dir + "/reference.h5";
  REQUIRE(run_command(fixture_run(kSweep + " --quiet --out " + reference)).exit_code == 0);

  std::mt19937 random(20261130);
  for (int trial = 0; trial < 3; ++trial) {
    const std::string out = dir + "/killed" + std::to_string(trial) + ".h5", count = out + ".count";
    // Kill, resume, kill again: each kill lands at a random instant (a record being
    // written, the batch fdatasync, between points, or while the result file is built).
    std::vector<int> delays{std::uniform_int_distribution<int>(100, 900)(random),
                            std::uniform_int_distribution<int>(100, 900)(random)};
    std::map<std::size_t, int> durable_before;  // rows durable before the last kill
    for (std::size_t k = 0; k < delays.size(); ++k) {
      const bool resume = k > 0 && file_exists(out + ".journal");
      const Child child = start_command(with_count(count, fixture_run(kSweep + " --quiet --out " + out + (resume ? " --resume" : ""))));
      sleep_ms(delays[k]);
      kill(child.pid, SIGKILL);
      wait_child(child);
      if (file_exists(out)) break;                   // it finished before the kill
      if (!file_exists(out + ".journal")) continue;  // killed before its journal existed
      for (std::size_t row : durable_rows(out + ".journal")) durable_before[row] = 1;
    }
    if (!file_exists(out)) {
      const bool resume = file_exists(out + ".journal");
      const auto r = run_command(with_count(count, fixture_run(kSweep + " --quiet --out " + out + (resume ? " --resume" : ""))));
      INFO(r.err);
      REQUIRE(r.exit_code == 0);
    }
    INFO("trial " << trial << ", kills after " << delays[0] << " and " << delays[1] << " ms");
    REQUIRE_FALSE(file_exists(out + ".journal"));
    require_identical_results(reference, out);
    // run_point ran exactly once for every row that was durable before a kill.
    const auto counts = read_counts(count);
    for (const auto& [row, _] : durable_before) {
      INFO("row " << row);
      CHECK(counts.at(row) == 1);
    }
    CHECK(counts.size() == 20 * 15);  // and every row ran
    if (!durable_before.empty()) CHECK(tl::ResultFile(out).attribute("resumed") == "1");
  }
}

TEST_CASE("a torn or corrupt last record is dropped, whatever byte the write stopped at", "[durable][journal]") {
  const std::string dir = temp_dir("torn");
  // A journal of a run killed mid-way (20 ms points, one thread).
  const std::string slow = dir + "/slow.h5";
  const Child c2 = start_command(fixture_run(" --preset none 'a=lin(1,40,40)' sleep_ms=20 --threads 1 --quiet --out " + slow));
  REQUIRE(wait_for_rows(slow + ".journal", 3));
  kill(c2.pid, SIGKILL);
  wait_child(c2);
  const std::string journal = slow + ".journal";
  const std::string bytes = read_file(journal);
  const tl::JournalReader whole(journal);
  REQUIRE(whole.row_count() >= 3);
  REQUIRE_FALSE(whole.torn_tail());
  const std::uint64_t end = whole.valid_bytes();
  // Find the start of the last record: the largest row offset.
  std::uint64_t last = 0;
  for (std::size_t i = 0; i < 40; ++i) last = std::max(last, whole.offset(i));
  REQUIRE(last > 0);
  for (std::uint64_t cut = last; cut < end; ++cut) {  // every prefix of the last record
    const std::string torn_path = dir + "/cut.journal";
    std::ofstream(torn_path, std::ios::binary) << bytes.substr(0, cut);
    const tl::JournalReader torn(torn_path);
    INFO("cut at " << cut);
    CHECK(torn.row_count() == whole.row_count() - 1);
    CHECK(torn.valid_bytes() == last);
    CHECK(torn.torn_tail() == (cut > last));
  }
  std::string corrupt = bytes;
  corrupt[end - 7] ^= 0x40;  // a flipped bit in the last record's payload
  const std::string corrupt_path = dir + "/corrupt.journal";
  std::ofstream(corrupt_path, std::ios::binary) << corrupt;
  CHECK(tl::JournalReader(corrupt_path).row_count() == whole.row_count() - 1);
  // And the torn journal resumes to the full result.
  std::ofstream(journal, std::ios::binary) << bytes.substr(0, end - 3);
  const auto r = run_command(fixture_run(" --preset none 'a=lin(1,40,40)' sleep_ms=20 --threads 1 --quiet --out " + slow + " --resume"));
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(tl::ResultFile(slow).table_rows() == 40);
}

TEST_CASE("Ctrl-C and SIGTERM stop a run resumably, with exit 130 and 143", "[durable][signals]") {
  const std::string dir = temp_dir("signals");
  for (const auto& [sig, status] : std::vector<std::pair<int, int>>{{SIGINT, 130}, {SIGTERM, 143}}) {
    for (const std::string& sweep : {std::string(" --preset none a=1 sleep_ms=3000"), std::string(kSweep)}) {
      const std::string out = dir + "/s" + std::to_string(sig) + "-" + std::to_string(sweep.size()) + ".h5";
      const Child child = start_command(fixture_run(sweep + " --out " + out));
      REQUIRE(wait_for_rows(out + ".journal", 0));
      const auto sent = std::chrono::steady_clock::now();
      kill(child.pid, sig);
      const ChildExit e = wait_child(child);
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - sent).count();
      INFO(sweep << ": " << e.err);
      CHECK(e.status == status);
      CHECK(seconds < 1.0);
      CHECK_THAT(e.err, Catch::Contains("resume with:") && Catch::Contains("--resume"));
      CHECK_FALSE(file_exists(out));
      CHECK_FALSE(file_exists(out + ".partial"));
      REQUIRE(file_exists(out + ".journal"));
      const auto r = run_command(fixture_run(sweep + " --quiet --out " + out + " --resume"));
      CHECK(r.exit_code == 0);
      CHECK(file_exists(out));
    }
  }
}

TEST_CASE("a point stuck in a long loop stops within a second of Ctrl-C", "[durable][signals]") {
  const std::string dir = temp_dir("loop");
  const std::string out = dir + "/loop.h5";
  const Child child = start_command(fixture_run(" --preset none mode=loop --threads 1 --out " + out));
  REQUIRE(wait_for_rows(out + ".journal", 0));
  sleep_ms(300);  // the point is in its loop
  const auto sent = std::chrono::steady_clock::now();
  kill(child.pid, SIGINT);
  const ChildExit e = wait_child(child);
  CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - sent).count() < 1.0);
  CHECK(e.status == 130);
  CHECK_FALSE(file_exists(out));
}

TEST_CASE("a second run to the same output exits 2 at once and leaves the first unharmed", "[durable][lock]") {
  const std::string dir = temp_dir("lock");
  const std::string out = dir + "/one.h5";
  const Child first = start_command(fixture_run(" --preset none 'a=lin(1,60,60)' sleep_ms=10 --threads 1 --quiet --out " + out));
  REQUIRE(wait_for_rows(out + ".journal", 0));
  const auto second = run_command(fixture_run(" --preset none 'a=lin(1,60,60)' sleep_ms=10 --threads 1 --quiet --out " + out));
  CHECK(second.exit_code == 2);
  CHECK_THAT(second.err, Catch::Contains("in use by another theorylab run") && Catch::Contains("pid"));
  const auto forced = run_command(fixture_run(" --preset none a=1 --force --quiet --out " + out));
  CHECK(forced.exit_code == 2);  // --force does not break a running run's lock either
  const ChildExit e = wait_child(first);
  CHECK(e.status == 0);
  CHECK(tl::ResultFile(out).table_rows() == 60);
}

TEST_CASE("resume refuses what it cannot continue, naming the difference", "[durable][resume]") {
  const std::string dir = temp_dir("refuse");
  const std::string out = dir + "/r.h5";
  auto r = run_command(fixture_run(" --preset quick --quiet --out " + out + " --resume"));
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("nothing to resume"));
  CHECK_FALSE(file_exists(out + ".journal"));
  const Child child = start_command(fixture_run(" --preset none 'a=lin(1,50,50)' sleep_ms=20 --threads 1 --quiet --out " + out));
  REQUIRE(wait_for_rows(out + ".journal", 1));
  kill(child.pid, SIGKILL);
  wait_child(child);
  // plan --resume: the estimate of the rows the journal does not hold, the journal
  // untouched; refused like run --resume for another sweep or shard.
  const std::size_t saved = tl::JournalReader(out + ".journal").row_count();
  const auto journal_bytes = std::filesystem::file_size(out + ".journal");
  const std::string plan = fixtures_bin() + " plan fixture_durable --preset none 'a=lin(1,50,50)' sleep_ms=20 --out " + out;
  r = run_command(plan + " --resume");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("estimate: " + std::to_string(50 - saved) + " of 50 rows (" + std::to_string(saved) +
                                    " done earlier)"));
  CHECK(std::filesystem::file_size(out + ".journal") == journal_bytes);
  CHECK(run_command(plan + " --seed 2 --resume").exit_code == 2);
  CHECK(run_command(plan + " --shard 1/2 --resume").exit_code == 2);
  r = run_command(fixture_run(" --preset none 'a=lin(1,50,50)' sleep_ms=20 --seed 2 --quiet --out " + out + " --resume"));
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("seed differs"));
  r = run_command(fixture_run(" --preset none 'a=lin(1,51,51)' sleep_ms=20 --quiet --out " + out + " --resume"));
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("sweep differs"));
  r = run_command(fixture_run(" --preset none 'a=lin(1,50,50)' sleep_ms=20 --quiet --out " + out));
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("--resume") && Catch::Contains("--force"));
  r = run_command(fixture_run(" --preset none 'a=lin(1,50,50)' sleep_ms=20 --quiet --out " + out + " --resume"));
  CHECK(r.exit_code == 0);
  r = run_command(plan + " --resume");  // complete now: as run --resume says
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("already complete"));
  const tl::ResultFile file(out);
  CHECK(file.attribute("resumed") == "1");
  CHECK(std::stoi(file.attribute("rows_reused")) > 0);
}

TEST_CASE("peak memory grows with the points in flight, not with the sweep", "[durable][memory]") {
  // 10^4 and 10^6 trivial points (no series); peak RSS of the whole run, file included.
  const std::string dir = temp_dir("memory");
  auto peak = [&](const std::string& sweep, const std::string& name) {
    const Child c = start_command(fixture_run(" --preset none " + sweep + " n=1 series=false --threads 2 --quiet --out " + dir + "/" + name));
    const ChildExit e = wait_child(c);
    INFO(e.err);
    REQUIRE(e.status == 0);
    return e.peak_rss_kb;
  };
  const long small = peak("'a=lin(1,100,100)' 'b=lin(1,100,100)'", "small.h5");
  const long large = peak("'a=lin(1,1000,1000)' 'b=lin(1,1000,1000)'", "large.h5");
  WARN("peak RSS: 10^4 points " << small / 1024 << " MB, 10^6 points " << large / 1024 << " MB");
  CHECK(large < 200 * 1024);
  CHECK(large < 2 * small);
  CHECK(tl::ResultFile(dir + "/large.h5").table_rows() == 1000000);
}
