// softmax_statistics against a naive long-double evaluation, exact two-point and tie
// cases, and the overflow case (scores +-1e6, scale up to 1e4). Every check runs on
// both implementations: the one softmax_statistics dispatches to (AVX-512 here when
// the compiler targets it) and the portable loops.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "theorylab/math/softmax_statistics.hpp"

namespace {

struct Naive {
  long double lse, entropy, sum_p2, one_minus;
};

// Straight from the definitions in long double; the complement as
// sum_i p_i (sum_{j != i} p_j), O(n^2), so it shares nothing with the fast formula.
Naive naive(const std::vector<double>& s, double scale, bool quadratic_complement) {
  long double m = -INFINITY;
  for (double x : s) m = std::max(m, static_cast<long double>(scale) * x);
  long double z = 0;
  for (double x : s) z += std::exp(static_cast<long double>(scale) * x - m);
  Naive out{};
  out.lse = m + std::log(z);
  for (double x : s) {
    const long double p = std::exp(static_cast<long double>(scale) * x - m) / z;
    out.sum_p2 += p * p;
    if (p > 0) out.entropy -= p * std::log(p);
  }
  if (quadratic_complement) {
    for (std::size_t i = 0; i < s.size(); ++i) {
      long double others = 0;
      for (std::size_t j = 0; j < s.size(); ++j)
        if (j != i) others += std::exp(static_cast<long double>(scale) * s[j] - m);
      out.one_minus += std::exp(static_cast<long double>(scale) * s[i] - m) / z * (others / z);
    }
  } else {
    out.one_minus = 1 - out.sum_p2;
  }
  return out;
}

// Deterministic, irregular scores (no RNG needed): roughly N(0,1)-sized.
std::vector<double> test_scores(std::size_t n, double spread) {
  std::vector<double> s(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double x = static_cast<double>(i);
    s[i] = spread * (std::sin(1.3 * x + 0.07 * x * x) + 0.6 * std::cos(0.37 * x * x + 2.1));
  }
  return s;
}

using Implementation = tl::SoftmaxStatistics (*)(const double*, std::size_t, double);
struct Named {
  const char* name;
  Implementation f;
};
tl::SoftmaxStatistics dispatched(const double* s, std::size_t n, double scale) {
  return tl::softmax_statistics(s, n, scale);
}
const Named kImplementations[] = {{"dispatched", dispatched}, {"portable", tl::detail::softmax_statistics_portable}};

}  // namespace

TEST_CASE("softmax_statistics matches a naive long-double evaluation", "[softmax]") {
  for (const Named& impl : kImplementations)
  for (std::size_t n : {1u, 2u, 7u, 15u, 16u, 17u, 100u, 511u, 512u, 513u, 5000u, 100003u}) {
    const auto s = test_scores(n, 1.0);
    for (double scale : {0.0, 0.1, 1.0, 2.5, 10.0, 100.0, -3.0}) {
      CAPTURE(impl.name, n, scale);
      const auto fast = impl.f(s.data(), n, scale);
      const auto ref = naive(s, scale, n <= 600);
      CHECK(fast.log_sum_exp == Approx(static_cast<double>(ref.lse)).epsilon(1e-13).margin(1e-13));
      CHECK(fast.entropy == Approx(static_cast<double>(ref.entropy)).epsilon(1e-12).margin(1e-13));
      CHECK(fast.sum_p_squared == Approx(static_cast<double>(ref.sum_p2)).epsilon(1e-12));
      if (n <= 600 && ref.one_minus > 0)
        CHECK(fast.one_minus_sum_p_squared == Approx(static_cast<double>(ref.one_minus)).epsilon(1e-12));
      CHECK(fast.gradient_objective == Approx(scale * fast.one_minus_sum_p_squared).epsilon(1e-15));
      CHECK(fast.sum_p_squared + fast.one_minus_sum_p_squared == Approx(1.0).epsilon(1e-14));
    }
  }
}

TEST_CASE("softmax_statistics: the uniform case and the Eigen overload", "[softmax]") {
  Eigen::VectorXd s = Eigen::VectorXd::Constant(1000, 0.25);
  const auto st = tl::softmax_statistics(s, 3.0);
  CHECK(st.entropy == Approx(std::log(1000.0)).epsilon(1e-14));
  CHECK(st.sum_p_squared == Approx(1e-3).epsilon(1e-13));
  CHECK(st.log_sum_exp == Approx(0.75 + std::log(1000.0)).epsilon(1e-14));
  for (const Named& impl : kImplementations) {
    const auto zero_scale = impl.f(test_scores(77, 5.0).data(), 77, 0.0);
    CHECK(zero_scale.entropy == Approx(std::log(77.0)).epsilon(1e-14));
    CHECK(zero_scale.gradient_objective == 0.0);
  }
}

