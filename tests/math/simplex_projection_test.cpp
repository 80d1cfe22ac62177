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

namespace {
// Σp = radius to rounding and p >= 0: the projection's defining properties.
void check_on_simplex(const Eigen::VectorXd& p, double radius) {
  CHECK(p.allFinite());
  CHECK(p.minCoeff() >= 0);
  CHECK(std::fabs(p.sum() - radius) <= 4 * static_cast<double>(p.size()) * std::numeric_limits<double>::epsilon() * radius);
}
}  // namespace

TEST_CASE("simplex projection at the domain edges: entries near +-1e300 and steps of 1e17", "[simplex][domain]") {
  for (auto method : {tl::SimplexProjectionMethod::Sort, tl::SimplexProjectionMethod::Condat}) {
    CAPTURE(static_cast<int>(method));
    // Entries of both signs near the largest doubles: the largest entry takes all mass.
    Eigen::VectorXd x(4);
    x << 1e300, -1e300, 1.7e308, -1.7e308;
    auto r = tl::project_to_simplex(x, 1.0, method);
    check_on_simplex(r.p, 1.0);
    CHECK(r.p[2] == 1.0);
    // Entries of a projected-gradient step of 1e17: λ = max - 1 rounds to max, and before
    // the shift p = x - λ came out 0 (or 16): a sum of 0, off the simplex.
    x << 1e17 + 32, 1e17, -1e17, 3;
    r = tl::project_to_simplex(x, 1.0, method);
    check_on_simplex(r.p, 1.0);
    CHECK(r.p[0] == 1.0);  // 32 apart > radius: a vertex
    x << 0.5, 0.0, -1e17, -1.0;
    r = tl::project_to_simplex(x, 1.0, method);
    check_on_simplex(r.p, 1.0);
    CHECK(r.p[0] == Approx(0.75).epsilon(1e-15));
    CHECK(r.p[1] == Approx(0.25).epsilon(1e-15));
    // The same vector shifted by 1e15 (an exact shift: spacing 0.125 there) projects the same.
    Eigen::VectorXd shifted(4);
    shifted << 1e15 + 0.5, 1e15, -1e17, 1e15 - 4;
    const auto rs = tl::project_to_simplex(shifted, 1.0, method);
    CHECK(rs.p[0] == 0.75);
    CHECK(rs.p[1] == 0.25);
    // Tiny radius and one element.
    Eigen::VectorXd one(1);
    one << -1e300;
    check_on_simplex(tl::project_to_simplex(one, 1e-300, method).p, 1e-300);
  }
}

TEST_CASE("simplex projection property: always on the simplex, idempotent, for random scales", "[simplex][property]") {
  const double scale = GENERATE(1e-300, 1e-8, 1.0, 1e8, 1e17, 1e150, 1e300);
  const int n = GENERATE(1, 2, 7, 100);
  const double radius = GENERATE(1e-3, 1.0, 1e3);
  std::mt19937_64 engine(static_cast<std::uint64_t>(n) * 7919 + static_cast<std::uint64_t>(std::log10(scale) + 400));
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  for (int trial = 0; trial < 20; ++trial) {
    Eigen::VectorXd x(n);
    for (int i = 0; i < n; ++i) x[i] = scale * u(engine);
    CAPTURE(scale, n, radius, trial);
    const auto a = tl::project_to_simplex(x, radius, tl::SimplexProjectionMethod::Sort);
    const auto b = tl::project_to_simplex(x, radius, tl::SimplexProjectionMethod::Condat);
    check_on_simplex(a.p, radius);
    check_on_simplex(b.p, radius);
    CHECK((a.p - b.p).cwiseAbs().maxCoeff() <= 1e-12 * radius);
    // Projecting a point of the simplex leaves it there (to rounding).
    const auto again = tl::project_to_simplex(a.p, radius, tl::SimplexProjectionMethod::Condat);
    CHECK((again.p - a.p).cwiseAbs().maxCoeff() <= 1e-13 * radius);
  }
}

