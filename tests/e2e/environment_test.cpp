// The eight failures of issue 24, each through the real binaries: a file system without
// flock, a Slurm task killed as it created its journal, --shard auto over a step or list
// array, MPI variables without mpirun, closed standard streams, write errors on stdout,
// crash consistency of the final rename, and a full disk. The environment is faked with
// the LD_PRELOAD shim of tests/support/fault_shim.c, `ulimit -f`, and /dev/full.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/stat.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "support/compare_files.hpp"
#include "support/journal_rows.hpp"
#include "support/process.hpp"
#include "theorylab/io/journal.hpp"
#include "theorylab/io/result_file.hpp"

using namespace tl::testing;

namespace {

const std::string kSmall = " --preset none 'a=lin(1,6,6)' b=1,2 n=8 --threads 2 --quiet";

std::string fixture(const std::string& args) { return fixtures_bin() + " " + args; }
std::string shim() { return THEORYLAB_FAULT_SHIM; }
// The environment of a file system whose flock(2) fails with `error`.
// (through env: the tests start commands with "exec ...", and dash's exec takes no VAR=value)
std::string no_flock(const std::string& error) { return "env LD_PRELOAD=" + shim() + " TL_FAULT_FLOCK=" + error + " "; }
// One line on stderr (the last line; the estimate line may come first).
std::size_t lines(const std::string& text) {
  std::size_t n = 0;
  for (char c : text) n += c == '\n';
  return n;
}

std::string reference(const std::string& dir) {
  const std::string ref = dir + "/reference.h5";
  const auto r = run_command(fixture("run fixture_durable" + kSmall + " --out " + ref));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return ref;
}

}  // namespace

