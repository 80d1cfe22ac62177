#include "theorylab/core/figure.hpp"

#include <set>
#include <stdexcept>

namespace tl {

std::string to_string(FigureMode mode) {
  switch (mode) {
    case FigureMode::Table: return "table";
    case FigureMode::Series: return "series";
    case FigureMode::Histogram: return "histogram";
  }
  return "table";
}

FigureMode figure_mode_from_string(const std::string& word) {
  for (FigureMode m : {FigureMode::Table, FigureMode::Series, FigureMode::Histogram})
    if (to_string(m) == word) return m;
  throw std::invalid_argument("unknown figure mode '" + word + "' (table, series, histogram)");
}

namespace {

bool snake_case(const std::string& s) {
  if (s.empty() || !(s[0] >= 'a' && s[0] <= 'z')) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

bool one_line(const std::string& s) { return s.find_first_of("\n\t\r") == std::string::npos; }

std::vector<std::string> texts(const Figure& f) {
  std::vector<std::string> all = {f.caption, f.source_table, f.x_column, f.x_label, f.y_label};
  for (const auto* list : {&f.y_columns, &f.by_columns, &f.needed_columns, &f.interval_columns}) all.insert(all.end(), list->begin(), list->end());
  for (const FigureFilter& w : f.filters) all.push_back(w.key), all.push_back(w.value);
  for (const FigureTheory& t : f.theory_lines) all.push_back(t.expression), all.push_back(t.title);
  return all;
}

}  // namespace

std::vector<std::string> figure_problems(const std::vector<Figure>& figures) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const Figure& f : figures) {
    const std::string at = "figure '" + f.name + "': ";
    if (!snake_case(f.name)) out.push_back(at + "the name must be snake_case (a-z, 0-9, _; a letter first)");
    if (!seen.insert(f.name).second) out.push_back(at + "declared twice");
    if (f.caption.empty()) out.push_back(at + "no caption");
    for (const std::string& t : texts(f))
      if (!one_line(t)) {
        out.push_back(at + "a text holds a newline or tab");
        break;
      }
    if (f.x_column.empty()) out.push_back(at + "no x column (.x(\"COLUMN\"))");
    if (f.mode == FigureMode::Histogram && !f.y_columns.empty()) out.push_back(at + "a histogram takes no y columns");
    if (f.mode != FigureMode::Histogram && f.y_columns.empty()) out.push_back(at + "no y column (.y({\"COLUMN\"}))");
    if (f.bins < 1 || f.bins > 10000) out.push_back(at + "bins must be in 1..10000");
    if (!f.interval_columns.empty() && f.interval_columns.size() != 2) out.push_back(at + "an interval is two columns, LO and HI");
    if (!f.interval_columns.empty() && f.mode != FigureMode::Table) out.push_back(at + "an interval applies to table columns only");
    if (f.mode == FigureMode::Series && !f.source_table.empty()) out.push_back(at + "series are per row: no summary table");
    if (f.mode == FigureMode::Histogram && f.power_law_fit) out.push_back(at + "a histogram takes no fit");
    for (const FigureTheory& t : f.theory_lines)
      if (t.expression.empty() || t.expression.find_first_of(";\"'`$") != std::string::npos)
        out.push_back(at + "theory expression '" + t.expression + "' must be one gnuplot expression in x (no quotes, ';', '$', '`')");
    for (const FigureFilter& w : f.filters)
      if (w.key.empty()) out.push_back(at + "a filter without a key");
  }
  return out;
}

}  // namespace tl