TEST_CASE("simplex projection property: mixed magnitudes 1e-300 ... 1e300 in one vector, ties, both algorithms", "[simplex][property]") {
  // Entries of random sign and log-uniform magnitude over 600 decades (plus exact ties and
  // zeros): whatever the mix, p >= 0 and sum p = radius within a few ulp * n.
  const int n = GENERATE(1, 2, 3, 10, 257, 4096);
  const double radius = GENERATE(1e-300, 1e-8, 1.0, 1e8, 1e300);
  const int decades = GENERATE(0, 16, 300);  // entries in [1e-decades, 1e+decades]
  std::mt19937_64 engine(static_cast<std::uint64_t>(n) * 1000003 + static_cast<std::uint64_t>(decades));
  std::uniform_real_distribution<double> exponent(-decades, decades);
  std::uniform_int_distribution<int> kind(0, 9);
  std::vector<double> work;
  for (int trial = 0; trial < 10; ++trial) {
    Eigen::VectorXd x(n);
    for (int i = 0; i < n; ++i) {
      const int k = kind(engine);
      x[i] = k == 0 ? 0.0 : k == 1 && i > 0 ? x[i - 1] : (k % 2 ? 1 : -1) * std::pow(10.0, exponent(engine));
    }
    if (static_cast<double>(n) * radius > std::numeric_limits<double>::max()) continue;
    CAPTURE(n, radius, decades, trial);
    for (auto method : {tl::SimplexProjectionMethod::Sort, tl::SimplexProjectionMethod::Condat}) {
      const auto r = tl::project_to_simplex(x, radius, method);
      check_on_simplex(r.p, radius);
      // p_i = max(0, x_i - lambda): the largest entry is in the support.
      Eigen::Index top;
      x.maxCoeff(&top);
      CHECK(r.p[top] > 0);
      CHECK(r.support >= 1);
    }
  }
}

TEST_CASE("simplex projection pointer forms at the domain edges: n = 0, radius at its ends", "[simplex][domain]") {
  std::vector<double> work;
  double x[3] = {1, 2, 3}, out[3] = {7, 7, 7};
  // n = 0: nothing to write, threshold 0.
  CHECK(tl::project_to_simplex_sort(x, 0, out, work) == 0);
  CHECK(tl::project_to_simplex_condat(x, 0, out, work) == 0);
  CHECK(out[0] == 7);
  // The largest radius with n * radius finite, and the smallest positive one.
  const double big = std::numeric_limits<double>::max() / 4, tiny = std::numeric_limits<double>::denorm_min();
  for (double radius : {big, tiny}) {
    CAPTURE(radius);
    tl::project_to_simplex_sort(x, 3, out, work, radius);
    CHECK(out[0] >= 0);
    CHECK(out[1] >= 0);
    CHECK(out[2] > 0);
    CHECK(out[0] + out[1] + out[2] == Approx(radius).epsilon(1e-15));
    tl::project_to_simplex_condat(x, 3, out, work, radius);
    CHECK(out[0] + out[1] + out[2] == Approx(radius).epsilon(1e-15));
  }
  // Entries clamped at -radius add up to -(n-1) radius: at n radius <= DBL_MAX still finite.
  const double far[3] = {0, -std::numeric_limits<double>::max(), -std::numeric_limits<double>::max()};
  tl::project_to_simplex_sort(far, 3, out, work, big);
  CHECK(out[0] == big);
  CHECK(out[1] == 0);
  tl::project_to_simplex_condat(far, 3, out, work, big);
  CHECK(out[0] == big);
  CHECK(out[2] == 0);
  // Outside (radius <= 0, infinite, NaN, n radius > DBL_MAX): NaN output and threshold,
  // never a finite wrong p (at radius DBL_MAX the clamped sums gave lambda = -inf, p = inf).
  CHECK(std::isnan(tl::project_to_simplex_sort(far, 3, out, work, std::numeric_limits<double>::max())));
  CHECK(std::isnan(out[0]));
  for (double radius : {0.0, -1.0, std::numeric_limits<double>::infinity(), std::numeric_limits<double>::quiet_NaN()}) {
    CAPTURE(radius);
    CHECK(std::isnan(tl::project_to_simplex_sort(x, 3, out, work, radius)));
    CHECK(std::isnan(out[0]));
    CHECK(std::isnan(tl::project_to_simplex_condat(x, 3, out, work, radius)));
    CHECK(std::isnan(out[2]));
  }
}
