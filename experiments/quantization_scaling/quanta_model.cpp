#include "quantization_scaling/quanta_model.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include <boost/math/special_functions/gamma.hpp>
#include <boost/math/special_functions/zeta.hpp>

#include "theorylab/core/cancellation.hpp"
#include "theorylab/math/hurwitz_zeta.hpp"
#include "theorylab/math/power_law_fit.hpp"
#include "theorylab/math/zipf.hpp"

namespace qs {

namespace {
std::vector<double> integer_log_grid(double lo, double hi, int count) {
  std::vector<double> out;
  for (int i = 0; i < count; ++i) {
    const double v = std::round(lo * std::pow(hi / lo, static_cast<double>(i) / (count - 1)));
    if (out.empty() || v > out.back()) out.push_back(v);
  }
  return out;
}
void append(std::vector<std::vector<double>>& rows, std::vector<double> row) { rows.push_back(std::move(row)); }
Eigen::MatrixXd to_matrix(const std::vector<std::vector<double>>& rows, int cols) {
  Eigen::MatrixXd m(rows.size(), cols);
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (int c = 0; c < cols; ++c) m(r, c) = rows[r][c];
  return m;
}
}  // namespace

Eigen::MatrixXd a1_exact_tail_fits(const std::vector<double>& alphas) {
  struct Window { double lo, hi; };
  const std::vector<Window> windows{{1, 10}, {3, 30}, {10, 100}, {30, 300}, {100, 1000}, {100, 10000}, {1000, 100000}};
  std::vector<std::vector<double>> rows;
  for (double alpha : alphas) {
    const double s = alpha + 1;
    for (double T : {kInfiniteT, 500.0, 100.0}) {
      for (const Window& w : windows) {
        if (std::isfinite(T) && w.hi > T / 2) continue;  // n <= T/2 (docs/science/quantization_scaling.md, fitting)
        const std::vector<double> n = integer_log_grid(w.lo, w.hi, 12);
        std::vector<double> L;
        double prediction = 0;
        for (double v : n) {
          L.push_back(tl::zipf_tail(v, s, T));
          prediction += std::isfinite(T) ? alpha / (1 - std::pow(v / T, alpha)) : alpha;
        }
        const auto plain = tl::fit_power_law(n, L);
        const auto shifted = tl::fit_power_law(n, L, 0.95, 0.5);
        append(rows, {alpha, std::isfinite(T) ? T : 0, w.lo, w.hi, static_cast<double>(n.size()), -plain.exponent,
                      -shifted.exponent, shifted.exponent_se, prediction / n.size()});
      }
    }
  }
  return to_matrix(rows, 9);
}

Eigen::MatrixXd a2_parameter_scaling(const std::vector<double>& alphas, const std::vector<double>& Ts,
                                     double cost, int seeds, tl::Rng& rng) {
  std::vector<std::vector<double>> rows;
  for (double alpha : alphas) {
    const double s = alpha + 1;
    for (double T : Ts) {
      const double n_cap = std::isfinite(T) ? T : 1e5;
      const std::vector<double> N_grid = integer_log_grid(cost, cost * n_cap, 25);
      for (double N : N_grid) {  // deterministic costs
        const double n = std::min(std::floor(N / cost), n_cap);
        append(rows, {alpha, std::isfinite(T) ? T : 0, 0, 0, N, n, tl::zipf_tail(n, s, T)});
      }
      for (int seed = 0; seed < seeds; ++seed) {  // random costs, learned in order
        tl::Rng r = rng.split(static_cast<std::uint64_t>(seed) * 1000003 + static_cast<std::uint64_t>(alpha * 1000) * 7 +
                              static_cast<std::uint64_t>(std::isfinite(T) ? T : 0));
        std::vector<double> cumulative;
        double total = 0;
        for (int k = 0; k < static_cast<int>(n_cap); ++k) {
          if ((k & 0xFFFF) == 0) tl::throw_if_cancelled();
          total += cost * -std::log(1 - r.uniform());  // Exponential with mean `cost`
          cumulative.push_back(total);
        }
        for (double N : N_grid) {
          const double n = static_cast<double>(std::upper_bound(cumulative.begin(), cumulative.end(), N) - cumulative.begin());
          append(rows, {alpha, std::isfinite(T) ? T : 0, 1, static_cast<double>(seed), N, n, tl::zipf_tail(n, s, T)});
        }
      }
    }
  }
  return to_matrix(rows, 7);
}

Eigen::MatrixXd a3_data_scaling(const std::vector<double>& alphas, int tau, const std::vector<double>& D_grid,
                                int seeds, tl::Rng& rng) {
  std::vector<std::vector<double>> rows;
  const std::uint64_t table = 1u << 20;
  std::vector<std::uint32_t> counts(table + 1);
  for (std::size_t a = 0; a < alphas.size(); ++a) {
    const double alpha = alphas[a], s = alpha + 1;
    const tl::ZipfSampler zipf(s, tl::ZipfSampler::kInfinite, table);
    for (int seed = 0; seed < seeds; ++seed) {
      tl::Rng r = rng.split(a * 100003 + static_cast<std::uint64_t>(seed));
      std::fill(counts.begin(), counts.end(), 0);
      std::unordered_map<std::uint64_t, std::uint32_t> tail_counts;
      double learned_mass = 0;  // sum of p_k over quanta with count >= tau
      std::int64_t learned = 0, drawn = 0;
      for (double D : D_grid) {
        for (; drawn < static_cast<std::int64_t>(D); ++drawn) {
          if ((drawn & 0xFFFF) == 0) tl::throw_if_cancelled();
          const std::uint64_t k = zipf(r);
          const std::uint32_t c = k <= table ? ++counts[k] : ++tail_counts[k];
          if (c == static_cast<std::uint32_t>(tau)) learned_mass += zipf.probability(k), ++learned;
        }
        append(rows, {alpha, static_cast<double>(tau), static_cast<double>(seed), D, static_cast<double>(learned),
                      std::max(0.0, 1 - learned_mass)});
      }
    }
  }
  return to_matrix(rows, 6);
}

double poisson_threshold_loss(double alpha, int tau, double D) {
  const double s = alpha + 1;
  return std::pow(boost::math::zeta(s), -1 / s) * boost::math::tgamma_ratio(tau + alpha / s, static_cast<double>(tau)) /
         alpha * std::pow(D, -alpha / s);
}

double poisson_threshold_learned(double alpha, int tau, double D) {
  const double s = alpha + 1;
  return std::pow(D / boost::math::zeta(s), 1 / s) * boost::math::tgamma_ratio(tau - 1 / s, static_cast<double>(tau));
}

Eigen::MatrixXd a4_step_scaling(const std::vector<double>& alphas, const std::vector<double>& betas, int tau,
                                double batch, int seeds, int quanta, tl::Rng& rng) {
  std::vector<std::vector<double>> rows;
  for (std::size_t a = 0; a < alphas.size(); ++a) {
    const double alpha = alphas[a], s = alpha + 1, zeta_s = boost::math::zeta(s);
    for (std::size_t bi = 0; bi < betas.size(); ++bi) {
      const double beta = betas[bi];
      // S(n) = tau / (B p_n^beta): the step at which quantum n is learned (deterministic).
      std::vector<double> S_grid;
      for (double n : integer_log_grid(2, quanta / 20.0, 16))
        S_grid.push_back(tau / (batch * std::pow(std::pow(n, -s) / zeta_s, beta)));
      // Deterministic: learned iff p_k >= (tau / (S B))^{1/beta}, i.e. k <= k*(S).
      for (double S : S_grid) {
        const double p_min = std::pow(tau / (S * batch), 1 / beta);
        const double n = std::floor(std::pow(p_min * zeta_s, -1 / s) + 1e-9);
        append(rows, {alpha, beta, 0, 0, S, n, tl::zipf_tail(n, s, kInfiniteT)});
      }
      // Stochastic learning times, binned on the S grid.
      for (int seed = 0; seed < seeds; ++seed) {
        tl::throw_if_cancelled();  // one seed: `quanta` gamma draws
        tl::Rng r = rng.split(a * 1000003 + bi * 1009 + static_cast<std::uint64_t>(seed));
        std::vector<double> mass(S_grid.size(), 0);
        std::vector<double> count(S_grid.size(), 0);
        for (int k = 1; k <= quanta; ++k) {
          const double p = std::pow(static_cast<double>(k), -s) / zeta_s;
          const double time = r.gamma(tau) / (batch * std::pow(p, beta));
          const std::size_t first = std::lower_bound(S_grid.begin(), S_grid.end(), time) - S_grid.begin();
          if (first < S_grid.size()) mass[first] += p, count[first] += 1;
        }
        double learned_mass = 0, learned = 0;
        for (std::size_t i = 0; i < S_grid.size(); ++i) {
          learned_mass += mass[i], learned += count[i];
          append(rows, {alpha, beta, 1, static_cast<double>(seed), S_grid[i], learned, std::max(0.0, 1 - learned_mass)});
        }
      }
    }
  }
  return to_matrix(rows, 7);
}

}  // namespace qs
