#include "theorylab/core/random.hpp"

#include <boost/random/bernoulli_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>

namespace tl {

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::uint64_t derive_seed(std::uint64_t run_seed, std::uint64_t index) {
  // Two rounds so that (seed, index) and (seed', index') never collide by a simple shift.
  // 63 bits, so that a seed stored as a signed 64-bit integer in a file reads positive.
  return splitmix64(splitmix64(run_seed) ^ splitmix64(index + 0x632be59bd9b4e019ULL)) >> 1;
}

std::uint64_t replicate_seed(std::uint64_t run_seed, std::uint64_t replicate) {
  constexpr std::uint64_t kReplicateStreamTag = 0x7265706c69636174ULL;  // "replicat"
  return derive_seed(derive_seed(run_seed, kReplicateStreamTag), replicate);
}

Rng::Rng(std::uint64_t seed) : seed_(seed), engine_(seed) {}

double Rng::uniform() {
  // 53 high bits -> [0, 1): specified exactly, unlike std::generate_canonical.
  return static_cast<double>(engine_() >> 11) * 0x1.0p-53;
}

double Rng::uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

double Rng::normal() { return boost::random::normal_distribution<double>(0.0, 1.0)(engine_); }

double Rng::normal(double mean, double sd) { return mean + sd * normal(); }

double Rng::gamma(double shape) { return boost::random::gamma_distribution<double>(shape, 1.0)(engine_); }

double Rng::beta(double a, double b) {
  const double x = gamma(a), y = gamma(b);
  return x / (x + y);
}

std::uint64_t Rng::below(std::uint64_t n) {
  return boost::random::uniform_int_distribution<std::uint64_t>(0, n - 1)(engine_);
}

std::uint64_t Rng::poisson(double mean) {
  if (mean <= 0) return 0;
  return boost::random::poisson_distribution<std::uint64_t, double>(mean)(engine_);
}

bool Rng::bernoulli(double p) { return uniform() < p; }

Rng Rng::split(std::uint64_t stream) const { return Rng(derive_seed(seed_, stream)); }

}  // namespace tl
