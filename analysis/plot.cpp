// tl-plot: a figure through gnuplot (PNG, SVG, PDF) of two columns of a result file
// (its /table or a /summary table), of per-row series, or a histogram of one column.
// Replicates are aggregated (the mean with a 95% Student-t interval as an error bar, or
// the points themselves with --scatter), never joined; curves are named by the swept
// values that distinguish them; theory curves and fitted power laws (with the window
// they used) are drawn as labelled lines; the file's provenance is under the title.
// The figure is built as data and turned into a script by lib/report (plot.hpp).
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "theorylab/math/power_law_fit.hpp"
#include "theorylab/report/gnuplot.hpp"
#include "theorylab/report/figure_plan.hpp"
#include "theorylab/report/grid.hpp"
#include "theorylab/report/plot.hpp"
#include "theorylab/report/result_data.hpp"
#include "theorylab/io/durable_io.hpp"
#include "theorylab/report/tool_main.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

const char* kHelp =
    "usage: tl-plot FILE --x COL --y COL[,COL...] [options]\n"
    "       tl-plot FILE --figure NAME [--out FILE] [output options]\n"
    "       tl-plot FILE --figure all [--out DIR] [output options]\n"
    "       tl-plot FILE --list-figures\n"
    "       tl-plot FILE --series --x NAME|index --y NAME[,NAME...] [options]\n"
    "       tl-plot FILE --hist --x COL [--bins N] [options]\n"
    "\n"
    "Draws a figure with gnuplot: PNG (pngcairo; png if missing), SVG, PDF (pdfcairo).\n"
    "  --figure NAME         draw the figure the experiment declared as NAME (stored in the file's\n"
    "                        /figures): its columns, filters (adapted to what the run swept, said in\n"
    "                        the title), axes and theory lines; takes only output options (--out,\n"
    "                        --format, --force, --size, --title, --scatter, --script). 'all': every declared\n"
    "                        figure that applies to this run, as DIR/FILESTEM-NAME.EXT (--out DIR, default .)\n"
    "  --list-figures        the file's declared figures, one per line: NAME, a tab, the caption\n"
    "  --x COL, --y COLS     columns of /table (or of --table NAME); several y: one legend entry each\n"
    "  --table NAME          plot a /summary table's columns instead of /table\n"
    "  --series              x and y name per-row series; x 'index' = 0, 1, 2, ...; rows chosen by --where\n"
    "  --hist                histogram of the --x column (counts per bin), one per group\n"
    "  --bins N              histogram bins (default 30; log-spaced with --logx)\n"
    "  --by COL[,COL]        one curve per group of these columns' values (default: the swept\n"
    "                        parameters, from /params 'swept', that vary among the rows; x excluded)\n"
    "  --scatter             draw every replicate as a point instead of the mean and its 95% CI\n"
    "  --interval LO,HI      the first --y column's points carry their own interval from the columns\n"
    "                        LO and HI (e.g. a fitted exponent's ci_lo,ci_hi in a /summary table), drawn\n"
    "                        as error bars; one row per x in each curve\n"
    "  --where COL=VAL       keep rows whose COL equals VAL (repeatable)\n"
    "  --logx, --logy        logarithmic axes\n"
    "  --fit                 overlay y = A x^b per curve (lib/math fit_power_law, OLS in log-log on every\n"
    "                        point, replicates included); the exponent, its SE and the x range used in the\n"
    "                        legend; --window LO:HI limits it and is shaded on the plot\n"
    "  --drop-nonpositive    on a log axis, leave out points <= 0 (default: exit 2)\n"
    "  --theory EXPR         also draw y = EXPR(x), a gnuplot expression in x, over the data's x range\n"
    "                        (e.g. '0.84*sqrt(log(x))'); repeatable\n"
    "  --theory-title TEXT   legend of the k-th --theory (default 'theory: y = EXPR'); repeatable\n"
    "  --out FILE            output; its extension (.png, .svg, .pdf) is the format\n"
    "                        (default: FILESTEM-Y-vs-X.png in the current folder)\n"
    "  --format LIST         png,svg,pdf or 'all' (png, svg, and pdf when gnuplot has pdfcairo):\n"
    "                        one file each, named like --out with that extension\n"
    "  --force               overwrite existing output files\n"
    "  --size S              WxH in pixels (default 800x560; PDF: 100 px per inch), 'column'\n"
    "                        (a paper column: 3.4 x 2.4 in PDF, 680x480 PNG) or 'readme' (640x480, what make docs draws)\n"
    "  --title TEXT          title (default: experiment: y vs x)\n"
    "  --xlabel, --ylabel T  axis labels (default: the column name and its unit from the file)\n"
    "  --script FILE         also write the gnuplot script of the first format to FILE\n"
    "\n"
    "On a log y axis, an interval reaching below 0 is drawn down to the smallest replicate.\n"
    "The gnuplot binary is $THEORYLAB_GNUPLOT or gnuplot on PATH. Exit status 2, with one line\n"
    "on stderr and no file left, for a bad file, an unknown column (the message lists them), an\n"
    "existing output without --force, an unwritable folder, a fit with fewer than 3 usable points,\n"
    "a non-positive value on a log axis, or gnuplot missing or failing.\n";