TEST_CASE("issue 24/1: without flock a run locks with a lock file, and every tool reads its file", "[e2e][environment][lock]") {
  const std::string dir = temp_dir("noflock");
  const std::string ref = reference(dir);
  for (const std::string error : {"ENOLCK", "ENOSYS", "EOPNOTSUPP"}) {
    INFO(error);
    const std::string out = dir + "/" + error + ".h5";
    auto r = run_command(no_flock(error) + fixture("run fixture_durable" + kSmall + " --out " + out));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);  // was: exit 2, "is in use by another theorylab run"
    CHECK_FALSE(file_exists(out + ".journal"));
    CHECK_FALSE(file_exists(out + ".journal.lock"));
    require_identical_results(ref, out);
    // HDF5's own flock fails there too: tl-inspect must not call the file corrupt.
    r = run_command(no_flock(error) + tool("inspect") + " " + out);
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.err.find("corrupt") == std::string::npos);
  }

  // One writer still: a second run while the first holds the lock file exits 2 naming it,
  // and leaves no empty journal of its own.
  const std::string out = dir + "/held.h5";
  const std::string slow = " --preset none 'a=lin(1,40,40)' sleep_ms=20 --threads 1 --quiet --out " + out;
  const Child first = start_command(no_flock("ENOLCK") + fixture("run fixture_durable" + slow));
  REQUIRE(wait_for_rows(out + ".journal", 2));
  auto second = run_command(no_flock("ENOLCK") + fixture("run fixture_durable" + slow));
  CHECK(second.exit_code == 2);
  CHECK(second.err.find("in use by another theorylab run") != std::string::npos);
  CHECK(second.err.find("pid " + std::to_string(first.pid)) != std::string::npos);
  // A killed holder leaves a stale lock file of this host: the next run takes it over.
  kill(first.pid, SIGKILL);
  wait_child(first);
  REQUIRE(file_exists(out + ".journal.lock"));
  const auto resumed = run_command(no_flock("ENOLCK") + fixture("run fixture_durable" + slow + " --resume"));
  INFO(resumed.err);
  CHECK(resumed.exit_code == 0);
  CHECK_FALSE(file_exists(out + ".journal.lock"));

  // A lock file of another host cannot be judged here: refused, naming it and --no-lock;
  // no 0-byte journal is left behind.
  const std::string far = dir + "/far.h5";
  std::ofstream(far + ".journal.lock") << "host=node-17.example\npid=4242\nstart=1\nsince=2026-12-01T00:00:00Z\n";
  auto refused = run_command(no_flock("ENOLCK") + fixture("run fixture_durable" + kSmall + " --out " + far));
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("node-17.example") != std::string::npos);
  CHECK(refused.err.find("--no-lock") != std::string::npos);
  CHECK(lines(refused.err) == 1);
  CHECK_FALSE(file_exists(far + ".journal"));
  // --no-lock runs, with a warning.
  const auto unlocked = run_command(no_flock("ENOLCK") + fixture("run fixture_durable" + kSmall + " --no-lock --out " + far));
  INFO(unlocked.err);
  CHECK(unlocked.exit_code == 0);
  CHECK(unlocked.err.find("warning: --no-lock") != std::string::npos);
  require_identical_results(ref, far);
  // A requeued Slurm task keeps its job id: its own lock file of another node is stale
  // (Slurm killed that instance before requeueing it), so the task is not refused forever.
  const std::string requeued = dir + "/requeued.h5";
  std::ofstream(requeued + ".journal.lock") << "host=node-17.example\npid=4242\nstart=1\nslurm_job=5012\n";
  const auto taken = run_command("SLURM_JOB_ID=5012 " + no_flock("ENOLCK") + fixture("run fixture_durable" + kSmall + " --out " + requeued));
  INFO(taken.err);
  CHECK(taken.exit_code == 0);
  CHECK_FALSE(file_exists(requeued + ".journal.lock"));
  std::ofstream(requeued + ".journal.lock") << "host=node-17.example\npid=4242\nstart=1\nslurm_job=5012\n";
  const auto other_job = run_command("SLURM_JOB_ID=5013 " + no_flock("ENOLCK") + fixture("run fixture_durable" + kSmall + " --force --out " + requeued));
  CHECK(other_job.exit_code == 2);  // another job's lock on another node: refused
  // A lock file created but never written (its run killed in between), a minute old: stale.
  const std::string empty_lock = dir + "/emptylock.h5";
  REQUIRE(run_command("touch -d '1 minute ago' " + empty_lock + ".journal.lock").exit_code == 0);
  const auto over = run_command(no_flock("ENOLCK") + fixture("run fixture_durable" + kSmall + " --out " + empty_lock));
  INFO(over.err);
  CHECK(over.exit_code == 0);
  CHECK_FALSE(file_exists(empty_lock + ".journal.lock"));
}

TEST_CASE("issue 24/2: a task killed as it created its journal resumes from nothing", "[e2e][environment][requeue]") {
  const std::string dir = temp_dir("requeue");
  const std::string ref = reference(dir);
  std::vector<std::string> shards;
  for (int k = 0; k < 3; ++k) {
    const std::string shard = dir + "/shard-" + std::to_string(k) + ".tls";
    shards.push_back(shard);
    const std::string run = fixture("run fixture_durable" + kSmall + " --shard " + std::to_string(k) + "/3 --out " + shard);
    if (k == 0) {  // killed at its first write: an empty journal
      const auto killed = run_command("LD_PRELOAD=" + shim() + " TL_FAULT_DIR=" + dir + " TL_FAULT_CALLS=write TL_FAULT_AT=1 TL_FAULT_KILL=1 " + run);
      CHECK((killed.exit_code == -1 || killed.exit_code == 128 + SIGKILL));
      REQUIRE(file_exists(shard + ".journal"));
      CHECK(read_file(shard + ".journal").empty());
    } else if (k == 1) {  // killed after its header: a journal without identity
      std::ofstream(shard + ".journal", std::ios::binary) << "theorylab journal 1\n";
    } else {  // a torn header
      std::ofstream(shard + ".journal", std::ios::binary) << "theorylab jour";
    }
    // What array.sbatch runs on the requeued task: --resume, since the journal exists.
    const auto r = run_command(run + " --resume");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);  // was: exit 2 every time, the merge job pending forever
    CHECK(r.err.find("starting the run over") != std::string::npos);
    CHECK(file_exists(shard));
  }
  const std::string merged = dir + "/merged.h5";
  std::string merge = fixture("merge --quiet --out " + merged);
  for (const auto& s : shards) merge += " " + s;
  REQUIRE(run_command(merge).exit_code == 0);
  require_identical_results(ref, merged);
  // A journal that is not a theorylab journal is still refused, not overwritten.
  const std::string foreign = dir + "/foreign.tls";
  std::ofstream(foreign + ".journal") << "something else entirely\n";
  const auto r = run_command(fixture("run fixture_durable" + kSmall + " --shard 0/3 --out " + foreign + " --resume"));
  CHECK(r.exit_code == 2);
  CHECK(read_file(foreign + ".journal") == "something else entirely\n");
}

