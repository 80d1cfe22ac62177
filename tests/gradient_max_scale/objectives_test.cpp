// B1's solver and the B2 limit: the stationarity root against Brent maximisation of
// the objective itself, against optima computed independently with mpmath (40 digits,
// its own hyp0f1 and numerical derivative), the derivative against finite differences,
// and the alpha -> infinity limit f_G(0) against closed forms and a direct simulation.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "gradient_max_scale/monte_carlo.hpp"
#include "gradient_max_scale/objectives.hpp"
#include "theorylab/math/roots.hpp"

using namespace gradient_max_scale;

TEST_CASE("approximate_optimum maximises the approximate objective", "[gradient_max_scale][b1]") {
  for (const ScoreModel model : {ScoreModel{ScoreKind::Normal, 0}, ScoreModel{ScoreKind::Cosine, 16},
                                 ScoreModel{ScoreKind::Cosine, 128}, ScoreModel{ScoreKind::Cosine, 512}}) {
    for (double n : {16.0, 40.0, 1000.0, 20000.0, 65536.0}) {
      CAPTURE(to_string(model.kind), model.d, n);
      const Optimum opt = approximate_optimum(model, n);
      const tl::MinimumResult brent = tl::find_minimum(
          [&](double a) { return -approximate_objective(model, n, a); }, 0.0, 4 * opt.alpha, 52);
      // Brent locates a smooth maximum only to about sqrt(eps) relative.
      CHECK(opt.alpha == Approx(brent.x).epsilon(1e-6));
      CHECK(opt.objective >= -brent.value - 1e-12 * opt.objective);
      CHECK(opt.objective > approximate_objective(model, n, opt.alpha * (1 + 1e-4)));
      CHECK(opt.objective > approximate_objective(model, n, opt.alpha * (1 - 1e-4)));
    }
  }
}

TEST_CASE("normal-score optimum solves e^{a^2}(1 + 2a^2) = n", "[gradient_max_scale][b1]") {
  for (double n : {40.0, 491.0, 20000.0}) {
    const double a = approximate_optimum({ScoreKind::Normal, 0}, n).alpha;
    CHECK(std::exp(a * a) * (1 + 2 * a * a) == Approx(n).epsilon(1e-10));
  }
}

TEST_CASE("cosine-score optima agree with mpmath to 1e-8", "[gradient_max_scale][b1]") {
  struct Ref {
    int d;
    double n, alpha;
  };
  // mpmath 1.2.1, mp.dps = 40: findroot of diff(a (1 - hyp0f1(d/2,a^2)/hyp0f1(d/2,a^2/4)^2/n)).
  for (const Ref r : {Ref{16, 20000, 24.9483118982805}, Ref{128, 1000, 26.0205966928001},
                      Ref{512, 40, 32.7443639560843}, Ref{32, 40, 9.30235258666371}}) {
    CAPTURE(r.d, r.n);
    CHECK(approximate_optimum({ScoreKind::Cosine, r.d}, r.n).alpha == Approx(r.alpha).epsilon(1e-8));
  }
}

TEST_CASE("log_collision_ratio_derivative matches central differences", "[gradient_max_scale]") {
  for (const ScoreModel model : {ScoreModel{ScoreKind::Normal, 0}, ScoreModel{ScoreKind::Cosine, 3},
                                 ScoreModel{ScoreKind::Cosine, 128}}) {
    for (double a : {0.3, 5.0, 40.0, 300.0}) {
      const double h = 1e-5 * a;
      const double fd = (log_collision_ratio(model, a + h) - log_collision_ratio(model, a - h)) / (2 * h);
      CAPTURE(model.d, a);
      CHECK(log_collision_ratio_derivative(model, a) == Approx(fd).epsilon(1e-7));
    }
  }
  // Large d: cosine scores approach N(0, 1/d), so log S(alpha) -> alpha^2/d.
  CHECK(log_collision_ratio({ScoreKind::Cosine, 1 << 14}, 100.0) == Approx(100.0 * 100 / (1 << 14)).epsilon(2e-3));
}

