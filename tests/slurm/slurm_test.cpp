// `theorylab submit slurm` on a real Slurm: scripts/local-slurm.sh brings up munged,
// slurmctld and slurmd on this machine (private folder, ports on 127.0.0.1), and a
// guard stops them when the test ends, however it ends (a watchdog in the script stops
// them too if this process is killed). A sweep of the fixture experiment runs as a
// 4-task array with at most 2 tasks at once and a merge job; the final file equals a
// single-process run. Then a task is cancelled mid-run, requeued, and resumes without
// recomputing the rows it had saved. Needs root and Debian's Slurm packages
// (make test installs them); without them the tests are skipped with a warning, except
// under CI (CI=true), where that is a failure.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "support/compare_files.hpp"
#include "support/journal_rows.hpp"
#include "support/process.hpp"

using tl::testing::durable_rows;
using tl::testing::read_counts;
#include "theorylab/io/journal.hpp"

using namespace tl::testing;

namespace {

using Clock = std::chrono::steady_clock;

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

bool have(const std::string& program) { return run_command("command -v " + program).exit_code == 0; }

// The local Slurm, started for one test and stopped by the destructor.
class LocalSlurm {
 public:
  LocalSlurm() {
    if (geteuid() != 0) {
      missing_ = "the local Slurm needs root";
      return;
    }
    for (const char* tool : {"munged", "slurmctld", "slurmd", "sbatch", "squeue", "scontrol", "scancel"})
      if (!have(tool)) {
        missing_ = std::string("'") + tool + "' is not installed (THEORYLAB_SLURM=1 scripts/install-deps.sh)";
        return;
      }
    dir_ = temp_dir("slurm");
    // A port of its own, so that a Slurm started by hand (default 16817) is not in the way.
    env_ = "TL_SLURM_DIR=" + dir_ + " TL_SLURM_PORT=16837 TL_SLURM_LIFETIME=540 ";
    conf_ = dir_ + "/etc/slurm.conf";
    started_ = true;
    const auto r = run_command("timeout 150 env " + env_ + script() + " start");
    start_error_ = r.exit_code == 0 ? "" : "local-slurm.sh start failed (" + std::to_string(r.exit_code) + "): " + r.err;
    if (start_error_.empty()) ::setenv("SLURM_CONF", conf_.c_str(), 1);  // for sbatch, squeue, ... and the jobs
  }
  ~LocalSlurm() {
    if (!started_) return;
    const auto r = run_command("timeout 90 env " + env_ + script() + " stop");
    if (r.exit_code != 0) std::fprintf(stderr, "local-slurm.sh stop failed: %s\n", r.err.c_str());
    ::unsetenv("SLURM_CONF");
  }
  LocalSlurm(const LocalSlurm&) = delete;
  LocalSlurm& operator=(const LocalSlurm&) = delete;

  // "" when Slurm cannot run here at all (not root, not installed).
  const std::string& missing() const { return missing_; }
  const std::string& start_error() const { return start_error_; }
  std::string log(const std::string& name) const { return read_file(dir_ + "/log/" + name); }

