#pragma once
// Where a result came from: the command, the build, the machine, the time.
#include <string>
#include <vector>

namespace tl {

struct Provenance {
  std::string experiment, title, source;
  std::string command_line;
  std::string seed;        // decimal (64-bit)
  std::string preset;      // "" when none
  int seeds = 1;
  int threads = 1;
  std::string started_utc, finished_utc;  // ISO 8601
  double wall_seconds = 0;
  bool resumed = false;         // the run continued an interrupted one (--resume)
  std::size_t rows_reused = 0;  // rows taken from the interrupted run's journal
  int mpi_ranks = 0;               // > 0: the run was spread over MPI ranks
  std::string points_per_rank;     // "0,13,12": points each rank ran (rank 0 dispatches)
  std::string status;      // "complete", "interrupted", "failed"
};

// Build-time facts: version, git commit, compiler and flags, library versions.
std::string theorylab_version();
std::string git_commit();
std::string compiler();
std::string compiler_flags();
std::string eigen_version();
std::string boost_version();
std::string hdf5_version();
// Machine facts read at run time.
std::string host_name();
std::string cpu_model();
std::string utc_now_iso8601();

// Every provenance attribute as (name, value) in a stable order, build and machine
// facts included.
std::vector<std::pair<std::string, std::string>> provenance_attributes(const Provenance& p);

}  // namespace tl
