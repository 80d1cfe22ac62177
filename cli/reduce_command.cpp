#include "reduce_command.hpp"

#include "recorded_run.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <boost/program_options.hpp>

#include "command_line.hpp"

#include "merge_command.hpp"
#include "run_request.hpp"
#include "signals.hpp"
#include "theorylab/core/cancellation.hpp"
#include "theorylab/core/error.hpp"
#include "theorylab/io/durable_io.hpp"
#include "theorylab/io/durable_run.hpp"
#include "theorylab/io/journal.hpp"
#include "theorylab/io/result_file.hpp"
#include "theorylab/report/claims_report.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace tl::cli {

namespace {

po::options_description reduce_options() {
  po::options_description o("reduce options");
  o.add_options()
      ("help,h", "this help")
      ("out", po::value<std::string>(), "the result file to write (required)")
      ("allow-partial", "shards: reduce the rows that are there (status 'partial', every claim n/a)")
      ("force", "overwrite an existing output file")
      ("quiet", "print only the output path");
  return o;
}

// HDF5's signature: a result file; anything else is taken for a shard (journal) file.
bool is_hdf5(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[8] = {};
  in.read(magic, sizeof magic);
  return in.gcount() == 8 && std::string(magic, 8) == std::string("\x89HDF\r\n\x1a\n", 8);
}

std::vector<std::string> split_arguments(const std::string& joined) {
  std::vector<std::string> words;
  std::string word;
  for (char c : joined) {
    if (c == kArgumentSeparator) words.push_back(word), word.clear();
    else word += c;
  }
  if (!joined.empty()) words.push_back(word);
  return words;
}

int reduce_result_file(const std::string& path, const std::string& out, bool quiet, const std::string& command_line) {
  const ResultFile file(path);
  if (file.status() != "complete")
    throw UsageError("'" + path + "' is " + file.status() + ", not complete: reduce a finished run (or its shards)");
  const std::vector<std::string> words = split_arguments(file.attribute("run_arguments"));
  if (words.empty())
    throw UsageError("'" + path + "' records no run arguments (written before `theorylab reduce` existed): its sweep cannot be rebuilt");
  // A file that records its sweep is rebuilt from it (a later build's defaults may
  // differ); an older one from its arguments alone.
  RunIdentity recorded;
  recorded.arguments = words;
  recorded.sweep = file.attribute("recorded_sweep");
  recorded.rows = static_cast<std::uint64_t>(file.table_rows());
  RunRequest r = recorded.sweep.empty() ? parse_run_request(words) : rebuild_recorded_run(recorded);
  if (r.info.name != file.attribute("experiment"))
    throw UsageError("'" + path + "' holds experiment '" + file.attribute("experiment") + "', its arguments name '" + r.info.name + "'");
  r.options.progress = false;
  SweepPoints points(r.sweep, r.options.seeds, r.options.seed);
  points.unrecorded = r.unrecorded_keys;
  const ResultFileRowStore rows(file, points);

  const auto started = std::chrono::steady_clock::now();
  Provenance provenance = provenance_of(r, command_line);
  provenance.threads = 1;
  const std::string rows_commit = file.attribute("rows_git_commit");
  provenance.rows_git_commit = rows_commit.empty() ? file.attribute("git_commit") : rows_commit;
  BuiltResult built;
  auto accept = [&](const BuiltResult& b) {  // this build's reduction cannot use these rows
    if (!b.reduce_error.empty())
      throw UsageError("the reduction of this build fails on the rows of '" + path + "' (" + b.reduce_error +
                       "): the row schema changed since they were computed; no file written");
  };
  if (const int status =
          build_and_commit(out, r, rows, provenance, started, 0, {"reduce", path + " is unchanged", command_line}, built, accept))
    return status;
  if (quiet) {
    std::cout << out << "\n";
    return 0;
  }
  std::cout << r.info.name << ": reduced the " << file.table_rows() << " rows of " << path << " (computed by "
            << provenance.rows_git_commit << ") with this build (" << git_commit() << ") -> " << out << "\n\nclaims:\n";
  print_claims(std::cout, built.summary.claims());
  return 0;
}

}  // namespace

int command_reduce(const std::vector<std::string>& args, const std::string& command_line) {
  po::options_description options = reduce_options();
  const po::variables_map vm = parse_command_line(args, options, "inputs", "reduce");
  if (vm.count("help")) {
    std::cout << "usage: theorylab reduce FILE --out NEW\n"
                 "       theorylab reduce SHARD... --out NEW\n\n"
                 "The reduction (summary tables, fits, claims and their verdicts) run again with this build on the\n"
                 "rows and series a finished result file, or the shard files of one sweep, store; no point is run.\n"
                 "The new file keeps the rows and records both builds (git_commit: the reduction's; rows_git_commit:\n"
                 "the rows'). Exit 2, naming the problem, when the reduction cannot use the stored rows.\n\n"
              << options << "\n";
    return 0;
  }
  if (!vm.count("out")) throw UsageError("reduce needs --out NEW");
  const std::string out = vm["out"].as<std::string>();
  const auto inputs = vm.count("inputs") ? vm["inputs"].as<std::vector<std::string>>() : std::vector<std::string>{};
  if (inputs.empty()) throw UsageError("reduce needs a result file or shard files");
  for (const std::string& in : inputs) {
    if (!fs::is_regular_file(in)) throw UsageError("no such file '" + in + "'");
    std::error_code ec;
    if (fs::exists(out) && fs::equivalent(in, out, ec)) throw UsageError("--out '" + out + "' is an input: write a new file");
  }
  if (fs::exists(out) && !vm.count("force")) throw UsageError("output '" + out + "' exists (use --force to overwrite)");
  const fs::path parent = fs::path(out).parent_path();
  if (!parent.empty() && !fs::is_directory(parent))
    throw UsageError("cannot write '" + out + "': folder '" + parent.string() + "' does not exist");
  const bool quiet = vm.count("quiet") > 0;
  if (inputs.size() == 1 && is_hdf5(inputs.front())) return reduce_result_file(inputs.front(), out, quiet, command_line);
  for (const std::string& in : inputs)
    if (is_hdf5(in)) throw UsageError("'" + in + "' is a result file: reduce takes one result file, or shard files");
  for (const std::string& in : inputs)  // neither HDF5 nor a journal: name both
    try {
      JournalReader probe(in);
    } catch (const UsageError&) {
      throw UsageError("'" + in + "' is neither a theorylab result file nor a shard file");
    }
  ShardMerge merge;
  merge.quiet = quiet;
  merge.allow_partial = vm.count("allow-partial") > 0;
  merge.rows_of_any_build = true;
  merge.verb = "reduced the rows of";
  return merge_shards(inputs, out, merge, command_line);
}

}  // namespace tl::cli