struct Options {
  std::string figure;       // --figure NAME (or "all")
  bool list_figures = false;
  bool data_options = false;  // an option that says what to draw (not allowed with --figure)
  std::string file, x, table, out, title, xlabel, ylabel, window, script;
  std::vector<std::string> ys, by, where, theory, theory_titles, formats;
  std::vector<std::string> interval;  // --interval LO,HI: empty or two column names
  bool by_given = false, series = false, hist = false, scatter = false, logx = false, logy = false, fit = false;
  bool drop = false, force = false;
  int bins = 30;
  int width = 800, height = 560;
  double font = 10;
  bool column_size = false;
};

// One curve before it becomes a PlotLine: its raw points (for fits) and its drawing.
struct Curve {
  tl::PlotLine line;
  std::vector<double> raw_x, raw_y;
};

void parse_size(const std::string& size, Options& o) {
  if (size == "column") {
    o.width = 680, o.height = 480, o.font = 12, o.column_size = true;
    return;
  }
  if (size == "readme") {  // the README's figures (scripts/make-docs.sh): shown at their own size
    o.width = 640, o.height = 480, o.font = 10;
    return;
  }
  if (std::sscanf(size.c_str(), "%dx%d", &o.width, &o.height) != 2 || o.width < 100 || o.height < 100 || o.width > 10000 ||
      o.height > 10000)
    throw tl::UsageError("--size expects WxH in pixels (100..10000), 'column' or 'readme', got '" + size + "'");
}

Options parse_options(int argc, char** argv, bool& help) {
  Options o;
  std::string ys, by, size = "800x560", formats, interval;
  po::options_description visible;
  visible.add_options()("help,h", "")("x", po::value<std::string>(&o.x), "")("y", po::value<std::string>(&ys), "")(
      "table", po::value<std::string>(&o.table), "")("series", "")("hist", "")("bins", po::value<int>(&o.bins), "")(
      "by", po::value<std::string>(&by), "")("scatter", "")("where", po::value<std::vector<std::string>>(&o.where), "")(
      "logx", "")("logy", "")("fit", "")("window", po::value<std::string>(&o.window), "")("drop-nonpositive", "")(
      "out", po::value<std::string>(&o.out), "")("format", po::value<std::string>(&formats), "")("force", "")(
      "size", po::value<std::string>(&size), "")("title", po::value<std::string>(&o.title), "")(
      "theory", po::value<std::vector<std::string>>(&o.theory), "")(
      "theory-title", po::value<std::vector<std::string>>(&o.theory_titles), "")(
      "xlabel", po::value<std::string>(&o.xlabel), "")("ylabel", po::value<std::string>(&o.ylabel), "")(
      "script", po::value<std::string>(&o.script), "")("interval", po::value<std::string>(&interval), "")(
      "figure", po::value<std::string>(&o.figure), "")("list-figures", "");
  po::variables_map vm;
  const auto files = tl::parse_tool_arguments(argc, argv, visible, vm);
  help = vm.count("help") > 0;
  if (help) return o;
  if (files.size() != 1) throw tl::UsageError("expected exactly one FILE (tl-plot --help)");
  o.file = files[0];
  o.list_figures = vm.count("list-figures") > 0;
  for (const char* data : {"x", "y", "table", "series", "hist", "bins", "by", "where", "logx", "logy", "fit", "window",
                           "drop-nonpositive", "theory", "theory-title", "xlabel", "ylabel", "interval"})
    o.data_options = o.data_options || vm.count(data) > 0;
  if (o.list_figures || !o.figure.empty()) {  // the rest is checked by run_figures and the declared figure's own pass
    o.formats = tl::split_list(formats);
    return o;
  }
  o.ys = tl::split_list(ys), o.by = tl::split_list(by), o.by_given = vm.count("by") > 0;
  o.series = vm.count("series"), o.hist = vm.count("hist"), o.scatter = vm.count("scatter");
  o.logx = vm.count("logx"), o.logy = vm.count("logy"), o.fit = vm.count("fit");
  o.drop = vm.count("drop-nonpositive"), o.force = vm.count("force");
  if (o.x.empty()) throw tl::UsageError("--x COL is required (tl-plot --help)");
  if (!o.hist && o.ys.empty()) throw tl::UsageError("--y COL is required (tl-plot --help)");
  if (o.hist && (o.series || o.fit)) throw tl::UsageError("--hist does not combine with --series or --fit");
  if (o.series && !o.table.empty()) throw tl::UsageError("--series reads /series, not a --table");
  if (o.bins < 1 || o.bins > 10000) throw tl::UsageError("--bins must be in [1, 10000], got " + std::to_string(o.bins));
  if (o.theory_titles.size() > o.theory.size()) throw tl::UsageError("more --theory-title than --theory");
  for (const auto& t : o.theory) tl::check_theory_expression(t);
  o.interval = tl::split_list(interval);
  if (vm.count("interval") && o.interval.size() != 2)
    throw tl::UsageError("--interval expects two columns LO,HI, got '" + interval + "'");
  if (!o.interval.empty() && (o.hist || o.series || o.scatter))
    throw tl::UsageError("--interval applies to table columns: it does not combine with --hist, --series or --scatter");
  parse_size(size, o);
  o.formats = tl::split_list(formats);
  return o;
}

