#include "run_request.hpp"

#include "theorylab/core/sweep_points.hpp"

#include "theorylab/core/grouping.hpp"

#include <cctype>
#include <ctime>
#include <cerrno>
#include <cstdlib>
#include <set>
#include <sstream>
#include <thread>

#include <boost/program_options.hpp>

#include "command_line.hpp"

#include "theorylab/core/error.hpp"
#include "theorylab/core/utf8.hpp"

namespace po = boost::program_options;

namespace tl::cli {

namespace {
po::options_description run_options() {
  po::options_description o("run options");
  o.add_options()
      ("help,h", "this help; with NAME, also the experiment's parameters")
      ("preset", po::value<std::string>(), "named parameter set (default when omitted; theorylab describe NAME lists an experiment's presets), or none")
      ("seeds", po::value<int>(), "replicates of every point, each with its own derived seed (default: the preset's, else 1); a block's own seeds=K takes precedence")
      ("seed", po::value<std::string>()->default_value("1"), "run seed (unsigned 64-bit)")
      ("threads", po::value<int>(), "worker threads (default: the number of cores); results do not depend on it")
      ("out", po::value<std::string>(), "output file (default results/NAME-YYYYmmdd-HHMMSS.h5)")
      ("dry-run", "print the plan (blocks, points, replicates, swept values, estimated CPU time) and stop")
      ("resume", "continue an interrupted run of the same command: its finished rows are kept, the rest run "
                 "(with plan or --dry-run: the estimate of the rows still to run)")
      ("force", "overwrite an existing output file, or start over an interrupted one")
      ("no-lock", "take no lock on the output's journal (where flock and lock files both fail); nothing then stops a second run to the same --out")
      ("quiet", "no progress and no summary, only the output path")
      ("strict", "exit 1 if a claim fails or is inconclusive (expected failures excepted)")
      ("shard", po::value<std::string>(), "K/N: run only the rows i with i mod N = K and write a shard file for 'theorylab merge'; 'auto' takes K and N from a Slurm array task");
  return o;
}

std::uint64_t parse_unsigned(const std::string& text, const std::string& what) {
  errno = 0;
  char* end = nullptr;
  const unsigned long long v = std::strtoull(text.c_str(), &end, 10);
  if (text.empty() || !std::isdigit(static_cast<unsigned char>(text[0])) || *end != '\0' || errno == ERANGE)
    throw UsageError(what + " must be a non-negative integer, got '" + text + "'");
  return v;
}

std::uint64_t parse_seed(const std::string& text) {
  errno = 0;
  char* end = nullptr;
  const unsigned long long s = std::strtoull(text.c_str(), &end, 10);
  if (text.empty() || text[0] == '-' || text[0] == '+' || text[0] == ' ' || *end != '\0' || errno == ERANGE)
    throw UsageError("--seed must be an unsigned 64-bit integer, got '" + text + "'");
  return s;
}

// Parameters: declared defaults, then the preset, then the command line.
void apply_preset(RunRequest& r, bool preset_given) {
  if (r.preset == "none") return;
  const Preset* preset = nullptr;
  std::vector<std::string> names;
  for (const auto& p : r.info.presets) {
    names.push_back(p.name);
    if (p.name == r.preset) preset = &p;
  }
  if (!preset) {
    if (preset_given)
      throw UsageError("unknown preset '" + r.preset + "' for " + r.info.name + "; " + suggest_names(r.preset, names));
    r.preset = "none";  // an experiment without a default preset runs its bare defaults
    return;
  }
  r.sweep.split(split_blocks(preset->assignments));
  r.options.seeds = preset->seeds;
}

// Command-line assignments over the preset's blocks: Sweep::override_with's rule.
void apply_command_line(RunRequest& r, const std::vector<std::string>& words) {
  const auto groups = split_blocks(words);
  for (const auto& group : groups) {
    std::set<std::string> given;
    for (const std::string& word : group) {
      const auto eq = word.find('=');
      if (eq == std::string::npos || eq == 0) throw UsageError("expected key=value, got '" + word + "' (options start with --)");
      const std::string key = word.substr(0, eq);
      if (!given.insert(key).second) throw UsageError("parameter '" + key + "' given twice");
    }
  }
  r.sweep.override_with(groups);
}
}  // namespace

void parse_shard(const std::string& text, std::uint64_t& shard, std::uint64_t& shards) {
  if (text == "auto") {
    // K and N from the array Slurm actually runs: task ids MIN, MIN+STEP, ..., MAX
    // (COUNT of them) map to shards 0..COUNT-1. A list array (--array=1,2,9) that is not
    // such a range cannot be mapped from a task's environment alone: refused.
    const char* id = std::getenv("SLURM_ARRAY_TASK_ID");
    const char* count = std::getenv("SLURM_ARRAY_TASK_COUNT");
    const char* min = std::getenv("SLURM_ARRAY_TASK_MIN");
    const char* max = std::getenv("SLURM_ARRAY_TASK_MAX");
    const char* step_env = std::getenv("SLURM_ARRAY_TASK_STEP");
    if (!id || !count || !min || !max)
      throw UsageError("--shard auto needs a Slurm array task (SLURM_ARRAY_TASK_ID, _COUNT, _MIN and _MAX are not all set)");
    const std::uint64_t task = parse_unsigned(id, "SLURM_ARRAY_TASK_ID");
    const std::uint64_t n = parse_unsigned(count, "SLURM_ARRAY_TASK_COUNT");
    const std::uint64_t first = parse_unsigned(min, "SLURM_ARRAY_TASK_MIN");
    const std::uint64_t last = parse_unsigned(max, "SLURM_ARRAY_TASK_MAX");
    const std::string shape = "the array has " + std::to_string(n) + " task(s) from " + std::to_string(first) + " to " +
                              std::to_string(last) + (step_env ? " with step " + std::string(step_env) : "");
    if (n == 0 || last < first || task < first || task > last)
      throw UsageError("--shard auto: task " + std::to_string(task) + " is outside its array (" + shape + ")");
    const std::string refused =
        "--shard auto cannot map a list array to shards (" + shape + "); use --shard K/N, or an array like --array=0-" +
        std::to_string(n - 1);
    std::uint64_t step = 1;
    if (n > 1) {
      if ((last - first) % (n - 1) != 0) throw UsageError(refused);  // not evenly spaced
      step = (last - first) / (n - 1);
      // Without SLURM_ARRAY_TASK_STEP only a contiguous array is known to be a range
      // (1,2,9 and 1,5,9 look alike from MIN, MAX and COUNT).
      if (step_env ? parse_unsigned(step_env, "SLURM_ARRAY_TASK_STEP") != step : step != 1) throw UsageError(refused);
    }
    if ((task - first) % step != 0) throw UsageError(refused);
    shard = (task - first) / step;
    shards = n;
  } else {
    const auto slash = text.find('/');
    if (slash == std::string::npos) throw UsageError("--shard takes K/N (e.g. 0/4) or auto, got '" + text + "'");
    shard = parse_unsigned(text.substr(0, slash), "--shard's K");
    shards = parse_unsigned(text.substr(slash + 1), "--shard's N");
  }
  if (shards < 1 || shards > 1000000) throw UsageError("--shard's N must be in [1, 1000000], got " + std::to_string(shards));
  if (shard >= shards)
    throw UsageError("--shard " + std::to_string(shard) + "/" + std::to_string(shards) + ": K must be below N");
}

std::string timestamp_for_filename() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y%m%d-%H%M%S", &tm);
  return buffer;
}

