#include "theorylab/report/figure_plan.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>

#include "theorylab/core/error.hpp"
#include "theorylab/report/grid.hpp"
#include "theorylab/report/result_data.hpp"
#include "theorylab/report/source_table.hpp"

namespace tl {

namespace {

std::string join(const std::vector<std::string>& items, const std::string& sep) {
  std::string s;
  for (std::size_t i = 0; i < items.size(); ++i) s += (i ? sep : "") + items[i];
  return s;
}

bool has_column(const DataTable& data, const std::string& name) {
  const auto names = data.column_names();
  return std::find(names.begin(), names.end(), name) != names.end();
}

bool as_real(const std::string& text, double& value) {
  char* end = nullptr;
  value = std::strtod(text.c_str(), &end);
  return !text.empty() && end == text.c_str() + text.size();
}

std::string data_name(const Figure& f) { return f.source_table.empty() ? "/table" : "summary table " + f.source_table; }

// The rows of `rows` that match key=value (numbers as numbers, tl-plot's rule).
std::vector<std::size_t> matching(const DataTable& data, const RowFilter& filter, const std::vector<std::size_t>& rows) {
  const auto all = filter_rows(data, {filter});
  const std::set<std::size_t> hit(all.begin(), all.end());
  std::vector<std::size_t> out;
  for (std::size_t r : rows)
    if (hit.count(r)) out.push_back(r);
  return out;
}

// The value drawn instead of an absent one: the nearest number (on a log scale when both
// are positive), or the first text in row order.
std::string fallback_value(const Column& column, const std::string& wanted, const std::vector<std::size_t>& rows) {
  double w = 0;
  if (std::holds_alternative<std::vector<std::string>>(column.data) || !as_real(wanted, w)) return exact_text(column, rows.front());
  const auto values = numeric_values(column);
  std::size_t best = rows.front();
  double best_distance = INFINITY;
  for (std::size_t r : rows) {
    const double v = values[r];
    if (!std::isfinite(v)) continue;
    const double d = v > 0 && w > 0 ? std::fabs(std::log(v / w)) : std::fabs(v - w);
    if (d < best_distance) best_distance = d, best = r;
  }
  return exact_text(column, best);
}

// The one value a run held `key` at when it did not sweep it ("" when the run swept it or
// has no such parameter): /params records "key = value" for every parameter.
std::string fixed_value(const std::map<std::string, std::string>& params, const std::string& key) {
  const auto it = params.find(key);
  if (it == params.end() || it->second.find(',') != std::string::npos || it->second.find(" + ") != std::string::npos)
    return "";
  return it->second;
}

bool same_value(const std::string& a, const std::string& b) {
  double x = 0, y = 0;
  return a == b || (as_real(a, x) && as_real(b, y) && x == y);
}

// A filter on a key that is no column of the figure's data: every row has the run's fixed
// value of it, if it has one. Satisfied: nothing to do; another value: an exact filter
// makes the figure not drawn (false, `problem` set), a plain one is noted as drawn at the
// run's value; no such parameter either: the filter is left out, noted.
bool apply_absent_filter(const FigureFilter& w, const Figure& f, const std::map<std::string, std::string>& params,
                         FigurePlan& plan) {
  const std::string value = fixed_value(params, w.key);
  if (value.empty()) {
    plan.notes.push_back(w.key + "=" + w.value + " left out: this run's " + data_name(f) + " has no column " + w.key);
    return true;
  }
  if (same_value(value, w.value)) return true;
  if (w.exact) {
    plan.problem = "this run has " + w.key + "=" + value + " throughout, not " + w.key + "=" + w.value;
    return false;
  }
  plan.notes.push_back(w.key + "=" + w.value + " is not in this run: " + w.key + "=" + value + " (every row) drawn instead");
  return true;
}

// The filters applied in order, each adapted (core/figure.hpp); false with `problem` set
// when an exact filter matches nothing.
bool apply_filters(const DataTable& data, const Figure& f, const std::map<std::string, std::string>& params,
                   std::vector<std::size_t>& rows, FigurePlan& plan) {
  bool narrowed = false;  // an earlier filter kept some rows only
  for (const FigureFilter& w : f.filters) {
    if (!has_column(data, w.key)) {
      if (!apply_absent_filter(w, f, params, plan)) return false;
      continue;
    }
    auto kept = matching(data, {w.key, w.value}, rows);
    std::string value = w.value;
    if (kept.empty()) {
      if (w.exact || rows.empty()) {
        plan.problem = "no row of " + data_name(f) + " has " + w.key + "=" + w.value + (narrowed ? " (after the filters before it)" : "");
        return false;
      }
      value = fallback_value(data.column(w.key), w.value, rows);
      kept = matching(data, {w.key, value}, rows);
      plan.notes.push_back(w.key + "=" + w.value + " is not in this run: " + w.key + "=" + value + " drawn instead");
    }
    narrowed = narrowed || kept.size() < rows.size();
    rows = kept;
    plan.arguments.insert(plan.arguments.end(), {"--where", w.key + "=" + value});
  }
  return true;
}

// Finite points of the x column against each y column among `rows` (log axes: positive);
// a non-positive value on a log axis without drop_nonpositive is a problem.
std::size_t table_points(const DataTable& data, const Figure& f, const std::vector<std::size_t>& rows, FigurePlan& plan) {
  const auto x = numeric_values(data.column(f.x_column));
  std::vector<std::vector<double>> ys;
  if (f.mode == FigureMode::Histogram) ys.push_back(x);
  for (const auto& y : f.y_columns) ys.push_back(numeric_values(data.column(y)));
  const bool need_y_positive = f.log_y && f.mode != FigureMode::Histogram;
  std::size_t points = 0;
  for (const auto& y : ys)
    for (std::size_t r : rows) {
      if (!std::isfinite(x[r]) || !std::isfinite(y[r])) continue;
      const bool bad = (f.log_x && x[r] <= 0) || (need_y_positive && y[r] <= 0);
      if (bad && !f.drop_nonpositive_points && f.mode != FigureMode::Histogram && f.interval_columns.empty()) {
        plan.problem = "a non-positive value on a log axis (" + f.x_column + " = " + format_number(x[r]) +
                       ") and the figure does not declare drop_nonpositive()";
        return points;
      }
      if (!bad) ++points;
    }
  return points;
}

// Rows of `rows` that hold the figure's series (x "index" needs only y).
std::size_t series_points(const ResultFile& file, const Figure& f, const std::vector<std::size_t>& rows) {
  std::size_t points = 0;
  for (std::size_t r : rows) {
    const auto names = file.series_names(r);
    auto has = [&](const std::string& n) { return std::find(names.begin(), names.end(), n) != names.end(); };
    const bool x_ok = f.x_column == "index" || has(f.x_column);
    if (x_ok && std::any_of(f.y_columns.begin(), f.y_columns.end(), has)) ++points;
  }
  return points;
}

// The geometric centre of the first y column's finite positive points (core/figure.hpp).
void centre_of(const DataTable& data, const Figure& f, const std::vector<std::size_t>& rows, double centre[2]) {
  centre[0] = centre[1] = NAN;
  if (f.mode != FigureMode::Table || f.y_columns.empty()) return;
  const auto x = numeric_values(data.column(f.x_column)), y = numeric_values(data.column(f.y_columns.front()));
  std::map<double, std::pair<double, int>> per_x;  // x -> (sum of log y, count)
  for (std::size_t r : rows)
    if (std::isfinite(x[r]) && std::isfinite(y[r]) && x[r] > 0 && y[r] > 0) {
      auto& s = per_x[x[r]];
      s.first += std::log(y[r]), s.second += 1;
    }
  if (per_x.empty()) return;
  double lx = 0, ly = 0;
  for (const auto& [xv, s] : per_x) lx += std::log(xv), ly += s.first / s.second;
  centre[0] = std::exp(lx / per_x.size()), centre[1] = std::exp(ly / per_x.size());
}

std::string cell_value(const ResultFile& file, const std::string& spec) {
  // TABLE:COLUMN:k=v,k=v
  const auto a = spec.find(':');
  if (a == std::string::npos) return "";
  const auto b = spec.find(':', a + 1);
  const std::string table = spec.substr(0, a);
  const std::string column = spec.substr(a + 1, b == std::string::npos ? std::string::npos : b - a - 1);
  std::vector<RowFilter> filters;
  if (b != std::string::npos)
    for (const std::string& kv : split_list(spec.substr(b + 1))) {
      const auto eq = kv.find('=');
      if (eq == std::string::npos) return "";
      filters.push_back({kv.substr(0, eq), kv.substr(eq + 1)});
    }
  try {
    const DataTable data = load_data_table(file, table == "table" ? "" : table);
    if (!has_column(data, column)) return "";
    for (const RowFilter& w : filters)
      if (!has_column(data, w.column)) return "";
    const auto rows = filter_rows(data, filters);
    if (rows.empty()) return "";
    const Column& c = data.column(column);
    if (!std::holds_alternative<std::vector<std::string>>(c.data) && !std::isfinite(numeric_values(c)[rows.front()])) return "";
    return exact_text(c, rows.front());
  } catch (const UsageError&) {
    return "";
  }
}

}  // namespace

std::string fill_placeholders(const ResultFile& file, const std::string& text, const double centre[2],
                              std::vector<std::string>& missing, bool exact) {
  std::string out;
  std::size_t at = 0;
  while (at < text.size()) {
    const auto open = text.find('{', at);
    const auto close = open == std::string::npos ? std::string::npos : text.find('}', open);
    if (close == std::string::npos) {
      out += text.substr(at);
      break;
    }
    out += text.substr(at, open - at);
    const std::string token = text.substr(open + 1, close - open - 1);
    std::string value;
    bool known = true;
    if (token.rfind("verdict:", 0) == 0) {
      for (const Claim& c : file.claims())
        if (c.id() == token.substr(8)) value = verdict_label(c);
    } else if (token.rfind("cell:", 0) == 0) {
      value = cell_value(file, token.substr(5));
      double v = 0;
      if (!exact && as_real(value, v)) value = short_number(v, 4);
    } else if (token == "centre_x" || token == "centre_y") {
      const double v = centre[token == "centre_x" ? 0 : 1];
      if (std::isfinite(v)) value = exact ? format_number(v) : short_number(v, 4);
    } else {
      known = false;  // not a placeholder: kept as written
      value = "{" + token + "}";
    }
    if (known && value.empty()) {
      missing.push_back("{" + token + "}");
      value = "?";
    }
    out += value;
    at = close + 1;
  }
  return out;
}

FigurePlan plan_figure(const ResultFile& file, const Figure& f) {
  FigurePlan plan;
  plan.caption = f.caption;
  DataTable data;
  try {
    data = load_data_table(file, f.source_table);
  } catch (const UsageError&) {
    // A part of the experiment the run did not include writes no table: a figure that
    // declares what it needs (only_with) does not apply; any other is a problem.
    plan.applies = f.needed_columns.empty();
    plan.problem = (plan.applies ? "" : "applies to runs that write summary table " + f.source_table + ": ") +
                   "this run has no summary table " + f.source_table;
    return plan;
  }
  for (const std::string& c : f.needed_columns)
    if (!has_column(data, c)) {
      plan.applies = false;
      plan.problem = "applies to runs whose " + data_name(f) + " has a column " + c + " (this one has none)";
      return plan;
    }
  const bool columns_are_table = f.mode != FigureMode::Series;
  std::vector<std::string> required;
  if (columns_are_table) {
    required = {f.x_column};
    required.insert(required.end(), f.y_columns.begin(), f.y_columns.end());
    required.insert(required.end(), f.interval_columns.begin(), f.interval_columns.end());
  }
  for (const std::string& c : required)
    if (!has_column(data, c)) {
      plan.problem = "this run's " + data_name(f) + " has no column " + c;
      return plan;
    }
  if (!f.source_table.empty()) plan.arguments.insert(plan.arguments.end(), {"--table", f.source_table});
  if (f.mode == FigureMode::Series) plan.arguments.push_back("--series");
  if (f.mode == FigureMode::Histogram) plan.arguments.insert(plan.arguments.end(), {"--hist", "--bins", std::to_string(f.bins)});
  plan.arguments.insert(plan.arguments.end(), {"--x", f.x_column});
  if (!f.y_columns.empty()) plan.arguments.insert(plan.arguments.end(), {"--y", join(f.y_columns, ",")});

  std::vector<std::size_t> rows(data.rows());
  for (std::size_t r = 0; r < rows.size(); ++r) rows[r] = r;
  if (!apply_filters(data, f, file.params(), rows, plan)) return plan;
  if (rows.empty()) {
    plan.problem = data_name(f) + " has no rows";
    return plan;
  }
  if (f.by_declared) {
    std::vector<std::string> by;
    for (const std::string& c : f.by_columns) {
      if (has_column(data, c)) by.push_back(c);
      else plan.notes.push_back("curves by " + c + " left out: this run's " + data_name(f) + " has no column " + c);
    }
    plan.arguments.insert(plan.arguments.end(), {"--by", join(by, ",")});
  }
  try {
    plan.points = columns_are_table ? table_points(data, f, rows, plan) : series_points(file, f, rows);
  } catch (const UsageError& e) {  // a text column where numbers are needed
    plan.problem = e.what();
  }
  if (!plan.problem.empty()) return plan;
  if (plan.points == 0) {
    plan.problem = columns_are_table ? "no finite" + std::string(f.log_x || f.log_y ? " positive" : "") + " point of " +
                                           f.x_column + (f.y_columns.empty() ? "" : " against " + join(f.y_columns, ",")) +
                                           " in the rows selected"
                                     : "no row selected has the series " + join(f.y_columns, ",") +
                                           (f.x_column == "index" ? "" : " and " + f.x_column);
    return plan;
  }
  if (f.log_x) plan.arguments.push_back("--logx");
  if (f.log_y) plan.arguments.push_back("--logy");
  if (f.drop_nonpositive_points) plan.arguments.push_back("--drop-nonpositive");
  if (f.power_law_fit) {  // tl-plot fits on at least 3 points at 2 or more x; fewer: no fit, said
    const auto x = numeric_values(data.column(f.x_column)), y = numeric_values(data.column(f.y_columns.front()));
    std::set<double> distinct;
    std::size_t usable = 0;
    for (std::size_t r : rows)
      if (std::isfinite(x[r]) && std::isfinite(y[r]) && x[r] > 0 && y[r] > 0) ++usable, distinct.insert(x[r]);
    if (usable >= 3 && distinct.size() >= 2) plan.arguments.push_back("--fit");
    else plan.notes.push_back("no power-law fit: " + std::to_string(usable) + " positive points at " + std::to_string(distinct.size()) +
                              " x (3 at 2 or more needed)");
  }
  if (!f.interval_columns.empty()) plan.arguments.insert(plan.arguments.end(), {"--interval", join(f.interval_columns, ",")});
  if (!f.x_label.empty()) plan.arguments.insert(plan.arguments.end(), {"--xlabel", f.x_label});
  if (!f.y_label.empty()) plan.arguments.insert(plan.arguments.end(), {"--ylabel", f.y_label});

  double centre[2];
  centre_of(data, f, rows, centre);
  std::vector<std::string> theory, titles;
  for (const FigureTheory& t : f.theory_lines) {
    std::vector<std::string> missing;
    const std::string expression = fill_placeholders(file, t.expression, centre, missing, true);
    const std::string title = fill_placeholders(file, t.title, centre, missing, false);
    if (!missing.empty() && expression.find('?') != std::string::npos) {
      plan.notes.push_back("theory line '" + (t.title.empty() ? t.expression : t.title) + "' left out: " + join(missing, ", ") +
                           " has no value in this run");
      continue;
    }
    theory.push_back(expression), titles.push_back(title.empty() ? "theory: y = " + expression : title);
  }
  for (std::size_t k = 0; k < theory.size(); ++k)
    plan.arguments.insert(plan.arguments.end(), {"--theory", theory[k], "--theory-title", titles[k]});
  std::vector<std::string> missing;
  plan.caption = fill_placeholders(file, f.caption, centre, missing, false);
  if (!plan.notes.empty()) plan.caption += " [" + join(plan.notes, "; ") + "]";
  plan.arguments.insert(plan.arguments.end(), {"--title", plan.caption});
  return plan;
}

const Figure& find_figure(const std::vector<Figure>& figures, const std::string& name, const std::string& file) {
  for (const Figure& f : figures)
    if (f.name == name) return f;
  if (figures.empty())
    throw UsageError("'" + file + "' declares no figures (written before declared figures, or its experiment has none: "
                     "theorylab reduce FILE --out NEW writes them)");
  std::vector<std::string> names;
  for (const Figure& f : figures) names.push_back(f.name);
  throw UsageError("'" + file + "' declares no figure '" + name + "'; it declares: " + join(names, ", "));
}

}  // namespace tl
