// Built when CMake finds no MPI: the same interface, refusing to run under mpirun.
#include "../mpi_run.hpp"

#include <cstdlib>

#include "theorylab/core/error.hpp"

namespace tl::cli {

bool launched_by_mpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE"})
    if (const char* v = std::getenv(name))
      if (std::atoi(v) > 1)
        throw UsageError("this theorylab was built without MPI (install libopenmpi-dev and rebuild) but runs under mpirun");
  return false;
}

MpiSession::MpiSession() {}
MpiSession::~MpiSession() {}
int MpiSession::broadcast_status(int status) const { return status; }

MapOutcome mpi_dispatch(const Experiment&, const SweepPoints&, const RunOptions&, RowSink&, std::vector<std::uint64_t>&) {
  throw std::logic_error("MPI is not built in");
}
void mpi_work(const Experiment&, const SweepPoints&) { throw std::logic_error("MPI is not built in"); }

}  // namespace tl::cli
