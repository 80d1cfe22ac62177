// tl-tables: for every experiment, the table of its source — the source's value, this
// run's value with its tolerance or interval, the difference and the verdict of every
// claim, then the summary tables the experiment shows — as Markdown, CSV and LaTeX.
// Reads the canonical result file NAME-PRESET.h5 of the preset, and runs the experiment when
// there is none. Every table names its result file, git commit and command line.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "theorylab/report/claims_report.hpp"
#include "theorylab/report/grid.hpp"
#include "theorylab/report/result_data.hpp"
#include "theorylab/report/source_table.hpp"
#include "theorylab/io/durable_io.hpp"
#include "theorylab/report/tool_main.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

const char* kHelp =
    "usage: tl-tables [--preset P] [--results DIR] [--out DIR] [--experiment NAME,...] [--no-run]\n"
    "       tl-tables FILE... [--out DIR]\n"
    "\n"
    "For every experiment (theorylab list), the table of its source with verdicts, from the\n"
    "canonical result file DIR/NAME-P.h5 of --results (the file `make run` writes; never another\n"
    "file that records the same preset); when it is missing, runs `theorylab run NAME --preset P\n"
    "--out DIR/NAME-P.h5` first (unless --no-run). A canonical file of another preset, unfinished,\n"
    "or run with extra parameters is reported in its table, not used.\n"
    "With FILE arguments, tables exactly those files and runs nothing; files of one experiment\n"
    "are named by their file names' stems (run1.h5 -> run1.md), not the experiment's name.\n"
    "\n"
    "  --preset P        preset of the runs (default: default)\n"
    "  --results DIR     where result files are looked for and written (default: results)\n"
    "  --out DIR         where the tables go (default: DIR/tables of --results)\n"
    "  --experiment N    only these experiments (comma-separated or repeated)\n"
    "  --no-run          never run an experiment; one without a file is reported missing\n"
    "  --theorylab PATH  the CLI (default: theorylab beside tl-tables)\n"
    "  --files-only      print 'NAME FILE' per experiment (after running the missing ones)\n"
    "                    and write no tables (scripts/make-plots.sh uses it)\n"
    "  --reference DIR   also table the committed reference runs of DIR (make tables: reference/):\n"
    "                    every folder DIR/NAME-PRESET/ holding PRESET.h5, a complete run of experiment\n"
    "                    NAME at preset PRESET too costly to rerun here; tabled as NAME-PRESET, its\n"
    "                    caption saying so, never run (a folder without its merged file is reported)\n"
    "\n"
    "Writes NAME.md, NAME.tex (booktabs), NAME-claims.csv and NAME-TABLE.csv for each shown\n"
    "summary table, ALL.md / ALL.tex (a standalone UTF-8 document: lualatex or xelatex) with\n"
    "every experiment, CLAIMS.md (the overview and the claims tables only) and SOURCES.csv:\n"
    "the result file, commit and command behind each CSV.\n"
    "\n"
    "Exit status 0 when every experiment was tabled, 1 when one could not be (no file, or its\n"
    "run failed), 2 for bad input (one line on stderr).\n";

std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string capture(const std::string& command, int& status) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) throw tl::UsageError("cannot run '" + command + "'");
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  status = pclose(pipe);
  return out;
}

// Experiment names from `theorylab list`: the first word of each line.
std::vector<std::string> list_experiments(const std::string& cli) {
  int status = 0;
  const std::string out = capture(shell_quote(cli) + " list 2>/dev/null", status);
  if (status != 0) throw tl::UsageError("'" + cli + " list' failed; pass the CLI with --theorylab PATH");
  std::vector<std::string> names;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string first;
    if (words >> first && first.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos) names.push_back(first);
  }
  return names;
}

std::string default_cli() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("theorylab") : (self.parent_path() / "theorylab").string();
}

std::string safe_name(const std::string& s) {
  std::string t = s;
  for (char& c : t)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') c = '_';
  return t;
}

