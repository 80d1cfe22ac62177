#pragma once
// A figure an experiment declares (ExperimentInfo::figures; docs/design.md, "Figures";
// docs/writing-an-experiment.md, section 8). The run stores the declarations in its
// result file (/figures, io/result_file.hpp), so that tl-plot --figure NAME, tl-report and
// `make plots` draw any experiment's figures without knowing the experiment:
//
//   tl::Figure("k50_vs_n", "JL dimension k50 at eps = 0.3 against N, with the bounds")
//       .table("jl_k50").where("eps", "0.3").x("N").y({"k50", "k_union_bound"}).logx()
//
// A declaration is data (what tl-plot draws), never code: every field maps to one
// tl-plot option (named beside it). Nothing is checked against a run here: a figure
// is resolved against each result file when it is drawn (report/figure_plan.hpp), and
// `theorylab check` draws every figure on the quick preset.
//
// Filters adapt to what a run swept. `where(key, value)`: when `key` is not a column of
// the figure's data (the run did not sweep it), every row has the run's one value of the
// parameter (/params): the filter holds if that is `value`, else that value is drawn
// (said); a key that is no parameter either is left out. When no row has `value`, the
// nearest value the run has (numbers: nearest on a log scale when both are positive,
// else by difference; text: the first value in row order) is drawn instead. Every
// adaptation is appended to the caption and listed as a note, never silent.
// `where_exactly` does not fall back: no such row, or a run held at another value,
// and the figure is not drawn.
//
// Placeholders, filled in from the result file when the figure is drawn, in the caption,
// theory expressions and theory titles:
//   {verdict:CLAIM}                 the claim's verdict ("pass", "FAIL", "n/a", ...)
//   {cell:TABLE:COLUMN:k=v,k=v}     the first row of summary table TABLE (or "table":
//                                   /table) matching the k=v (exact, no fallback), its
//                                   COLUMN as a number at full precision
//   {centre_x}, {centre_y}          the geometric centre of the drawn points of the first
//                                   y column: the geometric mean over distinct x of x, and
//                                   of each x's geometric-mean y (finite positive points):
//                                   anchors a power law, "{centre_y}*(x/{centre_x})**-0.4"
// A theory line whose placeholder has no value in this run is left out (with a note);
// in a caption the placeholder reads "?".
#include <string>
#include <utility>
#include <vector>

namespace tl {

// How rows become points: a /table or summary-table column against another (replicates
// as mean and 95% CI), per-row series (tl-plot --series), or a histogram of one column.
enum class FigureMode { Table, Series, Histogram };

struct FigureFilter {
  std::string key, value;  // --where key=value
  bool exact = false;      // where_exactly: no fallback
};

struct FigureTheory {
  std::string expression;  // gnuplot expression in x (--theory), placeholders allowed
  std::string title;       // legend (--theory-title); "" = "theory: y = EXPR"
};

struct Figure {
  std::string name;          // snake_case id, unique in the experiment (tl-plot --figure NAME)
  std::string caption;       // one line: what the figure shows (the title; placeholders allowed)
  std::string source_table;  // "" = /table, else a summary table's name (--table)
  FigureMode mode = FigureMode::Table;
  std::string x_column;                 // --x (series: a series name or "index")
  std::vector<std::string> y_columns;   // --y (empty for a histogram)
  std::vector<std::string> by_columns;  // --by; a column absent from a run is left out (noted)
  bool by_declared = false;             // false: tl-plot's default (swept keys that vary)
  std::vector<FigureFilter> filters;    // --where, in order
  // Columns the figure needs beyond x and y to mean anything (e.g. a grouping key that
  // only some presets sweep): a run whose data lacks one (or that writes no summary table
  // `source_table` at all: a part the run did not include) does not get this figure
  // ("does not apply"), which is not a failure.
  std::vector<std::string> needed_columns;
  bool log_x = false, log_y = false;     // --logx, --logy
  bool drop_nonpositive_points = false;  // --drop-nonpositive
  bool power_law_fit = false;            // --fit (every drawn point; left out, with a note,
                                         // below 3 positive points at 2 or more x)
  int bins = 30;                         // --bins (histogram), 1..10000
  std::vector<FigureTheory> theory_lines;
  std::vector<std::string> interval_columns;  // --interval LO,HI: {} or two columns
  std::string x_label, y_label;               // --xlabel, --ylabel ("" = column and unit)

  Figure() = default;
  Figure(std::string name, std::string caption) : name(std::move(name)), caption(std::move(caption)) {}

  Figure& table(std::string summary_table) { source_table = std::move(summary_table); return *this; }
  Figure& series() { mode = FigureMode::Series; return *this; }
  Figure& histogram(int bin_count = 30) { mode = FigureMode::Histogram, bins = bin_count; return *this; }
  Figure& x(std::string column) { x_column = std::move(column); return *this; }
  Figure& y(std::vector<std::string> columns) { y_columns = std::move(columns); return *this; }
  Figure& by(std::vector<std::string> columns) { by_columns = std::move(columns), by_declared = true; return *this; }
  Figure& where(std::string key, std::string value) { filters.push_back({std::move(key), std::move(value), false}); return *this; }
  Figure& where_exactly(std::string key, std::string value) {
    filters.push_back({std::move(key), std::move(value), true});
    return *this;
  }
  Figure& only_with(std::string column) { needed_columns.push_back(std::move(column)); return *this; }
  Figure& logx() { log_x = true; return *this; }
  Figure& logy() { log_y = true; return *this; }
  Figure& drop_nonpositive() { drop_nonpositive_points = true; return *this; }
  Figure& fit() { power_law_fit = true; return *this; }
  Figure& theory(std::string expression, std::string title = "") {
    theory_lines.push_back({std::move(expression), std::move(title)});
    return *this;
  }
  Figure& interval(std::string lo, std::string hi) { interval_columns = {std::move(lo), std::move(hi)}; return *this; }
  Figure& labels(std::string x, std::string y) { x_label = std::move(x), y_label = std::move(y); return *this; }
};

// "table", "series", "histogram"; and back (std::invalid_argument for another word).
std::string to_string(FigureMode mode);
FigureMode figure_mode_from_string(const std::string& word);

// What is wrong with a list of declarations, one line each (empty: nothing): a name not
// snake_case or repeated, an empty caption, a newline or tab in any text, no x, no y
// outside a histogram (or y in one), bins outside 1..10000, an interval that is not
// two columns, a theory expression with quotes, ';', '`' or a newline.
std::vector<std::string> figure_problems(const std::vector<Figure>& figures);

}  // namespace tl
