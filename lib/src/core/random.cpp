#include "theorylab/core/random.hpp"

#include <limits>
#include <stdexcept>
#include <string>

#include <boost/random/bernoulli_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>

namespace tl {

namespace {
constexpr double kMaxPoissonMean = 1e18;  // draws stay far below 2^64
// Boost's gamma rejection test for shape a > 1 evaluates (a-1) log(x/(a-1)) - sqrt(2a-1) y:
// the log of a number within ~1/sqrt(a) of 1 carries an absolute error of ~eps, so the
// first term an error of ~a eps (1e-4 at 1e12, 0.1 at 1e15). Measured with Boost: the
// variance of (X - a)/sqrt(a), 1 for a correct law, is 1.05 at 3e15, 1.14 at 1e16, 7.9 at
// 1e18; at DBL_MAX the draw is inf. The callers need at most ~1e9 (sphere cosines).
constexpr double kMaxGammaShape = 1e12;
}  // namespace

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

double Rng::gamma(double shape) {
  // Boost only asserts shape > 0 (compiled out in release builds); above kMaxGammaShape
  // its rejection test loses accuracy (see the header), at DBL_MAX it returns inf.
  if (!(shape > 0 && shape <= kMaxGammaShape))
    throw std::invalid_argument("Rng::gamma: shape must be in (0, 1e12], got " + std::to_string(shape));
  return boost::random::gamma_distribution<double>(shape, 1.0)(engine_); }

double Rng::beta(double a, double b) {
  const double x = gamma(a), y = gamma(b);
  return x / (x + y);
}

std::uint64_t Rng::below(std::uint64_t n) {
  // n - 1 would wrap to 2^64 - 1: any 64-bit value, not one "below 0".
  if (n == 0) throw std::invalid_argument("Rng::below: n must be >= 1");
  return boost::random::uniform_int_distribution<std::uint64_t>(0, n - 1)(engine_);
}

std::uint64_t Rng::poisson(double mean) {
  if (mean <= 0) return 0;
  if (!(mean <= kMaxPoissonMean))
    throw std::invalid_argument("Rng::poisson: mean must be <= 1e18 (and not NaN), got " + std::to_string(mean));
  return boost::random::poisson_distribution<std::uint64_t, double>(mean)(engine_);
}

bool Rng::bernoulli(double p) { return uniform() < p; }

Rng Rng::split(std::uint64_t stream) const { return Rng(derive_seed(seed_, stream)); }

}  // namespace tl
