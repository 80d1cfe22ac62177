#include "theorylab/report/gnuplot.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "theorylab/core/error.hpp"
#include "theorylab/io/durable_io.hpp"
#include "theorylab/report/plot.hpp"
#include "theorylab/report/result_data.hpp"

namespace tl {

namespace fs = std::filesystem;

namespace {

std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// Runs gnuplot on a script file; returns its combined output and whether it exited 0.
std::pair<bool, std::string> run(const std::string& gnuplot, const std::string& script_text) {
  char name[] = "/tmp/tl-gnuplot-XXXXXX";
  const int fd = mkstemp(name);
  if (fd < 0) throw UsageError("cannot create a temporary file for the gnuplot script");
  close(fd);
  std::ofstream(name) << script_text;
  FILE* pipe = popen((shell_quote(gnuplot) + " " + name + " 2>&1").c_str(), "r");
  std::string out;
  bool ok = false;
  if (pipe) {
    char buffer[1024];
    while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
    const int status = pclose(pipe);
    ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }
  std::remove(name);
  return {ok, out};
}

}  // namespace

std::string find_gnuplot() {
  if (const char* env = std::getenv("THEORYLAB_GNUPLOT")) {
    if (access(env, X_OK) != 0) throw UsageError(std::string("gnuplot not found at THEORYLAB_GNUPLOT='") + env + "'");
    return env;
  }
  if (const char* path = std::getenv("PATH"))
    for (const auto& dir : split_list(path, ':')) {
      const std::string candidate = dir + "/gnuplot";
      if (access(candidate.c_str(), X_OK) == 0) return candidate;
    }
  throw UsageError("gnuplot not found on PATH (install gnuplot-nox: apt-get install gnuplot-nox)");
}

bool gnuplot_has_terminal(const std::string& gnuplot, const std::string& terminal) {
  return run(gnuplot, "set terminal " + terminal + "\n").first;
}

std::string with_output(const std::string& script_text, const std::string& output) {
  const std::string key = "\nset output ";
  const auto at = script_text.find(key);
  if (at == std::string::npos) throw std::logic_error("gnuplot script without 'set output'");
  const auto end = script_text.find('\n', at + 1);
  return script_text.substr(0, at) + key + gnuplot_text(output) + script_text.substr(end);
}

std::string render_gnuplot(const std::string& gnuplot, const std::string& script_text, const std::string& output) {
  const fs::path target(output);
  const fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  std::string pattern = (dir / (".tl-plot-XXXXXX" + target.extension().string())).string();
  const int fd = mkstemps(pattern.data(), static_cast<int>(target.extension().string().size()));
  if (fd < 0) throw UsageError("cannot write '" + output + "': folder '" + dir.string() + "' is missing or not writable");
  close(fd);
  const auto [ok, messages] = run(gnuplot, with_output(script_text, pattern));
  std::error_code ec;
  if (!ok || fs::file_size(pattern, ec) == 0 || ec) {
    fs::remove(pattern, ec);
    const auto start = messages.find_first_not_of(" \n");
    std::string first = start == std::string::npos ? "" : messages.substr(start, messages.find('\n', start) - start);
    throw UsageError("gnuplot failed to write '" + output + "': " + (first.empty() ? "no output" : first));
  }
  // mkstemps made it private (0600); a figure is for sharing: rw-r--r--.
  fs::permissions(pattern, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read, ec);
  try {
    sync_path(pattern);              // the image on disk before its name (issue 24: survives a power cut)
    durable_rename(pattern, output);  // rename, then fsync the folder
  } catch (const EnvironmentError&) {
    fs::remove(pattern, ec);
    throw;
  }
  const auto start = messages.find_first_not_of(" \n");
  return start == std::string::npos ? std::string() : messages.substr(start);
}

}  // namespace tl
