#pragma once
// What a killed or interrupted run left behind, for the durable-run, shard, submit and
// Slurm tests: the rows its journal holds, and how often the fixture ran each row.
#include <cstddef>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "theorylab/io/journal.hpp"

namespace tl::testing {

// The rows `journal` holds (durable rows), in order.
inline std::vector<std::size_t> durable_rows(const std::string& journal) {
  const tl::JournalReader reader(journal);
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < reader.identity().rows; ++i)
    if (reader.has(i)) rows.push_back(i);
  return rows;
}

// Row index -> times the fixture experiment ran it (THEORYLAB_FIXTURE_COUNT writes one
// index per run_point call to `path`).
inline std::map<std::size_t, int> read_counts(const std::string& path) {
  std::map<std::size_t, int> counts;
  std::ifstream in(path);
  std::size_t row;
  while (in >> row) ++counts[row];
  return counts;
}

}  // namespace tl::testing
