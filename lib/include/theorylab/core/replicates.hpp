#pragma once
// Replicates pooled per point: the rows of a run that share every parameter value and
// differ only in replicate (and so seed) form one point; per point, the mean, standard
// error and Student-t interval (tl::mean_t_interval) of a scalar of /table, or of a series
// element by element.
//
//   for (const tl::PooledValue& p : tl::pool_replicates(results, "loss")) {
//     const double n = p.point.real("n");
//     use(n, p.value.mean, p.value.se, p.value.lo, p.value.hi);   // p.value.n replicates
//   }
//   for (const tl::PooledSeries& p : tl::pool_replicate_series(results, "curve"))
//     for (const tl::MeanInterval& e : p.elements) use(e.mean, e.lo, e.hi);
//
// Rows that failed (an "error" scalar) and rows without the scalar or series asked for
// (another part of the experiment) are left out; points come in the order of their first
// row. Thread-free and deterministic: the same rows give the same bits.
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "theorylab/core/point.hpp"
#include "theorylab/core/run_results.hpp"
#include "theorylab/math/mean_interval.hpp"

namespace tl {

// One point's replicates: the point of its first row (its replicate number and seed are
// that row's), and the row indices of all of them, in row order.
struct ReplicateGroup {
  Point point;
  std::vector<std::size_t> rows;
};

struct PooledValue {
  Point point;                   // as in ReplicateGroup
  std::vector<std::size_t> rows;
  MeanInterval value;            // over the replicates: n, mean, se, lo, hi (unit of the scalar)
};

struct PooledSeries {
  Point point;
  std::vector<std::size_t> rows;
  std::size_t series_rows = 0, series_cols = 0;  // the series' shape (cols = 0: 1-D)
  std::vector<MeanInterval> elements;            // row-major, one per element of the series
};

// Which rows take part (all rows by default; e.g. one part of an experiment).
using RowFilter = std::function<bool(const Row&)>;

// The rows grouped by point: equal parameter values (every parameter, swept or not),
// replicate and seed ignored. Rows with an "error" scalar are left out, and so are rows
// `keep` rejects.
std::vector<ReplicateGroup> group_replicates(const RunResults& results, const RowFilter& keep = nullptr);

// Per point, the scalar `name` (a number; an integer converts) pooled over the point's
// replicates that have it. A text scalar is a UsageError naming it; a name no row has
// gives no points. confidence in (0, 1) (std::domain_error otherwise).
std::vector<PooledValue> pool_replicates(const RunResults& results, const std::string& name,
                                         double confidence = 0.95, const RowFilter& keep = nullptr);

// Per point, the series `name` pooled element by element over the point's replicates
// that have it. Replicates of one point whose series differ in shape are a UsageError
// naming the series, the point's first row and both shapes.
std::vector<PooledSeries> pool_replicate_series(const RunResults& results, const std::string& name,
                                                double confidence = 0.95, const RowFilter& keep = nullptr);

}  // namespace tl
