// tl-plot: a PNG through gnuplot of two columns of a result file (its /table or a
// /summary table), of per-row series, or a histogram of one column: axis labels with
// units from the file, one line per group, the fitted power law (lib/math) overlaid
// with its exponent in the legend, and the file's provenance under the title.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "theorylab/math/power_law_fit.hpp"
#include "theorylab/report/grid.hpp"
#include "theorylab/report/result_data.hpp"
#include "theorylab/report/tool_main.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

const char* kHelp =
    "usage: tl-plot FILE --x COL --y COL[,COL...] [options]\n"
    "       tl-plot FILE --series --x NAME|index --y NAME[,NAME...] [options]\n"
    "       tl-plot FILE --hist --x COL [--bins N] [options]\n"
    "\n"
    "Draws a PNG with gnuplot (pngcairo; png if pngcairo is missing).\n"
    "  --x COL, --y COLS     columns of /table (or of --table NAME); several y: one line each\n"
    "  --table NAME          plot a /summary table's columns instead of /table\n"
    "  --series              x and y name per-row series (/series/ROW/NAME); one line per row\n"
    "                        (x 'index' = 0, 1, 2, ...); rows chosen by --where\n"
    "  --hist                histogram of the --x column (counts per bin), one per group\n"
    "  --bins N              histogram bins (default 30; log-spaced with --logx)\n"
    "  --by COL[,COL]        one line per group of these columns' values\n"
    "  --where COL=VAL       keep rows whose COL equals VAL (repeatable)\n"
    "  --logx, --logy        logarithmic axes\n"
    "  --fit                 overlay y = A x^b per line (lib/math fit_power_law, OLS in log-log),\n"
    "                        the exponent and its CI in the legend; --window LO:HI limits it\n"
    "  --drop-nonpositive    on a log axis, leave out points <= 0 (default: exit 2)\n"
    "  --curve EXPR          also draw y = EXPR(x), a gnuplot expression in x, over the data's x\n"
    "                        range (e.g. a source's formula: '0.84*sqrt(log(x))'); repeatable\n"
    "  --curve-title TEXT    legend of the k-th --curve (default 'y = EXPR'); repeatable\n"
    "  --out FILE.png        output (default: FILESTEM-Y-vs-X.png in the current folder)\n"
    "  --size WxH            pixels (default 800x560)\n"
    "  --title TEXT          title (default: experiment: y vs x)\n"
    "  --xlabel, --ylabel T  axis labels (default: the column name and its unit from the file;\n"
    "                        several y columns: 'value [unit]')\n"
    "\n"
    "The gnuplot binary is $THEORYLAB_GNUPLOT or gnuplot on PATH. Exit status 2, with one line\n"
    "on stderr, for a bad file, an unknown column (the message lists them), a fit with fewer\n"
    "than 3 usable points, a non-positive value on a log axis, or gnuplot missing or failing.\n";

struct Line {
  std::string label, x_unit, y_unit;
  std::vector<double> x, y;
  bool boxes = false;
  std::vector<double> width;  // histogram bar widths
};

std::string find_gnuplot() {
  if (const char* env = std::getenv("THEORYLAB_GNUPLOT")) {
    if (access(env, X_OK) != 0) throw tl::UsageError(std::string("gnuplot not found at THEORYLAB_GNUPLOT='") + env + "'");
    return env;
  }
  if (const char* path = std::getenv("PATH"))
    for (const auto& dir : tl::split_list(path, ':')) {
      const std::string candidate = dir + "/gnuplot";
      if (access(candidate.c_str(), X_OK) == 0) return candidate;
    }
  throw tl::UsageError("gnuplot not found on PATH (install gnuplot-nox: sudo apt-get install gnuplot-nox)");
}

std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// Runs gnuplot on a script file; returns its combined output, sets `ok`.
std::string run_gnuplot(const std::string& gnuplot, const std::string& script, bool& ok) {
  char name[] = "/tmp/tl-plot-XXXXXX";
  const int fd = mkstemp(name);
  if (fd < 0) throw tl::UsageError("cannot create a temporary file for the gnuplot script");
  close(fd);
  std::ofstream(name) << script;
  FILE* pipe = popen((shell_quote(gnuplot) + " " + name + " 2>&1").c_str(), "r");
  std::string out;
  if (pipe) {
    char buffer[1024];
    while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
    const int status = pclose(pipe);
    ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  } else {
    ok = false;
  }
  std::remove(name);
  return out;
}

