#pragma once
// `theorylab check NAME [--docs DIR]`: the generic checks of theorylab/check/check.hpp on
// one registered experiment. Exit 0: every check passes; 1: one fails (each printed with
// a one-line fix); 2: bad input (an unknown experiment, a bad option).
#include <string>
#include <vector>

namespace tl::cli {

int command_check(const std::vector<std::string>& args);

}  // namespace tl::cli
