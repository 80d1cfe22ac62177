#include "recorded_run.hpp"

#include <algorithm>
#include <set>
#include <sstream>

#include "theorylab/core/error.hpp"
#include "theorylab/core/sweep_points.hpp"

namespace tl::cli {

namespace {

const char* const kRebuildFailed = "the recorded sweep cannot be rebuilt by this theorylab";

// A canonical sweep's tokens ("key=v1,v2", ..., "replicates=R") block by block, the
// "block B:" labels left out; with `without`, the tokens of those keys left out too.
using Blocks = std::vector<std::vector<std::string>>;
Blocks blocks_of(const std::string& canonical, const std::set<std::string>& without = {}) {
  Blocks blocks;
  std::istringstream lines(canonical);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream tokens(line);
    std::string token;
    tokens >> token >> token;  // "block", "B:"
    blocks.emplace_back();
    while (tokens >> token) {
      const auto eq = token.find('=');
      if (eq == std::string::npos || eq == 0) throw UsageError(std::string(kRebuildFailed) + ": malformed record '" + token + "'");
      if (!without.count(token.substr(0, eq))) blocks.back().push_back(token);
    }
  }
  return blocks;
}

// The sweep words of recorded blocks ("key=v1,v2", "seeds=R", "+"), and the parameter
// names they record.
std::vector<std::string> sweep_words(const Blocks& blocks, std::set<std::string>& keys) {
  std::vector<std::string> words;
  for (const auto& block : blocks) {
    if (!words.empty()) words.push_back("+");
    for (const std::string& token : block) {
      const std::string key = token.substr(0, token.find('='));
      if (key == "replicates") {
        words.push_back("seeds=" + token.substr(key.size() + 1));
      } else {
        keys.insert(key);
        words.push_back(token);
      }
    }
  }
  return words;
}

}  // namespace

RunRequest rebuild_recorded_run(const RunIdentity& identity, std::string* note) {
  RunRequest r;
  try {
    r = parse_run_request(identity.arguments);
    if (canonical_sweep(r.sweep, r.options.seeds) == identity.sweep &&
        SweepPoints(r.sweep, r.options.seeds, r.options.seed).size() == identity.rows)
      return r;
  } catch (const UsageError&) {  // e.g. a preset this build no longer has: the recorded values decide
    if (identity.sweep.empty()) throw;
    r = parse_run_request({identity.experiment, "--preset", "none", "--seed", identity.seed});
  }
  std::set<std::string> recorded;
  const Blocks recorded_blocks = blocks_of(identity.sweep);
  const std::vector<std::string> words = sweep_words(recorded_blocks, recorded);
  std::set<std::string> added;
  for (const ParamSpec& spec : r.info.params)
    if (!recorded.count(spec.name())) added.insert(spec.name());
  for (const std::string& key : recorded)
    if (std::none_of(r.info.params.begin(), r.info.params.end(), [&](const ParamSpec& s) { return s.name() == key; }))
      throw UsageError(std::string(kRebuildFailed) + ": it records parameter '" + key + "', which " + r.info.name +
                       " no longer has");
  Sweep sweep(r.info.params);
  try {
    sweep.split(split_blocks(words));
  } catch (const UsageError& e) {
    throw UsageError(std::string(kRebuildFailed) + ": " + e.what());
  }
  if (blocks_of(canonical_sweep(sweep, r.options.seeds), added) != recorded_blocks ||
      SweepPoints(sweep, r.options.seeds, r.options.seed).size() != identity.rows)
    throw UsageError(std::string(kRebuildFailed) + " (" + std::to_string(identity.rows) + " rows recorded)");
  r.sweep = sweep;
  r.unrecorded_keys = added;
  if (note) {
    std::string names;
    for (const std::string& k : added) names += (names.empty() ? "" : ", ") + k;
    *note = "the recorded sweep rebuilt from its recorded values (this build's defaults differ" +
            (names.empty() ? std::string(")") : "; added at their defaults: " + names + ")");
  }
  return r;
}

}  // namespace tl::cli
