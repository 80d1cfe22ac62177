#include "run_command.hpp"

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>

#include "describe.hpp"
#include "mpi_run.hpp"
#include "plan.hpp"
#include "run_request.hpp"
#include "signals.hpp"
#include "theorylab/core/cancellation.hpp"
#include "theorylab/core/error.hpp"
#include "theorylab/io/durable_io.hpp"
#include "theorylab/io/durable_run.hpp"
#include "theorylab/io/result_file.hpp"
#include "theorylab/report/claims_report.hpp"
#include "theorylab/report/text_table.hpp"

namespace fs = std::filesystem;

namespace tl::cli {

namespace {

RunIdentity identity_of(const RunRequest& r, const SweepPoints& points) {
  RunIdentity id;
  id.experiment = r.info.name;
  id.version = theorylab_version() + " (" + git_commit() + ")";
  id.sweep = canonical_sweep(r.sweep, r.options.seeds);
  id.seed = std::to_string(r.options.seed);
  id.rows = points.size();
  id.shard = r.shard;
  id.shards = r.shards;
  id.arguments = r.sweep_arguments;
  return id;
}

// --resume without --out: the one interrupted run of this command under results/.
std::string find_journal_to_resume(const RunIdentity& identity) {
  std::vector<std::string> matches;
  if (fs::is_directory("results"))
    for (const auto& entry : fs::directory_iterator("results")) {
      const std::string path = entry.path().string();
      const std::string suffix = ".h5.journal";
      if (path.size() <= suffix.size() || path.compare(path.size() - suffix.size(), suffix.size(), suffix) != 0) continue;
      try {
        const JournalReader j(path);
        if (identity.difference(j.identity()).empty() && j.identity().shards == 1) matches.push_back(path);
      } catch (const UsageError&) {
      }
    }
  if (matches.empty())
    throw UsageError("nothing to resume: no interrupted run of this command under results/ (give its --out)");
  if (matches.size() > 1)
    throw UsageError("several interrupted runs of this command under results/ (" + matches[0] + ", " + matches[1] +
                     (matches.size() > 2 ? ", ..." : "") + "): give the one to resume with --out");
  return matches[0].substr(0, matches[0].size() - std::string(".journal").size());
}

std::string output_path(const RunRequest& r, const RunIdentity& identity) {
  if (!r.out.empty()) return r.out;
  if (r.resume) return find_journal_to_resume(identity);
  if (!fs::is_directory("results")) {
    fs::create_directories("results");
    sync_path(".");  // the new folder's name is durable with the file put in it
  }
  return "results/" + r.info.name + "-" + timestamp_for_filename() + ".h5";
}

void check_output(const RunRequest& r, const std::string& out) {
  if (fs::is_directory(out)) throw UsageError("output '" + out + "' is a directory");
  const fs::path parent = fs::path(out).parent_path();
  if (!parent.empty() && !fs::is_directory(parent))
    throw UsageError("cannot write '" + out + "': folder '" + parent.string() + "' does not exist");
  if (fs::exists(out) && r.resume)
    throw UsageError("output '" + out + "' is already complete: nothing to resume (use --force to run it again)");
  if (fs::exists(out) && !r.force) throw UsageError("output '" + out + "' exists (use --force to overwrite)");
  if (::access(parent.empty() ? "." : parent.c_str(), W_OK) != 0)
    throw UsageError("cannot write '" + out + "': folder '" + (parent.empty() ? "." : parent.string()) + "' is not writable");
}

std::string resume_command(const std::string& command_line, const std::string& out, bool out_given) {
  std::string c = command_line;
  if (!out_given) c += " --out " + out;
  if (c.find(" --resume") == std::string::npos) c += " --resume";
  return c;
}

void print_report(const RunRequest& r, const std::string& out, const BuiltResult& built, double seconds) {
  const ResultFile file(out);
  std::cout << "\n" << r.info.name << ": " << file.table_rows() << " rows in " << format_number(std::round(seconds * 100) / 100)
            << " s -> " << out << "\n";
  if (!r.info.main_columns.empty()) {
    std::vector<Column> shown;
    const auto swept = r.sweep.swept_keys();
    for (const std::string& name : file.table_column_names()) {
      bool wanted = name == "error";
      for (const auto& key : swept) wanted = wanted || name == key;
      for (const auto& m : r.info.main_columns) wanted = wanted || name == m;
      if (wanted) shown.push_back(file.table_column(name));
    }
    std::cout << "\n";
    print_text_table(std::cout, shown, 20);
  }
  for (const std::string& name : built.summary.shown()) {
    if (const SummaryTable* t = built.summary.find_table(name)) {
      std::cout << "\n" << name << (t->description().empty() ? "" : ": " + t->description()) << "\n";
      print_text_table(std::cout, t->columns(), 24);
    }
  }
  for (const std::string& n : built.summary.notes()) std::cout << "\nnote: " << n << "\n";
  std::cout << "\nclaims:\n";
  print_claims(std::cout, built.summary.claims());
}

// A shard's file is its journal, complete: renamed into place for `theorylab merge`.
int finish_shard(const RunRequest& r, DurableRun& durable, const RunIdentity& identity, const std::string& out) {
  const JournalReader journal(durable.files().journal);
  if (journal.row_count() != identity.shard_rows())
    throw std::logic_error("shard journal holds " + std::to_string(journal.row_count()) + " of " +
                           std::to_string(identity.shard_rows()) + " rows after a complete run");
  if (cancellation_requested()) {
    std::cerr << "theorylab: interrupted; every row of the shard is saved in " << durable.files().journal
              << "; resume with --resume\n";
    return interrupted_exit_status();
  }
  durable.install_shard();  // fsync, rename, fsync the folder: the shard survives a power cut
  if (r.quiet) std::cout << out << "\n";
  else
    std::cout << r.info.name << ": shard " << identity.shard << "/" << identity.shards << ", " << journal.row_count()
              << " of " << identity.rows << " rows -> " << out << "\nmerge the shards with: theorylab merge --out FILE SHARD...\n";
  return 0;
}

// Ranks 1..P-1 of an MPI run: the same arguments, then points until rank 0 says stop.
int run_mpi_worker(const std::vector<std::string>& args, MpiSession& mpi) {
  std::unique_ptr<RunRequest> r;
  try {
    r = std::make_unique<RunRequest>(parse_run_request(args));
  } catch (const std::exception&) {
    // Rank 0 parses the same words and reports the problem once.
  }
  const int status = mpi.broadcast_status(0);
  if (status != 0) return status;
  if (!r) return 2;
  const SweepPoints points(r->sweep, r->options.seeds, r->options.seed);
  mpi_work(*r->experiment, points);
  return 0;
}

// plan --resume (run --dry-run --resume): the plan of the rows the interrupted run's
// journal does not hold yet, read without its lock (a run may be appending: a torn last
// record is left out); refused, as run --resume would refuse it, when there is no
// journal or it holds another sweep or shard.
int plan_resume(const RunRequest& r) {
  const SweepPoints points(r.sweep, r.options.seeds, r.options.seed);
  const RunIdentity identity = identity_of(r, points);
  const RunFiles files(output_path(r, identity));
  if (!fs::is_regular_file(files.journal) && fs::exists(files.out))
    throw UsageError("output '" + files.out + "' is already complete: nothing to resume");
  if (!fs::is_regular_file(files.journal))
    throw UsageError("nothing to resume for '" + files.out + "' (no journal '" + files.journal + "')");
  if (journal_without_identity(files.journal)) {  // killed as it was created: run --resume starts over
    print_plan(std::cout, r);
    return 0;
  }
  const JournalReader journal(files.journal);
  check_resumable(files, identity, journal.identity());
  print_plan(std::cout, r, [&journal](std::size_t row) { return journal.has(row); });
  return 0;
}

bool mpi_released = false;  // rank 0 broadcast "go": a later error must not broadcast again

}  // namespace

int run_main(const std::vector<std::string>& args, const std::string& command_line, MpiSession* mpi);

int command_run(const std::vector<std::string>& args, const std::string& command_line) {
  std::unique_ptr<MpiSession> session;
  if (launched_by_mpi()) session = std::make_unique<MpiSession>();
  // The world size from MPI_Comm_size, never from environment variables (PMI_SIZE left
  // in the environment without mpirun: one rank, which runs every point itself).
  MpiSession* mpi = session && session->size() > 1 ? session.get() : nullptr;
  if (mpi && mpi->rank() > 0) return run_mpi_worker(args, *mpi);
  try {
    const int status = run_main(args, command_line, mpi);
    if (mpi && !mpi_released) mpi->broadcast_status(status == 0 ? 1 : status);  // release waiting workers
    return status;
  } catch (const UsageError&) {
    if (mpi && !mpi_released) mpi->broadcast_status(2);
    throw;
  } catch (const EnvironmentError&) {
    if (mpi && !mpi_released) mpi->broadcast_status(kExitEnvironment);
    throw;
  } catch (...) {
    if (mpi && !mpi_released) mpi->broadcast_status(3);
    throw;
  }
}

int run_main(const std::vector<std::string>& args, const std::string& command_line, MpiSession* mpi) {
  RunRequest r = parse_run_request(args);
  if (r.help) {
    std::cout << run_help();
    if (r.experiment) describe(std::cout, *r.experiment);
    return 0;
  }
  if (r.dry_run) {
    if (r.resume) return plan_resume(r);
    print_plan(std::cout, r);
    return 0;
  }
  const auto started = std::chrono::steady_clock::now();
  const SweepPoints points(r.sweep, r.options.seeds, r.options.seed);
  const RunIdentity identity = identity_of(r, points);
  const std::string out = output_path(r, identity);
  check_output(r, out);

  const RunFiles files(out);
  if (r.no_lock)
    std::cerr << "theorylab: warning: --no-lock: '" << files.journal
              << "' is not locked; nothing stops a second run to the same --out from mixing its rows in\n";
  DurableRun durable(files, identity, r.resume, r.force, r.no_lock);
  if (durable.started_over_empty())
    std::cerr << "theorylab: '" << files.journal
              << "' holds no rows (its run was killed as it created it): starting the run over\n";
  const std::uint64_t shard = r.shard, shards = r.shards;
  r.options.skip = [&durable, shard, shards](std::size_t row) { return row % shards != shard || durable.has_row(row); };
  if (!r.quiet)  // the command line narrowed the preset: say so before the run
    for (const std::string& s : r.sweep.selections()) std::cerr << r.info.name << ": " << s << "\n";
  try {  // the cost model may run a root search that checks for Ctrl-C
    if (!r.quiet)  // the line --dry-run prints, for this shard's rows not yet done
      std::cerr << r.info.name << ": "
                << estimate_line(r, estimate(r, [&durable](std::size_t row) { return durable.has_row(row); })) << "\n";
    r.options.order = heaviest_first(r);
  } catch (const Cancelled&) {
    // Interrupted before the first row: the run below sees the request, starts nothing,
    // and reports the rows saved with the resume hint.
  }
  r.options.reused = durable.rows_reused();
  r.options.skipped = points.size() - identity.shard_rows() + durable.rows_reused();

  Provenance provenance = provenance_of(r, command_line);
  provenance.resumed = r.resume;
  provenance.rows_reused = durable.rows_reused();

  const std::string resume_hint = "resume with: " + resume_command(command_line, out, !r.out.empty());
  // "K of N rows": N counts this shard's rows in a sharded run, the sweep's otherwise.
  const std::string rows_to_do =
      r.sharded ? std::to_string(identity.shard_rows()) + " rows of this shard" : std::to_string(points.size()) + " rows";
  // A full disk or an I/O error: one line naming the file and the cause, the rows the
  // journal keeps, the command that continues; exit 4 (issue 24, item 8).
  auto environment_failure = [&](const EnvironmentError& e, const std::string& when) {
    std::size_t saved = 0;
    try {
      saved = JournalReader(files.journal).row_count();
    } catch (const std::exception&) {
    }
    std::cerr << "theorylab: " << e.what() << when << "; " << saved << " of " << rows_to_do << " are saved in "
              << files.journal << "; " << resume_hint << "\n";
    return kExitEnvironment;
  };

  MapOutcome map;
  std::vector<std::uint64_t> points_per_rank;
  try {
    if (mpi) {
      mpi->broadcast_status(0);  // the workers start
      mpi_released = true;
      map = mpi_dispatch(*r.experiment, points, r.options, durable.sink(), points_per_rank);
      std::string counts;
      for (std::size_t k = 0; k < points_per_rank.size(); ++k) counts += (k ? "," : "") + std::to_string(points_per_rank[k]);
      provenance.mpi_ranks = static_cast<int>(points_per_rank.size());
      provenance.points_per_rank = counts;
    } else {
      map = run_points(*r.experiment, points, r.options, durable.sink());
    }
  } catch (const UsageError&) {
    if (!r.resume) durable.remove_journal();  // a bad combination: leave nothing behind
    throw;
  } catch (const EnvironmentError& e) {
    return environment_failure(e, "");
  }
  try {
    durable.sync();
  } catch (const EnvironmentError& e) {
    return environment_failure(e, "");
  }
  if (map.interrupted || cancellation_requested()) {
    std::cerr << "theorylab: interrupted; " << (durable.rows_reused() + map.completed) << " of " << rows_to_do
              << " are saved in " << files.journal << "; " << resume_hint << "\n";
    return interrupted_exit_status();
  }

  if (r.sharded) {
    try {
      return finish_shard(r, durable, identity, out);
    } catch (const EnvironmentError& e) {
      return environment_failure(e, " while finishing the shard");
    }
  }

  // Every row is durable: build the result file from the journal.
  BuiltResult built;
  {
    const JournalReader journal(files.journal);
    if (journal.row_count() != points.size())
      throw std::logic_error("the journal holds " + std::to_string(journal.row_count()) + " of " +
                             std::to_string(points.size()) + " rows after a complete run");
    const JournalRowStore rows({&journal}, points, nullptr);
    set_file_to_remove(files.partial.c_str());
    try {
      built = build_result_file(files.partial, *r.experiment, r.sweep, rows, r.options, provenance, started);
    } catch (const EnvironmentError& e) {  // a full disk as the result file is written
      std::error_code ec;
      fs::remove(files.partial, ec);
      set_file_to_remove(nullptr);
      return environment_failure(e, " (writing the result file)");
    } catch (const Cancelled&) {  // Ctrl-C during the reduction: every row is saved
      fs::remove(files.partial);
      set_file_to_remove(nullptr);
      std::cerr << "theorylab: interrupted while writing the result file; every row is saved in " << files.journal
                << "; " << resume_hint << "\n";
      return interrupted_exit_status();
    } catch (...) {
      fs::remove(files.partial);
      set_file_to_remove(nullptr);
      throw;
    }
  }
  if (cancellation_requested()) {  // a run never writes a final file after it has been interrupted
    fs::remove(files.partial);
    set_file_to_remove(nullptr);
    std::cerr << "theorylab: interrupted while writing the result file; every row is saved in " << files.journal << "; "
              << resume_hint << "\n";
    return interrupted_exit_status();
  }
  try {
    durable.install_result(files.partial);  // fsync file, rename, fsync folder, then drop the journal
  } catch (const EnvironmentError& e) {
    std::error_code ec;
    const bool renamed = !fs::exists(files.partial, ec) && fs::exists(out, ec);
    fs::remove(files.partial, ec);
    if (renamed && fs::exists(files.journal, ec)) fs::remove(out, ec);  // not durable: the journal stays the truth
    set_file_to_remove(nullptr);
    return environment_failure(e, " (installing the result file)");
  }
  set_file_to_remove(nullptr);

  const ClaimCounts counts = count_claims(built.summary.claims());
  if (r.quiet) std::cout << out << "\n";
  else print_report(r, out, built, provenance.wall_seconds);
  if (built.failed_points)
    std::cerr << "theorylab: " << built.failed_points << " point(s) failed; see the 'error' column\n";
  if (!built.reduce_error.empty()) {
    std::cerr << "theorylab: the reduction failed: " << built.reduce_error << " (rows are in " << out << ")\n";
    return 1;
  }
  if (r.strict && counts.strict_failures() > 0) {
    std::cerr << "theorylab: " << counts.strict_failures() << " claim(s) failed or inconclusive (--strict)\n";
    return 1;
  }
  return 0;
}

}  // namespace tl::cli
