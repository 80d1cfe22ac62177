// tl-fit: the power-law fit of lib/math (fit_power_law, fit_offset_power_law) on any two
// columns of a result file's /table or of one of its /summary tables.
#include <algorithm>
#include <cmath>
#include <iostream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "theorylab/math/power_law_fit.hpp"
#include "theorylab/report/grid.hpp"
#include "theorylab/report/result_data.hpp"
#include "theorylab/report/tool_main.hpp"

namespace po = boost::program_options;

namespace {

const char* kHelp =
    "usage: tl-fit FILE --x COL --y COL [options]\n"
    "\n"
    "Fits a power law to two columns of a theorylab result file (lib/math's fits).\n"
    "  --x COL, --y COL      the columns (of /table, or of --table NAME)\n"
    "  --table NAME          read a /summary table instead of /table\n"
    "  --where COL=VAL       keep rows whose COL equals VAL (repeatable)\n"
    "  --by COL[,COL]        one fit per group of these columns' values\n"
    "  --window LO:HI        keep points with LO <= x <= HI (either side may be empty)\n"
    "  --model power|offset  power: y = A x^b, OLS in log-log (default)\n"
    "                        offset: y = E + A x^(-beta), variable projection\n"
    "  --bootstrap K         percentile bootstrap CI over points with K resamples\n"
    "                        (offset model: default 200)\n"
    "  --confidence C        level of the intervals (default 0.95)\n"
    "  --x-shift S           power model on log(x + S) (default 0)\n"
    "  --seed S              bootstrap seed (default 1)\n"
    "  --format F            text (default), md, csv, tsv: csv/tsv/md give one row per fit\n"
    "\n"
    "Rows where x or y is NaN are skipped (and counted). Exit status 2, with one line on\n"
    "stderr, for a bad file, an unknown column (the message lists them), fewer than 3 usable\n"
    "points (4 for the offset model), or a non-positive value on a log axis.\n";

struct Options {
  std::string file, x, y, table, model = "power";
  std::vector<tl::RowFilter> where;
  std::vector<std::string> by;
  tl::Window window;
  int bootstrap = -1;
  double confidence = 0.95, x_shift = 0;
  std::uint64_t seed = 1;
};

struct FitPoints {
  std::vector<double> x, y;
  std::size_t dropped_nan = 0, outside_window = 0;
};

FitPoints usable_points(const Options& o, const std::vector<double>& xs, const std::vector<double>& ys,
                        const std::vector<std::size_t>& rows, const std::string& group) {
  FitPoints p;
  std::size_t nonpositive = 0;
  std::string example;
  for (std::size_t r : rows) {
    if (!std::isfinite(xs[r]) || !std::isfinite(ys[r])) {
      ++p.dropped_nan;
      continue;
    }
    if (!o.window.contains(xs[r])) {
      ++p.outside_window;
      continue;
    }
    const bool bad_x = o.model == "power" ? xs[r] + o.x_shift <= 0 : xs[r] <= 0;
    if (bad_x || ys[r] <= 0) {
      if (nonpositive++ == 0)
        example = "row " + std::to_string(r) + ": " + o.x + "=" + tl::format_number(xs[r]) + ", " + o.y + "=" + tl::format_number(ys[r]);
      continue;
    }
    p.x.push_back(xs[r]);
    p.y.push_back(ys[r]);
  }
  const std::string where = group.empty() ? "" : " (group " + group + ")";
  if (nonpositive)
    throw tl::UsageError(std::to_string(nonpositive) + " point(s) with a non-positive value on a log axis" + where +
                         ", first " + example + "; restrict them with --window or --where");
  const std::size_t needed = o.model == "offset" ? 4 : 3;
  if (p.x.size() < needed)
    throw tl::UsageError("fewer than " + std::to_string(needed) + " usable points" + where + ": " + std::to_string(p.x.size()) +
                         " left of " + std::to_string(rows.size()) + " rows (" + std::to_string(p.dropped_nan) + " NaN, " +
                         std::to_string(p.outside_window) + " outside the window " + o.window.text() + ")");
  return p;
}

// Exact (round-trip) numbers for csv/tsv, 6 significant digits for people.
bool g_exact = false;
std::string num(double v) { return g_exact ? tl::format_number(v) : tl::short_number(v, 6); }

}  // namespace

