#pragma once
// One sweep point: a value for every parameter, a replicate number and a seed.
#include <cstdint>
#include <map>
#include <string>

#include "theorylab/core/value.hpp"

namespace tl {

class Point {
 public:
  Point() = default;
  // replicate_seed: shared by every point of one replicate (see replicate_seed()).
  Point(std::map<std::string, Value> values, std::size_t index, int replicate, std::uint64_t seed,
        std::uint64_t replicate_seed = 0)
      : values_(std::move(values)), index_(index), replicate_(replicate), seed_(seed), replicate_seed_(replicate_seed) {}

  std::int64_t integer(const std::string& name) const;
  double real(const std::string& name) const;  // integer parameters convert
  const std::string& text(const std::string& name) const;
  bool flag(const std::string& name) const;
  const RealList& reals(const std::string& name) const;
  const Value& value(const std::string& name) const;
  bool has(const std::string& name) const { return values_.count(name) > 0; }
  const std::map<std::string, Value>& values() const { return values_; }

  std::size_t index() const { return index_; }   // row index in the table
  int replicate() const { return replicate_; }   // 0 .. seeds-1
  std::uint64_t seed() const { return seed_; }   // derive_seed(run seed, index)
  // One seed per (run seed, replicate), the same for every point of that replicate:
  // for random data that the points of one replicate must share (a problem instance
  // compared across solvers), while --seeds K still draws K independent instances.
  std::uint64_t replicate_seed() const { return replicate_seed_; }

 private:
  std::map<std::string, Value> values_;
  std::size_t index_ = 0;
  int replicate_ = 0;
  std::uint64_t seed_ = 0;
  std::uint64_t replicate_seed_ = 0;
};

}  // namespace tl
