#include "theorylab/core/table_builder.hpp"

#include <stdexcept>

namespace tl {

namespace {

ColumnData empty_like(const Cell& cell) {
  if (std::holds_alternative<double>(cell.value)) return std::vector<double>{};
  if (std::holds_alternative<std::int64_t>(cell.value)) return std::vector<std::int64_t>{};
  return std::vector<std::string>{};
}

}  // namespace

TableBuilder& TableBuilder::row(std::initializer_list<Cell> cells) {
  const std::string where = "table '" + name_ + "', row " + std::to_string(rows_);
  std::vector<Column> columns = columns_;
  if (rows_ == 0) {  // the first row fixes the columns
    columns.clear();
    for (const Cell& c : cells) {
      for (const Column& seen : columns)
        if (seen.name == c.column) throw std::logic_error(where + ": column '" + c.column + "' given twice");
      columns.push_back({c.column, empty_like(c), c.unit});
    }
  } else if (cells.size() != columns.size()) {
    throw std::logic_error(where + ": " + std::to_string(cells.size()) + " cells, the first row had " +
                           std::to_string(columns.size()));
  }
  std::size_t i = 0;
  for (const Cell& c : cells) {  // checked before anything is appended: a refused row changes nothing
    const Column& column = columns[i++];
    if (c.column != column.name)
      throw std::logic_error(where + ": column '" + c.column + "' where the first row had '" + column.name + "'");
    if (column.data.index() != c.value.index())
      throw std::logic_error(where + ": column '" + c.column + "' changes kind (number, integer, text)");
  }
  if (rows_ == 0) columns_ = std::move(columns);
  i = 0;
  for (const Cell& c : cells)
    std::visit(
        [&](auto& values) {
          using V = typename std::decay_t<decltype(values)>::value_type;
          values.push_back(std::get<V>(c.value));
        },
        columns_[i++].data);
  ++rows_;
  return *this;
}

SummaryTable& TableBuilder::write(Summary& summary) const {
  SummaryTable& table = summary.table(name_, description_);
  for (const Column& c : columns_)
    std::visit([&](const auto& values) { table.column(c.name, values, c.unit); }, c.data);
  return table;
}

}  // namespace tl
