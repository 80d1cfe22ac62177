#include "theorylab/math/sphere_cosine.hpp"

#include <stdexcept>
#include <string>

#include "theorylab/math/hypergeometric.hpp"

namespace tl {

namespace {
void check_dimension(const char* who, int d) {
  if (d < 2) throw std::invalid_argument(std::string(who) + ": dimension d = " + std::to_string(d) + " < 2");
}
}  // namespace

double sample_sphere_cosine(Rng& rng, int d) {
  check_dimension("sample_sphere_cosine", d);
  const double shape = 0.5 * (d - 1);
  return 2 * rng.beta(shape, shape) - 1;
}

void sample_sphere_cosines(Rng& rng, int d, double* out, std::size_t n) {
  check_dimension("sample_sphere_cosines", d);
  const double shape = 0.5 * (d - 1);
  for (std::size_t i = 0; i < n; ++i) out[i] = 2 * rng.beta(shape, shape) - 1;
}

double sphere_cosine_log_mgf(int d, double a) {
  check_dimension("sphere_cosine_log_mgf", d);
  const double half = 0.5 * a;  // z = (a/2)^2: finite up to |a| = 2 sqrt(DBL_MAX), where a*a is not
  return log_hyp0f1(0.5 * d, half * half);
}

double sphere_cosine_tilted_mean(int d, double a) {
  check_dimension("sphere_cosine_tilted_mean", d);
  const double half = 0.5 * a;
  return a / d * hyp0f1_ratio(0.5 * d, half * half);
}

}  // namespace tl
