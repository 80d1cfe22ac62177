#include "merge_command.hpp"

#include "recorded_run.hpp"

#include <chrono>
#include <functional>
#include <filesystem>
#include <iostream>
#include <memory>

#include <boost/program_options.hpp>

#include "command_line.hpp"

#include "run_request.hpp"
#include "signals.hpp"
#include "theorylab/core/cancellation.hpp"
#include "theorylab/core/error.hpp"
#include "theorylab/io/durable_io.hpp"
#include "theorylab/io/durable_run.hpp"
#include "theorylab/io/result_file.hpp"
#include "theorylab/report/claims_report.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace tl::cli {

namespace {

po::options_description merge_options() {
  po::options_description o("merge options");
  o.add_options()
      ("help,h", "this help")
      ("out", po::value<std::string>(), "the result file to write (required)")
      ("allow-partial", "merge the shards that are there: status 'partial', every claim n/a")
      ("force", "overwrite an existing output file")
      ("quiet", "print only the output path");
  return o;
}

std::string list_rows(const std::vector<std::size_t>& rows) {
  std::string s;
  for (std::size_t i = 0; i < rows.size() && i < 8; ++i) s += (i ? ", " : "") + std::to_string(rows[i]);
  if (rows.size() > 8) s += ", ... (" + std::to_string(rows.size()) + " rows)";
  return s;
}

}  // namespace

int command_merge(const std::vector<std::string>& args, const std::string& command_line) {
  po::options_description options = merge_options();
  const po::variables_map vm = parse_command_line(args, options, "shards", "merge");
  if (vm.count("help")) {
    std::cout << "usage: theorylab merge --out FILE SHARD...\n\n"
                 "One result file from the shard files of one sweep (theorylab run ... --shard K/N),\n"
                 "identical to a single-process run.\n\n"
              << options << "\n";
    return 0;
  }
  if (!vm.count("out")) throw UsageError("merge needs --out FILE");
  const std::string out = vm["out"].as<std::string>();
  const auto paths = vm.count("shards") ? vm["shards"].as<std::vector<std::string>>() : std::vector<std::string>{};
  if (paths.empty()) throw UsageError("merge needs shard files ('theorylab run ... --shard K/N' writes them)");
  if (fs::exists(out) && !vm.count("force")) throw UsageError("output '" + out + "' exists (use --force to overwrite)");
  const fs::path parent = fs::path(out).parent_path();
  if (!parent.empty() && !fs::is_directory(parent))
    throw UsageError("cannot write '" + out + "': folder '" + parent.string() + "' does not exist");
  ShardMerge merge;
  merge.allow_partial = vm.count("allow-partial") > 0;
  merge.quiet = vm.count("quiet") > 0;
  return merge_shards(paths, out, merge, command_line);
}

std::string commit_of_version(const std::string& version) {
  const auto open = version.find('('), close = version.rfind(')');
  if (open == std::string::npos || close == std::string::npos || close < open) return version;
  return version.substr(open + 1, close - open - 1);
}

int build_and_commit(const std::string& out, const RunRequest& r, const RowStore& rows, Provenance& provenance,
                     std::chrono::steady_clock::time_point started, std::size_t missing_rows, const ResultCommit& how,
                     BuiltResult& built, const std::function<void(const BuiltResult&)>& accept) {
  const std::string partial = out + ".partial";
  set_file_to_remove(partial.c_str());
  auto discard = [&] {
    std::error_code ec;
    fs::remove(partial, ec);
    set_file_to_remove(nullptr);
  };
  // A full disk or an I/O error: one line, no file, the inputs untouched; exit 4.
  auto environment_failure = [&](const EnvironmentError& e) {
    discard();
    std::cerr << "theorylab: " << e.what() << "; no file written (" << how.inputs << "); rerun: " << how.command_line << "\n";
    return kExitEnvironment;
  };
  try {
    built = build_result_file(partial, *r.experiment, r.sweep, rows, r.options, provenance, started, missing_rows);
    if (cancellation_requested()) {
      discard();
      std::cerr << "theorylab: " << how.verb << " interrupted; no file written\n";
      return interrupted_exit_status();
    }
    if (accept) accept(built);
    sync_path(partial);            // the bytes on disk before the name: after exit 0 the
    durable_rename(partial, out);  // file survives a power cut
  } catch (const EnvironmentError& e) {
    return environment_failure(e);
  } catch (...) {
    discard();
    throw;
  }
  set_file_to_remove(nullptr);
  return 0;
}

