#include "theorylab/math/hypergeometric.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace tl {

namespace {

void check_domain(const char* who, double b, double z) {
  if (!(b > 0) || !std::isfinite(b) || !(z >= 0) || !std::isfinite(z))
    throw std::domain_error(std::string(who) + ": needs b > 0 and z >= 0 finite (b = " + std::to_string(b) +
                            ", z = " + std::to_string(z) + ")");
}

// Index of the largest term: term_{k+1}/term_k = z / ((k+1)(b+k)) >= 1 up to k0.
double largest_term_index(double b, double z) {
  // Positive root of (k+1)(b+k) = z, i.e. k^2 + (b+1) k + (b - z) = 0.
  const double c = b - z;
  if (c >= 0) return 0;
  const double root = (-(b + 1) + std::sqrt((b + 1) * (b + 1) - 4 * c)) / 2;
  return std::ceil(root);
}

struct SeriesSums {
  double log_largest_term;  // log term_{k0}
  double sum;               // sum_k term_k / term_{k0}  (>= 1)
  double sum_shifted;       // sum_k term_k * b/(b+k) / term_{k0}  (the series of 0F1(;b+1;z))
};

SeriesSums sum_series(double b, double z, bool want_log_largest) {
  SeriesSums out{0, 0, 0};
  if (z == 0) {
    out.sum = out.sum_shifted = 1;
    return out;
  }
  const double k0 = largest_term_index(b, z);
  if (want_log_largest)
    out.log_largest_term = k0 * std::log(z) - std::lgamma(k0 + 1) - (std::lgamma(b + k0) - std::lgamma(b));
  constexpr double eps = std::numeric_limits<double>::epsilon() / 4;
  double sum = 1, shifted = b / (b + k0);
  // Upward from k0: ratios q_k = z/((k+1)(b+k)) < 1 and decreasing, so the tail after
  // term r is below r * q / (1 - q).
  double r = 1;
  for (double k = k0;; k += 1) {
    const double q = z / ((k + 1) * (b + k));
    r *= q;
    sum += r;
    shifted += r * b / (b + k + 1);
    if (q < 1 && r * q / (1 - q) < eps * sum) break;
  }
  // Downward from k0: term_{k-1}/term_k = k (b+k-1) / z, decreasing with decreasing k.
  r = 1;
  for (double k = k0; k > 0; k -= 1) {
    const double q = k * (b + k - 1) / z;
    r *= q;
    sum += r;
    shifted += r * b / (b + k - 1);
    if (q < 1 && r * q / (1 - q) < eps * sum) break;
  }
  out.sum = sum;
  out.sum_shifted = shifted;
  return out;
}

}  // namespace

double log_hyp0f1(double b, double z) {
  check_domain("log_hyp0f1", b, z);
  const SeriesSums s = sum_series(b, z, true);
  return s.log_largest_term + std::log(s.sum);
}

double hyp0f1_ratio(double b, double z) {
  check_domain("hyp0f1_ratio", b, z);
  const SeriesSums s = sum_series(b, z, false);
  return s.sum_shifted / s.sum;
}

}  // namespace tl
