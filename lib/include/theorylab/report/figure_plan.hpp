#pragma once
// A declared figure (core/figure.hpp) resolved against one result file: which rows it
// draws after its filters adapted to what the run swept, its caption with placeholders
// filled in and every adaptation noted, and the tl-plot options that draw it. Pure
// (reads the file, runs nothing): tl-plot --figure draws from it, tl-report captions its
// figures with it, and `theorylab check` asks it whether each figure has points to draw.
#include <string>
#include <vector>

#include "theorylab/core/figure.hpp"
#include "theorylab/io/result_file.hpp"

namespace tl {

struct FigurePlan {
  // false: the figure needs a column this run does not have (Figure::only_with); not
  // drawn, and not a failure. `problem` says which.
  bool applies = true;
  // Why the figure cannot be drawn from this file, one line ("" = it can): its table or
  // a column is missing, no row is left, no finite point, a non-positive value on a log
  // axis without drop_nonpositive.
  std::string problem;
  std::string caption;             // placeholders filled in; the notes appended in brackets
  std::vector<std::string> notes;  // each adaptation, one line ("d=64 left out: ...")
  // tl-plot's options, without FILE, --out or --size: --table, --series/--hist,
  // --x, --y, --by, --where, axes, theory lines, --title CAPTION.
  std::vector<std::string> arguments;
  std::size_t points = 0;  // drawable points: table rows, series rows, or histogram values
};

// Resolves `figure` against `file` (see core/figure.hpp for the rules). Never throws for
// what a run lacks (that is `problem`); UsageError only when the file cannot be read.
FigurePlan plan_figure(const ResultFile& file, const Figure& figure);

// The figure named `name` of `figures`; UsageError naming the declared ones (or saying
// the file declares none: an older file, or an experiment without figures).
const Figure& find_figure(const std::vector<Figure>& figures, const std::string& name, const std::string& file);

// The placeholders of core/figure.hpp in `text` filled in from `file`; `centre` holds
// {centre_x, centre_y} (NaN: unknown). Numbers round-trip with `exact` (expressions),
// else at 4 significant digits (captions, legends). Each placeholder without a value in
// this run is added to `missing` and reads "?"; braces that are no placeholder stay.
std::string fill_placeholders(const ResultFile& file, const std::string& text, const double centre[2],
                              std::vector<std::string>& missing, bool exact);

}  // namespace tl
