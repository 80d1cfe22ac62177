#include "theorylab/report/claims_report.hpp"

#include <cmath>

namespace tl {

ClaimCounts count_claims(const std::vector<Claim>& claims) {
  ClaimCounts n;
  for (const Claim& c : claims) {
    switch (c.verdict()) {
      case Verdict::Pass: ++n.pass; break;
      case Verdict::Fail: (c.spec().expected_failure ? n.expected_fail : n.fail)++; break;
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
    out << "  [" << verdict << "] " << c.id() << ": " << c.spec().statement << '\n';
    if (c.verdict() == Verdict::Pass || c.verdict() == Verdict::Fail)
      out << "      measured " << format_number(c.measured()) << ", expected " << c.expected() << " (" << c.tolerance()
          << ")  — " << c.spec().source << '\n';
    if (!c.notes().empty()) out << "      " << c.notes() << '\n';
  }
  const ClaimCounts n = count_claims(claims);
  out << "  claims: " << n.pass << " pass, " << n.fail << " fail, " << n.expected_fail << " expected failures, "
      << n.not_applicable << " n/a";
  if (n.pending) out << ", " << n.pending << " without verdict";
  out << '\n';
}

}  // namespace tl
