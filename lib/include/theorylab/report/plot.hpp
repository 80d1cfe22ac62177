#pragma once
// A figure as data, and the gnuplot script that draws it. Pure: nothing here runs
// gnuplot (see gnuplot.hpp), so a test can check what a figure will show (no vertical
// joins, legend names, theory lines) without gnuplot installed. tl-plot and tl-report
// draw through it.
//
//   std::vector<PlotLine> lines = ...;          // measured points, one line per curve
//   PlotOptions o;  o.terminal = "svg";  o.theory.push_back({"x**-0.4", "theory: N^-0.4"});
//   std::string script = gnuplot_script(lines, o);
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tl {

// How a line's points are drawn.
//  LinesPoints, Lines, Points: as named (x must not repeat on a joined line: a repeated
//    x is a vertical stroke; aggregate replicates first).
//  ErrorBars: the mean at each x with its interval [lo, hi] as an error bar, means joined.
//  Band: the mean joined, the interval as a shaded band (per-step series).
//  Boxes: histogram bars of the given widths.
enum class Mark { LinesPoints, Lines, Points, ErrorBars, Band, Boxes };

struct PlotLine {
  std::string label;             // legend entry ("d=128", "k50 (eps=0.3)")
  std::vector<double> x, y;      // equal lengths
  std::vector<double> lo, hi;    // ErrorBars/Band: interval at each x (lengths of x)
  std::vector<double> width;     // Boxes: bar widths
  Mark mark = Mark::LinesPoints;
  int style = 0;                 // colour index: lines with one index share a colour
  bool dashed = false;           // fitted curves
};

// A curve y = f(x) given as a gnuplot expression in x, drawn over the data's x range.
struct TheoryCurve {
  std::string expression;  // e.g. "0.84*sqrt(log(x))"; no newlines, quotes, ';' or '`'
  std::string title;       // legend entry; empty: "theory: y = EXPR"
};

struct PlotOptions {
  std::string terminal = "pngcairo";  // pngcairo | png | svg | pdfcairo
  std::string output;                 // file gnuplot writes
  int width = 800, height = 560;      // pixels (svg: pixels; pdf: 1 inch per 100 px)
  double font_points = 10;
  std::string title;                  // may hold '\n'
  std::string xlabel, ylabel;
  bool logx = false, logy = false;
  std::vector<TheoryCurve> theory;
  // The x interval a fit used: shaded behind the data with `fit_window_label` in the legend.
  std::optional<std::pair<double, double>> fit_window;
  std::string fit_window_label;
};

// Validates a theory expression (one gnuplot expression in x); UsageError otherwise.
void check_theory_expression(const std::string& expression);

// The whole gnuplot script: terminal and output, labels, data as datablocks ($d0 ...),
// theory curves sampled into $t0 ... over the data's x range, then one plot command.
// Text is fitted to the canvas: the title's lines are wrapped at words to its width,
// and the legend (below the axes, left-aligned, as many columns as fit) has every entry
// wrapped to the width left of the axes' left margin and the line sample, continuation
// lines following as entries without a sample. UsageError when no line has a point.
std::string gnuplot_script(const std::vector<PlotLine>& lines, const PlotOptions& options);

// How many characters of the options' font fit across `fraction` of the canvas width
// (an estimate for a proportional sans font: 0.7 em a character, wide enough for digits
// and capitals; PDF: 100 px per inch, 72 points per inch). At least 10.
std::size_t characters_across(const PlotOptions& options, double fraction = 1.0);

// `text` broken at spaces into lines of at most `max_chars` characters (UTF-8 sequences
// count as one); a word longer than that is a line of its own. Never empty: "" -> {""}.
std::vector<std::string> wrap_words(const std::string& text, std::size_t max_chars);

// A gnuplot double-quoted string ("\n" kept as a line break).
std::string gnuplot_text(const std::string& text);

// The points of one x value: their mean and the two-sided `level` confidence interval
// of the mean (Student t with n - 1 degrees of freedom, Boost.Math); n = 1: lo = hi = mean.
struct XStat {
  double x = 0, mean = 0, lo = 0, hi = 0;
  std::size_t n = 0;
};
// Groups (x, y) by equal x (non-finite pairs dropped), sorted by x.
std::vector<XStat> stats_by_x(const std::vector<double>& x, const std::vector<double>& y, double level = 0.95);
// Mean and CI of the values (non-finite dropped); n = 0: NaNs.
XStat mean_interval(const std::vector<double>& values, double level = 0.95);

// "y [unit]" for an axis ("y" when the unit is empty or "1").
std::string axis_label(const std::string& name, const std::string& unit);

}  // namespace tl
