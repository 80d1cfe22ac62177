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

  double uniform();                          // [0, 1), 53 random bits
  double uniform(double lo, double hi);      // [lo, hi)
  double normal();                           // N(0, 1), Boost ziggurat
  double normal(double mean, double sd);
  double gamma(double shape);                // Gamma(shape, 1)
  double beta(double a, double b);           // via two gammas
  std::uint64_t below(std::uint64_t n);      // uniform integer in [0, n), unbiased
  std::uint64_t poisson(double mean);
  bool bernoulli(double p);
  // An independent child generator (for a sub-task), derived from this one's seed.
  Rng split(std::uint64_t stream) const;

  std::uint64_t seed() const { return seed_; }
  Engine& engine() { return engine_; }

 private:
  std::uint64_t seed_;
  Engine engine_;
};

}  // namespace tl
