#pragma once
// A real run of fixture_mean (support/fixture_experiment.hpp, registered by the test
// binary), written as the CLI writes it, with the declared figures the caller gives.
#include <cstdint>
#include <string>
#include <vector>

#include "theorylab/core/experiment.hpp"
#include "theorylab/core/runner.hpp"
#include "theorylab/io/result_file.hpp"

namespace tl::testing {

// DIR/run.h5: fixture_mean over n = 4, 8, 16 (nothing else swept), 2 replicates.
inline std::string write_fixture_mean_run(const std::string& dir, std::uint64_t seed, const std::vector<Figure>& figures = {}) {
  const auto& e = Registry::instance().find("fixture_mean");
  Sweep sweep(e.info().params);
  sweep.assign("n=4,8,16");
  RunOptions o;
  o.progress = false;
  o.seeds = 2;
  o.seed = seed;
  const auto outcome = run_experiment(e, sweep, o);
  Provenance p;
  p.experiment = "fixture_mean";
  p.title = "fixture";
  p.source = "none";
  p.preset = "none";
  p.command_line = "theorylab run fixture_mean n=4,8,16 --seeds 2";
  p.seed = std::to_string(seed);
  p.seeds = 2;
  p.status = "complete";
  p.started_utc = p.finished_utc = utc_now_iso8601();
  const std::string path = dir + "/run.h5";
  write_result_file(path, p, sweep, outcome, figures);
  return path;
}

}  // namespace tl::testing
