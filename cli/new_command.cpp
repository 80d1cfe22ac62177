#include "new_command.hpp"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>

#include "theorylab/core/error.hpp"
#include "theorylab/core/experiment.hpp"

namespace fs = std::filesystem;

namespace tl::cli {

namespace {

const char* kHelp =
    "usage: theorylab new NAME [DIR]\n"
    "  Writes DIR (default ./NAME): a project of one experiment NAME that builds against the installed\n"
    "  theorylab and passes its own test as written:\n"
    "    CMakeLists.txt              find_package(theorylab CONFIG), theorylab_add_executable(NAME ...), the test\n"
    "    NAME.cpp                    the experiment: a parameter, presets quick and default, a claim with its\n"
    "                                resolution, a series, a cost model, cancellation\n"
    "    tests/NAME_test.cpp         Catch2: tl::check_experiment (the checks of `NAME check NAME`)\n"
    "    docs/science/NAME.md        the science page the check requires\n"
    "    README.md                   how to build, run, test and change it\n"
    "  NAME: snake_case ([a-z][a-z0-9_]*), not an experiment this program already has.\n"
    "  Then: cmake -S DIR -B DIR/build [-DCMAKE_PREFIX_PATH=PREFIX] && cmake --build DIR/build &&\n"
    "        DIR/build/NAME run NAME --preset quick    (docs/writing-an-experiment.md walks through it)\n";

// ---- the templates: @NAME@ is the experiment's name, @CLASS@ its CamelCase ------------
const char* kCMakeLists = R"TL(# @NAME@: an experiment built against the installed theorylab (written by `theorylab new`).
cmake_minimum_required(VERSION 3.18)
project(@NAME@ LANGUAGES CXX)
set(CMAKE_CXX_STANDARD 17)
if(NOT CMAKE_BUILD_TYPE)
  set(CMAKE_BUILD_TYPE Release)
endif()

# Finds Eigen, Boost, HDF5 (and MPI if theorylab has it) itself. Not in /usr or /usr/local:
# cmake -DCMAKE_PREFIX_PATH=PREFIX (the folder of `make install PREFIX=...`).
find_package(theorylab 0.1 CONFIG REQUIRED)

# The experiments (one file each; add more here), compiled once for the program and the test.
add_library(@NAME@_experiments OBJECT @NAME@.cpp)
target_link_libraries(@NAME@_experiments PUBLIC theorylab::theorylab)

# build/@NAME@: the whole theorylab command line for these experiments
# (list, describe, plan, run, --resume, --shard, merge, verify, check, submit slurm).
theorylab_add_executable(@NAME@ $<TARGET_OBJECTS:@NAME@_experiments>)

# ctest: the generic checks (science page, resolutions, quick preset, cost model,
# sentinels, 1 versus 2 threads), as `build/@NAME@ check @NAME@` runs them.
option(BUILD_TESTING "build the test (needs Catch2 v2: apt-get install catch2)" ON)
if(BUILD_TESTING)
  enable_testing()
  find_package(Catch2 2 REQUIRED)
  add_executable(@NAME@_test tests/@NAME@_test.cpp $<TARGET_OBJECTS:@NAME@_experiments>)
  target_link_libraries(@NAME@_test PRIVATE theorylab::theorylab Catch2::Catch2)
  target_compile_definitions(@NAME@_test PRIVATE DOCS_DIR="${CMAKE_CURRENT_SOURCE_DIR}/docs/science")
  # Catch2's main at -O0 compiles in 11 CPU-s instead of 19; the checks' work runs in the
  # experiment objects and libtheorylab, compiled optimised.
  target_compile_options(@NAME@_test PRIVATE -O0)
  add_test(NAME @NAME@_passes_theorylab_check COMMAND @NAME@_test)
endif()
)TL";

const char* kExperiment = R"TL(// @NAME@: the fraction of uniform points of the unit square inside the quarter disc
// x^2 + y^2 < 1 estimates pi/4. A template written by `theorylab new`: replace the
// science, keep the shape (docs/writing-an-experiment.md in theorylab explains each part).
#include <cmath>
#include <cstdint>
#include <vector>

#include "theorylab/core/cancellation.hpp"
#include "theorylab/core/experiment.hpp"

namespace {

constexpr double kPi = 3.14159265358979323846;

class @CLASS@ final : public tl::Experiment {
 public:
  tl::ExperimentInfo info() const override {
    tl::ExperimentInfo i;
    i.name = "@NAME@";
    i.title = "pi from the fraction of random points inside the quarter disc";
    i.source = "Monte Carlo integration (Metropolis and Ulam 1949)";
    i.description =
        "Draws `samples` uniform points of the unit square per sweep point and counts those inside the "
        "quarter disc; 4 x (pooled fraction) estimates pi. See docs/science/@NAME@.md.";
    // Parameters: typed, with a default, a range, a unit and help. Any of them can be swept:
    // `@NAME@ run @NAME@ samples=1000,10000` or 'samples=pow2(10,20)'.
    i.params = {tl::integer("samples", 100000).at_least(1).unit("points").help("points drawn per sweep point")};
    // Presets: key=value overrides. quick decides every claim in well under a second (tests
    // and `check` run it); default is what `run @NAME@` does. The last field: replicates.
    i.presets = {{"quick", {"samples=2000000,4000000"}, "two sizes, 2 replicates each", 2},
                 {"default", {"samples=pow2(20,24)"}, "five sizes, 4 replicates each", 4}};
    // Claims: what the source states, each with the resolution its verdict needs (here:
    // a 95% interval of half-width <= 0.01 tells pi from 3.13 and 3.15).
    i.claims = {tl::ClaimSpec{"estimates_pi", "4 x the fraction inside the quarter disc estimates pi",
                              "Metropolis and Ulam 1949"}
                    .needs_ci_half_width(0.01)};
    i.main_columns = {"estimate"};
    // Figures: what tl-report, `tl-plot FILE --figure NAME` and `check` draw from a result
    // file (theorylab/core/figure.hpp): /table columns (or a summary table's), replicates
    // as a mean with its 95% interval, a theory line, filters that adapt to the sweep.
    i.figures = {tl::Figure("estimate_vs_samples", "4 x the fraction inside against the points drawn, beside pi")
                     .x("samples").y({"estimate"}).logx().theory("3.14159265358979", "pi")};
    // The axes: the reduction pools every row, whatever its `samples`. Only declared axes
    // are pooled; any other key you sweep groups the summary: one reduction (and one claim
    // estimates_pi[key=value], a family controlled by Holm) per value.
    i.axes = {"samples"};
    return i;
  }

