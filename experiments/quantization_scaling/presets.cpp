#include "quantization_scaling/presets.hpp"

#include <cmath>

#include "theorylab/core/claim.hpp"

namespace qs {

std::vector<std::string> sweep_blocks(const std::vector<std::string>& common,
                                      const std::vector<std::vector<std::string>>& blocks) {
  std::vector<std::string> out;
  for (std::size_t b = 0; b < blocks.size(); ++b) {
    if (b > 0) out.push_back("+");
    out.insert(out.end(), blocks[b].begin(), blocks[b].end());
    out.insert(out.end(), common.begin(), common.end());
  }
  return out;
}

namespace {

using P = PaperTask;

std::string n(double v) { return tl::format_number(v); }

// "alpha=0.1,0.2,...": from `lo` to kA4bAlphaMax by `step`.
std::string alpha_grid(double lo, double step) {
  std::string s = "alpha=";
  const int count = static_cast<int>(std::lround((kA4bAlphaMax - lo) / step)) + 1;
  for (int i = 0; i < count; ++i) s += (i ? "," : "") + n(std::round((lo + i * step) * 100) / 100);
  return s;
}

// "v1,v2,...": `count` values log-spaced from lo to hi, truncated to integers as the
// authors' eval.py does (int(np.power(10, np.linspace(log10 lo, log10 hi, count)))); the
// 1e-9 keeps an exact power of ten from truncating to the integer below.
// A value the truncation repeats (a narrow grid) is listed once.
std::string authors_grid(double lo, double hi, int count) {
  std::string s;
  double last = -1;
  for (int i = 0; i < count; ++i) {
    const double e = std::log10(lo) + i * (std::log10(hi) - std::log10(lo)) / (count - 1);
    const double v = std::floor(std::pow(10.0, e) * (1 + 1e-12) + 1e-9);
    if (v == last) continue;
    s += (s.empty() ? "" : ",") + n(v);
    last = v;
  }
  return s;
}

// One width sweep and one data sweep of the authors on the paper's task.
std::vector<std::string> authors_blocks(const AuthorsWidthSweep& w, const std::string& width_alphas,
                                        const AuthorsDataSweep& d, const std::string& data_alphas) {
  // Every setting one value across the preset (a key whose value differs between blocks
  // would split the reduction into groups): B3's own keys in the B1 block too.
  const std::vector<std::string> task = {"n_tasks=" + n(P::kTasks), "n_bits=" + n(P::kBits), "k=" + n(P::kK),
                                         "batch=" + n(P::kBatch), "lr=" + n(P::kLearningRate), "precision=float32",
                                         "steps=" + n(w.steps), "b3_width=" + n(d.width), "b3_steps=" + n(d.steps)};
  std::vector<std::string> b1 = {"part=B1", width_alphas,
                                 "width=" + authors_grid(w.width_min, w.width_max, w.widths),
                                 "seeds=" + n(w.seeds)};
  std::vector<std::string> b3 = {"part=B3", data_alphas,
                                 "D=" + authors_grid(d.D_min, d.D_max, d.sizes),
                                 "seeds=" + n(d.seeds)};
  return sweep_blocks(task, {b1, b3});
}

const char* const kBeyondCpu =
    " Beyond a 2-core CPU: plan it, or run it with submit slurm. Evaluation uses test_per_task = 256 (the authors: "
    "1000); theorylab's B3 chooses the stopping step on a validation set, the authors' estimator takes the least "
    "test loss over checkpoints (both are reported).";

}  // namespace

tl::Preset paper_a4b_preset() {
  return {"paper-a4b",
          authors_blocks(kPScaling17, alpha_grid(kA4bWidthAlphaMin, kA4bWidthAlphaStep), kDScaling9,
                         alpha_grid(kA4bDataAlphaMin, kA4bDataAlphaStep)),
          "The authors' runs behind Fig. A4b of arXiv 2303.13506 (ejmichaud/quantization-model): P-scaling-17 "
          "(alpha_N, alpha_S: 20 widths 10-300 online for 1e5 steps at alpha = 0.1-0.8 by 0.1, seeds 0, 1, 2, "
          "each its own task instance) and D-scaling-9 (alpha_D: 25 data sizes 1e4-5e6 multi-epoch at width 500 "
          "for 1e5 steps at alpha = 0.1-0.8 by 0.05, seed 0); 500 subtasks, n = 100 bits, k = 3, batch 20000, "
          "Adam lr 1e-3, float32." +
              std::string(kBeyondCpu),
          1};
}

tl::Preset paper_fig2_preset() {
  const std::string alpha = "alpha=" + n(kFig2Alpha);
  return {"paper-fig2", authors_blocks(kPScaling15, alpha, kDScaling6, alpha),
          "The authors' runs behind Fig. 2 of arXiv 2303.13506 (ejmichaud/quantization-model): P-scaling-15 (30 "
          "widths 10-500 online for 2e5 steps at alpha = 0.4, seed 0) and D-scaling-6 (30 data sizes 1e4-5e6 "
          "multi-epoch at width 500 for 1e6 steps, seed 0); 500 subtasks, n = 100 bits, k = 3, batch 20000, Adam "
          "lr 1e-3, float32." +
              std::string(kBeyondCpu),
          1};
}

std::vector<std::string> paper_regime_block(int T, int steps, double width_max) {
  return {"part=B1", "alpha=" + n(kPaperRegimeAlpha), "n_tasks=" + n(T), "n_bits=" + n(P::kBits),
          "k=" + n(P::kK), "batch=" + n(P::kBatch), "lr=" + n(P::kLearningRate), "precision=float32",
          "steps=" + n(steps), "width=" + authors_grid(kPScaling17.width_min, width_max, kPScaling17.widths)};
}

tl::Preset paper_regime_preset() {
  return {"paper-regime", paper_regime_block(P::kTasks, kPaperRegimeSteps, kPScaling17.width_max),
          "The paper's regime at CPU scale, for its estimators: P-scaling-17 (B1 only) at alpha = 0.4 on the paper's "
          "task and optimiser (500 subtasks, n = 100 task bits, k = 3, batch 20000, Adam lr 1e-3, float32, its 20 "
          "widths 10-300), for " +
              n(kPaperRegimeSteps) +
              " steps instead of 1e5 (past the authors' alpha_S window, steps 500-14500) and 2 seeds instead of 3, "
              "each its own task instance. The reference under reference/quantization_scaling-paper-regime/.",
          kPaperRegimeSeeds};
}

}  // namespace qs
