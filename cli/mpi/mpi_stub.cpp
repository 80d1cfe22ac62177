// Built when CMake finds no MPI: the same interface, refusing to run under mpirun.
#include "../mpi_run.hpp"

#include <cstdlib>

#include "theorylab/core/error.hpp"

namespace tl::cli {

// Without MPI nothing can ask MPI how many ranks there are, and a launcher's variables
// may be left over in the environment: this build always runs as one process (under a
// real mpirun its copies find the output's journal locked and exit 2, one line each).
bool launched_by_mpi() { return false; }

MpiSession::MpiSession() {}
MpiSession::~MpiSession() {}
int MpiSession::broadcast_status(int status) const { return status; }

MapOutcome mpi_dispatch(const Experiment&, const SweepPoints&, const RunOptions&, RowSink&, std::vector<std::uint64_t>&) {
  throw std::logic_error("MPI is not built in");
}
void mpi_work(const Experiment&, const SweepPoints&) { throw std::logic_error("MPI is not built in"); }

}  // namespace tl::cli