 private:
  static std::string script() { return std::string(THEORYLAB_SOURCE_DIR) + "/scripts/local-slurm.sh"; }
  std::string dir_, env_, conf_, missing_, start_error_;
  bool started_ = false;
};

// True when the test should go on; skips (or fails under CI) when Slurm cannot run here.
bool slurm_ready(const LocalSlurm& slurm) {
  if (!slurm.missing().empty()) {
    const char* ci = std::getenv("CI");
    if (ci && std::string(ci) == "true") FAIL("no local Slurm under CI: " << slurm.missing());
    WARN("SKIPPED: no local Slurm: " << slurm.missing());
    return false;
  }
  INFO(slurm.log("slurmctld.log") << slurm.log("slurmd.log"));
  REQUIRE(slurm.start_error().empty());
  return true;
}

// The state of one job (or array task "A_K"): PENDING, RUNNING, COMPLETED, ...
std::string job_state(const std::string& id) {
  const auto r = run_command("timeout 10 squeue -h -t all -j " + id + " -o %T");
  return trim(r.out);
}

std::string job_field(const std::string& id, const std::string& field) {
  const auto r = run_command("timeout 10 scontrol show job " + id);
  const std::regex re(field + "=([^ \n]*)");
  std::smatch m;
  return std::regex_search(r.out, m, re) ? std::string(m[1]) : "";
}

// Polls `done` every 200 ms for at most `seconds`; calls `each` on every poll.
bool wait_until(double seconds, const std::function<bool()>& done, const std::function<void()>& each = [] {}) {
  const auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
  while (Clock::now() < deadline) {
    each();
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return false;
}

struct Submitted {
  std::string array, merge;
};

Submitted submit(const std::string& args) {
  const auto r = run_command("timeout 60 " + fixtures_bin() + " submit slurm" + args);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  std::smatch m;
  REQUIRE(std::regex_search(r.out, m, std::regex("array job ([0-9]+) .*merge job ([0-9]+)")));
  return {m[1], m[2]};
}

std::string logs_of(const std::string& folder) {
  return run_command("for f in " + folder + "/logs/*; do echo \"== $f\"; cat \"$f\"; done").out;
}

// Waits for the merge job; fails with the jobs' states and logs when it does not complete.
void require_merged(const Submitted& job, const std::string& folder, double seconds,
                    const std::function<void()>& each = [] {}) {
  const bool finished = wait_until(seconds, [&] {
    const std::string s = job_state(job.merge);
    return s == "COMPLETED" || s == "FAILED" || s == "CANCELLED" || s == "TIMEOUT";
  }, each);
  INFO("array: " << run_command("squeue -h -t all -j " + job.array + " -o '%i %T %r'").out
                 << "merge: " << job_state(job.merge) << " " << job_field(job.merge, "Reason") << "\n"
                 << logs_of(folder));
  REQUIRE(finished);
  REQUIRE(job_state(job.merge) == "COMPLETED");
}

// 24 rows; with 1 CPU per task a shard of 6 rows takes about 6 x sleep_ms.
std::string sweep(int sleep_ms) {
  return " fixture_durable --preset none 'a=lin(1,24,24)' n=20 sleep_ms=" + std::to_string(sleep_ms);
}

}  // namespace

TEST_CASE("a sweep submitted as a 4-task Slurm array (2 at once) merges to the single-process result", "[slurm]") {
  const auto started = Clock::now();
  LocalSlurm slurm;
  if (!slurm_ready(slurm)) return;
  const std::string dir = temp_dir("slurmrun");
  const std::string single = dir + "/single.h5", final_file = dir + "/final.h5", folder = final_file + ".slurm";
  REQUIRE(run_command(fixtures_bin() + " run" + sweep(150) + " --threads 2 --quiet --out " + single).exit_code == 0);

  const Submitted job = submit(sweep(150) + " --shards 4 --parallel 2 --time 10 --out " + final_file);
  CHECK_THAT(job_field(job.merge, "Dependency"), Catch::StartsWith("afterok:" + job.array + "_*"));
  // The array runs its tasks 2 at once (and never more: Slurm holds the throttle, checked below).
  std::size_t most_running = 0;
  require_merged(job, folder, 180, [&] {
    const auto r = run_command("timeout 10 squeue -h -t running -j " + job.array + " -o %i");
    most_running = std::max<std::size_t>(most_running, std::count(r.out.begin(), r.out.end(), '\n'));
  });
  CHECK(most_running == 2);
  require_identical_results(single, final_file);
  for (int k = 0; k < 4; ++k) {
    const tl::JournalReader shard(folder + "/shard-" + std::to_string(k) + ".tls");
    CHECK(shard.identity().shard == static_cast<std::uint64_t>(k));
    CHECK(shard.identity().shards == 4u);
    CHECK(shard.row_count() == 6u);
    CHECK(file_exists(folder + "/logs/" + job.array + "_" + std::to_string(k) + ".out"));  // %A_%a
    CHECK(job_state(job.array + "_" + std::to_string(k)) == "COMPLETED");
  }
  CHECK(job_field(job.array + "_0", "ArrayTaskThrottle") == "2");

  // A task rerun by hand after its shard is complete exits at once.
  const auto rerun = run_command("timeout 30 sbatch --parsable --array=2 " + folder + "/array.sbatch");
  REQUIRE(rerun.exit_code == 0);
  const std::string again = trim(rerun.out) + "_2";
  REQUIRE(wait_until(60, [&] { return job_state(again) == "COMPLETED" || job_state(again) == "FAILED"; }));
  CHECK(job_state(again) == "COMPLETED");
  CHECK_THAT(read_file(folder + "/logs/" + trim(rerun.out) + "_2.out"), Catch::Contains("shard 2/4 is complete"));
  WARN("Slurm array test: " << std::chrono::duration<double>(Clock::now() - started).count() << " s");
}

TEST_CASE("an array task cancelled mid-run and requeued resumes without recomputing its saved rows", "[slurm]") {
  const auto started = Clock::now();
  LocalSlurm slurm;
  if (!slurm_ready(slurm)) return;
  const std::string dir = temp_dir("slurmkill");
  const std::string single = dir + "/single.h5", final_file = dir + "/final.h5", folder = final_file + ".slurm";
  const std::string count = dir + "/count";
  REQUIRE(run_command(fixtures_bin() + " run" + sweep(400) + " --threads 2 --quiet --out " + single).exit_code == 0);

  ::setenv("THEORYLAB_FIXTURE_COUNT", count.c_str(), 1);  // sbatch passes the environment to the tasks
  const Submitted job = submit(sweep(400) + " --shards 4 --parallel 2 --time 10 --out " + final_file);
  ::unsetenv("THEORYLAB_FIXTURE_COUNT");

  // Task 1 is cancelled once its journal holds 2 of its 6 rows (about 1 s into 2.4 s).
  const std::string task = job.array + "_1", journal = folder + "/shard-1.tls.journal";
  const bool saving = wait_until(60, [&] {
    if (!file_exists(journal)) return false;
    try {
      return tl::JournalReader(journal).row_count() >= 2;
    } catch (const std::exception&) {
      return false;  // the journal's header is being written
    }
  });
  INFO(logs_of(folder));
  REQUIRE(saving);
  REQUIRE(run_command("timeout 10 scancel " + task).exit_code == 0);
  REQUIRE(wait_until(60, [&] { return job_state(task) == "CANCELLED"; }));
  // The task's theorylab has exited once no one holds the journal's lock.
  REQUIRE(wait_until(30, [&] { return run_command("flock -n " + journal + " true").exit_code == 0; }));
  REQUIRE_FALSE(file_exists(folder + "/shard-1.tls"));
  const std::vector<std::size_t> saved = durable_rows(journal);
  REQUIRE(saved.size() >= 2);
  REQUIRE(saved.size() < 6);  // it was stopped mid-run
  CHECK_THAT(read_file(folder + "/logs/" + task + ".err"), Catch::Contains("interrupted"));

  // Requeue the task; Slurm marks the merge job's afterok as failed for good, so it is
  // re-armed on the requeued task (the recovery the merge script's header describes).
  REQUIRE(run_command("timeout 10 scontrol requeue " + task).exit_code == 0);
  REQUIRE(run_command("timeout 10 scontrol update JobId=" + job.merge + " Dependency=afterok:" + task).exit_code == 0);
  require_merged(job, folder, 150);
  CHECK(job_field(task, "Restarts") == "1");
  require_identical_results(single, final_file);

  const auto counts = read_counts(count);
  CHECK(counts.size() == 24);  // every row ran
  for (std::size_t row : saved) {
    INFO("row " << row << " was saved before the cancel");
    CHECK(counts.at(row) == 1);  // and never ran again
  }
  std::size_t repeated = 0;
  for (const auto& [row, n] : counts) repeated += n > 1;
  CHECK(repeated <= 1);  // at most the row in flight at the cancel ran twice
  WARN("Slurm cancel/requeue test: " << std::chrono::duration<double>(Clock::now() - started).count() << " s");
}

namespace {
// Every task of array `id` (n of them) has ended: their states, one per line.
std::string wait_for_array(const std::string& id, std::size_t n, double seconds) {
  std::string states;
  wait_until(seconds, [&] {
    states = run_command("timeout 10 squeue -h -t all -j " + id + " -o '%i %T'").out;
    std::size_t ended = 0;
    std::istringstream in(states);
    for (std::string line; std::getline(in, line);)
      for (const char* s : {" COMPLETED", " FAILED", " CANCELLED", " TIMEOUT"}) ended += line.find(s) != std::string::npos;
    return ended >= n;
  });
  return states;
}
}  // namespace

TEST_CASE("issue 24/2-3: a task killed as it created its journal is requeued and completes, --shard auto on step and list arrays",
          "[slurm][environment]") {
  const auto started = Clock::now();
  LocalSlurm slurm;
  if (!slurm_ready(slurm)) return;
  const std::string dir = temp_dir("slurmreq");
  const std::string single = dir + "/single.h5", final_file = dir + "/final.h5", folder = final_file + ".slurm";
  REQUIRE(run_command(fixtures_bin() + " run" + sweep(0) + " --threads 2 --quiet --out " + single).exit_code == 0);

  // Item 2: tasks 2 and 3 "died at start-up" (an empty journal, a header alone); the
  // script passes --resume since the journal exists. Before: exit 2, the merge pending forever.
  const Submitted job = submit(sweep(100) + " --shards 4 --parallel 1 --time 10 --out " + final_file);
  REQUIRE(run_command("timeout 10 scontrol hold " + job.array).exit_code == 0);  // tasks 2, 3 cannot start yet
  std::ofstream(folder + "/shard-3.tls.journal", std::ios::binary);
  std::ofstream(folder + "/shard-2.tls.journal", std::ios::binary) << "theorylab journal 1\n";
  REQUIRE(run_command("timeout 10 scontrol release " + job.array).exit_code == 0);
  require_merged(job, folder, 180);
  require_identical_results(single, final_file);
  CHECK_THAT(read_file(folder + "/logs/" + job.array + "_3.err"), Catch::Contains("starting the run over"));

  // Item 3: --shard auto on --array=0-6:2 runs shards 0..3 of 4 (before: tasks 4 and 6 exited 2).
  const std::string script = dir + "/auto.sbatch";
  std::ofstream(script) << "#!/bin/bash\n#SBATCH --output=" << dir << "/auto-%A_%a.out\n#SBATCH --error=" << dir
                        << "/auto-%A_%a.err\n#SBATCH --time=10\n"
                        << "echo \"step=${SLURM_ARRAY_TASK_STEP:-unset} count=$SLURM_ARRAY_TASK_COUNT\"\n"
                        << "exec " << fixtures_bin() << " run" << sweep(0)
                        << " --threads 1 --quiet --shard auto --out " << dir << "/auto-$SLURM_ARRAY_TASK_ID.tls\n";
  const auto step = run_command("timeout 30 sbatch --parsable --array=0-6:2 " + script);
  REQUIRE(step.exit_code == 0);
  const std::string states = wait_for_array(trim(step.out), 4, 120);
  INFO(states);
  std::string merge = fixtures_bin() + " merge --quiet --out " + dir + "/auto.h5";
  for (int id : {0, 2, 4, 6}) {
    const std::string shard = dir + "/auto-" + std::to_string(id) + ".tls";
    INFO(read_file(dir + "/auto-" + trim(step.out) + "_" + std::to_string(id) + ".err"));
    REQUIRE(file_exists(shard));
    CHECK(tl::JournalReader(shard).identity().shard == static_cast<std::uint64_t>(id / 2));
    merge += " " + shard;
  }
  REQUIRE(run_command(merge).exit_code == 0);
  require_identical_results(single, dir + "/auto.h5");

  // --array=1,2,9 maps to no range: every task exits 2 with one line naming the shape.
  const auto list = run_command("timeout 30 sbatch --parsable --array=1,2,9 " + script);
  REQUIRE(list.exit_code == 0);
  const std::string list_states = wait_for_array(trim(list.out), 3, 120);
  INFO(list_states);
  for (int id : {1, 2, 9}) {
    const std::string base = dir + "/auto-" + trim(list.out) + "_" + std::to_string(id);
    INFO(read_file(base + ".out"));
    CHECK_THAT(read_file(base + ".err"), Catch::Contains("cannot map a list array"));
    CHECK_FALSE(file_exists(dir + "/auto-" + std::to_string(id) + ".tls.journal"));
  }
  WARN("Slurm list array environment: " << read_file(dir + "/auto-" + trim(list.out) + "_2.out")
                                        << "Slurm requeue/auto test: " << std::chrono::duration<double>(Clock::now() - started).count() << " s");
}
