// `theorylab check NAME` and `theorylab new NAME [DIR]` through the real binaries: exit
// statuses, the failing check's line with its fix, and bad input (one line, exit 2,
// nothing written). Building a project that `new` wrote is the install test's part
// (tests/install/install_test.sh), against the installed package.
#include <catch2/catch.hpp>

#include <filesystem>

#include "support/process.hpp"

namespace fs = std::filesystem;
using tl::testing::fixtures_bin;
using tl::testing::run_command;
using tl::testing::temp_dir;
using tl::testing::theorylab_bin;

namespace {
const std::string kDocs = std::string(" --docs ") + THEORYLAB_SOURCE_DIR + "/tests/support/science";
}

TEST_CASE("check: exit 0 when every check passes, 1 with each failing check's line and fix", "[cli][check]") {
  const auto good = run_command(fixtures_bin() + " check fixture_check_good" + kDocs);
  INFO(good.out << good.err);
  CHECK(good.exit_code == 0);
  CHECK(good.out.find("ok   threads") != std::string::npos);
  CHECK(good.out.find("fixture_check_good: 0 of 9 checks failed") != std::string::npos);

  const auto page = run_command(fixtures_bin() + " check fixture_check_no_page" + kDocs);
  INFO(page.out << page.err);
  CHECK(page.exit_code == 1);
  CHECK(page.out.find("FAIL science_page: ") != std::string::npos);
  CHECK(page.out.find("fixture_check_no_page.md does not exist\n     fix: write it") != std::string::npos);
  CHECK(page.out.find("ok   cost_model") != std::string::npos);  // the others still run

  const auto cost = run_command(fixtures_bin() + " check fixture_check_cost_off" + kDocs);
  INFO(cost.out << cost.err);
  CHECK(cost.exit_code == 1);
  CHECK(cost.out.find("FAIL cost_model: the cost model says 0.3 CPU-s for the quick preset") != std::string::npos);

  const auto resolution = run_command(fixtures_bin() + " check fixture_check_no_resolution --static" + kDocs);
  INFO(resolution.out << resolution.err);
  CHECK(resolution.exit_code == 1);
  CHECK(resolution.out.find("FAIL resolution: claim mean_near_zero declares no resolution") != std::string::npos);
  CHECK(resolution.out.find("skip threads") != std::string::npos);
}

TEST_CASE("check: bad input exits 2 with one line", "[cli][check]") {
  for (const std::string& args : {std::string("nope"), std::string(""), std::string("gradient_max_scale --bogus"),
                                  std::string("gradient_max_scale extra"), std::string("gradient_max_scale --docs")}) {
    INFO(args);
    const auto r = run_command(theorylab_bin() + " check " + args);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find('\n') == r.err.size() - 1);
  }
  CHECK(run_command(theorylab_bin() + " check nope").err.find("valid: gradient_max_scale") != std::string::npos);
  const auto help = run_command(theorylab_bin() + " check --help");
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("tl::check_experiment") != std::string::npos);
}

TEST_CASE("new: writes the project, and bad input exits 2 with one line and writes nothing", "[cli][new]") {
  const std::string dir = temp_dir("new");
  const auto r = run_command("cd " + dir + " && " + theorylab_bin() + " new my_check");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  for (const char* f : {"CMakeLists.txt", "my_check.cpp", "tests/my_check_test.cpp", "docs/science/my_check.md", "README.md"})
    CHECK(fs::exists(dir + "/my_check/" + f));
  const std::string source = tl::testing::read_file(dir + "/my_check/my_check.cpp");
  CHECK(source.find("class MyCheck final : public tl::Experiment") != std::string::npos);
  CHECK(source.find("@NAME@") == std::string::npos);
  CHECK(tl::testing::read_file(dir + "/my_check/docs/science/my_check.md").rfind("# my_check", 0) == 0);
  CHECK(run_command(theorylab_bin() + " new other " + dir + "/elsewhere/other").exit_code == 2);  // no parent folder

  REQUIRE(run_command(theorylab_bin() + " new second " + dir + "/second_dir").exit_code == 0);
  CHECK(fs::exists(dir + "/second_dir/second.cpp"));

  for (const std::string& args : {"my_check " + dir + "/my_check", "MyCheck " + dir + "/x1", "my-check " + dir + "/x2",
                                  "2fast " + dir + "/x3", "gradient_max_scale " + dir + "/x4", "test " + dir + "/x5",
                                  std::string(""), std::string("a b c"), std::string("--bogus")}) {
    INFO(args);
    const auto bad = run_command(theorylab_bin() + " new " + args);
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find('\n') == bad.err.size() - 1);
  }
  CHECK(run_command(theorylab_bin() + " new gradient_max_scale " + dir + "/x4").err.find("already has") != std::string::npos);
  CHECK(run_command(theorylab_bin() + " new my_check " + dir + "/my_check").err.find("exists") != std::string::npos);
  CHECK(run_command(theorylab_bin() + " new MyCheck " + dir + "/x1").err.find("snake_case") != std::string::npos);
  std::size_t entries = 0;
  for (const auto& e : fs::directory_iterator(dir)) ++entries, (void)e;
  CHECK(entries == 2);  // my_check and second_dir: nothing else, no temporary left
}
