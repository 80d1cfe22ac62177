#include "theorylab/report/claims_report.hpp"

#include <cmath>
#include <cstdlib>
#include <string>

namespace tl {

ClaimCounts count_claims(const std::vector<Claim>& claims) {
  ClaimCounts n;
  for (const Claim& c : claims) {
    switch (c.verdict()) {
      case Verdict::Pass: ++n.pass; break;
      case Verdict::Fail: (c.spec().expected_failure ? n.expected_fail : n.fail)++; break;
      case Verdict::Inconclusive: ++n.inconclusive; break;
      case Verdict::NotApplicable: ++n.not_applicable; break;
      case Verdict::Pending: ++n.pending; break;
    }
  }
  return n;
}

std::string short_expected(const std::string& expected) {
  char* end = nullptr;
  const double value = std::strtod(expected.c_str(), &end);
  if (expected.empty() || !end || *end != '\0' || !std::isfinite(value)) return expected;
  return format_short(value);
}

std::string family_text(const Claim& c) {
  const ClaimEvidence& e = c.evidence();
  std::string s;
  if (e.family_size > 1) s = "family of " + std::to_string(e.family_size) + " groups";
  if (!std::isnan(e.p_value)) {
    s += (s.empty() ? "" : ", ") + std::string("p ") + format_short(e.p_value);
    if (e.procedure != "none")
      s += ", " + e.procedure + " over " + std::to_string(e.family_tested) + ": adjusted p " + format_short(e.p_adjusted) +
           " (tested at " + format_short(100 * e.confidence) + "%)";
  }
  return s;
}

void print_claims(std::ostream& out, const std::vector<Claim>& claims) {
  const std::vector<std::string> ids = short_claim_ids(claims);
  for (std::size_t i = 0; i < claims.size(); ++i) {
    const Claim& c = claims[i];
    std::string verdict = to_string(c.verdict());
    if (c.verdict() == Verdict::Fail && c.spec().expected_failure) verdict = "fail (expected)";
    if (c.verdict() == Verdict::Pending) verdict = "PENDING (no verdict)";
    if (c.verdict() == Verdict::Fail && !c.spec().expected_failure) verdict = "FAIL";
    if (c.verdict() == Verdict::Inconclusive) verdict = "INCONCLUSIVE";
    out << "  [" << verdict << "] " << ids[i] << ": " << c.spec().statement << '\n';
    if (c.has_measurement())
      out << "      measured " << format_short(c.measured()) << ", expected " << short_expected(c.expected()) << " (" << c.tolerance()
          << ")  — " << c.spec().source << '\n';
    const std::string family = family_text(c);
    if (!family.empty() && c.has_measurement()) out << "      " << family << '\n';
    if (!c.notes().empty()) out << "      " << c.notes() << '\n';
  }
  const ClaimCounts n = count_claims(claims);
  out << "  claims: " << counts_text(n) << '\n';
}

std::string counts_text(const ClaimCounts& n) {
  std::string s = std::to_string(n.pass) + " pass, " + std::to_string(n.fail) + " fail, " +
                  std::to_string(n.inconclusive) + " inconclusive, " + std::to_string(n.expected_fail) +
                  " expected failures, " + std::to_string(n.not_applicable) + " n/a";
  if (n.pending) s += ", " + std::to_string(n.pending) + " without verdict";
  return s;
}

}  // namespace tl
