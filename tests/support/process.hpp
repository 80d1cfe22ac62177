#pragma once
// Runs the real binaries from tests: a command line, its exit status, stdout, stderr.
#include <sys/resource.h>
#include <sys/wait.h>

#include <cerrno>
#include <stdexcept>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <unistd.h>

namespace tl::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out, err;
};

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A fresh empty directory under $TMPDIR (or /tmp), removed by the OS, not by us.
inline std::string temp_dir(const std::string& tag) {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base ? base : "/tmp") + "/theorylab-" + tag + "-XXXXXX";
  char* made = mkdtemp(pattern.data());
  if (!made) throw std::runtime_error("cannot create a temporary directory");
  return pattern;
}

// Runs `command` through /bin/sh with stdout and stderr captured.
inline CommandResult run_command(const std::string& command) {
  static int counter = 0;
  const std::string dir = temp_dir("cmd" + std::to_string(counter++));
  const std::string out = dir + "/out", err = dir + "/err";
  const std::string full = command + " >" + out + " 2>" + err + " </dev/null";
  const int status = std::system(full.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_file(out);
  r.err = read_file(err);
  return r;
}

inline std::string theorylab_bin() { return THEORYLAB_BIN; }
#ifdef THEORYLAB_FIXTURES_BIN
// The command line over the harness's fixture experiments only (tests/support).
inline std::string fixtures_bin() { return THEORYLAB_FIXTURES_BIN; }
#endif

// A command started in the background (through /bin/sh, exec'd so that its pid is the
// program's), with stdout and stderr in files.
struct Child {
  pid_t pid = -1;
  std::string out, err;  // paths
};

inline Child start_command(const std::string& command) {
  static int counter = 0;
  const std::string dir = temp_dir("child" + std::to_string(counter++));
  Child c{-1, dir + "/out", dir + "/err"};
  const std::string full = "exec " + command + " >" + c.out + " 2>" + c.err + " </dev/null";
  c.pid = fork();
  if (c.pid == 0) {
    execl("/bin/sh", "sh", "-c", full.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  if (c.pid < 0) throw std::runtime_error("fork failed");
  return c;
}

struct ChildExit {
  int status = -1;          // exit code, or 128 + signal when killed by a signal
  long peak_rss_kb = 0;     // ru_maxrss of the child
  std::string out, err;
};

inline ChildExit wait_child(const Child& c) {
  int status = 0;
  struct rusage usage {};
  while (wait4(c.pid, &status, 0, &usage) < 0 && errno == EINTR) {
  }
  ChildExit e;
  e.status = WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : -1;
  e.peak_rss_kb = usage.ru_maxrss;
  e.out = read_file(c.out);
  e.err = read_file(c.err);
  return e;
}
// An analysis tool by its short name: tool("inspect") is .../tl-inspect.
inline std::string tool(const std::string& name) { return std::string(THEORYLAB_TOOLS_DIR) + "/tl-" + name; }
inline bool file_exists(const std::string& path) { return access(path.c_str(), F_OK) == 0; }

}  // namespace tl::testing
