#pragma once
// Where a result came from: the command, the build, the machine, the time.
#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace tl {

struct Provenance {
  std::string experiment, title, source;
  std::string command_line;
  std::string seed;        // decimal (unsigned 64-bit); stored as an integer attribute
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
  // The words that define the run's sweep (RunRequest::sweep_arguments): `theorylab
  // reduce` rebuilds the sweep from them. Stored joined by U+001F.
  std::vector<std::string> run_arguments;
  // canonical_sweep() of the run: every block's expanded values and replicates. A later
  // build whose defaults changed rebuilds the sweep from it (cli/recorded_run.hpp).
  std::string recorded_sweep;
  // The build that computed the rows when it is not this one (`theorylab reduce`: the
  // rows' build identity, recorded beside the reduction's git_commit); "" otherwise.
  std::string rows_git_commit;
};

// The separator of Provenance::run_arguments in the file's "run_arguments" attribute.
inline constexpr char kArgumentSeparator = '\x1f';

// Build-time facts: version, git commit, compiler and flags, library versions.
std::string theorylab_version();
// The build identity (cmake/git_commit.cmake): the commit, plus "-dirty-" and 12 hex
// digits of a SHA-256 over the uncommitted changes and untracked sources it compiled. In
// a program of your own experiments built with the CMake package's
// theorylab_add_executable: "YOUR_IDENTITY+theorylab-THEORYLAB_IDENTITY".
std::string git_commit();
// That SHA-256 in full (64 hex digits); "" for a build of a clean commit.
std::string build_content_hash();
std::string compiler();
std::string compiler_flags();
std::string eigen_version();
std::string boost_version();
std::string hdf5_version();
// Machine facts read at run time.
std::string host_name();
std::string cpu_model();
std::string utc_now_iso8601();

// One attribute value, typed: integers (seed, seeds, threads) as integers, times and
// names as text. The same variant as h5::AttributeValue, so it is written as is.
using ProvenanceValue = std::variant<std::int64_t, double, std::string>;

// Every provenance attribute as (name, value) in a stable order, build and machine
// facts included. `seed` is an integer attribute unless it exceeds 2^63 - 1 (the
// HDF5 layer stores signed 64-bit integers): then its exact decimal text.
std::vector<std::pair<std::string, ProvenanceValue>> provenance_attributes(const Provenance& p);

}  // namespace tl
