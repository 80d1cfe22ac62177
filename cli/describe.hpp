#pragma once
// `theorylab describe NAME`: parameters with defaults and ranges, presets (each with
// the cost model's estimate, the line `theorylab plan NAME --preset P` prints), claims,
// source.
#include <ostream>

#include "theorylab/core/experiment.hpp"

namespace tl::cli {

void describe(std::ostream& out, const Experiment& experiment);

}  // namespace tl::cli
