#pragma once
// The generic checks every experiment must pass (docs/design.md, "theorylab as a
// package"), for the repository's experiments and for anyone's own: `theorylab check
// NAME` (also in an executable built with theorylab::main) prints them, and a test calls
//
//   #include "theorylab/check/check.hpp"
//   const auto findings = tl::check_experiment(tl::Registry::instance().find("my_check"),
//                                              tl::CheckOptions{"docs/science"});
//   for (const auto& f : findings) FAIL_CHECK(tl::format_finding(f));
//
// The checks, by name (CheckFinding::check):
//   science_page  DOCS/NAME.md exists, is titled "# NAME", names every claim id as a whole
//                 word, and the description points to docs/science/NAME.md
//   resolution    every claim declares its resolution (ClaimSpec::needs_* or exact)
//   presets       "quick" and "default" exist
//   quick_run     the quick preset runs in memory: no row throws, the reduction succeeds
//   verdicts      every claim of that run gets a verdict (none left pending)
//   cost_model    the cost model's sum over the quick rows is within CheckOptions::
//                 cost_factor of the rows' measured CPU time (the cpu_seconds column)
//   sentinels     no numeric /table or summary column holds a "missing" marker (-1,
//                 9999, 1e300...; NaN is the convention), no integer column is negative,
//                 no /table number is infinite
//   threads       the quick preset at 1 and 2 threads gives bit-identical rows (the
//                 *_seconds columns aside), series and claims
//   figures       the experiment declares at least one figure (ExperimentInfo::figures),
//                 every declaration is well formed (figure_problems), and every figure
//                 that applies to the quick run has points to draw from it (the run
//                 written to a temporary result file, each figure resolved by
//                 report/figure_plan.hpp: its table, columns and series exist, a row is
//                 left after its adapted filters, a finite point, positive on a log axis)
// The quick preset is run twice (1 and 2 threads): keep it small (seconds).
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "theorylab/core/experiment.hpp"
#include "theorylab/core/summary.hpp"
#include "theorylab/io/result_file.hpp"

namespace tl {

struct CheckOptions {
  // The folder of science pages: DOCS/NAME.md. Relative paths are to the current folder.
  std::string docs_dir = "docs/science";
  // false: only the checks that run nothing (science_page, resolution, presets).
  bool run = true;
  // The cost model must be within this factor of the measured CPU time, both ways.
  double cost_factor = 3;
  // Below this many measured CPU seconds (and an estimate below cost_factor times it) the
  // ratio is timer noise: the cost check passes.
  double min_cpu_seconds = 0.02;
  std::uint64_t seed = 1;
};

struct CheckFinding {
  std::string check;    // one of check_names()
  std::string message;  // what is wrong, one line
  std::string fix;      // how to fix it, one line
};

// Every check's name, in the order check_experiment runs them.
const std::vector<std::string>& check_names();

// Runs every check on `experiment`; empty: it passes. Throws Cancelled if a cancellation
// is requested while the quick preset runs.
std::vector<CheckFinding> check_experiment(const Experiment& experiment, const CheckOptions& options = {});

// "FAIL science_page: docs/science/x.md does not exist\n     fix: write it: ..." (no final newline).
std::string format_finding(const CheckFinding& finding);

// ---- the pieces, for callers that have the data another way (the repository's tests
// check result files written by the real binary) ----------------------------------------
std::vector<CheckFinding> check_science_page(const ExperimentInfo& info, const std::string& docs_dir);
std::vector<CheckFinding> check_resolutions(const ExperimentInfo& info);
// The declarations alone (runs nothing): at least one figure, none malformed.
std::vector<CheckFinding> check_figure_declarations(const ExperimentInfo& info);
// Every figure of `info` that applies to `file` (a run of that experiment) has points
// to draw; and at least one applies.
std::vector<CheckFinding> check_figures_draw(const ExperimentInfo& info, const ResultFile& file);
// `id` as a whole word of `text` (alpha_n does not match inside alpha_n_a04).
bool names_id(const std::string& text, const std::string& id);
// A value code writes when it means "missing": -1, -99.., 9999.., |v| >= 1e300 (not NaN).
bool is_sentinel(double value);
// Numeric columns of `columns` other than those in `inputs` (parameters, seed): no
// sentinel; integers >= 0; with `finite_or_nan`, no infinity. `where` names the table.
std::vector<CheckFinding> check_sentinels(const std::string& where, const std::vector<Column>& columns,
                                          const std::set<std::string>& inputs, bool finite_or_nan);
// The cost model's estimate (sum of cost_seconds over the rows; `unknown_rows` rows it
// does not know) against the measured CPU seconds of the same rows.
std::vector<CheckFinding> check_cost_model(const std::string& experiment, double estimated, double measured,
                                           std::size_t unknown_rows, const CheckOptions& options = {});

}  // namespace tl