// The output files, one per format; UsageError for an unknown format or extension.
std::vector<std::pair<std::string, std::string>> outputs(const Options& o, const std::string& gnuplot) {
  const fs::path out(o.out);
  std::vector<std::string> formats = o.formats;
  if (formats.empty()) {
    const std::string ext = out.extension().string();
    if (ext != ".png" && ext != ".svg" && ext != ".pdf")
      throw tl::UsageError("--out must end in .png, .svg or .pdf (or give --format), got '" + o.out + "'");
    formats = {ext.substr(1)};
  } else if (formats == std::vector<std::string>{"all"}) {
    formats = {"png", "svg"};
    if (tl::gnuplot_has_terminal(gnuplot, "pdfcairo")) formats.push_back("pdf");
  }
  std::vector<std::pair<std::string, std::string>> files;  // (path, terminal)
  std::set<std::string> seen;
  for (const std::string& f : formats) {
    std::string terminal;
    if (f == "png") terminal = tl::gnuplot_has_terminal(gnuplot, "pngcairo") ? "pngcairo" : "png";
    else if (f == "svg") terminal = "svg";
    else if (f == "pdf") terminal = "pdfcairo";
    else throw tl::UsageError("--format takes png, svg, pdf or all, got '" + f + "'");
    if (f == "pdf" && !tl::gnuplot_has_terminal(gnuplot, "pdfcairo"))
      throw tl::UsageError("this gnuplot has no pdfcairo terminal: no PDF (install gnuplot-nox with cairo, or drop pdf)");
    if (!seen.insert(f).second) continue;
    fs::path p = out;
    p.replace_extension("." + f);
    files.push_back({p.string(), terminal});
  }
  for (const auto& [path, terminal] : files)
    if (fs::exists(path) && !o.force) throw tl::UsageError("'" + path + "' exists (use --force to overwrite)");
  if (!o.script.empty() && fs::exists(o.script) && !o.force)
    throw tl::UsageError("'" + o.script + "' exists (use --force to overwrite)");
  return files;
}

// The swept keys (from /params) that are columns of the table and vary among `rows`:
// the values that tell the curves apart. x and the y columns are not curve keys.
std::vector<std::string> curve_keys(const tl::ResultFile& file, const tl::DataTable& data, const Options& o,
                                    const std::vector<std::size_t>& rows) {
  const auto params = file.params();
  const auto swept = params.count("swept") ? tl::split_list(params.at("swept")) : std::vector<std::string>{};
  const auto names = data.column_names();
  std::vector<std::string> keys;
  for (const std::string& key : swept) {
    if (key == o.x || std::find(o.ys.begin(), o.ys.end(), key) != o.ys.end()) continue;
    if (std::find(names.begin(), names.end(), key) == names.end()) continue;
    const tl::Column& c = data.column(key);
    std::set<std::string> values;
    for (std::size_t r : rows) values.insert(tl::exact_text(c, r));
    if (values.size() > 1) keys.push_back(key);
  }
  return keys;
}

// Non-finite points are dropped; non-positive ones on a log axis are an error unless dropped.
void clean(std::vector<double>& x, std::vector<double>& y, const Options& o, const std::string& label) {
  std::vector<double> kx, ky;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!std::isfinite(x[i]) || !std::isfinite(y[i])) continue;
    const bool bad_x = o.logx && x[i] <= 0, bad_y = o.logy && y[i] <= 0;
    if (bad_x || bad_y) {
      if (o.drop) continue;
      throw tl::UsageError("non-positive value on a log axis: " + std::string(bad_x ? "x" : "y") + " = " +
                           tl::format_number(bad_x ? x[i] : y[i]) + (label.empty() ? "" : " in '" + label + "'") +
                           " (use --drop-nonpositive, --where, or a linear axis)");
    }
    kx.push_back(x[i]), ky.push_back(y[i]);
  }
  x = kx, y = ky;
}

