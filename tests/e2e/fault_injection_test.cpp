// Fault injection over every write site of a small run, shard and merge (issue 24): the
// LD_PRELOAD shim of tests/support/fault_shim.c makes the n-th write/pwrite/ftruncate,
// fsync/fdatasync, rename or writing open under the test's folder fail (ENOSPC, EIO or
// EINTR, by turns), or kills the process there, for every n the run has. After each:
//   - the exit status is 0, or 4 (environment failure), or the kill;
//   - no file claims to be complete unless it is (a result file that opens is
//     bit-identical to the uninterrupted run; a shard file holds every row of its shard);
//   - with the fault lifted, the command that array.sbatch would run (--resume when a
//     journal is there) completes, and the result is bit-identical to the uninterrupted
//     run (/table, /series, /summary, /claims: compare_files.hpp).
// The count of injection points and of each outcome is printed (ctest -V shows it).
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <iostream>
#include <map>

#include "support/compare_files.hpp"
#include "support/process.hpp"
#include "theorylab/io/journal.hpp"
#include "theorylab/io/result_file.hpp"

using namespace tl::testing;

namespace {

// Three rows with fixed, ragged and 2-D series; one thread, so every run makes the same calls.
const std::string kTiny = " --preset none a=1,2,3 n=4 --threads 1 --quiet";
const char* const kErrnos[] = {"ENOSPC", "EIO", "EINTR"};

std::string fixture(const std::string& args) { return fixtures_bin() + " " + args; }

std::string shim_env(const std::string& dir, const std::string& extra) {
  return "LD_PRELOAD=" + std::string(THEORYLAB_FAULT_SHIM) + " TL_FAULT_DIR=" + dir + " TL_FAULT_CALLS=write,sync,rename,open " +
         extra + " ";
}

// How many counted calls `command` makes under `dir` (the injection points).
long count_points(const std::string& dir, const std::string& command) {
  const std::string report = dir + "/../points-" + std::to_string(::getpid()) + ".txt";
  const auto r = run_command(shim_env(dir, "TL_FAULT_REPORT=" + report) + command);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return std::stol(read_file(report));
}

std::string fresh_dir(const std::string& base, const std::string& name) {
  const std::string d = base + "/" + name;
  REQUIRE(::mkdir(d.c_str(), 0755) == 0);
  return d;
}

struct Tally {
  long points = 0;
  std::map<std::string, int> outcomes;
  void add(const std::string& what) { ++outcomes[what]; }
  std::string text() const {
    std::string s;
    for (const auto& [k, v] : outcomes) s += (s.empty() ? "" : ", ") + k + " " + std::to_string(v);
    return s;
  }
};

// The outcome of one faulted command: "exit N" or "killed".
std::string outcome(int exit_code) {
  if (exit_code == -1 || exit_code == 128 + 9) return "killed";
  return "exit " + std::to_string(exit_code);
}

bool allowed(int exit_code, bool kill) { return kill ? exit_code == -1 || exit_code == 137 || exit_code == 0 : exit_code == 0 || exit_code == 4; }

void report(const std::string& path, const Tally& t) {
  std::cout << "fault injection, " << path << ": " << t.points << " injection points; outcomes: " << t.text() << "\n";
}

}  // namespace

