#pragma once
// The table of a source, as tl-tables and tl-summarize write it: for every claim the
// source's value, this run's value, the tolerance or confidence interval, the
// difference (when both values are numbers) and the verdict.
#include <optional>
#include <string>
#include <vector>

#include "theorylab/core/claim.hpp"
#include "theorylab/io/result_file.hpp"
#include "theorylab/report/grid.hpp"

namespace tl {

// The experiment's science page, relative to the repository root: what its source states,
// the formulas, every part and what each claim checks ("docs/science/NAME.md").
std::string science_page(const std::string& experiment);

// "pass", "FAIL", "fail (expected)", "INCONCLUSIVE", "n/a", "PENDING".
std::string verdict_label(const Claim& claim);

// The claim's expected value as a number: the whole text when it is one number ("0.84",
// "1e-09"), or the bound of "<= b" / ">= b"; nothing for intervals and words.
std::optional<double> numeric_expected(const Claim& claim);
// measured - expected (or - the bound) when both are numbers, else NaN.
double claim_difference(const Claim& claim);

// One row per claim. `exact`: numbers round-trip (CSV); else 4 significant digits.
// Columns: claim, statement, source, source's value, this run, tolerance / CI,
// difference, verdict, note.
Grid claims_grid(const std::vector<Claim>& claims, bool exact);

// The canonical result file of a preset: DIR/EXPERIMENT-PRESET.h5, the file `make run`
// writes. Tables and plots read exactly this file, never another one that happens to
// record the same preset (a run with extra command-line keys is a different run).
std::string canonical_result_path(const std::string& dir, const std::string& experiment, const std::string& preset);

// Why `path` cannot stand for the preset's run, or "" when it can: it must be a readable,
// complete result file of `experiment` whose preset is `preset` and whose recorded
// command line adds no parameter (key=value) to the preset. A missing file: "missing".
std::string canonical_result_problem(const std::string& path, const std::string& experiment, const std::string& preset);

}  // namespace tl
