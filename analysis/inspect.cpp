// tl-inspect: what a result file holds — provenance, parameters, the tree of groups and
// datasets, the table, the claims; or one dataset; or /table as CSV.
#include <iostream>
#include <sstream>
#include <string>

#include <boost/program_options.hpp>

#include "theorylab/core/error.hpp"
#include "theorylab/io/result_file.hpp"
#include "theorylab/report/claims_report.hpp"
#include "theorylab/report/text_table.hpp"
#include "theorylab/report/result_data.hpp"
#include "theorylab/report/tool_main.hpp"

namespace po = boost::program_options;

namespace {

const char* kHelp =
    "usage: tl-inspect FILE [PATH] [--csv] [--rows N]\n"
    "\n"
    "  FILE        a theorylab result file (.h5)\n"
    "  PATH        print one dataset (e.g. /table/k50), one row's series (/series/NAME/ROW,\n"
    "              e.g. /series/loss/3: only that row is read), or one group of columns\n"
    "              (e.g. /summary/tables/hd_table) instead of the overview\n"
    "  --csv       write /table (or PATH's table) as CSV on stdout\n"
    "  --rows N    rows shown of a long table (default 20: the first and last 10)\n"
    "\n"
    "Exit status 2, with one line on stderr, for a file that is missing, not HDF5, truncated,\n"
    "unfinished, or not a theorylab result.\n";

std::string shape_text(const std::vector<std::size_t>& shape) {
  std::string s = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? "×" : "") + std::to_string(shape[i]);
  return s + ")";
}

tl::Column dataset_column(const tl::h5::File& file, const std::string& path, const std::string& name) {
  tl::Column c{name, std::vector<double>{}, ""};
  const std::string type = file.type(path);
  if (type == "string") c.data = file.read_strings(path);
  else if (type == "int64") c.data = file.read_integers(path);
  else c.data = file.read_doubles(path);
  if (file.has_attribute(path, "unit")) {
    const auto u = file.attribute(path, "unit");
    if (const auto* s = std::get_if<std::string>(&u)) c.unit = *s;
  }
  return c;
}

// "/series/NAME/ROW" -> (NAME, ROW), for either layout of schema theorylab/2.
bool parse_series_row(const tl::ResultFile& result, const std::string& path, std::string& name, std::size_t& row) {
  if (result.schema() == tl::kSchemaV1 || path.rfind("/series/", 0) != 0) return false;
  const auto slash = path.find_last_of('/');
  if (slash <= 8) return false;
  const std::string last = path.substr(slash + 1);
  if (last.empty() || last.find_first_not_of("0123456789") != std::string::npos || last.size() > 18) return false;
  name = path.substr(8, slash - 8);
  if (name.find('/') != std::string::npos) return false;
  row = std::stoull(last);
  return true;
}

// A series (one row's) as columns: a 1-D series is one column; a 2-D one a column each,
// named by its "columns" attribute when it has one.
std::vector<tl::Column> series_columns(const std::string& name, const tl::Series& s) {
  std::vector<tl::Column> columns;
  if (!s.is_matrix()) {
    columns.push_back({name, s.data, s.unit});
    return columns;
  }
  for (std::size_t j = 0; j < s.cols; ++j) {
    std::vector<double> col(s.rows);
    for (std::size_t i = 0; i < s.rows; ++i) col[i] = s.data[i * s.cols + j];
    columns.push_back({j < s.column_names.size() ? s.column_names[j] : "col" + std::to_string(j), col, s.unit});
  }
  return columns;
}

