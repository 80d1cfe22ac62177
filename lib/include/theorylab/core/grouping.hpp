#pragma once
// The pooling rule, stated once: a reduction pools only its declared axes.
//
// An experiment declares the swept keys its reduction pools or fits across
// (ExperimentInfo::axes: the widths of a scaling fit, the configurations a worst case
// runs over). Every other swept key is a grouping key, whoever sweeps it — the command
// line or a preset: the reduction runs once per group of rows that share the grouping
// keys' values, on exactly those rows (with a sweep in which those keys are fixed), so
// rows of different values of an undeclared key never meet in one reduce() call. The
// groups' results are joined:
//   * a summary table gets the grouping keys as leading columns, a block of rows per
//     group;
//   * the scalars of the groups form one table, "scalars_by_group" (a row per group);
//   * a claim decided in every group forms a family: one claim per group, named
//     "ID[key=value,...]", whose FAILs share a 5% error rate through the claim's
//     procedure (Holm by default, Benjamini-Hochberg where declared; claim.hpp), each
//     recording its raw and adjusted evidence (ClaimEvidence).
// Keys the experiment lists in ExperimentInfo::group_by come first among the grouping
// keys, in that order; a key whose value is fixed by the labelled keys before it (the
// same in every row sharing their values) is left out of the group's label, so a ladder
// `n_tasks=32 steps=1000 + n_tasks=64 steps=4000` has groups [n_tasks=32] and
// [n_tasks=64] (its tables still get every key as a column).
// After the groups, Experiment::reduce_across_groups sees the joined summary and decides
// the across-group claims.
//
// Scale: groups are reduced one at a time and folded into the joined summary at once,
// so memory holds one group's summary plus the joined output. A run has at most
// kMaxGroups groups: beyond that a per-group claim family means little (Holm tests its
// first claim at 1 - 0.05/G) and the joined output outgrows a few hundred MB (measured:
// probability_space, 14 claims a group, 2e3 / 2e4 / 5e4 groups peak at 40 / 200 / 469
// MB, 0.9 / 8.7 / 21.5 CPU-s), so `plan` and `run` refuse the sweep up front
// (check_group_count), naming the way out.
#include <cstddef>
#include <string>
#include <vector>

#include "theorylab/core/experiment.hpp"

namespace tl {

inline constexpr std::size_t kMaxGroups = 20000;

// The swept keys of `sweep` that are not axes of the experiment's reduction: group_by
// keys first (in their order), then the others in sweep order.
std::vector<std::string> grouping_keys(const ExperimentInfo& info, const Sweep& sweep);

// The number of distinct combinations of the grouping keys' values in `sweep` (the
// groups of a run), counted up to `cap` + 1 and stopping there.
std::size_t count_groups(const ExperimentInfo& info, const Sweep& sweep, std::size_t cap = kMaxGroups);

// Throws UsageError when the sweep would give more than kMaxGroups groups: the message
// names the keys, the count of combinations the sweep lists and the way out (declare the key an axis, or sweep fewer
// values).
void check_group_count(const ExperimentInfo& info, const Sweep& sweep);

// Runs `experiment.reduce` once per group of `results` by `keys` (see above) and joins
// the groups into `summary`, then applies each claim family's procedure. Checks for
// cancellation between groups (throws Cancelled). Returns "" or the first error.
std::string reduce_by_groups(const Experiment& experiment, const RunResults& results, const std::vector<std::string>& keys,
                             Summary& summary);

// Applies each family's procedure to `claims`: the claims sharing ClaimEvidence::family
// (at most one per group) get their adjusted p-value, family size and, where the family
// does not reject them, their revised verdict (Claim::adjust_for_family). A family of
// one is recorded as such.
void control_claim_families(std::vector<Claim>& claims);

// Adjusted p-values of one family, in the order given (NaN entries are not tests and
// stay NaN; m counts the others). Holm: p_(i) -> max_{j<=i} min(1, (m-j+1) p_(j));
// Benjamini-Hochberg: p_(i) -> min_{j>=i} min(1, m p_(j) / j). Domain: p in [0, 1] or
// NaN; any size.
std::vector<double> adjust_p_values(const std::vector<double>& p, FamilyControl control);

}  // namespace tl