  // One point: a pure function of the point and its generator (seeded from the run seed
  // and the row index), so any thread count, resume or shard gives the same row.
  tl::Row run_point(const tl::Point& point, tl::Rng& rng) const override {
    const std::int64_t n = point.integer("samples");
    std::int64_t inside = 0;
    std::vector<double> running;  // the estimate after each tenth of the points
    for (std::int64_t i = 1; i <= n; ++i) {
      if ((i & 0xffff) == 0) tl::throw_if_cancelled();  // Ctrl-C stops within a fraction of a second
      const double x = rng.uniform(), y = rng.uniform();
      inside += x * x + y * y < 1 ? 1 : 0;
      if (i % ((n + 9) / 10) == 0 || i == n) running.push_back(4.0 * static_cast<double>(inside) / static_cast<double>(i));
    }
    tl::Row row;
    row.set("inside", inside, "points")
        .set("estimate", 4.0 * static_cast<double>(inside) / static_cast<double>(n))
        .series("running_estimate", running);
    return row;
  }

  // Across the rows: pool, decide the claim, tabulate.
  void reduce(const tl::RunResults& results, tl::Summary& summary) const override {
    double inside = 0, total = 0;
    long rows = 0;
    for (const tl::Row& r : results.rows()) {
      if (r.has("error")) continue;  // a row whose run_point threw
      inside += r.real("inside");
      total += static_cast<double>(r.point().integer("samples"));
      ++rows;
    }
    if (rows == 0) {
      summary.claim("estimates_pi").not_applicable("no row without an error");
      return;
    }
    const double p = inside / total, estimate = 4 * p;
    const double half = 1.96 * 4 * std::sqrt(p * (1 - p) / total);  // normal approximation, 95%
    summary.claim("estimates_pi").with_samples(rows).expect_inside(estimate - half, estimate + half, kPi, estimate);
    summary.scalar("pi_estimate", estimate, "1", "4 x the pooled fraction inside");
    summary.table("pooled", "the pooled estimate and its 95% interval")
        .column("points", std::vector<double>{total}, "points")
        .column("estimate", std::vector<double>{estimate})
        .column("ci_lo", std::vector<double>{estimate - half})
        .column("ci_hi", std::vector<double>{estimate + half});
    summary.show("pooled");
  }

