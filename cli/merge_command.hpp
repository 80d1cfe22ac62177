#pragma once
// `theorylab merge --out FILE SHARD...`: one result file from the shard files of one
// sweep (`theorylab run ... --shard K/N`), bit-identical to a single-process run in
// /table, /series, /summary and /claims, whatever the number and order of the shards.
//
// Checks, each an exit 2 naming the problem: every shard belongs to the same sweep
// (experiment, theorylab build, expanded sweep, seed); no row appears twice; together
// they cover the sweep (else the missing rows are named). --allow-partial merges what
// is there: the file's status says "partial" and every claim is n/a.
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "run_request.hpp"
#include "theorylab/io/durable_run.hpp"

namespace tl::cli {

int command_merge(const std::vector<std::string>& args, const std::string& command_line);

struct ShardMerge {
  bool allow_partial = false;      // merge what is there (status "partial", claims n/a)
  bool quiet = false;              // print only the output path
  bool rows_of_any_build = false;  // `reduce`: rows of another build, recorded in rows_git_commit
  const char* verb = "merged";     // in the closing line
};

// The merge of shard files `paths` into `out` (checked by the caller: --force, folder),
// with the checks above; `command_line` goes into the provenance. Exit status.
int merge_shards(const std::vector<std::string>& paths, const std::string& out, const ShardMerge& merge,
                 const std::string& command_line);

// The words of build_and_commit's messages: "merge interrupted", "no file written (the
// shards are unchanged); rerun: COMMAND".
struct ResultCommit {
  std::string verb, inputs, command_line;
};

// A result file built from stored rows (build_result_file into OUT.partial), then
// committed: `accept` (may throw UsageError to refuse the result) sees it first, then
// the partial file is fsync'd, renamed to `out` and its folder fsync'd. Returns 0 with
// `out` in place and `built` filled; else, after one line on stderr and with no file
// left, kExitEnvironment (a full disk, an I/O error) or the interrupted exit status.
int build_and_commit(const std::string& out, const RunRequest& r, const RowStore& rows, Provenance& provenance,
                     std::chrono::steady_clock::time_point started, std::size_t missing_rows, const ResultCommit& how,
                     BuiltResult& built, const std::function<void(const BuiltResult&)>& accept = {});

// "abc123-dirty-ff00" of a journal's "0.3.0 (abc123-dirty-ff00)".
std::string commit_of_version(const std::string& version);

}  // namespace tl::cli
