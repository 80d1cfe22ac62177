// The theorylab CLI and tl-inspect, through the real binaries: sweeps, determinism
// across thread counts, bad input, interruption, and the file's independence from
// theorylab (h5dump). Uses probability_space as the experiment under the harness: its
// points are small and cheap.
#include <catch2/catch.hpp>

#include <algorithm>
#include <csignal>
#include <cstring>
#include <fstream>

#include "support/process.hpp"
#include "theorylab/io/result_file.hpp"

using tl::testing::file_exists;
using tl::testing::run_command;
using tl::testing::temp_dir;
using tl::testing::theorylab_bin;
using tl::testing::tool;

namespace {
const std::string kSweep = " problem=T1,T2,T5 solver=projected_gradient,fw_open_loop n=4,6 iterations=300";

std::string run(const std::string& args) { return theorylab_bin() + " run probability_space" + args; }

// Every /table column but wall-clock ones (named *_seconds), and every series.
void require_identical(const tl::ResultFile& a, const tl::ResultFile& b) {
  REQUIRE(a.table_column_names() == b.table_column_names());
  for (const std::string& name : a.table_column_names()) {
    if (name.size() > 8 && name.substr(name.size() - 8) == "_seconds") continue;
    INFO("column " << name);
    const auto ca = a.table_column(name), cb = b.table_column(name);
    if (const auto* d = std::get_if<std::vector<double>>(&ca.data)) {
      const auto& e = std::get<std::vector<double>>(cb.data);
      REQUIRE(d->size() == e.size());
      for (std::size_t i = 0; i < d->size(); ++i)  // bit-identical, NaN equal to NaN
        CHECK(std::memcmp(&(*d)[i], &e[i], sizeof(double)) == 0);
    } else {
      CHECK(ca.data == cb.data);
    }
  }
  for (std::size_t row = 0; row < a.table_rows(); ++row) {
    REQUIRE(a.series_names(row) == b.series_names(row));
    for (const auto& s : a.series_names(row)) {
      INFO("series " << row << "/" << s);
      const auto sa = a.series(row, s).data, sb = b.series(row, s).data;
      REQUIRE(sa.size() == sb.size());
      CHECK(std::memcmp(sa.data(), sb.data(), sa.size() * sizeof(double)) == 0);
    }
  }
}
}  // namespace

TEST_CASE("list, describe and --help work for every command", "[cli]") {
  const auto list = run_command(theorylab_bin() + " list");
  CHECK(list.exit_code == 0);
  CHECK_THAT(list.out, Catch::Contains("probability_space"));
  CHECK_THAT(list.out, !Catch::Contains("fixture"));
  const auto describe = run_command(theorylab_bin() + " describe probability_space");
  CHECK(describe.exit_code == 0);
  CHECK_THAT(describe.out, Catch::Contains("parameters") && Catch::Contains("presets") && Catch::Contains("claims"));
  for (const std::string command : {" --help", " list --help", " describe --help", " run --help", " run probability_space --help"}) {
    INFO(command);
    const auto r = run_command(theorylab_bin() + command);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("usage"));
  }
  CHECK(run_command(tool("inspect") + " --help").exit_code == 0);
}

TEST_CASE("a sweep's file has one /table row per point and replicate", "[cli][sweep]") {
  const std::string dir = temp_dir("sweep");
  const auto r = run_command(run(kSweep + " --seeds 2 --threads 2 --quiet --out " + dir + "/s.h5"));
  REQUIRE(r.exit_code == 0);
  CHECK(r.out == dir + "/s.h5\n");
  const tl::ResultFile f(dir + "/s.h5");
  CHECK(f.table_rows() == 3 * 2 * 2 * 2);
  const auto names = f.table_column_names();
  CHECK(names.at(0) == "problem");
  CHECK(names.at(1) == "solver");
  CHECK(names.at(2) == "n");
  CHECK(names.at(3) == "replicate");
  CHECK(f.params().at("problem") == "T1,T2,T5");
  CHECK(f.attribute("seeds") == "2");
  CHECK_THAT(f.attribute("command_line"), Catch::Contains("problem=T1,T2,T5"));
  CHECK(f.status() == "complete");
}

