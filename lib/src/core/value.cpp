#include "theorylab/core/value.hpp"

#include "theorylab/core/claim.hpp"

namespace tl {

std::string to_string(const Value& value) {
  struct Visitor {
    std::string operator()(std::int64_t v) const { return std::to_string(v); }
    std::string operator()(double v) const { return format_number(v); }
    std::string operator()(const std::string& v) const { return v; }
    std::string operator()(bool v) const { return v ? "true" : "false"; }
    std::string operator()(const RealList& v) const {
      std::string s;
      for (std::size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + format_number(v[i]);
      return s;
    }
  };
  return std::visit(Visitor{}, value);
}

}  // namespace tl
