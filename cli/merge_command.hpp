#pragma once
// `theorylab merge --out FILE SHARD...`: one result file from the shard files of one
// sweep (`theorylab run ... --shard K/N`), bit-identical to a single-process run in
// /table, /series, /summary and /claims, whatever the number and order of the shards.
//
// Checks, each an exit 2 naming the problem: every shard belongs to the same sweep
// (experiment, theorylab build, expanded sweep, seed); no row appears twice; together
// they cover the sweep (else the missing rows are named). --allow-partial merges what
// is there: the file's status says "partial" and every claim is n/a.
#include <string>
#include <vector>

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

// "abc123-dirty-ff00" of a journal's "0.3.0 (abc123-dirty-ff00)".
std::string commit_of_version(const std::string& version);

}  // namespace tl::cli
