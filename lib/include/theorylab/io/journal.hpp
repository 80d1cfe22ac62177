#pragma once
// The run journal: an append-only file of finished rows, written as each row finishes,
// from which the result file is built when the run completes. It is what makes a run
// durable: a run killed at any instant (kill -9 included) keeps every row whose record
// was written, and `--resume` continues from it.
//
// Why a journal and not chunked appends to the HDF5 file: HDF5 1.10 gives no guarantee
// for a file that is open for writing when the process dies (its metadata cache may be
// half-flushed, and the file unreadable). A journal of self-checking records can always
// be read back up to its last complete record.
//
// Layout (little-endian, this machine's doubles):
//   "theorylab journal 1\n"                                   20-byte header
//   record*:  u32 magic 'TLR1' | u32 n | u64 row | u64 point_hash | n payload bytes | u32 crc32
// crc32 (Boost.CRC) covers row, point_hash and the payload. The first record (row =
// kIdentityRow) holds the run's identity; every other record one row. A torn or
// corrupt last record is detected and dropped (the file is truncated to the last good
// record on resume). Records are written with one write(2) each, and fdatasync'd at
// most once a second, so a crash of the process loses nothing that was handed over.
//
// One writer per journal: the writer holds an exclusive flock(2) on it for its life.
// Where flock(2) does not work (ENOLCK, ENOSYS, EOPNOTSUPP: NFS without lockd, Lustre
// mounted noflock), it holds a lock file JOURNAL.lock instead, created atomically
// (O_CREAT | O_EXCL) and naming its host, pid and start time (see JournalWriter::lock).
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "theorylab/core/row.hpp"
#include "theorylab/core/run_results.hpp"
#include "theorylab/core/sweep_points.hpp"

namespace tl {

// What must be equal for rows of two runs to belong together (resume, shards, merge).
struct RunIdentity {
  std::string experiment;
  std::string version;   // theorylab version and git commit
  std::string sweep;     // canonical_sweep(): every block's expanded values and replicates
  std::string seed;      // run seed, decimal
  std::uint64_t rows = 0;      // rows of the whole sweep
  std::uint64_t shard = 0, shards = 1;  // this file holds rows with row % shards == shard
  // The words that define the sweep (experiment, key=value and '+', --preset, --seeds,
  // --seed), so that `theorylab merge` can rebuild the run from its shards.
  std::vector<std::string> arguments;

  std::uint64_t shard_rows() const { return rows / shards + (shard < rows % shards ? 1 : 0); }

  std::string sweep_hash() const;  // 16 hex digits of FNV-1a over sweep text
  // "" when `other` describes the same sweep (shard fields ignored), else a one-line
  // description of the first field that differs, naming both values.
  std::string difference(const RunIdentity& other) const;
  std::string encode() const;
  static RunIdentity decode(const std::string& text);  // throws UsageError if malformed
};

inline constexpr std::uint64_t kIdentityRow = ~std::uint64_t{0};

// Bytes of a row (scalars, units, series with shapes and column names). The point is
// not stored: the reader recomputes it from the sweep and checks its hash.
std::string encode_row(const Row& row);
Row decode_row(const std::string& bytes);  // throws std::runtime_error if malformed

// Appends rows; thread-safe. Construction takes the lock or throws UsageError naming
// the process that holds it.
class JournalWriter {
 public:
  // Opens `path` (creating it if absent) and takes its lock, or throws UsageError
  // naming the process that holds it (a journal this call created is removed again).
  // Nothing is written yet. Without flock, the lock file PATH.lock: one of a dead process
  // of this host is taken over, one of another host refused (naming it and --no-lock).
  // `no_lock`: no lock at all (the user's --no-lock).
  // Why this choice: flock is the only lock released by the kernel when its holder dies
  // (kill -9, a node crash), so it stays the first choice; fcntl/POSIX locks go through
  // the same lock manager on NFS (no lockd: ENOLCK too) and are dropped by any close() of
  // the file in the process. An O_EXCL file works wherever files can be created, and its
  // staleness can be decided on the holder's host, where its pid means something.
  static std::unique_ptr<JournalWriter> lock(const std::string& path, bool no_lock = false);
  // Starts a new journal: empties the file, writes the header and the identity.
  void start(const RunIdentity& identity);
  // Continues an existing journal after its last complete record (a torn tail is cut).
  void continue_after(std::uint64_t valid_bytes);
  ~JournalWriter();  // syncs and releases the lock

  void append(const Row& row);   // one record; row.point() gives its index and hash
  void sync();                    // fsync now (throws EnvironmentError on failure)
  const std::string& path() const { return path_; }
  bool created() const { return created_; }  // the file did not exist before lock()
  void remove_file();                         // unlink the journal (the lock is kept)

 private:
  JournalWriter(std::string path, int fd);
  void write_record(std::uint64_t row, std::uint64_t hash, const std::string& payload);
  std::string path_;
  int fd_ = -1;
  std::mutex mutex_;
  double last_sync_ = 0;
  std::string lock_file_;  // the fallback lock file, removed with the writer
  bool created_ = false;
  bool removed_ = false;
};

// True for a journal that holds no complete identity record: 0 bytes, a part of the
// header, or the header and a torn identity (a run killed as it created it). Such a file
// has no rows; `--resume` starts it over (a requeued Slurm task, issue 24 item 2).
bool journal_without_identity(const std::string& path);

// Reads a journal: its identity and where each row's record is. Rows recorded twice
// (cannot happen in one journal, but may across shards) keep the first record.
class JournalReader {
 public:
  // Throws UsageError for a missing file or one that is not a theorylab journal.
  explicit JournalReader(const std::string& path);
  ~JournalReader();
  JournalReader(const JournalReader&) = delete;
  JournalReader& operator=(const JournalReader&) = delete;

  const RunIdentity& identity() const { return identity_; }
  const std::string& path() const { return path_; }
  std::uint64_t valid_bytes() const { return valid_bytes_; }  // up to the last good record
  bool torn_tail() const { return torn_; }                    // bytes after it were dropped
  std::size_t row_count() const { return count_; }
  // Offset of row i's record, or 0 when the journal has no such row.
  std::uint64_t offset(std::uint64_t row) const { return row < offsets_.size() ? offsets_[row] : 0; }
  bool has(std::uint64_t row) const { return offset(row) != 0; }
  std::uint64_t point_hash_at(std::uint64_t offset) const;
  // The row recorded at `offset`, its point restored from `points` and checked.
  Row read(std::uint64_t offset, const SweepPoints& points) const;

 private:
  std::string path_;
  int fd_ = -1;
  RunIdentity identity_;
  std::vector<std::uint64_t> offsets_;  // by row index; 0: absent
  std::size_t count_ = 0;
  std::uint64_t valid_bytes_ = 0;
  bool torn_ = false;
};

// Rows of one or more journals (a run, or the shards of a merge) in row order, as a
// RowStore: row(i) decodes row i's record on demand; columns come from `columns`
// (the result file being written) when given.
class JournalRowStore final : public RowStore {
 public:
  JournalRowStore(std::vector<const JournalReader*> journals, const SweepPoints& points, const RowStore* columns);
  std::size_t size() const override { return points_.size(); }
  std::vector<std::string> column_names() const override;
  Column column(const std::string& name) const override;
  Row row(std::size_t i) const override;
  bool has(std::size_t i) const;

 private:
  std::vector<const JournalReader*> journals_;
  const SweepPoints& points_;
  const RowStore* columns_;
};

// Who holds the lock on `path` ("pid 1234: theorylab run ..."), or "" if nobody.
std::string lock_holder(const std::string& path);

}  // namespace tl
