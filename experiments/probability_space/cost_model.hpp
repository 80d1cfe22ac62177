#pragma once
// probability_space's cost model (Experiment::cost_seconds): the CPU seconds one point is
// expected to take, from its parameters alone (cost_model.cpp says how it was measured).
#include "theorylab/core/point.hpp"

namespace probability_space {

// Seconds of CPU (one thread) of the point's row. Parameters as in the experiment's
// declaration (problem, solver, n, iterations, particles, fp_cells); never throws for
// a point that passed validation.
double cost_seconds(const tl::Point& point);

}  // namespace probability_space
