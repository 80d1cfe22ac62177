#include "theorylab/core/cancellation.hpp"
#include "theorylab/math/power_law_fit.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <stdexcept>
#include <string>

#include <Eigen/Dense>

#include "theorylab/math/hurwitz_zeta.hpp"
#include "theorylab/math/line_fit.hpp"
#include "theorylab/math/roots.hpp"

namespace tl {

PowerLawFit fit_power_law(const std::vector<double>& x, const std::vector<double>& y, double confidence,
                          double x_shift) {
  if (x.size() != y.size()) throw std::invalid_argument("fit_power_law: x and y differ in length");
  std::vector<double> lx(x.size()), ly(y.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!(x[i] + x_shift > 0)) throw std::invalid_argument("fit_power_law: x + shift must be > 0");
    if (!(y[i] > 0)) throw std::invalid_argument("fit_power_law: y must be > 0");
    lx[i] = std::log(x[i] + x_shift);
    ly[i] = std::log(y[i]);
  }
  const LineFit line = fit_line(lx, ly, confidence);
  PowerLawFit f;
  f.exponent = line.slope;
  f.exponent_se = line.slope_se;
  f.exponent_lo = line.slope_lo;
  f.exponent_hi = line.slope_hi;
  f.prefactor = std::exp(line.intercept);
  f.log_prefactor_se = line.intercept_se;
  f.r_squared = line.r_squared;
  f.residual_sd = line.residual_sd;
  f.points = line.points;
  f.confidence = confidence;
  f.x_min = *std::min_element(x.begin(), x.end());
  f.x_max = *std::max_element(x.begin(), x.end());
  f.x_shift = x_shift;
  return f;
}

BootstrapInterval bootstrap_interval(std::size_t items,
                                     const std::function<double(const std::vector<std::size_t>&)>& statistic,
                                     int resamples, double confidence, std::uint64_t seed) {
  if (items < 1) throw std::invalid_argument("bootstrap_interval: no items");
  // A negative count would reserve ~2^64 values; a confidence outside (0, 1) would index
  // the sorted values before their start or past their end.
  if (resamples < 0) throw std::invalid_argument("bootstrap_interval: resamples < 0");
  if (!(confidence > 0 && confidence < 1)) throw std::invalid_argument("bootstrap_interval: confidence outside (0, 1)");
  BootstrapInterval b;
  b.confidence = confidence;
  std::vector<std::size_t> index(items);
  for (std::size_t i = 0; i < items; ++i) index[i] = i;
  b.estimate = statistic(index);
  // mt19937_64's output sequence is fixed by the standard; indices from 53-bit uniforms.
  std::mt19937_64 engine(seed);
  std::vector<double> values;
  values.reserve(resamples);
  for (int r = 0; r < resamples; ++r) {
    throw_if_cancelled();
    for (auto& i : index) {
      const double u = static_cast<double>(engine() >> 11) * 0x1.0p-53;
      i = std::min(items - 1, static_cast<std::size_t>(u * items));
    }
    try {
      const double v = statistic(index);
      if (std::isfinite(v)) values.push_back(v); else ++b.failures;
    } catch (const std::exception&) {
      ++b.failures;
    }
  }
  b.resamples = static_cast<int>(values.size());
  if (values.empty()) {
    b.lo = b.hi = b.se = std::numeric_limits<double>::quiet_NaN();
    return b;
  }
  std::sort(values.begin(), values.end());
  auto quantile = [&](double q) {  // linear interpolation between order statistics
    const double pos = q * (values.size() - 1);
    const std::size_t i = static_cast<std::size_t>(std::floor(pos));
    const std::size_t j = std::min(values.size() - 1, i + 1);
    return values[i] + (pos - i) * (values[j] - values[i]);
  };
  b.lo = quantile((1 - confidence) / 2);
  b.hi = quantile((1 + confidence) / 2);
  double mean = 0;
  for (double v : values) mean += v;
  mean /= values.size();
  double var = 0;
  for (double v : values) var += (v - mean) * (v - mean);
  b.se = values.size() > 1 ? std::sqrt(var / (values.size() - 1)) : 0;
  return b;
}

