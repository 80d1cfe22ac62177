#include "theorylab/report/text_table.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace tl {

std::string cell_text(const Column& column, std::size_t row) {
  if (const auto* d = std::get_if<std::vector<double>>(&column.data)) {
    const double v = (*d)[row];
    if (std::isnan(v)) return "-";
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.6g", v);
    return buffer;
  }
  if (const auto* i = std::get_if<std::vector<std::int64_t>>(&column.data)) return std::to_string((*i)[row]);
  return std::get<std::vector<std::string>>(column.data)[row];
}

void print_text_table(std::ostream& out, const std::vector<Column>& columns, std::size_t max_rows) {
  if (columns.empty()) return;
  const std::size_t rows = columns.front().size();
  std::vector<std::size_t> shown;
  const bool cut = rows > max_rows;
  for (std::size_t r = 0; r < rows; ++r)
    if (!cut || r < max_rows / 2 || r >= rows - max_rows / 2) shown.push_back(r);

  std::vector<std::string> headers;
  std::vector<std::size_t> width;
  for (const Column& c : columns) {
    headers.push_back(c.unit.empty() || c.unit == "1" ? c.name : c.name + " [" + c.unit + "]");
    std::size_t w = headers.back().size();
    for (std::size_t r : shown) w = std::max(w, cell_text(c, r).size());
    width.push_back(w);
  }
  auto line = [&](auto cell) {
    std::string s;
    for (std::size_t j = 0; j < columns.size(); ++j) {
      std::string text = cell(j);
      s += (j ? "  " : "") + std::string(width[j] - std::min(width[j], text.size()), ' ') + text;
    }
    out << s << '\n';
  };
  line([&](std::size_t j) { return headers[j]; });
  for (std::size_t k = 0; k < shown.size(); ++k) {
    if (cut && k == max_rows / 2) out << "  … " << rows - shown.size() << " rows omitted …\n";
    line([&](std::size_t j) { return cell_text(columns[j], shown[k]); });
  }
}

namespace {
std::string csv_escape(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}
}  // namespace

void print_csv(std::ostream& out, const std::vector<Column>& columns) {
  if (columns.empty()) return;
  for (std::size_t j = 0; j < columns.size(); ++j) out << (j ? "," : "") << csv_escape(columns[j].name);
  out << '\n';
  for (std::size_t r = 0; r < columns.front().size(); ++r) {
    for (std::size_t j = 0; j < columns.size(); ++j) {
      std::string text;
      if (const auto* d = std::get_if<std::vector<double>>(&columns[j].data)) text = format_number((*d)[r]);
      else text = cell_text(columns[j], r);
      out << (j ? "," : "") << csv_escape(text);
    }
    out << '\n';
  }
}

}  // namespace tl