TEST_CASE("fault injection: every write, sync, rename and open of a run fails or crashes, resume is bit-identical",
          "[e2e][fault]") {
  const std::string base = temp_dir("fault-run");
  const std::string ref = base + "/reference.h5";
  REQUIRE(run_command(fixture("run fixture_durable" + kTiny + " --out " + ref)).exit_code == 0);
  const std::string probe_dir = fresh_dir(base, "probe");
  const long points = count_points(probe_dir, fixture("run fixture_durable" + kTiny + " --out " + probe_dir + "/p.h5"));
  REQUIRE(points > 10);
  for (const bool kill : {false, true}) {
    Tally tally;
    tally.points = points;
    for (long n = 1; n <= points; ++n) {
      const std::string dir = fresh_dir(base, (kill ? "k" : "f") + std::to_string(n));
      const std::string out = dir + "/r.h5", run = fixture("run fixture_durable" + kTiny + " --out " + out);
      const std::string how = kill ? "TL_FAULT_KILL=1" : std::string("TL_FAULT_ERRNO=") + kErrnos[n % 3];
      const auto r = run_command(shim_env(dir, "TL_FAULT_AT=" + std::to_string(n) + " " + how) + run);
      INFO((kill ? "killed at" : "failed") << " call " << n << " of " << points << " (" << how << "): " << r.err);
      tally.add(outcome(r.exit_code));
      CHECK(allowed(r.exit_code, kill));
      if (!kill && r.exit_code == 4) {
        CHECK(r.err.find("theorylab: cannot") == 0);  // one line naming the file and the cause
        CHECK(r.err.find('\n') == r.err.size() - 1);
        if (file_exists(out + ".journal")) CHECK(r.err.find("resume with:") != std::string::npos);
      }
      if (file_exists(out)) {  // it claims to be complete: it must be
        require_identical_results(ref, out);
        continue;
      }
      const bool resume = file_exists(out + ".journal");
      const auto again = run_command(run + (resume ? " --resume" : ""));
      INFO("then " << (resume ? "--resume" : "a fresh run") << ": " << again.err);
      REQUIRE(again.exit_code == 0);
      require_identical_results(ref, out);
      CHECK_FALSE(file_exists(out + ".journal"));
    }
    report(kill ? "run (kill)" : "run (ENOSPC/EIO/EINTR)", tally);
  }
}

TEST_CASE("fault injection: every write site of a shard and of the merge, the merged file is bit-identical", "[e2e][fault]") {
  const std::string base = temp_dir("fault-shard");
  const std::string ref = base + "/reference.h5";
  REQUIRE(run_command(fixture("run fixture_durable" + kTiny + " --out " + ref)).exit_code == 0);
  // Shard 1/2, made once; shard 0/2 is the one faulted.
  const std::string other = base + "/shard-1.tls";
  REQUIRE(run_command(fixture("run fixture_durable" + kTiny + " --shard 1/2 --out " + other)).exit_code == 0);
  const std::string probe_dir = fresh_dir(base, "probe");
  auto shard_run = [&](const std::string& out) { return fixture("run fixture_durable" + kTiny + " --shard 0/2 --out " + out); };
  const long points = count_points(probe_dir, shard_run(probe_dir + "/shard-0.tls"));
  for (const bool kill : {false, true}) {
    Tally tally;
    tally.points = points;
    for (long n = 1; n <= points; ++n) {
      const std::string dir = fresh_dir(base, (kill ? "k" : "f") + std::to_string(n));
      const std::string shard = dir + "/shard-0.tls";
      const std::string how = kill ? "TL_FAULT_KILL=1" : std::string("TL_FAULT_ERRNO=") + kErrnos[n % 3];
      const auto r = run_command(shim_env(dir, "TL_FAULT_AT=" + std::to_string(n) + " " + how) + shard_run(shard));
      INFO((kill ? "killed at" : "failed") << " call " << n << " of " << points << " (" << how << "): " << r.err);
      tally.add(outcome(r.exit_code));
      CHECK(allowed(r.exit_code, kill));
      if (file_exists(shard)) {  // a shard file is complete
        CHECK(tl::JournalReader(shard).row_count() == 2);
      } else {  // what array.sbatch does on the requeued task
        const bool resume = file_exists(shard + ".journal");
        const auto again = run_command(shard_run(shard) + (resume ? " --resume" : ""));
        INFO("then " << (resume ? "--resume" : "a fresh run") << ": " << again.err);
        REQUIRE(again.exit_code == 0);
      }
      const std::string merged = dir + "/merged.h5";
      REQUIRE(run_command(fixture("merge --quiet --out " + merged + " " + shard + " " + other)).exit_code == 0);
      require_identical_results(ref, merged);
    }
    report(kill ? "shard (kill)" : "shard (ENOSPC/EIO/EINTR)", tally);
  }

  // The merge itself.
  const std::string shard0 = base + "/shard-0.tls";
  REQUIRE(run_command(shard_run(shard0)).exit_code == 0);
  auto merge = [&](const std::string& out) { return fixture("merge --quiet --out " + out + " " + shard0 + " " + other); };
  const std::string merge_probe = fresh_dir(base, "merge-probe");
  const long merge_points = count_points(merge_probe, merge(merge_probe + "/m.h5"));
  for (const bool kill : {false, true}) {
    Tally tally;
    tally.points = merge_points;
    for (long n = 1; n <= merge_points; ++n) {
      const std::string dir = fresh_dir(base, (kill ? "mk" : "mf") + std::to_string(n));
      const std::string out = dir + "/m.h5";
      const std::string how = kill ? "TL_FAULT_KILL=1" : std::string("TL_FAULT_ERRNO=") + kErrnos[n % 3];
      const auto r = run_command(shim_env(dir, "TL_FAULT_AT=" + std::to_string(n) + " " + how) + merge(out));
      INFO((kill ? "killed at" : "failed") << " call " << n << " of " << merge_points << " (" << how << "): " << r.err);
      tally.add(outcome(r.exit_code));
      CHECK(allowed(r.exit_code, kill));
      if (!file_exists(out)) {
        const auto again = run_command(merge(out));
        INFO("then merged again: " << again.err);
        REQUIRE(again.exit_code == 0);
      }
      require_identical_results(ref, out);
    }
    report(kill ? "merge (kill)" : "merge (ENOSPC/EIO/EINTR)", tally);
  }
}

