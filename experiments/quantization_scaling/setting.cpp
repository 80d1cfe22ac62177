#include "quantization_scaling/setting.hpp"

#include <cmath>

#include <boost/math/special_functions/binomial.hpp>

#include "quantization_scaling/sparse_parity.hpp"
#include "theorylab/core/claim.hpp"
#include "theorylab/core/error.hpp"

namespace qs {

const char* const kVariants[8] = {"base", "n/2", "2n", "k+1", "width/4", "4width", "lr/3", "3lr"};

bool is_network_part(const std::string& part) {
  return part == "calibration" || part == "B1" || part == "B3" || part == "geometry";
}

namespace {

// The most task bits a network input may have (the n_bits parameter's range).
constexpr int kMaxBits = kMaxTaskBits;

void check_task(int n_tasks, int n_bits, int k, const std::string& where) {
  if (k > n_bits)
    throw tl::UsageError("k = " + std::to_string(k) + " > n_bits = " + std::to_string(n_bits) + where +
                         ": a parity needs k <= n task bits");
  if (boost::math::binomial_coefficient<double>(n_bits, k) < n_tasks)
    throw tl::UsageError("n_tasks = " + std::to_string(n_tasks) + " exceeds the number of distinct " +
                         std::to_string(k) + "-subsets of " + std::to_string(n_bits) + " bits" + where);
}

// An axis `part` does not use: it must keep its default (0, or "base").
void require_unused(const tl::Point& p, const std::string& key, const std::string& part, const std::string& applies_to) {
  const tl::Value& v = p.value(key);
  const bool at_default = std::holds_alternative<std::string>(v) ? std::get<std::string>(v) == "base" : p.real(key) == 0;
  if (!at_default)
    throw tl::UsageError(key + " = " + tl::to_string(v) + " does not apply to part=" + part + " (" + key + " is " +
                         applies_to + "); select the blocks it applies to with part=...");
}

void require_positive(const tl::Point& p, const std::string& key, const std::string& part) {
  if (p.integer(key) < 1)
    throw tl::UsageError("part=" + part + " needs " + key + " >= 1 (given " + std::to_string(p.integer(key)) + ")");
}

}  // namespace

NetworkSetting network_setting(const tl::Point& p) {
  const std::string part = p.text("part");
  if (!is_network_part(part)) throw tl::UsageError("part=" + part + " trains no network");
  NetworkSetting s;
  s.n_bits = static_cast<int>(p.integer("n_bits"));
  s.k = static_cast<int>(p.integer("k"));
  s.learning_rate = p.real("lr");
  s.n_tasks = static_cast<int>(p.integer("n_tasks"));
  if (part == "B1" || part == "geometry") {
    s.width = static_cast<int>(p.integer("width"));
    s.steps = static_cast<int>(p.integer("steps"));
    if (part == "geometry") s.n_bits = static_cast<int>(p.integer("geometry_bits"));
  } else if (part == "B3") {
    s.width = static_cast<int>(p.integer("b3_width"));
    s.steps = static_cast<int>(p.integer("b3_steps"));
    s.D = p.integer("D");
  } else {
    s.width = static_cast<int>(p.integer("calibration_width"));
    s.steps = static_cast<int>(p.integer("calibration_steps"));
    s.n_tasks = 1;
    const std::string v = p.text("variant");
    if (v == "n/2") s.n_bits /= 2;
    else if (v == "2n") s.n_bits *= 2;
    else if (v == "k+1") s.k += 1;
    else if (v == "width/4") s.width /= 4;
    else if (v == "4width") s.width *= 4;
    else if (v == "lr/3") s.learning_rate /= 3;
    else if (v == "3lr") s.learning_rate *= 3;
  }
  return s;
}

void check_point(const tl::Point& p) {
  const std::string part = p.text("part");
  const char* width_is = "the hidden width of B1 and geometry (B3 trains at b3_width, the calibration at calibration_width)";
  const char* bits_is = "the task bits of the geometry part (every other network part trains n_bits)";
  const char* D_is = "B3's data set size";
  const char* tau_is = "A3's learning threshold";
  const char* variant_is = "the calibration's change from its base setting";
  const bool width_sweep = part == "B1" || part == "geometry";
  if (!width_sweep) require_unused(p, "width", part, width_is);
  if (part != "geometry") require_unused(p, "geometry_bits", part, bits_is);
  if (part != "B3") require_unused(p, "D", part, D_is);
  if (part != "A3") require_unused(p, "tau", part, tau_is);
  if (part != "calibration") require_unused(p, "variant", part, variant_is);
  if (width_sweep) require_positive(p, "width", part);
  if (part == "geometry" && p.integer("geometry_bits") < p.integer("k"))
    throw tl::UsageError("part=geometry needs geometry_bits, the task bits n of its width sweep, >= k = " +
                         std::to_string(p.integer("k")) + " (given " + std::to_string(p.integer("geometry_bits")) +
                         (p.integer("geometry_bits") == 0 ? ", the default: set it" : "") + ")");
  if (part == "B3") require_positive(p, "D", part);
  if (part == "A3") require_positive(p, "tau", part);
  if (part == "calibration" && p.real("alpha") != kDefaultAlpha)
    throw tl::UsageError("alpha = " + tl::format_number(p.real("alpha")) +
                         " does not apply to part=calibration (one parity alone: no Zipf law); select the blocks it "
                         "applies to with part=A1,A2,A3,A4,B1,B3");
  if (!is_network_part(part)) return;

  check_task(static_cast<int>(p.integer("n_tasks")), static_cast<int>(p.integer("n_bits")),
             static_cast<int>(p.integer("k")), "");
  const NetworkSetting s = network_setting(p);
  if (part == "geometry") check_task(s.n_tasks, s.n_bits, s.k, " in the geometry part (geometry_bits)");
  if (part == "calibration") {
    const std::string where = " in the calibration variant " + p.text("variant");
    if (s.n_bits > kMaxBits)
      throw tl::UsageError("n_bits = " + std::to_string(s.n_bits) + where + " exceeds " + std::to_string(kMaxBits));
    if (s.width < 1) throw tl::UsageError("calibration_width / 4 < 1" + where);
    check_task(1, s.n_bits, s.k, where);
  }
  // Memory: inputs have n_tasks + n_bits features; no array may pass 4 GiB.
  const double input = static_cast<double>(s.n_tasks + s.n_bits);
  const double test = static_cast<double>(p.integer("test_per_task")) * s.n_tasks;
  auto check = [&](const char* what, double elements) {
    if (8 * elements > 4.0 * (1ULL << 30))
      throw tl::UsageError(std::string(what) + " x (n_tasks + n_bits) = " + tl::format_number(elements) +
                           " numbers, beyond 4 GiB; lower it or n_tasks");
  };
  check("2 x test_per_task x n_tasks", 2 * test * input);
  check("batch", static_cast<double>(p.integer("batch")) * input);
  check("4 x width (weights, gradient, Adam moments)", 4.0 * s.width * input);
  // The multi-epoch data set is kept packed: two 64-bit words, a task id and a label.
  if (s.D > 0 && 24.0 * static_cast<double>(s.D) > 4.0 * (1ULL << 30))
    throw tl::UsageError("data size D = " + tl::format_number(static_cast<double>(s.D)) +
                         " samples x 24 bytes (packed) is beyond 4 GiB; lower D");
}

}  // namespace qs
