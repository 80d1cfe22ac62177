#include "theorylab/io/durable_run.hpp"

#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "theorylab/core/error.hpp"
#include "theorylab/io/durable_io.hpp"
#include "theorylab/io/result_file.hpp"

namespace fs = std::filesystem;

namespace tl {

namespace {
class JournalSink final : public RowSink {
 public:
  explicit JournalSink(JournalWriter& writer) : writer_(writer) {}
  void put(Row&& row) override { writer_.append(row); }

 private:
  JournalWriter& writer_;
};

bool is_journal(const std::string& path) {
  try {
    JournalReader probe(path);
    return true;
  } catch (const UsageError&) {
    return false;
  }
}
}  // namespace

void check_resumable(const RunFiles& files, const RunIdentity& identity, const RunIdentity& recorded) {
  const std::string difference = identity.difference(recorded);
  if (!difference.empty())
    throw UsageError("cannot resume '" + files.out + "': " + difference + "; rerun the interrupted command, or use --force to start over");
  if (recorded.shard != identity.shard || recorded.shards != identity.shards)
    throw UsageError("cannot resume '" + files.out + "': it holds shard " + std::to_string(recorded.shard) + "/" +
                     std::to_string(recorded.shards) + ", this command runs shard " + std::to_string(identity.shard) + "/" +
                     std::to_string(identity.shards));
}

DurableRun::DurableRun(const RunFiles& files, const RunIdentity& identity, bool resume, bool force, bool no_lock)
    : files_(files) {
  writer_ = JournalWriter::lock(files.journal, no_lock);  // throws if another run holds it
  const bool existed = !writer_->created();
  // A journal with no identity record (the run was killed as it created it: 0 bytes, or
  // the header alone) holds no rows: a new run, or a resume, starts it over.
  const bool empty = existed && journal_without_identity(files.journal);
  const bool usable = existed && !empty && is_journal(files.journal);
  if (resume && !usable && !empty) {
    if (!existed) writer_->remove_file();
    writer_.reset();
    throw UsageError("nothing to resume for '" + files.out + "' (no journal '" + files.journal + "')");
  }
  if (resume && usable) {
    previous_ = std::make_unique<JournalReader>(files.journal);
    check_resumable(files, identity, previous_->identity());
    reused_ = previous_->row_count();
    writer_->continue_after(previous_->valid_bytes());
  } else {
    if (usable && !force) {
      JournalReader previous(files.journal);
      throw UsageError("'" + files.out + "' has an interrupted run with " + std::to_string(previous.row_count()) +
                       " finished rows ('" + files.journal + "'): add --resume to continue it, or --force to start over");
    }
    started_over_empty_ = resume && empty;
    try {
      writer_->start(identity);
    } catch (...) {  // a full disk as the journal is created: leave no journal without rows
      writer_->remove_file();
      writer_.reset();
      throw;
    }
  }
  sink_ = std::make_unique<JournalSink>(*writer_);
}

DurableRun::~DurableRun() = default;

void DurableRun::sync() { writer_->sync(); }

void DurableRun::remove_journal() {
  previous_.reset();
  writer_->remove_file();
  writer_.reset();  // releases the lock after the unlink: no one can take a dead journal
  try {
    sync_parent(files_.journal);
  } catch (const EnvironmentError&) {
    // The result file is durable already; a journal that reappears after a power cut is
    // refused by the next run as "already complete".
  }
}

void DurableRun::release() {
  previous_.reset();
  writer_.reset();
}

void DurableRun::install_result(const std::string& partial) {
  sync_path(partial);               // the file's bytes are on disk ...
  durable_rename(partial, files_.out);  // ... before its name, and the name before ...
  remove_journal();                 // ... the journal, until then the only durable copy, goes
}

void DurableRun::install_shard() {
  writer_->sync();                                  // every record and the size on disk
  durable_rename(files_.journal, files_.out);       // the complete journal is the shard file
  release();
}

BuiltResult build_result_file(const std::string& path, const Experiment& experiment, const Sweep& sweep,
                              const RowStore& rows, const RunOptions& options, Provenance& provenance,
                              std::chrono::steady_clock::time_point started, std::size_t missing_rows) {
  BuiltResult built;
  ResultWriter writer(path, provenance, sweep);
  writer.write_rows(rows);
  const RowStore& columns = writer.columns();
  if (columns.size() > 0) {
    const auto names = columns.column_names();
    if (std::find(names.begin(), names.end(), "error") != names.end()) {
      const Column errors = columns.column("error");
      for (const auto& e : std::get<std::vector<std::string>>(errors.data))
        if (!e.empty()) ++built.failed_points;
    }
  }
  // The reduction reads columns from the file and rows (with series) from `rows`.
  class Combined final : public RowStore {
   public:
    Combined(const RowStore& rows, const RowStore& columns) : rows_(rows), columns_(columns) {}
    std::size_t size() const override { return rows_.size(); }
    std::vector<std::string> column_names() const override { return columns_.column_names(); }
    Column column(const std::string& name) const override { return columns_.column(name); }
    Row row(std::size_t i) const override { return rows_.row(i); }

   private:
    const RowStore& rows_;
    const RowStore& columns_;
  } combined(rows, columns);
  const RunResults results(combined, sweep, options.seed, options.seeds, options.preset);
  built.reduce_error = reduce_results(experiment, results, built.summary);
  if (missing_rows > 0) {
    const std::string why = "partial merge: " + std::to_string(missing_rows) + " of " + std::to_string(rows.size()) +
                            " rows are missing, and any claim may depend on them";
    for (Claim& claim : built.summary.claims()) claim.not_applicable(why);
    provenance.status = "partial: " + std::to_string(missing_rows) + " rows missing";
  }
  writer.write_summary(built.summary);
  writer.write_claims(built.summary.claims());
  writer.write_figures(experiment.info().figures);
  provenance.finished_utc = utc_now_iso8601();
  provenance.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (provenance.status.empty() || provenance.status == "complete")
    provenance.status = built.reduce_error.empty() ? "complete" : "failed: " + built.reduce_error;
  writer.finish(provenance, built.failed_points);
  return built;
}

}  // namespace tl
