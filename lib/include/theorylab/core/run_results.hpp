#pragma once
// What a reduction reads: the run's /table as columns, and one row (its scalars and
// series) at a time, loaded on demand. Rows live on disk (the journal, then the result
// file), so a reduction never needs every row's series in memory at once.
//
//   auto n = results.column("n");                      // a /table column, all rows
//   for (const tl::Row& row : results.rows())          // one row in memory at a time
//     use(row.series_of("loss"));
//   tl::Row r = results.row(7);                        // random access
#include <cstdint>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "theorylab/core/row.hpp"
#include "theorylab/core/summary.hpp"
#include "theorylab/core/sweep.hpp"

namespace tl {

// A row a reduction keeps beyond one iteration (a copy, with its series): the rows a
// reduction needs together, e.g. one part's training runs. The cost is explicit.
using RowRef = std::shared_ptr<const Row>;
inline RowRef keep(const Row& row) { return std::make_shared<const Row>(row); }

// Where rows are kept: in memory (tests, benchmarks) or in a result file (lib/io).
class RowStore {
 public:
  virtual ~RowStore() = default;
  virtual std::size_t size() const = 0;
  // Columns of /table: swept parameters, replicate, seed, then the rows' scalars.
  virtual std::vector<std::string> column_names() const = 0;
  // UsageError naming the columns when `name` is absent.
  virtual Column column(const std::string& name) const = 0;
  // Row i with its point, scalars and series (std::out_of_range past size()).
  virtual Row row(std::size_t i) const = 0;
};

class RunResults {
 public:
  RunResults(const RowStore& store, const Sweep& sweep, std::uint64_t seed, int seeds, std::string preset)
      : sweep(sweep), seed(seed), seeds(seeds), preset(std::move(preset)), store_(&store) {}

  // Rows in row order, one loaded at a time (an input range: don't keep references
  // across iterations; copy the Row, or keep its index and call row(i) again).
  class RowRange {
   public:
    class iterator {
     public:
      using iterator_category = std::input_iterator_tag;
      using value_type = Row;
      using difference_type = std::ptrdiff_t;
      using pointer = const Row*;
      using reference = const Row&;
      iterator(const RowStore* store, std::size_t i) : store_(store), i_(i) {}
      const Row& operator*() const {
        if (loaded_ != i_) current_ = store_->row(i_), loaded_ = i_;
        return current_;
      }
      const Row* operator->() const { return &**this; }
      iterator& operator++() { return ++i_, *this; }
      bool operator==(const iterator& o) const { return i_ == o.i_; }
      bool operator!=(const iterator& o) const { return i_ != o.i_; }

     private:
      const RowStore* store_;
      std::size_t i_;
      mutable Row current_;
      mutable std::size_t loaded_ = static_cast<std::size_t>(-1);
    };
    explicit RowRange(const RowStore* store) : store_(store) {}
    iterator begin() const { return {store_, 0}; }
    iterator end() const { return {store_, store_->size()}; }
    std::size_t size() const { return store_->size(); }

   private:
    const RowStore* store_;
  };

  std::size_t size() const { return store_->size(); }
  RowRange rows() const { return RowRange(store_); }
  Row row(std::size_t i) const { return store_->row(i); }
  Column column(const std::string& name) const { return store_->column(name); }
  bool has_column(const std::string& name) const;
  std::vector<std::string> column_names() const { return store_->column_names(); }

  const Sweep& sweep;
  const std::uint64_t seed;  // the run seed (for a reduction's own resampling)
  const int seeds;           // replicates per point
  const std::string preset;

 private:
  const RowStore* store_;
};

// Rows kept in memory, in row order (tests, benchmarks, small in-process runs).
class MemoryRowStore final : public RowStore {
 public:
  MemoryRowStore(const std::vector<Row>& rows, const Sweep& sweep) : rows_(rows), sweep_(sweep) {}
  std::size_t size() const override { return rows_.size(); }
  std::vector<std::string> column_names() const override;
  Column column(const std::string& name) const override;
  Row row(std::size_t i) const override { return rows_.at(i); }

 private:
  const std::vector<Row>& rows_;
  const Sweep& sweep_;
};

// The /table columns of rows held in memory: swept parameters, replicate, seed, then
// the scalars rows set (union in first-seen order; a missing number is NaN, a missing
// text ""). The same rule the result-file writer applies when it streams rows.
std::vector<Column> table_columns(const std::vector<Row>& rows, const Sweep& sweep);

}  // namespace tl
