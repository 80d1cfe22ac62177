#include "theorylab/report/grid.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <variant>

#include "theorylab/core/error.hpp"
#include "theorylab/report/text_table.hpp"

namespace tl {

GridFormat parse_grid_format(const std::string& name, const std::vector<GridFormat>& allowed) {
  GridFormat f;
  if (name == "text") f = GridFormat::Text;
  else if (name == "md" || name == "markdown") f = GridFormat::Markdown;
  else if (name == "csv") f = GridFormat::Csv;
  else if (name == "tsv") f = GridFormat::Tsv;
  else if (name == "latex" || name == "tex") f = GridFormat::Latex;
  else f = static_cast<GridFormat>(-1);
  std::string names;
  for (GridFormat a : allowed) {
    if (a == f) return f;
    names += (names.empty() ? "" : ", ") + grid_format_name(a);
  }
  throw UsageError("unknown --format '" + name + "'; allowed: " + names);
}

std::string grid_format_name(GridFormat format) {
  switch (format) {
    case GridFormat::Text: return "text";
    case GridFormat::Markdown: return "md";
    case GridFormat::Csv: return "csv";
    case GridFormat::Tsv: return "tsv";
    case GridFormat::Latex: return "latex";
  }
  return "?";
}

Grid& Grid::add_row(std::vector<std::string> cells) {
  cells.resize(headers.size());
  rows.push_back(std::move(cells));
  return *this;
}

std::string latex_escape(const std::string& text) {
  std::string s;
  for (char c : text) {
    switch (c) {
      case '&': case '%': case '$': case '#': case '_': case '{': case '}': s += '\\'; s += c; break;
      case '~': s += "\\textasciitilde{}"; break;
      case '^': s += "\\textasciicircum{}"; break;
      case '\\': s += "\\textbackslash{}"; break;
      case '<': s += "\\textless{}"; break;
      case '>': s += "\\textgreater{}"; break;
      case '\n': s += ' '; break;
      default: s += c;
    }
  }
  return s;
}

std::string markdown_escape(const std::string& text) {
  // Pipes would end the cell, '*' pairs would start emphasis ("F - F* ... p*"), "<x"
  // would start an HTML tag.
  std::string s;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '|') s += "\\|";
    else if (c == '*') s += "\\*";
    else if (c == '<' && i + 1 < text.size() && (std::isalpha(static_cast<unsigned char>(text[i + 1])) || text[i + 1] == '/')) s += "&lt;";
    else if (c == '\n') s += ' ';
    else s += c;
  }
  return s;
}

namespace {

std::string delimited_cell(const std::string& s, char sep) {
  if (sep == '\t') {  // TSV: no quoting; tabs and newlines become spaces
    std::string t = s;
    std::replace(t.begin(), t.end(), '\t', ' ');
    std::replace(t.begin(), t.end(), '\n', ' ');
    return t;
  }
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

// Display width of UTF-8 text: count the bytes that start a code point.
std::size_t display_width(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool right(const Grid& g, std::size_t j) { return j < g.right_aligned.size() && g.right_aligned[j]; }

}  // namespace

void write_grid(std::ostream& out, const Grid& grid, GridFormat format) {
  const std::size_t cols = grid.headers.size();
  switch (format) {
    case GridFormat::Csv:
    case GridFormat::Tsv: {
      const char sep = format == GridFormat::Csv ? ',' : '\t';
      auto line = [&](const std::vector<std::string>& cells) {
        for (std::size_t j = 0; j < cols; ++j) out << (j ? std::string(1, sep) : "") << delimited_cell(cells[j], sep);
        out << '\n';
      };
      line(grid.headers);
      for (const auto& r : grid.rows) line(r);
      return;
    }
    case GridFormat::Markdown: {
      if (!grid.caption.empty()) out << "**" << markdown_escape(grid.caption) << "**\n\n";
      auto line = [&](const std::vector<std::string>& cells) {
        out << '|';
        for (std::size_t j = 0; j < cols; ++j) out << ' ' << markdown_escape(cells[j]) << " |";
        out << '\n';
      };
      line(grid.headers);
      out << '|';
      for (std::size_t j = 0; j < cols; ++j) out << (right(grid, j) ? "---:|" : "---|");
      out << '\n';
      for (const auto& r : grid.rows) line(r);
      return;
    }
    case GridFormat::Latex: {
      out << "\\begin{table}[htbp]\n\\centering\n\\small\n";
      if (!grid.caption.empty()) out << "\\caption{" << latex_escape(grid.caption) << "}\n";
      out << "\\begin{tabular}{";
      if (!grid.latex_columns.empty()) out << grid.latex_columns;
      else
        for (std::size_t j = 0; j < cols; ++j) out << (right(grid, j) ? 'r' : 'l');
      out << "}\n\\toprule\n";
      auto line = [&](const std::vector<std::string>& cells) {
        for (std::size_t j = 0; j < cols; ++j) out << (j ? " & " : "") << latex_escape(cells[j]);
        out << " \\\\\n";
      };
      line(grid.headers);
      out << "\\midrule\n";
      for (const auto& r : grid.rows) line(r);
      out << "\\bottomrule\n\\end{tabular}\n\\end{table}\n";
      return;
    }
    case GridFormat::Text: {
      if (!grid.caption.empty()) out << grid.caption << '\n';
      std::vector<std::size_t> width(cols, 0);
      for (std::size_t j = 0; j < cols; ++j) {
        width[j] = display_width(grid.headers[j]);
        for (const auto& r : grid.rows) width[j] = std::max(width[j], display_width(r[j]));
      }
      auto line = [&](const std::vector<std::string>& cells) {
        std::string s = "  ";
        for (std::size_t j = 0; j < cols; ++j) {
          const std::string pad(width[j] - display_width(cells[j]), ' ');
          s += (j ? "  " : "") + (right(grid, j) ? pad + cells[j] : cells[j] + (j + 1 < cols ? pad : ""));
        }
        out << s << '\n';
      };
      line(grid.headers);
      for (const auto& r : grid.rows) line(r);
      return;
    }
  }
}

std::string short_number(double value, int digits) {
  if (std::isnan(value)) return "-";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.*g", digits, value);
  return buffer;
}

std::string column_cell(const Column& column, std::size_t row, bool exact) {
  if (const auto* d = std::get_if<std::vector<double>>(&column.data))
    return exact ? format_number((*d)[row]) : short_number((*d)[row]);
  return cell_text(column, row);
}

Grid grid_from_columns(const std::vector<Column>& columns, bool exact) {
  Grid g;
  for (const Column& c : columns) {
    g.headers.push_back(exact || c.unit.empty() || c.unit == "1" ? c.name : c.name + " [" + c.unit + "]");
    g.right_aligned.push_back(!std::holds_alternative<std::vector<std::string>>(c.data));
  }
  const std::size_t rows = columns.empty() ? 0 : columns.front().size();
  for (std::size_t r = 0; r < rows; ++r) {
    std::vector<std::string> cells;
    for (const Column& c : columns) cells.push_back(column_cell(c, r, exact));
    g.add_row(std::move(cells));
  }
  return g;
}

}  // namespace tl