struct Tabled {
  std::string experiment, file, problem;  // experiment: the table's name (NAME, or NAME-PRESET of a reference run); problem: why there is no table
  tl::ClaimCounts counts;
  std::string git_commit, finished_utc, command_line;
};

// A committed reference run (--reference): the folder DIR/NAME-PRESET/ and its merged file.
struct ReferenceRun {
  std::string key, experiment, preset, file;
};

// The reference runs under `dir`, by folder name (NAME-PRESET, NAME a known experiment).
std::vector<ReferenceRun> reference_runs(const std::string& dir, const std::vector<std::string>& known) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw tl::UsageError("--reference: '" + dir + "' is not a folder");
  std::vector<ReferenceRun> runs;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (!entry.is_directory()) continue;
    const std::string key = entry.path().filename().string();
    for (const std::string& name : known)
      if (key.size() > name.size() + 1 && key.compare(0, name.size() + 1, name + "-") == 0) {
        const std::string preset = key.substr(name.size() + 1);
        runs.push_back({key, name, preset, (entry.path() / (preset + ".h5")).string()});
      }
  }
  if (ec) throw tl::UsageError("--reference: cannot list '" + dir + "': " + ec.message());
  std::sort(runs.begin(), runs.end(), [](const ReferenceRun& a, const ReferenceRun& b) { return a.key < b.key; });
  return runs;
}

// The caption line of a reference run's table: why it is not rerun, what it cost, how to check it.
std::string reference_caption(const tl::ResultFile& r) {
  double cpu = 0;
  const tl::DataTable rows = tl::load_data_table(r, "");
  const auto names = rows.column_names();
  if (std::find(names.begin(), names.end(), "cpu_seconds") != names.end())
    for (double c : tl::numeric_values(rows.column("cpu_seconds")))
      if (std::isfinite(c)) cpu += c;
  const std::string cost = cpu >= 3600 ? tl::short_number(cpu / 3600, 3) + " CPU-hours recorded over its "
                           : cpu > 0   ? tl::short_number(cpu, 3) + " CPU-seconds recorded over its "
                                       : "";
  return "Reference run: a committed result file, not rerun by make tables (" + cost + std::to_string(rows.rows()) +
         " rows); `make verify-reference` re-runs a random sample of its rows with the current build and compares them.";
}

// Writes KEY.md, KEY.tex and the CSVs (KEY: the experiment's name, or NAME-PRESET of a
// reference run); appends to ALL.md / ALL.tex.
// A file to table: its table name (the experiment, or NAME-PRESET for a reference run)
// and path.
struct Planned {
  std::string key, file;
  bool reference = false;
};

// Given files of one experiment, each is named by its file's stem instead (their tables
// would overwrite each other under the experiment's name); two such files with one stem
// are refused.
void name_tables_apart(std::vector<Planned>& plan) {
  std::vector<std::string> keys;
  for (const Planned& p : plan) keys.push_back(p.key);
  for (Planned& p : plan)
    if (std::count(keys.begin(), keys.end(), p.key) > 1) p.key = fs::path(p.file).stem().string();
  for (const Planned& p : plan)
    if (std::count_if(plan.begin(), plan.end(), [&](const Planned& q) { return q.key == p.key; }) > 1)
      throw tl::UsageError("two files would write the tables '" + p.key + "' (" + p.file +
                           " and another): table them into separate --out folders");
}