std::string gp_text(const std::string& s) {  // a gnuplot double-quoted string
  std::string q = "\"";
  for (char c : s) {
    if (c == '\n') {
      q += "\\n";  // gnuplot's escape: a line break in a title
      continue;
    }
    if (c == '"' || c == '\\') q += '\\';
    q += c;
  }
  return q + "\"";
}

std::string axis_label(const std::string& name, const std::string& unit) {
  return unit.empty() || unit == "1" ? name : name + " [" + unit + "]";
}

// Non-finite points are dropped; non-positive ones on a log axis are an error unless dropped.
void clean(Line& line, bool logx, bool logy, bool drop_nonpositive) {
  Line kept = line;
  kept.x.clear(), kept.y.clear(), kept.width.clear();
  for (std::size_t i = 0; i < line.x.size(); ++i) {
    if (!std::isfinite(line.x[i]) || !std::isfinite(line.y[i])) continue;
    const bool bad_x = logx && line.x[i] <= 0, bad_y = logy && line.y[i] <= 0;
    if (bad_x || bad_y) {
      if (drop_nonpositive) continue;
      throw tl::UsageError("non-positive value on a log axis: " + std::string(bad_x ? "x" : "y") + " = " +
                           tl::format_number(bad_x ? line.x[i] : line.y[i]) + (line.label.empty() ? "" : " in '" + line.label + "'") +
                           " (use --drop-nonpositive, --where, or a linear axis)");
    }
    kept.x.push_back(line.x[i]), kept.y.push_back(line.y[i]);
    if (!line.width.empty()) kept.width.push_back(line.width[i]);
  }
  line = kept;
}

// Counts of `values` in `bins` equal bins of [lo, hi] (of log x with logx): the same
// bins for every group, so that their bars line up.
Line histogram(const std::string& label, const std::vector<double>& values, int bins, bool logx, double lo, double hi) {
  std::vector<double> v;
  for (double x : values)
    if (std::isfinite(x) && (!logx || x > 0)) v.push_back(x);
  Line h;
  h.label = label;
  h.boxes = true;
  std::vector<double> counts(bins, 0);
  for (double x : v) {
    const double t = ((logx ? std::log(x) : x) - lo) / (hi - lo);
    counts[std::min(bins - 1, static_cast<int>(t * bins))] += 1;
  }
  for (int b = 0; b < bins; ++b) {
    double a = lo + (hi - lo) * b / bins, c = lo + (hi - lo) * (b + 1) / bins;
    if (logx) a = std::exp(a), c = std::exp(c);
    h.x.push_back(logx ? std::sqrt(a * c) : (a + c) / 2);
    h.width.push_back(c - a);
    h.y.push_back(counts[b]);
  }
  return h;
}

}  // namespace

