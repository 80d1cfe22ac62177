// `theorylab submit slurm` without a cluster: the --dry-run scripts (array range and
// throttle, requeue, signal, dependency, %A_%a logs, the --resume logic), the bad-input
// contract, and the scripts themselves run by bash as Slurm would run them (bash ignores
// the #SBATCH lines): every task, a task killed with SIGTERM and rerun (it resumes), a
// rerun of a complete task (exits at once), then the merge script. `sbatch` is a stub
// here that records its arguments and answers job ids; tests/slurm runs the real Slurm.
#include <catch2/catch.hpp>

#include <signal.h>

#include <chrono>
#include <fstream>
#include <map>
#include <regex>
#include <thread>

#include "support/compare_files.hpp"
#include "support/journal_rows.hpp"
#include "support/process.hpp"

using tl::testing::durable_rows;
using tl::testing::read_counts;
#include "theorylab/io/journal.hpp"

using namespace tl::testing;

namespace {

const std::string kSweep = " fixture_durable --preset none 'a=lin(1,8,8)' n=20";

std::string submit(const std::string& args) { return fixtures_bin() + " submit slurm" + args; }

// A stub sbatch on PATH: appends its arguments to $dir/sbatch.log and prints 100, 101, ...
// (or fails like a cluster refusing a partition when $dir/refuse exists).
std::string stub_sbatch(const std::string& dir) {
  const std::string bin = dir + "/bin";
  REQUIRE(run_command("mkdir -p " + bin).exit_code == 0);
  std::ofstream(bin + "/sbatch") << "#!/bin/sh\n"
                                 << "if [ -e " << dir << "/refuse ]; then echo 'sbatch: error: invalid partition specified: nope' >&2; exit 1; fi\n"
                                 << "echo \"$@\" >> " << dir << "/sbatch.log\n"
                                 << "echo $((99 + $(wc -l < " << dir << "/sbatch.log)))\n";
  REQUIRE(run_command("chmod +x " + bin + "/sbatch").exit_code == 0);
  return "PATH=" + bin + ":$PATH ";
}

// Runs array.sbatch for task `id` as Slurm would: bash, SLURM_ARRAY_TASK_ID set.
std::string task(const std::string& folder, int id, const std::string& count) {
  return "env THEORYLAB_FIXTURE_COUNT=" + count + " SLURM_ARRAY_TASK_ID=" + std::to_string(id) + " bash " + folder +
         "/array.sbatch";
}

}  // namespace

