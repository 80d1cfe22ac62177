#include "theorylab/report/source_table.hpp"

#include "theorylab/report/claims_report.hpp"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <set>
#include <sstream>
#include <string>

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
  g.headers = {"claim", "statement", "source", "source's value", "this run", "tolerance / CI", "difference", "verdict",
               "family and evidence", "note"};
  g.latex_columns = "lp{4cm}p{3.5cm}p{3cm}rp{2.5cm}rlp{3cm}p{4cm}";
  g.right_aligned = {false, false, false, true, true, false, true, false, false, false};
  auto number = [&](double v) { return exact ? (std::isnan(v) ? std::string() : format_number(v)) : short_number(v); };
  const std::vector<std::string> ids = short_claim_ids(claims);
  for (std::size_t i = 0; i < claims.size(); ++i) {
    const Claim& c = claims[i];
    g.add_row({exact ? c.id() : ids[i], c.spec().statement, c.spec().source,
               exact ? c.expected() : short_expected(c.expected()),
               c.has_measurement() ? number(c.measured()) : (exact ? "" : "-"), c.tolerance(), number(claim_difference(c)),
               verdict_label(c), family_text(c), c.notes()});
  }
  return g;
}

std::string canonical_result_path(const std::string& dir, const std::string& experiment, const std::string& preset) {
  return (std::filesystem::path(dir) / (experiment + "-" + preset + ".h5")).string();
}

std::string canonical_result_problem(const std::string& path, const std::string& experiment, const std::string& preset) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return "missing";
  try {
    const ResultFile file = open_result(path);
    if (file.attribute("experiment") != experiment)
      return path + " holds experiment '" + file.attribute("experiment") + "', not " + experiment;
    if (file.attribute("preset") != preset) return path + " records preset '" + file.attribute("preset") + "', not " + preset;
    if (file.status() != "complete") return path + " is " + file.status() + ", not complete";
    // Options whose value is the next word (a path may contain '=').
    static const std::set<std::string> kValued = {"--out", "--preset", "--seed", "--seeds", "--threads", "--shard"};
    std::istringstream words(file.attribute("command_line"));
    std::string previous;
    for (std::string word; words >> word; previous = word)
      if (!kValued.count(previous) && word.rfind("--", 0) != 0 && word.find('=') != std::string::npos)
        return path + " was run with '" + word + "' on top of the preset: " + file.attribute("command_line");
  } catch (const std::exception& e) {
    return path + ": " + e.what();
  }
  return "";
}

}  // namespace tl
