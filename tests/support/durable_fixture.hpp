#pragma once
// A fixture experiment for testing durable runs through the real command line
// (theorylab-fixtures): cheap points with a fixed-shape, a ragged and a 2-D series;
// points that sleep, checking for cancellation; a point that loops until cancelled;
// and a count of run_point calls (one line "ROW\n" appended per call to the file named
// by $THEORYLAB_FIXTURE_COUNT, so a test can prove no durable row ran twice).
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>
#include <thread>

#include "theorylab/core/cancellation.hpp"
#include "theorylab/core/experiment.hpp"

namespace tl::testing {

class FixtureDurable final : public Experiment {
 public:
  ExperimentInfo info() const override {
    ExperimentInfo i;
    i.name = "fixture_durable";
    i.title = "durable-run harness fixture";
    i.source = "none (test fixture)";
    i.description = "Sums n normals; optionally sleeps or loops until cancelled; records run_point calls.";
    i.params = {integer("a", 1).between(0, 1000000).help("first axis"),
                integer("b", 1).between(0, 1000000).help("second axis"),
                integer("n", 4).between(1, 1000000).help("normals per point"),
                real("sleep_ms", 0.0).between(0, 60000).unit("ms").help("sleep per point, checking cancellation every ms"),
                integer("heavy_every", 0).between(0, 1000000).help("rows i with i % heavy_every == 0 sleep 10x (0: none)"),
                choice("mode", "plain", {"plain", "loop", "fail"}).help("loop: spin until cancelled; fail: throw"),
                flag("series", true).help("record series (fixed, ragged, 2-D)")};
    i.presets = {{"quick", {"a=1,2,3", "b=1,2"}, "six points", 1}, {"default", {"a=1,2"}, "two points", 1}};
    i.claims = {{"mean_small", "the mean of the row means is within 6 standard errors of 0", "the law of large numbers"},
                ClaimSpec{"draws_positive", "every row drew at least one normal", "the fixture"}.exact("a count")};
    i.main_columns = {"mean"};
    i.axes = {"a", "b", "n", "sleep_ms", "heavy_every", "mode", "series"};  // reduce pools every row
    i.hidden = true;
    return i;
  }

  Row run_point(const Point& p, Rng& rng) const override {
    record_call(p.index());
    if (p.text("mode") == "fail") throw std::runtime_error("fixture failure");
    if (p.text("mode") == "loop")
      for (;;) throw_if_cancelled();  // stops only when cancelled
    const std::int64_t heavy = p.integer("heavy_every");
    const double sleep_ms = p.real("sleep_ms") * (heavy > 0 && p.index() % static_cast<std::size_t>(heavy) == 0 ? 10 : 1);
    const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(static_cast<long>(sleep_ms * 1000));
    while (std::chrono::steady_clock::now() < until) {
      throw_if_cancelled();
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    const std::int64_t n = p.integer("n");
    double sum = 0;
    for (std::int64_t k = 0; k < n; ++k) sum += rng.normal();
    Row row;
    row.set("mean", sum / static_cast<double>(n), "1").set("draws", n).set("label", "row" + std::to_string(p.index()));
    if (p.flag("series")) {
      row.series("fixed", std::vector<double>{sum, sum * 2, sum * 3}, "1");
      std::vector<double> ragged(p.index() % 3 + 1, sum);
      row.series("ragged", ragged);
      Eigen::MatrixXd m(2, 2);
      m << sum, 1, 2, sum;
      row.series("trace", m, "1", {"x", "y"});
    }
    return row;
  }

  void reduce(const RunResults& results, Summary& summary) const override {
    double total = 0, count = 0;
    for (const Row& r : results.rows())  // one row in memory at a time
      if (!r.has("error")) total += r.real("mean") * std::sqrt(r.real("draws")), ++count;
    const double z = count > 0 ? total / std::sqrt(count) : 0;
    // A reduction edited after the rows were computed (`theorylab reduce` tests): the
    // bound from $THEORYLAB_FIXTURE_BOUND, and a column it now needs from
    // $THEORYLAB_FIXTURE_NEEDS.
    const char* bound = std::getenv("THEORYLAB_FIXTURE_BOUND");
    const char* needs = std::getenv("THEORYLAB_FIXTURE_NEEDS");
    if (needs && *needs) (void)results.column(needs);
    summary.claim("mean_small").expect_at_most(std::fabs(z), bound && *bound ? std::atof(bound) : 6.0);
    std::int64_t fewest = std::numeric_limits<std::int64_t>::max();
    for (const Row& r : results.rows())
      if (!r.has("error")) fewest = std::min(fewest, r.integer("draws"));
    summary.claim("draws_positive").with_samples(static_cast<long>(count)).expect_at_least(static_cast<double>(fewest), 1);
    summary.scalar("z", z, "1", "standardised mean of row means");
  }

 private:
  static void record_call(std::size_t row) {
    const char* path = std::getenv("THEORYLAB_FIXTURE_COUNT");
    if (!path || !*path) return;
    const int fd = ::open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return;
    const std::string line = std::to_string(row) + "\n";
    (void)!::write(fd, line.data(), line.size());  // O_APPEND: one atomic append
    ::close(fd);
  }
};

}  // namespace tl::testing
