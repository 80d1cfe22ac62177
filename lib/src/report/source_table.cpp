#include "theorylab/report/source_table.hpp"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>

#include "theorylab/report/result_data.hpp"

namespace tl {

std::string science_page(const std::string& experiment) { return "docs/science/" + experiment + ".md"; }

std::string verdict_label(const Claim& claim) {
  switch (claim.verdict()) {
    case Verdict::Pass: return "pass";
    case Verdict::Fail: return claim.spec().expected_failure ? "fail (expected)" : "FAIL";
    case Verdict::Inconclusive: return "INCONCLUSIVE";
    case Verdict::NotApplicable: return "n/a";
    case Verdict::Pending: return "PENDING";
  }
  return "?";
}

std::optional<double> numeric_expected(const Claim& claim) {
  std::string text = claim.expected();
  // A bound "<= b" / ">= b" (expect_at_most / expect_at_least): the difference is to b.
  if (text.rfind("<= ", 0) == 0 || text.rfind(">= ", 0) == 0) text = text.substr(3);
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || *end != '\0' || !std::isfinite(v)) return std::nullopt;
  return v;
}

double claim_difference(const Claim& claim) {
  const auto expected = numeric_expected(claim);
  if (!expected || !std::isfinite(claim.measured())) return std::numeric_limits<double>::quiet_NaN();
  return claim.measured() - *expected;
}

Grid claims_grid(const std::vector<Claim>& claims, bool exact) {
  Grid g;
  g.headers = {"claim", "statement", "source", "source's value", "this run", "tolerance / CI", "difference", "verdict", "note"};
  g.latex_columns = "lp{4cm}p{3.5cm}p{3cm}rp{2.5cm}rlp{4cm}";
  g.right_aligned = {false, false, false, true, true, false, true, false, false};
  auto number = [&](double v) { return exact ? (std::isnan(v) ? std::string() : format_number(v)) : short_number(v); };
  for (const Claim& c : claims) {
    g.add_row({c.id(), c.spec().statement, c.spec().source, c.expected(), c.has_measurement() ? number(c.measured()) : (exact ? "" : "-"),
               c.tolerance(), number(claim_difference(c)), verdict_label(c), c.notes()});
  }
  return g;
}

std::string newest_result(const std::string& dir, const std::string& experiment, const std::string& preset) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return "";
  std::string best, best_time;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".h5") continue;
    try {
      const ResultFile file = open_result(entry.path().string());
      if (file.attribute("experiment") != experiment || file.attribute("preset") != preset) continue;
      if (file.status() != "complete") continue;
      // ISO 8601 UTC times order as text; ties go to the later path name.
      const std::string t = file.attribute("finished_utc") + " " + entry.path().string();
      if (t > best_time) {
        best_time = t;
        best = entry.path().string();
      }
    } catch (const std::exception&) {
      continue;  // foreign, truncated or unfinished: not a candidate
    }
  }
  return best;
}

}  // namespace tl
