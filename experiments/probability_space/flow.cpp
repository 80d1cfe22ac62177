#include "probability_space/flow.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include <boost/math/distributions/normal.hpp>

#include "theorylab/core/cancellation.hpp"

namespace probability_space {

namespace {

constexpr double kLogTwoPi = 1.8378770664093454836;

// Fills the comparison with the closed form and the monotonicity/rate checks.
void compare(const FlowSettings& s, FlowTrace& tr) {
  const OuClosedForm exact{s.m0, s.s0};
  const double dt = s.horizon / s.steps;
  for (std::size_t k = 0; k < tr.time.size(); ++k) {
    const double t = tr.time[k];
    if (!std::isfinite(tr.kl[k]) || !std::isfinite(tr.mean[k]) || !std::isfinite(tr.variance[k])) tr.diverged = true;
    tr.max_kl_error = std::max(tr.max_kl_error, std::fabs(tr.kl[k] - exact.kl(t)));
    tr.max_mean_error = std::max(tr.max_mean_error, std::fabs(tr.mean[k] - exact.mean(t)));
    tr.max_variance_error = std::max(tr.max_variance_error, std::fabs(tr.variance[k] - exact.variance(t)));
    tr.max_dissipation_relative_error = std::max(
        tr.max_dissipation_relative_error, std::fabs(tr.dissipation[k] - exact.dissipation(t)) / exact.dissipation(t));
    if (k > 0 && tr.kl[k] > tr.kl[k - 1]) {
      ++tr.kl_increases;
      tr.max_kl_increase = std::max(tr.max_kl_increase, tr.kl[k] - tr.kl[k - 1]);
    }
    if (k > 0 && k + 1 < tr.time.size() && tr.dissipation[k] > 1e-10) {
      const double rate = -(tr.kl[k + 1] - tr.kl[k - 1]) / (2 * dt);
      tr.max_rate_mismatch = std::max(tr.max_rate_mismatch, std::fabs(rate - tr.dissipation[k]) / tr.dissipation[k]);
    }
  }
  if (tr.diverged) {
    tr.max_kl_error = tr.max_mean_error = tr.max_variance_error = std::numeric_limits<double>::quiet_NaN();
  }
}

// Normal probability of [lo, hi] for N(m, s²), accurate in both tails.
double normal_mass(double lo, double hi, double m, double s) {
  const double a = (lo - m) / (s * std::sqrt(2.0)), b = (hi - m) / (s * std::sqrt(2.0));
  if (a >= 0) return 0.5 * (std::erfc(a) - std::erfc(b));
  if (b <= 0) return 0.5 * (std::erfc(-b) - std::erfc(-a));
  return 1.0 - 0.5 * std::erfc(-a) - 0.5 * std::erfc(b);
}

}  // namespace

double OuClosedForm::mean(double t) const { return m0 * std::exp(-t); }
double OuClosedForm::variance(double t) const { return 1.0 + (s0 * s0 - 1.0) * std::exp(-2 * t); }
double OuClosedForm::kl(double t) const {
  const double v = variance(t), m = mean(t);
  return -0.5 * std::log(v) + 0.5 * (v + m * m) - 0.5;
}
double OuClosedForm::dissipation(double t) const {
  const double s = std::sqrt(variance(t)), m = mean(t);
  return (s - 1 / s) * (s - 1 / s) + m * m;
}

FlowTrace closed_form_flow(const FlowSettings& s) {
  const OuClosedForm exact{s.m0, s.s0};
  FlowTrace tr;
  for (int k = 0; k <= s.steps; ++k) {
    const double t = s.horizon * k / s.steps;
    tr.time.push_back(t);
    tr.kl.push_back(exact.kl(t));
    tr.mean.push_back(exact.mean(t));
    tr.variance.push_back(exact.variance(t));
    tr.dissipation.push_back(exact.dissipation(t));
  }
  compare(s, tr);
  return tr;
}

FlowTrace run_particles(const FlowSettings& s) {
  const auto started = std::chrono::steady_clock::now();
  const int N = s.particles;
  // Normal quantiles at (j + ½)/N, standardised to mean 0 and variance 1 exactly.
  const boost::math::normal_distribution<double> standard;
  std::vector<double> z(N);
  double zm = 0, zv = 0;
  for (int j = 0; j < N; ++j) z[j] = boost::math::quantile(standard, (j + 0.5) / N), zm += z[j];
  zm /= N;
  for (int j = 0; j < N; ++j) zv += (z[j] - zm) * (z[j] - zm);
  zv = std::sqrt(zv / N);
  std::vector<double> x(N);
  for (int j = 0; j < N; ++j) x[j] = s.m0 + s.s0 * (z[j] - zm) / zv;

  auto moments = [N](const std::vector<double>& v, double& m, double& var) {
    m = 0;
    for (double xi : v) m += xi;
    m /= N;
    var = 0;
    for (double xi : v) var += (xi - m) * (xi - m);
    var /= N;
  };
  // dx/dt = −∂x(log p + x²/2) = −x − ∂x log p, with ∂x log p = −(x − m)/var.
  auto velocity = [&](const std::vector<double>& v, std::vector<double>& out) {
    double m, var;
    moments(v, m, var);
    for (int j = 0; j < N; ++j) out[j] = -v[j] + (v[j] - m) / var;
  };
  FlowTrace tr;
  auto record = [&](double t) {
    double m, var;
    moments(x, m, var);
    double dissipation = 0;  // ∫ p |∂x δF/δp|² = E[(x + ∂x log p)²]
    for (int j = 0; j < N; ++j) {
      const double w = x[j] - (x[j] - m) / var;
      dissipation += w * w;
    }
    tr.time.push_back(t);
    tr.mean.push_back(m);
    tr.variance.push_back(var);
    tr.kl.push_back(-0.5 * std::log(var) + 0.5 * (var + m * m) - 0.5);
    tr.dissipation.push_back(dissipation / N);
  };
  const double dt = s.horizon / s.steps;
  std::vector<double> k1(N), k2(N), k3(N), k4(N), stage(N);
  record(0);
  for (int step = 1; step <= s.steps; ++step) {
    tl::throw_if_cancelled();
    velocity(x, k1);
    for (int j = 0; j < N; ++j) stage[j] = x[j] + 0.5 * dt * k1[j];
    velocity(stage, k2);
    for (int j = 0; j < N; ++j) stage[j] = x[j] + 0.5 * dt * k2[j];
    velocity(stage, k3);
    for (int j = 0; j < N; ++j) stage[j] = x[j] + dt * k3[j];
    velocity(stage, k4);
    for (int j = 0; j < N; ++j) x[j] += dt / 6 * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j]);
    record(s.horizon * step / s.steps);
  }
  compare(s, tr);
  tr.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return tr;
}

