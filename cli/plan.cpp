#include "plan.hpp"

#include "theorylab/core/grouping.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

#include "theorylab/core/sweep_points.hpp"

namespace tl::cli {

PlanEstimate estimate(const RunRequest& r, const std::function<bool(std::size_t)>& done) {
  PlanEstimate e;
  std::size_t row = 0;  // rows: blocks in order, combinations, then replicates (sweep_points.hpp)
  for (std::size_t b = 0, first = 0; b < r.sweep.blocks(); first += r.sweep.block_size(b), ++b) {
    const int block_seeds = r.sweep.block_seeds(b);
    const std::size_t replicates = static_cast<std::size_t>(block_seeds > 0 ? block_seeds : r.options.seeds);
    for (std::size_t c = 0; c < r.sweep.block_size(b); ++c) {
      const double cost = r.experiment->cost_seconds(Point(r.sweep.combination(first + c), 0, 0, 0));
      const bool known = std::isfinite(cost) && cost >= 0;
      for (std::size_t k = 0; k < replicates; ++k, ++row) {
        ++e.total_rows;
        if (row % r.shards != r.shard) continue;
        if (done && done(row)) {
          ++e.skipped_done;
          continue;
        }
        ++e.rows;
        if (!known) {
          ++e.unknown;
          continue;
        }
        e.cpu_seconds += cost;
        e.largest_row = std::max(e.largest_row, cost);
      }
    }
  }
  return e;
}

std::vector<std::size_t> heaviest_first(const RunRequest& r) {
  std::vector<std::pair<double, std::size_t>> costs;  // (cost, row)
  std::size_t row = 0;
  for (std::size_t b = 0, first = 0; b < r.sweep.blocks(); first += r.sweep.block_size(b), ++b) {
    const int block_seeds = r.sweep.block_seeds(b);
    const std::size_t replicates = static_cast<std::size_t>(block_seeds > 0 ? block_seeds : r.options.seeds);
    if (row + r.sweep.block_size(b) * replicates > kMaxOrderedRows) return {};
    for (std::size_t c = 0; c < r.sweep.block_size(b); ++c) {
      const double cost = r.experiment->cost_seconds(Point(r.sweep.combination(first + c), 0, 0, 0));
      if (!(std::isfinite(cost) && cost >= 0)) return {};
      for (std::size_t k = 0; k < replicates; ++k) costs.emplace_back(cost, row++);
    }
  }
  std::stable_sort(costs.begin(), costs.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::size_t> order;
  order.reserve(costs.size());
  for (const auto& c : costs) order.push_back(c.second);
  return order;
}

std::string duration_text(double s) {
  char buffer[64];
  if (!std::isfinite(s)) return "unknown";
  if (s < 60) std::snprintf(buffer, sizeof buffer, "%.2g s", s);
  else if (s < 3600) std::snprintf(buffer, sizeof buffer, "%.2g min", s / 60);
  else if (s < 86400 * 3) std::snprintf(buffer, sizeof buffer, "%.3g h", s / 3600);
  else std::snprintf(buffer, sizeof buffer, "%.3g days", s / 86400);
  return buffer;
}

std::string cpu_seconds_text(double s) {
  char buffer[64];
  if (!std::isfinite(s)) return "unknown";
  if (s < 10) {
    std::snprintf(buffer, sizeof buffer, "%.2g", s);
  } else {
    const double step = std::pow(10.0, std::floor(std::log10(s)) - 1);  // two significant digits
    std::snprintf(buffer, sizeof buffer, "%.0f", std::round(s / step) * step);
  }
  return buffer;
}

std::string estimate_line(const RunRequest& r, const PlanEstimate& e) {
  std::string line = "estimate: ";
  if (e.rows == e.total_rows) line += std::to_string(e.rows) + " rows";
  else line += std::to_string(e.rows) + " of " + std::to_string(e.total_rows) + " rows";
  if (r.shards > 1) line += " (shard " + std::to_string(r.shard) + "/" + std::to_string(r.shards) + ")";
  if (e.skipped_done) line += " (" + std::to_string(e.skipped_done) + " done earlier)";
  if (e.rows > 0 && e.unknown == e.rows) return line + ", CPU time unknown (" + r.info.name + " has no cost model)";
  const int threads = std::max(1, r.options.threads);
  const double wall = std::max(e.cpu_seconds / threads, e.largest_row);
  line += ", about " + cpu_seconds_text(e.cpu_seconds) + " CPU-s";
  if (e.cpu_seconds >= 3600) line += " = " + duration_text(e.cpu_seconds);
  line += " (\u2248" + duration_text(wall) + " on " + std::to_string(threads) + (threads == 1 ? " thread)" : " threads)");
  if (e.unknown) line += "; + " + std::to_string(e.unknown) + " rows the cost model does not know";
  return line;
}

// Values of one swept key listed in full up to this many (a paper's grid of 30 widths
// is read off the plan); longer lists show their first values and their count.
constexpr std::size_t kListedValues = 40;

// The block's settings that are one value and differ from the parameter's default, on
// one line: with the swept keys above, the whole configuration a block trains.
void print_fixed_settings(std::ostream& out, const RunRequest& r, std::size_t b) {
  std::string line;
  for (const ParamSpec& spec : r.sweep.specs()) {
    const auto& values = r.sweep.block_values(b, spec.name());
    if (values.size() != 1 || r.sweep.is_swept(spec.name()) || to_string(values[0]) == spec.default_text()) continue;
    if (!spec.used_key().empty()) {
      const auto& conditions = r.sweep.block_values(b, spec.used_key());
      if (std::none_of(conditions.begin(), conditions.end(), [&](const Value& v) { return spec.used_at(to_string(v)); }))
        continue;  // not used by this block's points
    }
    line += (line.empty() ? "" : " ") + spec.name() + "=" + to_string(values[0]);
  }
  if (!line.empty()) out << "    settings: " << line << " (the others at their defaults)\n";
}

void print_plan(std::ostream& out, const RunRequest& r, const std::function<bool(std::size_t)>& done) {
  const SweepPoints points(r.sweep, r.options.seeds, r.options.seed);
  out << r.info.name << ": preset " << r.preset << ", " << r.sweep.blocks() << " block(s), " << points.size() << " rows\n";
  for (const Preset& p : r.info.presets)
    if (p.name == r.preset) out << "  " << p.description << "\n";
  for (const std::string& s : r.sweep.selections()) out << "  " << s << "\n";
  for (std::size_t b = 0; b < r.sweep.blocks(); ++b) {
    const int block_seeds = r.sweep.block_seeds(b);
    const int replicates = block_seeds > 0 ? block_seeds : r.options.seeds;
    out << "  block " << b << ": " << r.sweep.block_size(b) << " point(s) x " << replicates << " replicate(s) = "
        << r.sweep.block_size(b) * static_cast<std::size_t>(replicates) << " rows\n";
    for (const ParamSpec& spec : r.sweep.specs()) {
      const auto& values = r.sweep.block_values(b, spec.name());
      if (values.size() < 2 && !r.sweep.is_swept(spec.name())) continue;
      out << "    " << spec.name() << " =";
      for (std::size_t i = 0; i < values.size() && i < kListedValues; ++i) out << (i ? "," : " ") << to_string(values[i]);
      if (values.size() > kListedValues) out << ",... (" << values.size() << " values)";
      else if (values.size() > 3) out << "   (" << values.size() << " values)";
      if (!spec.used_key().empty()) {  // a key no point of this block uses: say so
        const auto& conditions = r.sweep.block_values(b, spec.used_key());
        if (std::none_of(conditions.begin(), conditions.end(), [&](const Value& v) { return spec.used_at(to_string(v)); }))
          out << "   (not used by " << spec.used_key() << "=" << to_string(conditions.front())
              << (conditions.size() > 1 ? ",..." : "") << ")";
      }
      out << "\n";
    }
    print_fixed_settings(out, r, b);
  }
  const std::vector<std::string> keys = grouping_keys(r.info, r.sweep);
  if (!keys.empty()) {
    out << "  summary grouped by";
    for (const std::string& k : keys) out << " " << k;
    out << ": " << count_groups(r.info, r.sweep) << " groups, one reduction each; a claim decided in every group is a family "
        << "(its FAILs share a 5% error rate)\n";
  }
  out << estimate_line(r, estimate(r, done)) << "\n";
}

}  // namespace tl::cli
