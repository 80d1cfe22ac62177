#pragma once
// The worst (largest) of a claim's per-row measurements, counting the rows whose
// measurement is undefined (NaN). std::max(worst, NaN) returns `worst`, so with a plain
// running maximum a row that could not be measured drops out of an "on every row" claim
// without a word, and the claim may pass on the rows that remain (issue 13, item 3).
//
//   tl::WorstCase dev;
//   for (const auto& row : rows) dev.add(std::abs(row.slope - row.alpha));
//   summary.claim("a1_exact_tail_exponent").expect_at_most(dev, 1e-3);
//
// Claim::expect_at_most(const WorstCase&, bound) then decides: n/a with no row, fail if a
// defined value exceeds the bound, inconclusive if every defined value is within it but
// some row is undefined, pass otherwise.
#include <limits>

namespace tl {

class WorstCase {
 public:
  // Any double; NaN counts as an undefined row, +-inf as a value.
  WorstCase& add(double value) {
    ++total_;
    if (value != value) return *this;  // NaN
    ++defined_;
    if (!(value <= largest_)) largest_ = value;  // the first defined value replaces the initial NaN
    return *this;
  }
  double value() const { return largest_; }  // the largest defined value; NaN if none
  // The worst case over every row: value(), or NaN if any row is undefined (for a
  // measurement that is shown, e.g. beside a count of failures).
  double value_over_every_row() const { return defined_ == total_ ? largest_ : std::numeric_limits<double>::quiet_NaN(); }
  long defined() const { return defined_; }  // rows with a value
  long total() const { return total_; }      // rows added
  bool empty() const { return total_ == 0; }

 private:
  double largest_ = std::numeric_limits<double>::quiet_NaN();
  long defined_ = 0, total_ = 0;
};

}  // namespace tl
