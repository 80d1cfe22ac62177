#pragma once
// The jl_attention_scale experiment class (definition in jl_attention_scale.cpp, the
// reduction and claims in jl_attention_scale_reduce.cpp) and the fixed grids of the source.
#include <vector>

#include "theorylab/core/experiment.hpp"

namespace jl_attention_scale {

class JlAttentionScale final : public tl::Experiment {
 public:
  tl::ExperimentInfo info() const override;
  tl::Row run_point(const tl::Point& point, tl::Rng& rng) const override;
  void reduce(const tl::RunResults& results, tl::Summary& summary) const override;
  void validate(const tl::Point& point) const override;
  // CPU seconds of one point (cost_model.cpp): no work done.
  double cost_seconds(const tl::Point& point) const override;
};

std::vector<tl::ClaimSpec> claim_specs();

// 7695's table: d and h_d as printed (6 significant figures).
std::vector<double> article_hd_dimensions();
std::vector<double> article_hd_values();
// D at which the slope -(h_{2D} - h_D)/D is evaluated (the last one decides the claim).
std::vector<double> slope_dimensions();
// N for the exact dimension rule 2 log N + h_d = 0: 512, 1e5, 5e6 (docs/science/jl_attention_scale.md, A3).
std::vector<double> dimension_rule_counts();

}  // namespace jl_attention_scale
