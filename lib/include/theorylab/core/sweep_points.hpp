#pragma once
// The rows of a run, enumerated lazily: row i's point (parameter values, replicate,
// seed) is computed from the sweep on demand, so a sweep of 10^7 points costs no memory
// until its rows are run.
//
// Row order: blocks in order; within a block, combinations (last declared key fastest),
// then replicates. A block's own "seeds=K" overrides the run's --seeds for that block.
//
//   SweepPoints points(sweep, /*seeds=*/3, /*run_seed=*/1);
//   Point p = points.point(42);   // p.index() == 42, p.seed() == derive_seed(1, 42)
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "theorylab/core/point.hpp"
#include "theorylab/core/sweep.hpp"

namespace tl {

// The most rows a run may have: every row costs the journal an offset and the plan an
// estimate, so a run of more rows could not be planned, resumed or merged in bounded
// memory and time. Equal to the sweep's limit on points.
constexpr double kMaxRows = 1e7;

class SweepPoints {
 public:
  // seeds >= 1 (a block's own seeds=K takes precedence). Throws UsageError if the run
  // would have more than kMaxRows rows.
  SweepPoints(const Sweep& sweep, int seeds, std::uint64_t run_seed);

  std::size_t size() const { return total_; }  // rows: points × replicates
  Point point(std::size_t row) const;         // std::out_of_range past size()
  const Sweep& sweep() const { return sweep_; }
  std::uint64_t run_seed() const { return run_seed_; }
  int seeds() const { return seeds_; }
  // Parameters the rows were recorded without (a later build added them, at defaults
  // that leave the recorded points as they were: cli/recorded_run.hpp): left out of the
  // point hashes rows are checked against.
  std::set<std::string> unrecorded;

 private:
  struct BlockRows {
    std::size_t first_row, first_combination, replicates;
  };
  const Sweep& sweep_;
  int seeds_;
  std::uint64_t run_seed_;
  std::vector<BlockRows> blocks_;
  std::size_t total_ = 0;
};

// A stable 64-bit fingerprint of a point (FNV-1a over its values as typed, its
// replicate and seed): the journal stores it beside each row, so that a resumed or
// merged row is checked to belong to the same point.
// `without`: parameters left out (SweepPoints::unrecorded).
std::uint64_t point_hash(const Point& point, const std::set<std::string>& without = {});

// FNV-1a 64 of bytes: stable across platforms and builds (std::hash is not).
std::uint64_t fnv1a64(const std::string& bytes, std::uint64_t basis = 0xcbf29ce484222325ULL);

// The expanded sweep as canonical text: every block's key=values (as typed values,
// after expansion) and its replicates. Two runs with the same text run the same points.
std::string canonical_sweep(const Sweep& sweep, int seeds);

}  // namespace tl
