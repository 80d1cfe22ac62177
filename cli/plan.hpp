#pragma once
// What a run will do, before it does it: the blocks, the number of points and
// replicates, the swept keys with their values, and the CPU time the experiment's cost
// model expects (Experiment::cost_seconds, summed over the rows). `theorylab run ...
// --dry-run` (alias `theorylab plan ...`) prints it and stops; every run prints the
// same estimate line on stderr before it starts, and `describe` prints it per preset.
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "run_request.hpp"

namespace tl::cli {

struct PlanEstimate {
  std::size_t total_rows = 0;   // rows of the whole run
  std::size_t rows = 0;         // rows counted: not skipped (another shard's, done earlier)
  double cpu_seconds = 0;       // sum of cost_seconds over the counted rows the model knows
  double largest_row = 0;       // CPU seconds of the costliest such row (a lower bound on wall time)
  std::size_t unknown = 0;      // counted rows whose cost the model does not know (NaN)
  std::size_t skipped_done = 0; // rows skipped because an earlier run did them (resume)
};

// Sums the cost model over the request's rows, skipping those of other shards and
// those `done` names (rows already journaled; empty: none). No point is run.
PlanEstimate estimate(const RunRequest& request, const std::function<bool(std::size_t row)>& done = {});

// The one estimate line every run, --dry-run and describe print, e.g.
//   "estimate: 216 rows, about 40 CPU-s (≈20 s on 2 threads)"
//   "estimate: 54 of 216 rows (shard 1/4), about 9.5 CPU-s (≈4.8 s on 2 threads)"
//   "estimate: 216 rows, CPU time unknown (NAME has no cost model)"
// The wall time assumes the rows spread evenly over the threads, and is at least the
// costliest row's CPU time.
std::string estimate_line(const RunRequest& request, const PlanEstimate& estimate);

// The rows heaviest first by the cost model (ties in row order): RunOptions::order, so
// that the longest points do not start last and leave threads idle at the end. Rows keep
// their index, so results do not change. Empty (row order) when the model does not know
// every row, or past kMaxOrderedRows rows (the order's memory).
constexpr std::size_t kMaxOrderedRows = 1u << 22;
std::vector<std::size_t> heaviest_first(const RunRequest& request);

// The plan --dry-run prints; `done` (optional) marks rows already saved (plan --resume:
// the journal's rows), which the estimate leaves out.
void print_plan(std::ostream& out, const RunRequest& request, const std::function<bool(std::size_t)>& done = {});
std::string duration_text(double seconds);  // "3.2 s", "14 min", "2.5 h", "4.1 days"
std::string cpu_seconds_text(double seconds);  // two significant digits, no exponent: "0.53", "40", "2400"

}  // namespace tl::cli
