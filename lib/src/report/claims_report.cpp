#include "theorylab/report/claims_report.hpp"

#include <cmath>
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

void print_claims(std::ostream& out, const std::vector<Claim>& claims) {
  for (const Claim& c : claims) {
    std::string verdict = to_string(c.verdict());
    if (c.verdict() == Verdict::Fail && c.spec().expected_failure) verdict = "fail (expected)";
    if (c.verdict() == Verdict::Pending) verdict = "PENDING (no verdict)";
    if (c.verdict() == Verdict::Fail && !c.spec().expected_failure) verdict = "FAIL";
    if (c.verdict() == Verdict::Inconclusive) verdict = "INCONCLUSIVE";
    out << "  [" << verdict << "] " << c.id() << ": " << c.spec().statement << '\n';
    if (c.has_measurement())
      out << "      measured " << format_number(c.measured()) << ", expected " << c.expected() << " (" << c.tolerance()
          << ")  — " << c.spec().source << '\n';
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
