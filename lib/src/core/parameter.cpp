#include "theorylab/core/parameter.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "theorylab/core/claim.hpp"
#include "theorylab/core/error.hpp"
#include "theorylab/core/sweep.hpp"
#include "theorylab/core/utf8.hpp"

namespace tl {

const char* to_string(ParamType type) {
  switch (type) {
    case ParamType::Integer: return "integer";
    case ParamType::Real: return "real";
    case ParamType::Choice: return "choice";
    case ParamType::Boolean: return "bool";
    case ParamType::RealList: return "real list";
  }
  return "?";
}

ParamSpec::ParamSpec(std::string name, ParamType type, std::string default_text)
    : name_(std::move(name)), type_(type), default_text_(std::move(default_text)) {}

ParamSpec& ParamSpec::at_least(double lo) { lo_ = lo, lo_open_ = false; return *this; }
ParamSpec& ParamSpec::at_most(double hi) { hi_ = hi, hi_open_ = false; return *this; }
ParamSpec& ParamSpec::greater_than(double lo) { lo_ = lo, lo_open_ = true; return *this; }
ParamSpec& ParamSpec::less_than(double hi) { hi_ = hi, hi_open_ = true; return *this; }
ParamSpec& ParamSpec::between(double lo, double hi) { return at_least(lo).at_most(hi); }
ParamSpec& ParamSpec::between_exclusive(double lo, double hi) { return greater_than(lo).less_than(hi); }
ParamSpec& ParamSpec::increasing() { increasing_ = true; return *this; }
ParamSpec& ParamSpec::unit(std::string unit) { unit_ = std::move(unit); return *this; }
ParamSpec& ParamSpec::help(std::string help) { help_ = std::move(help); return *this; }

ParamSpec& ParamSpec::used_only_when(std::string key, std::vector<std::string> values) {
  used_key_ = std::move(key);
  used_values_ = std::move(values);
  return *this;
}

bool ParamSpec::used_at(const std::string& value) const {
  if (used_key_.empty()) return true;
  for (const auto& v : used_values_)
    if (v == value) return true;
  return false;
}

std::string ParamSpec::allowed() const {
  if (type_ == ParamType::Choice) {
    std::string s = "one of: ";
    for (std::size_t i = 0; i < choices_.size(); ++i) s += (i ? ", " : "") + choices_[i];
    return s;
  }
  if (type_ == ParamType::Boolean) return "true or false";
  std::string kind = type_ == ParamType::Integer ? "an integer" : type_ == ParamType::Real ? "a real number" : "a list of reals";
  const bool has_lo = std::isfinite(lo_), has_hi = std::isfinite(hi_);
  std::string range;
  if (has_lo && has_hi)
    range = std::string(" in ") + (lo_open_ ? "(" : "[") + format_number(lo_) + ", " + format_number(hi_) + (hi_open_ ? ")" : "]");
  else if (has_lo)
    range = std::string(lo_open_ ? " > " : " >= ") + format_number(lo_);
  else if (has_hi)
    range = std::string(hi_open_ ? " < " : " <= ") + format_number(hi_);
  if (type_ == ParamType::RealList) return kind + (range.empty() ? "" : ", each" + range) + (increasing_ ? ", strictly increasing" : "");
  return kind + range;
}

namespace {

constexpr std::size_t kMaxEchoedValue = 120;  // characters of a rejected value the message repeats

// A rejected value as the message repeats it: a long list (an expanded lin(...)) is cut in
// the middle, so that the message stays one readable line.
std::string echoed(const std::string& token) {
  if (token.size() <= kMaxEchoedValue) return token;
  const std::size_t half = kMaxEchoedValue / 2;
  return token.substr(0, half) + " ... " + token.substr(token.size() - half) + " (" + std::to_string(token.size()) +
         " characters)";
}

[[noreturn]] void reject(const ParamSpec& spec, const std::string& token, const std::string& why = "") {
  throw UsageError("bad value '" + echoed(token) + "' for parameter '" + spec.name() + "'" + (why.empty() ? "" : " (" + why + ")") +
                   ": expected " + spec.allowed());
}

bool parse_double(const std::string& token, double& out) {
  if (token.empty()) return false;
  errno = 0;
  char* end = nullptr;
  out = std::strtod(token.c_str(), &end);
  return end == token.c_str() + token.size() && errno != ERANGE && std::isfinite(out);
}

bool parse_integer(const std::string& token, std::int64_t& out) {
  if (token.empty()) return false;
  errno = 0;
  char* end = nullptr;
  const long long v = std::strtoll(token.c_str(), &end, 10);
  if (end == token.c_str() + token.size() && errno != ERANGE) {
    out = v;
    return true;
  }
  // Accept integral values written as reals ("1e6").
  double d;
  if (parse_double(token, d) && d == std::floor(d) && std::fabs(d) < 9.0e18) {
    out = static_cast<std::int64_t>(d);
    return true;
  }
  return false;
}

}  // namespace

void ParamSpec::validate(const Value& value) const {
  auto in_range = [&](double x) {
    if (std::isnan(x)) return false;
    if (lo_open_ ? !(x > lo_) : !(x >= lo_)) return false;
    if (hi_open_ ? !(x < hi_) : !(x <= hi_)) return false;
    return true;
  };
  switch (type_) {
    case ParamType::Integer: {
      const auto v = std::get<std::int64_t>(value);
      if (!in_range(static_cast<double>(v))) reject(*this, to_string(value), "out of range");
      break;
    }
    case ParamType::Real: {
      const auto v = std::get<double>(value);
      if (!in_range(v)) reject(*this, to_string(value), "out of range");
      break;
    }
    case ParamType::Choice: {
      const auto& v = std::get<std::string>(value);
      bool found = false;
      for (const auto& c : choices_) found = found || c == v;
      if (!found) {  // reject() lists the choices; name the close ones first
        const std::string near = nearest_names(v, choices_);
        reject(*this, v, near.empty() ? "unknown choice" : "unknown choice; nearest: " + near);
      }
      break;
    }
    case ParamType::Boolean: break;
    case ParamType::RealList: {
      const auto& v = std::get<RealList>(value);
      if (v.empty()) reject(*this, "", "empty list");
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (!in_range(v[i])) reject(*this, to_string(value), "element " + format_number(v[i]) + " out of range");
        if (increasing_ && i > 0 && !(v[i] > v[i - 1])) reject(*this, to_string(value), "not strictly increasing");
      }
      break;
    }
  }
}

