#include <catch2/catch.hpp>

#include <set>
#include <utility>
#include <vector>

#include <boost/math/distributions/chi_squared.hpp>

#include "quantization_scaling/sparse_parity.hpp"

TEST_CASE("sparse parity: distinct k-subsets, Zipf task probabilities", "[sparse_parity]") {
  tl::Rng rng(3);
  const auto sp = qs::make_sparse_parity(40, 12, 3, 0.4, rng);
  std::set<std::uint64_t> masks(sp.masks.begin(), sp.masks.end());
  CHECK(masks.size() == 40);
  for (auto m : sp.masks) {
    CHECK(__builtin_popcountll(m) == 3);
    CHECK(m < (std::uint64_t{1} << 12));
  }
  double total = 0;
  for (int i = 0; i < 40; ++i) {
    total += sp.p[i];
    if (i > 0) CHECK(sp.p[i] / sp.p[0] == Approx(std::pow(i + 1.0, -1.4)).epsilon(1e-12));
  }
  CHECK(total == Approx(1).epsilon(1e-12));
  CHECK_THROWS_AS(qs::make_sparse_parity(300, 10, 2, 0.4, rng), std::invalid_argument);  // C(10,2) = 45 < 300
  CHECK_THROWS_AS(qs::make_sparse_parity(4, 3, 4, 0.4, rng), std::invalid_argument);     // k > n
}

TEST_CASE("sparse parity: labels are the parity of the subset's bits", "[sparse_parity]") {
  tl::Rng rng(5);
  const auto sp = qs::make_sparse_parity(10, 20, 3, 0.4, rng);
  qs::Batch batch;
  draw_batch(sp, 2000, rng, batch);
  int ones = 0;
  for (int b = 0; b < batch.size(); ++b) {
    // Recompute from the 0/1 input matrix (not the packed word) and the subset's bit list.
    int parity = 0;
    for (int j = 0; j < 20; ++j)
      if ((sp.masks[batch.task[b]] >> j) & 1) parity ^= static_cast<int>(batch.bits(j, b));
    REQUIRE(batch.label[b] == parity);
    ones += batch.label[b];
    for (int j = 0; j < 20; ++j) REQUIRE((batch.bits(j, b) == 0 || batch.bits(j, b) == 1));
  }
  CHECK(ones > 900);  // labels balanced: Binomial(2000, 1/2) within ±4.5 sd
  CHECK(ones < 1100);
  qs::Batch task_batch;
  draw_task_samples(sp, 7, 50, rng, task_batch);
  for (int b = 0; b < 50; ++b) CHECK(task_batch.task[b] == 7);
}

TEST_CASE("sparse parity: task frequencies follow p_i (chi^2 at a fixed seed)", "[sparse_parity]") {
  tl::Rng rng(11);
  const auto sp = qs::make_sparse_parity(16, 12, 2, 0.4, rng);
  qs::Batch batch;
  std::vector<double> counts(16, 0);
  const int rounds = 100, per = 1000;
  for (int r = 0; r < rounds; ++r) {
    draw_batch(sp, per, rng, batch);
    for (int t : batch.task) counts[t] += 1;
  }
  double chi2 = 0;
  for (int i = 0; i < 16; ++i) {
    const double e = sp.p[i] * rounds * per;
    chi2 += (counts[i] - e) * (counts[i] - e) / e;
  }
  boost::math::chi_squared dist(15);
  CHECK(boost::math::cdf(boost::math::complement(dist, chi2)) > 1e-3);
}

TEST_CASE("sparse parity: more than 64 task bits (the paper's n = 100)", "[sparse_parity]") {
  tl::Rng rng(11);
  const auto sp = qs::make_sparse_parity(500, 100, 3, 0.4, rng);
  std::set<std::pair<std::uint64_t, std::uint64_t>> subsets;
  int high_bits = 0;
  for (int i = 0; i < 500; ++i) {
    subsets.insert({sp.masks[i], sp.masks_high[i]});
    CHECK(__builtin_popcountll(sp.masks[i]) + __builtin_popcountll(sp.masks_high[i]) == 3);
    CHECK(sp.masks_high[i] < (std::uint64_t{1} << 36));
    high_bits += __builtin_popcountll(sp.masks_high[i]);
  }
  CHECK(subsets.size() == 500);
  // 1500 subset members, 36% of the bits above 63: Binomial(1500, 0.36) = 540 ± 19.
  CHECK(high_bits > 440);
  CHECK(high_bits < 640);
  qs::Batch batch;
  draw_batch(sp, 3000, rng, batch);
  int ones = 0, top_bit_ones = 0;
  for (int b = 0; b < batch.size(); ++b) {
    int parity = 0;
    for (int j = 0; j < 100; ++j) {
      const bool in_subset = j < 64 ? (sp.masks[batch.task[b]] >> j) & 1 : (sp.masks_high[batch.task[b]] >> (j - 64)) & 1;
      if (in_subset) parity ^= static_cast<int>(batch.bits(j, b));
    }
    REQUIRE(batch.label[b] == parity);
    ones += batch.label[b];
    top_bit_ones += static_cast<int>(batch.bits(99, b));
  }
  CHECK(ones > 1350);  // Binomial(3000, 1/2) within ±3.7 sd
  CHECK(ones < 1650);
  CHECK(top_bit_ones > 1350);  // the highest task bit is drawn, not left at 0
  CHECK(top_bit_ones < 1650);
  CHECK_THROWS_AS(qs::make_sparse_parity(4, 129, 3, 0.4, rng), std::invalid_argument);
}
