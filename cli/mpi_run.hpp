#pragma once
// `mpirun -np P theorylab run ...`: the points of a run spread over P processes with a
// dynamic queue. Rank 0 hands out row indices, one at a time, to whichever rank asks
// (so a width-512 training run beside a width-8 one leaves no rank idle), receives the
// finished rows and is the only writer (the journal, then the result file, exactly as
// a single process). Ranks 1..P-1 run points. Rows are seeded by their index, so the
// result is bit-identical for any P. Built when CMake finds MPI (Open MPI on Debian);
// the binary runs without mpirun as before.
#include <cstdint>
#include <string>
#include <vector>

#include "theorylab/core/runner.hpp"

namespace tl::cli {

// True when this process was started by mpirun with more than one rank.
bool launched_by_mpi();

class MpiSession {
 public:
  MpiSession();   // MPI_Init
  ~MpiSession();  // MPI_Finalize
  int rank() const { return rank_; }
  int size() const { return size_; }
  // Rank 0 tells the others whether to go on (0) or to exit with `status`.
  int broadcast_status(int status) const;

 private:
  int rank_ = 0, size_ = 1;
};

// Rank 0: hands out the rows `options.skip` does not exclude, collects the rows into
// `sink`; `points_per_rank` gets each rank's count of points.
MapOutcome mpi_dispatch(const Experiment& experiment, const SweepPoints& points, const RunOptions& options, RowSink& sink,
                        std::vector<std::uint64_t>& points_per_rank);
// Ranks 1..P-1: run the rows rank 0 hands out until it says stop.
void mpi_work(const Experiment& experiment, const SweepPoints& points);

}  // namespace tl::cli
