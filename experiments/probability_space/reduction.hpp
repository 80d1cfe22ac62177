#pragma once
// probability_space: what the run (probability_space.cpp) and the reduction (reduce.cpp)
// share: the problems' classes and the seed of a point's random data.
#include <cstdint>

#include "probability_space/problems.hpp"
#include "theorylab/core/point.hpp"
#include "theorylab/core/run_results.hpp"
#include "theorylab/core/summary.hpp"

namespace probability_space {

constexpr std::int64_t kInstanceSeedAuto = 0;  // instance_seed = 0: one instance per replicate

// Problems that are L-smooth and convex on the simplex (T1-T5), and the convex ones (all
// but T7, T8).
inline bool smooth_convex(ProblemId id) {
  return id == ProblemId::T1 || id == ProblemId::T2 || id == ProblemId::T3 || id == ProblemId::T4 || id == ProblemId::T5;
}
inline bool convex(ProblemId id) { return id != ProblemId::T7 && id != ProblemId::T8; }

// The seed of a point's random problem data: the pinned `instance_seed`, or (0, the
// default) the replicate's seed, shared by every solver of that replicate.
inline std::uint64_t instance_seed_of(const tl::Point& point) {
  const std::int64_t pinned = point.integer("instance_seed");
  return pinned == kInstanceSeedAuto ? point.replicate_seed() : static_cast<std::uint64_t>(pinned);
}

// The reduction: the comparison table, the findings and every claim (reduce.cpp).
void reduce_rows(const tl::RunResults& results, tl::Summary& summary);

}  // namespace probability_space