int main(int argc, char** argv) {
  return tl::tool_main("tl-fit", [&] {
    po::options_description visible;
    std::vector<std::string> where;
    std::string window, by, format = "text";
    visible.add_options()("help,h", "")("x", po::value<std::string>(), "")("y", po::value<std::string>(), "")(
        "table", po::value<std::string>(), "")("where", po::value<std::vector<std::string>>(&where), "")(
        "by", po::value<std::string>(&by), "")("window", po::value<std::string>(&window), "")(
        "model", po::value<std::string>(), "")("bootstrap", po::value<int>(), "")("confidence", po::value<double>(), "")(
        "x-shift", po::value<double>(), "")("seed", po::value<std::uint64_t>(), "")("format", po::value<std::string>(&format), "");
    po::variables_map vm;
    const auto files = tl::parse_tool_arguments(argc, argv, visible, vm);
    if (vm.count("help")) {
      std::cout << kHelp;
      return 0;
    }
    Options o;
    if (files.size() != 1) throw tl::UsageError("expected exactly one FILE (tl-fit --help)");
    if (!vm.count("x") || !vm.count("y")) throw tl::UsageError("--x COL and --y COL are required (tl-fit --help)");
    o.file = files[0];
    o.x = vm["x"].as<std::string>();
    o.y = vm["y"].as<std::string>();
    if (vm.count("table")) o.table = vm["table"].as<std::string>();
    if (vm.count("model")) o.model = vm["model"].as<std::string>();
    if (o.model != "power" && o.model != "offset") throw tl::UsageError("--model must be power or offset, got '" + o.model + "'");
    for (const auto& w : where) o.where.push_back(tl::parse_filter(w));
    o.by = tl::split_list(by);
    if (!window.empty()) o.window = tl::parse_window(window);
    if (vm.count("bootstrap")) o.bootstrap = vm["bootstrap"].as<int>();
    if (vm.count("bootstrap") && (o.bootstrap < 0 || o.bootstrap > 100000))
      throw tl::UsageError("--bootstrap must be in [0, 100000], got " + std::to_string(o.bootstrap));
    if (vm.count("confidence")) o.confidence = vm["confidence"].as<double>();
    if (!(o.confidence > 0 && o.confidence < 1)) throw tl::UsageError("--confidence must be in (0, 1), got " + num(o.confidence));
    if (vm.count("x-shift")) o.x_shift = vm["x-shift"].as<double>();
    if (vm.count("seed")) o.seed = vm["seed"].as<std::uint64_t>();
    const tl::GridFormat fmt = tl::parse_grid_format(
        format, {tl::GridFormat::Text, tl::GridFormat::Markdown, tl::GridFormat::Csv, tl::GridFormat::Tsv});

    g_exact = fmt == tl::GridFormat::Csv || fmt == tl::GridFormat::Tsv;
    const tl::ResultFile file = tl::open_result(o.file);
    const tl::DataTable table = tl::load_data_table(file, o.table);
    const std::vector<double> xs = tl::numeric_values(table.column(o.x)), ys = tl::numeric_values(table.column(o.y));
    const auto groups = tl::group_rows(table, o.by, tl::filter_rows(table, o.where));
    if (groups.empty()) throw tl::UsageError("no rows match the --where filters");

    const bool power = o.model == "power";
    tl::Grid grid;
    grid.caption = (power ? "y = A x^b" : "y = E + A x^(-beta)") + std::string(" of ") + o.y + " on " + o.x + " — " + tl::provenance_line(file);
    grid.headers = {"group", "points", "window"};
    if (power)
      for (const char* h : {"exponent", "exponent_se", "exponent_lo", "exponent_hi", "prefactor", "r_squared"}) grid.headers.push_back(h);
    else
      for (const char* h : {"decay", "offset", "amplitude", "rms_relative_residual", "decay_lo", "decay_hi", "offset_lo", "offset_hi"})
        grid.headers.push_back(h);
    for (const char* h : {"bootstrap_lo", "bootstrap_hi", "bootstrap_resamples", "bootstrap_failures", "confidence"}) grid.headers.push_back(h);
    grid.right_aligned.assign(grid.headers.size(), true);
    grid.right_aligned[0] = false;

    for (const auto& [label, rows] : groups) {
      const FitPoints p = usable_points(o, xs, ys, rows, label);
      const std::string window_text = num(*std::min_element(p.x.begin(), p.x.end())) + ":" + num(*std::max_element(p.x.begin(), p.x.end()));
      std::vector<std::string> cells{label.empty() ? "all" : label, std::to_string(p.x.size()), window_text};
      tl::BootstrapInterval boot;
      if (power) {
        const tl::PowerLawFit f = tl::fit_power_law(p.x, p.y, o.confidence, o.x_shift);
        for (double v : {f.exponent, f.exponent_se, f.exponent_lo, f.exponent_hi, f.prefactor, f.r_squared}) cells.push_back(num(v));
        if (o.bootstrap > 0) {
          boot = tl::bootstrap_interval(
              p.x.size(),
              [&](const std::vector<std::size_t>& idx) {
                std::vector<double> bx, by;
                for (std::size_t i : idx) bx.push_back(p.x[i]), by.push_back(p.y[i]);
                return tl::fit_power_law(bx, by, o.confidence, o.x_shift).exponent;
              },
              o.bootstrap, o.confidence, o.seed);
        }
        if (fmt == tl::GridFormat::Text) {
          std::cout << "power law y = A x^b of '" << o.y << "' on '" << o.x << "'" << (label.empty() ? "" : " [" + label + "]") << "\n"
                    << "  file        " << tl::provenance_line(file) << "\n"
                    << "  points      " << p.x.size() << " (dropped: " << p.dropped_nan << " NaN, " << p.outside_window
                    << " outside the window " << o.window.text() << "), x in [" << window_text << "]\n"
                    << "  exponent b  " << num(f.exponent) << " ± " << num(f.exponent_se) << " (SE); " << o.confidence * 100
                    << "% CI [" << num(f.exponent_lo) << ", " << num(f.exponent_hi) << "]\n";
          if (o.bootstrap > 0)
            std::cout << "  bootstrap   " << o.confidence * 100 << "% CI [" << num(boot.lo) << ", " << num(boot.hi) << "] from "
                      << boot.resamples << " resamples (" << boot.failures << " failed)\n";
          std::cout << "  prefactor A " << num(f.prefactor) << "\n  R²          " << num(f.r_squared) << "\n";
        }
      } else {
        tl::OffsetFitOptions fo;
        fo.resamples = o.bootstrap >= 0 ? o.bootstrap : 200;
        fo.confidence = o.confidence;
        fo.seed = o.seed;
        const tl::OffsetPowerLawFit f = tl::fit_offset_power_law(p.x, p.y, fo);
        for (double v : {f.decay, f.offset, f.amplitude, f.rms_relative_residual, f.decay_lo, f.decay_hi, f.offset_lo, f.offset_hi})
          cells.push_back(num(v));
        boot.lo = f.decay_lo, boot.hi = f.decay_hi, boot.resamples = f.resamples, boot.failures = f.failures;
        if (fmt == tl::GridFormat::Text)
          std::cout << "offset power law y = E + A x^(-beta) of '" << o.y << "' on '" << o.x << "'"
                    << (label.empty() ? "" : " [" + label + "]") << "\n"
                    << "  file        " << tl::provenance_line(file) << "\n"
                    << "  points      " << p.x.size() << " (dropped: " << p.dropped_nan << " NaN, " << p.outside_window
                    << " outside the window " << o.window.text() << "), x in [" << window_text << "]\n"
                    << "  decay beta  " << num(f.decay) << "; bootstrap " << o.confidence * 100 << "% CI [" << num(f.decay_lo) << ", "
                    << num(f.decay_hi) << "] from " << f.resamples << " resamples (" << f.failures << " failed)\n"
                    << "  offset E    " << num(f.offset) << "; CI [" << num(f.offset_lo) << ", " << num(f.offset_hi) << "]\n"
                    << "  amplitude A " << num(f.amplitude) << "\n  rms relative residual " << num(f.rms_relative_residual) << "\n";
      }
      const bool have_boot = boot.resamples > 0;
      cells.push_back(have_boot ? num(boot.lo) : "");
      cells.push_back(have_boot ? num(boot.hi) : "");
      cells.push_back(std::to_string(boot.resamples));
      cells.push_back(std::to_string(boot.failures));
      cells.push_back(num(o.confidence));
      grid.add_row(cells);
    }
    if (fmt != tl::GridFormat::Text) {
      if (fmt == tl::GridFormat::Csv || fmt == tl::GridFormat::Tsv) grid.caption.clear();
      tl::write_grid(std::cout, grid, fmt);
    }
    return 0;
  });
}
