#include "verify_command.hpp"

#include "recorded_run.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <numeric>
#include <sstream>

#include <boost/program_options.hpp>

#include "command_line.hpp"

#include "run_request.hpp"
#include "theorylab/core/error.hpp"
#include "theorylab/core/random.hpp"
#include "theorylab/core/runner.hpp"
#include "theorylab/io/journal.hpp"
#include "theorylab/io/provenance.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace tl::cli {

namespace {

po::options_description verify_options() {
  po::options_description o("verify options");
  o.add_options()
      ("help,h", "this help")
      ("rows", po::value<std::string>(), "row indices to re-run, e.g. 3,17, whatever they cost (default: a random sample within --max-cpu-seconds)")
      ("sample", po::value<int>(), "at most this many rows in the random sample")
      ("max-cpu-seconds", po::value<double>()->default_value(300), "the sample's budget: the sum of the rows' recorded cpu_seconds")
      ("at-least-one-row", "when the budget fits no row, re-run the lightest recorded row instead of stopping")
      ("seed", po::value<std::string>()->default_value("1"), "seed of the random sample")
      ("cpu-model", po::value<std::string>(), "the CPU model the rows were recorded on: bit-identical there, --rtol elsewhere")
      ("rtol", po::value<double>()->default_value(1e-3), "relative tolerance on another CPU model");
  return o;
}

std::vector<std::size_t> parse_rows(const std::string& text) {
  std::vector<std::size_t> rows;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    if (item.empty() || item.find_first_not_of("0123456789") != std::string::npos || item.size() > 18)
      throw UsageError("--rows takes row indices separated by commas (e.g. 3,17), got '" + text + "'");
    rows.push_back(std::stoull(item));
  }
  if (rows.empty()) throw UsageError("--rows needs at least one row index");
  return rows;
}

// Scalars named *_seconds are clock measurements (cpu_seconds, an experiment's
// time_per_iteration_seconds): not results, never reproduced bit for bit (the
// convention of "identical results" throughout, tests/support/compare_files.hpp).
bool is_clock(const std::string& name) {
  return name.size() > 8 && name.compare(name.size() - 8, 8, "_seconds") == 0;
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

struct Comparison {
  bool exact = true;
  double rtol = 0;
  std::vector<std::string> differences;
  std::size_t numbers = 0;
  double worst = 0;  // largest relative difference seen
  void number(const std::string& what, double a, double b) {
    ++numbers;
    if (same_bits(a, b) || (std::isnan(a) && std::isnan(b) && !exact)) return;
    const double scale = std::max(std::abs(a), std::abs(b));
    const double rel = scale > 0 ? std::abs(a - b) / scale : 0;
    if (std::isfinite(rel)) worst = std::max(worst, rel);
    if (exact || !(std::abs(a - b) <= rtol * scale))
      differences.push_back(what + ": recorded " + format_number(a) + ", now " + format_number(b));
  }
};

void compare_rows(const Row& recorded, const Row& now, Comparison& c) {
  for (const std::string& name : recorded.scalar_names()) {
    if (is_clock(name)) continue;
    if (!now.has(name)) {
      c.differences.push_back(name + ": recorded, not produced now");
      continue;
    }
    const Scalar& a = recorded.scalar(name);
    const Scalar& b = now.scalar(name);
    if (std::holds_alternative<std::string>(a) || std::holds_alternative<std::string>(b)) {
      if (a != b) c.differences.push_back(name + ": text differs");
      continue;
    }
    c.number(name, recorded.real(name), now.real(name));
  }
  for (const std::string& name : now.scalar_names())
    if (!is_clock(name) && !recorded.has(name)) c.differences.push_back(name + ": produced now, not recorded");
  for (const std::string& name : recorded.series_names()) {
    if (!now.has_series(name)) {
      c.differences.push_back("series " + name + ": recorded, not produced now");
      continue;
    }
    const Series& a = recorded.series_of(name);
    const Series& b = now.series_of(name);
    if (a.rows != b.rows || a.cols != b.cols || a.data.size() != b.data.size()) {
      c.differences.push_back("series " + name + ": shape differs");
      continue;
    }
    const std::size_t before = c.differences.size();
    for (std::size_t i = 0; i < a.data.size(); ++i) {
      c.number("series " + name + "[" + std::to_string(i) + "]", a.data[i], b.data[i]);
      if (c.differences.size() > before + 3) break;  // a few suffice to show it
    }
  }
  for (const std::string& name : now.series_names())
    if (!recorded.has_series(name)) c.differences.push_back("series " + name + ": produced now, not recorded");
}

}  // namespace

