#pragma once
// Errors that the command line reports as one line and exit status 2.
#include <stdexcept>
#include <string>

namespace tl {

// Bad input from the user: unknown name, malformed sweep, out-of-range value,
// unusable output path, a file that is not a theorylab result. Exit status 2.
class UsageError : public std::runtime_error {
 public:
  explicit UsageError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace tl