TEST_CASE("one and two threads give bit-identical tables and series", "[cli][determinism]") {
  const std::string dir = temp_dir("threads");
  REQUIRE(run_command(run(kSweep + " --seeds 2 --threads 1 --quiet --out " + dir + "/one.h5")).exit_code == 0);
  REQUIRE(run_command(run(kSweep + " --seeds 2 --threads 2 --quiet --out " + dir + "/two.h5")).exit_code == 0);
  require_identical(tl::ResultFile(dir + "/one.h5"), tl::ResultFile(dir + "/two.h5"));
  // A different seed changes the seed column (and so every random draw).
  REQUIRE(run_command(run(kSweep + " --seed 2 --quiet --out " + dir + "/other.h5")).exit_code == 0);
  CHECK(tl::ResultFile(dir + "/one.h5").table_column("seed").data != tl::ResultFile(dir + "/other.h5").table_column("seed").data);
}

TEST_CASE("every bad input exits 2 with one line naming the problem, and writes nothing", "[cli][errors]") {
  const std::string dir = temp_dir("bad");
  const std::string out = " --out " + dir + "/x.h5";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {theorylab_bin() + " run no_such_experiment", "unknown experiment 'no_such_experiment'"},
      {theorylab_bin() + " run probability_spcae", "nearest: probability_space"},
      {run(" nosuchkey=3" + out), "unknown parameter 'nosuchkey'"},
      {run(" iteratoins=3" + out), "nearest: iterations"},
      {run(" 'n=lin(2,10)'" + out), "malformed sweep 'lin(2,10)' for parameter 'n'"},
      {run(" 'n=pow2(3'" + out), "malformed sweep"},
      {run(" n=" + out), "empty sweep"},
      {run(" n=1" + out), "bad value '1' for parameter 'n'"},
      {run(" tolerance=-1" + out), "'tolerance'"},
      {run(" n=4 n=5" + out), "parameter 'n' given twice"},
      {run(" problem=T9" + out), "'T9'"},
      {run(" n" + out), "expected key=value"},
      {run(" --preset nope" + out), "unknown preset 'nope'"},
      {run(" --seeds 0" + out), "--seeds"},
      {run(" --threads 0" + out), "--threads"},
      {run(" --seed -3" + out), "--seed"},
      {run(" --frobnicate" + out), "frobnicate"},
      {run(" --out /nonexistent-folder/x.h5"), "does not exist"},
      {theorylab_bin() + " frobnicate", "unknown command 'frobnicate'"},
  };
  for (const auto& [command, message] : cases) {
    INFO(command);
    const auto r = run_command(command);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains(message));
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK_FALSE(file_exists(dir + "/x.h5"));
    CHECK_FALSE(file_exists(dir + "/x.h5.partial"));
  }
}

// Boost.Program_options replaces its %placeholder% tokens in a message until none is
// left, so a word that carries one ("--%canonical_option%") looped forever (the libFuzzer
// finding of CI stop 27) or garbled the message ("--%prefix%x" read "----x"). Each command
// runs under a kill timeout: a hang fails here, exit 137, instead of stalling the suite.
TEST_CASE("an option word carrying a Boost placeholder gets its own message, no hang", "[cli][errors]") {
  const std::string dir = temp_dir("placeholder");
  const std::string limit = "timeout -s KILL 20 ";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {run(" --%canonical_option% --out " + dir + "/x.h5"), "unrecognised option '--%canonical_option%'"},
      {run(" --%prefix%x --out " + dir + "/x.h5"), "unrecognised option '--%prefix%x'"},
      {run(" --threads=%value% --out " + dir + "/x.h5"), "the argument ('%value%') for option '--threads' is invalid"},
      {run(" --threads=%option% --out " + dir + "/x.h5"), "the argument ('%option%') for option '--threads'"},
      {theorylab_bin() + " merge --%original_token% --out " + dir + "/x.h5", "unrecognised option '--%original_token%'"},
      {theorylab_bin() + " reduce --%canonical_option% --out " + dir + "/x.h5", "'--%canonical_option%'"},
      {theorylab_bin() + " verify --%option%", "unrecognised option '--%option%'"},
  };
  for (const auto& [command, message] : cases) {
    INFO(command);
    const auto r = run_command(limit + command);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains(message));
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK_FALSE(file_exists(dir + "/x.h5"));
  }
}

TEST_CASE("an existing output is never touched without --force", "[cli][errors]") {
  const std::string dir = temp_dir("exists");
  const std::string path = dir + "/keep.h5";
  std::ofstream(path) << "precious";
  const auto r = run_command(run(" iterations=10 --quiet --out " + path));
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("exists") && Catch::Contains("--force"));
  CHECK(tl::testing::read_file(path) == "precious");
  CHECK_FALSE(file_exists(path + ".partial"));
  CHECK(run_command(run(" iterations=10 --quiet --force --out " + path)).exit_code == 0);
  CHECK(tl::ResultFile(path).status() == "complete");
}