int command_verify(const std::vector<std::string>& args) {
  po::options_description options = verify_options();
  const po::variables_map vm = parse_command_line(args, options, "files", "verify");
  if (vm.count("help")) {
    std::cout << "usage: theorylab verify SHARD... [--rows i,j | --sample K] [options]\n\n"
                 "Re-runs rows recorded in shard files (theorylab run ... --shard K/N) with this build and\n"
                 "compares every scalar and series with the recorded ones (timings, *_seconds, aside).\n\n"
              << options << "\n";
    return 0;
  }
  const auto paths = vm.count("files") ? vm["files"].as<std::vector<std::string>>() : std::vector<std::string>{};
  if (paths.empty()) throw UsageError("verify needs shard files ('theorylab run ... --shard K/N' writes them)");
  const double budget = vm["max-cpu-seconds"].as<double>();
  if (!(budget > 0)) throw UsageError("--max-cpu-seconds must be > 0");
  const double rtol = vm["rtol"].as<double>();
  if (!(rtol >= 0) || !std::isfinite(rtol)) throw UsageError("--rtol must be a finite number >= 0");
  int sample_limit = -1;
  if (vm.count("sample")) {
    sample_limit = vm["sample"].as<int>();
    if (sample_limit < 1) throw UsageError("--sample must be >= 1");
  }
  std::uint64_t seed = 0;
  try {
    const std::string s = vm["seed"].as<std::string>();
    if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos) throw std::invalid_argument(s);
    seed = std::stoull(s);
  } catch (const std::exception&) {
    throw UsageError("--seed takes a non-negative integer, got '" + vm["seed"].as<std::string>() + "'");
  }

  std::vector<std::unique_ptr<JournalReader>> files;
  for (const std::string& path : paths) {
    if (!fs::is_regular_file(path)) throw UsageError("no such shard file '" + path + "'");
    files.push_back(std::make_unique<JournalReader>(path));
    const std::string difference = files.back()->identity().difference(files.front()->identity());
    if (!difference.empty())
      throw UsageError("'" + path + "' belongs to another sweep than '" + paths.front() + "': " + difference);
  }
  const RunIdentity& identity = files.front()->identity();
  if (identity.arguments.empty()) throw UsageError("'" + paths.front() + "' records no run arguments (not a shard file)");
  std::string rebuilt;
  RunRequest r = rebuild_recorded_run(identity, &rebuilt);
  SweepPoints points(r.sweep, r.options.seeds, r.options.seed);
  points.unrecorded = r.unrecorded_keys;
  if (!rebuilt.empty()) std::cout << r.info.name << ": " << rebuilt << "\n";

  auto holder = [&](std::size_t row) -> const JournalReader* {
    for (const auto& f : files)
      if (f->has(row)) return f.get();
    return nullptr;
  };
  std::vector<std::size_t> rows;
  if (vm.count("rows")) {
    rows = parse_rows(vm["rows"].as<std::string>());
    for (std::size_t row : rows)
      if (!holder(row)) throw UsageError("row " + std::to_string(row) + " is not recorded in the given file(s)");
  } else {
    std::vector<std::size_t> recorded;
    for (std::size_t row = 0; row < identity.rows; ++row)
      if (holder(row)) recorded.push_back(row);
    if (recorded.empty()) throw UsageError("the given file(s) record no rows");
    Rng rng(seed);
    for (std::size_t i = recorded.size() - 1; i > 0; --i) std::swap(recorded[i], recorded[rng.below(i + 1)]);
    double spent = 0, lightest_cost = INFINITY;
    std::size_t lightest = recorded.front();
    for (std::size_t row : recorded) {
      const JournalReader* f = holder(row);
      const Row stored = f->read(f->offset(row), points);
      const double cost = stored.has(kCpuSecondsColumn) ? stored.real(kCpuSecondsColumn) : 0;
      if (cost < lightest_cost) lightest_cost = cost, lightest = row;
      if (spent + cost > budget) continue;
      spent += cost;
      rows.push_back(row);
      if (sample_limit > 0 && static_cast<int>(rows.size()) >= sample_limit) break;
    }
    if (rows.empty()) {
      const std::string what = "no recorded row fits --max-cpu-seconds " + format_number(budget) +
                               " (the lightest, row " + std::to_string(lightest) + ", took " +
                               format_short(lightest_cost) + " CPU-s)";
      if (!vm.count("at-least-one-row")) throw UsageError(what);
      std::cout << r.info.name << ": " << what << ": re-running that row (--at-least-one-row)\n";
      rows.push_back(lightest);
    }
  }

  const std::string here = cpu_model();
  const bool exact = !vm.count("cpu-model") || vm["cpu-model"].as<std::string>() == here;
  std::cout << r.info.name << ": re-running " << rows.size() << " of " << identity.rows << " rows with theorylab "
            << theorylab_version() << " (" << git_commit() << "; recorded by " << identity.version << ") on " << here
            << "; " << (exact ? "bit-identical required" : "another CPU model than recorded: within rtol " + format_number(rtol))
            << "\n";
  int failed = 0;
  for (std::size_t row : rows) {
    const JournalReader* f = holder(row);
    const Row recorded = f->read(f->offset(row), points);
    const Point point = points.point(row);
    Rng rng(point.seed());
    Row now = run_point_measured(*r.experiment, point, rng);
    Comparison c;
    c.exact = exact, c.rtol = rtol;
    compare_rows(recorded, now, c);
    std::cout << "  row " << row << " (recorded " << format_short(recorded.has(kCpuSecondsColumn) ? recorded.real(kCpuSecondsColumn) : NAN)
              << " CPU-s, now " << format_short(now.real(kCpuSecondsColumn)) << "): ";
    if (c.differences.empty()) {
      std::cout << (exact ? "identical" : "within tolerance") << " (" << c.numbers << " numbers; largest relative difference "
                << format_number(c.worst) << ")\n";
    } else {
      ++failed;
      std::cout << c.differences.size() << " difference(s):\n";
      for (std::size_t i = 0; i < c.differences.size() && i < 10; ++i) std::cout << "    " << c.differences[i] << "\n";
    }
  }
  std::cout << (failed ? std::to_string(failed) + " of " + std::to_string(rows.size()) + " rows differ\n"
                       : "every row reproduced\n");
  return failed ? 1 : 0;
}

}  // namespace tl::cli
