#pragma once
// A table of text cells written as aligned text, Markdown, CSV, TSV or LaTeX (booktabs):
// the one output layer of the analysis tools (tl-summarize, tl-fit, tl-tables).
#include <ostream>
#include <string>
#include <vector>

#include "theorylab/core/summary.hpp"

namespace tl {

enum class GridFormat { Text, Markdown, Csv, Tsv, Latex };

// "text", "md" (or "markdown"), "csv", "tsv", "latex" (or "tex"); UsageError otherwise,
// naming the allowed values from `allowed` (a subset the tool supports).
GridFormat parse_grid_format(const std::string& name, const std::vector<GridFormat>& allowed);
std::string grid_format_name(GridFormat format);

struct Grid {
  std::string caption;                       // LaTeX caption / Markdown bold line; may be empty
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;  // each as long as headers
  std::vector<bool> right_aligned;           // per column (numbers); empty = all left
  std::string latex_columns;                 // LaTeX column spec (e.g. "lp{4cm}r"); empty: from right_aligned

  Grid& add_row(std::vector<std::string> cells);
};

// Writes the grid; a Text/Markdown/LaTeX grid with a caption prints it first. CSV/TSV
// are the bare header and rows (no caption), so they load in any spreadsheet.
void write_grid(std::ostream& out, const Grid& grid, GridFormat format);

// A number for people: `digits` significant digits, NaN as "-", no trailing noise.
std::string short_number(double value, int digits = 4);
// One cell of a column: reals as short_number (or exact round-trip text if `exact`).
std::string column_cell(const Column& column, std::size_t row, bool exact);
// A whole set of equal-length columns as a grid; headers carry units as "name [unit]",
// except when `exact` (machine-readable output: bare names, round-trip numbers).
Grid grid_from_columns(const std::vector<Column>& columns, bool exact);

std::string latex_escape(const std::string& text);
std::string markdown_escape(const std::string& text);  // |, *, <tag and newlines inside cells

}  // namespace tl
