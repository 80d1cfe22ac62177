#pragma once
// The finite-size ladder: Part B (B1 width sweep online, B2 its checkpoints, B3 data
// sweep multi-epoch) at alpha = 0.4 for a ladder of subtask counts T, each rung's n, k,
// steps, batch, widths and data sizes set by one rule from the single-parity
// calibration (docs/science/quantization_scaling.md, "The first finite-size ladder"). The
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

// ---- the paper ladder (preset "paper-ladder"; docs/science/quantization_scaling.md, "The
// paper ladder") ---------------------------------------------------------------------------
// The paper-regime run (presets.hpp: B1 at alpha = 0.4, n = 100 task bits, k = 3, batch
// 20000, Adam lr 1e-3, float32, 2 seeds) scaled down from T = 500 to T subtasks. The task
// bits stay the paper's n = 100 on every rung: n/T >= 0.2 (the paper's ratio) and n >= 48
// (where the geometry part's T = 64 task learns in quanta), so every rung learns in quanta
// while only T changes (a rule where n grows with T would change the parity's difficulty
// with it). What scales is what sets the reach, so that each rung's widest network reaches
// the same fraction of its T as the T = 500 rung (about 0.03, the paper's fits 0.048):
//   widths  the authors' 20-width grid from 10 to kPaperLadderWidthMax T/500 (n_learned ∝
//           width at fixed steps: 0.046-0.059 subtasks per unit from width 100 to 300 in the
//           paper-regime reference);
//   steps   kPaperRegimeSteps (T/500)^((1 + alpha) 0.81), rounded up to 2 significant
//           figures: the paper's convergence-time law S_k ∝ p_k^-0.81 (arXiv 2303.13506
//           Fig. A3) at a rank that is a fixed fraction of T (p_k ∝ k^-(1+alpha)).
// The T = 500 rung is the paper-regime preset's block itself, first, so its rows (seeds
// included: a row's seed derives from its index) are the reference's.
struct PaperLadderRung {
  int T = 0;
  int steps = 0;
  double width_max = 0;  // the widest width (the grid's top, before truncation)
};
constexpr int kPaperLadderMinT = 20, kPaperLadderMaxT = 500;  // width_max >= 12; n/T >= 0.2
constexpr double kPaperLadderWidthMax = 300;                  // P-scaling-17's widest, at T = 500
constexpr double kPaperConvergenceTimeExponent = 0.81;        // Fig. A3: S_k ∝ p_k^-0.81
// T in [kPaperLadderMinT, kPaperLadderMaxT]; std::invalid_argument otherwise.
PaperLadderRung paper_ladder_rung(int T);
const std::vector<int>& paper_ladder_Ts();  // 125, 250, 500
tl::Preset paper_ladder_preset();

}  // namespace qs
