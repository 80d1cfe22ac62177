#include "theorylab/core/run_results.hpp"

#include <algorithm>

#include "theorylab/core/error.hpp"
#include "theorylab/core/table_schema.hpp"

namespace tl {

bool RunResults::has_column(const std::string& name) const {
  const auto names = store_->column_names();
  return std::find(names.begin(), names.end(), name) != names.end();
}

namespace {
std::vector<ColumnSpec> schema_of(const std::vector<Row>& rows, const Sweep& sweep) {
  TableSchema schema(sweep);
  for (const Row& r : rows) schema.add(r);
  return schema.columns();
}
}  // namespace

std::vector<std::string> MemoryRowStore::column_names() const {
  std::vector<std::string> names;
  for (const ColumnSpec& c : schema_of(rows_, sweep_)) names.push_back(c.name);
  return names;
}

Column MemoryRowStore::column(const std::string& name) const {
  std::string all;
  for (const ColumnSpec& c : schema_of(rows_, sweep_)) {
    if (c.name == name) return make_column(rows_, c);
    all += " " + c.name;
  }
  throw UsageError("no column '" + name + "' in /table; columns:" + all);
}

std::vector<Column> table_columns(const std::vector<Row>& rows, const Sweep& sweep) {
  std::vector<Column> out;
  for (const ColumnSpec& c : schema_of(rows, sweep)) out.push_back(make_column(rows, c));
  return out;
}

}  // namespace tl
