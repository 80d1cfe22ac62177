#pragma once
// The claims of a run as a reader sees them: one line each with its verdict, then a
// count of pass / fail / inconclusive / expected failures / n.a.
#include <ostream>
#include <string>
#include <vector>

#include "theorylab/core/claim.hpp"

namespace tl {

struct ClaimCounts {
  // inconclusive: the measurement was less precise than the claim's declared resolution
  // (expected failures included: their failure was not shown either).
  int pass = 0, fail = 0, inconclusive = 0, expected_fail = 0, not_applicable = 0, pending = 0;
  // Claims that failed and were not predicted to, plus claims left without a verdict.
  int unexpected_failures() const { return fail + pending; }
  // What `--strict` rejects: unexpected failures, claims without a verdict, and
  // inconclusive claims (an inconclusive claim is never a pass under --strict).
  int strict_failures() const { return fail + pending + inconclusive; }
};

ClaimCounts count_claims(const std::vector<Claim>& claims);
// "3 pass, 1 fail, 2 inconclusive, 0 expected failures, 4 n/a" (", 1 without verdict").
std::string counts_text(const ClaimCounts& counts);
// The claim's family and statistical evidence in one line ("family of 20 groups, p 0.012,
// holm over 20: adjusted p 0.24 (tested at 99.75%)"); "" for a claim alone and no test.
std::string family_text(const Claim& claim);
// A claim's expected text for people: a plain number at 4 significant digits
// ("0.7143" for "0.7142857142857143"); any other text as it is.
std::string short_expected(const std::string& expected);
void print_claims(std::ostream& out, const std::vector<Claim>& claims);

}  // namespace tl
