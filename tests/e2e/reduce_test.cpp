// `theorylab reduce` (the reduction again, on stored rows) and the build identity that
// keeps a resume from mixing the rows of two builds. Through the real command line
// (theorylab-fixtures; its fixture_durable reads an edited reduction from
// $THEORYLAB_FIXTURE_BOUND and $THEORYLAB_FIXTURE_NEEDS).
#include <catch2/catch.hpp>

#include <signal.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "support/compare_files.hpp"
#include "support/durable_fixture.hpp"
#include "support/journal_rows.hpp"
#include "support/process.hpp"
#include "theorylab/core/sweep_points.hpp"
#include "theorylab/io/journal.hpp"

using namespace tl::testing;

namespace {

const std::string kSweep = " --preset none 'a=lin(1,6,6)' 'b=1,2' n=20";

std::string fixture(const std::string& args) { return fixtures_bin() + " " + args; }

const tl::Claim& claim(const std::vector<tl::Claim>& claims, const std::string& id) {
  for (const tl::Claim& c : claims)
    if (c.id() == id) return c;
  FAIL("no claim " << id);
  throw;
}

}  // namespace

TEST_CASE("reduce: a result file reduced by the same build is identical to it, and an edited claim changes only itself",
          "[reduce]") {
  const std::string dir = temp_dir("reduce");
  const std::string run = dir + "/run.h5", again = dir + "/again.h5", edited = dir + "/edited.h5";
  REQUIRE(run_command(fixture("run fixture_durable" + kSweep + " --quiet --out " + run)).exit_code == 0);
  auto r = run_command(fixture("reduce " + run + " --out " + again));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("reduced the 12 rows"));
  require_identical_results(run, again);
  const tl::ResultFile reduced(again);
  CHECK(reduced.attribute("rows_git_commit") == tl::ResultFile(run).attribute("git_commit"));

  r = run_command("THEORYLAB_FIXTURE_BOUND=0 " + fixture("reduce " + run + " --out " + edited + " --quiet"));
  REQUIRE(r.exit_code == 0);
  const auto before = tl::ResultFile(run).claims(), after = tl::ResultFile(edited).claims();
  CHECK(claim(before, "mean_small").verdict() == tl::Verdict::Pass);
  CHECK(claim(after, "mean_small").verdict() == tl::Verdict::Fail);
  CHECK(claim(after, "mean_small").expected() == "<= 0");
  CHECK(claim(after, "draws_positive").verdict() == claim(before, "draws_positive").verdict());
  CHECK(claim(after, "draws_positive").measured() == claim(before, "draws_positive").measured());
}

TEST_CASE("reduce: shards of a sweep, and the refusals", "[reduce]") {
  const std::string dir = temp_dir("reduce-shards");
  const std::string whole = dir + "/whole.h5", out = dir + "/reduced.h5";
  REQUIRE(run_command(fixture("run fixture_durable" + kSweep + " --quiet --out " + whole)).exit_code == 0);
  for (int k = 0; k < 2; ++k)
    REQUIRE(run_command(fixture("run fixture_durable" + kSweep + " --quiet --shard " + std::to_string(k) + "/2 --out " + dir +
                                "/s" + std::to_string(k) + ".h5"))
                .exit_code == 0);
  auto r = run_command(fixture("reduce " + dir + "/s0.h5 " + dir + "/s1.h5 --out " + out + " --quiet"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  require_identical_results(whole, out);

  // A reduction that needs a column the rows do not have: exit 2 naming it, no file.
  r = run_command("THEORYLAB_FIXTURE_NEEDS=temperature " + fixture("reduce " + whole + " --out " + dir + "/x.h5"));
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("temperature"));
  CHECK_FALSE(file_exists(dir + "/x.h5"));
  CHECK_FALSE(file_exists(dir + "/x.h5.partial"));
  // Output exists, output is the input, not a result file, no such file.
  r = run_command(fixture("reduce " + whole + " --out " + out));
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("exists"));
  r = run_command(fixture("reduce " + whole + " --out " + whole + " --force"));
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("is an input"));
  r = run_command("echo hello > " + dir + "/text && " + fixture("reduce " + dir + "/text --out " + dir + "/y.h5"));
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("neither a theorylab result file nor a shard file"));
  r = run_command(fixture("reduce " + dir + "/missing.h5 --out " + dir + "/y.h5"));
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("no such file"));
}

