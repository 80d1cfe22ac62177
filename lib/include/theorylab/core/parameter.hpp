#pragma once
// Typed parameter declarations: default, range or choices, unit, help.
//
//   tl::integer("n", 512).at_least(2).unit("tokens").help("sequence length")
//   tl::real("eps", 0.1).between_exclusive(0, 1).help("JL distortion")
//   tl::choice("solver", "frank_wolfe", {"projected_gradient", "frank_wolfe"})
//   tl::flag("online", true)
//   tl::real_list("alpha_grid", "lin(0.1,10,100)").increasing()   // a list, not a sweep
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "theorylab/core/value.hpp"

namespace tl {

// Integer parameters accept at most kIntParamLimit (2^31 - 1) unless `.at_most()` says
// otherwise, so any value that passes validation converts to `int` exactly. Each
// experiment lowers the bound further to what its memory and run time allow. A
// parameter carried in 64 bits end to end (a seed) declares `.at_most(kInt64ParamLimit)`.
constexpr double kIntParamLimit = 2147483647.0;
constexpr double kInt64ParamLimit = 9.0e18;

enum class ParamType { Integer, Real, Choice, Boolean, RealList };
const char* to_string(ParamType type);

class ParamSpec {
 public:
  ParamSpec(std::string name, ParamType type, std::string default_text);

  // Closed bounds [lo, hi]; *_exclusive makes the bound open. Apply to integer,
  // real and every element of a real list.
  ParamSpec& at_least(double lo);
  ParamSpec& at_most(double hi);
  ParamSpec& greater_than(double lo);
  ParamSpec& less_than(double hi);
  ParamSpec& between(double lo, double hi);
  ParamSpec& between_exclusive(double lo, double hi);
  ParamSpec& increasing();  // real lists: strictly increasing, non-empty
  ParamSpec& unit(std::string unit);
  ParamSpec& help(std::string help);
  // The parameter matters only where the choice parameter `key` takes one of `values`
  // (quantization_scaling's width only for part=B1). Elsewhere its value is ignored, so
  // sweeping it in a block that also runs other values of `key` would repeat those
  // points: Sweep::check_used_keys rejects that, and a command-line key laid over a
  // preset (Sweep::override_with) skips the blocks that never use it.
  ParamSpec& used_only_when(std::string key, std::vector<std::string> values);

  const std::string& name() const { return name_; }
  ParamType type() const { return type_; }
  const std::string& default_text() const { return default_text_; }
  const std::vector<std::string>& choices() const { return choices_; }
  const std::string& unit() const { return unit_; }
  const std::string& help() const { return help_; }
  double upper_bound() const { return hi_; }  // +inf when none (reals)
  // used_only_when's key ("" when the parameter is used everywhere) and values.
  const std::string& used_key() const { return used_key_; }
  const std::vector<std::string>& used_values() const { return used_values_; }
  // Whether a point whose `used_key()` is `value` uses this parameter.
  bool used_at(const std::string& value) const;
  // "integer ≥ 2", "real in (0, 1)", "one of: a, b, c", ...
  std::string allowed() const;

  // Parses one (non-swept) value token and validates it; throws UsageError naming
  // the parameter, the token and what is allowed.
  Value parse(const std::string& token) const;
  // Validates a value already of the right type (throws UsageError).
  void validate(const Value& value) const;

 private:
  friend ParamSpec choice(std::string, std::string, std::vector<std::string>);
  std::string name_;
  ParamType type_;
  std::string default_text_;
  std::vector<std::string> choices_;
  double lo_ = -std::numeric_limits<double>::infinity();
  double hi_ = std::numeric_limits<double>::infinity();
  bool lo_open_ = false, hi_open_ = false, increasing_ = false;
  std::string unit_, help_;
  std::string used_key_;
  std::vector<std::string> used_values_;
};

ParamSpec integer(std::string name, std::int64_t default_value);
ParamSpec real(std::string name, double default_value);
ParamSpec choice(std::string name, std::string default_value, std::vector<std::string> choices);
ParamSpec flag(std::string name, bool default_value);
ParamSpec real_list(std::string name, std::string default_text);

}  // namespace tl