TEST_CASE("softmax_statistics: nearly one-hot keeps 1 - sum p^2 accurate", "[softmax]") {
  // Two scores 0 and -g: p = 1/(1+e^{-x}) with x = scale*g, 1 - sum p^2 = 2 p (1-p).
  for (const Named& impl : kImplementations)
  for (double x : {1e-3, 1.0, 20.0, 50.0, 300.0}) {
    // The pair alone, and padded to 33 scores with -1e6 (weights 0 or ~3e-308) so
    // that the vector loops see it.
    std::vector<double> s = {0.0, -1.0};
    if (x == 20.0) s.resize(33, -1e6);
    const auto st = impl.f(s.data(), s.size(), x);
    const double e = std::exp(-x);
    const double expected = 2 * e / ((1 + e) * (1 + e));
    CAPTURE(impl.name, x);
    CHECK(st.one_minus_sum_p_squared == Approx(expected).epsilon(1e-14));
    CHECK(st.gradient_objective == Approx(x * expected).epsilon(1e-14));
    // H = log(1+e) + x e/(1+e)
    CHECK(st.entropy == Approx(std::log1p(e) + x * e / (1 + e)).epsilon(1e-13));
  }
}

TEST_CASE("softmax_statistics cannot overflow: scores +-1e6, scale up to 1e4", "[softmax][overflow]") {
  // k ties at +1e6 among n scores; the others at -1e6 or in between. Then p is uniform
  // on the ties: H = log k, sum p^2 = 1/k, log-sum-exp = scale*1e6 + log k.
  const std::size_t n = 4099;
  for (const Named& impl : kImplementations)
  for (std::size_t k : {1u, 3u, 64u}) {
    std::vector<double> s(n);
    for (std::size_t i = 0; i < n; ++i) s[i] = (i % 3 == 0) ? -1e6 : 1e3 * std::sin(static_cast<double>(i));
    for (std::size_t j = 0; j < k; ++j) s[(j * 997 + 5) % n] = 1e6;
    for (double scale : {1.0, 10.0, 1e3, 1e4}) {
      CAPTURE(impl.name, k, scale);
      const auto st = impl.f(s.data(), n, scale);
      REQUIRE(std::isfinite(st.log_sum_exp));
      REQUIRE(std::isfinite(st.entropy));
      REQUIRE(std::isfinite(st.sum_p_squared));
      CHECK(st.log_sum_exp == Approx(scale * 1e6 + std::log(static_cast<double>(k))).epsilon(1e-15));
      CHECK(st.entropy == Approx(std::log(static_cast<double>(k))).margin(1e-12));
      CHECK(st.sum_p_squared == Approx(1.0 / k).epsilon(1e-14));
      CHECK(st.one_minus_sum_p_squared == Approx(1.0 - 1.0 / k).margin(1e-14));
    }
  }
  // All scores at -1e6 (a huge negative shift): uniform.
  std::vector<double> low(1000, -1e6);
  for (const Named& impl : kImplementations) {
    const auto st = impl.f(low.data(), low.size(), 1e4);
    CHECK(st.entropy == Approx(std::log(1000.0)).epsilon(1e-14));
    CHECK(st.log_sum_exp == Approx(-1e10 + std::log(1000.0)).epsilon(1e-15));
  }
}

TEST_CASE("softmax_statistics rejects an empty vector", "[softmax]") {
  CHECK_THROWS_AS(tl::softmax_statistics(nullptr, 0, 1.0), std::invalid_argument);
  CHECK_THROWS_AS(tl::detail::softmax_statistics_portable(nullptr, 0, 1.0), std::invalid_argument);
}

TEST_CASE("softmax_statistics: the vectorised exp across [-750, 0] and many ties", "[softmax]") {
  // Shifted scores t_i = -0.37 i + a fraction, down past the underflow cut at -708,
  // with every 97th score tied at the top: each weight checked through the sums.
  const std::size_t n = 2027;
  std::vector<double> s(n);
  for (std::size_t i = 0; i < n; ++i) s[i] = (i % 97 == 0) ? 0.0 : -0.37 * static_cast<double>(i % 2000) - 1e-3 * (i % 7);
  const auto ref = naive(s, 1.0, false);
  for (const Named& impl : kImplementations) {
  CAPTURE(impl.name);
  const auto fast = impl.f(s.data(), n, 1.0);
  CHECK(fast.log_sum_exp == Approx(static_cast<double>(ref.lse)).epsilon(1e-15));
  CHECK(fast.entropy == Approx(static_cast<double>(ref.entropy)).epsilon(1e-14));
  CHECK(fast.sum_p_squared == Approx(static_cast<double>(ref.sum_p2)).epsilon(1e-14));
  CHECK(fast.one_minus_sum_p_squared == Approx(static_cast<double>(ref.one_minus)).epsilon(1e-14));
  }
}

