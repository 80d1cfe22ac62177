#pragma once
// A summary table built one row per call, for reductions that produce a row at a time
// (one line per fit, per group, per point) instead of one vector per column.
//
//   tl::TableBuilder fits("b1_fits", "fitted c per (score, grid)");
//   for (const Fit& f : all)
//     fits.row({{"score", f.score}, {"points", f.points}, {"c", f.c, "1"}});
//   fits.write(summary);                    // summary.table("b1_fits", ...) with 3 columns
//
// The first row fixes the columns: their names, order, kinds (number, integer, text) and
// units. Every later row names the same columns in the same order with values of the
// same kinds; anything else is a std::logic_error naming the table, the row and the
// column (a programming error of the reduction, found by its first run).
#include <cstdint>
#include <initializer_list>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "theorylab/core/summary.hpp"

namespace tl {

// One cell: a column name, a value (a floating-point number, an integer, or a text) and
// the column's unit (used by the first row; later rows may leave it empty).
struct Cell {
  template <class T, std::enable_if_t<std::is_arithmetic_v<T> && !std::is_same_v<T, bool>, int> = 0>
  Cell(std::string column, T value, std::string unit = "") : column(std::move(column)), unit(std::move(unit)) {
    if constexpr (std::is_integral_v<T>)
      this->value = static_cast<std::int64_t>(value);
    else
      this->value = static_cast<double>(value);
  }
  Cell(std::string column, std::string value, std::string unit = "")
      : column(std::move(column)), value(std::move(value)), unit(std::move(unit)) {}
  Cell(std::string column, const char* value, std::string unit = "")
      : column(std::move(column)), value(std::string(value)), unit(std::move(unit)) {}

  std::string column;
  std::variant<double, std::int64_t, std::string> value;
  std::string unit;
};

class TableBuilder {
 public:
  TableBuilder(std::string name, std::string description = "")
      : name_(std::move(name)), description_(std::move(description)) {}

  // Appends one row (see above for the rule on columns).
  TableBuilder& row(std::initializer_list<Cell> cells);
  std::size_t rows() const { return rows_; }

  // Adds the table to `summary` (summary.table(name, description) and its columns). A
  // builder with no row writes a table with no column.
  SummaryTable& write(Summary& summary) const;

 private:
  std::string name_, description_;
  std::vector<Column> columns_;
  std::size_t rows_ = 0;
};

}  // namespace tl