// Points to a curve: the replicates of one x as a mean with its 95% CI (or, with
// --scatter, the points). A curve without replicates is drawn as points joined.
Curve make_curve(std::string label, std::vector<double> x, std::vector<double> y, const Options& o) {
  clean(x, y, o, label);
  Curve c;
  c.raw_x = x, c.raw_y = y;
  c.line.label = std::move(label);
  if (o.scatter) {
    c.line.mark = tl::Mark::Points;
    c.line.x = x, c.line.y = y;
    return c;
  }
  const auto stats = tl::stats_by_x(x, y);
  const bool replicated = std::any_of(stats.begin(), stats.end(), [](const tl::XStat& s) { return s.n > 1; });
  c.line.mark = replicated ? tl::Mark::ErrorBars : (stats.size() <= 60 ? tl::Mark::LinesPoints : tl::Mark::Lines);
  for (const tl::XStat& s : stats) {
    double lo = s.lo;
    if (o.logy && !(lo > 0)) {  // a log axis cannot show it: down to the smallest replicate
      lo = s.mean;
      for (std::size_t i = 0; i < x.size(); ++i)
        if (x[i] == s.x) lo = std::min(lo, y[i]);
    }
    c.line.x.push_back(s.x), c.line.y.push_back(s.mean);
    if (replicated) c.line.lo.push_back(lo), c.line.hi.push_back(s.hi);
  }
  return c;
}

// Points that carry their own interval (--interval LO,HI): one row per x, drawn as error
// bars [LO, HI]; a row whose value or interval is not finite is left out (an n/a fit).
Curve interval_curve(std::string label, const tl::DataTable& data, const std::vector<std::size_t>& rows,
                     const std::vector<double>& xv, const std::vector<double>& yv, const Options& o) {
  const auto lo = tl::numeric_values(data.column(o.interval[0])), hi = tl::numeric_values(data.column(o.interval[1]));
  std::vector<std::size_t> order;
  for (std::size_t r : rows)
    if (std::isfinite(xv[r]) && std::isfinite(yv[r]) && std::isfinite(lo[r]) && std::isfinite(hi[r])) order.push_back(r);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return xv[a] < xv[b]; });
  Curve c;
  c.line.label = std::move(label);
  c.line.mark = tl::Mark::ErrorBars;
  for (std::size_t k = 0; k < order.size(); ++k) {
    const std::size_t r = order[k];
    if (k > 0 && xv[order[k - 1]] == xv[r])
      throw tl::UsageError("--interval: two rows at " + o.x + " = " + tl::format_number(xv[r]) + " in '" + c.line.label +
                           "' (one row per x: narrow with --where or --by)");
    const bool bad_x = o.logx && xv[r] <= 0, bad_y = o.logy && !(lo[r] > 0);
    if (bad_x || bad_y) {
      if (o.drop) continue;
      throw tl::UsageError("non-positive value on a log axis in '" + c.line.label + "' (use --drop-nonpositive)");
    }
    c.line.x.push_back(xv[r]), c.line.y.push_back(yv[r]), c.line.lo.push_back(lo[r]), c.line.hi.push_back(hi[r]);
    c.raw_x.push_back(xv[r]), c.raw_y.push_back(yv[r]);
  }
  return c;
}

using Groups = std::vector<std::pair<std::string, std::vector<std::size_t>>>;

std::vector<Curve> table_curves(const tl::DataTable& data, const Groups& groups, const Options& o, std::string& x_unit,
                                std::string& y_unit) {
  std::vector<Curve> curves;
  const tl::Column& cx = data.column(o.x);
  const auto xv = tl::numeric_values(cx);
  x_unit = cx.unit;
  for (const auto& y : o.ys) {
    const tl::Column& cy = data.column(y);
    const auto yv = tl::numeric_values(cy);
    y_unit = y == o.ys.front() || cy.unit == y_unit ? cy.unit : "";  // a unit the y columns share
    for (const auto& [label, rows] : groups) {
      std::vector<double> px, py;
      for (std::size_t r : rows) px.push_back(xv[r]), py.push_back(yv[r]);
      const std::string name = o.ys.size() > 1 ? (label.empty() ? y : y + " (" + label + ")") : (label.empty() ? y : label);
      if (!o.interval.empty() && y == o.ys.front())
        curves.push_back(interval_curve(name, data, rows, xv, yv, o));
      else
        curves.push_back(make_curve(name, px, py, o));
    }
  }
  return curves;
}

