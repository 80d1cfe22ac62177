#include "theorylab/report/plot.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <sstream>

#include <boost/math/distributions/students_t.hpp>

#include "theorylab/core/claim.hpp"
#include "theorylab/core/error.hpp"

namespace tl {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kColours = 8;  // gnuplot's default line types 1..8
const char* kWindowColour = "#e8e8e8";
const int kTheoryDash[3] = {4, 5, 3};  // dash-dot, dash-dot-dot, dotted: unlike the fits' dashes (2)

std::string num(double v) { return std::isfinite(v) ? format_number(v) : std::string("NaN"); }

bool is_pdf(const std::string& terminal) { return terminal == "pdfcairo"; }

std::string terminal_line(const PlotOptions& o) {
  std::ostringstream t;
  const std::string font = "'Sans," + format_number(o.font_points) + "'";
  if (is_pdf(o.terminal)) {
    t << "set terminal pdfcairo size " << format_number(o.width / 100.0) << "in," << format_number(o.height / 100.0)
      << "in font " << font;
  } else if (o.terminal == "svg") {
    t << "set terminal svg size " << o.width << "," << o.height << " fixed font " << font << " background rgb 'white'";
  } else if (o.terminal == "png") {
    t << "set terminal png size " << o.width << "," << o.height;
  } else if (o.terminal == "pngcairo") {
    t << "set terminal pngcairo size " << o.width << "," << o.height << " font " << font;
  } else {
    throw UsageError("unknown gnuplot terminal '" + o.terminal + "' (pngcairo, png, svg, pdfcairo)");
  }
  return t.str();
}

std::string lt(int style) { return "lt " + std::to_string(style % kColours + 1); }

// The datablock of a line: x y [lo hi | width], one point a line.
void write_block(std::ostream& gp, const std::string& name, const PlotLine& l) {
  gp << name << " << EOD\n";
  for (std::size_t i = 0; i < l.x.size(); ++i) {
    gp << num(l.x[i]) << ' ' << num(l.y[i]);
    if (l.mark == Mark::ErrorBars || l.mark == Mark::Band) gp << ' ' << num(l.lo[i]) << ' ' << num(l.hi[i]);
    if (l.mark == Mark::Boxes) gp << ' ' << num(l.width[i]);
    gp << "\n";
  }
  gp << "EOD\n";
}

// One element of the plot command: its specification and its legend entry (none when
// `titled` is false).
struct Element {
  std::string spec, title;
  bool titled = true;
};

// The plot elements of one line (its datablock is `name`).
std::vector<Element> elements_of(const std::string& name, const PlotLine& l) {
  const std::string dash = l.dashed ? " dt 2" : "";
  switch (l.mark) {
    case Mark::Boxes:
      return {{name + " using 1:2:3 with boxes " + lt(l.style), l.label}};
    case Mark::Points:
      return {{name + " using 1:2 with points " + lt(l.style) + " pt 7 ps 0.5", l.label}};
    case Mark::Lines:
      return {{name + " using 1:2 with lines " + lt(l.style) + dash + " lw 1.5", l.label}};
    case Mark::LinesPoints:
      return {{name + " using 1:2 with linespoints " + lt(l.style) + dash + " pt 7 ps 0.6 lw 1.2", l.label}};
    case Mark::ErrorBars:  // the means joined (no title), then the bars with the legend entry
      return {{name + " using 1:2 with lines " + lt(l.style) + " lw 1.2", "", false},
              {name + " using 1:2:3:4 with yerrorbars " + lt(l.style) + " pt 7 ps 0.6 lw 1.2", l.label}};
    case Mark::Band:
      return {{name + " using 1:3:4 with filledcurves " + lt(l.style) + " fs transparent solid 0.2 noborder", "", false},
              {name + " using 1:2 with lines " + lt(l.style) + " lw 1.5", l.label}};
  }
  return {};
}

// The plot command's elements as text: a legend entry too wide for the legend becomes
// its first line, and each further line an entry without a sample just below it.
std::vector<std::string> plot_elements(const std::vector<Element>& elements, std::size_t key_chars) {
  std::vector<std::string> out;
  for (const Element& e : elements) {
    if (!e.titled) {
      out.push_back(e.spec + " notitle");
      continue;
    }
    const auto lines = wrap_words(e.title, key_chars);
    out.push_back(e.spec + " title " + gnuplot_text(lines.front()));
    for (std::size_t i = 1; i < lines.size(); ++i)
      out.push_back("keyentry with lines lt nodraw title " + gnuplot_text(lines[i]));
  }
  return out;
}

// The title with each of its lines wrapped to the canvas.
std::string wrapped_title(const std::string& title, const PlotOptions& o) {
  const std::size_t chars = characters_across(o) > 4 ? characters_across(o) - 2 : characters_across(o);
  std::string out, line;
  std::istringstream in(title);
  while (std::getline(in, line))
    for (const std::string& part : wrap_words(line, chars)) out += (out.empty() ? "" : "\n") + part;
  return out;
}

void check_line(const PlotLine& l) {
  const std::size_t n = l.x.size();
  const bool intervals = l.mark == Mark::ErrorBars || l.mark == Mark::Band;
  if (l.y.size() != n || (intervals && (l.lo.size() != n || l.hi.size() != n)) || (l.mark == Mark::Boxes && l.width.size() != n))
    throw std::logic_error("plot line '" + l.label + "': columns of different lengths");
}

}  // namespace

