#include "theorylab/core/sweep_points.hpp"

#include <algorithm>
#include <stdexcept>

#include "theorylab/core/claim.hpp"
#include "theorylab/core/error.hpp"
#include "theorylab/core/random.hpp"

namespace tl {

SweepPoints::SweepPoints(const Sweep& sweep, int seeds, std::uint64_t run_seed)
    : sweep_(sweep), seeds_(seeds), run_seed_(run_seed) {
  std::size_t combination = 0;
  for (std::size_t b = 0; b < sweep.blocks(); ++b) {
    const std::size_t combinations = sweep.block_size(b);
    const int block_seeds = sweep.block_seeds(b);
    const std::size_t replicates = static_cast<std::size_t>(block_seeds > 0 ? block_seeds : seeds);
    blocks_.push_back({total_, combination, replicates});
    total_ += combinations * replicates;  // <= 1e7 * 1e6 (the sweep's and --seeds' limits): no overflow
    combination += combinations;
  }
  if (static_cast<double>(total_) > kMaxRows)
    throw UsageError("the run has " + format_number(static_cast<double>(total_)) +
                     " rows (points x replicates), more than the limit of " + format_number(kMaxRows) +
                     "; sweep fewer values or run fewer --seeds");
}

Point SweepPoints::point(std::size_t row) const {
  if (row >= total_) throw std::out_of_range("row " + std::to_string(row) + " is past the sweep's " + std::to_string(total_));
  const auto it = std::upper_bound(blocks_.begin(), blocks_.end(), row,
                                   [](std::size_t r, const BlockRows& b) { return r < b.first_row; });
  const BlockRows& block = *(it - 1);
  const std::size_t local = row - block.first_row;
  const std::size_t combination = block.first_combination + local / block.replicates;
  const int replicate = static_cast<int>(local % block.replicates);
  return Point(sweep_.combination(combination), row, replicate, derive_seed(run_seed_, row),
               replicate_seed(run_seed_, replicate));
}

std::uint64_t fnv1a64(const std::string& bytes, std::uint64_t basis) {
  std::uint64_t h = basis;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::uint64_t point_hash(const Point& point, const std::set<std::string>& without) {
  std::string text;
  for (const auto& [key, value] : point.values())
    if (!without.count(key)) text += key + "=" + to_string(value) + "\n";
  text += "replicate=" + std::to_string(point.replicate()) + "\nseed=" + std::to_string(point.seed()) + "\n";
  return fnv1a64(text);
}

std::string canonical_sweep(const Sweep& sweep, int seeds) {
  std::string text;
  for (std::size_t b = 0; b < sweep.blocks(); ++b) {
    text += "block " + std::to_string(b) + ":";
    for (const ParamSpec& spec : sweep.specs()) {
      text += " " + spec.name() + "=";
      const auto& values = sweep.block_values(b, spec.name());
      for (std::size_t i = 0; i < values.size(); ++i) text += (i ? "," : "") + to_string(values[i]);
    }
    const int block_seeds = sweep.block_seeds(b);
    text += " replicates=" + std::to_string(block_seeds > 0 ? block_seeds : seeds) + "\n";
  }
  return text;
}

}  // namespace tl
