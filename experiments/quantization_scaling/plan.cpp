#include "quantization_scaling/plan.hpp"

#include <algorithm>
#include <cmath>

#include <boost/math/special_functions/binomial.hpp>

#include "theorylab/core/claim.hpp"
#include "theorylab/core/error.hpp"

namespace qs {

namespace {
int as_integer(double v, const std::string& what, double at_least) {
  if (!(v >= at_least) || v != std::floor(v) || v > 1e9)
    throw tl::UsageError(what + " = " + tl::format_number(v) + " is not allowed: must be an integer >= " +
                         tl::format_number(at_least));
  return static_cast<int>(v);
}
void check_task(int n_tasks, int n_bits, int k, const std::string& where) {
  if (k > n_bits)
    throw tl::UsageError("k = " + std::to_string(k) + " > n_bits = " + std::to_string(n_bits) + where +
                         ": a parity needs k <= n task bits");
  if (boost::math::binomial_coefficient<double>(n_bits, k) < n_tasks)
    throw tl::UsageError("n_tasks = " + std::to_string(n_tasks) + " exceeds the number of distinct " +
                         std::to_string(k) + "-subsets of " + std::to_string(n_bits) + " bits" + where);
}
}  // namespace

std::vector<Job> build_plan(const tl::Point& p) {
  const std::string part = p.text("part");
  const bool all = part == "all";
  const int n_tasks = static_cast<int>(p.integer("n_tasks"));
  const int n_bits = static_cast<int>(p.integer("n_bits"));
  const int k = static_cast<int>(p.integer("k"));
  const double lr = p.real("lr");
  check_task(n_tasks, n_bits, k, "");
  for (double a : p.reals("alphas"))
    if (!(a > 0)) throw tl::UsageError("alphas: alpha = " + tl::format_number(a) + " is not allowed: must be > 0");
  std::vector<int> widths;
  for (double w : p.reals("widths")) widths.push_back(as_integer(w, "widths: width", 1));
  std::vector<std::int64_t> Ds;
  for (double d : p.reals("data_sizes")) Ds.push_back(as_integer(d, "data_sizes: D", 1));
  std::vector<int> taus;
  for (double t : p.reals("taus")) taus.push_back(as_integer(t, "taus: tau", 1));

  std::vector<Job> heavy, light;
  if (all || part == "B1") {
    std::vector<int> sorted(widths);
    std::sort(sorted.rbegin(), sorted.rend());  // widest (slowest) first
    for (int w : sorted)
      for (double a : p.reals("alphas")) heavy.push_back({"B1", a, w, 0, 0, n_bits, k, lr, n_tasks, ""});
  }
  if (all || part == "B3") {
    const int w = static_cast<int>(p.integer("b3_width"));
    std::vector<std::int64_t> sorted(Ds);
    std::sort(sorted.rbegin(), sorted.rend());
    for (std::int64_t D : sorted)
      for (double a : p.reals("alphas")) heavy.push_back({"B3", a, w, D, 0, n_bits, k, lr, n_tasks, ""});
  }
  if (all || part == "calibration") {
    // One parity (n_tasks = 1): steps to learn at the B settings and one change at a time.
    const int w = static_cast<int>(p.integer("calibration_width"));
    auto add = [&](int n, int kk, int width, double rate, const std::string& variant) {
      if (kk <= n) light.push_back({"calibration", 0, width, 0, 0, n, kk, rate, 1, variant});
    };
    add(n_bits, k, w, lr, "base");
    if (n_bits / 2 >= k) add(n_bits / 2, k, w, lr, "n/2");
    if (2 * n_bits <= 64) add(2 * n_bits, k, w, lr, "2n");
    add(n_bits, k + 1, w, lr, "k+1");
    if (w / 4 >= 1) add(n_bits, k, w / 4, lr, "width/4");
    add(n_bits, k, 4 * w, lr, "4 width");
    add(n_bits, k, w, lr / 3, "lr/3");
    add(n_bits, k, w, 3 * lr, "3 lr");
  }
  if (all || part == "A") {
    for (int tau : taus) {
      Job job;
      job.part = "A3";
      job.tau = tau;
      light.push_back(job);
    }
    for (const char* name : {"A4", "A2", "A1"}) {
      Job job;
      job.part = name;
      light.push_back(job);
    }
  }
  heavy.insert(heavy.end(), light.begin(), light.end());
  return heavy;
}

}  // namespace qs
