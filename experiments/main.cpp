// theorylab: the command line. list | describe NAME | run NAME [key=value ...] [options]
//
// Exit status: 0 success; 1 a claim failed under --strict, or the reduction failed;
// 2 bad input (one line on stderr, no file written); 130 interrupted.
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <set>
#include <thread>

#include <boost/program_options.hpp>

#include "theorylab/core/error.hpp"
#include "theorylab/core/experiment.hpp"
#include "theorylab/core/runner.hpp"
#include "theorylab/io/provenance.hpp"
#include "theorylab/io/result_file.hpp"
#include "theorylab/report/claims_report.hpp"
#include "theorylab/report/text_table.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

const char* kUsage =
    "theorylab: reproducible numerical checks of scaling-law and attention/optimisation theory.\n"
    "\n"
    "usage:\n"
    "  theorylab list                                 experiments, one line each\n"
    "  theorylab describe NAME                        parameters, presets, claims, source\n"
    "  theorylab run NAME [key=value ...] [options]   run; writes one HDF5 file, prints a summary\n"
    "  theorylab run NAME a=1,2 + b=3,4               '+' separates blocks: the run is the union of their products\n"
    "  theorylab COMMAND --help                       help on one command\n"
    "\n"
    "Sweeps (any parameter): n=512  n=64,256,1024  n=pow2(4,16)  x=lin(0,1,11)  D=log(1e2,1e7,21);\n"
    "several swept keys form the cartesian product. Inspect results with tl-inspect FILE.\n";

// ---- Ctrl-C: the first stops taking new points; the second leaves at once --------
std::atomic<bool> interrupted{false};
char partial_path[4096] = {0};

extern "C" void on_interrupt(int) {
  if (interrupted.exchange(true)) {
    if (partial_path[0]) unlink(partial_path);  // async-signal-safe
    _exit(130);
  }
  const char message[] = "\ntheorylab: interrupted; finishing the points in progress (Ctrl-C again to quit now)\n";
  (void)!write(STDERR_FILENO, message, sizeof message - 1);
}

std::string shell_quote(const std::string& s) {
  if (!s.empty() && s.find_first_of(" \t\n'\"\\$`*?[]{}()<>|&;!#~") == std::string::npos) return s;
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string timestamp_for_filename() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y%m%d-%H%M%S", &tm);
  return buffer;
}

// ---- list -------------------------------------------------------------------------
int command_list(const std::vector<std::string>& args) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    std::cout << "usage: theorylab list\n  One line per registered experiment: name and title.\n";
    return 0;
  }
  if (!args.empty()) throw tl::UsageError("'list' takes no arguments, got '" + args[0] + "'");
  for (const tl::Experiment* e : tl::Registry::instance().all()) {
    const auto info = e->info();
    std::printf("%-22s %s\n", info.name.c_str(), info.title.c_str());
  }
  return 0;
}

// ---- describe ---------------------------------------------------------------------
void describe(const tl::ExperimentInfo& info) {
  std::cout << info.name << ": " << info.title << "\n\nsource: " << info.source << "\n\n" << info.description << "\n\n";
  std::cout << "parameters (key=value; any may be swept):\n";
  for (const auto& p : info.params) {
    std::cout << "  " << p.name() << " = " << p.default_text() << "   [" << p.allowed();
    if (!p.unit().empty()) std::cout << "; unit " << p.unit();
    std::cout << "]\n      " << p.help() << "\n";
  }
  std::cout << "\npresets (--preset NAME; 'default' when none is given, 'none' for the bare defaults):\n";
  for (const auto& preset : info.presets) {
    std::cout << "  " << preset.name << ": " << preset.description << "\n     ";
    for (const auto& a : preset.assignments) std::cout << " " << a;
    if (preset.seeds > 1) std::cout << " --seeds " << preset.seeds;
    std::cout << "\n";
  }
  std::cout << "\nclaims checked:\n";
  for (const auto& c : info.claims)
    std::cout << "  " << c.id << (c.expected_failure ? " (expected to fail)" : "") << ": " << c.statement << "  — "
              << c.source << "\n";
}

int command_describe(const std::vector<std::string>& args) {
  if (args.empty()) throw tl::UsageError("'describe' needs an experiment name ('theorylab list' shows them)");
  if (args[0] == "--help" || args[0] == "-h") {
    std::cout << "usage: theorylab describe NAME\n  Parameters with defaults and ranges, presets, claims and source.\n";
    return 0;
  }
  if (args.size() > 1) throw tl::UsageError("'describe' takes one name, got extra '" + args[1] + "'");
  describe(tl::Registry::instance().find(args[0]).info());
  return 0;
}

