#pragma once
// `theorylab submit slurm NAME ... --shards N`: writes two plain sbatch scripts next to
// the final file (FINAL.slurm/array.sbatch, a job array with one shard per task, and
// FINAL.slurm/merge.sbatch, `theorylab merge` of the shards) and submits them with
// sbatch, the merge job depending on the array (afterok). --dry-run prints them and
// writes nothing. Exit status: 0; 1 sbatch failed after the array was submitted;
// 2 bad input, or sbatch refused the array (one line, no file left).
#include <string>
#include <vector>

namespace tl::cli {

int command_submit(const std::vector<std::string>& args, const std::string& command_line);

}  // namespace tl::cli
