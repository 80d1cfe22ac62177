// theorylab: the command line. list | describe NAME | run NAME [key=value ...] [options]
//
// Exit status: 0 success; 1 a claim failed or was inconclusive under --strict, or the
// reduction failed; 2 bad input (one line on stderr, no file written); 4 the environment
// failed (disk full, I/O error, no locks: one line naming the file and the cause; a run's
// rows are kept and --resume continues it); 130/143 interrupted (SIGINT/SIGTERM,
// resumable); 141 stdout is a pipe nobody reads; 3 an internal error (a bug).
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <set>
#include <thread>

#include "check_command.hpp"
#include "describe.hpp"
#include "new_command.hpp"
#include "merge_command.hpp"
#include "reduce_command.hpp"
#include "verify_command.hpp"
#include "run_command.hpp"
#include "signals.hpp"
#include "theorylab/core/cancellation.hpp"
#include "submit_command.hpp"

#include "theorylab/core/error.hpp"
#include "theorylab/core/experiment.hpp"
#include "theorylab/core/runner.hpp"
#include "theorylab/io/durable_io.hpp"
#include "theorylab/io/provenance.hpp"
#include "theorylab/io/result_file.hpp"
#include "theorylab/report/claims_report.hpp"
#include "theorylab/report/text_table.hpp"

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
    "  theorylab plan NAME [key=value ...] [options]  = run --dry-run: blocks, points, estimated CPU time\n"
    "  theorylab run ... --resume                     continue an interrupted run (Ctrl-C, SIGTERM, a crash)\n"
    "  theorylab run ... --shard K/N                  run every N-th row from K; writes a shard file\n"
    "  theorylab merge --out FILE SHARD...            one result file from the shards of a sweep\n"
    "  theorylab verify SHARD... [--rows i,j]         re-run recorded rows with this build and compare them\n"
    "  theorylab reduce FILE|SHARD... --out NEW       the reduction again, with this build, on stored rows\n"
    "  theorylab submit slurm NAME ... --shards N     the sweep as a Slurm job array, then a merge job\n"
    "  theorylab check NAME [--docs DIR]              the generic checks: science page, resolutions, quick preset, cost model...\n"
    "  theorylab new NAME [DIR]                       a project of your own experiment, built against the installed theorylab\n"
    "  theorylab COMMAND --help                       help on one command\n"
    "\n"
    "Sweeps (any parameter): n=512  n=64,256,1024  n=pow2(4,16)  x=lin(0,1,11)  D=log(1e2,1e7,21);\n"
    "several swept keys form the cartesian product. Inspect results with tl-inspect FILE.\n"
    "\n"
    "Exit status: 0 done (the file survives a power cut); 1 a claim failed (--strict) or the reduction failed;\n"
    "2 bad input (one line, no file written); 3 internal error (a bug); 4 the environment failed (disk full,\n"
    "I/O error, no lock possible: one line with the resume command; the finished rows are kept);\n"
    "130/143 interrupted (resumable); 141 stdout is a closed pipe.\n";

std::string shell_quote(const std::string& s) {
  if (!s.empty() && s.find_first_of(" \t\n'\"\\$`*?[]{}()<>|&;!#~") == std::string::npos) return s;
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
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

int command_describe(const std::vector<std::string>& args) {
  if (args.empty()) throw tl::UsageError("'describe' needs an experiment name ('theorylab list' shows them)");
  if (args[0] == "--help" || args[0] == "-h") {
    std::cout << "usage: theorylab describe NAME\n  Parameters with defaults and ranges, presets, claims and source.\n";
    return 0;
  }
  if (args.size() > 1) throw tl::UsageError("'describe' takes one name, got extra '" + args[1] + "'");
  tl::cli::describe(std::cout, tl::Registry::instance().find(args[0]));
  return 0;
}

}  // namespace

namespace {
int dispatch(std::vector<std::string> args, const std::string& command_line);
}

int main(int argc, char** argv) {
  tl::guard_standard_streams();  // before any file is opened: no file may become fd 1 or 2
  std::string command_line;
  for (int i = 0; i < argc; ++i) command_line += (i ? " " : "") + shell_quote(argv[i]);
  std::vector<std::string> args(argv + 1, argv + argc);
  tl::cli::install_signal_handlers();
  const int status = dispatch(std::move(args), command_line);
  const int final_status = tl::exit_status_after_output("theorylab", status);
  if (status == tl::kExitEnvironment || status == 3) {
    // After a failed write HDF5 may hold a file it cannot close, and its atexit handler
    // then crashes (issue 24, item 8): everything is reported and saved, so leave now.
    std::cerr.flush();
    std::_Exit(final_status);
  }
  return final_status;
}

namespace {
int dispatch(std::vector<std::string> args, const std::string& command_line) {
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
    if (command == "run") return tl::cli::command_run(args, command_line);
    if (command == "plan") {  // = run --dry-run
      args.push_back("--dry-run");
      return tl::cli::command_run(args, command_line);
    }
    if (command == "merge") return tl::cli::command_merge(args, command_line);
    if (command == "verify") return tl::cli::command_verify(args);
    if (command == "reduce") return tl::cli::command_reduce(args, command_line);
    if (command == "submit") return tl::cli::command_submit(args, command_line);
    if (command == "check") return tl::cli::command_check(args);
    if (command == "new") return tl::cli::command_new(args);
    throw tl::UsageError("unknown command '" + command + "'; " +
                         tl::suggest_names(command, {"list", "describe", "run", "plan", "merge", "verify", "reduce", "submit", "check", "new"}));
  } catch (const tl::UsageError& e) {
    std::cerr << "theorylab: " << e.what() << "\n";
    return 2;
  } catch (const tl::EnvironmentError& e) {
    std::cerr << "theorylab: " << e.what() << "\n";
    return tl::kExitEnvironment;
  } catch (const std::filesystem::filesystem_error& e) {  // a folder made or a file moved by std::filesystem
    std::cerr << "theorylab: " << e.what() << "\n";
    return tl::is_usage_errno(e.code().value()) ? 2 : tl::kExitEnvironment;
  } catch (const tl::Cancelled&) {  // a Ctrl-C seen outside a run's own handling
    std::cerr << "theorylab: interrupted\n";
    return tl::cli::interrupted_exit_status();
  } catch (const std::exception& e) {
    std::cerr << "theorylab: internal error: " << e.what() << "\n";
    return 3;
  }
}
}  // namespace