TEST_CASE("submit slurm --dry-run prints both scripts and writes nothing", "[submit]") {
  const std::string dir = temp_dir("dryrun");
  const auto r = run_command("cd " + dir + " && " +
                             submit(kSweep + " --seeds 2 --shards 4 --parallel 2 --time 0:30:00 --partition short "
                                             "--cpus-per-task 3 --dry-run"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const std::string& s = r.out;
  INFO(s);
  // The array: 4 tasks, at most 2 at once, requeueable, SIGTERM 60 s before the limit.
  CHECK_THAT(s, Catch::Contains("\n#SBATCH --array=0-3%2\n"));
  CHECK_THAT(s, Catch::Contains("\n#SBATCH --requeue\n"));
  CHECK_THAT(s, Catch::Contains("\n#SBATCH --signal=B:TERM@60\n"));
  CHECK_THAT(s, Catch::Contains("\n#SBATCH --time=0:30:00\n"));
  CHECK_THAT(s, Catch::Contains("\n#SBATCH --partition=short\n"));
  CHECK_THAT(s, Catch::Contains("\n#SBATCH --cpus-per-task=3\n"));
  // Logs named %A_%a (array job id, task id) in FINAL.slurm/logs, by absolute path.
  const std::regex log_line("\n#SBATCH --output=(/[^\n]*)\\.slurm/logs/%A_%a\\.out\n");
  std::smatch m;
  REQUIRE(std::regex_search(s, m, log_line));
  const std::string final_file = m[1];
  CHECK_THAT(final_file, Catch::StartsWith(dir + "/results/fixture_durable-") && Catch::EndsWith(".h5"));
  CHECK_THAT(s, Catch::Contains("\n#SBATCH --error=" + final_file + ".slurm/logs/%A_%a.err\n"));
  // Each task: its own shard, complete -> exit 0 at once, a journal -> --resume; the
  // signal reaches theorylab because the shell execs it.
  CHECK_THAT(s, Catch::Contains("shard=" + final_file + ".slurm/shard-$SLURM_ARRAY_TASK_ID.tls\n"));
  CHECK_THAT(s, Catch::Contains("if [ -f \"$shard\" ]; then") && Catch::Contains("  exit 0\n"));
  CHECK_THAT(s, Catch::Contains("if [ -f \"$shard.journal\" ]; then resume=--resume; fi"));
  CHECK_THAT(s, Catch::Contains("exec " + fixtures_bin() +
                                " run fixture_durable 'a=lin(1,8,8)' n=20 --preset none --seeds 2 --seed 1 --threads 3 --quiet"));
  CHECK_THAT(s, Catch::Contains("--shard \"$SLURM_ARRAY_TASK_ID/4\" --out \"$shard\" $resume"));
  // The merge job: after the array succeeds, all shards into FINAL.
  CHECK_THAT(s, Catch::Contains("exec " + fixtures_bin() + " merge --quiet --out " + final_file + " " + final_file +
                                ".slurm/shard-*.tls"));
  CHECK_THAT(s, Catch::Contains("sbatch --parsable --dependency=afterok:$ARRAY_JOB_ID " + final_file + ".slurm/merge.sbatch"));
  CHECK_THAT(s, Catch::Contains("#SBATCH --output=" + final_file + ".slurm/logs/merge_%j.out"));
  // Nothing written, not even results/.
  CHECK(run_command("ls -A " + dir).out.empty());

  // Without --parallel: no throttle; default CPUs 1.
  const auto plain = run_command(submit(kSweep + " --shards 8 --out " + dir + "/x.h5 --dry-run"));
  CHECK(plain.exit_code == 0);
  CHECK_THAT(plain.out, Catch::Contains("\n#SBATCH --array=0-7\n") && Catch::Contains("--cpus-per-task=1\n"));
  CHECK_THAT(plain.out, !Catch::Contains("--time=") && !Catch::Contains("--partition="));
  CHECK_FALSE(file_exists(dir + "/x.h5.slurm"));
}

TEST_CASE("submit slurm refuses bad input with one line, exit 2 and no file", "[submit][errors]") {
  const std::string dir = temp_dir("submitbad");
  const std::string sbatch = stub_sbatch(dir);
  std::ofstream(dir + "/exists.h5") << "x";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {" fixture_nope --shards 2", "unknown experiment"},
      {kSweep + " zz=1 --shards 2", "zz"},
      {kSweep + " a=-5 --shards 2", "a"},
      {kSweep, "--shards"},
      {kSweep + " --shards 0", "--shards"},
      {kSweep + " --shards 9", "exceeds the sweep's 8 rows"},
      {kSweep + " --shards 2 --parallel 0", "--parallel"},
      {kSweep + " --shards 2 --time soon", "--time"},
      {kSweep + " --shards 2 --partition 'a b'", "--partition"},
      {kSweep + " --shards 2 --cpus-per-task 0", "--cpus-per-task"},
      {kSweep + " --shards 2 --shard 0/2", "--shard"},
      {kSweep + " --shards 2 --resume", "--resume"},
      {kSweep + " --shards 2 --threads 4", "--cpus-per-task"},
      {kSweep + " --shards 2 --seed x", "--seed"},
      {kSweep + " --shards 2 --bogus", "bogus"},
      {kSweep + " --shards 2 --out " + dir + "/exists.h5", "exists"},
      {kSweep + " --shards 2 --out " + dir + "/nofolder/f.h5", "does not exist"},
      {kSweep + " --shards 2 --out " + dir + "/50%.h5", "Slurm script"},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto r = run_command("cd " + dir + " && " + sbatch + submit(cases[i].first + (cases[i].first.find("--out") == std::string::npos ? " --out " + dir + "/bad.h5" : "")));
    INFO(cases[i].first << " -> " << r.err);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains(cases[i].second));
    CHECK(r.err.find('\n') == r.err.size() - 1);  // one line
  }
  const auto other = run_command(fixtures_bin() + " submit pbs" + kSweep + " --shards 2");
  CHECK(other.exit_code == 2);
  CHECK_THAT(other.err, Catch::Contains("'slurm'"));
  // sbatch refuses the array: exit 2 and the scripts are removed again.
  std::ofstream(dir + "/refuse") << "";
  const auto refused = run_command(sbatch + submit(kSweep + " --shards 2 --partition nope --out " + dir + "/r.h5"));
  CHECK(refused.exit_code == 2);
  CHECK_THAT(refused.err, Catch::Contains("sbatch refused the job array: sbatch: error: invalid partition"));
  // No sbatch at all (not a Slurm machine).
  const auto none = run_command("PATH=/nonexistent " + submit(kSweep + " --shards 2 --out " + dir + "/n.h5"));
  CHECK(none.exit_code == 2);
  CHECK_THAT(none.err, Catch::Contains("sbatch is not on PATH"));
  // Nothing was left: only what the test itself made.
  CHECK(run_command("ls -A " + dir).out == "bin\nexists.h5\nrefuse\n");
}

