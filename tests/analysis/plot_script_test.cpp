// lib/report/plot.hpp without gnuplot: the replicate statistics (Student t), and the
// script a figure becomes: error bars instead of vertical joins, legend names, theory
// lines, the fit window.
#include <catch2/catch.hpp>

#include <cmath>

#include "support/gnuplot_script.hpp"
#include "theorylab/core/error.hpp"
#include "theorylab/report/plot.hpp"

using tl::testing::parse_script;
using tl::testing::vertical_joins;

TEST_CASE("stats_by_x: mean and the 95% Student-t interval per x", "[plot]") {
  // x = 1: {1, 2, 3}: mean 2, s = 1, t(0.975, 2 dof) = 4.303 (any t table); x = 2: one value.
  const auto s = tl::stats_by_x({2, 1, 1, 1, 5, NAN}, {7, 1, 2, 3, NAN, 4});
  REQUIRE(s.size() == 2);
  CHECK(s[0].x == 1);
  CHECK(s[0].n == 3);
  CHECK(s[0].mean == Approx(2));
  CHECK(s[0].hi - s[0].mean == Approx(4.3027 / std::sqrt(3.0)).epsilon(1e-4));
  CHECK(s[0].mean - s[0].lo == Approx(s[0].hi - s[0].mean));
  CHECK(s[1].x == 2);
  CHECK(s[1].n == 1);
  CHECK(s[1].lo == 7);
  CHECK(s[1].hi == 7);
  // Ten values: t(0.975, 9) = 2.262.
  std::vector<double> ten;
  for (int i = 0; i < 10; ++i) ten.push_back(i);
  const tl::XStat m = tl::mean_interval(ten);
  const double sd = std::sqrt(82.5 / 9);  // sum of squares about 4.5 is 82.5
  CHECK(m.hi - m.mean == Approx(2.2622 * sd / std::sqrt(10.0)).epsilon(1e-4));
  CHECK(std::isnan(tl::mean_interval({}).mean));
}

TEST_CASE("gnuplot_script: error bars, legend names, theory lines, fit window", "[plot]") {
  tl::PlotLine a;
  a.label = "d=128";
  a.mark = tl::Mark::ErrorBars;
  a.x = {1, 10, 100}, a.y = {1, 0.5, 0.25}, a.lo = {0.9, 0.4, 0.2}, a.hi = {1.1, 0.6, 0.3};
  tl::PlotLine b = a;
  b.label = "d=\"64\"";  // quotes are escaped
  b.style = 1;
  tl::PlotOptions o;
  o.output = "/tmp/x.png";
  o.logx = o.logy = true;
  o.theory = {{"x**-0.4", "theory: N^-0.4"}, {"2*x", ""}};
  o.fit_window = std::make_pair(5.0, 1e9);
  o.fit_window_label = "fit window: x in [10, 100]";
  const std::string script = tl::gnuplot_script({a, b}, o);
  const auto p = parse_script(script);
  CHECK(vertical_joins(p).empty());
  std::map<std::string, std::string> titled;  // title -> style
  for (const auto& e : p.elements)
    if (!e.title.empty()) titled[e.title] = e.with;
  CHECK(titled["d=128"] == "yerrorbars");
  CHECK(titled["d=\"64\""] == "yerrorbars");
  CHECK(titled["theory: N^-0.4"] == "lines");
  CHECK(titled["theory: y = 2*x"] == "lines");
  CHECK(titled.count("fit window: x in [10, 100]") == 1);
  REQUIRE(p.blocks.at("$d0").size() == 3);
  CHECK(p.blocks.at("$d0")[1] == std::vector<double>{10, 0.5, 0.4, 0.6});
  // The window is clipped to the data's x range (an open window does not stretch the axis).
  CHECK(script.find("rectangle from 5, graph 0 to 100, graph 1") != std::string::npos);
  CHECK(script.find("set logscale x") < script.find("set table $t0"));  // log-spaced samples
  CHECK(script.find("set terminal pngcairo size 800,560") == 0);

  // Raw replicates joined by a line would be vertical strokes: the checker sees them.
  tl::PlotLine zig;
  zig.mark = tl::Mark::LinesPoints;
  zig.x = {1, 1, 2}, zig.y = {1, 2, 3};
  CHECK(vertical_joins(parse_script(tl::gnuplot_script({zig}, o))) == std::vector<std::string>{"$d0"});

  o.terminal = "pdfcairo";
  CHECK(tl::gnuplot_script({a}, o).find("set terminal pdfcairo size 8in,5.6in") == 0);
  o.terminal = "svg";
  CHECK(tl::gnuplot_script({a}, o).find("set terminal svg size 800,560") == 0);
  o.terminal = "gif";
  CHECK_THROWS_AS(tl::gnuplot_script({a}, o), tl::UsageError);
  o.terminal = "svg";
  o.theory = {{"system(\"rm x\")", ""}};
  CHECK_THROWS_AS(tl::gnuplot_script({a}, o), tl::UsageError);
  o.theory.clear();
  tl::PlotLine empty;
  CHECK_THROWS_WITH(tl::gnuplot_script({empty}, o), Catch::Contains("nothing to plot"));
}