int merge_shards(const std::vector<std::string>& paths, const std::string& out, const ShardMerge& merge,
                 const std::string& command_line) {
  const bool allow_partial = merge.allow_partial, quiet = merge.quiet;

  // Every shard, checked against the first.
  std::vector<std::unique_ptr<JournalReader>> shards;
  for (const std::string& path : paths) {
    if (!fs::is_regular_file(path)) throw UsageError("no such shard file '" + path + "'");
    shards.push_back(std::make_unique<JournalReader>(path));
    const RunIdentity& id = shards.back()->identity();
    const std::string difference = id.difference(shards.front()->identity());
    if (!difference.empty())
      throw UsageError("'" + path + "' belongs to another sweep than '" + paths.front() + "': " + difference);
  }
  const RunIdentity& identity = shards.front()->identity();

  // Rebuild the run from the words that defined it, and check it is the same sweep.
  std::vector<std::string> words = identity.arguments;
  if (words.empty()) throw UsageError("'" + paths.front() + "' records no run arguments (not a shard file)");
  RunRequest r = rebuild_recorded_run(identity);
  r.options.progress = false;
  SweepPoints points(r.sweep, r.options.seeds, r.options.seed);
  points.unrecorded = r.unrecorded_keys;
  const std::string version = theorylab_version() + " (" + git_commit() + ")";
  if (identity.version != version && !merge.rows_of_any_build)
    throw UsageError("the shards were written by theorylab " + identity.version + ", this is " + version +
                     ": rows of other code (`theorylab reduce` reduces them with this build, recording both)");

  // No row twice; every row once (or --allow-partial).
  std::vector<std::size_t> missing;
  for (std::size_t row = 0; row < identity.rows; ++row) {
    const JournalReader* holder = nullptr;
    for (const auto& s : shards) {
      if (!s->has(row)) continue;
      if (holder)
        throw UsageError("row " + std::to_string(row) + " appears in both '" + holder->path() + "' and '" + s->path() +
                         "' (a shard given twice, or shards of different splits)");
      holder = s.get();
    }
    if (!holder) missing.push_back(row);
  }
  if (!missing.empty() && !allow_partial)
    throw UsageError("the shards do not cover the sweep: rows " + list_rows(missing) + " are missing (" +
                     std::to_string(identity.shards) + " shards of " + std::to_string(identity.rows) +
                     " rows; --allow-partial merges what is there)");

  const auto started = std::chrono::steady_clock::now();
  Provenance provenance = provenance_of(r, command_line);
  provenance.threads = 1;
  if (identity.version != version) provenance.rows_git_commit = commit_of_version(identity.version);

  std::vector<const JournalReader*> readers;
  for (const auto& s : shards) readers.push_back(s.get());
  const JournalRowStore rows(readers, points, nullptr);
  BuiltResult built;
  if (const int status = build_and_commit(out, r, rows, provenance, started, missing.size(),
                                          {"merge", "the shards are unchanged", command_line}, built))
    return status;
  if (quiet) {
    std::cout << out << "\n";
  } else {
    std::cout << r.info.name << ": " << merge.verb << " " << shards.size() << " shard(s), " << identity.rows - missing.size() << " of "
              << identity.rows << " rows -> " << out << "\n\nclaims:\n";
    print_claims(std::cout, built.summary.claims());
  }
  if (!built.reduce_error.empty()) {
    std::cerr << "theorylab: the reduction failed: " << built.reduce_error << " (rows are in " << out << ")\n";
    return 1;
  }
  return 0;
}

}  // namespace tl::cli
