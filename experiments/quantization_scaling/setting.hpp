#pragma once
// What one point of quantization_scaling computes. The swept parameters are the axes
// of the work (docs/science/quantization_scaling.md):
//   part     A1, A2, A3, A4 (the model), calibration, B1, B3, geometry (the network)
//   alpha    the Zipf exponent minus one (every part but calibration)
//   width    the hidden width of B1 and geometry (0 elsewhere)
//   geometry_bits  the geometry part's task bits n (0 elsewhere: n_bits)
//   D        B3's data set size (0 elsewhere: online)
//   tau      A3's learning threshold (0 elsewhere)
//   variant  calibration: the one setting changed from the base (base elsewhere)
// An axis a part does not use must stay at its default there, so that no two points of
// one run compute the same thing under different labels (check_point).
#include <cstdint>
#include <string>

#include "theorylab/core/point.hpp"

namespace qs {

// The alpha parameter's default: Part B's alpha (the paper's Fig. A3). The calibration,
// which has no Zipf law, must leave alpha here.
constexpr double kDefaultAlpha = 0.4;
// The default task's geometry: n = 48 task bits, k = 3 bits per parity (T = 64 subtasks
// by default). Chosen from the geometry part (docs/science/quantization_scaling.md,
// "Task geometry"; 2026-12-06, float64, 11 widths 8-256 x 3 seeds, 20k steps): the
// non-quantized part alpha_rest of alpha_N was 0.20, 0.09, 0.06 and -0.03 at n = 16, 24,
// 32, 48 with one shared task instance, and 0.20, 0.13, 0.07 [0.04, 0.11] and 0.03
// [0.01, 0.05] in the default preset's geometry block (a task instance per seed): n = 48
// is the smallest n whose |alpha_rest| is below the claim's bound 0.1 in both.
constexpr int kDefaultTaskBits = 48;
constexpr int kDefaultParityBits = 3;
// The range of alpha accepted, where every part computes (checked at both ends, A1-A4).
// Far wider than the law's range in the paper (alpha in 0.1-2). Below, s = alpha + 1
// rounds to 1 (an infinite Zipf law needs s > 1: at alpha = 1e-300 every part failed);
// above, the tails in A1's fit windows underflow to 0 (alpha = 100 failed the fit).
constexpr double kMinAlpha = 1e-12;
constexpr double kMaxAlpha = 50;
// The most Part A Monte Carlo replicates per point: A4 splits its streams as
// a * 1000003 + beta_index * 1009 + seed, distinct only while seed < 1009.
constexpr int kMaxASeeds = 1000;

// The calibration's variants: the base setting and one change at a time.
extern const char* const kVariants[8];  // base, n/2, 2n, k+1, width/4, 4width, lr/3, 3lr

bool is_network_part(const std::string& part);  // calibration, B1, B3, geometry

// The network one point trains (network parts only): the calibration applies its
// variant to the base setting and trains one parity (n_tasks = 1).
struct NetworkSetting {
  int width = 0;          // hidden units
  int n_bits = 0, k = 0;  // task bits, bits per parity
  int n_tasks = 0;        // subtasks (1 for the calibration)
  double learning_rate = 0;
  int steps = 0;          // training steps (the calibration's budget)
  std::int64_t D = 0;     // 0: online (fresh batch every step); else multi-epoch on D samples
};
// Throws tl::UsageError if `point` is not a network part.
NetworkSetting network_setting(const tl::Point& point);

// Rejects a point whose settings do not fit its part (tl::UsageError naming the
// parameter): an axis the part does not use away from its default, a missing axis
// value (B1 needs width >= 1, B3 needs D >= 1, A3 needs tau >= 1), k > n_bits, more
// subtasks than k-subsets, a calibration variant that leaves the valid range, an array
// beyond 4 GiB.
void check_point(const tl::Point& point);

}  // namespace qs
