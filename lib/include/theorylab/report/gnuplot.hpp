#pragma once
// Running gnuplot: finding the binary, asking which terminals it has, and drawing a
// script (plot.hpp) into a file that appears complete or not at all.
#include <string>

namespace tl {

// $THEORYLAB_GNUPLOT, else gnuplot on PATH; UsageError (one line, with the Debian
// package to install) when there is none.
std::string find_gnuplot();

// Does this gnuplot have the terminal (e.g. "pngcairo", "pdfcairo", "svg")?
bool gnuplot_has_terminal(const std::string& gnuplot, const std::string& terminal);

// Runs `script` (whose `set output` names `output`) with gnuplot writing to a temporary
// file beside `output`, then renames it to `output`. UsageError with gnuplot's first
// message when gnuplot fails or writes nothing; no file is left behind then. Returns
// gnuplot's messages of a successful run (its warnings, e.g. "difficulty fitting plot
// titles into key"; empty when there are none) for the caller to pass on.
std::string render_gnuplot(const std::string& gnuplot, const std::string& script_text, const std::string& output);

// The script with its `set output "..."` line pointed at `output` (render_gnuplot uses
// it to draw into the temporary file first).
std::string with_output(const std::string& script_text, const std::string& output);

}  // namespace tl