namespace {

struct Projection {
  double offset, amplitude, objective;
};

// For fixed decay: min over (E, A) of sum ((y - E - A f) / y)^2, f = x^{-decay}, with
// E >= 0 if asked (then the boundary E = 0 is a one-parameter fit).
Projection project(const std::vector<double>& x, const std::vector<double>& y, double decay,
                   bool offset_nonnegative) {
  // Weighted LS with w = 1/y^2: normal equations of [1, f].
  double s11 = 0, s1f = 0, sff = 0, s1y = 0, sfy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double w = 1 / (y[i] * y[i]);
    const double f = std::pow(x[i], -decay);
    s11 += w, s1f += w * f, sff += w * f * f, s1y += w * y[i], sfy += w * f * y[i];
  }
  const double det = s11 * sff - s1f * s1f;
  double E = det > 0 ? (sff * s1y - s1f * sfy) / det : 0;
  double A = det > 0 ? (s11 * sfy - s1f * s1y) / det : sfy / sff;
  if (offset_nonnegative && E < 0) E = 0, A = sfy / sff;
  double objective = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double r = (y[i] - E - A * std::pow(x[i], -decay)) / y[i];
    objective += r * r;
  }
  return {E, A, objective};
}

OffsetPowerLawFit fit_offset_once(const std::vector<double>& x, const std::vector<double>& y,
                                  const OffsetFitOptions& o) {
  // Grid scan in log(decay) (the profile may have several minima), then Brent in the
  // cell around the best grid point.
  const int grid = 64;
  const double l0 = std::log(o.decay_min), l1 = std::log(o.decay_max);
  int best = 0;
  double best_value = std::numeric_limits<double>::infinity();
  for (int g = 0; g <= grid; ++g) {
    const double v = project(x, y, std::exp(l0 + (l1 - l0) * g / grid), o.offset_nonnegative).objective;
    if (v < best_value) best_value = v, best = g;
  }
  const double lo = l0 + (l1 - l0) * std::max(0, best - 1) / grid;
  const double hi = l0 + (l1 - l0) * std::min(grid, best + 1) / grid;
  const MinimumResult m = find_minimum(
      [&](double l) { return project(x, y, std::exp(l), o.offset_nonnegative).objective; }, lo, hi, 40);
  const double decay = std::exp(m.x);
  const Projection p = project(x, y, decay, o.offset_nonnegative);
  OffsetPowerLawFit f;
  f.offset = p.offset;
  f.amplitude = p.amplitude;
  f.decay = decay;
  f.rms_relative_residual = std::sqrt(p.objective / x.size());
  f.points = x.size();
  f.confidence = o.confidence;
  return f;
}

}  // namespace

OffsetPowerLawFit fit_offset_power_law(const std::vector<double>& x, const std::vector<double>& y,
                                       const OffsetFitOptions& options) {
  if (x.size() != y.size()) throw std::invalid_argument("fit_offset_power_law: x and y differ in length");
  if (x.size() < 4) throw std::invalid_argument("fit_offset_power_law: fewer than 4 points");
  for (std::size_t i = 0; i < x.size(); ++i)
    if (!(x[i] > 0) || !(y[i] > 0)) throw std::invalid_argument("fit_offset_power_law: x and y must be > 0");
  if (!(options.decay_min > 0 && options.decay_min < options.decay_max && std::isfinite(options.decay_max)))
    throw std::invalid_argument("fit_offset_power_law: needs 0 < decay_min < decay_max finite");
  if (!options.groups.empty() && options.groups.size() != x.size())
    throw std::invalid_argument("fit_offset_power_law: groups must have one entry per point");
  OffsetPowerLawFit fit = fit_offset_once(x, y, options);
  fit.confidence = options.confidence;
  if (options.resamples <= 0) return fit;

  // Resampling units: points, or groups (each group's points enter together).
  std::vector<std::vector<std::size_t>> units;
  if (options.groups.empty()) {
    for (std::size_t i = 0; i < x.size(); ++i) units.push_back({i});
  } else {
    std::vector<int> ids(options.groups);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    units.resize(ids.size());
    for (std::size_t i = 0; i < x.size(); ++i)
      units[std::lower_bound(ids.begin(), ids.end(), options.groups[i]) - ids.begin()].push_back(i);
  }
  std::vector<std::pair<double, double>> draws;  // (decay, offset) of each resample
  auto statistic = [&](const std::vector<std::size_t>& picked) {
    std::vector<double> bx, by;
    for (std::size_t u : picked)
      for (std::size_t i : units[u]) bx.push_back(x[i]), by.push_back(y[i]);
    std::vector<double> distinct(bx);
    std::sort(distinct.begin(), distinct.end());
    if (std::unique(distinct.begin(), distinct.end()) - distinct.begin() < 3) throw std::invalid_argument("degenerate");
    const OffsetPowerLawFit f = fit_offset_once(bx, by, options);
    draws.emplace_back(f.decay, f.offset);
    return f.decay;
  };
  const BootstrapInterval b = bootstrap_interval(units.size(), statistic, options.resamples,
                                                 options.confidence, options.seed);
  draws.erase(draws.begin());  // the first call was the original sample
  fit.decay_lo = b.lo, fit.decay_hi = b.hi;
  std::vector<double> offsets;
  for (auto& d : draws) offsets.push_back(d.second);
  std::sort(offsets.begin(), offsets.end());
  if (!offsets.empty()) {
    const double a = (1 - options.confidence) / 2;
    fit.offset_lo = offsets[static_cast<std::size_t>(std::floor(a * (offsets.size() - 1)))];
    fit.offset_hi = offsets[static_cast<std::size_t>(std::ceil((1 - a) * (offsets.size() - 1)))];
  }
  fit.resamples = b.resamples;
  fit.failures = b.failures;
  return fit;
}

