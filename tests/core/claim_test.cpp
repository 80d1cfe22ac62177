// Verdicts need evidence: one test per verdict (pass, fail, inconclusive, n/a), the
// rule that thin evidence only turns a pass into inconclusive, and what --strict counts.
#include <cmath>
#include <stdexcept>

#include <catch2/catch.hpp>

#include "theorylab/core/claim.hpp"
#include "theorylab/report/claims_report.hpp"

namespace {
// A claim like quantization_scaling's alpha_N: theory 0.4, resolved to ±0.05.
tl::Claim exponent_claim() {
  return tl::Claim(tl::ClaimSpec{"alpha_n", "alpha_N = 0.4", "arXiv 2303.13506 sec. 2"}.needs_ci_half_width(0.05));
}
// A claim like gradient_penalty's no_violations: a count over at least 300 samples.
tl::Claim count_claim() {
  return tl::Claim(tl::ClaimSpec{"no_violations", "LHS <= RHS on every sample", "kexue.fm 8796"}.needs_samples(300));
}
}  // namespace

TEST_CASE("pass: a narrow interval that contains the expected value", "[claims][verdict]") {
  tl::Claim c = exponent_claim();
  c.expect_inside(0.37, 0.45, 0.4, 0.41);  // half-width 0.04 <= 0.05
  CHECK(c.verdict() == tl::Verdict::Pass);
  CHECK(c.has_measurement());
  CHECK(c.tolerance().find("needs half-width <= 0.05") != std::string::npos);
  CHECK(c.tolerance().rfind("95% CI [0.37, 0.45]", 0) == 0);
  // An interval that is not the estimate's own CI is named as the caller says.
  tl::Claim named = exponent_claim();
  named.expect_inside(0.37, 0.45, 0.4, 0.41, "95% interval with the model's error");
  CHECK(named.verdict() == tl::Verdict::Pass);
  CHECK(named.tolerance().rfind("95% interval with the model's error [0.37, 0.45]", 0) == 0);
  tl::Claim n = count_claim();
  CHECK(n.with_samples(9588, 10240).expect_at_most(0, 0).verdict() == tl::Verdict::Pass);
}

TEST_CASE("fail: an interval that excludes the expected value, however wide", "[claims][verdict]") {
  tl::Claim narrow = exponent_claim();
  CHECK(narrow.expect_inside(0.45, 0.5, 0.4, 0.47).verdict() == tl::Verdict::Fail);
  // Half-width 0.5, ten times the resolution, and still evidence against 0.4.
  tl::Claim wide = exponent_claim();
  CHECK(wide.expect_inside(0.5, 1.5, 0.4, 1.0).verdict() == tl::Verdict::Fail);
  // A counterexample among too few samples is still a counterexample.
  tl::Claim few = count_claim();
  CHECK(few.with_samples(12).expect_at_most(1, 0).verdict() == tl::Verdict::Fail);
  CHECK(few.failed_unexpectedly());
}

TEST_CASE("inconclusive: the interval contains the value but is wider than the resolution", "[claims][verdict]") {
  // The case: alpha_s_theory "passing" with the CI [-0.075, 0.84].
  tl::Claim c = exponent_claim();
  c.expect_inside(-0.075, 0.84, 0.2857, 0.38);
  CHECK(c.verdict() == tl::Verdict::Inconclusive);
  CHECK(c.has_measurement());
  CHECK(c.notes().find("inconclusive: 95% CI half-width 0.457") != std::string::npos);
  // An interval that could not be computed supports no pass, declared resolution or not.
  tl::Claim undeclared(tl::ClaimSpec{"x", "s", "src"});
  CHECK(undeclared.expect_inside(NAN, NAN, 0.4, 0.4).verdict() == tl::Verdict::Inconclusive);
  // Too few samples for a count.
  tl::Claim few = count_claim();
  CHECK(few.with_samples(24, 24).expect_at_most(0, 0).verdict() == tl::Verdict::Inconclusive);
  CHECK(few.notes().find("24 of 24 defined samples, the claim needs >= 300") != std::string::npos);
  // The precision of a count over fits, given separately.
  tl::Claim misses(tl::ClaimSpec{"a3", "every CI contains alpha/(alpha+1)", "src"}.needs_ci_half_width(0.05));
  CHECK(misses.with_ci_half_width(0.27).expect_at_most(0, 1).verdict() == tl::Verdict::Inconclusive);
  CHECK(misses.with_ci_half_width(0.03).expect_at_most(0, 1).verdict() == tl::Verdict::Pass);
}

TEST_CASE("n/a: a claim computed from zero defined samples", "[claims][verdict]") {
  // The case: gradient_penalty init_scale=0, every sample a zero denominator.
  tl::Claim c = count_claim();
  c.with_samples(0, 24).expect_at_most(0, 0).note("24 samples, 0 defined");
  CHECK(c.verdict() == tl::Verdict::NotApplicable);
  CHECK_FALSE(c.has_measurement());
  CHECK(c.notes().find("no defined sample (0 of 24)") != std::string::npos);
  // Whatever the order of the calls, and even when the computed number "fails".
  tl::Claim late = count_claim();
  CHECK(late.expect_at_most(NAN, 0).with_samples(0).verdict() == tl::Verdict::NotApplicable);
  CHECK(tl::Claim(tl::ClaimSpec{"x", "s", "src"}).not_applicable("part not run").verdict() == tl::Verdict::NotApplicable);
}

