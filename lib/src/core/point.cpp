#include "theorylab/core/point.hpp"

#include <stdexcept>

namespace tl {

const Value& Point::value(const std::string& name) const {
  const auto it = values_.find(name);
  if (it == values_.end()) throw std::logic_error("point has no parameter '" + name + "'");
  return it->second;
}

std::int64_t Point::integer(const std::string& name) const {
  const Value& v = value(name);
  if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
  throw std::logic_error("parameter '" + name + "' is not an integer");
}

double Point::real(const std::string& name) const {
  const Value& v = value(name);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  throw std::logic_error("parameter '" + name + "' is not numeric");
}

const std::string& Point::text(const std::string& name) const {
  const Value& v = value(name);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  throw std::logic_error("parameter '" + name + "' is not a choice");
}

bool Point::flag(const std::string& name) const {
  const Value& v = value(name);
  if (const auto* b = std::get_if<bool>(&v)) return *b;
  throw std::logic_error("parameter '" + name + "' is not a flag");
}

const RealList& Point::reals(const std::string& name) const {
  const Value& v = value(name);
  if (const auto* l = std::get_if<RealList>(&v)) return *l;
  throw std::logic_error("parameter '" + name + "' is not a real list");
}

}  // namespace tl
