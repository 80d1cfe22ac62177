#pragma once
// A result file as one self-contained HTML page (tl-report): provenance, parameters,
// the claims with coloured verdicts, the shown summary tables, notes, and figures
// passed in as ready-made inline images. No external resource: the page can be mailed.
#include <string>
#include <vector>

#include "theorylab/io/result_file.hpp"

namespace tl {

// A figure already drawn: an image as a data: URI (e.g. base64 SVG), or a note when it
// could not be drawn.
struct HtmlFigure {
  std::string caption;
  std::string data_uri;  // "data:image/svg+xml;base64,..."; empty: not drawn
  std::string problem;   // why it was not drawn
};

// The CSS class of a verdict label: "pass", "fail", "expected-fail", "na",
// "inconclusive", "pending"; any other label (a verdict this build does not know)
// gets "unknown", drawn in a neutral colour.
std::string verdict_class(const std::string& verdict_label);

std::string html_escape(const std::string& text);
std::string base64_encode(const std::string& bytes);

// The whole page. `max_rows`: rows shown per summary table (the rest are counted).
std::string html_report(const ResultFile& file, const std::vector<HtmlFigure>& figures, std::size_t max_rows = 60);

}  // namespace tl
