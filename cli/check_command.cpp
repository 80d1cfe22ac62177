#include "check_command.hpp"

#include <chrono>
#include <cstdio>
#include <iostream>

#include "theorylab/check/check.hpp"
#include "theorylab/core/error.hpp"

namespace tl::cli {

namespace {
const char* kHelp =
    "usage: theorylab check NAME [--docs DIR] [--static]\n"
    "  The checks every experiment must pass, each printed as ok or FAIL with a one-line fix:\n"
    "    science_page  DIR/NAME.md exists, is titled '# NAME', names every claim id; the description points to it\n"
    "    resolution    every claim declares its resolution (needs_ci_half_width, needs_samples or exact)\n"
    "    presets       'quick' and 'default' exist\n"
    "    quick_run     the quick preset runs (in memory, nothing written): no row throws, the reduction succeeds\n"
    "    verdicts      every claim gets a verdict (none pending)\n"
    "    cost_model    the cost model is within 3x of the quick rows' measured CPU time (cpu_seconds)\n"
    "    sentinels     no -1/9999/1e300 'missing' markers in numeric columns (NaN is the convention)\n"
    "    threads       the quick preset gives bit-identical rows and claims at 1 and 2 threads\n"
    "    figures       at least one figure is declared (ExperimentInfo::figures), and each one that applies\n"
    "                  has points to draw from the quick run (--static: the declarations only)\n"
    "  --docs DIR   the folder of science pages (default: docs/science of the current folder)\n"
    "  --static     only the checks that run nothing (science_page, resolution, presets)\n"
    "  Exit status: 0 all pass, 1 a check fails, 2 bad input (unknown experiment or option).\n"
    "  In a test: tl::check_experiment(experiment, options) (theorylab/check/check.hpp) returns the same findings.\n";
}  // namespace

int command_check(const std::vector<std::string>& args) {
  CheckOptions options;
  std::string name;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--help" || a == "-h") {
      std::cout << kHelp;
      return 0;
    } else if (a == "--docs") {
      if (i + 1 == args.size()) throw UsageError("--docs needs a folder");
      options.docs_dir = args[++i];
    } else if (a.rfind("--docs=", 0) == 0) {
      options.docs_dir = a.substr(7);
    } else if (a == "--static") {
      options.run = false;
    } else if (!a.empty() && a[0] == '-') {
      throw UsageError("'check' has no option '" + a + "' (theorylab check --help)");
    } else if (name.empty()) {
      name = a;
    } else {
      throw UsageError("'check' takes one experiment name, got extra '" + a + "'");
    }
  }
  if (name.empty()) throw UsageError("'check' needs an experiment name ('list' shows them)");
  const Experiment& experiment = Registry::instance().find(name);  // UsageError: exit 2
  const auto start = std::chrono::steady_clock::now();
  const std::vector<CheckFinding> findings = check_experiment(experiment, options);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::size_t failed = 0;
  for (const std::string& check : check_names()) {
    const bool ran = options.run || check == "science_page" || check == "resolution" || check == "presets";
    bool ok = true;
    for (const CheckFinding& f : findings)
      if (f.check == check) {
        std::cout << format_finding(f) << "\n";
        ok = false;
      }
    if (!ok)
      ++failed;
    else
      std::cout << (ran ? "ok   " : "skip ") << check << "\n";
  }
  std::printf("%s: %zu of %zu checks failed (%.1f s)\n", name.c_str(), failed, check_names().size(), seconds);
  return failed == 0 ? 0 : 1;
}

}  // namespace tl::cli
