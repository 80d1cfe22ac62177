#pragma once
// Reading back what a gnuplot script (lib/report/plot.hpp) will draw: its datablocks
// and plot elements, so a test can check a figure without looking at pixels.
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace tl::testing {

struct ScriptElement {
  std::string block;  // "$d0", "$t1", "keyentry"
  std::string with;   // "lines", "linespoints", "yerrorbars", "points", "filledcurves", "boxes"
  std::string title;  // "" for notitle
};

struct ParsedScript {
  std::map<std::string, std::vector<std::vector<double>>> blocks;  // name -> rows of numbers
  std::vector<ScriptElement> elements;
};

inline ParsedScript parse_script(const std::string& script) {
  ParsedScript p;
  std::istringstream in(script);
  std::string line, current;
  bool in_plot = false;
  while (std::getline(in, line)) {
    if (!current.empty()) {
      if (line == "EOD") {
        current.clear();
        continue;
      }
      std::istringstream row(line);
      std::vector<double> v;
      std::string cell;
      while (row >> cell) v.push_back(cell == "NaN" ? std::numeric_limits<double>::quiet_NaN() : std::stod(cell));
      p.blocks[current].push_back(v);
      continue;
    }
    const auto eod = line.find(" << EOD");
    if (eod != std::string::npos) {
      current = line.substr(0, eod);
      continue;
    }
    std::string text = line;
    if (text.rfind("plot ", 0) == 0 && text.rfind("plot [", 0) != 0) in_plot = true, text = text.substr(5);
    if (!in_plot) continue;
    while (!text.empty() && text.front() == ' ') text.erase(0, 1);
    if (text.size() >= 3 && text.substr(text.size() - 3) == ", \\") text.resize(text.size() - 3);
    if (text.empty() || text == "unset output") {
      if (text == "unset output") in_plot = false;
      continue;
    }
    ScriptElement e;
    e.block = text.substr(0, text.find(' '));
    const auto with = text.find(" with ");
    if (with != std::string::npos) {
      const auto start = with + 6;
      e.with = text.substr(start, text.find(' ', start) - start);
    }
    const auto title = text.find(" title \"");
    if (title != std::string::npos) {
      const auto start = title + 8;
      std::string t;
      for (std::size_t i = start; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) ++i;
        t += text[i];
      }
      e.title = t;
    }
    p.elements.push_back(e);
  }
  return p;
}

// The datablocks drawn with a joining style (lines, linespoints, filledcurves) whose x
// (first column) repeats or goes back: two points at one x joined are a vertical stroke.
inline std::vector<std::string> vertical_joins(const ParsedScript& p) {
  std::vector<std::string> bad;
  for (const ScriptElement& e : p.elements) {
    if (e.with != "lines" && e.with != "linespoints" && e.with != "filledcurves") continue;
    if (e.block.rfind("$d", 0) != 0) continue;  // theory curves are sampled by gnuplot itself
    const auto& rows = p.blocks.at(e.block);
    for (std::size_t i = 1; i < rows.size(); ++i)
      if (!(rows[i][0] > rows[i - 1][0])) {
        bad.push_back(e.block);
        break;
      }
  }
  return bad;
}

}  // namespace tl::testing
