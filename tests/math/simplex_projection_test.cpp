// Simplex projection: the article's worked example, brute force over supports on
// small n, agreement of the two algorithms, edge cases.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "theorylab/core/random.hpp"
#include "theorylab/math/simplex_projection.hpp"

namespace {

// The projection by enumeration: for every non-empty support S, p_S = x_S − λ with
// λ = (Σ_S x − 1)/|S|; keep the feasible candidate closest to x. Independent of both
// algorithms (no sort, no running means).
Eigen::VectorXd brute_force_projection(const Eigen::VectorXd& x) {
  const int n = static_cast<int>(x.size());
  double best = std::numeric_limits<double>::infinity();
  Eigen::VectorXd best_p;
  for (int mask = 1; mask < (1 << n); ++mask) {
    double sum = 0;
    int count = 0;
    for (int i = 0; i < n; ++i)
      if (mask & (1 << i)) sum += x[i], ++count;
    const double lambda = (sum - 1) / count;
    Eigen::VectorXd p = Eigen::VectorXd::Zero(n);
    bool feasible = true;
    for (int i = 0; i < n; ++i)
      if (mask & (1 << i)) {
        p[i] = x[i] - lambda;
        if (p[i] < 0) feasible = false;
      }
    if (!feasible) continue;
    const double distance = (p - x).squaredNorm();
    if (distance < best) best = distance, best_p = p;
  }
  return best_p;
}

}  // namespace

TEST_CASE("simplex projection reproduces the article's example", "[simplex_projection]") {
  // kexue.fm 10289: x = (0.8, 0.6, 0.1, −0.5) -> p = (0.6, 0.4, 0, 0), λ = 0.2.
  Eigen::VectorXd x(4);
  x << 0.8, 0.6, 0.1, -0.5;
  for (auto method : {tl::SimplexProjectionMethod::Sort, tl::SimplexProjectionMethod::Condat}) {
    const auto r = tl::project_to_simplex(x, 1.0, method);
    CHECK(r.threshold == Approx(0.2).margin(1e-15));
    CHECK(r.p[0] == Approx(0.6).margin(1e-15));
    CHECK(r.p[1] == Approx(0.4).margin(1e-15));
    CHECK(r.p[2] == 0.0);
    CHECK(r.p[3] == 0.0);
    CHECK(r.support == 2);
  }
}

TEST_CASE("simplex projection matches brute force on small n", "[simplex_projection]") {
  tl::Rng rng(20240806);
  for (int trial = 0; trial < 400; ++trial) {
    const int n = 2 + static_cast<int>(rng.below(9));
    Eigen::VectorXd x(n);
    const double scale = trial % 3 == 0 ? 0.1 : (trial % 3 == 1 ? 1.0 : 10.0);
    for (int i = 0; i < n; ++i) x[i] = scale * rng.normal();
    const Eigen::VectorXd expected = brute_force_projection(x);
    for (auto method : {tl::SimplexProjectionMethod::Sort, tl::SimplexProjectionMethod::Condat}) {
      const auto r = tl::project_to_simplex(x, 1.0, method);
      INFO("trial " << trial << " n " << n);
      CHECK((r.p - expected).cwiseAbs().maxCoeff() <= 1e-13 * (1 + scale));
      CHECK(std::fabs(r.p.sum() - 1) <= 1e-13 * (1 + scale));
      CHECK(r.p.minCoeff() >= 0);
    }
  }
}

TEST_CASE("simplex projection: the support can be all of x (k = n)", "[simplex_projection]") {
  Eigen::VectorXd x(5);
  x << 0.2, 0.21, 0.19, 0.2, 0.2;  // already near the barycentre: every coordinate kept
  for (auto method : {tl::SimplexProjectionMethod::Sort, tl::SimplexProjectionMethod::Condat}) {
    const auto r = tl::project_to_simplex(x, 1.0, method);
    CHECK(r.support == 5);
    CHECK(r.threshold == Approx(0.0).margin(1e-15));
    CHECK((r.p - x).cwiseAbs().maxCoeff() <= 1e-15);
  }
}

TEST_CASE("simplex projection: ties, a point of the simplex, radius", "[simplex_projection]") {
  Eigen::VectorXd ties = Eigen::VectorXd::Constant(6, 3.0);  // all equal: uniform answer
  Eigen::VectorXd vertex = Eigen::VectorXd::Zero(3);
  vertex[1] = 1;
  for (auto method : {tl::SimplexProjectionMethod::Sort, tl::SimplexProjectionMethod::Condat}) {
    CHECK((tl::project_to_simplex(ties, 1.0, method).p.array() - 1.0 / 6).abs().maxCoeff() <= 1e-15);
    CHECK((tl::project_to_simplex(vertex, 1.0, method).p - vertex).norm() == 0.0);
    const auto scaled = tl::project_to_simplex(ties, 3.0, method);
    CHECK(scaled.p.sum() == Approx(3.0).margin(1e-14));
  }
}

TEST_CASE("simplex projection: the two algorithms agree on large random input", "[simplex_projection]") {
  tl::Rng rng(7);
  for (std::size_t n : {1000u, 100000u}) {
    std::vector<double> x(n), a(n), b(n), work;
    for (auto& v : x) v = rng.normal();
    const double la = tl::project_to_simplex_sort(x.data(), n, a.data(), work);
    const double lb = tl::project_to_simplex_condat(x.data(), n, b.data(), work);
    CHECK(std::fabs(la - lb) <= 1e-13);
    double max_diff = 0, sum = 0;
    for (std::size_t i = 0; i < n; ++i) max_diff = std::max(max_diff, std::fabs(a[i] - b[i])), sum += b[i];
    CHECK(max_diff <= 1e-13);
    CHECK(std::fabs(sum - 1) <= 1e-12);
  }
}

TEST_CASE("simplex projection: non-finite input gives NaN, bad arguments throw", "[simplex_projection]") {
  Eigen::VectorXd x(3);
  x << 0.5, std::numeric_limits<double>::infinity(), 0.1;
  for (auto method : {tl::SimplexProjectionMethod::Sort, tl::SimplexProjectionMethod::Condat}) {
    const auto r = tl::project_to_simplex(x, 1.0, method);
    CHECK(std::isnan(r.threshold));
    CHECK(std::isnan(r.p[0]));
  }
  CHECK_THROWS(tl::project_to_simplex(Eigen::VectorXd(0)));
  CHECK_THROWS(tl::project_to_simplex(x, 0.0));
}