namespace {
// zipf_tail's domain for (s, T), checked once with the caller's name in the message.
void check_zipf_law(const char* who, double s, double T) {
  if (!(s > 0 && std::isfinite(s))) throw std::domain_error(std::string(who) + ": s must be > 0 and finite");
  if (std::isinf(T) && T > 0) {
    if (!(s > 1)) throw std::domain_error(std::string(who) + ": an infinite Zipf law (T = inf) needs s > 1");
  } else if (!(T >= 1)) {
    throw std::domain_error(std::string(who) + ": T must be >= 1 (or +inf)");
  }
}
}  // namespace

double invert_zipf_tail(double fraction, double s, double T) {
  if (!(fraction > 0 && fraction < 1)) throw std::invalid_argument("invert_zipf_tail: fraction must be in (0, 1)");
  check_zipf_law("invert_zipf_tail", s, T);
  const auto f = [&](double n) { return zipf_tail(n, s, T) - fraction; };
  constexpr double kRelTol = 1e-12;
  // Above 2^53 the bracket [0, T] alone is not tried: its steps can overflow near
  // DBL_MAX (f evaluated at NaN) and a root far below T rarely converges in 200 steps.
  // The experiments' T (n_tasks <= 1e5) stay below it: their roots keep their bits.
  constexpr double kDirectBracketMax = 9007199254740992.0;
  const double max = std::numeric_limits<double>::max();
  // zipf_tail is decreasing in n: from 1 at n = 0 to 0 at n = T.
  if (T <= kDirectBracketMax) {  // (T = inf is not)
    const RootResult r = find_root(f, 0, T, kRelTol);
    if (r.lo == r.hi || r.hi - r.lo <= kRelTol * std::min(std::fabs(r.lo), std::fabs(r.hi))) return r.x;
    // Not converged in find_root's 200 steps: a root many decades below T (e.g. s = 1.5,
    // T = 1e300, fraction 1e-6: n = 5.9e11, where [0, T] came back as n = 8.9e284). Only
    // then the bracket is narrowed to a factor of 4 first, so converged roots keep their bits.
  }
  // The bracket [hi/4, hi] with hi = 4^k: the tail falls like n^{1-s} (T infinite) or
  // reaches 0 at T (finite), so it is found before hi passes min(T, DBL_MAX); for T
  // infinite a fraction below the tail at DBL_MAX has no finite root and is refused
  // (4^512 would overflow to inf, where [0, inf] is not a bracket).
  const double top = std::isinf(T) ? max : T;
  double lo = 0, hi = std::min(1.0, top);
  while (f(hi) > 0) {
    if (hi == top) {
      char value[32];
      std::snprintf(value, sizeof value, "%.6g", fraction);
      throw std::domain_error(std::string("invert_zipf_tail: fraction ") + value +
                              " is below the tail at n = DBL_MAX (the root would not be a finite double)");
    }
    lo = hi;
    hi = hi > top / 4 ? top : 4 * hi;
  }
  if (std::isinf(T)) lo = 0;  // the bracket the infinite case always used: bit-identical roots
  return find_root(f, lo, hi, kRelTol).x;
}