TEST_CASE("issue 24/3: --shard auto maps step arrays and refuses list arrays, naming the shape", "[e2e][environment][slurm]") {
  const std::string dir = temp_dir("auto");
  const std::string ref = reference(dir);
  auto task = [&](int id, int min, int max, int step, int count, const std::string& out) {
    return "SLURM_ARRAY_TASK_ID=" + std::to_string(id) + " SLURM_ARRAY_TASK_MIN=" + std::to_string(min) +
           " SLURM_ARRAY_TASK_MAX=" + std::to_string(max) + " SLURM_ARRAY_TASK_STEP=" + std::to_string(step) +
           " SLURM_ARRAY_TASK_COUNT=" + std::to_string(count) + " " +
           fixture("run fixture_durable" + kSmall + " --shard auto --out " + out);
  };
  // --array=0-6:2: tasks 0, 2, 4, 6 run shards 0..3 of 4 (was: 4 and 6 exited 2).
  std::string merge = fixture("merge --quiet --out " + dir + "/step.h5");
  for (int id : {0, 2, 4, 6}) {
    const std::string out = dir + "/step-" + std::to_string(id) + ".tls";
    const auto r = run_command(task(id, 0, 6, 2, 4, out));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(tl::JournalReader(out).identity().shard == static_cast<std::uint64_t>(id / 2));
    CHECK(tl::JournalReader(out).identity().shards == 4);
    merge += " " + out;
  }
  REQUIRE(run_command(merge).exit_code == 0);
  require_identical_results(ref, dir + "/step.h5");
  // --array=1,5,9 is evenly spaced: shards 0..2 of 3.
  const auto even = run_command(task(9, 1, 9, 4, 3, dir + "/even.tls"));
  CHECK(even.exit_code == 0);
  CHECK(tl::JournalReader(dir + "/even.tls").identity().shard == 2);
  // --array=1,2,9: a list that maps to no range: one line naming the shape, exit 2, no file.
  const auto list = run_command(task(2, 1, 9, 1, 3, dir + "/list.tls"));
  CHECK(list.exit_code == 2);
  CHECK(list.err.find("list array") != std::string::npos);
  CHECK(list.err.find("3 task(s) from 1 to 9") != std::string::npos);
  CHECK(lines(list.err) == 1);
  CHECK_FALSE(file_exists(dir + "/list.tls.journal"));
  // Without SLURM_ARRAY_TASK_STEP (older Slurm) a contiguous array maps; a spaced one is refused.
  auto no_step = [&](int id, int min, int max, int count, const std::string& out) {
    return "SLURM_ARRAY_TASK_ID=" + std::to_string(id) + " SLURM_ARRAY_TASK_MIN=" + std::to_string(min) +
           " SLURM_ARRAY_TASK_MAX=" + std::to_string(max) + " SLURM_ARRAY_TASK_COUNT=" + std::to_string(count) + " " +
           fixture("run fixture_durable" + kSmall + " --shard auto --out " + out);
  };
  CHECK(run_command(no_step(5, 3, 6, 4, dir + "/nostep.tls")).exit_code == 0);
  CHECK(tl::JournalReader(dir + "/nostep.tls").identity().shard == 2);
  const auto spaced = run_command(no_step(9, 1, 9, 3, dir + "/spaced.tls"));
  CHECK(spaced.exit_code == 2);
  CHECK(spaced.err.find("list array") != std::string::npos);
}

