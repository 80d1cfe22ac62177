#pragma once
// A claim is what a source says that a run checks, with its verdict.
//
// Declared in the experiment's info (so `describe` can list it):
//   {"c_normal", "alpha* = c sqrt(log n) with c = 0.84", "kexue.fm 9812, sec. 2"}
// Decided in reduce, in words that read like the claim:
//   summary.claim("c_normal").expect_near(c_fit, 0.84, 0.005);
//   summary.claim("violations").expect_at_most(count, 0);
//   summary.claim("alpha_N").expect_inside(ci_lo, ci_hi, 0.4);
//   summary.claim("fw_constant_floor").known_failure()...   (a finding the source
//        did not foresee, or a failure the science page predicts: reported, not hidden)
#include <limits>
#include <string>

namespace tl {

enum class Verdict { Pass, Fail, NotApplicable, Pending };
const char* to_string(Verdict verdict);  // "pass", "fail", "n/a", "pending"

struct ClaimSpec {
  std::string id;         // snake_case, unique within the experiment
  std::string statement;  // one line: what the source says
  std::string source;     // article or paper, with section
  // A failure the science page predicts (e.g. constant-step Frank-Wolfe stalls): its
  // verdict is reported as "fail (expected)" and does not count against --strict.
  bool expected_failure = false;
};

class Claim {
 public:
  Claim() = default;
  explicit Claim(ClaimSpec spec) : spec_(std::move(spec)) {}

  // |measured - expected| <= tolerance.
  Claim& expect_near(double measured, double expected, double tolerance);
  // |measured - expected| <= rel_tolerance * |expected|.
  Claim& expect_relative(double measured, double expected, double rel_tolerance);
  Claim& expect_at_most(double measured, double bound);
  Claim& expect_at_least(double measured, double bound);
  Claim& expect_between(double measured, double lo, double hi);
  // A confidence interval [lo, hi] (measured = its centre) contains `expected`.
  Claim& expect_inside(double lo, double hi, double expected, double measured);
  // A condition the code evaluated itself; `expected` and `tolerance` are words.
  Claim& expect_true(bool ok, double measured, std::string expected, std::string tolerance);
  Claim& not_applicable(std::string reason);
  // Free text shown beside the verdict (sample counts, the window of a fit...).
  Claim& note(std::string text);

  const ClaimSpec& spec() const { return spec_; }
  const std::string& id() const { return spec_.id; }
  Verdict verdict() const { return verdict_; }
  double measured() const { return measured_; }
  const std::string& expected() const { return expected_; }
  const std::string& tolerance() const { return tolerance_; }
  const std::string& notes() const { return note_; }
  bool failed_unexpectedly() const { return verdict_ == Verdict::Fail && !spec_.expected_failure; }

  // Used by the file reader: a claim exactly as stored.
  static Claim restore(ClaimSpec spec, std::string expected, std::string tolerance, double measured,
                       Verdict verdict, std::string note);

 private:
  Claim& decide(bool ok, double measured, std::string expected, std::string tolerance);
  ClaimSpec spec_;
  std::string expected_, tolerance_, note_;
  double measured_ = std::numeric_limits<double>::quiet_NaN();
  Verdict verdict_ = Verdict::Pending;
};

// Shortest text that round-trips a double ("0.84", "1e-09").
std::string format_number(double value);

}  // namespace tl
