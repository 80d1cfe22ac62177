#pragma once
// `theorylab run`'s arguments, parsed and validated without touching any file: the
// experiment, the sweep (preset, then command line), the seed and options, the output.
// Every problem is a UsageError (one line, exit 2).
#include <set>
#include <string>
#include <vector>

#include "theorylab/core/experiment.hpp"
#include "theorylab/core/runner.hpp"
#include "theorylab/io/provenance.hpp"

namespace tl::cli {

struct RunRequest {
  bool help = false;            // --help was given: print run_help() and stop
  std::string help_for;         // with an experiment name: its parameters too
  const Experiment* experiment = nullptr;
  ExperimentInfo info;
  Sweep sweep;
  std::string preset = "default";  // "none": bare defaults
  RunOptions options;
  std::string out;              // empty: results/NAME-TIMESTAMP.h5 (or the journal --resume finds)
  bool force = false, resume = false, quiet = false, strict = false, dry_run = false;
  bool no_lock = false;  // --no-lock: take no lock on the journal (a file system without locks)
  // --shard K/N: this process runs the rows i with i % N == K and writes a shard file
  // (see merge_command.hpp); N = 1 is the whole run.
  std::uint64_t shard = 0, shards = 1;
  bool sharded = false;  // --shard was given (even 0/1): the output is a shard file
  // The words that define the sweep, canonical (experiment, key=value and '+',
  // --preset P, --seeds K, --seed S): what `theorylab merge` re-parses.
  std::vector<std::string> sweep_arguments;
  // Rebuilt from a recording (cli/recorded_run.hpp): the parameters it was recorded
  // without (SweepPoints::unrecorded).
  std::set<std::string> unrecorded_keys;
};

// Parses the arguments after "run". Throws UsageError.
RunRequest parse_run_request(const std::vector<std::string>& args);

// "K/N", or "auto" inside a Slurm array task (K = SLURM_ARRAY_TASK_ID -
// SLURM_ARRAY_TASK_MIN, N = SLURM_ARRAY_TASK_COUNT). Throws UsageError.
void parse_shard(const std::string& text, std::uint64_t& shard, std::uint64_t& shards);

std::string run_help();  // the options of `run`

// The provenance a run (or a merge) of `request` starts with: experiment, command,
// seed, preset, replicates, threads, start time.
Provenance provenance_of(const RunRequest& request, const std::string& command_line);

std::string timestamp_for_filename();  // "20261130-215200" (UTC), for default output names

}  // namespace tl::cli
