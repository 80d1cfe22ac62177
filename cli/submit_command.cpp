#include "submit_command.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>

#include "run_request.hpp"
#include "theorylab/core/error.hpp"
#include "theorylab/core/sweep_points.hpp"
#include "theorylab/io/durable_io.hpp"

namespace fs = std::filesystem;

namespace tl::cli {

namespace {

const char* kSubmitHelp =
    "usage: theorylab submit slurm NAME [key=value ...] [--preset P] [--seeds K] [--seed S]\n"
    "                              --shards N [--parallel P] [--time T] [--partition Q]\n"
    "                              [--cpus-per-task C] [--out FINAL] [--dry-run]\n"
    "\n"
    "Runs the sweep of `theorylab run NAME ...` as a Slurm job array of N tasks, task K\n"
    "running shard K/N (the rows i with i mod N = K), then a merge job that writes FINAL,\n"
    "identical to a single-process run. Writes two plain sbatch scripts into FINAL.slurm/\n"
    "(array.sbatch and merge.sbatch; shard files and logs go there too), submits them with\n"
    "sbatch (the merge with --dependency=afterok:ARRAY), and prints the job ids and FINAL.\n"
    "\n"
    "  --shards N         array tasks (and shards), 1 <= N <= the sweep's rows (required)\n"
    "  --parallel P       at most P tasks at once (--array=0-(N-1)%P); default: no limit\n"
    "  --time T           each task's time limit (Slurm's format: MM, HH:MM:SS, D-HH, ...);\n"
    "                     a task gets SIGTERM 60 s before it and keeps its finished rows\n"
    "  --partition Q      the Slurm partition (default: the cluster's default)\n"
    "  --cpus-per-task C  CPUs of each task, passed to theorylab as --threads (default 1)\n"
    "  --out FINAL        the merged result file (default results/NAME-YYYYmmdd-HHMMSS.h5)\n"
    "  --dry-run          print the scripts and the sbatch commands; write and submit nothing\n"
    "\n"
    "A task whose shard is complete exits at once; one whose shard has a journal (killed,\n"
    "preempted, timed out) resumes it. Rerun task K by hand: sbatch --array=K FINAL.slurm/array.sbatch;\n"
    "merge by hand: sbatch FINAL.slurm/merge.sbatch (or theorylab merge --out FINAL FINAL.slurm/shard-*.tls).\n";

struct SubmitRequest {
  bool help = false, dry_run = false;
  std::uint64_t shards = 0, parallel = 0;  // 0: not given
  std::string time, partition, out;
  int cpus = 1;
  std::vector<std::string> run_words;  // everything else: `run`'s words
};

std::string shell_quote(const std::string& s) {
  if (!s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-+=/.,:@%") ==
                        std::string::npos)
    return s;
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::uint64_t parse_count(const std::string& text, const std::string& option, std::uint64_t low, std::uint64_t high) {
  errno = 0;
  char* end = nullptr;
  const unsigned long long v = std::strtoull(text.c_str(), &end, 10);
  if (text.empty() || !std::isdigit(static_cast<unsigned char>(text[0])) || *end != '\0' || errno == ERANGE || v < low ||
      v > high)
    throw UsageError(option + " must be an integer in [" + std::to_string(low) + ", " + std::to_string(high) + "], got '" +
                     text + "'");
  return v;
}

// --opt VALUE or --opt=VALUE for the options of submit; the rest is left for `run`.
SubmitRequest parse_submit(const std::vector<std::string>& args) {
  SubmitRequest s;
  const std::vector<std::string> valued = {"--shards", "--parallel", "--time", "--partition", "--cpus-per-task", "--out"};
  // Options of `run` that submit decides itself, with what to use instead.
  const std::vector<std::pair<std::string, std::string>> refused = {
      {"--shard", "--shards N makes one shard per array task"},
      {"--threads", "use --cpus-per-task"},
      {"--resume", "a task resumes its shard by itself; rerun task K with sbatch --array=K FINAL.slurm/array.sbatch"},
      {"--force", "choose another --out, or remove the old one"},
      {"--strict", "run theorylab merge yourself for a strict verdict"},
      {"--quiet", "the tasks run quietly already"}};
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--help" || a == "-h") {
      s.help = true;
      continue;
    }
    if (a == "--dry-run") {
      s.dry_run = true;
      continue;
    }
    const auto eq = a.find('=');
    const std::string name = a.rfind("--", 0) == 0 ? a.substr(0, eq) : "";
    bool is_valued = false;
    for (const auto& v : valued) is_valued = is_valued || name == v;
    for (const auto& [option, instead] : refused)
      if (name == option) throw UsageError("submit sets " + option + " itself: " + instead);
    if (!is_valued) {
      s.run_words.push_back(a);
      continue;
    }
    std::string value;
    if (eq != std::string::npos) {
      value = a.substr(eq + 1);
    } else {
      if (i + 1 >= args.size()) throw UsageError(name + " needs a value");
      value = args[++i];
    }
    if (name == "--shards") s.shards = parse_count(value, "--shards", 1, 1000000);
    else if (name == "--parallel") s.parallel = parse_count(value, "--parallel", 1, 1000000);
    else if (name == "--cpus-per-task") s.cpus = static_cast<int>(parse_count(value, "--cpus-per-task", 1, 1024));
    else if (name == "--time") {
      static const std::regex time(R"(^(\d+|\d+:\d+|\d+:\d+:\d+|\d+-\d+|\d+-\d+:\d+|\d+-\d+:\d+:\d+|INFINITE|UNLIMITED)$)");
      if (!std::regex_match(value, time))
        throw UsageError("--time takes Slurm's format (MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS), got '" + value + "'");
      s.time = value;
    } else if (name == "--partition") {
      static const std::regex partition(R"(^[A-Za-z0-9_.,-]+$)");
      if (!std::regex_match(value, partition)) throw UsageError("--partition: not a partition name: '" + value + "'");
      s.partition = value;
    } else if (name == "--out") {
      if (value.empty()) throw UsageError("--out needs a file name");
      s.out = value;
    }
  }
  return s;
}

std::string self_path() {
  std::error_code ec;
  const fs::path p = fs::read_symlink("/proc/self/exe", ec);
  if (ec) throw std::runtime_error("cannot read /proc/self/exe: " + ec.message());
  return p.string();
}

struct Scripts {
  std::string folder, final_file, array, merge;
};

Scripts make_scripts(const RunRequest& r, const SubmitRequest& s, const std::string& final_file, std::uint64_t rows) {
  Scripts out;
  out.final_file = final_file;
  out.folder = final_file + ".slurm";
  const std::string logs = out.folder + "/logs";
  const std::string bin = self_path();
  const std::string n = std::to_string(s.shards);
  std::string resources;
  if (!s.time.empty()) resources += "#SBATCH --time=" + s.time + "\n";
  if (!s.partition.empty()) resources += "#SBATCH --partition=" + s.partition + "\n";

  std::string run = shell_quote(bin) + " run";
  for (const std::string& w : r.sweep_arguments) run += " " + shell_quote(w);

  std::ostringstream a;
  a << "#!/bin/bash\n"
    << "# theorylab: " << r.info.name << "'s sweep (" << rows << " rows) as a Slurm job array, one shard per task;\n"
    << "# written by `theorylab submit slurm`. Edit it freely, then submit it by hand:\n"
    << "#   sbatch " << out.folder << "/array.sbatch            # every task\n"
    << "#   sbatch --array=K " << out.folder << "/array.sbatch  # task K again (after a time limit, a failure)\n"
    << "# A task whose shard is complete exits at once; one whose shard has a journal (the task\n"
    << "# was killed, preempted or timed out) resumes it without recomputing its finished rows.\n"
    << "#SBATCH --job-name=tl-" << r.info.name << "\n"
    << "#SBATCH --array=0-" << s.shards - 1 << (s.parallel ? "%" + std::to_string(s.parallel) : "") << "\n"
    << "#SBATCH --ntasks=1\n"
    << "#SBATCH --cpus-per-task=" << s.cpus << "\n"
    << resources
    << "#SBATCH --requeue\n"
    << "#SBATCH --signal=B:TERM@60\n"
    << "#SBATCH --open-mode=append\n"
    << "#SBATCH --output=" << logs << "/%A_%a.out\n"
    << "#SBATCH --error=" << logs << "/%A_%a.err\n"
    << "set -eu\n"
    << "shard=" << shell_quote(out.folder) << "/shard-$SLURM_ARRAY_TASK_ID.tls\n"
    << "if [ -f \"$shard\" ]; then\n"
    << "  echo \"shard $SLURM_ARRAY_TASK_ID/" << n << " is complete: $shard\"\n"
    << "  exit 0\n"
    << "fi\n"
    << "resume=\n"
    << "if [ -f \"$shard.journal\" ]; then resume=--resume; fi\n"
    << "# The shard is K/" << n << " with K the task id (not --shard auto, which would take N from the\n"
    << "# array's size and so be wrong for a task resubmitted alone). exec: theorylab itself gets\n"
    << "# Slurm's SIGTERM (--signal, scancel, preemption), saves its rows and exits 143.\n"
    << "exec " << run << " --threads " << s.cpus << " --quiet \\\n"
    << "  --shard \"$SLURM_ARRAY_TASK_ID/" << n << "\" --out \"$shard\" $resume\n";
  out.array = a.str();

  std::ostringstream m;
  m << "#!/bin/bash\n"
    << "# theorylab: merges the " << n << " shards of " << r.info.name << "'s sweep into " << final_file << ";\n"
    << "# written by `theorylab submit slurm`, which submits it after the array with\n"
    << "#   sbatch --dependency=afterok:ARRAY_JOB_ID " << out.folder << "/merge.sbatch\n"
    << "# If a task fails or is cancelled, Slurm never starts this job (DependencyNeverSatisfied):\n"
    << "# rerun the task (scontrol requeue ARRAY_JOB_ID_K, or sbatch --array=K array.sbatch), then\n"
    << "# re-arm this job on it: scontrol update JobId=MERGE_JOB_ID Dependency=afterok:RERUN_JOB_ID\n"
    << "#SBATCH --job-name=tl-" << r.info.name << "-merge\n"
    << "#SBATCH --ntasks=1\n"
    << "#SBATCH --cpus-per-task=1\n"
    << resources
    << "#SBATCH --output=" << logs << "/merge_%j.out\n"
    << "#SBATCH --error=" << logs << "/merge_%j.err\n"
    << "set -eu\n"
    << "exec " << shell_quote(bin) << " merge --quiet --out " << shell_quote(final_file) << " "
    << shell_quote(out.folder) << "/shard-*.tls\n";
  out.merge = m.str();
  return out;
}

struct Captured {
  int status = -1;
  std::string output;  // stdout and stderr
};

Captured run_captured(const std::string& command) {
  Captured c;
  FILE* pipe = ::popen((command + " 2>&1 </dev/null").c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run " + command);
  char buffer[4096];
  std::size_t got;
  while ((got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) c.output.append(buffer, got);
  const int status = ::pclose(pipe);
  c.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return c;
}

std::string first_line(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  const auto nl = text.find('\n');
  return nl == std::string::npos ? text : text.substr(0, nl);
}

// "1234" or "1234;cluster" (sbatch --parsable) -> "1234"; "" when it is not that.
std::string job_id(const std::string& output) {
  const std::string line = first_line(output);
  const std::string id = line.substr(0, line.find(';'));
  if (id.empty() || id.find_first_not_of("0123456789") != std::string::npos) return "";
  return id;
}

bool on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  std::string dir;
  while (std::getline(dirs, dir, ':'))
    if (!dir.empty() && ::access((dir + "/" + program).c_str(), X_OK) == 0) return true;
  return false;
}

// Written, fsync'd and renamed into place (durable_io): a full disk is one line and exit
// 4, and never a script cut short that sbatch would still run.
void write_file(const std::string& path, const std::string& text) { write_file_durably(path, text, true); }

}  // namespace

int command_submit(const std::vector<std::string>& args, const std::string& command_line) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::cout << kSubmitHelp;
    return args.empty() ? 2 : 0;
  }
  if (args[0] != "slurm")
    throw UsageError("submit knows one scheduler, 'slurm' (theorylab submit slurm NAME ... --shards N), got '" + args[0] + "'");
  const SubmitRequest s = parse_submit(std::vector<std::string>(args.begin() + 1, args.end()));
  if (s.help) {
    std::cout << kSubmitHelp;
    return 0;
  }
  // The run's words, checked exactly as `theorylab run` checks them.
  std::vector<std::string> run_words = s.run_words;
  run_words.insert(run_words.end(), {"--threads", std::to_string(s.cpus)});
  const RunRequest r = parse_run_request(run_words);
  if (r.sharded || r.resume || r.force || r.strict || r.quiet)  // an abbreviation of a refused option
    throw UsageError("submit sets --shard, --resume, --force, --strict and --quiet itself ('theorylab submit --help')");
  if (!s.shards) throw UsageError("submit slurm needs --shards N (the number of array tasks)");
  const SweepPoints points(r.sweep, r.options.seeds, r.options.seed);
  if (s.shards > points.size())
    throw UsageError("--shards " + std::to_string(s.shards) + " exceeds the sweep's " + std::to_string(points.size()) +
                     " rows");

  // FINAL and FINAL.slurm/: absolute, new, in a writable folder, usable in #SBATCH lines.
  const std::string given = s.out.empty() ? "results/" + r.info.name + "-" + timestamp_for_filename() + ".h5" : s.out;
  const std::string final_file = fs::absolute(given).lexically_normal().string();
  if (final_file.find_first_of(" \t\n'\"\\%$`") != std::string::npos)
    throw UsageError("'" + final_file + "' cannot be used in a Slurm script: choose an --out without spaces, quotes, '%' or '$'");
  const fs::path parent = fs::path(final_file).parent_path();
  const bool default_folder = s.out.empty() && !fs::exists(parent);  // results/ is created
  if (!default_folder) {
    if (!fs::is_directory(parent))
      throw UsageError("cannot write '" + final_file + "': folder '" + parent.string() + "' does not exist");
    if (::access(parent.c_str(), W_OK) != 0)
      throw UsageError("cannot write '" + final_file + "': folder '" + parent.string() + "' is not writable");
  }
  if (fs::exists(final_file)) throw UsageError("output '" + final_file + "' exists (choose another --out)");
  const Scripts scripts = make_scripts(r, s, final_file, points.size());
  if (fs::exists(scripts.folder))
    throw UsageError("'" + scripts.folder + "' exists (a previous submission: resubmit its scripts with sbatch, or choose another --out)");

  const std::string array_path = scripts.folder + "/array.sbatch", merge_path = scripts.folder + "/merge.sbatch";
  const std::string sbatch_array = "sbatch --parsable " + shell_quote(array_path);
  auto sbatch_merge = [&](const std::string& id) {
    return "sbatch --parsable --dependency=afterok:" + id + " " + shell_quote(merge_path);
  };
  if (s.dry_run) {
    std::cout << "# ==== " << array_path << "\n"
              << scripts.array << "\n# ==== " << merge_path << "\n"
              << scripts.merge << "\n# ==== would run (nothing written, nothing submitted):\n"
              << "mkdir -p " << shell_quote(scripts.folder + "/logs") << "\n"
              << "ARRAY_JOB_ID=$(" << sbatch_array << ")\n"
              << sbatch_merge("$ARRAY_JOB_ID") << "\n";
    return 0;
  }
  if (!on_path("sbatch")) throw UsageError("sbatch is not on PATH: submit needs a Slurm login node (--dry-run prints the scripts)");

  if (default_folder) fs::create_directories(parent);
  fs::create_directories(scripts.folder + "/logs");
  try {
    write_file(array_path, scripts.array);
    write_file(merge_path, scripts.merge);
  } catch (const EnvironmentError&) {
    std::error_code ec;
    fs::remove_all(scripts.folder, ec);  // nothing submitted: leave nothing behind
    throw;
  }

  const Captured array = run_captured(sbatch_array);
  const std::string array_id = array.status == 0 ? job_id(array.output) : "";
  if (array_id.empty()) {
    fs::remove_all(scripts.folder);
    throw UsageError("sbatch refused the job array: " + first_line(array.output));
  }
  const Captured merge = run_captured(sbatch_merge(array_id));
  const std::string merge_id = merge.status == 0 ? job_id(merge.output) : "";
  if (merge_id.empty()) {
    std::cerr << "theorylab: job array " << array_id << " is submitted, but sbatch refused the merge job: "
              << first_line(merge.output) << "; submit it with: " << sbatch_merge(array_id) << "\n";
    return 1;
  }
  std::cout << "array job " << array_id << " (" << s.shards << " tasks"
            << (s.parallel ? ", at most " + std::to_string(s.parallel) + " at once" : "") << "), merge job " << merge_id
            << " (after the array succeeds)\n"
            << "scripts, shards and logs: " << scripts.folder << "/\n"
            << "result: " << final_file << "\n";
  (void)command_line;
  return 0;
}

}  // namespace tl::cli
