// float32 and float64 training of the parity network agree statistically: a quick width
// sweep (3 widths × 10 seeds, online) trained in both precisions, compared on what the
// experiment's claims use: n_learned and the test loss L at the end of training.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "quantization_scaling/training.hpp"

namespace {
// The sweep: the quick preset's task (16 subtasks, n = 12, k = 2, alpha = 0.4, batch 256,
// lr 3e-3), 5000 steps; widths from about 5 to all 16 subtasks learned. 10 seeds: with 4
// (a first design) the 95% interval of the mean log-L difference was ±0.08, too wide
// for the equivalence margin below; the difference itself was within 2 SE.
constexpr int kTasks = 16, kBits = 12, kK = 2;
constexpr double kAlpha = 0.4;
const std::vector<int> kWidths = {32, 64, 96};
constexpr int kSeeds = 10;

// The two-sample criterion on paired differences d = float32 − float64 (the pairs share
// the seed: initial network, batches and test set): |mean d| ≤ kMaxStandardErrors · SE,
// SE = sd(d)/√n (n = 30; t with 29 degrees of freedom: 3 SE is p ≈ 0.005, two-sided).
constexpr double kMaxStandardErrors = 3;
// Equivalence: the 95% interval of mean d (t_{0.975, 29} = 2.045) lies inside ± margin.
// n_learned: within one subtask; L: within 15% (a difference in log L of 0.15, about
// the seed-to-seed standard deviation of log L of one run at a fixed width and
// precision, and far below the spread between widths that the exponent fits use).
constexpr double kT975Df29 = 2.045;
constexpr double kMarginLearned = 1.0, kMarginLogL = 0.15;

struct Outcome {
  double n_learned, L_bits;
};

Outcome train_once(const qs::SparseParity& sp, int width, int seed, qs::Precision precision) {
  qs::TrainSpec spec;
  spec.width = width;
  spec.batch = 256;
  spec.steps = 5000;
  spec.learning_rate = 3e-3;
  spec.test_per_task = 128;
  spec.checkpoints = 4;
  spec.precision = precision;
  tl::Rng rng(static_cast<std::uint64_t>(1000 + seed));
  const qs::TrainRecord r = qs::train_parity(sp, spec, rng);
  REQUIRE(!r.diverged);
  const Eigen::RowVectorXd last = r.test_loss.row(r.test_loss.rows() - 1);
  return {static_cast<double>(qs::count_learned(last, spec.learned_bits)), qs::weighted_loss(sp, last)};
}

struct MeanSe {
  double mean, se;
};
MeanSe mean_and_se(const std::vector<double>& d) {
  const double n = static_cast<double>(d.size());
  double mean = 0, ss = 0;
  for (double x : d) mean += x / n;
  for (double x : d) ss += (x - mean) * (x - mean);
  return {mean, std::sqrt(ss / (n - 1) / n)};
}
}  // namespace

TEST_CASE("precision: float32 and float64 training agree on n_learned and L (3 widths x 10 seeds)", "[parity_net][precision]") {
  tl::Rng task_rng(1);
  const qs::SparseParity sp = qs::make_sparse_parity(kTasks, kBits, kK, kAlpha, task_rng);
  std::vector<double> d_learned, d_log_L, learned64;
  for (int width : kWidths)
    for (int seed = 0; seed < kSeeds; ++seed) {
      const Outcome f32 = train_once(sp, width, seed, qs::Precision::Float32);
      const Outcome f64 = train_once(sp, width, seed, qs::Precision::Float64);
      UNSCOPED_INFO("width " << width << " seed " << seed << ": n_learned " << f32.n_learned << " vs " << f64.n_learned
                             << ", L " << f32.L_bits << " vs " << f64.L_bits << " bits");
      d_learned.push_back(f32.n_learned - f64.n_learned);
      d_log_L.push_back(std::log(f32.L_bits) - std::log(f64.L_bits));
      learned64.push_back(f64.n_learned);
    }
  // The sweep must span a range, or agreement would be trivial (all learned or none).
  REQUIRE(*std::min_element(learned64.begin(), learned64.end()) < kTasks / 2);
  REQUIRE(*std::max_element(learned64.begin(), learned64.end()) >= kTasks / 2);

  const MeanSe learned = mean_and_se(d_learned), log_L = mean_and_se(d_log_L);
  INFO("n_learned: mean difference " << learned.mean << " (SE " << learned.se << "); log L: " << log_L.mean << " (SE "
                                     << log_L.se << ")");
  CHECK(std::abs(learned.mean) <= kMaxStandardErrors * learned.se);
  CHECK(std::abs(log_L.mean) <= kMaxStandardErrors * log_L.se);
  CHECK(std::abs(learned.mean) + kT975Df29 * learned.se <= kMarginLearned);
  CHECK(std::abs(log_L.mean) + kT975Df29 * log_L.se <= kMarginLogL);
}
