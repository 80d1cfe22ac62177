#pragma once
// The shared skeleton of the analysis tools' main(): bad input of any kind becomes one
// line on stderr and exit status 2.
#include <exception>
#include <iostream>
#include <string>

#include <boost/program_options/errors.hpp>

#include "theorylab/core/error.hpp"

namespace tl {

template <class Body>
int tool_main(const std::string& tool, Body&& body) {
  try {
    return body();
  } catch (const UsageError& e) {
    std::cerr << tool << ": " << e.what() << "\n";
  } catch (const boost::program_options::error& e) {
    std::cerr << tool << ": " << e.what() << " (" << tool << " --help)\n";
  } catch (const std::exception& e) {
    std::cerr << tool << ": cannot read the file: " << e.what() << "\n";
  }
  return 2;
}

}  // namespace tl
