#pragma once
// The shape of a run's /table and /series, learnt one row at a time, so that rows can
// be streamed from disk into the result file without holding them all.
//
// /table columns: the swept parameters, replicate, seed, then every scalar some row
// sets, in first-seen order. A scalar column is text if any row stores text, real if
// any row stores a real or lacks the value (NaN marks it), integer otherwise.
// /series: one entry per series name; "fixed" when every row has it with one shape
// (stored as one dataset, row first), else ragged (concatenated, with offsets).
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "theorylab/core/row.hpp"
#include "theorylab/core/summary.hpp"
#include "theorylab/core/sweep.hpp"

namespace tl {

enum class CellType { Integer, Real, Text };

struct ColumnSpec {
  std::string name, unit;
  CellType type = CellType::Real;
  bool parameter = false;  // a swept parameter, read from the row's point
  std::size_t text_length = 0;  // text columns: the longest cell in bytes
};

struct SeriesSpec {
  std::string name, unit;
  std::vector<std::string> column_names;  // 2-D series: one name per column (may be empty)
  std::size_t rows = 0, cols = 0;         // the shape when fixed (cols 0: 1-D)
  bool fixed = true;                      // every row has it, with this shape
  std::uint64_t rows_with = 0;            // rows that have it
  std::uint64_t elements = 0;             // total values over all rows
};

class TableSchema {
 public:
  explicit TableSchema(const Sweep& sweep);
  void add(const Row& row);  // learn a row's scalar and series names, types and shapes
  std::uint64_t rows() const { return rows_; }

  // Every /table column, in file order (valid after the last add()).
  std::vector<ColumnSpec> columns() const;
  std::vector<SeriesSpec> series() const;

 private:
  struct ScalarInfo {
    std::string unit;
    bool any_text = false, any_real = false;
    std::uint64_t rows_with = 0;
    std::size_t longest = 0;  // longest text value
    bool any_number = false;
  };
  std::vector<ColumnSpec> parameters_;
  std::vector<std::string> scalar_order_, series_order_;
  std::map<std::string, ScalarInfo> scalars_;
  std::map<std::string, SeriesSpec> series_;
  std::uint64_t rows_ = 0;
};

// One cell of `row` for a column of the schema, converted to the column's type
// (missing: NaN or "").
double real_cell(const Row& row, const ColumnSpec& column);
std::int64_t integer_cell(const Row& row, const ColumnSpec& column);
std::string text_cell(const Row& row, const ColumnSpec& column);

// A column of rows held in memory (MemoryRowStore, tests).
Column make_column(const std::vector<Row>& rows, const ColumnSpec& column);

}  // namespace tl
