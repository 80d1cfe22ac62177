#pragma once
// The shared skeleton of the analysis tools' main(): bad input of any kind becomes one
// line on stderr and exit status 2; an environment failure (a full disk, an I/O error)
// one line and exit 4. Closed standard streams are reopened on /dev/null first, and
// stdout is checked at the end: a write error is one line and exit 4, a closed pipe a
// quiet exit 141 (issue 24).
#include <exception>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "theorylab/core/error.hpp"
#include "theorylab/io/durable_io.hpp"

namespace tl {

template <class Body>
int tool_main(const std::string& tool, Body&& body) {
  guard_standard_streams();
  try {
    return exit_status_after_output(tool, body());
  } catch (const EnvironmentError& e) {
    std::cerr << tool << ": " << e.what() << "\n";
    return exit_status_after_output(tool, kExitEnvironment);
  } catch (const UsageError& e) {
    std::cerr << tool << ": " << e.what() << "\n";
  } catch (const std::filesystem::filesystem_error& e) {  // a full disk as a folder is made, ...
    std::cerr << tool << ": " << e.what() << "\n";
    return exit_status_after_output(tool, is_usage_errno(e.code().value()) ? 2 : kExitEnvironment);
  } catch (const boost::program_options::error& e) {
    std::cerr << tool << ": " << e.what() << " (" << tool << " --help)\n";
  } catch (const std::exception& e) {
    std::cerr << tool << ": cannot read the file: " << e.what() << "\n";
  }
  return exit_status_after_output(tool, 2);
}

// Parses argv against a tool's `options`; every word that is not an option is returned
// in order (the files, and paths). Errors are program_options errors, which tool_main
// turns into one line and exit 2.
inline std::vector<std::string> parse_tool_arguments(int argc, char** argv,
                                                     const boost::program_options::options_description& options,
                                                     boost::program_options::variables_map& vm) {
  namespace po = boost::program_options;
  po::options_description hidden;
  hidden.add_options()("theorylab-positional-words", po::value<std::vector<std::string>>(), "");
  po::options_description all;
  all.add(options).add(hidden);
  po::positional_options_description positional;
  positional.add("theorylab-positional-words", -1);
  po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
  po::notify(vm);
  return vm.count("theorylab-positional-words") ? vm["theorylab-positional-words"].as<std::vector<std::string>>()
                                                : std::vector<std::string>{};
}

}  // namespace tl
