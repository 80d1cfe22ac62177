#pragma once
// The cost model of quantization_scaling: the CPU seconds one point takes on one core,
// a cheap function of its parameters (no work done). Used by `run --dry-run` and every
// run's opening estimate. Constants were fitted to single-point timings (see
// cost_model.cpp); the model is meant to be within a factor of 3, not exact.
#include "theorylab/core/point.hpp"

namespace qs {

// Seconds (>= 0) for one point of any part; throws nothing for a point that passed
// check_point (settings.hpp), NaN for one that did not.
double point_cost_seconds(const tl::Point& point);

}  // namespace qs