TEST_CASE("issue 24/4: MPI variables without mpirun run every point in one process", "[e2e][environment][mpi]") {
  const std::string dir = temp_dir("mpienv");
  const std::string ref = reference(dir);
  for (const std::string var : {"PMI_SIZE=4", "PMIX_SIZE=3", "OMPI_COMM_WORLD_SIZE=2"}) {
    INFO(var);
    const std::string out = dir + "/" + var.substr(0, var.find('=')) + ".h5";
    const auto r = run_command(var + " " + fixture("run fixture_durable" + kSmall + " --out " + out));
    INFO(r.err);
    CHECK(r.exit_code == 0);  // was: 0 rows, "interrupted", exit 130
    if (r.exit_code == 0) require_identical_results(ref, out);
  }
}

TEST_CASE("issue 24/5: closed standard streams never become the journal or the result file", "[e2e][environment][streams]") {
  const std::string dir = temp_dir("closed");
  const std::string ref = reference(dir);
  for (const std::string closing : {"2>&-", "1>&- 2>&-", "0<&- 1>&- 2>&-"}) {
    INFO(closing);
    const std::string out = dir + "/c" + std::to_string(closing.size()) + ".h5";
    const auto r = run_command("sh -c \"exec " + fixture("run fixture_durable" + kSmall + " --out " + out) + " " + closing + "\"");
    CHECK(r.exit_code == 0);  // was: exit 3, the estimate line written into the journal
    require_identical_results(ref, out);
  }
  // Interrupted with stderr closed, the journal holds rows only: --resume reuses them.
  const std::string out = dir + "/interrupted.h5";
  const std::string slow = " --preset none 'a=lin(1,40,40)' sleep_ms=20 --threads 1 --quiet --out " + out;
  const Child c = start_command("sh -c \"exec " + fixture("run fixture_durable" + slow) + " 2>&-\"");
  REQUIRE(wait_for_rows(out + ".journal", 3));
  kill(c.pid, SIGKILL);
  wait_child(c);
  const std::size_t saved = tl::JournalReader(out + ".journal").row_count();
  CHECK_FALSE(tl::JournalReader(out + ".journal").torn_tail());
  const auto r = run_command(fixture("run fixture_durable" + slow + " --resume"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(std::stoul(tl::ResultFile(out).attribute("rows_reused")) == saved);
}

TEST_CASE("issue 24/6: every command and tool fails on a stdout it cannot write", "[e2e][environment][streams]") {
  const std::string dir = temp_dir("devfull");
  const std::string ref = reference(dir);
  const std::vector<std::string> commands = {
      tool("inspect") + " --csv " + ref,
      tool("inspect") + " " + ref,
      tool("summarize") + " " + ref,
      tool("summarize") + " --format csv " + ref,
      theorylab_bin() + " list",
      fixture("describe fixture_durable"),
      fixture("plan fixture_durable --preset quick"),
      fixture("run fixture_durable --help"),
      fixture("submit slurm fixture_durable --preset quick --shards 2 --dry-run --out " + dir + "/s.h5"),
      fixture("--help"),
  };
  for (const auto& command : commands) {
    INFO(command);
    // /dev/full: one line naming the cause, exit 4 (was: exit 0).
    const auto full = run_command("sh -c '" + command + " >/dev/full'");
    CHECK(full.exit_code == 4);
    CHECK(full.err.find("cannot write standard output: No space left on device") != std::string::npos);
    CHECK(lines(full.err) == 1);
    // SIGPIPE ignored and nobody reading: a quiet exit 141 (was: output cut short, exit 0).
    const auto pipe = run_command("sh -c 'trap \"\" PIPE; (" + command + "; echo $? >" + dir + "/status) | (exec 0<&-; sleep 0.3)'");
    CHECK(read_file(dir + "/status") == "141\n");
  }
}

TEST_CASE("issue 24/7: the result file is synced before its rename, and the journal removed after", "[e2e][environment][durability]") {
  const std::string dir = temp_dir("order");
  for (const bool shard : {false, true}) {
    const std::string out = dir + (shard ? "/s.tls" : "/r.h5"), trace = out + ".trace";
    const auto r = run_command("LD_PRELOAD=" + shim() + " TL_FAULT_DIR=" + dir + " TL_FAULT_TRACE=" + trace + " " +
                               fixture("run fixture_durable" + kSmall + (shard ? " --shard 0/2" : "") + " --out " + out));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    std::vector<std::string> events;
    std::istringstream in(read_file(trace));
    for (std::string line; std::getline(in, line);) events.push_back(line);
    auto at = [&](const std::string& event) {
      for (std::size_t i = 0; i < events.size(); ++i)
        if (events[i] == event) return static_cast<long>(i);
      return -1L;
    };
    const std::string from = shard ? out + ".journal" : out + ".partial";
    const long synced = at("fsync " + from), renamed = at("rename " + from + " " + out);
    INFO(read_file(trace));
    REQUIRE(synced >= 0);
    REQUIRE(renamed > synced);  // the bytes are on disk before the name points at them
    long folder_after = -1;
    for (std::size_t i = static_cast<std::size_t>(renamed); i < events.size() && folder_after < 0; ++i)
      if (events[i] == "fsync " + dir) folder_after = static_cast<long>(i);
    CHECK(folder_after > renamed);  // and the rename itself is durable
    if (!shard) CHECK(at("unlink " + out + ".journal") > folder_after);  // the journal goes last
  }
}

TEST_CASE("issue 24/8: a full disk is one line, exit 4 and a resume hint, the resume is bit-identical", "[e2e][environment][diskfull]") {
  const std::string dir = temp_dir("full");
  const std::string ref = reference(dir);
  const std::string run = fixture("run fixture_durable" + kSmall);
  // How many writes the run makes under dir; then fill the disk (every write fails from
  // the n-th on) at a few of them: the journal's creation, its appends, the result file.
  const std::string count = dir + "/count";
  REQUIRE(::mkdir((dir + "/w").c_str(), 0755) == 0);
  REQUIRE(run_command("LD_PRELOAD=" + shim() + " TL_FAULT_DIR=" + dir + "/w TL_FAULT_CALLS=write TL_FAULT_REPORT=" + count +
                      " " + run + " --out " + dir + "/w/probe.h5").exit_code == 0);
  const long writes = std::stol(read_file(count));
  REQUIRE(writes > 10);
  for (long at : {1L, 3L, writes / 2, writes - 2, writes}) {
    INFO("disk full from write " << at << " of " << writes);
    const std::string out = dir + "/w/full" + std::to_string(at) + ".h5";
    const auto r = run_command("LD_PRELOAD=" + shim() + " TL_FAULT_DIR=" + dir + "/w TL_FAULT_CALLS=write TL_FAULT_STICKY=1 TL_FAULT_AT=" +
                               std::to_string(at) + " " + run + " --out " + out);
    INFO(r.err);
    CHECK(r.exit_code == 4);  // was: 139 (HDF5 at exit) or 3
    CHECK(r.err.find("No space left on device") != std::string::npos);
    CHECK(lines(r.err) == 1);
    CHECK_FALSE(file_exists(out));
    if (file_exists(out + ".journal")) {
      CHECK(r.err.find("resume with:") != std::string::npos);
      const auto resumed = run_command(run + " --out " + out + " --resume");
      INFO(resumed.err);
      REQUIRE(resumed.exit_code == 0);
    } else {
      REQUIRE(run_command(run + " --out " + out).exit_code == 0);
    }
    require_identical_results(ref, out);
  }
  // A file size limit (ulimit -f): the same, not a kill by SIGXFSZ.
  const std::string limited = dir + "/limited.h5";
  const auto r = run_command("sh -c \"ulimit -f 8; exec " +
                             fixture("run fixture_durable --preset none 'a=lin(1,300,300)' --threads 2 --quiet --out " + limited) + "\"");
  INFO(r.err);
  CHECK(r.exit_code == 4);
  CHECK(r.err.find("File too large") != std::string::npos);
  const auto resumed = run_command(fixture("run fixture_durable --preset none 'a=lin(1,300,300)' --threads 2 --quiet --out " + limited + " --resume"));
  INFO(resumed.err);
  CHECK(resumed.exit_code == 0);
}

TEST_CASE("a full disk during a shard counts the shard's rows, not the sweep's", "[e2e][environment][diskfull]") {
  const std::string dir = temp_dir("full-shard");
  REQUIRE(::mkdir((dir + "/w").c_str(), 0755) == 0);
  // kSmall lists 12 points; shard 0 of 3 runs 4 of them.
  const std::string run = fixture("run fixture_durable" + kSmall + " --shard 0/3");
  const std::string count = dir + "/count";
  REQUIRE(run_command("LD_PRELOAD=" + shim() + " TL_FAULT_DIR=" + dir + "/w TL_FAULT_CALLS=write TL_FAULT_REPORT=" + count +
                      " " + run + " --out " + dir + "/w/probe.tls").exit_code == 0);
  const long writes = std::stol(read_file(count));
  const std::string out = dir + "/w/shard-0.tls";
  const auto r = run_command("LD_PRELOAD=" + shim() + " TL_FAULT_DIR=" + dir + "/w TL_FAULT_CALLS=write TL_FAULT_STICKY=1 TL_FAULT_AT=" +
                             std::to_string(writes - 2) + " " + run + " --out " + out);  // while rows are appended
  INFO(r.err);
  CHECK(r.exit_code == 4);
  CHECK(lines(r.err) == 1);
  CHECK(std::regex_search(r.err, std::regex(R"(; \d+ of 4 rows of this shard are saved in )")));
}

TEST_CASE("issue 24/7-8 by kind: the tools write their files durably, and a full disk leaves none half-written", "[e2e][environment][durability]") {
  const std::string dir = temp_dir("tools");
  const std::string ref = reference(dir);
  REQUIRE(::mkdir((dir + "/w").c_str(), 0755) == 0);
  const std::string full = "env LD_PRELOAD=" + shim() + " TL_FAULT_DIR=" + dir + "/w TL_FAULT_CALLS=write TL_FAULT_STICKY=1 ";
  struct Case {
    std::string command, written;
    std::vector<std::string> full_at;  // the writes from which the disk is full
  };
  const std::vector<Case> cases = {
      {tool("report") + " " + ref + " --no-figures --out " + dir + "/w/page.html", dir + "/w/page.html", {"1"}},
      {tool("tables") + " " + ref + " --out " + dir + "/w/tables", dir + "/w/tables/ALL.md", {"1", "3"}},
  };
  for (const auto& c : cases) {
    INFO(c.command);
    for (const std::string& at : c.full_at) {
      const auto r = run_command(full + "TL_FAULT_AT=" + at + " " + c.command);
      INFO(r.err);
      CHECK(r.exit_code == 4);  // a full disk: one line, exit 4 (was: exit 0, or a file cut short)
      CHECK(r.err.find("No space left on device") != std::string::npos);
      CHECK_FALSE(file_exists(c.written));
    }
    // With room, the same command writes the file, and its order is fsync, rename, fsync the folder.
    const std::string trace = dir + "/trace";
    const auto r = run_command("env LD_PRELOAD=" + shim() + " TL_FAULT_DIR=" + dir + "/w TL_FAULT_TRACE=" + trace + " " + c.command);
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(file_exists(c.written));
    const std::string events = read_file(trace);
    CHECK(events.find("rename ") != std::string::npos);
    CHECK(events.find("fsync ") < events.find("rename "));
    std::remove(trace.c_str());
  }
}
