// tl-report: one result file as a self-contained HTML page (inline CSS, figures as
// inline base64 SVG): the claims with coloured verdicts, the figures the experiment
// declared and the file stores (drawn by tl-plot --figure, which sits beside this
// binary; this tool knows no experiment), its shown summary tables,
// notes, parameters and provenance. A page to send to a colleague without theorylab.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "theorylab/report/figure_plan.hpp"
#include "theorylab/report/html_report.hpp"
#include "theorylab/report/result_data.hpp"
#include "theorylab/io/durable_io.hpp"
#include "theorylab/report/tool_main.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

const char* kHelp =
    "usage: tl-report FILE [--out PAGE.html] [--force] [--no-figures]\n"
    "\n"
    "Writes one self-contained HTML page (no external resources) for a result file: the claims\n"
    "with their verdicts in colour, every figure the file declares (its experiment's figures, inline\n"
    "SVG drawn by tl-plot --figure with gnuplot; filters adapt to what the run swept and the caption\n"
    "says how; a figure this run cannot show is listed with the reason), the summary tables the\n"
    "experiment shows, notes, parameters and provenance. A file written before declared figures\n"
    "has none.\n"
    "  --out PAGE.html   output (default: FILESTEM.html in the current folder)\n"
    "  --force           overwrite an existing page\n"
    "  --no-figures      leave the figures out (no gnuplot needed)\n"
    "\n"
    "Exit status 2, with one line on stderr and no file left, for a bad or foreign file, an\n"
    "existing output without --force, or an unwritable folder.\n";

std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string self_dir() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string(".") : exe.parent_path().string();
}

std::vector<tl::HtmlFigure> draw_figures(const std::string& file, const tl::ResultFile& result) {
  std::vector<tl::HtmlFigure> figures;
  const std::string plot = self_dir() + "/tl-plot";
  char dir_pattern[] = "/tmp/tl-report-XXXXXX";
  const char* dir = mkdtemp(dir_pattern);
  if (!dir) throw tl::UsageError("cannot create a temporary folder for the figures");
  int k = 0;
  for (const tl::Figure& spec : result.figures()) {
    const tl::FigurePlan plan = tl::plan_figure(result, spec);
    tl::HtmlFigure f;
    f.caption = plan.caption;
    const std::string svg = std::string(dir) + "/figure" + std::to_string(k++) + ".svg", err = svg + ".err";
    const std::string command = shell_quote(plot) + " " + shell_quote(file) + " --figure " + shell_quote(spec.name) + " --out " +
                                shell_quote(svg) + " --size 760x470 >/dev/null 2>" + shell_quote(err);
    if (!plan.problem.empty()) {
      f.problem = (plan.applies ? "" : "does not apply to this run: ") + plan.problem;
    } else if (access(plot.c_str(), X_OK) != 0) {
      f.problem = "tl-plot not found beside tl-report (" + plot + ")";
    } else if (std::system(command.c_str()) == 0 && fs::exists(svg)) {
      f.data_uri = "data:image/svg+xml;base64," + tl::base64_encode(read_all(svg));
    } else {
      // The last line is tl-plot's error (notes on the adaptations come before it).
      std::string message = read_all(err);
      while (!message.empty() && message.back() == '\n') message.pop_back();
      f.problem = message.substr(message.rfind('\n') == std::string::npos ? 0 : message.rfind('\n') + 1);
      if (f.problem.rfind("tl-plot: ", 0) == 0) f.problem = f.problem.substr(9);
    }
    figures.push_back(f);
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
  return figures;
}

int run(int argc, char** argv) {
  std::string out;
  po::options_description visible;
  visible.add_options()("help,h", "")("out", po::value<std::string>(&out), "")("force", "")("no-figures", "");
  po::variables_map vm;
  const auto files = tl::parse_tool_arguments(argc, argv, visible, vm);
  if (vm.count("help")) {
    std::cout << kHelp;
    return 0;
  }
  if (files.size() != 1) throw tl::UsageError("expected exactly one FILE (tl-report --help)");
  const tl::ResultFile file = tl::open_result(files[0]);
  if (out.empty()) out = fs::path(files[0]).stem().string() + ".html";
  if (fs::exists(out) && !vm.count("force")) throw tl::UsageError("'" + out + "' exists (use --force to overwrite)");
  const fs::path target(out);
  const fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  std::string temp = (dir / ".tl-report-XXXXXX").string();
  const int fd = mkstemp(temp.data());
  if (fd < 0) throw tl::UsageError("cannot write '" + out + "': folder '" + dir.string() + "' is missing or not writable");
  close(fd);
  std::error_code ec;
  try {
    const auto figures = vm.count("no-figures") ? std::vector<tl::HtmlFigure>{} : draw_figures(files[0], file);
    fs::remove(temp, ec);  // it only proved the folder writable before the figures were drawn
    // Written under a temporary name, fsync'd, renamed, the folder fsync'd: a full disk is
    // one line and exit 4, and never a page cut short under OUT.
    tl::write_file_durably(out, tl::html_report(file, figures));
  } catch (...) {
    fs::remove(temp, ec);
    throw;
  }
  std::cout << out << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) { return tl::tool_main("tl-report", [&] { return run(argc, argv); }); }
