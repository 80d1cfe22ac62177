#include "theorylab/math/zipf.hpp"

#include <algorithm>
#include <stdexcept>

#include <boost/math/special_functions/zeta.hpp>

#include "theorylab/math/hurwitz_zeta.hpp"

namespace tl {

ZipfSampler::ZipfSampler(double s, std::uint64_t T, std::uint64_t table_size)
    : s_(s), T_(T), infinite_(T == kInfinite) {
  if (!(s > 0) || !std::isfinite(s)) throw std::invalid_argument("ZipfSampler: s must be > 0 and finite");
  if (T < 1) throw std::invalid_argument("ZipfSampler: T must be >= 1");
  if (infinite_ && !(s > 1)) throw std::invalid_argument("ZipfSampler: an infinite Zipf law needs s > 1");
  if (table_size < 1) throw std::invalid_argument("ZipfSampler: table_size must be >= 1");
  // The table holds one double per quantum and the guide stores 32-bit indices.
  if ((infinite_ ? table_size : T) > kMaxTable)
    throw std::invalid_argument("ZipfSampler: more than 2^28 tabulated quanta (T or table_size)");
  const std::uint64_t n = infinite_ ? table_size : T;
  normaliser_ = infinite_ ? boost::math::zeta(s) : harmonic_number(static_cast<double>(T), s);
  cdf_.resize(n);
  // Kahan-compensated running sum: the CDF is accurate to ~1 ulp over 10^6+ terms.
  double sum = 0, carry = 0;
  for (std::uint64_t k = 1; k <= n; ++k) {
    const double term = std::pow(static_cast<double>(k), -s) - carry;
    const double next = sum + term;
    carry = (next - sum) - term;
    sum = next;
    cdf_[k - 1] = sum / normaliser_;
  }
  if (infinite_) {
    // P(K <= table) = 1 - zeta(s, K+1)/zeta(s), from the Hurwitz zeta (not the table sum).
    table_mass_ = 1 - hurwitz_zeta(s, static_cast<double>(n) + 1) / normaliser_;
  } else {
    table_mass_ = 1;
    cdf_.back() = 1;  // the last quantum absorbs rounding
  }
  const std::size_t G = std::min<std::size_t>(std::max<std::size_t>(n, 16), 1u << 16);
  guide_.resize(G + 1);
  std::size_t k = 0;
  for (std::size_t j = 0; j <= G; ++j) {
    const double level = static_cast<double>(j) / G;
    while (k < cdf_.size() && cdf_[k] <= level) ++k;
    guide_[j] = static_cast<std::uint32_t>(std::min(k, cdf_.size() - 1));
  }
}

std::uint64_t ZipfSampler::from_table(double u) const {
  const std::size_t G = guide_.size() - 1;
  const std::size_t j = std::min(G - 1, static_cast<std::size_t>(u * G));
  // cdf_[guide_[j]] > j/G and every entry before guide_[j] is <= j/G <= u; entries from
  // guide_[j+1] on are > (j+1)/G > u, so the answer lies in [guide_[j], guide_[j+1]].
  const auto first = cdf_.begin() + guide_[j];
  const auto last = std::min(cdf_.end(), cdf_.begin() + guide_[j + 1] + 1);
  auto it = std::upper_bound(first, last, u);
  if (it == last && last != cdf_.end()) it = std::upper_bound(last, cdf_.end(), u);  // (clamped guide)
  if (it == cdf_.end()) return cdf_.size();  // rounding at the very end of the table
  return static_cast<std::uint64_t>(it - cdf_.begin()) + 1;
}

bool ZipfSampler::tail_accept(double v, double w, std::uint64_t& k) const {
  // Proposal: X with density proportional to x^{-s} on [K+1, inf): X = (K+1) v^{-1/(s-1)};
  // k = floor(X) has P(k) proportional to I_k = integral_k^{k+1} x^{-s} dx. Accept with
  // probability k^{-s} / (M I_k) <= 1, M = (1 + 1/(K+1))^s; the accepted k is Zipf.
  const double first = static_cast<double>(cdf_.size()) + 1;
  const double x = first * std::pow(v, -1 / (s_ - 1));
  constexpr double kCap = 9223372036854775808.0;  // 2^63
  if (!(x < kCap)) {
    k = static_cast<std::uint64_t>(1) << 63;
    return true;  // I_k / k^{-s} -> 1 there: accept (probability mass < 2^{-63 s})
  }
  const double kd = std::floor(x);
  // I_k / k^{-s} = k (1 - (1 + 1/k)^{1-s}) / (s-1), in [(1+1/k)^{-s}, 1]; expm1/log1p
  // keep it accurate at large k.
  const double ratio = -std::expm1((1 - s_) * std::log1p(1 / kd)) * kd / (s_ - 1);
  const double bound = std::pow(1 + 1 / first, s_);
  k = static_cast<std::uint64_t>(kd);
  return w * bound * ratio < 1;
}

double ZipfSampler::probability(std::uint64_t k) const {
  if (k < 1 || (!infinite_ && k > T_)) return 0;
  return std::pow(static_cast<double>(k), -s_) / normaliser_;
}

double ZipfSampler::tail(double n) const {
  return zipf_tail(n, s_, infinite_ ? std::numeric_limits<double>::infinity() : static_cast<double>(T_));
}

}  // namespace tl
