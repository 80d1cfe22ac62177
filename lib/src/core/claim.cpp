#include "theorylab/core/claim.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace tl {

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
  const Resolution& need = spec_.resolution;
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
    note("inconclusive: 95% CI half-width " + format_number(ci_half_width_) + " > " +
         format_number(need.max_ci_half_width) + " needed");
  }
}

Claim& Claim::decide(bool ok, double measured, std::string expected, std::string tolerance) {
  measured_ = measured;
  expected_ = std::move(expected);
  tolerance_ = std::move(tolerance);
  verdict_ = ok ? Verdict::Pass : Verdict::Fail;
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
std::string interval_text(double lo, double hi, const Resolution& need) {
  std::string s = "95% CI [" + format_number(lo) + ", " + format_number(hi) + "]";
  if (!std::isnan(need.max_ci_half_width)) s += "; needs half-width <= " + format_number(need.max_ci_half_width);
  return s;
}
}  // namespace

Claim& Claim::expect_inside(double lo, double hi, double expected, double measured) {
  // An interval that is not finite (NaN: could not be computed; inf: no degrees of
  // freedom) measures nothing precisely: it cannot support a pass.
  const bool finite = std::isfinite(lo) && std::isfinite(hi);
  ci_half_width_ = finite ? (hi - lo) / 2 : std::numeric_limits<double>::infinity();
  ci_given_ = true;
  const bool excludes = finite && (expected < lo || expected > hi);
  decide(!excludes, measured, format_number(expected), interval_text(lo, hi, spec_.resolution));
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
  const double need = spec_.resolution.max_ci_half_width;
  const std::string expected = "< " + format_number(bound);
  const std::string tolerance = interval_text(lo, hi, spec_.resolution);
  // Entirely below: the direction is established whatever the width (the width rule of
  // settle() is for intervals that must also be narrow to mean anything).
  if (finite && hi < bound) {
    ci_given_ = false;
    return decide(true, measured, expected, tolerance);
  }
  if (finite && lo >= bound) return decide(false, measured, expected, tolerance);
  // The interval contains the bound: a precise interval says the effect is smaller than
  // the resolution (a fail); a wide one cannot tell (inconclusive).
  const bool precise = finite && !std::isnan(need) && ci_half_width_ <= need;
  decide(false, measured, expected, tolerance);
  if (samples_ == 0 || precise) return *this;
  verdict_ = Verdict::Inconclusive;
  note(finite ? "inconclusive: the 95% CI contains " + format_number(bound) + " and its half-width " +
                    format_number(ci_half_width_) +
                    (std::isnan(need) ? std::string(" (no resolution declared)") : " > " + format_number(need) + " needed")
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

Claim Claim::restore(ClaimSpec spec, std::string expected, std::string tolerance, double measured, Verdict verdict,
                     std::string note) {
  Claim c(std::move(spec));
  c.expected_ = std::move(expected);
  c.tolerance_ = std::move(tolerance);
  c.measured_ = measured;
  c.verdict_ = verdict;
  c.note_ = std::move(note);
  return c;
}

}  // namespace tl
