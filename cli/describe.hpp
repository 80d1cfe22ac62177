#pragma once
// `theorylab describe NAME`: parameters with defaults and ranges, presets, claims, source.
#include <ostream>

#include "theorylab/core/experiment.hpp"

namespace tl::cli {

void describe(std::ostream& out, const ExperimentInfo& info);

}  // namespace tl::cli