Tabled table_file(const std::string& path, const std::string& key, bool reference, const std::string& out_dir,
                  std::ostream& all_md, std::ostream& all_tex, std::ostream& claims_only_md) {
  const tl::ResultFile r = tl::open_result(path);
  const std::string experiment = r.attribute("experiment");
  const std::string name = key.empty() ? experiment : key;
  const auto claims = r.claims();
  Tabled t{name, path, "", tl::count_claims(claims), r.attribute("git_commit"), r.attribute("finished_utc"), r.attribute("command_line")};
  const std::string provenance = tl::provenance_line(r);
  const std::string counts = tl::counts_text(t.counts);

  std::ostringstream md, tex;
  md << "## " << name << " — " << r.attribute("title") << "\n\n";
  if (reference) md << reference_caption(r) << "  \n";
  md << "Source: " << r.attribute("source") << "  \n"
     << "Science page (the formulas, every part and what each claim checks): `" << tl::science_page(experiment) << "`  \n"
     << "Result file: `" << r.path() << "` (git " << r.attribute("git_commit") << ", finished " << r.attribute("finished_utc")
     << ", status " << r.status() << ")  \n"
     << "Command: `" << r.attribute("command_line") << "`  \n"
     << "Claims: " << counts << "\n\n";
  tl::Grid claims_md = tl::claims_grid(claims, false);  // the source is named just above
  tl::write_grid(md, claims_md, tl::GridFormat::Markdown);
  md << "\n";
  claims_only_md << md.str();
  tex << "% " << name << ": " << provenance << "\n";
  tl::Grid claims_tex = claims_md;
  claims_tex.caption = name + ": claims of " + r.attribute("source") + ". From " + provenance;
  // The LaTeX claims table leaves out the long statement and note columns (they are in the Markdown).
  auto drop_long_columns = [](auto& cells) { cells.erase(cells.begin() + 8), cells.erase(cells.begin() + 1); };
  drop_long_columns(claims_tex.headers);
  for (auto& row : claims_tex.rows) drop_long_columns(row);
  claims_tex.right_aligned.erase(claims_tex.right_aligned.begin() + 8);
  claims_tex.right_aligned.erase(claims_tex.right_aligned.begin() + 1);
  claims_tex.latex_columns = "lp{3.5cm}p{3cm}rp{2.5cm}rl";
  tl::write_grid(tex, claims_tex, tl::GridFormat::Latex);
  {
    std::ostringstream csv;
    tl::write_grid(csv, tl::claims_grid(claims, true), tl::GridFormat::Csv);
    tl::write_file_durably(out_dir + "/" + name + "-claims.csv", csv.str());
  }
  for (const std::string& shown : tl::shown_table_names(r)) {
    const tl::DataTable d = tl::load_data_table(r, shown);
    tl::Grid g = tl::grid_from_columns(d.columns, false);
    g.caption = shown + (d.description.empty() ? "" : ": " + d.description);
    tl::write_grid(md, g, tl::GridFormat::Markdown);
    md << "\n";
    g.caption = name + ", " + g.caption + ". From " + provenance;
    tl::write_grid(tex, g, tl::GridFormat::Latex);
    std::ostringstream csv;
    tl::write_grid(csv, tl::grid_from_columns(d.columns, true), tl::GridFormat::Csv);
    tl::write_file_durably(out_dir + "/" + name + "-" + safe_name(shown) + ".csv", csv.str());
  }
  for (const auto& note : r.summary_notes()) md << "> note: " << note << "\n\n";
  tl::write_file_durably(out_dir + "/" + name + ".md", md.str());
  tl::write_file_durably(out_dir + "/" + name + ".tex", tex.str());
  all_md << md.str();
  all_tex << tex.str() << "\n";
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  return tl::tool_main("tl-tables", [&] {
    std::string preset = "default", results = "results", out, cli = default_cli(), reference_dir;
    std::vector<std::string> only;
    po::options_description visible;
    visible.add_options()("help,h", "")("preset", po::value<std::string>(&preset), "")("results", po::value<std::string>(&results), "")(
        "out", po::value<std::string>(&out), "")("experiment", po::value<std::vector<std::string>>(&only), "")("no-run", "")(
        "theorylab", po::value<std::string>(&cli), "")("files-only", "")("reference", po::value<std::string>(&reference_dir), "");
    po::variables_map vm;
    const auto files = tl::parse_tool_arguments(argc, argv, visible, vm);
    if (vm.count("help")) {
      std::cout << kHelp;
      return 0;
    }
    if (out.empty()) out = (fs::path(results) / "tables").string();

    // Which files: the given ones, or per experiment the newest match (running it if needed).
    std::vector<Planned> plan;  // (table name, file): an experiment's run or a reference run
    std::vector<Tabled> done;
    if (!files.empty()) {
      if (!only.empty() || vm.count("no-run") || vm.count("preset") || vm.count("reference"))
        throw tl::UsageError("with FILE arguments, --experiment, --preset, --no-run and --reference do not apply");
      for (const auto& f : files) plan.push_back({tl::open_result(f).attribute("experiment"), f, false});
      name_tables_apart(plan);
    } else {
      const std::vector<std::string> known = list_experiments(cli);
      std::vector<std::string> wanted;
      for (const auto& o : only)
        for (const auto& n : tl::split_list(o)) {
          if (std::find(known.begin(), known.end(), n) == known.end()) {
            std::string names;
            for (const auto& k : known) names += (names.empty() ? "" : " ") + k;
            throw tl::UsageError("unknown experiment '" + n + "'; experiments: " + names);
          }
          wanted.push_back(n);
        }
      if (wanted.empty()) wanted = known;
      std::error_code ec;
      fs::create_directories(results, ec);
      if (ec) throw tl::UsageError("cannot create the results folder '" + results + "': " + ec.message());
      for (const auto& name : wanted) {
        const std::string file = tl::canonical_result_path(results, name, preset);
        std::string problem = tl::canonical_result_problem(file, name, preset);
        if (problem == "missing" && !vm.count("no-run")) {
          const std::string command = shell_quote(cli) + " run " + name + " --preset " + shell_quote(preset) + " --out " +
                                      shell_quote(file) + " --quiet";
          std::cerr << "tl-tables: no " << file << "; running: " << command << "\n";
          const int status = std::system((command + " >/dev/null").c_str());
          const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
          problem = tl::canonical_result_problem(file, name, preset);
          if (!problem.empty()) {
            done.push_back({name, "", "its run failed (exit status " + std::to_string(code) + "): " + command, {}});
            continue;
          }
        }
        if (problem == "missing") {
          done.push_back({name, "", "no result file " + file + " ('theorylab run " + name + " --preset " + preset +
                                        " --out " + file + "' writes it)", {}});
          continue;
        }
        if (!problem.empty()) {
          done.push_back({name, "", problem, {}});
          continue;
        }
        plan.push_back({name, file, false});
      }
      // Reference runs: tabled from their committed file, never run.
      if (!reference_dir.empty())
        for (const ReferenceRun& ref : reference_runs(reference_dir, known)) {
          if (!only.empty() && std::find(wanted.begin(), wanted.end(), ref.experiment) == wanted.end()) continue;
          std::string problem = tl::canonical_result_problem(ref.file, ref.experiment, ref.preset);
          if (problem == "missing")
            problem = "reference run without its merged file " + ref.file + " ('theorylab merge --out " + ref.file +
                      " SHARDS...' writes it from the run's shard files)";
          if (!problem.empty()) done.push_back({ref.key, "", problem, {}});
          else plan.push_back({ref.key, ref.file, true});
        }
    }

    if (vm.count("files-only")) {
      for (const Planned& p : plan) std::cout << p.key << " " << p.file << "\n";
      bool all_found = true;
      for (const Tabled& t : done) {
        std::cerr << "tl-tables: " << t.experiment << ": " << t.problem << "\n";
        all_found = false;
      }
      return all_found ? 0 : 1;
    }
    if (plan.empty()) {  // nothing to table: say why, and write no empty ALL.md
      for (const Tabled& t : done) std::cout << t.experiment << ": NOT TABLED: " << t.problem << "\n";
      std::cout << "nothing tabled: no file written to " << out << "/\n";
      return 1;
    }
    std::error_code ec;
    fs::create_directories(out, ec);
    if (ec) throw tl::UsageError("cannot create the output folder '" + out + "': " + ec.message());
    {  // A folder that exists but cannot be written (read-only, immutable) is refused before any table.
      const std::string probe = out + "/.tl-tables-write-test";
      const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
      int e = fd < 0 ? errno : 0;
      if (fd >= 0) {
        if (::write(fd, "x", 1) != 1) e = errno ? errno : EIO;
        ::close(fd);
      }
      fs::remove(probe, ec);
      // A full disk or an I/O error is the environment's (exit 4), not a bad folder.
      if (e == ENOSPC || e == EIO || e == EDQUOT || e == EFBIG) tl::throw_io_error("write to the output folder", out, e);
      if (e != 0) throw tl::UsageError("cannot write to the output folder '" + out + "'");
    }
    std::ostringstream all_md, all_tex, claims_md;
    for (const Planned& p : plan)
      done.push_back(table_file(p.file, p.key, p.reference, out, all_md, all_tex, claims_md));

    // ALL.md opens with the overview: every experiment, its file and its claim counts.
    tl::Grid overview;
    overview.headers = {"experiment", "pass", "fail", "inconclusive", "expected fail", "n/a", "result file"};
    overview.right_aligned = {false, true, true, true, true, true, false};
    bool all_tabled = true;
    for (const Tabled& t : done) {
      if (!t.problem.empty()) {
        all_tabled = false;
        overview.add_row({t.experiment, "-", "-", "-", "-", "-", "NOT TABLED: " + t.problem});
        continue;
      }
      overview.add_row({t.experiment, std::to_string(t.counts.pass), std::to_string(t.counts.unexpected_failures()),
                        std::to_string(t.counts.inconclusive), std::to_string(t.counts.expected_fail), std::to_string(t.counts.not_applicable), "`" + t.file + "`"});
    }
    {
      std::ostringstream md, claims, tex;
      md << "# Tables of the sources, with verdicts\n\n"
         << "Generated by tl-tables from the result files named in each section"
         << (files.empty() ? " (preset '" + preset + "')" : std::string()) << ".\n\n";
      tl::write_grid(md, overview, tl::GridFormat::Markdown);
      md << "\n" << all_md.str();
      claims << "# Claims of the sources, with verdicts\n\n"
             << "Generated by tl-tables; the summary tables of each experiment are in ALL.md.\n\n";
      tl::write_grid(claims, overview, tl::GridFormat::Markdown);
      claims << "\n" << claims_md.str();
      tex << "% Generated by tl-tables. UTF-8 text: compile with lualatex or xelatex.\n"
          << "\\documentclass{article}\n\\usepackage{booktabs}\n\\usepackage{fontspec}\n"
          << "\\usepackage[margin=1.5cm,landscape]{geometry}\n\\begin{document}\n"
          << all_tex.str() << "\\end{document}\n";
      tl::write_file_durably(out + "/ALL.md", md.str());
      tl::write_file_durably(out + "/CLAIMS.md", claims.str());
      tl::write_file_durably(out + "/ALL.tex", tex.str());
    }
    {
      // SOURCES.csv: the result file behind every CSV of this folder (the CSVs are bare data).
      tl::Grid sources;
      sources.headers = {"experiment", "result_file", "git_commit", "finished_utc", "command_line"};
      for (const Tabled& t : done)
        if (t.problem.empty()) sources.add_row({t.experiment, t.file, t.git_commit, t.finished_utc, t.command_line});
      std::ostringstream csv;
      tl::write_grid(csv, sources, tl::GridFormat::Csv);
      tl::write_file_durably(out + "/SOURCES.csv", csv.str());
    }
    for (const Tabled& t : done) {
      if (t.problem.empty())
        std::cout << t.experiment << ": " << tl::counts_text(t.counts) << "  <- " << t.file << "\n";
      else
        std::cout << t.experiment << ": NOT TABLED: " << t.problem << "\n";
    }
    std::size_t tabled = 0;
    for (const Tabled& t : done) tabled += t.problem.empty() ? 1 : 0;
    std::cout << "tables of " << tabled << " of " << done.size() << " experiment(s) written to " << out
              << "/ (ALL.md, ALL.tex, one .md/.tex/.csv set per experiment tabled)\n";
    return all_tabled ? 0 : 1;
  });
}
