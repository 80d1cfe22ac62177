#pragma once
// What every file theorylab and its tools write goes through, and what every binary
// does with its standard streams (issue 24):
//
// - EnvironmentError: the environment failed, not the input and not the code: a full
//   disk, an I/O error, a file size limit, no locks. One line naming the file and the
//   cause, exit status 4 (kExitEnvironment); a run's rows stay in its journal and
//   `--resume` continues it.
// - Crash consistency: a file is written under a temporary name, fsync'd, renamed into
//   place, and its folder fsync'd, so after exit 0 the file survives a power cut.
// - Standard streams: a binary started with fd 0, 1 or 2 closed gets /dev/null there
//   before it opens any file (else its first file would become "stdout" or "stderr");
//   stdout is flushed and checked at exit (a full disk or a closed pipe is not exit 0).
#include <stdexcept>
#include <string>

namespace tl {

// Exit status of an environment failure (disk full, I/O error, no locks): the rows
// saved so far are kept, the run is resumable. Distinct from 2 (bad input) and 3 (bug).
inline constexpr int kExitEnvironment = 4;
// Exit status when stdout is a pipe whose reader has gone (as if killed by SIGPIPE).
inline constexpr int kExitBrokenPipe = 141;

class EnvironmentError : public std::runtime_error {
 public:
  explicit EnvironmentError(const std::string& message) : std::runtime_error(message) {}
};

// "cannot write 'PATH': No space left on device" as an EnvironmentError, from errno `e`.
[[noreturn]] void throw_io_error(const std::string& verb, const std::string& path, int e);

// What a std::filesystem error is: bad input (a path that does not exist, is not a
// folder, cannot be written for permissions: exit 2) or the environment's (a full disk, an
// I/O error: exit 4). Every command and tool maps std::filesystem::filesystem_error by it.
bool is_usage_errno(int e);

// fsync(2) of `path` (a file or a folder); throws EnvironmentError when it fails.
void sync_path(const std::string& path);
// fsync of the folder holding `path` (the rename or unlink of a name in it is durable).
void sync_parent(const std::string& path);
// rename(2) `from` to `to`, then fsync their folder. `from` must already be synced.
void durable_rename(const std::string& from, const std::string& to);
// `text` into `path` durably: written to "PATH.tmp-PID", fsync'd, renamed, the folder
// fsync'd. Throws EnvironmentError (nothing half-written under `path`).
void write_file_durably(const std::string& path, const std::string& text, bool executable = false);

// fds 0, 1, 2 that are closed are opened on /dev/null. Call first thing in main().
// Also ignores SIGXFSZ, so a file size limit (ulimit -f) is a write error (EFBIG),
// reported like a full disk, not a kill.
void guard_standard_streams();

// Flushes std::cout and stdout and checks that everything written reached the file:
// 0 when it did; kExitBrokenPipe, quietly, when stdout is a pipe nobody reads; else one
// line "PROGRAM: cannot write standard output: REASON" on stderr and kExitEnvironment.
int finish_standard_output(const std::string& program);
// main()'s last word: `status`, or finish_standard_output's failure if `status` is 0 (a
// broken pipe wins over any status: nobody reads it).
int exit_status_after_output(const std::string& program, int status);

}  // namespace tl