TEST_CASE("a worst case over rows: an undefined row is never dropped silently", "[claims][verdict]") {
  // Before: worst = std::max(worst, NaN) kept `worst`, so a claim "on every row" passed on
  // the rows that could be measured.
  auto worst_of = [](std::initializer_list<double> values) {
    tl::WorstCase w;
    for (double v : values) w.add(v);
    return w;
  };
  auto verdict = [&](std::initializer_list<double> values) {
    return tl::Claim(tl::ClaimSpec{"every_row", "err <= 1e-3", "src"}).expect_at_most(worst_of(values), 1e-3).verdict();
  };
  CHECK(verdict({1e-4, 5e-4}) == tl::Verdict::Pass);
  CHECK(verdict({1e-4, 1e-3}) == tl::Verdict::Pass);  // the bound itself
  CHECK(verdict({1e-4, 2e-3}) == tl::Verdict::Fail);
  CHECK(verdict({1e-4, NAN}) == tl::Verdict::Inconclusive);
  CHECK(verdict({NAN, 2e-3}) == tl::Verdict::Fail);  // a defined row already fails
  CHECK(verdict({NAN, NAN}) == tl::Verdict::NotApplicable);
  CHECK(verdict({}) == tl::Verdict::NotApplicable);
  CHECK(verdict({1e-4, INFINITY}) == tl::Verdict::Fail);  // inf is a value
  const tl::WorstCase w = worst_of({NAN, -3.0, 1.0, NAN});
  CHECK(w.value() == 1.0);
  CHECK(w.defined() == 2);
  CHECK(w.total() == 4);
  CHECK(std::isnan(w.value_over_every_row()));
  CHECK(worst_of({-3.0, 1.0}).value_over_every_row() == 1.0);
  CHECK(std::isnan(worst_of({NAN}).value()));
  CHECK(worst_of({-INFINITY}).value() == -INFINITY);
  tl::Claim c(tl::ClaimSpec{"every_row", "err <= 1e-3", "src"});
  c.expect_at_most(worst_of({1e-4, NAN, NAN}), 1e-3);
  CHECK(c.notes().find("2 of 3 rows undefined") != std::string::npos);
}

TEST_CASE("a direction claim: pass below, fail above or precisely at the bound, else inconclusive", "[claims][verdict]") {
  auto trend = [] { return tl::Claim(tl::ClaimSpec{"lowers", "log ratio < 0", "src"}.needs_ci_half_width(0.1)); };
  CHECK(trend().expect_ci_below(-2.0, -0.1, 0, -1.0).verdict() == tl::Verdict::Pass);   // wide, but all below
  CHECK(trend().expect_ci_below(0.05, 0.3, 0, 0.2).verdict() == tl::Verdict::Fail);     // all above
  CHECK(trend().expect_ci_below(-0.05, 0.05, 0, 0.0).verdict() == tl::Verdict::Fail);   // resolved: no effect >= 0.1
  CHECK(trend().expect_ci_below(-0.5, 0.3, 0, -0.1).verdict() == tl::Verdict::Inconclusive);
  CHECK(trend().expect_ci_below(NAN, NAN, 0, NAN).verdict() == tl::Verdict::Inconclusive);
  CHECK(trend().with_samples(0).expect_ci_below(-0.5, 0.3, 0, -0.1).verdict() == tl::Verdict::NotApplicable);
}

TEST_CASE("exact claims need no resolution, and declarations are checked", "[claims]") {
  tl::ClaimSpec exact = tl::ClaimSpec{"c", "c = 0.84", "src"}.exact("a deterministic fit");
  CHECK(exact.resolution.declared());
  CHECK(exact.resolution.text() == "exact: a deterministic fit");
  CHECK(tl::Claim(exact).expect_near(0.8413, 0.84, 0.005).verdict() == tl::Verdict::Pass);
  CHECK_FALSE(tl::ClaimSpec{"x", "s", "src"}.resolution.declared());
  CHECK(tl::ClaimSpec{"x", "s", "src"}.needs_ci_half_width(0.05).needs_samples(5).resolution.text() ==
        "95% CI half-width <= 0.05; >= 5 samples");
  tl::ClaimSpec bad{"x", "s", "src"};
  CHECK_THROWS_AS(bad.needs_ci_half_width(0), std::invalid_argument);
  CHECK_THROWS_AS(bad.needs_samples(0), std::invalid_argument);
  CHECK_THROWS_AS(bad.exact(""), std::invalid_argument);
}

TEST_CASE("claim counts keep inconclusive apart, and --strict rejects it", "[claims][report]") {
  std::vector<tl::Claim> claims;
  claims.push_back(exponent_claim().expect_inside(0.37, 0.45, 0.4, 0.41));   // pass
  claims.push_back(exponent_claim().expect_inside(-0.075, 0.84, 0.4, 0.38));  // inconclusive
  claims.push_back(count_claim().with_samples(0).expect_at_most(0, 0));       // n/a
  tl::ClaimCounts n = tl::count_claims(claims);
  CHECK(n.pass == 1);
  CHECK(n.inconclusive == 1);
  CHECK(n.not_applicable == 1);
  CHECK(n.fail == 0);
  CHECK(n.unexpected_failures() == 0);
  CHECK(n.strict_failures() == 1);  // the inconclusive claim is never a pass under --strict
  claims.push_back(tl::Claim(tl::ClaimSpec{"y", "s", "src", true}).expect_at_most(1, 0));  // expected failure
  claims.push_back(count_claim().with_samples(400).expect_at_most(2, 0));                  // fail
  n = tl::count_claims(claims);
  CHECK(n.expected_fail == 1);
  CHECK(n.fail == 1);
  CHECK(n.strict_failures() == 2);
  CHECK(tl::counts_text(n) == "1 pass, 1 fail, 1 inconclusive, 1 expected failures, 1 n/a");
  CHECK(std::string(tl::to_string(tl::Verdict::Inconclusive)) == "inconclusive");
}
