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

}  // namespace tl::cli