TEST_CASE("gap density at zero: closed forms", "[gradient_max_scale][b2]") {
  // n = 2 normal: G = |X - Y|, X - Y ~ N(0, 2): f_G(0) = 2 / sqrt(4 pi) = 1/sqrt(pi).
  CHECK(gap_density_at_zero({ScoreKind::Normal, 0}, 2) == Approx(1 / std::sqrt(M_PI)).epsilon(1e-10));
  // d = 3: cosines uniform on [-1, 1]; the top spacing of n uniforms on a length-2
  // interval has density n/2 at 0.
  for (double n : {2.0, 10.0, 1000.0})
    CHECK(gap_density_at_zero({ScoreKind::Cosine, 3}, n) == Approx(n / 2).epsilon(1e-9));
  CHECK(std::isinf(gap_density_at_zero({ScoreKind::Cosine, 2}, 10)));
}

TEST_CASE("gap density at zero against simulated top-two gaps", "[gradient_max_scale][b2]") {
  // P(G < h)/h = f(0) + f'(0) h/2 + O(h^2); 2 P(h)/h - P(2h)/(2h) removes the linear term.
  for (const ScoreModel model : {ScoreModel{ScoreKind::Normal, 0}, ScoreModel{ScoreKind::Cosine, 64}}) {
    const std::size_t n = 100, trials = 100000;
    const double h = 0.02 * model.sd();
    tl::Rng rng(12345 + model.d);
    std::vector<double> s(n);
    double below_h = 0, below_2h = 0;
    for (std::size_t t = 0; t < trials; ++t) {
      sample_scores(model, rng, s.data(), n);
      double top = -INFINITY, second = -INFINITY;
      for (double x : s) {
        if (x > top) second = top, top = x;
        else if (x > second) second = x;
      }
      below_h += (top - second < h), below_2h += (top - second < 2 * h);
    }
    const double est = 2 * below_h / (trials * h) - below_2h / (trials * 2 * h);
    // Standard error of the combination, from the binomial counts (upper bound: the
    // two counts are positively correlated).
    const double se = std::sqrt(4 * below_h / (trials * h * h * trials) + below_2h / (4 * trials * h * h * trials));
    const double exact = gap_density_at_zero(model, n);
    CAPTURE(model.d, est, se, exact);
    CHECK(std::abs(est - exact) < 5 * se);
  }
}

TEST_CASE("the exact objective tends to the gap density (n = 2, by quadrature)", "[gradient_max_scale][b2]") {
  // n = 2 normal: E[2 a e^{-a g}/(1+e^{-a g})^2] with g half-normal of scale sqrt 2,
  // substituting u = a g; at a = 1e4 it is the limit up to O(1/a^2)... evaluated by
  // midpoint sums on u in [0, 60].
  const double a = 1e4, sigma = std::sqrt(2.0);
  const int m = 600000;
  double sum = 0;
  for (int i = 0; i < m; ++i) {
    const double u = (i + 0.5) * 60.0 / m, g = u / a;
    const double fg = 2 * std::exp(-g * g / (2 * sigma * sigma)) / (sigma * std::sqrt(2 * M_PI));
    sum += 2 * std::exp(-u) / ((1 + std::exp(-u)) * (1 + std::exp(-u))) * fg;
  }
  CHECK(sum * 60.0 / m == Approx(gap_density_at_zero({ScoreKind::Normal, 0}, 2)).epsilon(1e-6));
}

TEST_CASE("breakdown scale: normal sqrt(log n / 2)-like, cosine via the tilted mean", "[gradient_max_scale][b2]") {
  const double n = 1024;
  const ScoreModel normal{ScoreKind::Normal, 0};
  CHECK(approximation_breakdown_alpha(normal, n) == Approx(top_quantile(normal, n) / 2).epsilon(1e-14));
  // Large d: cosine scores ~ N(0, 1/d): breakdown alpha ~ sqrt(d) x normal's.
  const ScoreModel cosine{ScoreKind::Cosine, 4096};
  CHECK(approximation_breakdown_alpha(cosine, n) / 64 == Approx(approximation_breakdown_alpha(normal, n)).epsilon(0.02));
}

TEST_CASE("the article's n grid", "[gradient_max_scale][b1]") {
  const auto g = article_n_grid();
  REQUIRE(g.size() == 500);
  CHECK(g.front() == 40);
  CHECK(g[1] == 80);
  CHECK(g.back() == 20000);
  CHECK(pow2_n_grid().size() == 13);
}
