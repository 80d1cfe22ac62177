#include "theorylab/core/claim.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace tl {

const char* to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::Pass: return "pass";
    case Verdict::Fail: return "fail";
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

Claim& Claim::decide(bool ok, double measured, std::string expected, std::string tolerance) {
  measured_ = measured;
  expected_ = std::move(expected);
  tolerance_ = std::move(tolerance);
  verdict_ = ok ? Verdict::Pass : Verdict::Fail;
  return *this;
}

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

Claim& Claim::expect_at_least(double measured, double bound) {
  return decide(measured >= bound, measured, ">= " + format_number(bound), "exact bound");
}

Claim& Claim::expect_between(double measured, double lo, double hi) {
  return decide(measured >= lo && measured <= hi, measured,
                "in [" + format_number(lo) + ", " + format_number(hi) + "]", "interval");
}

Claim& Claim::expect_inside(double lo, double hi, double expected, double measured) {
  return decide(expected >= lo && expected <= hi, measured, format_number(expected),
                "confidence interval [" + format_number(lo) + ", " + format_number(hi) + "]");
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
