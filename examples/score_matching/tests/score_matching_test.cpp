// The example's tests: theorylab's generic checks on score_matching (the same as
// `build/score_matching check score_matching`), and the closed forms the claims rest on
// (the noised mixture's score and its Fisher information), each against an independent
// computation.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <cmath>

#include "mixture.hpp"
#include "theorylab/check/check.hpp"
#include "theorylab/core/runner.hpp"

TEST_CASE("score_matching passes theorylab's generic checks", "[check]") {
  tl::CheckOptions options;
  options.docs_dir = DOCS_DIR;  // docs/science of this example (CMakeLists.txt)
  const auto findings = tl::check_experiment(tl::Registry::instance().find("score_matching"), options);
  for (const tl::CheckFinding& f : findings) FAIL_CHECK(tl::format_finding(f));
}

namespace {
// The quick preset in memory, with extra assignments; the verdict of each claim.
tl::Verdict verdict_of(const tl::RunOutcome& run, const std::string& id) {
  for (const tl::Claim& c : run.summary.claims())
    if (c.id() == id) return c.verdict();
  FAIL("no claim " << id);
  return tl::Verdict::Pending;
}
tl::RunOutcome run_quick(const std::vector<std::string>& extra) {
  const tl::Experiment& e = tl::Registry::instance().find("score_matching");
  const tl::ExperimentInfo info = e.info();
  tl::Sweep sweep(info.params);
  tl::RunOptions options;
  options.progress = false;
  options.threads = 2;
  for (const tl::Preset& p : info.presets)
    if (p.name == "quick") {
      for (const std::string& a : p.assignments) sweep.assign(a);
      options.seeds = p.seeds;
    }
  for (const std::string& a : extra) sweep.assign(a);
  return tl::run_experiment(e, sweep, options);
}
const char* const kClaims[] = {"difference_is_the_constant", "difference_flat_in_theta", "same_minimizer_slope",
                               "same_minimizer_offset", "minimizer_is_gaussian_score"};

const score_matching::Mixture kData({0.3, 0.7}, {-2.0, 1.0}, {0.5, 0.75});
}

TEST_CASE("the identity holds on the quick preset: every claim passes", "[claims]") {
  const tl::RunOutcome run = run_quick({});
  REQUIRE(run.reduce_error.empty());
  for (const char* id : kClaims) {
    INFO(id);
    CHECK(verdict_of(run, id) == tl::Verdict::Pass);
  }
}

// A negative control: a DSM target of the wrong noise level, -eps / (1.25 sigma), is not
// the conditional score, so its loss is no longer the explicit loss plus a constant.
// The offset's gap is left out: with a data mean of 0.1 it stays within the noise.
TEST_CASE("with a wrong conditional score the claims fail", "[claims]") {
  const tl::RunOutcome run = run_quick({"target_noise_scale=1.25"});
  REQUIRE(run.reduce_error.empty());
  for (const char* id : {"difference_is_the_constant", "difference_flat_in_theta", "same_minimizer_slope",
                         "minimizer_is_gaussian_score"}) {
    INFO(id);
    CHECK(verdict_of(run, id) == tl::Verdict::Fail);
  }
}

TEST_CASE("the mixture's score is the derivative of its log-density", "[mixture]") {
  const score_matching::Mixture noised = kData.noised(0.5);
  for (double x : {-30.0, -4.0, -2.0, -0.5, 0.0, 0.7, 1.0, 3.0, 25.0}) {
    const double h = 1e-4 * (1 + std::fabs(x));
    const double central = (noised.log_density(x + h) - noised.log_density(x - h)) / (2 * h);
    INFO("x = " << x);
    CHECK(noised.score(x) == Approx(central).epsilon(1e-6).margin(1e-8));
  }
}

TEST_CASE("noising adds sigma^2 to the variance and keeps the mean", "[mixture]") {
  // p0: mean 0.3 (-2) + 0.7 (1) = 0.1; variance sum w (s^2 + mu^2) - 0.1^2 = 2.35875.
  CHECK(kData.mean() == Approx(0.1).epsilon(1e-15));
  CHECK(kData.variance() == Approx(2.35875).epsilon(1e-14));
  CHECK(kData.noised(0.5).variance() == Approx(2.35875 + 0.25).epsilon(1e-14));
  CHECK(kData.noised(0.5).mean() == Approx(0.1).epsilon(1e-15));
}

TEST_CASE("the Fisher information by quadrature", "[mixture]") {
  // One Gaussian: J = 1 / s^2 exactly.
  CHECK(score_matching::Mixture({1.0}, {3.0}, {0.4}).fisher_information() == Approx(1 / 0.16).epsilon(1e-10));
  // The noised mixture: between the Cramer-Rao bound 1/Var(p_t) and J(N(0, sigma^2)) =
  // 1/sigma^2 (Stam's inequality: convolution lowers Fisher information), and equal to a
  // Monte Carlo mean of score^2 over draws of p_t within 4 standard errors.
  const double sigma = 0.5;
  const score_matching::Mixture noised = kData.noised(sigma);
  const double j = noised.fisher_information();
  CHECK(j > 1 / noised.variance());
  CHECK(j < 1 / (sigma * sigma));
  tl::Rng rng(20230228);
  const int n = 400000;
  double sum = 0, sum2 = 0;
  for (int i = 0; i < n; ++i) {
    const double g = noised.score(noised.sample(rng));
    sum += g * g, sum2 += g * g * g * g;
  }
  const double mean = sum / n, se = std::sqrt((sum2 / n - mean * mean) / n);
  INFO("quadrature " << j << ", Monte Carlo " << mean << " +- " << se);
  CHECK(std::fabs(mean - j) < 4 * se);
}