// Per-row series: the rows of a group that share one x grid are aggregated point by
// point (mean and 95% CI as a band); otherwise (or with --scatter) one line per row,
// named by its replicate.
std::vector<Curve> series_curves(const tl::ResultFile& file, const tl::DataTable& data, const Groups& groups, const Options& o,
                                 std::string& x_unit, std::string& y_unit) {
  std::vector<Curve> curves;
  const auto replicate = tl::numeric_values(data.column("replicate"));
  std::size_t rows_without_series = 0;
  for (const auto& y : o.ys)
    for (const auto& [label, rows] : groups) {
      std::vector<std::pair<std::vector<double>, std::vector<double>>> xy;  // per row
      std::vector<std::size_t> kept;
      for (std::size_t r : rows) {
        const auto names = file.series_names(r);
        const bool has_y = std::find(names.begin(), names.end(), y) != names.end();
        const bool has_x = o.x == "index" || std::find(names.begin(), names.end(), o.x) != names.end();
        if (!has_y || !has_x) {
          ++rows_without_series;  // e.g. a not-applicable point: no curve to draw
          continue;
        }
        const tl::Series sy = file.series(r, y);
        if (sy.cols > 1)
          throw tl::UsageError("series '" + y + "' is 2-D (" + std::to_string(sy.rows) + "×" + std::to_string(sy.cols) +
                               "); tl-plot draws 1-D series");
        y_unit = sy.unit;
        std::vector<double> sx;
        if (o.x == "index") {
          for (std::size_t i = 0; i < sy.data.size(); ++i) sx.push_back(static_cast<double>(i));
        } else {
          const tl::Series s = file.series(r, o.x);
          sx = s.data, x_unit = s.unit;
          if (sx.size() != sy.data.size())
            throw tl::UsageError("series '" + o.x + "' and '" + y + "' of row " + std::to_string(r) + " differ in length");
        }
        xy.push_back({sx, sy.data});
        kept.push_back(r);
      }
      if (xy.empty()) continue;
      // Identical series are one run seen twice (rows that differ only in a swept value
      // this point ignores): drawn once, not as a "mean" of copies.
      for (std::size_t k = xy.size(); k-- > 1;)
        if (std::find(xy.begin(), xy.begin() + static_cast<std::ptrdiff_t>(k), xy[k]) != xy.begin() + static_cast<std::ptrdiff_t>(k))
          xy.erase(xy.begin() + static_cast<std::ptrdiff_t>(k)), kept.erase(kept.begin() + static_cast<std::ptrdiff_t>(k));
      const std::string base = o.ys.size() > 1 ? (label.empty() ? y : y + " (" + label + ")") : (label.empty() ? y : label);
      const bool same_grid = std::all_of(xy.begin(), xy.end(), [&](const auto& p) { return p.first == xy.front().first; });
      if (xy.size() > 1 && same_grid && !o.scatter) {
        Curve c;
        c.line.label = base + " (mean, 95% CI of " + std::to_string(xy.size()) + ")";
        c.line.mark = tl::Mark::Band;
        for (std::size_t i = 0; i < xy.front().first.size(); ++i) {
          std::vector<double> values;
          for (const auto& p : xy) values.push_back(p.second[i]);
          const tl::XStat s = tl::mean_interval(values);
          const double xi = xy.front().first[i];
          const bool ok = std::isfinite(xi) && std::isfinite(s.mean) && (!o.logx || xi > 0) && (!o.logy || s.mean > 0);
          if (!ok) {
            if (!o.drop && ((o.logx && xi <= 0) || (o.logy && s.mean <= 0)))
              throw tl::UsageError("non-positive value on a log axis in '" + base + "' (use --drop-nonpositive)");
            continue;
          }
          c.line.x.push_back(xi), c.line.y.push_back(s.mean);
          c.line.lo.push_back(o.logy && !(s.lo > 0) ? s.mean : s.lo), c.line.hi.push_back(s.hi);
          for (const auto& p : xy) c.raw_x.push_back(xi), c.raw_y.push_back(p.second[i]);
        }
        curves.push_back(c);
        continue;
      }
      std::set<double> reps;
      for (std::size_t r : kept) reps.insert(replicate[r]);
      for (std::size_t k = 0; k < xy.size(); ++k) {
        std::string name = base;
        if (xy.size() > 1)
          name += reps.size() == kept.size() ? ", replicate " + tl::format_number(replicate[kept[k]]) : ", row " + std::to_string(kept[k]);
        Curve c = make_curve(name, xy[k].first, xy[k].second, o);
        if (c.line.mark == tl::Mark::LinesPoints && c.line.x.size() > 60) c.line.mark = tl::Mark::Lines;
        curves.push_back(c);
      }
    }
  if (curves.empty()) {
    const auto names = file.series_names(groups.front().second.front());
    std::string list;
    for (const auto& n : names) list += " " + n;
    std::string ys;
    for (const auto& y : o.ys) ys += (ys.empty() ? "" : ",") + y;
    throw tl::UsageError("no selected row has the series '" + ys + "'" + (o.x == "index" ? "" : " and '" + o.x + "'") +
                         "; series of row " + std::to_string(groups.front().second.front()) + ":" +
                         (list.empty() ? " (none)" : list));
  }
  if (rows_without_series) std::cerr << "tl-plot: " << rows_without_series << " selected row(s) have no such series; left out\n";
  return curves;
}

