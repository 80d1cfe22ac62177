#pragma once
// Reductions that respect every swept key. An experiment's reduction pools or fits
// across some swept keys (its axes: `ExperimentInfo::aggregates`, and every key its
// presets sweep). Any other swept key is a grouping key: the reduction runs once per
// group of rows that share its values, on exactly those rows (and a sweep with the key
// fixed), and the group results are joined:
//   * a summary table gets the grouping keys as leading columns and one block of rows
//     per group;
//   * a scalar, array, note or claim gets the group in its name: "c_fit[kappa=3]"
//     (one claim per group, each with its own verdict).
// Nothing is pooled across a key the experiment did not declare. Keys the experiment
// lists in ExperimentInfo::group_by group whenever swept (a preset sweeping them does not
// make them axes) and come first; a key whose value is fixed by the keys before it
// (the same in every row sharing their values) is left out of the group's label, so a
// ladder `n_tasks=32 steps=1000 + n_tasks=64 steps=4000` has groups [n_tasks=32] and
// [n_tasks=64] (its tables still get every key as a column).
// After the groups, Experiment::reduce_across_groups sees the joined summary and decides
// the across-group claims.
#include <string>
#include <vector>

#include "theorylab/core/experiment.hpp"

namespace tl {

// The swept keys of `sweep` that the experiment's reduction does not aggregate over.
std::vector<std::string> grouping_keys(const ExperimentInfo& info, const Sweep& sweep);

// Runs `experiment.reduce` once per group of `results` by `keys` (see above) and joins
// the groups into `summary` (claims declared per group). Returns "" or the first error.
std::string reduce_by_groups(const Experiment& experiment, const RunResults& results, const std::vector<std::string>& keys,
                             Summary& summary);

}  // namespace tl