Value ParamSpec::parse(const std::string& token) const {
  require_utf8(token, "value of parameter '" + name_ + "'");
  Value value;
  switch (type_) {
    case ParamType::Integer: {
      std::int64_t v;
      if (!parse_integer(token, v)) reject(*this, token, "not an integer");
      value = v;
      break;
    }
    case ParamType::Real: {
      double v;
      if (!parse_double(token, v)) reject(*this, token, "not a number");
      value = v;
      break;
    }
    case ParamType::Choice: value = token; break;
    case ParamType::Boolean: {
      if (token == "true" || token == "1" || token == "yes" || token == "on") value = true;
      else if (token == "false" || token == "0" || token == "no" || token == "off") value = false;
      else reject(*this, token);
      break;
    }
    case ParamType::RealList: {
      RealList list;
      for (const Value& v : expand_sweep(*this, token)) list.push_back(std::get<double>(v));
      value = list;
      break;
    }
  }
  validate(value);
  return value;
}

ParamSpec integer(std::string name, std::int64_t default_value) {
  ParamSpec spec(std::move(name), ParamType::Integer, std::to_string(default_value));
  return spec.at_most(kIntParamLimit);
}
ParamSpec real(std::string name, double default_value) {
  return ParamSpec(std::move(name), ParamType::Real, format_number(default_value));
}
ParamSpec choice(std::string name, std::string default_value, std::vector<std::string> choices) {
  ParamSpec spec(std::move(name), ParamType::Choice, std::move(default_value));
  spec.choices_ = std::move(choices);
  return spec;
}
ParamSpec flag(std::string name, bool default_value) {
  return ParamSpec(std::move(name), ParamType::Boolean, default_value ? "true" : "false");
}
ParamSpec real_list(std::string name, std::string default_text) {
  return ParamSpec(std::move(name), ParamType::RealList, std::move(default_text));
}

}  // namespace tl
