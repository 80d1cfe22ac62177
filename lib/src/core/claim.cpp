#include "theorylab/core/claim.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <utility>
#include <vector>
#include <set>
#include <map>

namespace tl {

const ClaimSpec Claim::kNoSpec{};

const char* to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::Pass: return "pass";
    case Verdict::Fail: return "fail";
    case Verdict::Inconclusive: return "inconclusive";
    case Verdict::NotApplicable: return "n/a";
    case Verdict::Pending: return "pending";
  }
  return "?";
}

const char* to_string(FamilyControl control) {
  return control == FamilyControl::Holm ? "holm" : "benjamini-hochberg";
}

std::string format_short(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.4g", value);
  return buffer;
}

namespace {
// "k=v,k=v" as (key, value) pairs (a value never holds '=' or ',' in a label).
std::vector<std::pair<std::string, std::string>> label_parts(const std::string& label) {
  std::vector<std::pair<std::string, std::string>> parts;
  std::size_t start = 0;
  while (start < label.size()) {
    std::size_t end = label.find(',', start);
    if (end == std::string::npos) end = label.size();
    const std::string part = label.substr(start, end - start);
    const std::size_t eq = part.find('=');
    parts.emplace_back(eq == std::string::npos ? part : part.substr(0, eq), eq == std::string::npos ? "\x01" : part.substr(eq + 1));
    start = end + 1;
  }
  return parts;
}

bool as_number(const std::string& text, double& x) {
  char* stop = nullptr;
  x = std::strtod(text.c_str(), &stop);
  return !text.empty() && stop && *stop == '\0' && std::isfinite(x);
}

std::string with_digits(double x, int digits) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.*g", digits, x);
  return buffer;
}
}  // namespace

std::vector<std::string> short_group_labels(const std::vector<std::string>& labels) {
  // Per key: the fewest digits (>= 4) at which its distinct numbers stay distinct.
  std::map<std::string, std::set<double>> numbers;
  for (const std::string& label : labels)
    for (const auto& [key, value] : label_parts(label)) {
      double x;
      if (as_number(value, x)) numbers[key].insert(x);
    }
  std::map<std::string, int> digits;
  for (const auto& [key, values] : numbers) {
    int d = 4;
    for (; d < 17; ++d) {
      std::set<std::string> seen;
      for (double x : values) seen.insert(with_digits(x, d));
      if (seen.size() == values.size()) break;
    }
    digits[key] = d;
  }
  std::vector<std::string> out;
  out.reserve(labels.size());
  for (const std::string& label : labels) {
    std::string text;
    for (const auto& [key, value] : label_parts(label)) {
      double x;
      text += (text.empty() ? "" : ",") + key;
      if (value == "\x01") continue;
      text += "=" + (as_number(value, x) ? with_digits(x, digits[key]) : value);
    }
    out.push_back(text);
  }
  return out;
}

std::vector<std::string> short_claim_ids(const std::vector<Claim>& claims) {
  std::vector<std::string> groups;
  groups.reserve(claims.size());
  for (const Claim& c : claims) {
    const std::string& id = c.id();
    const std::size_t open = id.find('[');
    groups.push_back(open == std::string::npos || id.back() != ']' ? "" : id.substr(open + 1, id.size() - open - 2));
  }
  const std::vector<std::string> short_groups = short_group_labels(groups);
  std::vector<std::string> ids;
  ids.reserve(claims.size());
  for (std::size_t i = 0; i < claims.size(); ++i) {
    const std::string& id = claims[i].id();
    ids.push_back(groups[i].empty() ? id : id.substr(0, id.find('[')) + "[" + short_groups[i] + "]");
  }
  return ids;
}

std::string format_number(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buffer[40];
  for (int precision = 6; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*g", precision, value);
    if (std::strtod(buffer, nullptr) == value) break;
  }
  return buffer;
}

// ---- Resolution and its declaration -------------------------------------------------

