#include "theorylab/io/provenance.hpp"

#include <unistd.h>

#include <Eigen/Core>
#include <boost/version.hpp>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <limits>
#include <ctime>
#include <fstream>

#include "theorylab/build_info.hpp"
#include "theorylab/git_commit.hpp"
#include "theorylab/io/h5file.hpp"

// Defined only in a program built with theorylab_add_executable (the CMake package): the
// build identity of that program's own sources (cmake/program_identity.cpp.in).
extern "C" const char* theorylab_program_git_commit() __attribute__((weak));

namespace tl {

std::string theorylab_version() { return THEORYLAB_VERSION; }
std::string git_commit() {
  if (theorylab_program_git_commit) return std::string(theorylab_program_git_commit()) + "+theorylab-" + THEORYLAB_GIT_COMMIT;
  return THEORYLAB_GIT_COMMIT;
}
std::string build_content_hash() { return THEORYLAB_BUILD_CONTENT_HASH; }
std::string compiler() { return THEORYLAB_CXX_COMPILER; }
std::string compiler_flags() { return std::string(THEORYLAB_CXX_FLAGS) + " (" + THEORYLAB_BUILD_TYPE + ")"; }
std::string eigen_version() {
  return std::to_string(EIGEN_WORLD_VERSION) + "." + std::to_string(EIGEN_MAJOR_VERSION) + "." +
         std::to_string(EIGEN_MINOR_VERSION);
}
std::string boost_version() {
  return std::to_string(BOOST_VERSION / 100000) + "." + std::to_string(BOOST_VERSION / 100 % 1000) + "." +
         std::to_string(BOOST_VERSION % 100);
}
std::string hdf5_version() { return h5::library_version(); }

std::string host_name() {
  char buffer[256] = {0};
  if (gethostname(buffer, sizeof buffer - 1) != 0) return "unknown";
  return buffer;
}

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      const auto colon = line.find(':');
      if (colon != std::string::npos) return line.substr(line.find_first_not_of(' ', colon + 1));
    }
  }
  return "unknown";
}

std::string utc_now_iso8601() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

namespace {
// The decimal seed as an integer when it is one that fits in int64; else the text.
ProvenanceValue seed_value(const std::string& text) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) return text;
  errno = 0;
  char* end = nullptr;
  const unsigned long long v = std::strtoull(text.c_str(), &end, 10);
  if (errno == ERANGE || *end != '\0' || v > static_cast<unsigned long long>(std::numeric_limits<std::int64_t>::max()))
    return text;
  return static_cast<std::int64_t>(v);
}
}  // namespace

std::vector<std::pair<std::string, ProvenanceValue>> provenance_attributes(const Provenance& p) {
  std::string arguments;
  for (std::size_t i = 0; i < p.run_arguments.size(); ++i) arguments += (i ? std::string(1, kArgumentSeparator) : "") + p.run_arguments[i];
  return {
      {"experiment", p.experiment},
      {"title", p.title},
      {"source", p.source},
      {"command_line", p.command_line},
      {"seed", seed_value(p.seed)},
      {"preset", p.preset},
      {"seeds", static_cast<std::int64_t>(p.seeds)},
      {"threads", static_cast<std::int64_t>(p.threads)},
      {"theorylab_version", theorylab_version()},
      {"git_commit", git_commit()},
      {"build_content_hash", build_content_hash()},
      {"rows_git_commit", p.rows_git_commit.empty() ? git_commit() : p.rows_git_commit},
      {"run_arguments", arguments},
      {"recorded_sweep", p.recorded_sweep},
      {"compiler", compiler()},
      {"compiler_flags", compiler_flags()},
      {"eigen_version", eigen_version()},
      {"boost_version", boost_version()},
      {"hdf5_version", hdf5_version()},
      {"host", host_name()},
      {"cpu_model", cpu_model()},
      {"started_utc", p.started_utc},
      {"finished_utc", p.finished_utc},
      {"status", p.status},
  };
}

}  // namespace tl
