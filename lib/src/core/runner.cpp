#include "theorylab/core/runner.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <mutex>
#include <thread>

#include "theorylab/core/cancellation.hpp"
#include "theorylab/core/cpu_time.hpp"
#include "theorylab/core/error.hpp"
#include "theorylab/core/grouping.hpp"
#include "theorylab/core/progress.hpp"

namespace tl {

namespace {
double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

class MemorySink final : public RowSink {
 public:
  explicit MemorySink(std::size_t rows) : rows_(rows) {}
  void put(Row&& row) override { rows_.at(row.point().index()) = std::move(row); }
  std::vector<Row> take() { return std::move(rows_); }

 private:
  std::vector<Row> rows_;  // each slot written by one worker only
};
}  // namespace

Row run_point_measured(const Experiment& experiment, const Point& point, Rng& rng) {
  const RowCpuMeter meter;
  Row row = experiment.run_point(point, rng);
  row.set(kCpuSecondsColumn, meter.seconds(), "s");
  return row;
}

MapOutcome run_points(const Experiment& experiment, const SweepPoints& points, const RunOptions& options, RowSink& sink) {
  const auto start = std::chrono::steady_clock::now();
  const std::size_t total = points.size();
  if (!options.order.empty() && options.order.size() != total)
    throw std::logic_error("run order has " + std::to_string(options.order.size()) + " rows for " + std::to_string(total));
  MapOutcome outcome;
  std::atomic<std::size_t> next{0}, completed{0}, failed{0};
  std::exception_ptr usage_error, sink_error;
  std::mutex error_mutex;
  std::atomic<bool> stop{false};
  Progress progress(experiment.info().name, total - (options.skipped - options.reused), options.progress, options.reused);

  // Workers take rows in the given order; each row's randomness comes only from its
  // own seed, so the rows do not depend on which thread ran them or when.
  auto run_worker = [&] {
    for (;;) {
      if (stop.load() || cancellation_requested()) return;
      const std::size_t k = next.fetch_add(1);
      if (k >= total) return;
      const std::size_t i = options.order.empty() ? k : options.order[k];
      if (options.skip && options.skip(i)) continue;
      const Point point = points.point(i);
      Rng rng(point.seed());
      Row row;
      try {
        row = run_point_measured(experiment, point, rng);
      } catch (const Cancelled&) {
        return;  // no row: the point runs again on resume
      } catch (const UsageError&) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (!usage_error) usage_error = std::current_exception();
        stop = true;
        return;
      } catch (const std::exception& e) {
        row = Row();
        row.set("error", std::string(e.what()));
      }
      if (row.has("error")) ++failed;
      row.set_point(point);
      try {
        sink.put(std::move(row));
      } catch (...) {  // the journal cannot take the row (disk full, I/O error): stop every worker,
        std::lock_guard<std::mutex> lock(error_mutex);  // rethrown after the join, never out of a thread
        if (!sink_error) sink_error = std::current_exception();
        stop = true;
        return;
      }
      ++completed;
      progress.advance();
    }
  };

  const std::size_t wanted = total - options.skipped;
  const int threads = std::max(1, std::min<int>(options.threads, static_cast<int>(std::min<std::size_t>(wanted, 1 << 20))));
  if (threads == 1) {
    run_worker();
  } else {
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) pool.emplace_back(run_worker);
    for (auto& t : pool) t.join();
  }
  progress.finish();
  if (sink_error) std::rethrow_exception(sink_error);
  if (usage_error) std::rethrow_exception(usage_error);
  outcome.completed = completed;
  outcome.failed_points = failed;
  outcome.interrupted = completed < wanted;
  outcome.wall_seconds = seconds_since(start);
  return outcome;
}

std::string reduce_results(const Experiment& experiment, const RunResults& results, Summary& summary) {
  const ExperimentInfo info = experiment.info();
  const std::vector<std::string> keys = grouping_keys(info, results.sweep);
  if (!keys.empty() && results.size() > 0) return reduce_by_groups(experiment, results, keys, summary);
  for (const ClaimSpec& spec : info.claims) summary.declare(spec);
  for (const ClaimSpec& spec : info.across_group_claims)
    summary.declare(spec), summary.claim(spec.id).not_applicable("the summary is not grouped (one group): nothing to compare across");
  try {
    experiment.reduce(results, summary);
  } catch (const UsageError&) {
    throw;
  } catch (const Cancelled&) {
    throw;
  } catch (const std::exception& e) {
    return e.what();
  }
  control_claim_families(summary.claims());  // families of one: recorded as such
  return "";
}

std::vector<Point> enumerate_points(const Sweep& sweep, int seeds, std::uint64_t run_seed) {
  const SweepPoints points(sweep, seeds, run_seed);
  std::vector<Point> out;
  out.reserve(points.size());
  for (std::size_t i = 0; i < points.size(); ++i) out.push_back(points.point(i));
  return out;
}

RunOutcome run_experiment(const Experiment& experiment, const Sweep& sweep, const RunOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const SweepPoints points(sweep, options.seeds, options.seed);
  for (std::size_t c = 0; c < sweep.size(); ++c)  // reject bad combinations before any work
    experiment.validate(Point(sweep.combination(c), 0, 0, 0));
  MemorySink sink(points.size());
  const MapOutcome map = run_points(experiment, points, options, sink);
  RunOutcome outcome;
  outcome.rows = sink.take();
  outcome.failed_points = map.failed_points;
  outcome.interrupted = map.interrupted;
  if (!outcome.interrupted) {
    const MemoryRowStore store(outcome.rows, sweep);
    const RunResults results(store, sweep, options.seed, options.seeds, options.preset);
    outcome.reduce_error = reduce_results(experiment, results, outcome.summary);
  }
  outcome.wall_seconds = seconds_since(start);
  return outcome;
}

}  // namespace tl
