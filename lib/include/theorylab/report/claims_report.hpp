#pragma once
// The claims of a run as a reader sees them: one line each with its verdict, then a
// count of pass / fail / expected failures / n.a.
#include <ostream>
#include <vector>

#include "theorylab/core/claim.hpp"

namespace tl {

struct ClaimCounts {
  int pass = 0, fail = 0, expected_fail = 0, not_applicable = 0, pending = 0;
  int unexpected_failures() const { return fail + pending; }
};

ClaimCounts count_claims(const std::vector<Claim>& claims);
void print_claims(std::ostream& out, const std::vector<Claim>& claims);

}  // namespace tl