TruncatedTailFit fit_truncated_tail(const std::vector<double>& x, const std::vector<double>& L, double s,
                                    double T, double scale, double confidence) {
  if (x.size() != L.size()) throw std::invalid_argument("fit_truncated_tail: x and L differ in length");
  if (!(scale > 0 && std::isfinite(scale))) throw std::invalid_argument("fit_truncated_tail: scale must be > 0 and finite");
  check_zipf_law("fit_truncated_tail", s, T);
  if (!(confidence > 0 && confidence < 1)) throw std::domain_error("fit_truncated_tail: confidence outside (0, 1)");
  std::vector<double> lx, lL, ln;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!(x[i] > 0 && std::isfinite(x[i]))) throw std::invalid_argument("fit_truncated_tail: x must be > 0 and finite");
    // The fraction itself, not L against scale: L / scale can round to 1 (or 0) at the
    // edges of the doubles, and such a point carries no information on n either.
    const double fraction = L[i] / scale;
    if (!(fraction > 0 && fraction < 1)) continue;
    const double n = invert_zipf_tail(fraction, s, T);
    if (!(n > 0)) continue;
    lx.push_back(std::log(x[i]));
    lL.push_back(std::log(fraction));  // = log L at scale 1; no underflow of scale * tail below
    ln.push_back(std::log(n));
  }
  const std::size_t m = lx.size();
  if (m < 3) throw std::invalid_argument("fit_truncated_tail: fewer than 3 usable points");
  // Start: log n_i = kappa (log x_i - c).
  const LineFit start = fit_line(lx, ln, confidence);
  if (!(std::isfinite(start.slope) && start.slope != 0))
    throw std::invalid_argument("fit_truncated_tail: the inverted tails n_i do not vary with x (kappa = 0, x0 undefined)");
  Eigen::Vector2d theta(start.slope, -start.intercept / start.slope);  // (kappa, c = log x0)
  auto residuals = [&](const Eigen::Vector2d& t) {
    Eigen::VectorXd r(m);
    for (std::size_t i = 0; i < m; ++i) {
      const double n = std::min(std::exp(t(0) * (lx[i] - t(1))), std::isinf(T) ? 1e300 : T * (1 - 1e-12));
      if (std::isnan(n)) {  // a NaN step (singular J^T J): a NaN cost, which LM rejects
        r(i) = n;
        continue;
      }
      const double tail = zipf_tail(n, s, T);
      r(i) = lL[i] - std::log(std::max(tail, 1e-300));
    }
    return r;
  };
  auto jacobian = [&](const Eigen::Vector2d& t) {
    Eigen::MatrixXd J(m, 2);
    for (int j = 0; j < 2; ++j) {
      const double h = 1e-6 * std::max(1.0, std::abs(t(j)));
      Eigen::Vector2d a = t, b = t;
      a(j) += h, b(j) -= h;
      J.col(j) = (residuals(a) - residuals(b)) / (2 * h);
    }
    return J;
  };
  Eigen::VectorXd r = residuals(theta);
  double cost = r.squaredNorm();
  double lambda = 1e-3;
  for (int it = 0; it < 200; ++it) {
    const Eigen::MatrixXd J = jacobian(theta);
    const Eigen::Matrix2d JtJ = J.transpose() * J;
    const Eigen::Vector2d g = J.transpose() * r;
    bool improved = false;
    for (int tries = 0; tries < 30 && !improved; ++tries) {
      Eigen::Matrix2d A = JtJ;
      A.diagonal() *= (1 + lambda);
      const Eigen::Vector2d step = A.ldlt().solve(-g);
      const Eigen::Vector2d next = theta + step;
      const Eigen::VectorXd rn = residuals(next);
      const double cn = rn.squaredNorm();
      if (std::isfinite(cn) && cn < cost) {
        const double gain = cost - cn;
        theta = next, r = rn, cost = cn, lambda = std::max(lambda / 10, 1e-12);
        improved = true;
        if (gain < 1e-14 * (1 + cost)) it = 1000;  // converged
      } else {
        lambda *= 10;
      }
    }
    if (!improved) break;
  }
  TruncatedTailFit f;
  f.points = m;
  f.confidence = confidence;
  f.kappa = theta(0);
  f.x0 = std::exp(theta(1));
  f.rms_log_residual = std::sqrt(cost / m);
  const Eigen::MatrixXd J = jacobian(theta);
  const double dof = static_cast<double>(m) - 2;
  const double sigma2 = dof > 0 ? cost / dof : 0;
  const Eigen::Matrix2d cov = (J.transpose() * J).inverse() * sigma2;
  f.kappa_se = std::sqrt(std::max(0.0, cov(0, 0)));
  f.log_x0_se = std::sqrt(std::max(0.0, cov(1, 1)));
  const double t = dof > 0 ? student_t_quantile(confidence, dof) : std::numeric_limits<double>::infinity();
  f.kappa_lo = f.kappa - t * f.kappa_se;
  f.kappa_hi = f.kappa + t * f.kappa_se;
  return f;
}

}  // namespace tl