  // The CPU seconds of one point from its parameters (no work): `plan` sums it, and the
  // check wants it within 3x of the measured cpu_seconds column. Calibrate the constant:
  // run --preset default, then sum(cpu_seconds) / sum(samples) (tl-inspect FILE --csv);
  // 5e-9 s per point was measured on the machine theorylab new was written on.
  double cost_seconds(const tl::Point& point) const override {
    return 5e-9 * static_cast<double>(point.integer("samples"));
  }
};

}  // namespace

THEORYLAB_EXPERIMENT(@CLASS@);
)TL";

const char* kTest = R"TL(// The generic checks theorylab applies to its own experiments, on @NAME@ (the same as
// `build/@NAME@ check @NAME@`): each finding fails the test with a one-line fix.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include "theorylab/check/check.hpp"

TEST_CASE("@NAME@ passes theorylab's generic checks") {
  tl::CheckOptions options;
  options.docs_dir = DOCS_DIR;  // docs/science of this project (CMakeLists.txt)
  const auto findings = tl::check_experiment(tl::Registry::instance().find("@NAME@"), options);
  for (const tl::CheckFinding& f : findings) FAIL_CHECK(tl::format_finding(f));
}
)TL";

const char* kSciencePage = R"TL(# @NAME@: pi from random points in the quarter disc

**Source.** Monte Carlo integration (N. Metropolis and S. Ulam, *The Monte Carlo method*,
JASA 44, 1949): the area of the quarter disc x² + y² < 1 in the unit square is π/4, so
the fraction of uniform points inside it estimates π/4.

**What a run does.** Each sweep point draws `samples` points and counts those inside;
the reduction pools every row (`samples` is its declared axis) and
computes 4 × (inside / total) with a 95% normal-approximation interval.

## Claims

| claim | statement | resolution | why that resolution |
|---|---|---|---|
| `estimates_pi` | 4 × the pooled fraction estimates π: its 95% interval contains π | 95% CI half-width ≤ 0.01 | tells π from 3.13 and 3.15; the quick preset (1.2·10⁷ points) reaches about 0.001 |

A failure would mean a biased generator or a wrong count; an inconclusive verdict means
too few points (fewer than about 10⁵ for this resolution).
)TL";

const char* kReadme = R"TL(# @NAME@

An experiment built against the installed [theorylab](https://github.com/) package,
written by `theorylab new @NAME@`.

```sh
cmake -S . -B build                      # -DCMAKE_PREFIX_PATH=PREFIX if theorylab is not in /usr or /usr/local
cmake --build build -j 2
build/@NAME@ run @NAME@ --preset quick --out quick.h5   # prints the claim with its verdict
ctest --test-dir build                   # the generic checks (build/@NAME@ check @NAME@ prints them)
tl-inspect quick.h5                      # every tl-* tool reads the file
```

- `@NAME@.cpp`: the experiment (parameters, presets, claims, run_point, reduce, cost model).
  Add experiments as files next to it and list them in `CMakeLists.txt`.
- `docs/science/@NAME@.md`: the science page; `check` wants it titled `# @NAME@` and
  naming every claim id.
- `tests/@NAME@_test.cpp`: calls `tl::check_experiment` (needs Catch2 v2; configure
  with `-DBUILD_TESTING=OFF` without it).

`build/@NAME@` is the whole theorylab command line for your experiments: `list`,
`describe`, `plan`, `run` (`--resume`, `--shard K/N`), `merge`, `verify`, `check`,
`submit slurm`.
)TL";

