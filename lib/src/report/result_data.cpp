#include "theorylab/report/result_data.hpp"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <variant>

#include "theorylab/core/error.hpp"
#include "theorylab/report/text_table.hpp"

namespace tl {

namespace fs = std::filesystem;

std::vector<std::string> split_list(const std::string& text, char sep) {
  std::vector<std::string> items;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, sep))
    if (!item.empty()) items.push_back(item);
  return items;
}

namespace {
std::string join(const std::vector<std::string>& items, const std::string& sep) {
  std::string s;
  for (std::size_t i = 0; i < items.size(); ++i) s += (i ? sep : "") + items[i];
  return s;
}

bool parse_real(const std::string& text, double& value) {
  if (text.empty()) return false;
  char* end = nullptr;
  value = std::strtod(text.c_str(), &end);
  return *end == '\0';
}
}  // namespace

ResultFile open_result(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) throw UsageError("no such file '" + path + "'");
  if (path.size() > 8 && path.compare(path.size() - 8, 8, ".partial") == 0)
    throw UsageError("'" + path + "' is an unfinished run (.partial): it was interrupted or is still running");
  if (path.size() > 8 && path.compare(path.size() - 8, 8, ".journal") == 0)
    throw UsageError("'" + path + "' is the journal of an unfinished run: continue it with 'theorylab run ... --resume'");
  if (fs::is_directory(path, ec)) throw UsageError("'" + path + "' is a directory, not a result file");
  if (!h5::has_hdf5_signature(path)) throw UsageError("'" + path + "' is not an HDF5 file (not a theorylab result)");
  return ResultFile(path);
}

std::vector<std::string> shown_table_names(const ResultFile& file) {
  const h5::File& raw = file.raw();
  if (!raw.exists("/summary") || !raw.has_attribute("/summary", "shown")) return {};
  const auto value = raw.attribute("/summary", "shown");
  if (const auto* s = std::get_if<std::string>(&value)) return split_list(*s);
  return {};
}

std::vector<std::string> DataTable::column_names() const {
  std::vector<std::string> names;
  for (const Column& c : columns) names.push_back(c.name);
  return names;
}

const Column& DataTable::column(const std::string& column) const {
  for (const Column& c : columns)
    if (c.name == column) return c;
  throw UsageError("no column '" + column + "' in " + (name == "table" ? std::string("/table") : "summary table '" + name + "'") +
                   "; columns: " + join(column_names(), " "));
}

DataTable load_data_table(const ResultFile& file, const std::string& summary_table) {
  DataTable t;
  if (summary_table.empty()) {
    t.name = "table";
    t.columns = file.table();
    return t;
  }
  std::vector<std::string> names;
  for (SummaryTable& s : file.summary_tables()) {
    if (s.name() == summary_table) {
      t.name = s.name();
      t.description = s.description();
      t.columns = s.columns();
      return t;
    }
    names.push_back(s.name());
  }
  throw UsageError("no summary table '" + summary_table + "' in '" + file.path() + "'; tables: " +
                   (names.empty() ? std::string("(none)") : join(names, " ")));
}

std::vector<double> numeric_values(const Column& column) {
  if (const auto* d = std::get_if<std::vector<double>>(&column.data)) return *d;
  if (const auto* i = std::get_if<std::vector<std::int64_t>>(&column.data)) return {i->begin(), i->end()};
  throw UsageError("column '" + column.name + "' holds text, not numbers");
}

std::string exact_text(const Column& column, std::size_t row) {
  if (const auto* d = std::get_if<std::vector<double>>(&column.data)) return format_number((*d)[row]);
  return cell_text(column, row);
}

RowFilter parse_filter(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) throw UsageError("--where expects COL=VALUE, got '" + text + "'");
  return {text.substr(0, eq), text.substr(eq + 1)};
}

std::vector<std::size_t> filter_rows(const DataTable& table, const std::vector<RowFilter>& filters) {
  std::vector<std::size_t> rows;
  std::vector<const Column*> columns;
  for (const RowFilter& f : filters) columns.push_back(&table.column(f.column));
  for (std::size_t r = 0; r < table.rows(); ++r) {
    bool keep = true;
    for (std::size_t k = 0; k < filters.size() && keep; ++k) {
      const Column& c = *columns[k];
      double wanted = 0;
      if (!std::holds_alternative<std::vector<std::string>>(c.data) && parse_real(filters[k].value, wanted)) {
        const double v = numeric_values(c)[r];
        keep = std::fabs(v - wanted) <= 1e-9 * std::max(std::fabs(v), std::fabs(wanted));
      } else {
        keep = exact_text(c, r) == filters[k].value;
      }
    }
    if (keep) rows.push_back(r);
  }
  return rows;
}

std::string Window::text() const {
  if (std::isinf(lo) && std::isinf(hi)) return "all";
  return (std::isinf(lo) ? std::string() : format_number(lo)) + ":" + (std::isinf(hi) ? std::string() : format_number(hi));
}

Window parse_window(const std::string& text) {
  const auto colon = text.find(':');
  Window w;
  const std::string a = colon == std::string::npos ? "" : text.substr(0, colon);
  const std::string b = colon == std::string::npos ? "" : text.substr(colon + 1);
  const bool ok = colon != std::string::npos && (a.empty() || parse_real(a, w.lo)) && (b.empty() || parse_real(b, w.hi)) &&
                  w.lo <= w.hi;
  if (!ok) throw UsageError("--window expects LO:HI (either may be empty) with LO <= HI, got '" + text + "'");
  return w;
}

std::vector<std::pair<std::string, std::vector<std::size_t>>> group_rows(const DataTable& table,
                                                                         const std::vector<std::string>& by,
                                                                         const std::vector<std::size_t>& rows) {
  std::vector<std::pair<std::string, std::vector<std::size_t>>> groups;
  std::vector<const Column*> columns;
  for (const auto& b : by) columns.push_back(&table.column(b));
  for (std::size_t r : rows) {
    std::string label;
    for (std::size_t k = 0; k < by.size(); ++k)
      label += (k ? ", " : "") + by[k] + "=" + cell_text(*columns[k], r);
    auto it = groups.begin();
    while (it != groups.end() && it->first != label) ++it;
    if (it == groups.end()) groups.push_back({label, {r}});
    else it->second.push_back(r);
  }
  return groups;
}

std::string provenance_line(const ResultFile& file) {
  return file.path() + " (git " + file.attribute("git_commit") + ", finished " + file.attribute("finished_utc") +
         "): " + file.attribute("command_line");
}

}  // namespace tl
