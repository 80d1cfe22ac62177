#pragma once
// `theorylab run`: parse, run the points durably (journal), build the result file,
// reduce, report. Exit status: 0; 1 a claim failed under --strict or the reduction
// failed; 2 bad input; 130/143 interrupted (resumable).
#include <string>
#include <vector>

namespace tl::cli {

int command_run(const std::vector<std::string>& args, const std::string& command_line);

}  // namespace tl::cli
