#include "quantization_scaling/ladder.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <boost/math/special_functions/binomial.hpp>

#include "quantization_scaling/presets.hpp"
#include "quantization_scaling/reduction.hpp"
#include "theorylab/core/claim.hpp"
#include "theorylab/math/hurwitz_zeta.hpp"

namespace qs {

namespace {

// ---- what the rule starts from: the single-parity calibration ---------------------------
// `theorylab run quantization_scaling part=calibration variant=base,2n,k+1
// precision=float32 --seeds 5` (the default preset's calibration block: n = 16, k = 2,
// width 64, Adam lr 3e-3, batch 512; the file is reference/quantization_scaling-ladder/
// calibration.h5, the table in docs/science/quantization_scaling.md), measured on
// 2026-12-01 before any ladder run: the slowest of the 5 seeds to bring one parity below
// learned_bits (checked every 25 steps), at n = 16 and at n = 32 (variant 2n).
constexpr int kCalibrationBits = 16, kCalibrationK = 2, kCalibrationBatch = 512;
constexpr double kCalibrationLearningRate = 3e-3;
constexpr double kStepsOneParity = 125;    // n = 16: slowest seed (every seed: 125)
constexpr double kStepsOneParity2n = 150;  // n = 32: slowest seed (125-150)
// ---- the rule's margins ----------------------------------------------------------------
// Steps: the subtask of rank T/2 (the edge of every fit window, 2 <= n_learned <= T/2)
// sees kSeenMargin times the samples one parity alone needed at its slowest seed
// (samples seen, Su's counting; the paper's S_k ∝ p_k^-0.81 makes rare subtasks learn
// sooner than this, so the rule errs on the long side).
constexpr double kSeenMargin = 2;
// Widths: from kWidthMin (about two subtasks learned at T = 64 in the default preset) to
// kUnitsPerSubtask * T (the default's widest, 256 for 64 subtasks, learned all of them),
// log-spaced by sqrt(2) like the default's 11 widths.
constexpr int kWidthMin = 8;
constexpr double kUnitsPerSubtask = 4;
// B3: at width kB3UnitsPerSubtask * T (the default's 128 for 64) for as many steps as B1;
// data sizes from kDataMin (the default's smallest) up to the size whose expected count of
// the rank-T/2 subtask equals that of the default's largest at T = 64 (4e5 p_32), spaced
// by at most a factor 2.
constexpr double kB3UnitsPerSubtask = 2;
constexpr double kDataMin = 3000;
constexpr double kDefaultDataMax = 4e5;
constexpr int kDefaultTasks = 64;

double zipf_p(int rank, int T) {  // p_rank at alpha = kLadderAlpha over T subtasks
  const double s = kLadderAlpha + 1;
  return std::pow(rank, -s) / tl::harmonic_number(T, s);
}

// The fewest task bits >= 16 whose k-subsets number at least T (k = 2).
int bits_for(int T) {
  int n = kCalibrationBits;
  while (boost::math::binomial_coefficient<double>(n, kCalibrationK) < T) ++n;
  return n;
}

// Steps one parity needs alone at n bits: the calibration at 16 and 32, log-log between.
double steps_one_parity(int n) {
  return kStepsOneParity * std::pow(kStepsOneParity2n / kStepsOneParity, std::log2(static_cast<double>(n) / kCalibrationBits));
}

// Rounded up to two significant figures (a readable preset).
double round_up_2sf(double v) {
  const double unit = std::pow(10, std::floor(std::log10(v)) - 1);
  return std::ceil(v / unit) * unit;
}

}  // namespace

LadderRung ladder_rung(int T, double scale) {
  LadderRung r;
  r.T = T;
  r.k = kCalibrationK;
  r.n_bits = bits_for(T);
  r.batch = kCalibrationBatch;
  const double samples = kSeenMargin * steps_one_parity(r.n_bits) * kCalibrationBatch / zipf_p(std::max(1, T / 2), T);
  r.steps = static_cast<int>(round_up_2sf(std::max(10.0, scale * samples / r.batch)));
  const double top = std::max(2.0 * kWidthMin, scale * kUnitsPerSubtask * T);
  for (double w = top; w >= kWidthMin * (1 - 1e-9); w /= std::sqrt(2.0)) {
    const int width = static_cast<int>(std::lround(w));
    if (r.widths.empty() || r.widths.back() != width) r.widths.push_back(width);
  }
  r.b3_width = std::max(kWidthMin, static_cast<int>(std::lround(scale * kB3UnitsPerSubtask * T)));
  const double d_max =
      std::max(2 * kDataMin, kDefaultDataMax * zipf_p(kDefaultTasks / 2, kDefaultTasks) / zipf_p(std::max(1, T / 2), T) * scale);
  const int sizes = static_cast<int>(std::ceil(std::log2(d_max / kDataMin))) + 1;
  for (int i = sizes - 1; i >= 0; --i)
    r.D.push_back(static_cast<std::int64_t>(round_up_2sf(kDataMin * std::pow(d_max / kDataMin, i / double(sizes - 1)))));
  return r;
}

tl::Preset ladder_preset(const std::string& name, const std::vector<int>& Ts, int seeds, double scale,
                         const std::string& description) {
  auto list = [](const auto& values) {
    std::string s;
    for (const auto& v : values) s += (s.empty() ? "" : ",") + tl::format_number(static_cast<double>(v));
    return s;
  };
  std::vector<std::string> out;
  // Largest rung first: its rows are the longest (rows run in order).
  std::vector<int> order(Ts.rbegin(), Ts.rend());
  for (int T : order) {
    const LadderRung r = ladder_rung(T, scale);
    const std::vector<std::string> common = {
        "alpha=" + tl::format_number(kLadderAlpha), "n_tasks=" + std::to_string(T), "n_bits=" + std::to_string(r.n_bits),
        "k=" + std::to_string(r.k), "batch=" + std::to_string(r.batch), "lr=" + tl::format_number(kCalibrationLearningRate),
        "steps=" + std::to_string(r.steps), "b3_width=" + std::to_string(r.b3_width), "b3_steps=" + std::to_string(r.steps),
        "precision=float32"};
    const auto blocks = sweep_blocks(common, {{"part=B1", "width=" + list(r.widths)}, {"part=B3", "D=" + list(r.D)}});
    if (!out.empty()) out.push_back("+");
    out.insert(out.end(), blocks.begin(), blocks.end());
  }
  return {name, out, description, seeds};
}

const std::vector<int>& ladder_Ts() {
  static const std::vector<int> t{32, 45, 64, 90, 128};  // 2.7 CPU-h; with 181 (6.4 CPU-h alone) 9.1
  return t;
}
const std::vector<int>& ladder_full_Ts() {
  static const std::vector<int> t{32, 45, 64, 90, 128, 181, 256, 362, 500};
  return t;
}

PaperLadderRung paper_ladder_rung(int T) {
  if (T < kPaperLadderMinT || T > kPaperLadderMaxT)
    throw std::invalid_argument("paper ladder: T = " + std::to_string(T) + " outside [" +
                                std::to_string(kPaperLadderMinT) + ", " + std::to_string(kPaperLadderMaxT) + "]");
  PaperLadderRung r;
  r.T = T;
  const double shrink = static_cast<double>(T) / PaperTask::kTasks;
  const double exponent = (1 + kPaperRegimeAlpha) * kPaperConvergenceTimeExponent;
  r.steps = static_cast<int>(round_up_2sf(kPaperRegimeSteps * std::pow(shrink, exponent)));
  r.width_max = kPaperLadderWidthMax * shrink;
  return r;
}

const std::vector<int>& paper_ladder_Ts() {
  static const std::vector<int> t{125, 250, 500};
  return t;
}

tl::Preset paper_ladder_preset() {
  std::vector<std::vector<std::string>> blocks;
  std::string rungs;
  for (auto T = paper_ladder_Ts().rbegin(); T != paper_ladder_Ts().rend(); ++T) {  // T = 500 first
    const PaperLadderRung r = paper_ladder_rung(*T);
    blocks.push_back(paper_regime_block(r.T, r.steps, r.width_max));
    rungs = "T = " + std::to_string(r.T) + ": " + std::to_string(r.steps) + " steps, widths 10-" +
            tl::format_number(std::floor(r.width_max)) + (rungs.empty() ? "" : "; ") + rungs;
  }
  return {"paper-ladder", sweep_blocks({}, blocks),
          "The paper ladder: the paper-regime run scaled down to fewer subtasks, every rung on the paper's task bits "
          "(n = 100, k = 3), batch and optimiser, 2 seeds each its own task instance, its widths and steps scaled so "
          "that each rung reaches the same fraction of its T (" + rungs +
              "; the T = 500 rung is paper-regime itself, rows and seeds). Per rung the exponent claims NAME[n_tasks=T]; "
              "across rungs the trend claims ladder_alpha_*. No data sweep (B3): alpha_D's trend is n/a.",
          kPaperRegimeSeeds};
}

const std::vector<int>& ladder_quick_Ts() {
  static const std::vector<int> t{8, 11, 16};
  return t;
}

}  // namespace qs
