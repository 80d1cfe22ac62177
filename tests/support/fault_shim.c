/* Fault injection for the end-to-end tests (issue 24): an LD_PRELOAD library that makes
 * the n-th system call of a kind fail, or kills the process there, so that a test can
 * walk n over every write site of a run.
 *
 *   TL_FAULT_CALLS  which calls count, comma-separated: write (write, pwrite, writev,
 *                   ftruncate), sync (fsync, fdatasync), rename, open (an open that
 *                   creates or writes), flock; default "write,sync,rename,open"
 *   TL_FAULT_DIR    only calls on files under this folder count (by path, or the fd's
 *                   /proc/self/fd link); required, so stdout, stderr and libraries never do
 *   TL_FAULT_AT     the 1-based index of the counted call to fault (0 or unset: none)
 *   TL_FAULT_ERRNO  ENOSPC (default), EIO, EINTR, ENOLCK, EDQUOT, EFBIG
 *   TL_FAULT_KILL   1: SIGKILL the process at that call instead (a crash or power cut
 *                   between two system calls)
 *   TL_FAULT_FLOCK  ENOLCK, ENOSYS or EOPNOTSUPP: every flock() fails so (a file system
 *                   without flock), independent of the counting above
 *   TL_FAULT_REPORT a file: at exit, "COUNT\n" (the counted calls) is written there, so a
 *                   test learns how many injection points a run has
 *   TL_FAULT_TRACE  a file: one line per counted call ("rename FROM TO", "fsync PATH",
 *                   ...) and per unlink under TL_FAULT_DIR, in order, so a test can check
 *                   that a file is synced before its rename and the journal removed after
 *
 * A faulted call fails once (the n-th); later calls succeed, as on a disk that filled
 * and was then freed, unless TL_FAULT_STICKY=1 (every call from the n-th fails).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

static atomic_long counted;
static long fault_at = 0;
static int fault_errno = ENOSPC;
static int fault_kill = 0, sticky = 0;
static int flock_errno = 0;
static const char* dir = NULL;
static size_t dir_len = 0;
static int kinds = 0; /* bits */
enum { K_WRITE = 1, K_SYNC = 2, K_RENAME = 4, K_OPEN = 8, K_FLOCK = 16 };
static int ready = 0;
static int trace_fd = -1;

static void trace(const char* what, const char* a, const char* b) {
  if (trace_fd < 0) return;
  char line[2 * PATH_MAX + 64];
  const int n = snprintf(line, sizeof line, "%s %s%s%s\n", what, a ? a : "", b ? " " : "", b ? b : "");
  ssize_t (*real_write)(int, const void*, size_t) = (ssize_t(*)(int, const void*, size_t))dlsym(RTLD_NEXT, "write");
  if (n > 0) (void)!real_write(trace_fd, line, (size_t)(n < (int)sizeof line ? n : (int)sizeof line - 1));
}

static void fd_path(int fd, char* target, size_t size) {
  char link[64];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  const ssize_t n = readlink(link, target, size - 1);
  target[n > 0 ? n : 0] = '\0';
}

static int errno_named(const char* name, int fallback) {
  if (!name || !*name) return fallback;
  if (!strcmp(name, "ENOSPC")) return ENOSPC;
  if (!strcmp(name, "EIO")) return EIO;
  if (!strcmp(name, "EINTR")) return EINTR;
  if (!strcmp(name, "ENOLCK")) return ENOLCK;
  if (!strcmp(name, "ENOSYS")) return ENOSYS;
  if (!strcmp(name, "EOPNOTSUPP")) return EOPNOTSUPP;
  if (!strcmp(name, "EDQUOT")) return EDQUOT;
  if (!strcmp(name, "EFBIG")) return EFBIG;
  return fallback;
}