Provenance provenance_of(const RunRequest& r, const std::string& command_line) {
  Provenance provenance;
  provenance.experiment = r.info.name;
  provenance.title = r.info.title;
  provenance.source = r.info.source;
  provenance.command_line = sanitize_utf8(command_line);  // stored as UTF-8 whatever the shell passed
  provenance.seed = std::to_string(r.options.seed);
  provenance.preset = r.preset;
  provenance.seeds = r.options.seeds;
  provenance.threads = r.options.threads;
  provenance.started_utc = utc_now_iso8601();
  provenance.run_arguments = r.sweep_arguments;
  provenance.recorded_sweep = canonical_sweep(r.sweep, r.options.seeds);
  return provenance;
}

std::string run_help() {
  std::ostringstream s;
  s << "usage: theorylab run NAME [key=value ...] [options]\n\n"
       "Presets and the command line: a choice given (part, problem, solver) whose values some blocks of\n"
       "the preset run selects those blocks, narrowed to the given values, with their own settings; a number\n"
       "selects only where every given value labels a block; any other key=value replaces that key in every\n"
       "block, except a key only some parts use (describe says which, e.g. width: part=B1), which goes only\n"
       "into the blocks that use it (sweeping it in a block whose other points ignore it is refused: they\n"
       "would repeat). No point runs twice: identical or contained blocks are dropped.\n\n"
    << run_options() << "\n";
  return s.str();
}

