#pragma once
// `theorylab reduce FILE --out NEW` (or `reduce SHARD... --out NEW`): the reduction run
// again, with this build, on the rows and series a result file (or a set of shard files)
// stores; no point is run. For a changed reduce() or claim: the rows stay, /summary and
// /claims are recomputed.
//
// The new file holds the same /table and /series, the new /summary and /claims, and
// records both builds: git_commit (the reduction's) and rows_git_commit (the rows').
// Exit 2, one line, no file written: an input that is not a finished result file or
// shards of one sweep, a file written before run_arguments were recorded, a sweep that
// this build cannot rebuild with the file's row count, or a reduction that cannot use
// the stored rows (a column it needs is missing: the row schema changed).
#include <string>
#include <vector>

namespace tl::cli {

int command_reduce(const std::vector<std::string>& args, const std::string& command_line);

}  // namespace tl::cli