TEST_CASE("fault injection: every flock of a run fails (ENOLCK, ENOSYS), the run completes or exits 4", "[e2e][fault]") {
  const std::string base = temp_dir("fault-flock");
  const std::string ref = base + "/reference.h5";
  REQUIRE(run_command(fixture("run fixture_durable" + kTiny + " --out " + ref)).exit_code == 0);
  const std::string probe_dir = fresh_dir(base, "probe");
  const std::string report_file = base + "/flocks.txt";
  const auto probe = run_command("env LD_PRELOAD=" + std::string(THEORYLAB_FAULT_SHIM) + " TL_FAULT_DIR=" + probe_dir +
                                 " TL_FAULT_CALLS=flock TL_FAULT_REPORT=" + report_file + " " +
                                 fixture("run fixture_durable" + kTiny + " --out " + probe_dir + "/p.h5"));
  REQUIRE(probe.exit_code == 0);
  const long points = std::stol(read_file(report_file));
  REQUIRE(points >= 2);  // the journal's lock and HDF5's own
  Tally tally;
  tally.points = points;
  for (long n = 1; n <= points; ++n)
    for (const char* error : {"ENOLCK", "ENOSYS"}) {
      const std::string dir = fresh_dir(base, std::string(error) + std::to_string(n));
      const std::string out = dir + "/r.h5", run = fixture("run fixture_durable" + kTiny + " --out " + out);
      const auto r = run_command("env LD_PRELOAD=" + std::string(THEORYLAB_FAULT_SHIM) + " TL_FAULT_DIR=" + dir +
                                 " TL_FAULT_CALLS=flock TL_FAULT_AT=" + std::to_string(n) + " TL_FAULT_ERRNO=" + error + " " + run);
      INFO("flock " << n << " of " << points << " fails with " << error << ": " << r.err);
      tally.add(outcome(r.exit_code));
      CHECK(allowed(r.exit_code, false));
      CHECK_FALSE(file_exists(out + ".journal.lock"));
      if (!file_exists(out)) {
        const bool resume = file_exists(out + ".journal");
        REQUIRE(run_command(run + (resume ? " --resume" : "")).exit_code == 0);
      }
      require_identical_results(ref, out);
    }
  report("run (flock)", tally);
}