void print_path(const tl::ResultFile& result, const std::string& path, bool csv, std::size_t rows) {
  const tl::h5::File& file = result.raw();
  std::string series_name;
  std::size_t series_row = 0;
  if (parse_series_row(result, path, series_name, series_row)) {
    const auto columns = series_columns(series_name, result.series(series_row, series_name));
    if (csv) tl::print_csv(std::cout, columns);
    else tl::print_text_table(std::cout, columns, rows);
    return;
  }
  if (!file.exists(path)) throw tl::UsageError("no dataset or group '" + path + "' in '" + result.path() + "'");
  std::vector<tl::Column> columns;
  if (file.is_group(path)) {
    // A group of equal-length 1-D columns prints as a table.
    // In the order written (the group's "columns" attribute), else by name.
    std::vector<std::string> names = file.children(path);
    if (file.has_attribute(path, "columns")) {
      const auto attribute = file.attribute(path, "columns");
      if (const auto* text = std::get_if<std::string>(&attribute)) {
        names.clear();
        std::stringstream in(*text);
        for (std::string name; std::getline(in, name, ',');) names.push_back(name);
      }
    }
    for (const std::string& child : names) {
      const std::string p = (path == "/" ? "" : path) + "/" + child;
      if (!file.exists(p) || file.is_group(p) || file.shape(p).size() != 1)
        throw tl::UsageError("'" + path + "' is a group, not a table of columns; see the tree (tl-inspect FILE)" +
                             (path.rfind("/series/", 0) == 0 ? ", or give a row: " + path + "/0" : ""));
      columns.push_back(dataset_column(file, p, child));
      if (columns.back().size() != columns.front().size()) throw tl::UsageError("'" + path + "' holds columns of different lengths");
    }
  } else {
    const auto shape = file.shape(path);
    if (shape.size() == 2 && file.type(path) != "string") {
      tl::Series s;
      s.data = file.read_doubles(path);
      s.rows = shape[0];
      s.cols = shape[1];
      if (file.has_attribute(path, "columns")) {
        const auto attribute = file.attribute(path, "columns");
        if (const auto* text = std::get_if<std::string>(&attribute)) {
          std::stringstream in(*text);
          for (std::string name; std::getline(in, name, ',');) s.column_names.push_back(name);
        }
      }
      columns = series_columns("", s);
    } else if (shape.size() > 2) {
      throw tl::UsageError("'" + path + "' is " + std::to_string(shape.size()) + "-dimensional; print one row: " + path + "/ROW");
    } else {
      columns.push_back(dataset_column(file, path, path.substr(path.find_last_of('/') + 1)));
    }
  }
  if (csv) tl::print_csv(std::cout, columns);
  else tl::print_text_table(std::cout, columns, rows);
}

void print_overview(const tl::ResultFile& result, std::size_t rows) {
  std::cout << "file: " << result.path() << "\n\nprovenance:\n";
  for (const auto& [name, value] : result.attributes()) {
    std::string shown = value;  // run_arguments are separated by U+001F: show them as words
    for (char& c : shown)
      if (c == '\x1f') c = ' ';
    std::cout << "  " << name << " = " << shown << "\n";
  }
  std::cout << "\nparameters:\n";
  for (const auto& [name, value] : result.params()) std::cout << "  " << name << " = " << value << "\n";
  std::cout << "\ncontents:\n";
  std::size_t series_groups = 0;
  for (const auto& node : result.raw().tree()) {
    // Schema theorylab/1 has a group per row under /series: show the first row's and
    // count the rest. (theorylab/2 has one entry per series, listed as it is.)
    if (result.schema() == tl::kSchemaV1 && node.path.rfind("/series/", 0) == 0) {
      const bool first_row = node.path.rfind("/series/" + tl::series_row_name(0), 0) == 0;
      if (node.is_group && node.path.find('/', 8) == std::string::npos) ++series_groups;
      if (!first_row) continue;
    }
    std::cout << "  " << node.path << (node.is_group ? "/" : "  " + node.type + " " + shape_text(node.shape))
              << (node.unit.empty() ? "" : "  [" + node.unit + "]") << "\n";
  }
  if (series_groups > 1) std::cout << "  … and the same series for " << series_groups - 1 << " more rows\n";
  std::cout << "\ntable (" << result.table_rows() << " rows):\n";
  tl::print_text_table(std::cout, result.table(), rows);
  std::cout << "\nclaims:\n";
  tl::print_claims(std::cout, result.claims());
  const std::string status = result.status();
  if (status != "complete") std::cout << "\nWARNING: status is '" << status << "', not complete\n";
}

}  // namespace

int main(int argc, char** argv) {
  return tl::tool_main("tl-inspect", [&] {
    po::options_description visible;
    visible.add_options()("help,h", "")("csv", "")("rows", po::value<long long>()->default_value(20), "");
    po::variables_map vm;
    const auto args = tl::parse_tool_arguments(argc, argv, visible, vm);
    if (vm.count("help")) {
      std::cout << kHelp;
      return 0;
    }
    if (args.empty() || args.size() > 2) throw tl::UsageError("expected FILE [PATH] (tl-inspect --help)");
    const std::string& path = args[0];
    const tl::ResultFile result = tl::open_result(path);
    const bool csv = vm.count("csv") > 0;
    const long long shown = vm["rows"].as<long long>();  // signed: Boost reads "-3" into an unsigned as 2^64 - 3
    if (shown < 0) throw tl::UsageError("--rows must be >= 0, got " + std::to_string(shown));
    const auto rows = static_cast<std::size_t>(shown);
    if (args.size() == 2) print_path(result, args[1], csv, rows);
    else if (csv) tl::print_csv(std::cout, result.table());
    else print_overview(result, rows);
    return 0;
  });
}
