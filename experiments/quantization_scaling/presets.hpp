#pragma once
// Presets beyond quick/default/paper: the paper's own configuration (paper-exact,
// paper-a4b) and the helper that builds multi-part presets. Their constants are named
// here so that tests derive a preset's point count from them.
#include <string>
#include <vector>

#include "theorylab/core/experiment.hpp"

namespace qs {

// A preset of sweep blocks joined with "+", `common` repeated in every block so that it
// stays one value across the preset (a key whose value differs between blocks counts as
// an axis of the reduction; core/grouping.hpp).
std::vector<std::string> sweep_blocks(const std::vector<std::string>& common,
                                      const std::vector<std::vector<std::string>>& blocks);

// The paper's configuration (Michaud et al., arXiv 2303.13506, sec. 3 and Fig. 2:
// 500 subtasks, n = 100 bits, k = 3, batch 20,000, Adam lr 1e-3, widths 10-500, 2e5
// steps, float32), with the grids of the authors' repository (ejmichaud/
// quantization-model): experiments/P-scaling-9 trains 20 widths log-spaced 10-500 with
// one seed; experiments/D-scaling-11 trains 25 data sizes log-spaced 1e3-1e7 for
// alpha = 0.1-0.8 (their Zipf exponent 1.1-1.8). Fig. A4b's alpha grid is 0.1-0.8 in
// steps of 0.1 (the paper's table, reduction.hpp).
struct PaperConfig {
  static constexpr int kTasks = 500;
  static constexpr int kBits = 100;
  static constexpr int kK = 3;
  static constexpr int kBatch = 20000;
  static constexpr int kSteps = 200000;
  static constexpr double kLearningRate = 1e-3;
  static constexpr int kWidthMin = 10, kWidthMax = 500, kWidths = 20;
  static constexpr double kDataMin = 1e3, kDataMax = 1e7;
  static constexpr int kDataSizes = 25;
  static constexpr int kDataWidth = kWidthMax;  // the data sweep trains the widest network
  static constexpr int kSeeds = 1;              // seed=0 in every run of the repository
  static constexpr double kAlpha = 0.4;         // Fig. 2
  static constexpr double kA4bAlphas[8] = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8};
};

tl::Preset paper_exact_preset();  // B1 + B3 at alpha = 0.4
tl::Preset paper_a4b_preset();    // B1 + B3 at every alpha of Fig. A4b

}  // namespace qs