int main(int argc, char** argv) {
  return tl::tool_main("tl-plot", [&] {
    std::string x, ys, table, by, out, size = "800x560", title, window, xlabel, ylabel;
    std::vector<std::string> where, curves, curve_titles;
    int bins = 30;
    po::options_description visible;
    visible.add_options()("help,h", "")("x", po::value<std::string>(&x), "")("y", po::value<std::string>(&ys), "")(
        "table", po::value<std::string>(&table), "")("series", "")("hist", "")("bins", po::value<int>(&bins), "")(
        "by", po::value<std::string>(&by), "")("where", po::value<std::vector<std::string>>(&where), "")("logx", "")("logy", "")(
        "fit", "")("window", po::value<std::string>(&window), "")("drop-nonpositive", "")("out", po::value<std::string>(&out), "")(
        "size", po::value<std::string>(&size), "")("title", po::value<std::string>(&title), "")(
        "curve", po::value<std::vector<std::string>>(&curves), "")("curve-title", po::value<std::vector<std::string>>(&curve_titles), "")("xlabel", po::value<std::string>(&xlabel), "")(
        "ylabel", po::value<std::string>(&ylabel), "");
    po::variables_map vm;
    const auto files = tl::parse_tool_arguments(argc, argv, visible, vm);
    if (vm.count("help")) {
      std::cout << kHelp;
      return 0;
    }
    if (files.size() != 1) throw tl::UsageError("expected exactly one FILE (tl-plot --help)");
    const bool series = vm.count("series"), hist = vm.count("hist"), logx = vm.count("logx"), logy = vm.count("logy");
    const bool fit = vm.count("fit"), drop = vm.count("drop-nonpositive");
    if (x.empty()) throw tl::UsageError("--x COL is required (tl-plot --help)");
    if (!hist && ys.empty()) throw tl::UsageError("--y COL is required (tl-plot --help)");
    if (hist && (series || fit)) throw tl::UsageError("--hist does not combine with --series or --fit");
    if (series && !table.empty()) throw tl::UsageError("--series reads /series, not a --table");
    if (bins < 1 || bins > 10000) throw tl::UsageError("--bins must be in [1, 10000], got " + std::to_string(bins));
    int width = 0, height = 0;
    if (std::sscanf(size.c_str(), "%dx%d", &width, &height) != 2 || width < 100 || height < 100 || width > 10000 || height > 10000)
      throw tl::UsageError("--size expects WxH in pixels (100..10000), got '" + size + "'");
    const tl::Window fit_window = window.empty() ? tl::Window{} : tl::parse_window(window);
    std::vector<tl::RowFilter> filters;
    for (const auto& w : where) filters.push_back(tl::parse_filter(w));
    const std::vector<std::string> y_names = tl::split_list(ys);
    const std::string gnuplot = find_gnuplot();  // before any work: a missing gnuplot is exit 2 at once

    const tl::ResultFile file = tl::open_result(files[0]);
    const tl::DataTable data = tl::load_data_table(file, table);
    const auto groups = tl::group_rows(data, tl::split_list(by), tl::filter_rows(data, filters));
    if (groups.empty()) throw tl::UsageError("no rows match the --where filters");

    std::vector<Line> lines;
    std::string x_unit, y_unit;
    if (hist) {
      const tl::Column& c = data.column(x);
      const auto values = tl::numeric_values(c);
      x_unit = c.unit;
      double lo = std::numeric_limits<double>::infinity(), hi = -lo;
      for (const auto& group : groups)
        for (std::size_t r : group.second)
          if (std::isfinite(values[r]) && (!logx || values[r] > 0)) {
            const double t = logx ? std::log(values[r]) : values[r];
            lo = std::min(lo, t), hi = std::max(hi, t);
          }
      if (!(lo <= hi)) throw tl::UsageError("no finite" + std::string(logx ? " positive" : "") + " values of '" + x + "' to histogram");
      if (hi == lo) lo -= 0.5, hi += 0.5;
      for (const auto& [label, rows] : groups) {
        std::vector<double> v;
        for (std::size_t r : rows) v.push_back(values[r]);
        lines.push_back(histogram(label, v, bins, logx, lo, hi));
      }
    } else if (series) {
      std::size_t rows_without_series = 0;
      for (const auto& [label, rows] : groups)
        for (std::size_t r : rows)
          for (const auto& y : y_names) {
            Line l;
            const auto names = file.series_names(r);
            if (std::find(names.begin(), names.end(), y) == names.end() ||
                (x != "index" && std::find(names.begin(), names.end(), x) == names.end())) {
              ++rows_without_series;  // e.g. a not-applicable point: no curve to draw
              continue;
            }
            const tl::Series sy = file.series(r, y);
            if (sy.cols > 1) throw tl::UsageError("series '" + y + "' is 2-D (" + std::to_string(sy.rows) + "×" + std::to_string(sy.cols) + "); tl-plot draws 1-D series");
            l.y = sy.data;
            y_unit = sy.unit;
            if (x == "index") {
              for (std::size_t i = 0; i < l.y.size(); ++i) l.x.push_back(static_cast<double>(i));
            } else {
              const tl::Series sx = file.series(r, x);
              l.x = sx.data;
              x_unit = sx.unit;
              if (l.x.size() != l.y.size())
                throw tl::UsageError("series '" + x + "' and '" + y + "' of row " + std::to_string(r) + " differ in length");
            }
            std::string name = label.empty() ? "row " + std::to_string(r) : label;
            if (groups.size() == 1 && rows.size() > 1 && !label.empty()) name += ", row " + std::to_string(r);
            l.label = y_names.size() > 1 ? y + " (" + name + ")" : name;
            lines.push_back(l);
          }
      if (lines.empty()) {
        const auto names = file.series_names(groups.front().second.front());
        std::string list;
        for (const auto& n : names) list += " " + n;
        throw tl::UsageError("no selected row has the series '" + ys + "'" + (x == "index" ? "" : " and '" + x + "'") +
                             "; series of row " + std::to_string(groups.front().second.front()) + ":" + (list.empty() ? " (none)" : list));
      }
      if (rows_without_series) std::cerr << "tl-plot: " << rows_without_series << " selected row(s) have no such series; left out\n";
    } else {
      const tl::Column& cx = data.column(x);
      const auto xv = tl::numeric_values(cx);
      x_unit = cx.unit;
      for (const auto& y : y_names) {
        const tl::Column& cy = data.column(y);
        const auto yv = tl::numeric_values(cy);
        y_unit = y == y_names.front() || cy.unit == y_unit ? cy.unit : "";  // a unit the y columns share
        for (const auto& [label, rows] : groups) {
          Line l;
          l.label = y_names.size() > 1 ? (label.empty() ? y : y + " (" + label + ")") : label;
          std::vector<std::size_t> order = rows;
          std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return xv[a] < xv[b]; });
          for (std::size_t r : order) l.x.push_back(xv[r]), l.y.push_back(yv[r]);
          lines.push_back(l);
        }
      }
    }
    for (Line& l : lines) clean(l, logx, logy, drop);

    // The script: data as datablocks, one plot element per line (+ its fit).
    std::ostringstream gp;
    bool ok = false;
    run_gnuplot(gnuplot, "set terminal pngcairo\n", ok);
    const std::string terminal = ok ? "pngcairo" : "png";
    if (out.empty())
      out = fs::path(files[0]).stem().string() + "-" + (hist ? "hist" : tl::split_list(ys).front()) + "-vs-" + x + ".png";
    const std::string experiment = file.attribute("experiment");
    if (title.empty())
      title = experiment + (table.empty() ? "" : " / " + table) + ": " + (hist ? "histogram of " + x : ys + " vs " + x);
    gp << "set terminal " << terminal << " size " << width << "," << height << (terminal == "pngcairo" ? " font 'Sans,10'" : "") << "\n"
       << "set termoption noenhanced\nset output " << gp_text(out) << "\n"
       << "set title " << gp_text(title + "\n" + fs::path(file.path()).filename().string() + "  (git " + file.attribute("git_commit") +
                                   (file.attribute("preset").empty() ? "" : ", preset " + file.attribute("preset")) + ")")
       << "\n"
       << "set xlabel " << gp_text(!xlabel.empty() ? xlabel : axis_label(x, x_unit)) << "\n"
       << "set ylabel "
       << gp_text(!ylabel.empty() ? ylabel : hist ? "count" : axis_label(y_names.size() == 1 ? y_names[0] : "value", y_unit)) << "\n"
       << "set grid\nset key below\n";
    if (logx) gp << "set logscale x\nset format x '%g'\n";
    if (logy) gp << "set logscale y\nset format y '%g'\n";
    if (hist) gp << "set style fill transparent solid 0.35 border\n";
    std::vector<std::string> elements;
    for (std::size_t k = 0; k < lines.size(); ++k) {
      const Line& l = lines[k];
      if (l.x.empty()) continue;
      gp << "$d" << k << " << EOD\n";
      for (std::size_t i = 0; i < l.x.size(); ++i)
        gp << tl::format_number(l.x[i]) << ' ' << tl::format_number(l.y[i]) << (l.boxes ? ' ' + tl::format_number(l.width[i]) : "") << "\n";
      gp << "EOD\n";
      const std::string name = l.label.empty() ? (y_names.empty() ? x : y_names[0]) : l.label;
      const int style = static_cast<int>(k % 8) + 1;
      if (l.boxes) elements.push_back("$d" + std::to_string(k) + " using 1:2:3 with boxes lt " + std::to_string(style) + " title " + gp_text(name));
      else
        elements.push_back("$d" + std::to_string(k) + " using 1:2 with " + (l.x.size() <= 60 ? "linespoints" : "lines") + " lt " +
                           std::to_string(style) + " pt 7 ps 0.6 lw 1.2 title " + gp_text(name));
      if (fit) {
        std::vector<double> fx, fy;
        for (std::size_t i = 0; i < l.x.size(); ++i)
          if (fit_window.contains(l.x[i])) fx.push_back(l.x[i]), fy.push_back(l.y[i]);
        const std::string where_text = l.label.empty() ? "" : " in '" + l.label + "'";
        if (fx.size() < 3)
          throw tl::UsageError("--fit needs at least 3 usable points" + where_text + ", found " + std::to_string(fx.size()) +
                               " (window " + fit_window.text() + ")");
        for (std::size_t i = 0; i < fx.size(); ++i)
          if (fx[i] <= 0 || fy[i] <= 0)
            throw tl::UsageError("--fit: non-positive value on a log axis" + where_text + " (x = " + tl::format_number(fx[i]) +
                                 ", y = " + tl::format_number(fy[i]) + "); narrow it with --window or --where");
        const tl::PowerLawFit f = tl::fit_power_law(fx, fy);
        const double lo = *std::min_element(fx.begin(), fx.end()), hi = *std::max_element(fx.begin(), fx.end());
        gp << "$f" << k << " << EOD\n";
        for (int i = 0; i <= 60; ++i) {
          const double t = lo * std::pow(hi / lo, i / 60.0);
          gp << tl::format_number(t) << ' ' << tl::format_number(f.prefactor * std::pow(t, f.exponent)) << "\n";
        }
        gp << "EOD\n";
        elements.push_back("$f" + std::to_string(k) + " using 1:2 with lines lt " + std::to_string(style) + " dt 2 lw 1.5 title " +
                           gp_text("fit: exponent " + tl::short_number(f.exponent, 3) + " ± " + tl::short_number(f.exponent_se, 2) +
                                   " (R² " + tl::short_number(f.r_squared, 3) + ")"));
      }
    }
    if (elements.empty()) throw tl::UsageError("nothing to plot: every point was NaN or left out");
    if (!curves.empty()) {
      double lo = std::numeric_limits<double>::infinity(), hi = -lo;
      for (const Line& l : lines)
        for (double v : l.x) lo = std::min(lo, v), hi = std::max(hi, v);
      for (std::size_t c = 0; c < curves.size(); ++c) {
        if (curves[c].find_first_of("\n;\"'`") != std::string::npos)
          throw tl::UsageError("--curve takes one gnuplot expression in x, got '" + curves[c] + "'");
        // Sampled on the data's x range (log-spaced on a log axis) like the fits.
        gp << "set table $c" << c << "\nset samples 200\nplot [" << tl::format_number(lo) << ":" << tl::format_number(hi) << "] " << curves[c]
           << "\nunset table\n";
        const std::string name = c < curve_titles.size() ? curve_titles[c] : "y = " + curves[c];
        elements.push_back("$c" + std::to_string(c) + " using 1:2 with lines lc rgb '" + (c % 2 ? "gray40" : "black") + "' dt " +
                           std::to_string(3 + c % 3) + " lw 1.5 title " + gp_text(name));
      }
    }
    gp << "plot ";
    for (std::size_t i = 0; i < elements.size(); ++i) gp << (i ? ", \\\n     " : "") << elements[i];
    gp << "\nunset output\n";
    std::error_code ec;
    fs::remove(out, ec);
    const std::string messages = run_gnuplot(gnuplot, gp.str(), ok);
    if (!ok || !fs::exists(out) || fs::file_size(out) == 0) {
      std::string first = messages.substr(0, messages.find('\n', messages.find_first_not_of(" \n")));
      throw tl::UsageError("gnuplot failed to write '" + out + "': " + (first.empty() ? "no output" : first));
    }
    std::cout << out << (terminal == "png" ? "  (gnuplot has no pngcairo: used the png terminal)" : "") << "\n";
    return 0;
  });
}
