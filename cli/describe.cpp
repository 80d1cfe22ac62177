#include "describe.hpp"

#include <algorithm>

#include "plan.hpp"
#include "theorylab/core/grouping.hpp"
#include "run_request.hpp"

namespace tl::cli {

namespace {
// "axes: part, width; groups by: n_bits" for the keys a preset sweeps.
std::string preset_pooling(const ExperimentInfo& info, const Preset& preset) {
  try {
    Sweep sweep(info.params);
    sweep.split(split_blocks(preset.assignments));
    const std::vector<std::string> groups = grouping_keys(info, sweep);
    std::string pooled, grouped;
    for (const std::string& key : sweep.swept_keys()) {
      std::string& list = std::find(groups.begin(), groups.end(), key) == groups.end() ? pooled : grouped;
      list += (list.empty() ? "" : ", ") + key;
    }
    if (pooled.empty() && grouped.empty()) return "sweeps no key";
    return "pools " + (pooled.empty() ? std::string("no key") : pooled) + "; groups by " +
           (grouped.empty() ? std::string("no key") : grouped + " (" + std::to_string(count_groups(info, sweep)) + " groups)");
  } catch (const UsageError& e) {
    return std::string("pooling: unavailable (") + e.what() + ")";
  }
}

// The estimate line of `theorylab run NAME --preset P --dry-run` (default threads).
std::string preset_estimate(const std::string& experiment, const std::string& preset) {
  try {
    const RunRequest r = parse_run_request({experiment, "--preset", preset});
    return estimate_line(r, estimate(r));
  } catch (const UsageError& e) {
    return std::string("estimate: unavailable (") + e.what() + ")";
  }
}
}  // namespace

void describe(std::ostream& out, const Experiment& experiment) {
  const ExperimentInfo info = experiment.info();
  out << info.name << ": " << info.title << "\n\nsource: " << info.source << "\n\n" << info.description << "\n\n";
  out << "parameters (key=value; any may be swept):\n";
  for (const auto& p : info.params) {
    out << "  " << p.name() << " = " << p.default_text() << "   [" << p.allowed();
    if (!p.unit().empty()) out << "; unit " << p.unit();
    if (!p.used_key().empty()) {
      out << "; used only where " << p.used_key() << " is ";
      for (std::size_t i = 0; i < p.used_values().size(); ++i) out << (i ? ", " : "") << p.used_values()[i];
    }
    out << "]\n      " << p.help() << "\n";
  }
  out << "\npresets (--preset NAME; 'default' when none is given, 'none' for the bare defaults):\n";
  for (const auto& preset : info.presets) {
    out << "  " << preset.name << ": " << preset.description << "\n     ";
    for (const auto& a : preset.assignments) out << " " << a;
    if (preset.seeds > 1) out << " --seeds " << preset.seeds;
    out << "\n      " << preset_estimate(info.name, preset.name) << "\n      " << preset_pooling(info, preset) << "\n";
  }
  out << "\naxes (swept keys the reduction pools; any other swept key groups the summary, one reduction and one\n"
         "claim per group, each claim's groups a family at a shared 5% error rate):\n  ";
  for (std::size_t i = 0; i < info.axes.size(); ++i) out << (i ? ", " : "") << info.axes[i];
  out << (info.axes.empty() ? "none: every swept key groups\n" : "\n");
  out << "\nclaims checked:\n";
  for (const auto& c : info.claims)
    out << "  " << c.id << (c.expected_failure ? " (expected to fail)" : "") << ": " << c.statement << "  — "
              << c.source << "\n      needs " << (c.resolution.declared() ? c.resolution.text() : "no declared resolution")
              << "; in a grouped run, a FAIL from its 95% interval is adjusted over the groups by " << to_string(c.family_control)
              << "\n";
  if (!info.across_group_claims.empty()) {
    out << "\nclaims across the groups of a grouped run (by";
    for (const auto& k : info.group_by) out << " " << k;
    out << "):\n";
    for (const auto& c : info.across_group_claims)
      out << "  " << c.id << (c.expected_failure ? " (expected to fail)" : "") << ": " << c.statement << "  — "
          << c.source << "\n";
  }
}

}  // namespace tl::cli
