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
#include <memory>
#include <string>
#include <vector>

#include "theorylab/core/worst_case.hpp"

namespace tl {

enum class Verdict { Pass, Fail, Inconclusive, NotApplicable, Pending };

// How the claims of one family (one claim decided once per group, core/grouping.hpp)
// share the 5% error rate of a FAIL (rejecting what the source says):
//   Holm: Holm-Bonferroni step-down; P(any false FAIL in the family) <= 5% (default).
//   BenjaminiHochberg: step-up; the expected share of false FAILs among the FAILs <= 5%
//   (independent or positively dependent groups); more power, weaker guarantee.
// Holm, "A simple sequentially rejective multiple test procedure", Scand. J. Stat. 6
// (1979); Benjamini & Hochberg, J. R. Stat. Soc. B 57 (1995), 289-300.
enum class FamilyControl { Holm, BenjaminiHochberg };
const char* to_string(FamilyControl control);  // "holm", "benjamini-hochberg"

// The error rate of one claim's FAIL (and of a family's, after its procedure).
inline constexpr double kClaimErrorRate = 0.05;
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
  // When the claim is decided once per group: the procedure that controls its family.
  FamilyControl family_control = FamilyControl::Holm;

  // Builders for the declaration, e.g. ClaimSpec{id, statement, source}.needs_ci_half_width(0.05).
  // needs_ci_half_width: w > 0 (std::invalid_argument otherwise); needs_samples: m >= 1.
  ClaimSpec& needs_ci_half_width(double w);
  ClaimSpec& needs_samples(long m);
  ClaimSpec& exact(std::string why);  // non-empty reason
  // Per-group decisions of this claim share their error rate by Benjamini-Hochberg
  // (false discovery rate) instead of Holm (family-wise error rate).
  ClaimSpec& controls_false_discovery_rate();
};

// A claim's statistical evidence and the family it was decided in. A decision from a
// 95% interval (expect_inside, expect_ci_below) is a test: p_value is the two-sided
// p-value of "the quantity equals `expected`" (or "is below `bound`") implied by the
// interval under normality, on the side of the expected value, so p < 0.05 exactly
// when the interval excludes it. Other decisions (exact bounds, counts, tolerances)
// are no test: p_value is NaN and multiplicity does not change them.
struct ClaimEvidence {
  double ci_lo = std::numeric_limits<double>::quiet_NaN();   // the 95% interval behind the decision
  double ci_hi = std::numeric_limits<double>::quiet_NaN();
  double p_value = std::numeric_limits<double>::quiet_NaN();       // raw, as in its group alone
  double p_adjusted = std::numeric_limits<double>::quiet_NaN();    // after the family's procedure
  std::string family;       // the declared claim id ("c_fit"); the claim's id adds "[group]"
  std::string group;        // "sigma=0.3,components=1" or "" (not grouped)
  long family_size = 1;     // claims of the family (groups that decided it)
  long family_tested = 0;   // of those, with a p-value (the m of the procedure)
  std::string procedure = "none";  // "holm", "benjamini-hochberg", "none" (family of one / no test)
  // The level at which this claim's own test reaches the family's decision:
  // 1 - 0.05 * p_value / p_adjusted (0.95 for a family of one).
  double confidence = 0.95;
};

class Claim {
 public:
  Claim() = default;
  // The declaration is shared by copies of the claim (a family's claims in every group
  // hold one ClaimSpec).
  explicit Claim(ClaimSpec spec)
      : spec_(std::make_shared<const ClaimSpec>(std::move(spec))), id_(spec_->id) { evidence_.family = id_; }

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
  // `interval` names it in the claim's tolerance text ("95% CI [lo, hi]"), e.g. "95%
  // interval with the model's error" when [lo, hi] is not the estimate's own CI.
  Claim& expect_inside(double lo, double hi, double expected, double measured, const std::string& interval = "95% CI");
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

  // After the family's procedure (core/grouping.hpp): records the adjusted evidence; a
  // FAIL that came from its test (p < 0.05) and is no longer significant at the
  // family's rate (p_adjusted >= 0.05) is decided again as if its interval contained the
  // expected value (pass, or inconclusive when the evidence is too thin), with a note.
  void adjust_for_family(double p_adjusted, long family_size, long family_tested, FamilyControl control);
  // Names the claim's family and group (its id becomes "family[group]").
  void set_group(const std::string& family, const std::string& group);
  const ClaimEvidence& evidence() const { return evidence_; }

  const ClaimSpec& spec() const { return spec_ ? *spec_ : kNoSpec; }
  // The declared id, or "id[group]" for a claim decided in one group (set_group).
  const std::string& id() const { return id_; }
  Verdict verdict() const { return verdict_; }
  double measured() const { return measured_; }
  const std::string& expected() const { return expected_; }
  const std::string& tolerance() const { return tolerance_; }
  const std::string& notes() const { return note_; }
  bool failed_unexpectedly() const { return verdict_ == Verdict::Fail && !spec().expected_failure; }
  // A measured value to show: pass, fail and inconclusive claims have one.
  bool has_measurement() const {
    return verdict_ == Verdict::Pass || verdict_ == Verdict::Fail || verdict_ == Verdict::Inconclusive;
  }

  // Used by the file reader: a claim exactly as stored.
  static Claim restore(ClaimSpec spec, std::string expected, std::string tolerance, double measured,
                       Verdict verdict, std::string note, ClaimEvidence evidence = {});

 private:
  Claim& decide(bool ok, double measured, std::string expected, std::string tolerance);
  // Applies the evidence (samples, interval width) to the verdict just decided.
  void settle();
  static const ClaimSpec kNoSpec;
  std::shared_ptr<const ClaimSpec> spec_;
  std::string id_;
  std::string expected_, tolerance_, note_;
  double measured_ = std::numeric_limits<double>::quiet_NaN();
  Verdict verdict_ = Verdict::Pending;
  long samples_ = -1, samples_total_ = -1;                                // -1: not given
  double ci_half_width_ = std::numeric_limits<double>::quiet_NaN();      // NaN: not given
  bool ci_given_ = false;
  bool failed_by_test_ = false;  // the FAIL came from p < 0.05 (adjust_for_family may revise it)
  ClaimEvidence evidence_;
};

// Shortest text that round-trips a double ("0.84", "1e-09"): what files keep.
std::string format_number(double value);
// At most 4 significant digits ("0.1974", "1.235e+06"): what people read.
std::string format_short(double value);
// Group labels for people ("sigma=0.19743504858348204,n=4" -> "sigma=0.1974,n=4"): each
// number at the fewest significant digits, at least 4, that keep the distinct values of
// its key in `labels` distinct (two groups never print alike); text values unchanged.
std::vector<std::string> short_group_labels(const std::vector<std::string>& labels);
// The claims' ids "family[group]" with their groups shortened together as above.
std::vector<std::string> short_claim_ids(const std::vector<Claim>& claims);

}  // namespace tl