std::string fill(std::string text, const std::string& name, const std::string& klass) {
  for (const auto& [key, value] : {std::pair<std::string, std::string>{"@NAME@", name}, {"@CLASS@", klass}})
    for (std::size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size()))
      text.replace(at, key.size(), value);
  return text;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> new_project_files(const std::string& name) {
  std::string klass;
  bool upper = true;
  for (char c : name) {
    if (c == '_') {
      upper = true;
      continue;
    }
    klass += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return {{"CMakeLists.txt", fill(kCMakeLists, name, klass)},
          {name + ".cpp", fill(kExperiment, name, klass)},
          {"tests/" + name + "_test.cpp", fill(kTest, name, klass)},
          {"docs/science/" + name + ".md", fill(kSciencePage, name, klass)},
          {"README.md", fill(kReadme, name, klass)},
          {".gitignore", "build/\n*.h5\n*.h5.journal\n"}};
}

int command_new(const std::vector<std::string>& args) {
  std::vector<std::string> words;
  for (const std::string& a : args) {
    if (a == "--help" || a == "-h") {
      std::cout << kHelp;
      return 0;
    }
    if (!a.empty() && a[0] == '-') throw UsageError("'new' has no option '" + a + "' (theorylab new --help)");
    words.push_back(a);
  }
  if (words.empty()) throw UsageError("'new' needs an experiment name: theorylab new NAME [DIR]");
  if (words.size() > 2) throw UsageError("'new' takes NAME and DIR, got extra '" + words[2] + "'");
  const std::string& name = words[0];
  if (!std::regex_match(name, std::regex("[a-z][a-z0-9_]{0,47}")) || name.back() == '_' || name.find("__") != std::string::npos)
    throw UsageError("the name '" + name + "' is not snake_case (a-z, 0-9 and single '_', starting with a letter, at most 48)");
  for (const char* reserved : {"all", "test", "install", "clean", "help", "package", "theorylab"})
    if (name == reserved) throw UsageError("the name '" + name + "' is reserved (a CMake target or theorylab itself); choose another");
  for (const Experiment* e : Registry::instance().all(true))
    if (e->info().name == name)
      throw UsageError("'" + name + "' is the name of an experiment this program already has (" + name + ": " +
                       e->info().title + "); choose another");
  const fs::path dir = words.size() > 1 ? fs::path(words[1]) : fs::path(name);
  std::error_code ec;
  if (fs::exists(dir, ec) || fs::is_symlink(dir, ec)) throw UsageError(dir.string() + " exists; give a new folder");
  const fs::path parent = fs::absolute(dir).parent_path();
  if (!fs::is_directory(parent, ec)) throw UsageError("the folder " + parent.string() + " (where " + dir.string() + " would go) does not exist");
  // Written into a temporary sibling, renamed at the end: never half a project.
  const fs::path temp = parent / (".theorylab-new-" + dir.filename().string());
  fs::remove_all(temp, ec);
  try {
    for (const auto& [path, text] : new_project_files(name)) {
      const fs::path file = temp / path;
      fs::create_directories(file.parent_path());
      std::ofstream out(file);
      out << text;
      out.close();
      if (!out) throw std::runtime_error("cannot write " + file.string());
    }
    fs::rename(temp, dir);
  } catch (const std::exception& e) {
    fs::remove_all(temp, ec);
    throw UsageError("cannot write " + dir.string() + ": " + e.what());
  }
  std::cout << "wrote " << dir.string() << "/: CMakeLists.txt, " << name << ".cpp, tests/" << name << "_test.cpp, docs/science/"
            << name << ".md, README.md\n"
            << "next:\n"
            << "  cmake -S " << dir.string() << " -B " << (dir / "build").string()
            << "   # -DCMAKE_PREFIX_PATH=PREFIX if theorylab is not in /usr or /usr/local\n"
            << "  cmake --build " << (dir / "build").string() << " -j 2\n"
            << "  " << (dir / "build" / name).string() << " run " << name << " --preset quick\n"
            << "  ctest --test-dir " << (dir / "build").string() << "\n";
  return 0;
}

}  // namespace tl::cli