// ---- run --------------------------------------------------------------------------
po::options_description run_options() {
  po::options_description o("run options");
  o.add_options()
      ("help,h", "this help; with NAME, also the experiment's parameters")
      ("preset", po::value<std::string>(), "named parameter set: quick, default (when omitted), paper, or none")
      ("seeds", po::value<int>(), "replicates of every point, each with its own derived seed (default: the preset's, else 1); a block's own seeds=K takes precedence")
      ("seed", po::value<std::string>()->default_value("1"), "run seed (unsigned 64-bit)")
      ("threads", po::value<int>(), "worker threads (default: the number of cores); results do not depend on it")
      ("out", po::value<std::string>(), "output file (default results/NAME-YYYYmmdd-HHMMSS.h5)")
      ("force", "overwrite an existing output file")
      ("quiet", "no progress and no summary, only the output path")
      ("strict", "exit 1 if a claim fails (expected failures excepted)");
  return o;
}

int command_run(const std::vector<std::string>& args, const std::string& command_line) {
  po::options_description options = run_options();
  po::options_description hidden;
  hidden.add_options()("positional", po::value<std::vector<std::string>>(), "");
  po::options_description all;
  all.add(options).add(hidden);
  po::positional_options_description positional;
  positional.add("positional", -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw tl::UsageError(std::string(e.what()) + " ('theorylab run --help' lists the options)");
  }
  std::vector<std::string> words = vm.count("positional") ? vm["positional"].as<std::vector<std::string>>() : std::vector<std::string>{};
  if (vm.count("help")) {
    std::cout << "usage: theorylab run NAME [key=value ...] [options]\n\n" << options << "\n";
    if (!words.empty()) describe(tl::Registry::instance().find(words[0]).info());
    return 0;
  }
  if (words.empty()) throw tl::UsageError("'run' needs an experiment name ('theorylab list' shows them)");
  const tl::Experiment& experiment = tl::Registry::instance().find(words[0]);
  const tl::ExperimentInfo info = experiment.info();

  // Parameters: declared defaults, then the preset, then the command line.
  tl::Sweep sweep(info.params);
  std::string preset_name = vm.count("preset") ? vm["preset"].as<std::string>() : "default";
  int seeds = 1;
  if (preset_name != "none") {
    const tl::Preset* preset = nullptr;
    std::vector<std::string> names;
    for (const auto& p : info.presets) {
      names.push_back(p.name);
      if (p.name == preset_name) preset = &p;
    }
    if (!preset) {
      if (vm.count("preset"))
        throw tl::UsageError("unknown preset '" + preset_name + "' for " + info.name + "; nearest: " +
                             tl::nearest_names(preset_name, names));
      preset_name = "none";  // an experiment without a default preset runs its bare defaults
    } else {
      sweep.split(tl::split_blocks(preset->assignments));
      seeds = preset->seeds;
    }
  }
  // Command-line assignments apply to every block of the preset; with "+" they form
  // blocks of their own (the product of the preset's blocks and these).
  const auto groups = tl::split_blocks(std::vector<std::string>(words.begin() + 1, words.end()));
  for (const auto& group : groups) {
    std::set<std::string> given;
    for (const std::string& word : group) {
      const auto eq = word.find('=');
      if (eq == std::string::npos || eq == 0)
        throw tl::UsageError("expected key=value, got '" + word + "' (options start with --)");
      const std::string key = word.substr(0, eq);
      if (!given.insert(key).second) throw tl::UsageError("parameter '" + key + "' given twice");
    }
  }
  sweep.split(groups);

  tl::RunOptions run;
  if (vm.count("seeds")) seeds = vm["seeds"].as<int>();
  if (seeds < 1) throw tl::UsageError("--seeds must be at least 1, got " + std::to_string(seeds));
  run.seeds = seeds;
  const std::string seed_text = vm["seed"].as<std::string>();
  {
    errno = 0;
    char* end = nullptr;
    const unsigned long long s = std::strtoull(seed_text.c_str(), &end, 10);
    if (seed_text.empty() || seed_text[0] == '-' || *end != '\0' || errno == ERANGE)
      throw tl::UsageError("--seed must be an unsigned 64-bit integer, got '" + seed_text + "'");
    run.seed = s;
  }
  run.threads = vm.count("threads") ? vm["threads"].as<int>() : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (run.threads < 1 || run.threads > 1024) throw tl::UsageError("--threads must be in [1, 1024], got " + std::to_string(run.threads));
  const bool quiet = vm.count("quiet") > 0;
  run.progress = !quiet;
  run.preset = preset_name;
  run.interrupted = &interrupted;

  // Every combination is checked before any file is touched.
  for (const tl::Point& p : tl::enumerate_points(sweep, 1, run.seed)) experiment.validate(p);

  // Output: never overwrite without --force; write to .partial, rename when complete.
  std::string out;
  if (vm.count("out")) {
    out = vm["out"].as<std::string>();
  } else {
    fs::create_directories("results");
    out = "results/" + info.name + "-" + timestamp_for_filename() + ".h5";
  }
  if (fs::exists(out) && !vm.count("force"))
    throw tl::UsageError("output '" + out + "' exists (use --force to overwrite)");
  if (fs::is_directory(out)) throw tl::UsageError("output '" + out + "' is a directory");
  const fs::path parent = fs::path(out).parent_path();
  if (!parent.empty() && !fs::is_directory(parent)) throw tl::UsageError("cannot write '" + out + "': folder '" + parent.string() + "' does not exist");
  const std::string partial = out + ".partial";
  { tl::h5::File probe(partial, tl::h5::File::Mode::Create); }  // proves the folder is writable
  std::snprintf(partial_path, sizeof partial_path, "%s", partial.c_str());

  tl::Provenance provenance;
  provenance.experiment = info.name;
  provenance.title = info.title;
  provenance.source = info.source;
  provenance.command_line = command_line;
  provenance.seed = std::to_string(run.seed);
  provenance.preset = preset_name;
  provenance.seeds = run.seeds;
  provenance.threads = run.threads;
  provenance.started_utc = tl::utc_now_iso8601();

  tl::RunOutcome outcome;
  try {
    outcome = tl::run_experiment(experiment, sweep, run);
  } catch (...) {
    fs::remove(partial);
    throw;
  }
  if (outcome.interrupted) {
    fs::remove(partial);
    std::cerr << "theorylab: interrupted; no result file written\n";
    return 130;
  }
  provenance.finished_utc = tl::utc_now_iso8601();
  provenance.wall_seconds = outcome.wall_seconds;
  provenance.status = outcome.reduce_error.empty() ? "complete" : "failed: " + outcome.reduce_error;
  try {
    tl::write_result_file(partial, provenance, sweep, outcome);
  } catch (...) {
    fs::remove(partial);
    throw;
  }
  fs::rename(partial, out);
  partial_path[0] = '\0';

  const tl::ClaimCounts counts = tl::count_claims(outcome.summary.claims());
  if (quiet) {
    std::cout << out << "\n";
  } else {
    std::cout << "\n" << info.name << ": " << outcome.rows.size() << " rows in " << tl::format_number(std::round(outcome.wall_seconds * 100) / 100)
              << " s -> " << out << "\n";
    if (!info.main_columns.empty()) {
      std::vector<tl::Column> shown;
      for (const tl::Column& c : tl::table_columns(outcome.rows, sweep)) {
        bool wanted = c.name == "error";
        for (const auto& key : sweep.swept_keys()) wanted = wanted || c.name == key;
        for (const auto& m : info.main_columns) wanted = wanted || c.name == m;
        if (wanted) shown.push_back(c);
      }
      std::cout << "\n";
      tl::print_text_table(std::cout, shown, 20);
    }
    for (const std::string& name : outcome.summary.shown()) {
      if (const tl::SummaryTable* t = outcome.summary.find_table(name)) {
        std::cout << "\n" << name << (t->description().empty() ? "" : ": " + t->description()) << "\n";
        tl::print_text_table(std::cout, t->columns(), 24);
      }
    }
    for (const std::string& n : outcome.summary.notes()) std::cout << "\nnote: " << n << "\n";
    std::cout << "\nclaims:\n";
    tl::print_claims(std::cout, outcome.summary.claims());
  }
  if (outcome.failed_points)
    std::cerr << "theorylab: " << outcome.failed_points << " point(s) failed; see the 'error' column\n";
  if (!outcome.reduce_error.empty()) {
    std::cerr << "theorylab: the reduction failed: " << outcome.reduce_error << " (rows are in " << out << ")\n";
    return 1;
  }
  if (vm.count("strict") && counts.unexpected_failures() > 0) {
    std::cerr << "theorylab: " << counts.unexpected_failures() << " claim(s) failed (--strict)\n";
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string command_line;
  for (int i = 0; i < argc; ++i) command_line += (i ? " " : "") + shell_quote(argv[i]);
  std::vector<std::string> args(argv + 1, argv + argc);
  struct sigaction action{};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  try {
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
      std::cout << kUsage;
      return args.empty() ? 2 : 0;
    }
    if (args[0] == "--version") {
      std::cout << "theorylab " << tl::theorylab_version() << " (" << tl::git_commit() << ")\n";
      return 0;
    }
    const std::string command = args[0];
    args.erase(args.begin());
    if (command == "list") return command_list(args);
    if (command == "describe") return command_describe(args);
    if (command == "run") return command_run(args, command_line);
    throw tl::UsageError("unknown command '" + command + "'; nearest: " + tl::nearest_names(command, {"list", "describe", "run"}));
  } catch (const tl::UsageError& e) {
    std::cerr << "theorylab: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    if (partial_path[0]) unlink(partial_path);
    std::cerr << "theorylab: internal error: " << e.what() << "\n";
    return 3;
  }
}
