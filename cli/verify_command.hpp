#pragma once
// `theorylab verify SHARD...`: re-runs rows recorded in shard files (or journals) with
// this build and compares them with what was recorded: every scalar and series of the
// row except timings (scalars named *_seconds, cpu_seconds among them). Experiment-
// neutral: the run is rebuilt from the words the
// shard records, as `theorylab merge` does, and each row from its own seed, as the
// runner does; any build may verify (the point is whether this one reproduces the rows).
//
//   theorylab verify reference/qs/*.tls --max-cpu-seconds 300 --cpu-model "$(cat ...)"
//   theorylab verify shard-0.tls --rows 3,17
//
// Which rows: --rows i,j (row indices of the sweep, each recorded in a given file), else
// a random sample (--seed) of the recorded rows, taken in random order while the sum of
// their recorded cpu_seconds stays within --max-cpu-seconds (default 300), and at most
// --sample of them (default: no limit but the budget).
// How equal: bit for bit when this machine's CPU model is the one given by --cpu-model
// (the model the rows were recorded on; the same build on the same CPU model reproduces
// every bit), or when no --cpu-model is given; else within --rtol (default 1e-3): |a - b|
// <= rtol max(|a|, |b|) for every number, text equal, shapes equal.
// Exit 0: every row matches; 1: some row differs (each difference is printed); 2: bad
// input (one line naming it: a missing or foreign file, a row not recorded, a bad option).
#include <string>
#include <vector>

namespace tl::cli {

int command_verify(const std::vector<std::string>& args);

}  // namespace tl::cli