bool Resolution::declared() const { return !std::isnan(max_ci_half_width) || min_samples > 0 || !exact.empty(); }

std::string Resolution::text() const {
  std::string s;
  auto add = [&](const std::string& part) { s += (s.empty() ? "" : "; ") + part; };
  if (!exact.empty()) add("exact: " + exact);
  if (!std::isnan(max_ci_half_width)) add("95% CI half-width <= " + format_number(max_ci_half_width));
  if (min_samples > 0) add(">= " + std::to_string(min_samples) + " samples");
  return s;
}

ClaimSpec& ClaimSpec::needs_ci_half_width(double w) {
  if (!(w > 0) || !std::isfinite(w))
    throw std::invalid_argument("claim '" + id + "': needs_ci_half_width(" + format_number(w) + "): must be finite and > 0");
  resolution.max_ci_half_width = w;
  return *this;
}

ClaimSpec& ClaimSpec::needs_samples(long m) {
  if (m < 1) throw std::invalid_argument("claim '" + id + "': needs_samples(" + std::to_string(m) + "): must be >= 1");
  resolution.min_samples = m;
  return *this;
}

ClaimSpec& ClaimSpec::controls_false_discovery_rate() {
  family_control = FamilyControl::BenjaminiHochberg;
  return *this;
}

ClaimSpec& ClaimSpec::exact(std::string why) {
  if (why.empty()) throw std::invalid_argument("claim '" + id + "': exact() needs the reason no resolution is needed");
  resolution.exact = std::move(why);
  return *this;
}

// ---- evidence -------------------------------------------------------------------------

Claim& Claim::with_samples(long defined, long total) {
  samples_ = defined;
  samples_total_ = total;
  if (verdict_ != Verdict::Pending) settle();
  return *this;
}

Claim& Claim::with_ci_half_width(double half_width) {
  ci_half_width_ = half_width;
  ci_given_ = true;
  if (verdict_ != Verdict::Pending) settle();
  return *this;
}

namespace {
std::string of_total(long defined, long total) {
  return std::to_string(defined) + (total >= 0 ? " of " + std::to_string(total) : std::string());
}
}  // namespace

// The one rule (claim.hpp): thin evidence turns a pass into inconclusive; a fail stays
// a fail; zero defined samples make the claim n/a whatever was computed from them.
void Claim::settle() {
  const Resolution& need = spec().resolution;
  if (samples_ == 0) {
    verdict_ = Verdict::NotApplicable;
    note("no defined sample (" + of_total(0, samples_total_) + "): nothing to judge");
    return;
  }
  if (verdict_ != Verdict::Pass) return;
  if (samples_ > 0 && samples_ < need.min_samples) {
    verdict_ = Verdict::Inconclusive;
    note("inconclusive: " + of_total(samples_, samples_total_) + " defined samples, the claim needs >= " +
         std::to_string(need.min_samples));
    return;
  }
  if (ci_given_ && !std::isnan(need.max_ci_half_width) && !(ci_half_width_ <= need.max_ci_half_width)) {
    verdict_ = Verdict::Inconclusive;
    note("inconclusive: 95% CI half-width " + format_short(ci_half_width_) + " > " +
         format_short(need.max_ci_half_width) + " needed");
  }
}

Claim& Claim::decide(bool ok, double measured, std::string expected, std::string tolerance) {
  measured_ = measured;
  expected_ = std::move(expected);
  tolerance_ = std::move(tolerance);
  verdict_ = ok ? Verdict::Pass : Verdict::Fail;
  failed_by_test_ = false;
  settle();
  return *this;
}

// ---- decisions ------------------------------------------------------------------------

Claim& Claim::expect_near(double measured, double expected, double tolerance) {
  return decide(std::fabs(measured - expected) <= tolerance, measured, format_number(expected),
                "± " + format_number(tolerance));
}

