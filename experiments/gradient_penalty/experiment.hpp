#pragma once
// gradient_penalty: kexue.fm 8796's inequality between input- and parameter-gradient
// penalties, checked on random networks (part "inequality") and followed through
// training (part "training").
#include <string>
#include <vector>

#include "theorylab/core/experiment.hpp"

namespace gradient_penalty {

class GradientPenalty final : public tl::Experiment {
 public:
  tl::ExperimentInfo info() const override;
  tl::Row run_point(const tl::Point& point, tl::Rng& rng) const override;
  void reduce(const tl::RunResults& results, tl::Summary& summary) const override;
  void validate(const tl::Point& point) const override;
  // CPU seconds of one point (cost_model.cpp): no work done.
  double cost_seconds(const tl::Point& point) const override;
};

std::vector<tl::ClaimSpec> claim_specs();

// Rows of each part (gradient_penalty.cpp).
tl::Row run_inequality(const tl::Point& point, tl::Rng& rng);
tl::Row run_training(const tl::Point& point, tl::Rng& rng);
tl::Row run_dose(const tl::Point& point, tl::Rng& rng);  // dose.cpp
// The reductions (reduce.cpp).
void reduce_inequality(const std::vector<tl::RowRef>& rows, tl::Summary& summary);
void reduce_training(const std::vector<tl::RowRef>& rows, tl::Summary& summary);
void reduce_dose(const std::vector<tl::RowRef>& rows, tl::Summary& summary);  // reduce_dose.cpp
// The ids of the dose claims, "<stem>_dose_<quantity>", in reduce_dose's order.
std::vector<std::string> dose_claim_ids();

}  // namespace gradient_penalty