std::string gnuplot_text(const std::string& s) {
  std::string q = "\"";
  for (char c : s) {
    if (c == '\n') {
      q += "\\n";
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

void check_theory_expression(const std::string& e) {
  if (e.empty() || e.find_first_of("\n;\"'`$") != std::string::npos || e.find("system") != std::string::npos)
    throw UsageError("--theory takes one gnuplot expression in x (no quotes, ';', '$' or backquotes), got '" + e + "'");
}

std::string gnuplot_script(const std::vector<PlotLine>& lines, const PlotOptions& o) {
  std::ostringstream gp;
  gp << terminal_line(o) << "\n"
     << "set termoption noenhanced\n"
     << "set output " << gnuplot_text(o.output) << "\n";
  if (!o.title.empty()) gp << "set title " << gnuplot_text(wrapped_title(o.title, o)) << "\n";
  gp << "set xlabel " << gnuplot_text(o.xlabel) << "\n"
     << "set ylabel " << gnuplot_text(o.ylabel) << "\n"
     << "set grid lc rgb '#d0d0d0'\n"
     // Below the axes, entries left-aligned after their samples, as many columns as fit
     // (entries are wrapped to fit one: plot_elements), one line higher than gnuplot makes
     // it (else the x label overlaps its first line); a right margin for the last x tick.
     << "set key below left Left reverse vertical samplen 3 height 1\nset rmargin 4\n";
  if (o.logx) gp << "set logscale x\nset format x '%g'\n";
  if (o.logy) gp << "set logscale y\nset format y '%g'\n";
  if (std::any_of(lines.begin(), lines.end(), [](const PlotLine& l) { return l.mark == Mark::Boxes; }))
    gp << "set style fill transparent solid 0.35 border\n";

  std::vector<Element> elements;
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (std::size_t k = 0; k < lines.size(); ++k) {
    const PlotLine& l = lines[k];
    check_line(l);
    if (l.x.empty()) continue;
    const std::string name = "$d" + std::to_string(k);
    write_block(gp, name, l);
    for (const Element& e : elements_of(name, l)) elements.push_back(e);
    for (double v : l.x)
      if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  }
  if (elements.empty()) throw UsageError("nothing to plot: every point was NaN or left out");

  if (o.fit_window) {
    // Clipped to the data so that an open window (a:) does not stretch the axis.
    const double a = std::max(o.fit_window->first, lo), b = std::min(o.fit_window->second, hi);
    gp << "set object 1 rectangle from " << num(a) << ", graph 0 to " << num(b) << ", graph 1 behind fillcolor rgb '"
       << kWindowColour << "' fillstyle solid 1.0 noborder\n";
    elements.insert(elements.begin(), Element{"keyentry with boxes fillcolor rgb '" + std::string(kWindowColour) +
                                                  "' fillstyle solid 1.0 noborder",
                                              o.fit_window_label});
  }
  for (std::size_t c = 0; c < o.theory.size(); ++c) {
    const TheoryCurve& t = o.theory[c];
    check_theory_expression(t.expression);
    // Sampled over the data's x range (log-spaced on a log axis, as the axis is set).
    gp << "set table $t" << c << "\nset samples 200\nplot [" << num(lo) << ":" << num(hi) << "] " << t.expression
       << "\nunset table\n";
    const std::string title = t.title.empty() ? "theory: y = " + t.expression : t.title;
    elements.push_back({"$t" + std::to_string(c) + " using 1:2 with lines lc rgb '" + (c % 2 ? "#555555" : "black") + "' dt " +
                            std::to_string(kTheoryDash[c % 3]) + " lw 2",
                        title});
  }
  const std::size_t reserve = 18;  // characters: the axes' left margin and the line sample
  const std::size_t across = characters_across(o);
  const auto text = plot_elements(elements, across > reserve + 16 ? across - reserve : 16);
  gp << "plot ";
  for (std::size_t i = 0; i < text.size(); ++i) gp << (i ? ", \\\n     " : "") << text[i];
  gp << "\nunset output\n";
  return gp.str();
}

std::size_t characters_across(const PlotOptions& o, double fraction) {
  constexpr double kEmPerCharacter = 0.7;
  const double points = is_pdf(o.terminal) ? o.width * 0.72 : o.width;  // PDF: 100 px an inch, 72 pt an inch
  const double chars = points * fraction / (kEmPerCharacter * o.font_points);
  return chars > 10 ? static_cast<std::size_t>(chars) : 10;
}

std::vector<std::string> wrap_words(const std::string& text, std::size_t max_chars) {
  auto length = [](const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
  };
  std::vector<std::string> lines;
  std::string line, word;
  std::istringstream in(text);
  while (in >> word) {
    if (!line.empty() && length(line) + 1 + length(word) > max_chars) lines.push_back(line), line.clear();
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty() || lines.empty()) lines.push_back(line);
  return lines;
}

XStat mean_interval(const std::vector<double>& values, double level) {
  XStat s;
  double sum = 0;
  for (double v : values)
    if (std::isfinite(v)) sum += v, ++s.n;
  if (s.n == 0) {
    s.mean = s.lo = s.hi = kNaN;
    return s;
  }
  s.mean = sum / s.n;
  s.lo = s.hi = s.mean;
  if (s.n < 2) return s;
  double ss = 0;
  for (double v : values)
    if (std::isfinite(v)) ss += (v - s.mean) * (v - s.mean);
  const double se = std::sqrt(ss / (s.n - 1) / s.n);
  const boost::math::students_t t(static_cast<double>(s.n - 1));
  const double half = boost::math::quantile(boost::math::complement(t, (1 - level) / 2)) * se;
  s.lo = s.mean - half, s.hi = s.mean + half;
  return s;
}

std::vector<XStat> stats_by_x(const std::vector<double>& x, const std::vector<double>& y, double level) {
  std::map<double, std::vector<double>> by;
  for (std::size_t i = 0; i < x.size() && i < y.size(); ++i)
    if (std::isfinite(x[i]) && std::isfinite(y[i])) by[x[i]].push_back(y[i]);
  std::vector<XStat> out;
  for (const auto& [xv, ys] : by) {
    XStat s = mean_interval(ys, level);
    s.x = xv;
    out.push_back(s);
  }
  return out;
}

}  // namespace tl
