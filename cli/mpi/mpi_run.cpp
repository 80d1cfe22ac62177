#include "../mpi_run.hpp"

// The C API only (Open MPI would otherwise pull in its deprecated C++ bindings).
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <limits>
#include <stdexcept>
#include <string>
#include <thread>

#include "theorylab/core/cancellation.hpp"
#include "theorylab/core/error.hpp"
#include "theorylab/core/progress.hpp"
#include "theorylab/io/journal.hpp"

namespace tl::cli {

namespace {
// Messages. Worker -> rank 0: kReady (empty: "give me a row"), kRow (u64 row + the
// encoded row), kCancelled (empty), kUsage (the UsageError's text). Rank 0 -> worker:
// kAssign (u64 row) or kStop (empty).
enum Tag : int { kReady = 1, kRow, kCancelled, kUsage, kAssign, kStop };

void send(int to, Tag tag, const std::string& bytes) {
  // MPI counts are int: a message past 2 GiB would be cut (rows stop at the journal's 1 GiB).
  if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    throw std::length_error("an MPI message of " + std::to_string(bytes.size()) + " bytes is larger than MPI's int count");
  MPI_Send(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, to, tag, MPI_COMM_WORLD);
}

std::string receive(MPI_Status& status) {
  MPI_Probe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &status);
  int n = 0;
  MPI_Get_count(&status, MPI_BYTE, &n);
  std::string bytes(static_cast<std::size_t>(n), '\0');
  MPI_Recv(bytes.data(), n, MPI_BYTE, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return bytes;
}

std::string u64_bytes(std::uint64_t v) { return std::string(reinterpret_cast<const char*>(&v), sizeof v); }
std::uint64_t bytes_u64(const std::string& b) {
  std::uint64_t v = 0;
  if (b.size() >= sizeof v) std::memcpy(&v, b.data(), sizeof v);
  return v;
}
}  // namespace

bool launched_by_mpi() {
  // A launcher's variables only say that MPI is worth asking (MPI_Init costs a fraction
  // of a second a plain run need not pay); how many ranks there are, MPI says.
  bool hinted = false;
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "OMPI_COMM_WORLD_RANK", "PMI_SIZE", "PMI_RANK", "PMIX_RANK", "PMIX_SIZE",
                           "MPI_LOCALNRANKS", "HYDRA_CONTROL_FD"})
    hinted = hinted || std::getenv(name) != nullptr;
  return hinted;
}

MpiSession::MpiSession() {
  int provided = 0;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiSession::~MpiSession() { MPI_Finalize(); }

int MpiSession::broadcast_status(int status) const {
  MPI_Bcast(&status, 1, MPI_INT, 0, MPI_COMM_WORLD);
  return status;
}

MapOutcome mpi_dispatch(const Experiment& experiment, const SweepPoints& points, const RunOptions& options, RowSink& sink,
                        std::vector<std::uint64_t>& points_per_rank) {
  const auto start = std::chrono::steady_clock::now();
  int size = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  points_per_rank.assign(static_cast<std::size_t>(size), 0);
  MapOutcome outcome;
  const std::size_t total = points.size();
  std::size_t next = 0;  // the next row to consider, in options.order (else row order)
  auto next_row = [&]() -> std::int64_t {
    while (next < total) {
      const std::size_t i = options.order.empty() ? next : options.order[next];  // heaviest first if given
      ++next;
      if (!(options.skip && options.skip(i))) return static_cast<std::int64_t>(i);
    }
    return -1;
  };
  Progress progress(experiment.info().name, total - (options.skipped - options.reused), options.progress, options.reused);
  std::string usage_error;
  std::exception_ptr sink_error;
  int working = size - 1;  // ranks not yet told to stop
  while (working > 0) {
    MPI_Status status;
    const std::string bytes = receive(status);
    const int from = status.MPI_SOURCE;
    if (status.MPI_TAG == kRow && !sink_error) {
      const std::uint64_t row = bytes_u64(bytes);
      Row r = decode_row(bytes.substr(8));
      if (r.has("error")) ++outcome.failed_points;
      r.set_point(points.point(row));
      try {
        sink.put(std::move(r));
        ++outcome.completed;
        ++points_per_rank[static_cast<std::size_t>(from)];
        progress.advance();
      } catch (...) {  // the journal cannot take the row (disk full): stop every rank, then rethrow
        sink_error = std::current_exception();
      }
    } else if (status.MPI_TAG == kUsage) {
      if (usage_error.empty()) usage_error = bytes;
    }
    // Hand out the next row, or stop this rank.
    const bool stop = status.MPI_TAG == kCancelled || status.MPI_TAG == kUsage || !usage_error.empty() || sink_error ||
                      cancellation_requested();
    const std::int64_t row = stop ? -1 : next_row();
    if (row < 0) {
      send(from, kStop, "");
      --working;
    } else {
      send(from, kAssign, u64_bytes(static_cast<std::uint64_t>(row)));
    }
  }
  progress.finish();
  if (sink_error) std::rethrow_exception(sink_error);  // every rank is told to stop by now
  if (!usage_error.empty()) throw UsageError(usage_error);
  const std::size_t wanted = total - options.skipped;
  outcome.interrupted = outcome.completed < wanted;
  outcome.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return outcome;
}

void mpi_work(const Experiment& experiment, const SweepPoints& points) {
  send(0, kReady, "");
  for (;;) {
    MPI_Status status;
    const std::string bytes = receive(status);
    if (status.MPI_TAG == kStop) return;
    const std::uint64_t row = bytes_u64(bytes);
    const Point point = points.point(row);
    Rng rng(point.seed());
    Row r;
    try {
      r = run_point_measured(experiment, point, rng);
    } catch (const Cancelled&) {
      send(0, kCancelled, "");
      continue;  // rank 0 answers with stop
    } catch (const UsageError& e) {
      send(0, kUsage, e.what());
      continue;
    } catch (const std::exception& e) {
      r = Row();
      r.set("error", std::string(e.what()));
    }
    send(0, kRow, u64_bytes(row) + encode_row(r));
  }
}

}  // namespace tl::cli
