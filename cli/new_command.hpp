#pragma once
// `theorylab new NAME [DIR]`: writes DIR (default ./NAME), a project of one experiment
// NAME that builds against the installed theorylab (find_package(theorylab CONFIG)) and
// passes its own test (ctest: tl::check_experiment) as written. The files are the raw
// strings of new_command.cpp with NAME filled in. Bad input (DIR exists, NAME not
// snake_case, NAME an experiment this program already has) is one line and exit 2.
#include <string>
#include <vector>

namespace tl::cli {

int command_new(const std::vector<std::string>& args);

// The files of the project for experiment `name`: (path relative to DIR, contents).
std::vector<std::pair<std::string, std::string>> new_project_files(const std::string& name);

}  // namespace tl::cli
