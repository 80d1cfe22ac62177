#pragma once
// What the analysis tools read from a result file: the file itself (with a one-line
// message for every way it can be unusable), its /table or one /summary table as
// columns, rows selected by COL=VAL filters and an x window, rows grouped by columns,
// and the one-line provenance every generated table and plot carries.
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "theorylab/io/result_file.hpp"

namespace tl {

// ResultFile plus clear messages for a path that does not exist, a directory and a
// .partial file (an interrupted or running run). Throws UsageError.
ResultFile open_result(const std::string& path);

// The names of the summary tables the experiment marked with summary.show(...).
std::vector<std::string> shown_table_names(const ResultFile& file);

// A set of equal-length columns read from /table or /summary/tables/NAME.
struct DataTable {
  std::string name;         // "table" or the summary table's name
  std::string description;
  std::vector<Column> columns;

  std::size_t rows() const { return columns.empty() ? 0 : columns.front().size(); }
  std::vector<std::string> column_names() const;
  // UsageError naming the table and listing its columns when `column` is absent.
  const Column& column(const std::string& column) const;
};

// summary_table empty: /table; else /summary/tables/NAME (UsageError listing the tables).
DataTable load_data_table(const ResultFile& file, const std::string& summary_table);

// A column's values as reals (integers convert); UsageError for a text column.
std::vector<double> numeric_values(const Column& column);
// One cell as exact text (reals round-trip), for group labels and filters.
std::string exact_text(const Column& column, std::size_t row);

struct RowFilter {
  std::string column, value;
};
RowFilter parse_filter(const std::string& text);  // "COL=VAL"; UsageError otherwise

// Rows whose cells match every filter (numbers compare as numbers, to 1e-9 relative).
std::vector<std::size_t> filter_rows(const DataTable& table, const std::vector<RowFilter>& filters);

struct Window {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool contains(double x) const { return x >= lo && x <= hi; }
  std::string text() const;  // "a:b", "all"
};
Window parse_window(const std::string& text);  // "a:b", "a:", ":b"; UsageError otherwise

// Rows split by the values of `by` columns, in first-seen order; the label reads
// "col=value, col=value" (empty when `by` is empty: one group of all rows).
std::vector<std::pair<std::string, std::vector<std::size_t>>> group_rows(const DataTable& table,
                                                                         const std::vector<std::string>& by,
                                                                         const std::vector<std::size_t>& rows);

// "PATH (git COMMIT, finished UTC): COMMAND LINE" — where a number came from.
std::string provenance_line(const ResultFile& file);

// Splits "a,b,c" (empty items dropped).
std::vector<std::string> split_list(const std::string& text, char sep = ',');

}  // namespace tl
