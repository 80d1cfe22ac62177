#pragma once
// Power-law fits for scaling laws, all built on the OLS of line_fit.hpp.
//
// 1. fit_power_law: y = A x^b by OLS on (log(x + shift), log y): exponent b with its
//    standard error and t-based CI (m - 2 dof), R^2, the window and point count.
//    A decaying law L ∝ x^{-alpha} has exponent b = -alpha.
// 2. fit_offset_power_law: y = E + A x^{-beta} by variable projection: for fixed beta,
//    E >= 0 and A are a weighted linear least-squares problem in relative residuals
//    (y - yhat) / y (≈ log residuals); beta then minimises the profile by a grid scan
//    and Brent. CIs by bootstrap over points or over groups (e.g. seeds).
// 3. bootstrap_interval: percentile bootstrap of any statistic over resampled items.
// 4. fit_truncated_tail: L(x) = b (H_T - H_{n(x)}) / H_T with n(x) = (x / x0)^kappa,
//    n continuous through the Hurwitz zeta (the quantization model with T quanta).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

namespace tl {

struct PowerLawFit {
  double exponent = 0;             // b in y = A x^b
  double exponent_se = 0;
  double exponent_lo = 0, exponent_hi = 0;  // t-based CI at `confidence`
  double prefactor = 0;            // A
  double log_prefactor_se = 0;
  double r_squared = 0;
  double residual_sd = 0;          // of log y
  std::size_t points = 0;
  double confidence = 0.95;
  double x_min = 0, x_max = 0;     // the window (of x, before the shift)
  double x_shift = 0;              // the fit used log(x + x_shift)
};

// Domain: x + x_shift > 0 and y > 0 (finite), confidence in (0, 1); the log-log line
// then has fit_line's domain (line_fit.hpp). Throws std::invalid_argument for fewer than
// 3 points, mismatched sizes, y <= 0, x + x_shift <= 0, or all x equal;
// std::domain_error for a confidence outside (0, 1).
PowerLawFit fit_power_law(const std::vector<double>& x, const std::vector<double>& y,
                          double confidence = 0.95, double x_shift = 0);

// Percentile bootstrap: `statistic` is evaluated on `resamples` index vectors drawn with
// replacement from 0..items-1 (indices of points, or of groups such as seeds: the
// caller maps them). Resamples whose statistic throws or is not finite are counted in
// `failures` and skipped. Deterministic for a given seed. Domain: items >= 1 (1 gives
// every resample equal to the estimate), resamples >= 0 (0, or all failing: lo, hi, se
// NaN), confidence in (0, 1); std::invalid_argument outside (tested at each edge).
struct BootstrapInterval {
  double estimate = 0;   // the statistic on the original sample
  double lo = 0, hi = 0; // percentile interval at `confidence`
  double se = 0;         // standard deviation of the resampled statistic
  int resamples = 0, failures = 0;
  double confidence = 0.95;
};
BootstrapInterval bootstrap_interval(std::size_t items,
                                     const std::function<double(const std::vector<std::size_t>&)>& statistic,
                                     int resamples = 400, double confidence = 0.95, std::uint64_t seed = 1);

struct OffsetPowerLawFit {  // y = offset + amplitude * x^{-decay}
  double offset = 0, amplitude = 0, decay = 0;
  double rms_relative_residual = 0;
  std::size_t points = 0;
  // Bootstrap CIs (NaN when resamples = 0).
  double decay_lo = std::numeric_limits<double>::quiet_NaN(), decay_hi = std::numeric_limits<double>::quiet_NaN();
  double offset_lo = std::numeric_limits<double>::quiet_NaN(), offset_hi = std::numeric_limits<double>::quiet_NaN();
  int resamples = 0, failures = 0;
  double confidence = 0.95;
};
struct OffsetFitOptions {
  double decay_min = 0.01, decay_max = 4;  // search range of beta
  bool offset_nonnegative = true;          // E >= 0 (a loss floor)
  int resamples = 200;                     // bootstrap resamples (0: none)
  double confidence = 0.95;
  std::uint64_t seed = 1;
  // Resampling units: group[i] is point i's group (e.g. its seed); empty = points.
  std::vector<int> groups;
};
// Domain: >= 4 points with x > 0 and y > 0 finite, 0 < decay_min < decay_max finite;
// resamples <= 0 means no bootstrap, else confidence in (0, 1). Throws
// std::invalid_argument for fewer than 4 points, y <= 0 or x <= 0, a decay range or a
// groups vector outside that, or (bootstrapping) a confidence outside (0, 1).
OffsetPowerLawFit fit_offset_power_law(const std::vector<double>& x, const std::vector<double>& y,
                                       const OffsetFitOptions& options = {});

struct TruncatedTailFit {
  double kappa = 0, kappa_se = 0, kappa_lo = 0, kappa_hi = 0;  // t-based CI
  double x0 = 0;           // n(x0) = 1
  double log_x0_se = 0;
  double rms_log_residual = 0;
  std::size_t points = 0;
  double confidence = 0.95;
};
// Least squares in log L over (kappa, log x0), Levenberg-Marquardt from the start
// obtained by inverting each point's tail (n_i from L_i) and fitting log n_i on log x_i.
// Domain: x and L of equal length, every x > 0 finite; s > 0 finite with T in [1, DBL_MAX],
// or T = +infinity with s > 1 (zipf_tail's domain); scale b > 0 finite; confidence in
// (0, 1). Points whose fraction L / b is not in (0, 1) (L >= b, L <= 0, NaN) are skipped:
// they carry no information on n. Throws std::invalid_argument for mismatched sizes, an
// x <= 0 or non-finite, a scale outside (0, DBL_MAX], or fewer than 3 usable points (or
// usable points all at one x); std::domain_error for s, T or confidence outside the domain.
// Exactly 3 usable points give 1 degree of freedom (a wide but finite CI). Usable points
// whose inverted n_i do not vary with x (equal L: kappa = 0, x0 undefined) are
// std::invalid_argument. Terminates: at most 200 LM steps of at most 30 damping trials.
TruncatedTailFit fit_truncated_tail(const std::vector<double>& x, const std::vector<double>& L, double s,
                                    double T, double scale = 1, double confidence = 0.95);

// n such that zipf_tail(n, s, T) = fraction, n real in [0, T) (relative accuracy 1e-12,
// except next to n = 0 where the tail's own resolution, ~1e-16, bounds n absolutely;
// n -> 0 as fraction -> 1, n -> T as fraction -> 0 for finite T). A root many decades
// below a large finite T (where [0, T] did not converge in 200 steps and returned a
// wrong n: 8.9e284 instead of 5.9e11 at s = 1.5, T = 1e300, fraction 1e-6) is found in
// a bracket [4^(k-1), 4^k] first.
// Domain: fraction in (0, 1) (std::invalid_argument outside, NaN included); s > 0 finite
// with T in [1, DBL_MAX], or T = +infinity with s > 1 (std::domain_error outside). For
// T infinite the root must lie at or below DBL_MAX: the bracket grows by 4 from 1 until
// it holds the root, and a fraction below zipf_tail(DBL_MAX, s, infinity) (about
// DBL_MAX^{1-s}, e.g. 1e-300 at s = 1.5 is out of reach) is std::domain_error.
// bootstrap_interval and the fits poll tl::throw_if_cancelled() once per resample.
double invert_zipf_tail(double fraction, double s, double T);

}  // namespace tl
