// libFuzzer harness 2: the whole argument validation of `theorylab run`, in process and
// without writing any file: parse_run_request (options, preset, sweep, seed, shard, and
// every combination through the experiment's validate()), then the plan that
// `--dry-run` prints and the run's points and seeds. The input is one experiment index
// byte and then words separated by spaces, as the shell would hand them to
// `theorylab run NAME ...`; index 255 passes no name (the words alone). UsageError is
// the expected answer to bad input; any other exception, crash, sanitizer report or
// hang is a finding.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz_words.hpp"
#include "plan.hpp"
#include "run_request.hpp"
#include "theorylab/core/error.hpp"
#include "theorylab/core/experiment.hpp"
#include "theorylab/core/sweep_points.hpp"

namespace {
constexpr std::size_t kMaxInput = 4096;
constexpr std::size_t kMaxPointsRead = 64;  // points whose seeds are derived per input
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1 || size > kMaxInput) return 0;
  const auto experiments = tl::Registry::instance().all(true);
  if (experiments.empty()) return 0;
  std::vector<std::string> words;
  if (data[0] != 255) words.push_back(experiments[data[0] % experiments.size()]->info().name);
  tl::fuzz::append_words(data, size, 1, words);
  try {
    const tl::cli::RunRequest r = tl::cli::parse_run_request(words);
    if (r.help) return 0;
    std::ostringstream plan;
    tl::cli::print_plan(plan, r);
    const tl::SweepPoints points(r.sweep, r.options.seeds, r.options.seed);
    for (std::size_t i = 0; i < points.size() && i < kMaxPointsRead; ++i) (void)points.point(i);
  } catch (const tl::UsageError&) {
    // bad input, reported as one line and exit 2 by the CLI
  }
  return 0;
}
