#include "theorylab/io/durable_io.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>

namespace fs = std::filesystem;

namespace tl {

void throw_io_error(const std::string& verb, const std::string& path, int e) {
  throw EnvironmentError("cannot " + verb + " '" + path + "': " + std::strerror(e ? e : EIO));
}

bool is_usage_errno(int e) {
  return e == EACCES || e == EPERM || e == ENOENT || e == ENOTDIR || e == EISDIR || e == ENAMETOOLONG || e == EEXIST ||
         e == ELOOP || e == EROFS || e == ENOTEMPTY || e == EXDEV;
}

void sync_path(const std::string& path) {
  int fd;
  do fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  while (fd < 0 && errno == EINTR);
  if (fd < 0) throw_io_error("open", path, errno);
  int rc;
  do rc = ::fsync(fd);
  while (rc != 0 && errno == EINTR);
  const int e = errno;
  ::close(fd);
  // A folder on a file system that cannot sync folders (EINVAL): nothing more to do.
  if (rc != 0 && !(e == EINVAL && fs::is_directory(path))) throw_io_error("sync", path, e);
}

void sync_parent(const std::string& path) {
  const fs::path parent = fs::path(path).parent_path();
  sync_path(parent.empty() ? "." : parent.string());
}

void durable_rename(const std::string& from, const std::string& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) {
    const int e = errno;
    throw EnvironmentError("cannot rename '" + from + "' to '" + to + "': " + std::strerror(e));
  }
  sync_parent(to);
}

void write_file_durably(const std::string& path, const std::string& text, bool executable) {
  const std::string temp = path + ".tmp-" + std::to_string(::getpid());
  int fd;
  do fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, executable ? 0755 : 0644);
  while (fd < 0 && errno == EINTR);
  if (fd < 0) throw_io_error("create", temp, errno);
  std::size_t done = 0;
  int e = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      e = n < 0 ? errno : EIO;
      break;
    }
    done += static_cast<std::size_t>(n);
  }
  if (e == 0) {
    int rc;
    do rc = ::fsync(fd);
    while (rc != 0 && errno == EINTR);
    if (rc != 0) e = errno;
  }
  if (::close(fd) != 0 && e == 0 && errno != EINTR) e = errno;
  if (e != 0) {
    ::unlink(temp.c_str());
    throw_io_error("write", path, e);
  }
  try {
    durable_rename(temp, path);
  } catch (...) {
    ::unlink(temp.c_str());
    throw;
  }
}

void guard_standard_streams() {
  for (int fd = 0; fd <= 2; ++fd) {
    if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    // open returns the lowest free descriptor: this one, since the lower ones are open.
    const int got = ::open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
    if (got >= 0 && got != fd) {  // cannot happen; never leave fd unguarded
      ::dup2(got, fd);
      ::close(got);
    }
    if (got < 0) ::_exit(kExitEnvironment);  // no /dev/null: writing any file would be unsafe
  }
  ::signal(SIGXFSZ, SIG_IGN);
}

namespace {
bool reader_gone(int fd) {
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !(S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode))) return false;
  struct pollfd p {fd, POLLOUT, 0};
  return ::poll(&p, 1, 0) == 1 && (p.revents & POLLERR);
}
}  // namespace

int finish_standard_output(const std::string& program) {
  std::cout.flush();
  errno = 0;
  const bool flushed = std::fflush(stdout) == 0;
  int e = errno;
  if (flushed && !std::ferror(stdout) && !std::cout.bad() && !std::cout.fail()) return 0;
  if (e == EPIPE || reader_gone(STDOUT_FILENO)) return kExitBrokenPipe;
  if (e == 0 && ::write(STDOUT_FILENO, "", 0) < 0) e = errno;  // the cause of an earlier failed write (/dev/full)
  std::cerr << program << ": cannot write standard output: " << (e ? std::strerror(e) : "a write failed") << "\n";
  return kExitEnvironment;
}

int exit_status_after_output(const std::string& program, int status) {
  const int output = finish_standard_output(program);
  if (output == kExitBrokenPipe) return output;
  return status == 0 ? output : status;
}


}  // namespace tl