FlowTrace run_fokker_planck(const FlowSettings& s, int cells) {
  const auto started = std::chrono::steady_clock::now();
  const int N = cells;
  const double W = s.half_width, h = 2 * W / N;
  std::vector<double> x(N), p(N);
  for (int i = 0; i < N; ++i) {
    x[i] = -W + (i + 0.5) * h;
    p[i] = normal_mass(x[i] - 0.5 * h, x[i] + 0.5 * h, s.m0, s.s0) / h;
  }
  // Face f between cells f and f+1 (x_face = −W + (f+1)h): F_f = α_f p_{f+1} − β_f p_f
  // with √(φ_fφ_{f+1})/φ_{f+1} = e^{h x_face/2}, √(φ_fφ_{f+1})/φ_f = e^{−h x_face/2}.
  std::vector<double> alpha(N - 1), beta(N - 1);
  for (int f = 0; f + 1 < N; ++f) {
    const double xf = -W + (f + 1) * h;
    alpha[f] = std::exp(0.5 * h * xf) / (h * h);
    beta[f] = std::exp(-0.5 * h * xf) / (h * h);
  }
  // A p: (A p)_i = F_i − F_{i−1}. Tridiagonal: sub_i (p_{i−1}), diag_i, sup_i (p_{i+1}).
  std::vector<double> sub(N, 0), diag(N, 0), sup(N, 0);
  for (int i = 0; i < N; ++i) {
    if (i + 1 < N) diag[i] -= beta[i], sup[i] = alpha[i];
    if (i > 0) diag[i] -= alpha[i - 1], sub[i] = beta[i - 1];
  }
  const double dt = s.horizon / s.steps;
  FlowTrace tr;
  double initial_mass = 0;
  for (double v : p) initial_mass += v * h;
  tr.min_density = *std::min_element(p.begin(), p.end());

  auto record = [&](double t) {
    double mass = 0, mean = 0, second = 0, kl = 0, dissipation = 0;
    for (int i = 0; i < N; ++i) {
      mass += h * p[i];
      mean += h * p[i] * x[i];
      second += h * p[i] * x[i] * x[i];
      if (p[i] > 0) kl += h * p[i] * (std::log(p[i]) + 0.5 * x[i] * x[i] + 0.5 * kLogTwoPi);
    }
    for (int f = 0; f + 1 < N; ++f) {
      if (!(p[f] > 1e-300 && p[f + 1] > 1e-300)) continue;
      const double flux = alpha[f] * p[f + 1] - beta[f] * p[f];
      const double dlogu = std::log(p[f + 1]) - std::log(p[f]) + 0.5 * (x[f + 1] * x[f + 1] - x[f] * x[f]);
      dissipation += h * flux * dlogu;
    }
    mean /= mass;
    tr.time.push_back(t);
    tr.mean.push_back(mean);
    tr.variance.push_back(second / mass - mean * mean);
    tr.kl.push_back(kl);
    tr.dissipation.push_back(dissipation);
    tr.mass_error = std::max(tr.mass_error, std::fabs(mass - initial_mass));
  };
  record(0);
  // Crank–Nicolson: (I − dt/2 A) p⁺ = (I + dt/2 A) p, by the Thomas algorithm.
  std::vector<double> rhs(N), c_prime(N), d_prime(N);
  for (int step = 1; step <= s.steps; ++step) {
    tl::throw_if_cancelled();
    for (int i = 0; i < N; ++i) {
      double ap = diag[i] * p[i];
      if (i > 0) ap += sub[i] * p[i - 1];
      if (i + 1 < N) ap += sup[i] * p[i + 1];
      rhs[i] = p[i] + 0.5 * dt * ap;
    }
    // matrix M = I − dt/2 A: m_sub = −dt/2 sub, m_diag = 1 − dt/2 diag, m_sup = −dt/2 sup
    for (int i = 0; i < N; ++i) {
      const double m_sub = -0.5 * dt * sub[i], m_diag = 1 - 0.5 * dt * diag[i], m_sup = -0.5 * dt * sup[i];
      const double denom = i > 0 ? m_diag - m_sub * c_prime[i - 1] : m_diag;
      c_prime[i] = m_sup / denom;
      d_prime[i] = (rhs[i] - (i > 0 ? m_sub * d_prime[i - 1] : 0.0)) / denom;
    }
    p[N - 1] = d_prime[N - 1];
    for (int i = N - 2; i >= 0; --i) p[i] = d_prime[i] - c_prime[i] * p[i + 1];
    tr.min_density = std::min(tr.min_density, *std::min_element(p.begin(), p.end()));
    record(s.horizon * step / s.steps);
  }
  compare(s, tr);
  tr.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return tr;
}

}  // namespace probability_space
