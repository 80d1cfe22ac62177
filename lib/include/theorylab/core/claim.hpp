#pragma once
// A claim is what a source says that a run checks, with its verdict.
//
// Declared in the experiment's info (so `describe` can list it), with the resolution it
// needs, fixed before any run:
//   tl::ClaimSpec{"c_normal", "alpha* = c sqrt(log n) with c = 0.84", "kexue.fm 9812, sec. 2"}
//       .exact("a deterministic least-squares fit of an exactly solved optimum")
//   tl::ClaimSpec{"alpha_n", "alpha_N = 0.4", "arXiv 2303.13506 sec. 2"}
//       .needs_ci_half_width(0.05)          // an interval that tells 0.4 from 0.3 and 0.5
//   tl::ClaimSpec{"no_violations", "LHS <= RHS on every sample", "kexue.fm 8796"}.needs_samples(100)
// Decided in reduce, in words that read like the claim:
//   summary.claim("c_normal").expect_near(c_fit, 0.84, 0.005);
//   summary.claim("no_violations").with_samples(defined).expect_at_most(count, 0);
//   summary.claim("alpha_N").expect_inside(ci_lo, ci_hi, 0.4, alpha_fit);
//   summary.claim("penalty_lowers_energy").expect_ci_below(ci_lo, ci_hi, 0, mean);
//   summary.claim("fw_constant_floor").known_failure()...   (a finding the source
//        did not foresee, or a failure the experiment's docs/science page predicts: reported, not hidden)
//
// Verdicts: pass, fail, inconclusive (the measurement is less precise than the declared
// resolution), n/a (with a reason: nothing to measure, e.g. zero defined samples).
// The rule, in one place (Claim::settle): evidence that is too thin only ever turns a
// PASS into INCONCLUSIVE. A FAIL stays a fail however wide its interval: a 95% interval
// that excludes the expected value is evidence against it at that level whatever its
// width (width limits the power to detect a difference, not the validity of one seen),
// and a counterexample is a counterexample in a sample of one. A claim computed from
// zero defined samples is n/a, whatever it computed.
#include <limits>
#include <string>

#include "theorylab/core/worst_case.hpp"

namespace tl {

enum class Verdict { Pass, Fail, Inconclusive, NotApplicable, Pending };
const char* to_string(Verdict verdict);  // "pass", "fail", "inconclusive", "n/a", "pending"

// The precision a claim's measurement must reach for its verdict to count. Declared
// once per claim in the experiment's info (ClaimSpec's needs_* / exact), chosen from
// the science (the precision needed to tell the claim from its competitors), never
// from a run's outcome.
struct Resolution {
  // Statistical claims: the largest acceptable half-width (hi - lo)/2 of the measured
  // 95% interval, in the unit of the measured quantity. NaN: no requirement.
  double max_ci_half_width = std::numeric_limits<double>::quiet_NaN();
  // Claims over samples (counts, fits, runs): the fewest defined samples that make the
  // check meaningful. 0: no requirement beyond "at least one".
  long min_samples = 0;
  // Non-empty: why the claim needs no resolution (an exact identity, a theorem's bound
  // evaluated in double precision, a deterministic number compared to printed digits).
  std::string exact;

  bool declared() const;      // any of the three set
  std::string text() const;   // "95% CI half-width <= 0.05; >= 24 samples", "exact: ..."
};

struct ClaimSpec {
  std::string id;         // snake_case, unique within the experiment
  std::string statement;  // one line: what the source says
  std::string source;     // article or paper, with section
  // A failure the experiment's science page (docs/science/NAME.md) predicts (e.g. constant-step Frank-Wolfe stalls): its
  // verdict is reported as "fail (expected)" and does not count against --strict.
  bool expected_failure = false;
  Resolution resolution;  // set with the builders below

  // Builders for the declaration, e.g. ClaimSpec{id, statement, source}.needs_ci_half_width(0.05).
  // needs_ci_half_width: w > 0 (std::invalid_argument otherwise); needs_samples: m >= 1.
  ClaimSpec& needs_ci_half_width(double w);
  ClaimSpec& needs_samples(long m);
  ClaimSpec& exact(std::string why);  // non-empty reason
};

class Claim {
 public:
  Claim() = default;
  explicit Claim(ClaimSpec spec) : spec_(std::move(spec)) {}

  // ---- the evidence behind the next (or last) decision ------------------------------
  // The number of defined samples the measurement rests on (of `total`, for the note;
  // total < 0: not said). Zero makes the claim n/a; fewer than the declared
  // min_samples turns a pass into inconclusive.
  Claim& with_samples(long defined, long total = -1);
  // The half-width of the interval behind a verdict not decided by expect_inside /
  // expect_ci_below (e.g. the widest CI of the fits a count of misses is over).
  Claim& with_ci_half_width(double half_width);

  // ---- decisions ----------------------------------------------------------------------
  // |measured - expected| <= tolerance.
  Claim& expect_near(double measured, double expected, double tolerance);
  // |measured - expected| <= rel_tolerance * |expected|.
  Claim& expect_relative(double measured, double expected, double rel_tolerance);
  Claim& expect_at_most(double measured, double bound);
  // The worst case over rows (worst_case.hpp): n/a with no defined row, fail if the largest
  // defined value exceeds `bound`, inconclusive if none does but some row is undefined.
  Claim& expect_at_most(const WorstCase& worst, double bound);
  Claim& expect_at_least(double measured, double bound);
  Claim& expect_between(double measured, double lo, double hi);
  // A 95% interval [lo, hi] of a quantity whose estimate is `measured` contains
  // `expected`: pass if it does and its half-width meets the declared resolution,
  // inconclusive if it does but is wider (or not finite), fail if it excludes `expected`.
  Claim& expect_inside(double lo, double hi, double expected, double measured);
  // A 95% interval [lo, hi] says the quantity is below `bound` (a direction, e.g. "the
  // penalty lowers the energy": log-ratio < 0). Pass if hi < bound; fail if lo >= bound,
  // or if the interval contains `bound` although its half-width meets the resolution (the
  // run could see an effect of that size and saw none); inconclusive if it contains
  // `bound` and is wider than the resolution.
  Claim& expect_ci_below(double lo, double hi, double bound, double measured);
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
  // A measured value to show: pass, fail and inconclusive claims have one.
  bool has_measurement() const {
    return verdict_ == Verdict::Pass || verdict_ == Verdict::Fail || verdict_ == Verdict::Inconclusive;
  }

  // Used by the file reader: a claim exactly as stored.
  static Claim restore(ClaimSpec spec, std::string expected, std::string tolerance, double measured,
                       Verdict verdict, std::string note);

 private:
  Claim& decide(bool ok, double measured, std::string expected, std::string tolerance);
  // Applies the evidence (samples, interval width) to the verdict just decided.
  void settle();
  ClaimSpec spec_;
  std::string expected_, tolerance_, note_;
  double measured_ = std::numeric_limits<double>::quiet_NaN();
  Verdict verdict_ = Verdict::Pending;
  long samples_ = -1, samples_total_ = -1;                                // -1: not given
  double ci_half_width_ = std::numeric_limits<double>::quiet_NaN();      // NaN: not given
  bool ci_given_ = false;
};

// Shortest text that round-trips a double ("0.84", "1e-09").
std::string format_number(double value);

}  // namespace tl