// Counts of the --x column in `bins` equal bins (of log x with --logx), the same bins for
// every group so that their bars line up.
std::vector<Curve> histogram_curves(const tl::DataTable& data, const Groups& groups, const Options& o, std::string& x_unit) {
  const tl::Column& c = data.column(o.x);
  const auto values = tl::numeric_values(c);
  x_unit = c.unit;
  auto usable = [&](double v) { return std::isfinite(v) && (!o.logx || v > 0); };
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const auto& group : groups)
    for (std::size_t r : group.second)
      if (usable(values[r])) {
        const double t = o.logx ? std::log(values[r]) : values[r];
        lo = std::min(lo, t), hi = std::max(hi, t);
      }
  if (!(lo <= hi)) throw tl::UsageError("no finite" + std::string(o.logx ? " positive" : "") + " values of '" + o.x + "' to histogram");
  if (hi == lo) lo -= 0.5, hi += 0.5;
  std::vector<Curve> curves;
  for (const auto& [label, rows] : groups) {
    Curve h;
    h.line.label = label.empty() ? o.x : label;
    h.line.mark = tl::Mark::Boxes;
    std::vector<double> counts(o.bins, 0);
    for (std::size_t r : rows)
      if (usable(values[r])) {
        const double t = ((o.logx ? std::log(values[r]) : values[r]) - lo) / (hi - lo);
        counts[std::min(o.bins - 1, static_cast<int>(t * o.bins))] += 1;
      }
    for (int b = 0; b < o.bins; ++b) {
      double a = lo + (hi - lo) * b / o.bins, e = lo + (hi - lo) * (b + 1) / o.bins;
      if (o.logx) a = std::exp(a), e = std::exp(e);
      h.line.x.push_back(o.logx ? std::sqrt(a * e) : (a + e) / 2);
      h.line.width.push_back(e - a);
      h.line.y.push_back(counts[b]);
    }
    if (o.logy) {  // empty bins have no place on a log axis
      Curve kept = h;
      kept.line.x.clear(), kept.line.y.clear(), kept.line.width.clear();
      for (std::size_t i = 0; i < h.line.x.size(); ++i)
        if (h.line.y[i] > 0)
          kept.line.x.push_back(h.line.x[i]), kept.line.y.push_back(h.line.y[i]), kept.line.width.push_back(h.line.width[i]);
      h = kept;
    }
    curves.push_back(h);
  }
  return curves;
}

// A fitted power law per curve (on its raw points in the window), as a dashed line of
// the curve's colour whose legend names the exponent and the x range used.
std::vector<tl::PlotLine> fit_lines(const std::vector<Curve>& curves, const tl::Window& window, const Options& o,
                                    std::pair<double, double>& used) {
  std::vector<tl::PlotLine> fits;
  used = {std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
  for (const Curve& c : curves) {
    std::vector<double> fx, fy;
    for (std::size_t i = 0; i < c.raw_x.size(); ++i)
      if (window.contains(c.raw_x[i])) fx.push_back(c.raw_x[i]), fy.push_back(c.raw_y[i]);
    const std::string where = c.line.label.empty() ? "" : " in '" + c.line.label + "'";
    std::set<double> distinct(fx.begin(), fx.end());
    if (fx.size() < 3 || distinct.size() < 2)
      throw tl::UsageError("--fit needs at least 3 usable points at 2 or more x" + where + ", found " + std::to_string(fx.size()) +
                           " (window " + window.text() + ")");
    for (std::size_t i = 0; i < fx.size(); ++i)
      if (fx[i] <= 0 || fy[i] <= 0)
        throw tl::UsageError("--fit: non-positive value on a log axis" + where + " (x = " + tl::format_number(fx[i]) +
                             ", y = " + tl::format_number(fy[i]) + "); narrow it with --window or --where");
    const tl::PowerLawFit f = tl::fit_power_law(fx, fy);
    const double lo = *distinct.begin(), hi = *distinct.rbegin();
    used.first = std::min(used.first, lo), used.second = std::max(used.second, hi);
    tl::PlotLine l;
    l.mark = tl::Mark::Lines;
    l.dashed = true;
    l.style = c.line.style;
    for (int i = 0; i <= 60; ++i) {
      const double t = lo * std::pow(hi / lo, i / 60.0);
      l.x.push_back(t), l.y.push_back(f.prefactor * std::pow(t, f.exponent));
    }
    l.label = "fit" + (curves.size() > 1 ? " (" + c.line.label + ")" : std::string()) + " on " + o.x + " in [" +
              tl::short_number(lo, 4) + ", " + tl::short_number(hi, 4) + "]: exponent " + tl::short_number(f.exponent, 3) +
              " ± " + tl::short_number(f.exponent_se, 2) + " (SE, R² " + tl::short_number(f.r_squared, 3) + ", " +
              std::to_string(fx.size()) + " points)";
    fits.push_back(l);
  }
  return fits;
}

std::string y_axis_label(const Options& o, const std::string& y_unit) {
  if (!o.ylabel.empty()) return o.ylabel;
  if (o.hist) return "count";
  if (o.ys.size() == 1) return tl::axis_label(o.ys.front(), y_unit);
  std::string names;
  for (const auto& y : o.ys) names += (names.empty() ? "" : ", ") + y;
  if (names.size() > 48) names = o.ys.front() + ", … (" + std::to_string(o.ys.size()) + " columns)";
  return tl::axis_label(names, y_unit);
}

int draw(Options o);

// The command line without --figure NAME and --out X (kept: the output options).
std::vector<std::string> output_arguments(int argc, char** argv, std::string& out) {
  std::vector<std::string> kept;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool figure = a == "--figure" || a == "--out";
    if (figure && i + 1 < argc) {
      if (a == "--out") out = argv[i + 1];
      ++i;
      continue;
    }
    if (a.rfind("--figure=", 0) == 0 || a == "--list-figures") continue;
    if (a.rfind("--out=", 0) == 0) {
      out = a.substr(6);
      continue;
    }
    kept.push_back(a);
  }
  return kept;
}

