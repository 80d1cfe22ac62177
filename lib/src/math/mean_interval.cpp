#include "theorylab/math/mean_interval.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "theorylab/math/line_fit.hpp"

namespace tl {

MeanInterval mean_t_interval(const std::vector<double>& values, double confidence) {
  if (!(confidence > 0 && confidence < 1))
    throw std::domain_error("mean_t_interval: confidence " + std::to_string(confidence) + " outside (0, 1)");
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  MeanInterval m;
  m.confidence = confidence;
  m.n = values.size();
  if (values.empty()) {
    m.mean = m.se = m.lo = m.hi = kNaN;
    return m;
  }
  double sum = 0;
  for (double x : values) sum += x;
  m.mean = sum / values.size();
  if (values.size() < 2) {
    m.se = kNaN;
    m.lo = m.hi = m.mean;
    return m;
  }
  double ss = 0;
  for (double x : values) ss += (x - m.mean) * (x - m.mean);
  m.se = std::sqrt(ss / (values.size() - 1) / values.size());
  const double q = student_t_quantile(confidence, static_cast<double>(values.size() - 1));
  m.lo = m.mean - q * m.se;
  m.hi = m.mean + q * m.se;
  return m;
}

}  // namespace tl
