#include "gradient_max_scale/objectives.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include <boost/math/distributions/normal.hpp>
#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/erf.hpp>

#include "theorylab/math/hypergeometric.hpp"
#include "theorylab/math/roots.hpp"
#include "theorylab/math/sphere_cosine.hpp"

namespace gradient_max_scale {

ScoreKind parse_score_kind(const std::string& name) {
  if (name == "normal") return ScoreKind::Normal;
  if (name == "cosine") return ScoreKind::Cosine;
  throw std::invalid_argument("unknown score kind '" + name + "' (normal, cosine)");
}

const char* to_string(ScoreKind kind) { return kind == ScoreKind::Normal ? "normal" : "cosine"; }

double ScoreModel::sd() const { return kind == ScoreKind::Normal ? 1.0 : 1.0 / std::sqrt(static_cast<double>(d)); }

namespace {

// d/dz log 0F1(; b; z) = 0F1(; b+1; z) / (b 0F1(; b; z)).
double dlog_hyp0f1(double b, double z) { return tl::hyp0f1_ratio(b, z) / b; }

}  // namespace

double log_collision_ratio(const ScoreModel& model, double alpha) {
  if (model.kind == ScoreKind::Normal) return alpha * alpha;  // E[e^{as}] = e^{a^2/2}
  const double b = 0.5 * model.d, a2 = alpha * alpha;
  return tl::log_hyp0f1(b, a2) - 2 * tl::log_hyp0f1(b, 0.25 * a2);
}

double log_collision_ratio_derivative(const ScoreModel& model, double alpha) {
  if (model.kind == ScoreKind::Normal) return 2 * alpha;
  const double b = 0.5 * model.d, a2 = alpha * alpha;
  // d/da [L(a^2) - 2 L(a^2/4)] = 2a L'(a^2) - a L'(a^2/4).
  return 2 * alpha * dlog_hyp0f1(b, a2) - alpha * dlog_hyp0f1(b, 0.25 * a2);
}

double approximate_objective(const ScoreModel& model, double n, double alpha) {
  return alpha * (1 - std::exp(log_collision_ratio(model, alpha) - std::log(n)));
}

Optimum approximate_optimum(const ScoreModel& model, double n, double rel_tol) {
  if (!(n > 1)) throw std::invalid_argument("approximate_optimum: needs n > 1");
  const double log_n = std::log(n);
  auto stationarity = [&](double alpha) {
    return log_collision_ratio(model, alpha) + std::log1p(alpha * log_collision_ratio_derivative(model, alpha)) - log_n;
  };
  // stationarity(0) = -log n < 0; grow the upper end until it is positive.
  double hi = std::sqrt(log_n) / model.sd();
  int grow = 0;
  while (stationarity(hi) <= 0) {
    hi *= 2;
    if (++grow > 200) throw std::runtime_error("approximate_optimum: no bracket");
  }
  const tl::RootResult root = tl::find_root(stationarity, 0.0, hi, rel_tol);
  Optimum out;
  out.alpha = root.x;
  out.objective = approximate_objective(model, n, root.x);
  out.iterations = root.iterations;
  return out;
}

double top_quantile(const ScoreModel& model, double n) {
  if (model.kind == ScoreKind::Normal) return boost::math::quantile(boost::math::normal(), 1 - 1 / n);
  const double shape = 0.5 * (model.d - 1);
  return 2 * boost::math::ibetac_inv(shape, shape, 1 / n) - 1;
}

double approximation_breakdown_alpha(const ScoreModel& model, double n) {
  const double top = top_quantile(model, n);
  if (model.kind == ScoreKind::Normal) return top / 2;  // tilted mean of N(0,1) at 2a is 2a
  auto excess = [&](double alpha) { return tl::sphere_cosine_tilted_mean(model.d, 2 * alpha) - top; };
  double hi = 1;
  // The tilted mean rises to 1 and top < 1, so a bracket exists; the cap bounds the
  // search when top rounds to 1 (n beyond 1e15).
  while (excess(hi) <= 0) {
    hi *= 2;
    if (hi > 1e300) return std::numeric_limits<double>::quiet_NaN();
  }
  return tl::find_root(excess, 0.0, hi, 1e-12).x;
}

double gap_density_at_zero(const ScoreModel& model, double n) {
  using boost::math::quadrature::gauss_kronrod;
  const double x0 = top_quantile(model, n);
  const double log_pairs = std::log(n) + std::log(n - 1);
  constexpr int kDepth = 20;
  constexpr double kTol = 1e-12;
  if (model.kind == ScoreKind::Normal) {
    const double log_phi0 = -0.5 * std::log(2 * M_PI);
    auto integrand = [&](double x) {
      const double log_f = log_phi0 - 0.5 * x * x;
      const double big_f = 0.5 * boost::math::erfc(-x / std::sqrt(2.0));
      if (big_f <= 0) return 0.0;
      return std::exp(log_pairs + 2 * log_f + (n - 2) * std::log(big_f));
    };
    // The top two order statistics live within a few units of x0; beyond +-10 the
    // integrand is below e^{-50} of its peak.
    return gauss_kronrod<double, 61>::integrate(integrand, x0 - 10, x0, kDepth, kTol) +
           gauss_kronrod<double, 61>::integrate(integrand, x0, x0 + 10, kDepth, kTol);
  }
  if (model.d <= 2) return std::numeric_limits<double>::infinity();
  const double shape = 0.5 * (model.d - 1);
  const double log_norm = std::log(boost::math::beta(0.5, shape));
  auto integrand = [&](double s) {
    if (s <= -1 || s >= 1) return 0.0;  // Gauss-Kronrod nodes are interior anyway
    const double log_f = 0.5 * (model.d - 3) * std::log1p(-s * s) - log_norm;
    const double big_f = boost::math::ibeta(shape, shape, 0.5 * (1 + s));
    if (big_f <= 0) return 0.0;
    return std::exp(log_pairs + 2 * log_f + (n - 2) * std::log(big_f));
  };
  // Split at x0 and a few score standard deviations around it for the adaptive rule.
  const double w = 1 / std::sqrt(static_cast<double>(model.d));
  const double a = std::max(-1.0, x0 - 12 * w), c = std::min(1.0, x0 + 12 * w);
  double total = gauss_kronrod<double, 61>::integrate(integrand, a, x0, kDepth, kTol) +
                 gauss_kronrod<double, 61>::integrate(integrand, x0, c, kDepth, kTol);
  if (a > -1) total += gauss_kronrod<double, 61>::integrate(integrand, -1.0, a, kDepth, kTol);
  if (c < 1) total += gauss_kronrod<double, 61>::integrate(integrand, c, 1.0, kDepth, kTol);
  return total;
}

std::vector<double> article_n_grid() {
  std::vector<double> n;
  for (int k = 1; k <= 500; ++k) n.push_back(40.0 * k);
  return n;
}

std::vector<double> pow2_n_grid() {
  std::vector<double> n;
  for (int k = 4; k <= 16; ++k) n.push_back(std::ldexp(1.0, k));
  return n;
}

}  // namespace gradient_max_scale