// Draws one declared figure: the plan's options after the command line's output options.
int draw_declared(const tl::FigurePlan& plan, const std::vector<std::string>& output, const std::string& out, bool titled) {
  std::vector<std::string> words = {"tl-plot"};
  words.insert(words.end(), output.begin(), output.end());
  for (std::size_t i = 0; i < plan.arguments.size(); ++i) {
    if (titled && plan.arguments[i] == "--title") {
      ++i;  // the command line's --title wins
      continue;
    }
    words.push_back(plan.arguments[i]);
  }
  if (!out.empty()) words.insert(words.end(), {"--out", out});
  std::vector<char*> args;
  for (auto& w : words) args.push_back(w.data());
  bool help = false;
  return draw(parse_options(static_cast<int>(args.size()), args.data(), help));
}

// --list-figures, --figure NAME, --figure all.
int run_figures(const Options& o, int argc, char** argv) {
  const tl::ResultFile file = tl::open_result(o.file);
  const auto figures = file.figures();
  if (o.list_figures) {
    if (!o.figure.empty() || o.data_options) throw tl::UsageError("--list-figures takes no other option");
    for (const tl::Figure& f : figures) std::cout << f.name << "\t" << f.caption << "\n";
    if (figures.empty()) std::cerr << "tl-plot: '" << o.file << "' declares no figures\n";
    return 0;
  }
  if (o.data_options)
    throw tl::UsageError("--figure draws what the experiment declared: give only output options (--out, --format, --force, --size, "
                         "--title, --scatter, --script)");
  std::string out;
  const auto output = output_arguments(argc, argv, out);
  const bool titled = !o.title.empty();
  if (o.figure != "all") {
    const tl::Figure& f = tl::find_figure(figures, o.figure, o.file);
    const tl::FigurePlan plan = tl::plan_figure(file, f);
    if (!plan.problem.empty())
      throw tl::UsageError("figure " + f.name + (plan.applies ? " cannot be drawn from this file: " : " does not apply to this run: ") +
                           plan.problem);
    for (const auto& note : plan.notes) std::cerr << "tl-plot: figure " << f.name << ": " << note << "\n";
    if (out.empty()) out = fs::path(o.file).stem().string() + "-" + f.name + ".png";
    return draw_declared(plan, output, out, titled);
  }
  if (figures.empty()) tl::find_figure(figures, "all", o.file);  // the message for a file without figures
  const std::string dir = out.empty() ? "." : out;
  if (!fs::exists(dir)) throw tl::UsageError("--figure all: the --out folder '" + dir + "' does not exist (create it first)");
  if (!fs::is_directory(dir)) throw tl::UsageError("--figure all: --out names a folder, and '" + dir + "' is not one");
  std::string ext = "png";
  if (!o.formats.empty() && o.formats.size() == 1 && o.formats.front() != "all") ext = o.formats.front();
  int failed = 0;
  for (const tl::Figure& f : figures) {
    const tl::FigurePlan plan = tl::plan_figure(file, f);
    if (!plan.applies) {
      std::cerr << "tl-plot: figure " << f.name << " does not apply to this run: " << plan.problem << "\n";
      continue;
    }
    try {
      if (!plan.problem.empty()) throw tl::UsageError(plan.problem);
      for (const auto& note : plan.notes) std::cerr << "tl-plot: figure " << f.name << ": " << note << "\n";
      draw_declared(plan, output, (fs::path(dir) / (fs::path(o.file).stem().string() + "-" + f.name + "." + ext)).string(), titled);
    } catch (const tl::UsageError& e) {
      std::cerr << "tl-plot: figure " << f.name << " not drawn: " << e.what() << "\n";
      ++failed;
    }
  }
  if (failed) throw tl::UsageError(std::to_string(failed) + " of " + std::to_string(figures.size()) + " figures not drawn");
  return 0;
}