Claim& Claim::expect_relative(double measured, double expected, double rel_tolerance) {
  return decide(std::fabs(measured - expected) <= rel_tolerance * std::fabs(expected), measured,
                format_number(expected), "± " + format_number(rel_tolerance * 100) + "% relative");
}

Claim& Claim::expect_at_most(double measured, double bound) {
  return decide(measured <= bound, measured, "<= " + format_number(bound), "exact bound");
}

Claim& Claim::expect_at_most(const WorstCase& worst, double bound) {
  samples_ = worst.defined();
  samples_total_ = worst.total();
  expect_at_most(worst.value(), bound);  // settle(): no defined row makes it n/a
  if (verdict_ == Verdict::Pass && worst.defined() < worst.total()) {
    verdict_ = Verdict::Inconclusive;
    note("inconclusive: " + std::to_string(worst.total() - worst.defined()) + " of " + std::to_string(worst.total()) +
         " rows undefined (NaN), so the worst case over every row is not known");
  }
  return *this;
}

Claim& Claim::expect_at_least(double measured, double bound) {
  return decide(measured >= bound, measured, ">= " + format_number(bound), "exact bound");
}

Claim& Claim::expect_between(double measured, double lo, double hi) {
  return decide(measured >= lo && measured <= hi, measured,
                "in [" + format_number(lo) + ", " + format_number(hi) + "]", "interval");
}

namespace {
std::string interval_text(double lo, double hi, const Resolution& need, const std::string& name = "95% CI") {
  std::string s = name + " [" + format_short(lo) + ", " + format_short(hi) + "]";
  if (!std::isnan(need.max_ci_half_width)) s += "; needs half-width <= " + format_short(need.max_ci_half_width);
  return s;
}

constexpr double kZ95 = 1.959963984540054;  // the two-sided 95% normal quantile

// The two-sided p-value of "the quantity is `value`" implied by a 95% interval [lo, hi]
// around `measured`, read as a normal interval on the side of `value` (so p < 0.05
// exactly when `value` lies outside [lo, hi]). NaN when the interval is not finite or
// the measurement is NaN.
double interval_p_value(double lo, double hi, double measured, double value) {
  if (!std::isfinite(lo) || !std::isfinite(hi) || std::isnan(measured) || std::isnan(value)) return std::nan("");
  const double side = value >= measured ? hi - measured : measured - lo;
  const double distance = std::fabs(value - measured);
  if (!(side > 0)) return distance == 0 ? 1.0 : 0.0;
  return std::erfc(distance / (side / kZ95) / std::sqrt(2.0));
}
}  // namespace

Claim& Claim::expect_inside(double lo, double hi, double expected, double measured, const std::string& interval) {
  // An interval that is not finite (NaN: could not be computed; inf: no degrees of
  // freedom) measures nothing precisely: it cannot support a pass.
  const bool finite = std::isfinite(lo) && std::isfinite(hi);
  ci_half_width_ = finite ? (hi - lo) / 2 : std::numeric_limits<double>::infinity();
  ci_given_ = true;
  const bool excludes = finite && (expected < lo || expected > hi);
  decide(!excludes, measured, format_number(expected), interval_text(lo, hi, spec().resolution, interval));
  evidence_.ci_lo = lo, evidence_.ci_hi = hi;
  evidence_.p_value = evidence_.p_adjusted = interval_p_value(lo, hi, measured, expected);
  failed_by_test_ = verdict_ == Verdict::Fail;
  // A pass whose interval is not finite is inconclusive even without a declared width.
  if (verdict_ == Verdict::Pass && !finite) {
    verdict_ = Verdict::Inconclusive;
    note("inconclusive: no finite confidence interval");
  }
  return *this;
}

