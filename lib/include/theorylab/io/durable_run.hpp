#pragma once
// The files of one run and their life cycle:
//
//   OUT.journal   rows, appended as they finish (journal.hpp); locked while a run owns it
//   OUT.partial   the result file being built from the journal when every row is done
//   OUT           the finished result file (OUT.partial renamed); the journal is removed
//
// A run killed at any instant leaves OUT.journal; `--resume` continues it. A second run
// to the same OUT finds the journal locked and stops at once (UsageError).
#include <chrono>
#include <memory>
#include <string>

#include "theorylab/core/runner.hpp"
#include "theorylab/io/journal.hpp"
#include "theorylab/io/provenance.hpp"

namespace tl {

struct RunFiles {
  std::string out, journal, partial;
  explicit RunFiles(const std::string& out) : out(out), journal(out + ".journal"), partial(out + ".partial") {}
};

// Whether a run of `identity` may continue the journal `recorded` holds (run --resume,
// plan --resume): UsageError naming the difference (another sweep, seed, build, or
// another shard of it) when not.
void check_resumable(const RunFiles& files, const RunIdentity& identity, const RunIdentity& recorded);

class DurableRun {
 public:
  // Takes the lock on the journal and opens it:
  //   resume = false: a new journal. An existing one with rows is an interrupted run:
  //     UsageError suggesting --resume, unless `force` (then it is replaced).
  //   resume = true: continues the journal; UsageError when there is none, or when its
  //     identity differs from `identity` (naming what differs).
  //   A journal without an identity record (killed as it was created) starts over in both
  //   cases. `no_lock`: take no lock (--no-lock).
  DurableRun(const RunFiles& files, const RunIdentity& identity, bool resume, bool force, bool no_lock = false);
  ~DurableRun();

  std::size_t rows_reused() const { return reused_; }
  bool has_row(std::size_t row) const { return previous_ && previous_->has(row); }
  RowSink& sink() { return *sink_; }
  const RunFiles& files() const { return files_; }
  void sync();  // flush the journal to disk (at the end of the map phase)

  // --resume found a journal without rows (killed as it was created) and started over.
  bool started_over_empty() const { return started_over_empty_; }
  // Removes the journal once its rows are in a finished result file.
  void remove_journal();
  // The crash-consistent end of a run: fsync `partial`, rename it to OUT, fsync the
  // folder, and only then remove the journal (and fsync the folder again). After it
  // returns, OUT survives a power cut. Throws EnvironmentError (the journal is kept).
  void install_result(const std::string& partial);
  // The end of a shard: fsync the journal, rename it to OUT, fsync the folder, unlock.
  void install_shard();
  // Releases the lock and forgets the journal (a shard renamed it into place).
  void release();

 private:
  RunFiles files_;
  std::unique_ptr<JournalWriter> writer_;
  std::unique_ptr<JournalReader> previous_;  // the interrupted run's rows (resume)
  std::unique_ptr<RowSink> sink_;
  std::size_t reused_ = 0;
  bool started_over_empty_ = false;
};

struct BuiltResult {
  Summary summary;
  std::string reduce_error;       // non-empty: the reduction threw (rows are written)
  std::size_t failed_points = 0;  // rows with an "error"
};

// Writes the result file at `path` from `rows` (journals of a run or of merged shards):
// header, /table and /series streamed in row order, the experiment's reduction over
// them, its summary and claims, and the status last. Sets the provenance's finished
// time and status. Does not rename: the caller moves `path` into place.
// `missing_rows` > 0 (a partial merge): every claim is set n/a (any of them may depend on
// the missing rows) and the status says "partial".
BuiltResult build_result_file(const std::string& path, const Experiment& experiment, const Sweep& sweep,
                              const RowStore& rows, const RunOptions& options, Provenance& provenance,
                              std::chrono::steady_clock::time_point started, std::size_t missing_rows = 0);

}  // namespace tl