TEST_CASE("the submitted scripts, run as Slurm runs them, give the single-process result and resume a killed task",
          "[submit]") {
  const std::string dir = temp_dir("submitrun");
  const std::string sweep = " fixture_durable --preset none 'a=lin(1,12,12)' n=20 sleep_ms=300";
  const std::string single = dir + "/single.h5", final_file = dir + "/final.h5", folder = final_file + ".slurm";
  REQUIRE(run_command(fixtures_bin() + " run" + sweep + " --threads 2 --quiet --out " + single).exit_code == 0);

  const std::string sbatch = stub_sbatch(dir);
  const auto r = run_command(sbatch + submit(sweep + " --shards 3 --parallel 2 --out " + final_file));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("array job 100 (3 tasks, at most 2 at once), merge job 101"));
  CHECK_THAT(r.out, Catch::Contains("result: " + final_file));
  CHECK(read_file(dir + "/sbatch.log") == "--parsable " + folder + "/array.sbatch\n--parsable --dependency=afterok:100 " +
                                              folder + "/merge.sbatch\n");
  CHECK_FALSE(file_exists(final_file));

  const std::string count = dir + "/count";
  // Task 1 gets SIGTERM mid-run (as from --signal or scancel): the exec'd theorylab
  // saves its rows and exits 143, leaving the shard's journal.
  const Child killed = start_command(task(folder, 1, count));
  const std::string journal = folder + "/shard-1.tls.journal";
  for (int i = 0; i < 100 && !(file_exists(journal) && tl::JournalReader(journal).row_count() >= 2); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  kill(killed.pid, SIGTERM);
  const ChildExit e = wait_child(killed);
  CHECK(e.status == 143);
  REQUIRE(file_exists(journal));
  REQUIRE_FALSE(file_exists(folder + "/shard-1.tls"));
  const std::vector<std::size_t> saved = durable_rows(journal);
  REQUIRE(saved.size() >= 2);
  REQUIRE(saved.size() < 4);  // killed mid-run

  for (int id : {0, 1, 2}) {  // task 1 resumes (--resume: its journal exists)
    const auto t = run_command(task(folder, id, count));
    INFO("task " << id << ": " << t.err);
    REQUIRE(t.exit_code == 0);
  }
  const auto again = run_command(task(folder, 2, count));  // complete: exits at once
  CHECK(again.exit_code == 0);
  CHECK_THAT(again.out, Catch::Contains("shard 2/3 is complete"));

  const auto merged = run_command("bash " + folder + "/merge.sbatch");
  INFO(merged.err);
  REQUIRE(merged.exit_code == 0);
  require_identical_results(single, final_file);
  const auto counts = read_counts(count);
  CHECK(counts.size() == 12);  // every row ran
  for (std::size_t row : saved) {
    INFO("row " << row << " was saved before the kill");
    CHECK(counts.at(row) == 1);  // and was not computed again
  }
}
