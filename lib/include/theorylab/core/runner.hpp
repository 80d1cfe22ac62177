#pragma once
// Runs an experiment's points on a thread pool and hands each finished row to a sink
// (the journal of a durable run, or memory); then reduces. Knows nothing of files
// (see io/).
//
// Determinism: row i's generator is seeded from (run seed, i) only, so a row does not
// depend on the thread that ran it, on the order, on resume, or on sharding.
// Cancellation: workers stop taking points once tl::request_cancellation() is called;
// a point in progress stops at its next tl::throw_if_cancelled() and leaves no row.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "theorylab/core/experiment.hpp"
#include "theorylab/core/sweep_points.hpp"

namespace tl {

struct RunOptions {
  std::uint64_t seed = 1;
  int seeds = 1;         // replicates of every point (a block's "seeds=K" overrides)
  int threads = 1;
  bool progress = true;  // on stderr
  std::string preset;
  // Rows not to run: already durable (resume), or another shard's. Empty: run all.
  std::function<bool(std::size_t row)> skip;
  std::size_t skipped = 0;    // how many rows `skip` excludes (for progress)
  std::size_t reused = 0;     // of those, rows reused from an earlier run (progress)
  // Rows handed out in this order (e.g. heaviest first); empty: row order. Rows keep
  // their index whatever the order.
  std::vector<std::size_t> order;
};

// Receives finished rows from worker threads (must be thread-safe). Rows arrive in
// any order; row.point().index() says where each belongs.
class RowSink {
 public:
  virtual ~RowSink() = default;
  virtual void put(Row&& row) = 0;
};

struct MapOutcome {
  std::size_t completed = 0;      // rows handed to the sink
  std::size_t failed_points = 0;  // of those, rows whose run_point threw ("error" column)
  bool interrupted = false;       // cancelled before every wanted row was done
  double wall_seconds = 0;
};

// The name of the /table column in which every row records its CPU seconds.
inline constexpr const char* kCpuSecondsColumn = "cpu_seconds";

// experiment.run_point(point, rng), with the row's CPU time (its thread's and whatever
// inner threads charge, cpu_time.hpp) added as the column kCpuSecondsColumn (unit s).
// Like every *_seconds column it is excluded from the bit-identity of results.
// Exceptions of run_point pass through.
Row run_point_measured(const Experiment& experiment, const Point& point, Rng& rng);

// Runs every row of `points` that `options.skip` does not exclude. Throws the first
// UsageError a run_point throws (a bad combination of values); other exceptions become
// the row's "error" column. An exception from sink.put (the journal cannot take a row)
// stops every worker and is rethrown here once they have joined.
MapOutcome run_points(const Experiment& experiment, const SweepPoints& points, const RunOptions& options, RowSink& sink);

// Declares the experiment's claims in `summary`, then runs its reduction. Returns ""
// on success, else the reduction's error (a UsageError propagates).
std::string reduce_results(const Experiment& experiment, const RunResults& results, Summary& summary);

// ---- in memory: tests, benchmarks ------------------------------------------------
struct RunOutcome {
  std::vector<Row> rows;
  Summary summary;
  bool interrupted = false;
  std::size_t failed_points = 0;  // rows whose run_point threw (their "error" column)
  std::string reduce_error;       // non-empty if reduce threw: rows are kept, claims pending
  double wall_seconds = 0;
};

// The points of a sweep with replicates, in order (materialised: small sweeps only).
std::vector<Point> enumerate_points(const Sweep& sweep, int seeds, std::uint64_t run_seed);

// run_points into memory, then reduce_results over the rows.
RunOutcome run_experiment(const Experiment& experiment, const Sweep& sweep, const RunOptions& options);

}  // namespace tl
