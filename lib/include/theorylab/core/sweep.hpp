#pragma once
// The sweep grammar of design.md, and the cartesian product of swept keys.
//
//   n=512   n=64,256,1024   n=pow2(4,16)   x=lin(0,1,11)   D=log(1e2,1e7,21)
//
// Integer parameters round log/lin values to the nearest integer (duplicates after
// rounding are an error: the user asked for distinct points). Choice parameters take
// comma lists. A real_list parameter takes the same grammar but is one value, never swept.
#include <map>
#include <string>
#include <vector>

#include "theorylab/core/parameter.hpp"
#include "theorylab/core/value.hpp"

namespace tl {

// Expands one sweep expression for `spec` into its values; throws UsageError quoting
// the token and what is allowed.
std::vector<Value> expand_sweep(const ParamSpec& spec, const std::string& expression);

// Parameter assignments in order of declaration: each key has one or more values.
class Sweep {
 public:
  Sweep() = default;
  // Every parameter at its default.
  explicit Sweep(const std::vector<ParamSpec>& specs);

  // Applies "key=expression"; throws UsageError on unknown key (naming the nearest
  // valid names) or a bad expression. `origin` names where it came from ("preset quick").
  void assign(const std::string& assignment);
  void assign(const std::string& key, const std::string& expression);

  const std::vector<ParamSpec>& specs() const { return specs_; }
  const ParamSpec& spec(const std::string& key) const;
  const std::vector<Value>& values(const std::string& key) const;
  const std::string& expression(const std::string& key) const;  // as typed, or the default
  bool is_swept(const std::string& key) const { return values(key).size() > 1; }
  std::vector<std::string> swept_keys() const;
  std::size_t size() const;  // number of points (product of value counts)

  // The i-th combination, last declared swept key varying fastest.
  std::map<std::string, Value> combination(std::size_t i) const;

 private:
  std::vector<ParamSpec> specs_;
  std::map<std::string, std::vector<Value>> values_;
  std::map<std::string, std::string> expressions_;
};

// Suggestions for an unknown name: the valid names closest by edit distance.
std::string nearest_names(const std::string& name, const std::vector<std::string>& valid);

}  // namespace tl