int run(int argc, char** argv) {
  bool help = false;
  Options o = parse_options(argc, argv, help);
  if (help) {
    std::cout << kHelp;
    return 0;
  }
  if (o.list_figures || !o.figure.empty()) return run_figures(o, argc, argv);
  return draw(o);
}

int draw(Options o) {
  const tl::Window fit_window = o.window.empty() ? tl::Window{} : tl::parse_window(o.window);
  std::vector<tl::RowFilter> filters;
  for (const auto& w : o.where) filters.push_back(tl::parse_filter(w));
  const std::string gnuplot = tl::find_gnuplot();  // before any work: a missing gnuplot is exit 2 at once

  const tl::ResultFile file = tl::open_result(o.file);
  const tl::DataTable data = tl::load_data_table(file, o.table);
  const auto rows = tl::filter_rows(data, filters);
  if (rows.empty()) throw tl::UsageError("no rows match the --where filters");
  if (!o.by_given) o.by = curve_keys(file, data, o, rows);
  const Groups groups = tl::group_rows(data, o.by, rows);

  std::string x_unit, y_unit;
  std::vector<Curve> curves = o.hist     ? histogram_curves(data, groups, o, x_unit)
                              : o.series ? series_curves(file, data, groups, o, x_unit, y_unit)
                                         : table_curves(data, groups, o, x_unit, y_unit);
  std::vector<tl::PlotLine> lines;
  for (std::size_t k = 0; k < curves.size(); ++k) {
    curves[k].line.style = static_cast<int>(k);
    lines.push_back(curves[k].line);
  }

  if (o.out.empty())
    o.out = fs::path(o.file).stem().string() + "-" + (o.hist ? "hist" : o.ys.front()) + "-vs-" + o.x + ".png";
  const auto files = outputs(o, gnuplot);

  tl::PlotOptions po;
  if (o.fit) {
    std::pair<double, double> used;
    for (tl::PlotLine& f : fit_lines(curves, fit_window, o, used)) lines.push_back(f);
    if (!o.window.empty()) {
      po.fit_window = used;
      po.fit_window_label = "fit window: " + o.x + " in [" + tl::short_number(used.first, 4) + ", " +
                            tl::short_number(used.second, 4) + "]";
    }
  }
  std::string ys;
  for (const auto& y : o.ys) ys += (ys.empty() ? "" : ",") + y;
  if (o.title.empty())
    o.title = file.attribute("experiment") + (o.table.empty() ? "" : " / " + o.table) + ": " +
              (o.hist ? "histogram of " + o.x : ys + " vs " + o.x);
  po.title = o.title + "\n" + fs::path(file.path()).filename().string() + "  (git " + file.attribute("git_commit") +
             (file.attribute("preset").empty() ? "" : ", preset " + file.attribute("preset")) + ")";
  po.xlabel = !o.xlabel.empty() ? o.xlabel : tl::axis_label(o.x, x_unit);
  po.ylabel = y_axis_label(o, y_unit);
  po.logx = o.logx, po.logy = o.logy;
  for (std::size_t t = 0; t < o.theory.size(); ++t)
    po.theory.push_back({o.theory[t], t < o.theory_titles.size() ? o.theory_titles[t] : ""});

  std::vector<std::string> written;
  try {
    for (const auto& [path, terminal] : files) {
      tl::PlotOptions p = po;
      p.terminal = terminal, p.output = path;
      p.width = o.width, p.height = o.height, p.font_points = o.font;
      if (terminal == "pdfcairo" && o.column_size) p.width = 340, p.height = 240, p.font_points = 7;
      const std::string script = tl::gnuplot_script(lines, p);
      if (!o.script.empty() && written.empty()) tl::write_file_durably(o.script, script);
      // gnuplot's warnings (a legend that does not fit, say) are passed on, not hidden.
      std::istringstream warnings(tl::render_gnuplot(gnuplot, script, path));
      for (std::string line; std::getline(warnings, line);)
        if (!line.empty()) std::cerr << "tl-plot: gnuplot (" << path << "): " << line << "\n";
      written.push_back(path);  // render_gnuplot fsync'd it before its rename
    }
  } catch (...) {
    std::error_code ec;
    for (const auto& w : written) fs::remove(w, ec);
    if (!o.script.empty()) fs::remove(o.script, ec);
    throw;
  }
  for (const auto& w : written) std::cout << w << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) { return tl::tool_main("tl-plot", [&] { return run(argc, argv); }); }
