#pragma once
// The command line of a theorylab subcommand, parsed once by Boost.Program_options with
// one error path: every subcommand (run, merge, reduce, verify) reads its words here.
#include <string>
#include <vector>

#include <boost/program_options.hpp>

namespace tl::cli {

// Parses `args` (the words after the subcommand's name) against `options` plus one hidden
// option `positional_name` that takes every word that is not an option, and runs notify.
// Errors: UsageError naming the problem and pointing to `theorylab <command> --help`.
// The message is Boost's, computed so that a word containing one of Boost's %placeholder%
// tokens ("--%canonical_option%") can neither hang nor garble it: Boost replaces a
// placeholder until none is left, so a token among the substituted words would loop forever.
boost::program_options::variables_map parse_command_line(const std::vector<std::string>& args,
                                                         const boost::program_options::options_description& options,
                                                         const std::string& positional_name,
                                                         const std::string& command);

// Boost's message for a parse of `args` that failed (the words re-parsed with every '%'
// stood in for by a byte none of them contains, then restored); exposed for the tests.
std::string option_error_message(const std::vector<std::string>& args,
                                 const boost::program_options::options_description& options,
                                 const std::string& positional_name);

}  // namespace tl::cli
