#pragma once
// Runs an experiment over a sweep: points on a thread pool, rows collected in row
// order, then reduce on the calling thread. Knows nothing of files (see io/).
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "theorylab/core/experiment.hpp"

namespace tl {

struct RunOptions {
  std::uint64_t seed = 1;
  int seeds = 1;         // replicates of every point
  int threads = 1;
  bool progress = true;  // on stderr
  std::string preset;
  // Set asynchronously (Ctrl-C) to stop taking new points.
  const std::atomic<bool>* interrupted = nullptr;
};

struct RunOutcome {
  std::vector<Row> rows;
  Summary summary;
  bool interrupted = false;
  std::size_t failed_points = 0;  // rows whose run_point threw (their "error" column)
  std::string reduce_error;       // non-empty if reduce threw: rows are kept, claims pending
  double wall_seconds = 0;
};

// The points of a sweep with replicates, in order: combination, then replicate (a
// block's own "seeds=K" overrides `seeds`).
std::vector<Point> enumerate_points(const Sweep& sweep, int seeds, std::uint64_t run_seed);

RunOutcome run_experiment(const Experiment& experiment, const Sweep& sweep, const RunOptions& options);

}  // namespace tl