Claim& Claim::expect_ci_below(double lo, double hi, double bound, double measured) {
  const bool finite = std::isfinite(lo) && std::isfinite(hi);
  ci_half_width_ = finite ? (hi - lo) / 2 : std::numeric_limits<double>::infinity();
  ci_given_ = true;
  const double need = spec().resolution.max_ci_half_width;
  const std::string expected = "< " + format_number(bound);
  const std::string tolerance = interval_text(lo, hi, spec().resolution);
  evidence_.ci_lo = lo, evidence_.ci_hi = hi;
  // A test of "the quantity is below `bound`" only where the data point above it: the
  // FAIL of an interval entirely at or above the bound.
  evidence_.p_value = evidence_.p_adjusted = measured >= bound ? interval_p_value(lo, hi, measured, bound) : 1.0;
  // Entirely below: the direction is established whatever the width (the width rule of
  // settle() is for intervals that must also be narrow to mean anything).
  if (finite && hi < bound) {
    ci_given_ = false;
    return decide(true, measured, expected, tolerance);
  }
  if (finite && lo >= bound) {
    decide(false, measured, expected, tolerance);
    failed_by_test_ = true;
    return *this;
  }
  // The interval contains the bound: a precise interval says the effect is smaller than
  // the resolution (a fail); a wide one cannot tell (inconclusive).
  const bool precise = finite && !std::isnan(need) && ci_half_width_ <= need;
  decide(false, measured, expected, tolerance);
  if (samples_ == 0 || precise) return *this;
  verdict_ = Verdict::Inconclusive;
  note(finite ? "inconclusive: the 95% CI contains " + format_short(bound) + " and its half-width " +
                    format_short(ci_half_width_) +
                    (std::isnan(need) ? std::string(" (no resolution declared)") : " > " + format_short(need) + " needed")
              : std::string("inconclusive: no finite confidence interval"));
  return *this;
}

Claim& Claim::expect_true(bool ok, double measured, std::string expected, std::string tolerance) {
  // The caller decided; a NaN measurement here just means "nothing to show".
  return decide(ok, measured, std::move(expected), std::move(tolerance));
}

Claim& Claim::not_applicable(std::string reason) {
  verdict_ = Verdict::NotApplicable;
  note_ = std::move(reason);
  return *this;
}

Claim& Claim::note(std::string text) {
  note_ = note_.empty() ? std::move(text) : note_ + "; " + text;
  return *this;
}

void Claim::set_group(const std::string& family, const std::string& group) {
  evidence_.family = family;
  evidence_.group = group;
  id_ = group.empty() ? family : family + "[" + group + "]";
}

void Claim::adjust_for_family(double p_adjusted, long family_size, long family_tested, FamilyControl control) {
  evidence_.family_size = family_size;
  evidence_.family_tested = family_tested;
  if (std::isnan(evidence_.p_value)) {
    evidence_.procedure = "none";
    return;
  }
  evidence_.procedure = family_tested > 1 ? to_string(control) : "none";
  evidence_.p_adjusted = p_adjusted;
  evidence_.confidence = p_adjusted > 0 ? 1 - kClaimErrorRate * evidence_.p_value / p_adjusted : 1 - kClaimErrorRate;
  if (!(verdict_ == Verdict::Fail && failed_by_test_ && p_adjusted >= kClaimErrorRate)) return;
  // Significant alone, not in its family: the family's procedure does not reject it.
  verdict_ = Verdict::Pass;
  failed_by_test_ = false;
  note("its own 95% CI excludes " + expected_ + " (p = " + format_short(evidence_.p_value) + "), not significant after " +
       to_string(control) + " over " + std::to_string(family_tested) + " tested claims of its family (adjusted p = " +
       format_short(p_adjusted) + ")");
  settle();
}

Claim Claim::restore(ClaimSpec spec, std::string expected, std::string tolerance, double measured, Verdict verdict,
                     std::string note, ClaimEvidence evidence) {
  Claim c(std::move(spec));
  c.evidence_ = std::move(evidence);
  c.expected_ = std::move(expected);
  c.tolerance_ = std::move(tolerance);
  c.measured_ = measured;
  c.verdict_ = verdict;
  c.note_ = std::move(note);
  return c;
}

}  // namespace tl
