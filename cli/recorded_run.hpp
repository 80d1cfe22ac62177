#pragma once
// The run a shard file (or journal) records, rebuilt by this build for `theorylab merge`,
// `reduce` and `verify`. A later build may add a parameter (at a default that leaves the
// old points as they were) or change a default: the recorded arguments then no longer
// give the recorded sweep, but the recorded sweep itself names every parameter's values
// block by block (canonical_sweep), and those give it back.
#include <string>

#include "run_request.hpp"
#include "theorylab/io/journal.hpp"

namespace tl::cli {

// From the recorded arguments when they give the recorded sweep; else (they give
// another sweep, or no longer parse: a preset this build removed) from the recorded
// values of every parameter, the parameters this build added at their defaults (`note`,
// if given, then says so, naming them). Whether an added parameter's default leaves the
// old points as they were is not checked here: `verify` recomputes rows and would show
// it, `merge` and `reduce` trust it. Throws UsageError naming the problem when
// neither gives the recorded rows: a parameter or choice this build no longer has, a
// value it rejects, another row count.
RunRequest rebuild_recorded_run(const RunIdentity& identity, std::string* note = nullptr);

}  // namespace tl::cli
