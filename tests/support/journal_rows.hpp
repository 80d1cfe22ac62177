#pragma once
// What a killed or interrupted run left behind, for the durable-run, shard, submit and
// Slurm tests: the rows its journal holds, and how often the fixture ran each row.
#include <cstddef>
#include <fstream>
#include <chrono>
#include <exception>
#include <map>
#include <thread>
#include <unistd.h>
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

// Waits until `journal` exists and holds at least `rows` durable rows (at most 60 s):
// a fixed sleep before a signal is too short on a loaded machine or under the sanitizers,
// where the child had not yet written its journal.
inline bool wait_for_rows(const std::string& journal, std::size_t rows) {
  for (int i = 0; i < 6000; ++i) {
    if (access(journal.c_str(), F_OK) == 0) {
      try {
        if (tl::JournalReader(journal).row_count() >= rows) return true;
      } catch (const std::exception&) {  // the header is being written
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

}  // namespace tl::testing
