#include "quantization_scaling/presets.hpp"

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

using P = PaperConfig;

std::string n(double v) { return tl::format_number(v); }

// The paper's width and data sweeps at the given alpha expression ("alpha=0.4").
std::vector<std::string> paper_blocks(const std::string& alphas) {
  const std::vector<std::string> common = {
      "n_tasks=" + n(P::kTasks), "n_bits=" + n(P::kBits), "k=" + n(P::kK), "batch=" + n(P::kBatch),
      "lr=" + n(P::kLearningRate), "steps=" + n(P::kSteps), "b3_width=" + n(P::kDataWidth),
      "b3_steps=" + n(P::kSteps), "precision=float32"};
  return sweep_blocks(common, {{"part=B1", alphas, "width=log(" + n(P::kWidthMin) + "," + n(P::kWidthMax) + "," +
                                                       n(P::kWidths) + ")"},
                               {"part=B3", alphas, "D=log(" + n(P::kDataMin) + "," + n(P::kDataMax) + "," +
                                                       n(P::kDataSizes) + ")"}});
}

}  // namespace

tl::Preset paper_exact_preset() {
  return {"paper-exact", paper_blocks("alpha=" + n(P::kAlpha)),
          "The paper's own task, model and schedule at alpha = 0.4 (arXiv 2303.13506 Fig. 2; the authors' "
          "P-scaling-9 and D-scaling-11 grids): 500 subtasks, n = 100 bits, k = 3, batch 20000, Adam lr 1e-3, "
          "float32, 20 widths 10-500 online for 2e5 steps, 25 data sizes 1e3-1e7 multi-epoch at width 500 for "
          "2e5 steps, one seed. Beyond a 2-core CPU: plan it, or run it with submit slurm. Evaluation uses "
          "test_per_task = 256 (the paper: 1000).",
          P::kSeeds};
}

tl::Preset paper_a4b_preset() {
  std::string alphas = "alpha=";
  for (std::size_t i = 0; i < sizeof(P::kA4bAlphas) / sizeof(P::kA4bAlphas[0]); ++i)
    alphas += (i ? "," : "") + n(P::kA4bAlphas[i]);
  return {"paper-a4b", paper_blocks(alphas),
          "paper-exact at every alpha of Fig. A4b (0.1-0.8): the network rows of the paper's exponent table at "
          "the paper's scale. Beyond a 2-core CPU: plan it, or run it with submit slurm.",
          P::kSeeds};
}

}  // namespace qs