TEST_CASE("the two implementations agree to a few ulp on random-like scores", "[softmax]") {
  const auto s = test_scores(10007, 1.0);
  for (double scale : {0.5, 2.5, 40.0}) {
    const auto a = tl::softmax_statistics(s.data(), s.size(), scale);
    const auto b = tl::detail::softmax_statistics_portable(s.data(), s.size(), scale);
    CAPTURE(scale);
    CHECK(a.log_sum_exp == Approx(b.log_sum_exp).epsilon(1e-15));
    CHECK(a.entropy == Approx(b.entropy).epsilon(1e-13));
    CHECK(a.sum_p_squared == Approx(b.sum_p_squared).epsilon(1e-13));
  }
  INFO("AVX-512 kernel compiled in: " << tl::detail::softmax_statistics_uses_avx512());
  SUCCEED();
}

// Properties over the whole documented domain (|scale * s_i| finite), at its edges: the
// entropy in [0, log n], the collision probability in [1/n, 1] and its complement in
// [0, 1 - 1/n], and the probabilities exp(scale*s_i - log_sum_exp) summing to 1.
TEST_CASE("softmax_statistics properties on the whole domain, up to |scale * s| near DBL_MAX", "[softmax][property]") {
  const std::size_t n = GENERATE(1u, 2u, 7u, 16u, 33u, 1000u);
  const double spread = GENERATE(0.0, 1e-300, 1.0, 1e3, 1e150, 1e300);
  const double scale = GENERATE(-1e4, -1.0, 0.0, 1e-300, 1.0, 1e4, 1e8);
  if (!(std::abs(scale) * spread * 1.6 < 1.7e308)) return;  // outside the domain: the next test
  const std::vector<double> s = test_scores(n, spread);
  const double log_n = std::log(static_cast<double>(n));
  const double rounding = 64 * n * 1.1102230246251565e-16;  // n terms summed, each a few ulp
  for (const Named& impl : kImplementations) {
    CAPTURE(impl.name, n, spread, scale);
    const auto st = impl.f(s.data(), n, scale);
    REQUIRE(std::isfinite(st.log_sum_exp));
    CHECK(st.entropy >= -rounding);
    CHECK(st.entropy <= log_n + rounding * std::max(1.0, log_n));
    CHECK(st.sum_p_squared >= 1.0 / n - rounding);
    CHECK(st.sum_p_squared <= 1 + rounding);
    CHECK(st.one_minus_sum_p_squared >= -rounding);
    CHECK(st.one_minus_sum_p_squared <= 1 - 1.0 / n + rounding);
    // The sum of p: each p_i's exponent carries log_sum_exp's rounding (|lse| ulp), so
    // only where that is small against 1.
    if (std::abs(st.log_sum_exp) <= 1e6) {
      long double total = 0;
      for (double x : s) total += std::exp(static_cast<long double>(scale) * x - st.log_sum_exp);
      CHECK(std::abs(static_cast<double>(total) - 1) <= rounding + 8 * 2.220446049250313e-16 * std::abs(st.log_sum_exp));
    }
  }
}

TEST_CASE("softmax_statistics past the domain (scale * s overflows) gives NaN, never a wrong number", "[softmax][property]") {
  const std::vector<double> s = test_scores(40, 1e300);
  for (const Named& impl : kImplementations)
    for (double scale : {1e10, -1e10}) {
      CAPTURE(impl.name, scale);
      const auto st = impl.f(s.data(), s.size(), scale);
      CHECK(std::isnan(st.entropy));
      CHECK(std::isnan(st.sum_p_squared));
    }
}

TEST_CASE("softmax_statistics at the domain edges: n = 1, the Eigen overload's empty vector, scale 0", "[softmax][domain]") {
  // n = 1: a single certain outcome whatever the score; scale = 0: uniform on n.
  const double one[1] = {-1.7e308};
  for (const Named& impl : kImplementations) {
    CAPTURE(impl.name);
    const auto st = impl.f(one, 1, 1.0);
    CHECK(st.entropy == 0);
    CHECK(st.sum_p_squared == 1);
    CHECK(st.one_minus_sum_p_squared == 0);
    CHECK(st.log_sum_exp == -1.7e308);
    const std::vector<double> s = test_scores(5, 1e300);
    const auto uniform = impl.f(s.data(), s.size(), 0.0);
    CHECK(uniform.entropy == Approx(std::log(5.0)).epsilon(1e-15));
    CHECK(uniform.sum_p_squared == Approx(0.2).epsilon(1e-15));
  }
  CHECK_THROWS_AS(tl::softmax_statistics(Eigen::VectorXd(0), 1.0), std::invalid_argument);
}
