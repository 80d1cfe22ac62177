#pragma once
// The finite-size ladder: Part B (B1 width sweep online, B2 its checkpoints, B3 data
// sweep multi-epoch) at alpha = 0.4 for a ladder of subtask counts T, each rung's n, k,
// steps, batch, widths and data sizes set by one rule from the single-parity
// calibration (docs/science/quantization_scaling.md, "The finite-size ladder"). The
// rule was fixed before any exponent of a ladder run was seen; the budget (the cost
// model) only decides where the ladder stops.
#include <cstdint>
#include <string>
#include <vector>

#include "theorylab/core/experiment.hpp"

namespace qs {

struct LadderRung {
  int T = 0;                      // subtasks
  int n_bits = 0, k = 0, batch = 0;
  int steps = 0;                  // B1 online steps (and B3's)
  std::vector<int> widths;        // B1, widest first
  int b3_width = 0;
  std::vector<std::int64_t> D;    // B3 data sizes, largest first
};

// The rule at T subtasks (T >= 4). `scale` < 1 shrinks the step count and the widths'
// top (the tiny ladder of the tests); 1 is the rule itself.
LadderRung ladder_rung(int T, double scale = 1);

// The preset running `Ts` as rungs (one B1 and one B3 block each), float32, `seeds` seeds.
tl::Preset ladder_preset(const std::string& name, const std::vector<int>& Ts, int seeds, double scale,
                         const std::string& description);

// The rungs of the committed ladder (preset "ladder", within the 4 CPU-hour budget) and
// the full ladder to T = 500 (preset "ladder-full", planned only).
const std::vector<int>& ladder_Ts();
const std::vector<int>& ladder_full_Ts();
// The tests' ladder: three tiny rungs, seconds.
const std::vector<int>& ladder_quick_Ts();
constexpr double kLadderQuickScale = 0.02;
constexpr int kLadderSeeds = 3;
constexpr int kLadderQuickSeeds = 2;

}  // namespace qs
