#pragma once
// Presets beyond quick/default/paper: the authors' own runs (paper-a4b, paper-fig2) and
// the helper that builds multi-part presets. Their constants are named here so that
// tests derive a preset's point count from them.
#include <string>
#include <vector>

#include "theorylab/core/experiment.hpp"

namespace qs {

// A preset of sweep blocks joined with "+", `common` repeated in every block so that it
// stays one value across the preset (a key whose value differs between blocks counts as
// an axis of the reduction; core/grouping.hpp).
std::vector<std::string> sweep_blocks(const std::vector<std::string>& common,
                                      const std::vector<std::vector<std::string>>& blocks);

// The task, network and optimiser every run of the authors shares (Michaud et al.,
// arXiv 2303.13506 sec. 3; ejmichaud/quantization-model, scripts/sparse-parity-v4.py):
// 500 subtasks, n = 100 bits, k = 3, batch 20,000, Adam (AdamW, weight decay 0) at lr
// 1e-3 without schedule, float32.
struct PaperTask {
  static constexpr int kTasks = 500;
  static constexpr int kBits = 100;
  static constexpr int kK = 3;
  static constexpr int kBatch = 20000;
  static constexpr double kLearningRate = 1e-3;
};

// One of the authors' width sweeps (online, every width at every alpha and seed; each
// seed draws its own subtask subsets) and data sweeps (multi-epoch at one width), as
// configured in their experiments/NAME/eval.py. Widths and data sizes are log-spaced.
struct AuthorsWidthSweep {
  const char* name;
  int width_min, width_max, widths;
  int steps;
  int seeds;
};
struct AuthorsDataSweep {
  const char* name;
  int width;
  int steps;
  double D_min, D_max;
  int sizes;
  int seeds;
};

// Fig. A4b (alpha_N and alpha_S at alpha = 0.1-0.8 by 0.1): P-scaling-17.
constexpr AuthorsWidthSweep kPScaling17{"P-scaling-17", 10, 300, 20, 100000, 3};
// Fig. A4b (alpha_D at alpha = 0.1-0.8 by 0.05) and Fig. A4a: D-scaling-9.
constexpr AuthorsDataSweep kDScaling9{"D-scaling-9", 500, 100000, 1e4, 5e6, 25, 1};
// Fig. 2 (alpha = 0.4): P-scaling-15 and D-scaling-6 (10^6 steps in the config; the
// paper's text says 2e5).
constexpr AuthorsWidthSweep kPScaling15{"P-scaling-15", 10, 500, 30, 200000, 1};
constexpr AuthorsDataSweep kDScaling6{"D-scaling-6", 500, 1000000, 1e4, 5e6, 30, 1};
constexpr double kFig2Alpha = 0.4;
// The alpha grids (the code's Zipf exponent is s = alpha + 1: 1.1-1.8).
constexpr double kA4bWidthAlphaMin = 0.1, kA4bWidthAlphaStep = 0.1;
constexpr double kA4bDataAlphaMin = 0.1, kA4bDataAlphaStep = 0.05;
constexpr double kA4bAlphaMax = 0.8;

// The paper's regime at CPU scale (preset paper-regime; reference/quantization_scaling-
// paper-regime/): P-scaling-17's width sweep at alpha = 0.4 on the paper's task (n = 100),
// batch and optimiser, with two changes for a 2-core CPU: 15,000 steps (kPaperRegimeSteps,
// past the last step of the authors' alpha_S fit, 14,500; the authors: 10^5) and 2 seeds
// (the authors: 3). Measured at width 512, 10^4 steps: batch 20,000 learned 16 subtasks
// at n = 100 (643 CPU-s) and 23 at n = 48 (468 CPU-s), where batch 512 had learned 9 at
// n = 48 with as many samples (4e5 steps) and none at n = 100 in 6e4 steps: the paper's
// batch, not more steps, reaches its regime on a CPU.
constexpr double kPaperRegimeAlpha = 0.4;  // Fig. A4b's column the claims check at 0.4
constexpr int kPaperRegimeSteps = 15000;
static_assert(kPaperRegimeSteps > 14500, "past the last step of the authors' alpha_S fit (kAuthorsStepsTo)");
constexpr int kPaperRegimeSeeds = 2;

tl::Preset paper_a4b_preset();     // P-scaling-17 + D-scaling-9
tl::Preset paper_fig2_preset();    // P-scaling-15 + D-scaling-6
tl::Preset paper_regime_preset();  // P-scaling-17's widths at alpha = 0.4, CPU-sized
// The paper-regime preset's one B1 block with T subtasks, `steps` steps and the authors'
// 20-width grid from 10 to `width_max` (paper-regime: 500, kPaperRegimeSteps, 300; the
// paper ladder's rungs, ladder.hpp, scale all three).
std::vector<std::string> paper_regime_block(int T, int steps, double width_max);

}  // namespace qs