static void report(void) {
  const char* path = getenv("TL_FAULT_REPORT");
  if (!path || !*path) return;
  char text[32];
  const int n = snprintf(text, sizeof text, "%ld\n", (long)atomic_load(&counted));
  int (*real_open)(const char*, int, ...) = (int (*)(const char*, int, ...))dlsym(RTLD_NEXT, "open");
  ssize_t (*real_write)(int, const void*, size_t) = (ssize_t(*)(int, const void*, size_t))dlsym(RTLD_NEXT, "write");
  const int fd = real_open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return;
  (void)!real_write(fd, text, (size_t)n);
  close(fd);
}

__attribute__((constructor)) static void setup(void) {
  dir = getenv("TL_FAULT_DIR");
  dir_len = dir ? strlen(dir) : 0;
  const char* at = getenv("TL_FAULT_AT");
  fault_at = at ? atol(at) : 0;
  fault_errno = errno_named(getenv("TL_FAULT_ERRNO"), ENOSPC);
  fault_kill = getenv("TL_FAULT_KILL") && !strcmp(getenv("TL_FAULT_KILL"), "1");
  sticky = getenv("TL_FAULT_STICKY") && !strcmp(getenv("TL_FAULT_STICKY"), "1");
  flock_errno = errno_named(getenv("TL_FAULT_FLOCK"), 0);
  const char* calls = getenv("TL_FAULT_CALLS");
  if (!calls || !*calls) calls = "write,sync,rename,open";
  if (strstr(calls, "write")) kinds |= K_WRITE;
  if (strstr(calls, "sync")) kinds |= K_SYNC;
  if (strstr(calls, "rename")) kinds |= K_RENAME;
  if (strstr(calls, "open")) kinds |= K_OPEN;
  if (strstr(calls, "flock")) kinds |= K_FLOCK;
  atexit(report);
  const char* trace_path = getenv("TL_FAULT_TRACE");
  if (trace_path && *trace_path) {
    int (*real_open)(const char*, int, ...) = (int (*)(const char*, int, ...))dlsym(RTLD_NEXT, "open");
    trace_fd = real_open(trace_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  }
  ready = 1;
}

static int under_dir(const char* path) {
  if (!ready || !dir_len || !path) return 0;
  if (path[0] != '/') { /* relative: resolve against the working directory */
    char full[2 * PATH_MAX];
    if (!getcwd(full, PATH_MAX)) return 0;
    strncat(full, "/", sizeof full - strlen(full) - 1);
    strncat(full, path, sizeof full - strlen(full) - 1);
    return strncmp(full, dir, dir_len) == 0;
  }
  return strncmp(path, dir, dir_len) == 0;
}

static int fd_under_dir(int fd) {
  if (!ready || !dir_len || fd < 0) return 0;
  char link[64], target[PATH_MAX];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  const ssize_t n = readlink(link, target, sizeof target - 1);
  if (n <= 0) return 0;
  target[n] = '\0';
  return strncmp(target, dir, dir_len) == 0;
}

/* 1 when this counted call is to fail (errno set); kills the process when asked. */
static int fault_here(int kind, int relevant) {
  if (!(kinds & kind) || !relevant) return 0;
  const long n = atomic_fetch_add(&counted, 1) + 1;
  if (fault_at <= 0 || (sticky ? n < fault_at : n != fault_at)) return 0;
  if (fault_kill) {
    kill(getpid(), SIGKILL);
    pause();
  }
  errno = fault_errno;
  return 1;
}

#define REAL(name) \
  static __typeof__(&name) real_##name; \
  if (!real_##name) real_##name = (__typeof__(&name))dlsym(RTLD_NEXT, #name)

ssize_t write(int fd, const void* buf, size_t n) {
  REAL(write);
  if (fd > 2 && fault_here(K_WRITE, fd_under_dir(fd))) return -1;
  return real_write(fd, buf, n);
}

ssize_t pwrite(int fd, const void* buf, size_t n, off_t off) {
  REAL(pwrite);
  if (fault_here(K_WRITE, fd_under_dir(fd))) return -1;
  return real_pwrite(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void* buf, size_t n, off_t off) {
  REAL(pwrite64);
  if (fault_here(K_WRITE, fd_under_dir(fd))) return -1;
  return real_pwrite64(fd, buf, n, off);
}

ssize_t writev(int fd, const struct iovec* iov, int count) {
  REAL(writev);
  if (fd > 2 && fault_here(K_WRITE, fd_under_dir(fd))) return -1;
  return real_writev(fd, iov, count);
}

int ftruncate(int fd, off_t length) {
  REAL(ftruncate);
  if (fault_here(K_WRITE, fd_under_dir(fd))) return -1;
  return real_ftruncate(fd, length);
}

int ftruncate64(int fd, off_t length) {
  REAL(ftruncate64);
  if (fault_here(K_WRITE, fd_under_dir(fd))) return -1;
  return real_ftruncate64(fd, length);
}

int fsync(int fd) {
  REAL(fsync);
  if (trace_fd >= 0 && fd_under_dir(fd)) {
    char path[PATH_MAX];
    fd_path(fd, path, sizeof path);
    trace("fsync", path, NULL);
  }
  if (fault_here(K_SYNC, fd_under_dir(fd))) return -1;
  return real_fsync(fd);
}

int fdatasync(int fd) {
  REAL(fdatasync);
  if (trace_fd >= 0 && fd_under_dir(fd)) {
    char path[PATH_MAX];
    fd_path(fd, path, sizeof path);
    trace("fdatasync", path, NULL);
  }
  if (fault_here(K_SYNC, fd_under_dir(fd))) return -1;
  return real_fdatasync(fd);
}

int rename(const char* from, const char* to) {
  REAL(rename);
  if (under_dir(to)) trace("rename", from, to);
  if (fault_here(K_RENAME, under_dir(to))) return -1;
  return real_rename(from, to);
}

int unlink(const char* path) {
  REAL(unlink);
  if (under_dir(path)) trace("unlink", path, NULL);
  return real_unlink(path);
}

int renameat(int a, const char* from, int b, const char* to) {
  REAL(renameat);
  if (under_dir(to)) trace("rename", from, to);
  if (fault_here(K_RENAME, under_dir(to))) return -1;
  return real_renameat(a, from, b, to);
}

static int writes(int flags) { return (flags & (O_CREAT | O_WRONLY | O_RDWR | O_TRUNC)) != 0; }

int open(const char* path, int flags, ...) {
  REAL(open);
  mode_t mode = 0;
  if (flags & (O_CREAT | O_TMPFILE)) {
    va_list ap;
    va_start(ap, flags);
    mode = (mode_t)va_arg(ap, int);
    va_end(ap);
  }
  if (writes(flags) && fault_here(K_OPEN, under_dir(path))) return -1;
  return real_open(path, flags, mode);
}

int open64(const char* path, int flags, ...) {
  REAL(open64);
  mode_t mode = 0;
  if (flags & (O_CREAT | O_TMPFILE)) {
    va_list ap;
    va_start(ap, flags);
    mode = (mode_t)va_arg(ap, int);
    va_end(ap);
  }
  if (writes(flags) && fault_here(K_OPEN, under_dir(path))) return -1;
  return real_open64(path, flags, mode);
}

int openat(int at, const char* path, int flags, ...) {
  REAL(openat);
  mode_t mode = 0;
  if (flags & (O_CREAT | O_TMPFILE)) {
    va_list ap;
    va_start(ap, flags);
    mode = (mode_t)va_arg(ap, int);
    va_end(ap);
  }
  if (writes(flags) && fault_here(K_OPEN, under_dir(path))) return -1;
  return real_openat(at, path, flags, mode);
}

int flock(int fd, int operation) {
  REAL(flock);
  if (flock_errno && ready) {
    errno = flock_errno;
    return -1;
  }
  if (fault_here(K_FLOCK, fd_under_dir(fd))) return -1;
  return real_flock(fd, operation);
}