// The journal of an interrupted run, rewritten as a build with other code would have
// written it: the same rows, another build identity (what git_commit.cmake gives an
// edited tree; tested below).
void rewrite_as_other_build(const std::string& journal, const std::string& other_version) {
  const tl::JournalReader reader(journal);
  tl::RunIdentity identity = reader.identity();
  identity.version = other_version;
  tl::testing::FixtureDurable fixture;
  tl::Sweep sweep(fixture.info().params);
  sweep.assign("a=lin(1,50,50)");
  sweep.assign("sleep_ms=20");
  const tl::SweepPoints points(sweep, 1, 1);
  REQUIRE(points.size() == identity.rows);
  const std::string copy = journal + ".other";
  {
    auto writer = tl::JournalWriter::lock(copy);
    writer->start(identity);
    for (std::size_t row = 0; row < identity.rows; ++row)
      if (reader.has(row)) writer->append(reader.read(reader.offset(row), points));
  }
  std::filesystem::rename(copy, journal);
}

TEST_CASE("resume refuses the rows of another build, naming both, and the same build resumes", "[reduce][identity]") {
  const std::string dir = temp_dir("identity");
  const std::string out = dir + "/r.h5";
  const std::string args = " run fixture_durable --preset none 'a=lin(1,50,50)' sleep_ms=20 --threads 1 --quiet --out " + out;
  const Child child = start_command(fixtures_bin() + args);
  REQUIRE(wait_for_rows(out + ".journal", 3));
  kill(child.pid, SIGKILL);
  wait_child(child);
  const std::string here = tl::JournalReader(out + ".journal").identity().version;
  const std::string other = "0.0.0 (0123456789ab-dirty-fedcba987654)";
  REQUIRE(here != other);
  const std::string journal_copy = dir + "/kept.journal";
  std::filesystem::copy_file(out + ".journal", journal_copy);

  rewrite_as_other_build(out + ".journal", other);
  auto r = run_command(fixtures_bin() + args + " --resume");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("the build differs") && Catch::Contains(here) && Catch::Contains(other));
  CHECK_FALSE(file_exists(out));

  // The same rows, the same build: resumed.
  std::filesystem::copy_file(journal_copy, out + ".journal", std::filesystem::copy_options::overwrite_existing);
  r = run_command(fixtures_bin() + args + " --resume");
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(file_exists(out));
}

namespace {

// The identity cmake/git_commit.cmake writes for the tree at `dir`.
std::string identity_of_tree(const std::string& dir) {
  const std::string header = dir + "/../identity.hpp";
  const auto r = run_command("cmake -DSOURCE_DIR=" + dir + " -DOUT=" + header + " -P " + std::string(THEORYLAB_SOURCE_DIR) +
                             "/cmake/git_commit.cmake && grep THEORYLAB_GIT_COMMIT " + header);
  REQUIRE(r.exit_code == 0);
  const auto first = r.out.find('"'), last = r.out.rfind('"');
  REQUIRE(last > first);
  return r.out.substr(first + 1, last - first - 1);
}

}  // namespace

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
  REQUIRE(out.good());
}

TEST_CASE("the build identity sees every edit: tracked changes and untracked sources", "[reduce][identity]") {
  const std::string root = temp_dir("git-identity"), tree = root + "/tree";
  REQUIRE(run_command("mkdir -p " + tree).exit_code == 0);
  write_text(tree + "/f.cpp", "int f() { return 1; }\n");
  REQUIRE(run_command("cd " + tree + " && git init -q && git add f.cpp && git -c user.email=t@t -c user.name=t commit -qm one")
              .exit_code == 0);
  const std::string clean = identity_of_tree(tree);
  CHECK(clean.find("dirty") == std::string::npos);
  // An untracked source file marks the build dirty.
  write_text(tree + "/g.hpp", "int g();\n");
  const std::string untracked = identity_of_tree(tree);
  CHECK(untracked.rfind(clean + "-dirty-", 0) == 0);
  // Another content of the same untracked file: another identity.
  write_text(tree + "/g.hpp", "int g(int);\n");
  const std::string untracked2 = identity_of_tree(tree);
  CHECK(untracked2 != untracked);
  // Two different edits of a tracked file (same size, same second): two identities;
  // undoing them: clean again.
  std::filesystem::remove(tree + "/g.hpp");
  write_text(tree + "/f.cpp", "int f() { return 2; }\n");
  const std::string edit1 = identity_of_tree(tree);
  write_text(tree + "/f.cpp", "int f() { return 3; }\n");
  const std::string edit2 = identity_of_tree(tree);
  CHECK(edit1.rfind(clean + "-dirty-", 0) == 0);
  CHECK(edit2.rfind(clean + "-dirty-", 0) == 0);
  CHECK(edit1 != edit2);
  REQUIRE(run_command("cd " + tree + " && git checkout -q f.cpp").exit_code == 0);
  CHECK(identity_of_tree(tree) == clean);
  // A file the build does not compile (notes.txt) leaves it clean.
  write_text(tree + "/notes.txt", "notes\n");
  CHECK(identity_of_tree(tree) == clean);
}
