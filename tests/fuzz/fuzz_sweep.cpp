// libFuzzer harness 1: the sweep grammar and parameter parsing over every registered
// experiment's ParamSpecs. The input is one experiment index byte and then words
// separated by spaces, as the shell would hand them to `theorylab run NAME ...`:
// split_blocks, Sweep::split (which calls assign and expand_sweep), then every point's
// values read back, as the runner does. UsageError is the expected answer to bad input;
// any other exception, crash, sanitizer report or hang is a finding.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_words.hpp"
#include "theorylab/core/error.hpp"
#include "theorylab/core/experiment.hpp"
#include "theorylab/core/sweep.hpp"
#include "theorylab/core/utf8.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1 || size > 4096) return 0;
  const auto experiments = tl::Registry::instance().all(true);
  if (experiments.empty()) return 0;
  const tl::Experiment& experiment = *experiments[data[0] % experiments.size()];
  std::vector<std::string> words;
  tl::fuzz::append_words(data, size, 1, words);
  try {
    tl::Sweep sweep(experiment.info().params);
    sweep.split(tl::split_blocks(words));
    // Read back what the runner and the writer read: sizes, keys, expressions, points.
    const std::size_t points = sweep.size();
    for (const std::string& key : sweep.swept_keys()) {
      const std::string expression = sweep.expression(key);
      if (!tl::is_valid_utf8(expression)) __builtin_trap();  // the writer stores it as UTF-8
    }
    for (std::size_t i = 0; i < points && i < 64; ++i) {
      const auto values = sweep.combination(i);
      for (const auto& spec : sweep.specs()) spec.validate(values.at(spec.name()));
      (void)sweep.block_seeds(sweep.block_of(i));
    }
  } catch (const tl::UsageError&) {
    // bad input, reported as one line and exit 2 by the CLI
  }
  return 0;
}
