#include "theorylab/core/table_schema.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "theorylab/core/claim.hpp"
#include "theorylab/core/utf8.hpp"

namespace tl {

namespace {
constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

CellType parameter_type(const Value& v) {
  if (std::holds_alternative<std::string>(v) || std::holds_alternative<RealList>(v)) return CellType::Text;
  if (std::holds_alternative<double>(v)) return CellType::Real;
  return CellType::Integer;  // integers and flags
}
}  // namespace

TableSchema::TableSchema(const Sweep& sweep) {
  for (const std::string& key : sweep.swept_keys()) {
    ColumnSpec c{key, sweep.spec(key).unit(), parameter_type(sweep.values(key).front()), true};
    for (const Value& v : sweep.values(key)) c.text_length = std::max(c.text_length, to_string(v).size());
    parameters_.push_back(c);
  }
}

void TableSchema::add(const Row& row) {
  ++rows_;
  for (const std::string& name : row.scalar_names()) {
    auto [it, fresh] = scalars_.try_emplace(name);
    if (fresh) scalar_order_.push_back(name);
    ScalarInfo& info = it->second;
    const Scalar& v = row.scalar(name);
    info.any_text = info.any_text || std::holds_alternative<std::string>(v);
    info.any_real = info.any_real || std::holds_alternative<double>(v);
    // The stored length: the writer repairs ill-formed UTF-8 (U+FFFD is 3 bytes), so a
    // fixed-length text column is sized for the repaired text.
    if (const auto* text = std::get_if<std::string>(&v))
      info.longest = std::max(info.longest, is_valid_utf8(*text) ? text->size() : sanitize_utf8(*text).size());
    else info.any_number = true;
    if (info.unit.empty()) info.unit = row.unit(name);
    ++info.rows_with;
  }
  for (const std::string& name : row.series_names()) {
    const Series& s = row.series_of(name);
    auto [it, fresh] = series_.try_emplace(name);
    SeriesSpec& spec = it->second;
    if (fresh) {
      series_order_.push_back(name);
      spec.name = name;
      spec.rows = s.rows;
      spec.cols = s.cols;
    } else if (spec.rows != s.rows || spec.cols != s.cols) {
      spec.fixed = false;
    }
    if (spec.unit.empty()) spec.unit = s.unit;
    if (spec.column_names.empty()) spec.column_names = s.column_names;
    ++spec.rows_with;
    spec.elements += s.data.size();
  }
}

std::vector<ColumnSpec> TableSchema::columns() const {
  std::vector<ColumnSpec> out = parameters_;
  out.push_back({"replicate", "", CellType::Integer, false});
  out.push_back({"seed", "", CellType::Integer, false});
  for (const std::string& name : scalar_order_) {
    const ScalarInfo& info = scalars_.at(name);
    CellType type = CellType::Integer;
    if (info.any_text) type = CellType::Text;
    else if (info.any_real || info.rows_with < rows_) type = CellType::Real;
    // A number in a text column is written with format_number: at most 24 characters.
    constexpr std::size_t kNumberText = 32;
    const std::size_t length = info.any_number ? std::max(info.longest, kNumberText) : info.longest;
    out.push_back({name, info.unit, type, false, length});
  }
  return out;
}

std::vector<SeriesSpec> TableSchema::series() const {
  std::vector<SeriesSpec> out;
  for (const std::string& name : series_order_) {
    SeriesSpec s = series_.at(name);
    // One dataset [rows, ...] needs a shape in every row with at least one value: a series
    // empty in every row (a training run stopped at step 0) is written ragged, whose
    // offsets keep one entry per row (a fixed layout of zero values per row had 0 rows).
    s.fixed = s.fixed && s.rows_with == rows_ && s.elements > 0;
    out.push_back(std::move(s));
  }
  return out;
}

double real_cell(const Row& row, const ColumnSpec& c) {
  if (c.parameter) return row.point().real(c.name);
  if (c.name == "replicate") return row.point().replicate();
  if (c.name == "seed") return static_cast<double>(row.point().seed());
  return row.has(c.name) ? row.real(c.name) : kMissing;
}

std::int64_t integer_cell(const Row& row, const ColumnSpec& c) {
  if (c.parameter) {
    const Value& v = row.point().value(c.name);
    if (const auto* b = std::get_if<bool>(&v)) return *b ? 1 : 0;
    return row.point().integer(c.name);
  }
  if (c.name == "replicate") return row.point().replicate();
  if (c.name == "seed") return static_cast<std::int64_t>(row.point().seed());
  return row.integer(c.name);
}

std::string text_cell(const Row& row, const ColumnSpec& c) {
  if (c.parameter) {
    const Value& v = row.point().value(c.name);
    if (const auto* s = std::get_if<std::string>(&v)) return *s;
    return to_string(v);
  }
  if (!row.has(c.name)) return "";
  if (const auto* s = std::get_if<std::string>(&row.scalar(c.name))) return *s;
  return format_number(row.real(c.name));
}

Column make_column(const std::vector<Row>& rows, const ColumnSpec& c) {
  Column column{c.name, std::vector<double>{}, c.unit};
  if (c.type == CellType::Text) {
    std::vector<std::string> v;
    for (const Row& r : rows) v.push_back(text_cell(r, c));
    column.data = std::move(v);
  } else if (c.type == CellType::Integer) {
    std::vector<std::int64_t> v;
    for (const Row& r : rows) v.push_back(integer_cell(r, c));
    column.data = std::move(v);
  } else {
    std::vector<double> v;
    for (const Row& r : rows) v.push_back(real_cell(r, c));
    column.data = std::move(v);
  }
  return column;
}

}  // namespace tl
