#pragma once
// The run plan: every unit of work (one training run, one Part A simulation) is a job;
// the swept parameter `job` indexes this list, so the runner parallelises over jobs and
// --seeds replicates each. The plan is built from the (non-swept) settings; heavy jobs
// come first so that two threads finish together.
#include <cstdint>
#include <string>
#include <vector>

#include "theorylab/core/point.hpp"

namespace qs {

struct Job {
  std::string part;      // "A1", "A2", "A3", "A4", "calibration", "B1", "B3"
  double alpha = 0;      // B parts: the Zipf exponent minus one
  int width = 0;         // network parts
  std::int64_t D = 0;    // B3: data set size
  int tau = 0;           // A3: learning threshold
  int n_bits = 0, k = 0; // network parts (calibration varies them)
  double learning_rate = 0;
  int n_tasks = 0;       // 1 for calibration
  std::string variant;   // calibration: which setting is varied
};

// Throws tl::UsageError for invalid settings (the bad inputs).
std::vector<Job> build_plan(const tl::Point& point);

}  // namespace qs
