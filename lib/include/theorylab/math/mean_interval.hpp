#pragma once
// The mean of a sample with its standard error and Student-t confidence interval: the
// statistic of replicates pooled per point (theorylab/core/replicates.hpp) and of paired
// differences.
//
//   const tl::MeanInterval m = tl::mean_t_interval({1.0, 1.2, 0.9});   // 95% by default
//   if (m.hi < 0) ...                                                 // entirely below 0
#include <cstddef>
#include <vector>

namespace tl {

struct MeanInterval {
  std::size_t n = 0;       // values pooled
  double mean = 0;         // sum / n (NaN for n = 0)
  double se = 0;           // sqrt(sum (x - mean)^2 / (n - 1) / n); NaN for n < 2
  double lo = 0, hi = 0;   // mean -/+ t_{n-1} se, t the two-sided `confidence` quantile;
                           // lo = hi = mean for n = 1, NaN for n = 0
  double confidence = 0.95;
};

// Domain: any values (a NaN or infinite value is pooled like any other and makes the
// fields NaN or infinite: never a finite wrong mean); confidence in (0, 1), else
// std::domain_error. Units: those of the values. The quantile is Boost.Math's
// students_t (tl::student_t_quantile, line_fit.hpp). (The plots' tl::mean_interval of
// report/plot.hpp is the same statistic over the finite values only.)
MeanInterval mean_t_interval(const std::vector<double>& values, double confidence = 0.95);

}  // namespace tl
