#include "plan.hpp"

#include <cmath>
#include <cstdio>

#include "theorylab/core/sweep_points.hpp"

namespace tl::cli {

PlanEstimate estimate(const RunRequest& r) {
  PlanEstimate e;
  for (std::size_t b = 0, first = 0; b < r.sweep.blocks(); first += r.sweep.block_size(b), ++b) {
    const int block_seeds = r.sweep.block_seeds(b);
    const std::size_t replicates = static_cast<std::size_t>(block_seeds > 0 ? block_seeds : r.options.seeds);
    for (std::size_t c = 0; c < r.sweep.block_size(b); ++c) {
      const double cost = r.experiment->cost_seconds(Point(r.sweep.combination(first + c), 0, 0, 0));
      e.rows += replicates;
      if (std::isfinite(cost) && cost >= 0) e.cpu_seconds += cost * static_cast<double>(replicates);
      else e.unknown += replicates;
    }
  }
  if (r.shards > 1) {
    e.rows = e.rows / r.shards + 1;  // about this shard's share
    e.cpu_seconds /= static_cast<double>(r.shards);
  }
  return e;
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

void print_plan(std::ostream& out, const RunRequest& r) {
  const SweepPoints points(r.sweep, r.options.seeds, r.options.seed);
  out << r.info.name << ": preset " << r.preset << ", " << r.sweep.blocks() << " block(s), " << points.size() << " rows\n";
  for (std::size_t b = 0; b < r.sweep.blocks(); ++b) {
    const int block_seeds = r.sweep.block_seeds(b);
    const int replicates = block_seeds > 0 ? block_seeds : r.options.seeds;
    out << "  block " << b << ": " << r.sweep.block_size(b) << " point(s) x " << replicates << " replicate(s) = "
        << r.sweep.block_size(b) * static_cast<std::size_t>(replicates) << " rows\n";
    for (const ParamSpec& spec : r.sweep.specs()) {
      const auto& values = r.sweep.block_values(b, spec.name());
      if (values.size() < 2 && !r.sweep.is_swept(spec.name())) continue;
      out << "    " << spec.name() << " =";
      for (std::size_t i = 0; i < values.size() && i < 12; ++i) out << (i ? "," : " ") << to_string(values[i]);
      if (values.size() > 12) out << ",... (" << values.size() << " values)";
      out << "\n";
    }
  }
  const PlanEstimate e = estimate(r);
  if (e.unknown == e.rows) {
    out << "estimated CPU time: unknown (" << r.info.name << " declares no cost model)\n";
    return;
  }
  out << "estimated CPU time: " << duration_text(e.cpu_seconds);
  if (e.unknown) out << " (+ " << e.unknown << " rows the cost model does not know)";
  out << "; about " << duration_text(e.cpu_seconds / std::max(1, r.options.threads)) << " on " << r.options.threads
      << " thread(s)\n";
}

}  // namespace tl::cli
