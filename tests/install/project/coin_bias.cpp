// A user's own experiment, built out of tree against the installed theorylab (the
// install tests, tests/install/install_test.sh): the frequency of heads of a biased coin.
// One parameter swept, presets, a claim with its resolution, a cost model.
#include <cmath>

#include "theorylab/core/experiment.hpp"

namespace {

class CoinBias final : public tl::Experiment {
 public:
  tl::ExperimentInfo info() const override {
    tl::ExperimentInfo i;
    i.name = "coin_bias";
    i.title = "the frequency of heads of a biased coin";
    i.source = "the law of large numbers";
    i.description = "Flips a coin with P(heads) = p n times per point; the pooled frequency estimates p.";
    i.params = {tl::integer("n", 1000).at_least(1).unit("flips").help("flips per point"),
                tl::real("p", 0.3).between(0, 1).help("probability of heads")};
    i.presets = {{"quick", {"n=2000,4000"}, "two sizes", 2}, {"default", {"n=pow2(10,14)"}, "five sizes", 4}};
    i.claims = {tl::ClaimSpec{"frequency_is_p", "the frequency of heads estimates p", "the law of large numbers"}
                    .needs_ci_half_width(0.05)};
    i.main_columns = {"frequency"};
    i.axes = {"n"};  // pooled over every size
    return i;
  }
  tl::Row run_point(const tl::Point& point, tl::Rng& rng) const override {
    const auto n = point.integer("n");
    std::int64_t heads = 0;
    for (std::int64_t i = 0; i < n; ++i) heads += rng.bernoulli(point.real("p")) ? 1 : 0;
    tl::Row row;
    row.set("heads", heads).set("frequency", static_cast<double>(heads) / static_cast<double>(n), "1");
    return row;
  }
  void reduce(const tl::RunResults& results, tl::Summary& summary) const override {
    double heads = 0, flips = 0, p = 0;
    for (const tl::Row& r : results.rows()) {
      if (r.has("error")) continue;
      heads += r.real("heads");
      flips += static_cast<double>(r.point().integer("n"));
      p = r.point().real("p");
    }
    const double f = heads / flips, half = 1.96 * std::sqrt(f * (1 - f) / flips);
    summary.claim("frequency_is_p").with_samples(static_cast<long>(flips)).expect_inside(f - half, f + half, p, f);
    summary.scalar("frequency", f, "1", "pooled frequency of heads");
  }
  double cost_seconds(const tl::Point& point) const override { return 4e-9 * static_cast<double>(point.integer("n")); }
};

}  // namespace

THEORYLAB_EXPERIMENT(CoinBias);
