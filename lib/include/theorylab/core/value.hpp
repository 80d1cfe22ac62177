#pragma once
// One parameter value: integer, real, text (choice) or boolean, or a list of reals.
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace tl {

using RealList = std::vector<double>;
using Value = std::variant<std::int64_t, double, std::string, bool, RealList>;

// The value as a user would type it on the command line (round-trips through parsing).
std::string to_string(const Value& value);

}  // namespace tl