TEST_CASE("an interrupted run leaves no file that claims to be complete", "[cli][interrupt]") {
  const std::string dir = temp_dir("interrupt");
  const std::string path = dir + "/i.h5";
  // Many cheap points; SIGINT after a moment; the run stops taking points and exits 130.
  const auto r = run_command("(" + run(" problem=T2 solver=fw_constant 'n=lin(2,2001,2000)' iterations=20000 --threads 2 --out " +
                                       path) + " & pid=$!; sleep 1; kill -INT $pid; wait $pid)");
  CHECK(r.exit_code == 130);
  CHECK_THAT(r.err, Catch::Contains("interrupted"));
  CHECK_FALSE(file_exists(path));
  CHECK_FALSE(file_exists(path + ".partial"));
}

TEST_CASE("tl-inspect reads what run wrote and rejects foreign and truncated files", "[cli][inspect]") {
  const std::string dir = temp_dir("inspect");
  REQUIRE(run_command(run(kSweep + " --quiet --out " + dir + "/r.h5")).exit_code == 0);
  const auto overview = run_command(tool("inspect") + " " + dir + "/r.h5");
  CHECK(overview.exit_code == 0);
  for (const char* part : {"provenance:", "git_commit", "hdf5_version", "parameters:", "contents:", "/table/solver", "table (12 rows)", "claims:"})
    CHECK_THAT(overview.out, Catch::Contains(part));
  const auto csv = run_command(tool("inspect") + " " + dir + "/r.h5 --csv");
  CHECK(csv.exit_code == 0);
  CHECK(std::count(csv.out.begin(), csv.out.end(), '\n') == 13);  // header + 12 rows
  const auto one = run_command(tool("inspect") + " " + dir + "/r.h5 /table/n");
  CHECK(one.exit_code == 0);
  CHECK(std::count(one.out.begin(), one.out.end(), '\n') == 13);
  CHECK(run_command(tool("inspect") + " " + dir + "/r.h5 /no/such").exit_code == 2);

  std::ofstream(dir + "/text.h5") << "hello";
  const std::string bytes = tl::testing::read_file(dir + "/r.h5");
  std::ofstream(dir + "/cut.h5", std::ios::binary) << bytes.substr(0, bytes.size() / 3);
  for (const std::string bad : {"/text.h5", "/cut.h5", "/missing.h5"}) {
    INFO(bad);
    const auto r = run_command(tool("inspect") + " " + dir + bad);
    CHECK(r.exit_code == 2);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  }
  // A journal or .partial path that does not exist is a missing file, not an unfinished run.
  std::ofstream(dir + "/run.h5.journal") << "";
  const std::vector<std::pair<std::string, std::string>> named = {
      {"/missing.h5.journal", "no such file"}, {"/missing.h5.partial", "no such file"},
      {"/run.h5.journal", "the journal of an unfinished run"}};
  for (const auto& [path, message] : named) {
    INFO(path);
    const auto r = run_command(tool("inspect") + " " + dir + path);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains(message));
  }
}

TEST_CASE("h5dump shows the provenance without theorylab", "[cli][h5dump]") {
  const std::string dir = temp_dir("h5dump");
  REQUIRE(run_command(run(" iterations=10 --quiet --out " + dir + "/r.h5")).exit_code == 0);
  const auto dump = run_command("h5dump -A " + dir + "/r.h5");
  REQUIRE(dump.exit_code == 0);
  for (const char* attribute : {"schema", "theorylab/2", "command_line", "git_commit", "compiler_flags", "eigen_version",
                                "boost_version", "hdf5_version", "cpu_model", "started_utc", "wall_seconds", "status", "complete"})
    CHECK_THAT(dump.out, Catch::Contains(attribute));
}

TEST_CASE("'+' joins blocks: the run is the union of their products", "[cli][blocks]") {
  const std::string dir = temp_dir("blocks");
  const auto r = run_command(run(" problem=T1 solver=projected_gradient,fw_open_loop n=4,6 iterations=50 + problem=T4 "
                                 "solver=reference --preset none --quiet --out " + dir + "/b.h5"));
  REQUIRE(r.exit_code == 0);
  const tl::ResultFile f(dir + "/b.h5");
  CHECK(f.table_rows() == 2 * 2 + 1);  // the second block keeps the default n=4
  CHECK(f.params().at("problem") == "T1 + T4");
  CHECK(run_command(run(" n=4 + --quiet --out " + dir + "/c.h5")).exit_code == 2);
  CHECK_FALSE(file_exists(dir + "/c.h5"));
}
