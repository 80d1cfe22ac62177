#include "theorylab/core/replicates.hpp"

#include <map>
#include <utility>

#include "theorylab/core/error.hpp"

namespace tl {

namespace {

bool takes_part(const Row& row, const RowFilter& keep) { return !row.has("error") && (!keep || keep(row)); }

// Calls add(group index, row index, row) for every row that takes part and passes
// `has`, grouping rows by their parameter values in first-row order.
template <class Has, class Add>
std::vector<ReplicateGroup> group_rows(const RunResults& results, const RowFilter& keep, Has has, Add add) {
  std::vector<ReplicateGroup> groups;
  std::map<std::map<std::string, Value>, std::size_t> index;
  std::size_t i = 0;
  for (const Row& row : results.rows()) {
    const std::size_t r = i++;
    if (!takes_part(row, keep) || !has(row)) continue;
    const auto [it, fresh] = index.emplace(row.point().values(), groups.size());
    if (fresh) groups.push_back({row.point(), {}});
    groups[it->second].rows.push_back(r);
    add(it->second, r, row);
  }
  return groups;
}

std::string shape_text(const Series& s) {
  return s.is_matrix() ? std::to_string(s.rows) + "x" + std::to_string(s.cols) : std::to_string(s.data.size());
}

}  // namespace

std::vector<ReplicateGroup> group_replicates(const RunResults& results, const RowFilter& keep) {
  return group_rows(results, keep, [](const Row&) { return true; }, [](std::size_t, std::size_t, const Row&) {});
}

std::vector<PooledValue> pool_replicates(const RunResults& results, const std::string& name, double confidence,
                                         const RowFilter& keep) {
  mean_t_interval({}, confidence);  // checks the confidence even when no row has the scalar
  std::vector<std::vector<double>> values;
  const auto groups = group_rows(
      results, keep, [&](const Row& row) { return row.has(name); },
      [&](std::size_t g, std::size_t, const Row& row) {
        if (std::holds_alternative<std::string>(row.scalar(name)))
          throw UsageError("pool_replicates: '" + name + "' is a text scalar, not a number");
        if (g == values.size()) values.emplace_back();
        values[g].push_back(row.real(name));
      });
  std::vector<PooledValue> out;
  for (std::size_t g = 0; g < groups.size(); ++g)
    out.push_back({groups[g].point, groups[g].rows, mean_t_interval(values[g], confidence)});
  return out;
}

std::vector<PooledSeries> pool_replicate_series(const RunResults& results, const std::string& name, double confidence,
                                                const RowFilter& keep) {
  mean_t_interval({}, confidence);  // checks the confidence even when no row has the series
  std::vector<PooledSeries> out;
  std::vector<std::vector<std::vector<double>>> samples;  // [group][element][replicate]
  const auto groups = group_rows(
      results, keep, [&](const Row& row) { return row.has_series(name); },
      [&](std::size_t g, std::size_t r, const Row& row) {
        const Series& s = row.series_of(name);
        if (g == out.size()) {
          out.push_back({row.point(), {}, s.rows, s.cols, {}});
          samples.emplace_back(s.data.size());
        } else if (s.rows != out[g].series_rows || s.cols != out[g].series_cols || s.data.size() != samples[g].size()) {
          const Series first{std::vector<double>(samples[g].size()), out[g].series_rows, out[g].series_cols, "", {}};
          throw UsageError("pool_replicate_series: series '" + name + "' of row " + std::to_string(r) + " has shape " +
                           shape_text(s) + ", another replicate of its point " + shape_text(first));
        }
        for (std::size_t e = 0; e < s.data.size(); ++e) samples[g][e].push_back(s.data[e]);
      });
  for (std::size_t g = 0; g < groups.size(); ++g) {
    out[g].rows = groups[g].rows;
    for (const auto& element : samples[g]) out[g].elements.push_back(mean_t_interval(element, confidence));
  }
  return out;
}

}  // namespace tl
