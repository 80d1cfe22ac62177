#pragma once
// Zipf sampling by inverse CDF: P(K = k) = k^{-s} / Z for k = 1..T.
//
// Finite T: exact inverse CDF over a cumulative table (guide table, then binary
// search), any s > 0.
// Infinite T (s > 1): the same table over the first `table_size` quanta, normalised
// by zeta(s), and beyond it an exact rejection sampler for the tail (a continuous
// Pareto proposal floored to an integer, accepted with probability
// k^{-s} / (M * integral_k^{k+1} x^{-s} dx), M = (1 + 1/(K+1))^s), so the law is
// exactly Zipf on all of {1, 2, ...}.
//
//   tl::ZipfSampler zipf(1.4, 100);        // s = 1.4 over 100 quanta
//   std::uint64_t k = zipf(rng);           // rng: anything with double uniform() in [0, 1)
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

namespace tl {

class ZipfSampler {
 public:
  static constexpr std::uint64_t kInfinite = std::numeric_limits<std::uint64_t>::max();
  static constexpr std::uint64_t kMaxTable = std::uint64_t{1} << 28;  // 2 GiB of CDF
  // T = kInfinite: an infinite Zipf law (s > 1), tabulated up to table_size.
  // Domain: s in (0, DBL_MAX] finite (s > 1 for T infinite); 1 <= T <= kMaxTable (finite)
  // and 1 <= table_size <= kMaxTable. Throws std::invalid_argument otherwise. Exact at
  // large s too (s = 1e3: every draw is 1); probabilities plus tail sum to 1 within n ulp.
  ZipfSampler(double s, std::uint64_t T, std::uint64_t table_size = 1u << 20);

  template <class Generator>
  std::uint64_t operator()(Generator& gen) const {
    const double u = gen.uniform();
    if (u < table_mass_ || !infinite_) return from_table(u);
    // Exact tail beyond the table: each round accepts with probability >= 1/M,
    // M = (1 + 1/(K+1))^s, so the expected rounds are < 1 + 1/K for s < K; the cap is
    // reached with probability below (1 - 1/M)^(2^20), i.e. never for s <= K.
    for (std::uint32_t round = 0; round < (1u << 20); ++round) {
      const double v = 1 - gen.uniform();  // (0, 1]
      const double w = gen.uniform();
      std::uint64_t k;
      if (tail_accept(v, w, k)) return k;
    }
    throw std::runtime_error("ZipfSampler: tail sampler accepted nothing in 2^20 rounds (s far above table_size)");
  }

  double s() const { return s_; }
  bool infinite() const { return infinite_; }
  std::uint64_t size() const { return T_; }  // kInfinite for an infinite law
  double normaliser() const { return normaliser_; }  // H_T^{(s)} or zeta(s)
  // k^{-s} / normaliser for any k: 0 at k = 0 and beyond a finite T, > 0 up to T.
  double probability(std::uint64_t k) const;
  // P(K > n) for real n >= 0 (the exact tail via Hurwitz zeta): 1 at n = 0, 0 from n = T
  // on; std::domain_error for n < 0 or NaN (zipf_tail's domain).
  double tail(double n) const;

  // The inverse CDF on the table: smallest k with CDF(k) > u. Domain: u in [0, 1) (what
  // uniform() gives; not checked, it is the sampling loop): 1 at u = 0; T at u next to 1
  // for a finite law; for an infinite law u in [table mass, 1) gives the last tabulated
  // quantum (operator() sends those u to the tail instead). Tested at both ends.
  std::uint64_t from_table(double u) const;
  // One round of the tail rejection sampler from two uniforms (v in (0, 1], w in
  // [0, 1)); true and the quantum in k when accepted. k saturates at 2^63 (such quanta
  // have probability < 2^{-63 s}). Only for an infinite law. Edges (tested): v = 1 gives
  // the first quantum past the table, v -> 0 the saturated 2^63; w = 0 always accepts.
  bool tail_accept(double v, double w, std::uint64_t& k) const;

 private:
  double s_;
  std::uint64_t T_;
  bool infinite_;
  double normaliser_ = 0;
  double table_mass_ = 1;  // CDF at the end of the table
  std::vector<double> cdf_;  // cdf_[k-1] = P(K <= k)
  // Guide table (Chen and Asau 1974): guide_[j] = index of the first CDF entry > j/G,
  // so the search for u starts at guide_[floor(u G)] and ends within a few entries.
  std::vector<std::uint32_t> guide_;
};

}  // namespace tl