RunRequest parse_run_request(const std::vector<std::string>& args) {
  po::options_description options = run_options();
  const po::variables_map vm = parse_command_line(args, options, "positional", "run");
  RunRequest r;
  const std::vector<std::string> words =
      vm.count("positional") ? vm["positional"].as<std::vector<std::string>>() : std::vector<std::string>{};
  if (vm.count("help")) {
    r.help = true;
    if (!words.empty()) {
      r.experiment = &Registry::instance().find(words[0]);
      r.info = r.experiment->info();
    }
    return r;
  }
  if (words.empty()) throw UsageError("'run' needs an experiment name ('theorylab list' shows them)");
  r.experiment = &Registry::instance().find(words[0]);
  r.info = r.experiment->info();
  r.sweep = Sweep(r.info.params);
  // --preset and --out are stored in the result file (preset, command_line), whose
  // strings are UTF-8: bytes that are not are refused here, naming the option.
  if (vm.count("preset")) {
    r.preset = vm["preset"].as<std::string>();
    require_utf8(r.preset, "--preset '" + sanitize_utf8(r.preset) + "'");
  }
  apply_preset(r, vm.count("preset") > 0);
  apply_command_line(r, std::vector<std::string>(words.begin() + 1, words.end()));

  if (vm.count("seeds")) r.options.seeds = vm["seeds"].as<int>();
  if (r.options.seeds < 1 || r.options.seeds > 1000000)
    throw UsageError("--seeds must be in [1, 1000000], got " + std::to_string(r.options.seeds));
  r.options.seed = parse_seed(vm["seed"].as<std::string>());
  r.options.threads = vm.count("threads") ? vm["threads"].as<int>()
                                          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (r.options.threads < 1 || r.options.threads > 1024)
    throw UsageError("--threads must be in [1, 1024], got " + std::to_string(r.options.threads));
  r.options.preset = r.preset;
  if (vm.count("out")) {
    r.out = vm["out"].as<std::string>();
    if (r.out.empty()) throw UsageError("--out needs a file name");
    require_utf8(r.out, "--out '" + sanitize_utf8(r.out) + "'");
  }
  r.force = vm.count("force") > 0;
  r.resume = vm.count("resume") > 0;
  r.no_lock = vm.count("no-lock") > 0;
  if (r.force && r.resume) throw UsageError("--resume and --force contradict each other: keep the finished rows, or start over");
  r.quiet = vm.count("quiet") > 0;
  r.dry_run = vm.count("dry-run") > 0;
  r.strict = vm.count("strict") > 0;
  r.options.progress = !r.quiet;
  if (vm.count("shard")) {
    parse_shard(vm["shard"].as<std::string>(), r.shard, r.shards);
    r.sharded = true;
  }
  r.sweep_arguments = words;
  r.sweep_arguments.insert(r.sweep_arguments.end(),
                           {"--preset", r.preset, "--seeds", std::to_string(r.options.seeds), "--seed", std::to_string(r.options.seed)});

  // Every combination is checked before any file is touched.
  r.sweep.check_used_keys();
  check_group_count(r.experiment->info(), r.sweep);
  for (std::size_t c = 0; c < r.sweep.size(); ++c) r.experiment->validate(Point(r.sweep.combination(c), 0, 0, 0));
  return r;
}

}  // namespace tl::cli
