#pragma once
// Runs the real binaries from tests: a command line, its exit status, stdout, stderr.
#include <sys/wait.h>

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
// An analysis tool by its short name: tool("inspect") is .../tl-inspect.
inline std::string tool(const std::string& name) { return std::string(THEORYLAB_TOOLS_DIR) + "/tl-" + name; }
inline bool file_exists(const std::string& path) { return access(path.c_str(), F_OK) == 0; }

}  // namespace tl::testing
