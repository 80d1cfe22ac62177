#pragma once
// Seeding and random numbers whose output is specified on every platform.
//
// Seeds: one 64-bit run seed; row i's generator is seeded with derive_seed(run, i), a
// SplitMix64 mix, never from time or thread id. Distributions come from Boost.Random
// (its algorithms are fixed by Boost, unlike std::normal_distribution's).
#include <cstdint>
#include <random>

namespace tl {

// SplitMix64 finaliser (Steele, Lea, Flood 2014): a bijection with good avalanche.
std::uint64_t splitmix64(std::uint64_t x);
// Seed of stream `index` of a run seeded with `run_seed`; distinct indices give
// unrelated streams.
std::uint64_t derive_seed(std::uint64_t run_seed, std::uint64_t index);
// Seed shared by every row of replicate `replicate` (0-based) of a run: a stream
// separate from the rows' own (derive_seed of the run seed mixed with a fixed tag), so
// that it never equals a row seed by construction of the index.
std::uint64_t replicate_seed(std::uint64_t run_seed, std::uint64_t replicate);

class Rng {
 public:
  using Engine = std::mt19937_64;  // the standard fixes its output sequence
  explicit Rng(std::uint64_t seed);

  // Domains (outside them std::invalid_argument where marked, else as stated):
  double uniform();                          // [0, 1), 53 random bits (multiples of 2^-53)
  // lo + (hi - lo) u: finite lo <= hi with hi - lo finite; in [lo, hi] (hi itself only by
  // rounding, when u is within an ulp of 1 and lo, hi have different exponents).
  double uniform(double lo, double hi);
  double normal();                           // N(0, 1), Boost ziggurat (finite)
  double normal(double mean, double sd);     // mean + sd N(0, 1): finite mean, sd >= 0
  // Gamma(shape, 1), shape in (0, 1e12] (std::invalid_argument otherwise); in [0, inf).
  // Above it Boost's rejection test rounds by ~1e-16 shape in its exponent (a measurably
  // wrong law from ~3e15, inf at DBL_MAX): refused. For shape below ~1e-2 the draw
  // underflows to 0 with visible probability (it is ~u^{1/shape}).
  double gamma(double shape);
  // X / (X + Y) from two gammas: a, b in (0, 1e12] (std::invalid_argument otherwise); in
  // [0, 1]. NaN only when both draws underflow to 0, which needs both shapes below ~1e-2.
  double beta(double a, double b);
  // Uniform integer in [0, n), unbiased: n >= 1 (std::invalid_argument for n = 0).
  std::uint64_t below(std::uint64_t n);
  // Poisson(mean): 0 for mean <= 0; mean up to 1e18 (the draw fits in 64 bits);
  // std::invalid_argument for NaN or mean > 1e18.
  std::uint64_t poisson(double mean);
  bool bernoulli(double p);                  // u < p: any p (false for p <= 0 or NaN, true for p >= 1)
  // An independent child generator (for a sub-task), derived from this one's seed.
  Rng split(std::uint64_t stream) const;

  std::uint64_t seed() const { return seed_; }
  Engine& engine() { return engine_; }

 private:
  std::uint64_t seed_;
  Engine engine_;
};

}  // namespace tl