TEST_CASE("wrap_words: lines of at most N characters, broken at spaces", "[plot]") {
  CHECK(tl::wrap_words("", 10) == std::vector<std::string>{""});
  CHECK(tl::wrap_words("one two three", 7) == std::vector<std::string>{"one two", "three"});
  CHECK(tl::wrap_words("one two three", 100) == std::vector<std::string>{"one two three"});
  CHECK(tl::wrap_words("averyveryverylongword x", 5) == std::vector<std::string>{"averyveryverylongword", "x"});
  // UTF-8 characters count once: "± R²" is 4 characters, not 6 bytes.
  CHECK(tl::wrap_words("a ± R² b", 6) == std::vector<std::string>{"a ± R²", "b"});
}

TEST_CASE("gnuplot_script fits the title and the legend to the canvas", "[plot]") {
  tl::PlotLine a;
  a.label = "alpha=0.4";
  a.mark = tl::Mark::ErrorBars;
  a.x = {1, 10, 100}, a.y = {1, 0.5, 0.25}, a.lo = {0.9, 0.4, 0.2}, a.hi = {1.1, 0.6, 0.3};
  tl::PlotOptions o;
  o.output = "/tmp/x.png";
  o.width = 640, o.height = 420;
  const std::string long_title =
      "quantization model at this T and window: N^-0.674 (claim alpha_n_finite_t_a04: FAIL), drawn through the window's centre";
  o.theory = {{"x**-0.4", long_title}};
  o.title = "B1: loss against parameters N at alpha = 0.4; claim window fit: alpha_N = 0.94, 95% CI [0.82, 1.06]\nfile.h5";
  const std::string script = tl::gnuplot_script({a}, o);
  const auto p = parse_script(script);
  const std::size_t across = tl::characters_across(o);
  // Every legend line fits beside the left margin and the sample; the long entry is
  // continued on entries without a sample, in order, and says all it said.
  std::string joined;
  bool in_theory = false;
  for (const auto& e : p.elements) {
    if (e.title.empty()) continue;
    CHECK(e.title.size() <= across - 18);
    if (e.block == "$t0") in_theory = true, joined = e.title;
    else if (in_theory && e.block == "keyentry") joined += " " + e.title;
    else in_theory = false;
  }
  CHECK(joined == long_title);
  CHECK(script.find("keyentry with lines lt nodraw title") != std::string::npos);
  // The title's long line is wrapped; its explicit line break is kept.
  const auto at = script.find("set title \"");
  REQUIRE(at != std::string::npos);
  const std::string title = script.substr(at + 11, script.find('\n', at) - at - 12);
  std::vector<std::string> lines;
  for (std::size_t start = 0;;) {
    const auto end = title.find("\\n", start);
    lines.push_back(title.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 2;
  }
  for (const auto& line : lines) CHECK(line.size() <= across);
  CHECK(lines.size() == 3);
  CHECK(lines.back() == "file.h5");
  // A wider canvas needs no continuation.
  o.width = 2000;
  CHECK(tl::gnuplot_script({a}, o).find("keyentry with lines lt nodraw") == std::string::npos);
}
