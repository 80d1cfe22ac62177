#pragma once
// What a run will do, before it does it: the blocks, the number of points and
// replicates, the swept keys with their values, and the CPU time the experiment's cost
// model expects. `theorylab run ... --dry-run` (alias `theorylab plan ...`) prints it
// and stops; every run prints its one-line estimate before it starts.
#include <ostream>
#include <string>

#include "run_request.hpp"

namespace tl::cli {

struct PlanEstimate {
  std::size_t rows = 0;
  double cpu_seconds = 0;      // sum of cost_seconds over the rows (NaN: unknown)
  std::size_t unknown = 0;     // rows whose cost the model does not know
};

PlanEstimate estimate(const RunRequest& request);
void print_plan(std::ostream& out, const RunRequest& request);
std::string duration_text(double seconds);  // "3.2 s", "14 min", "2.5 h", "41 CPU-days"

}  // namespace tl::cli
