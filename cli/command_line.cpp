#include "command_line.hpp"

#include <algorithm>

#include "theorylab/core/error.hpp"

namespace po = boost::program_options;

namespace tl::cli {

namespace {

po::options_description with_positional(const po::options_description& options, const std::string& positional_name) {
  po::options_description hidden;
  hidden.add_options()(positional_name.c_str(), po::value<std::vector<std::string>>(), "");
  po::options_description all;
  all.add(options).add(hidden);
  return all;
}

void parse_into(const std::vector<std::string>& args, const po::options_description& all,
                const std::string& positional_name, po::variables_map& vm) {
  po::positional_options_description positional;
  positional.add(positional_name.c_str(), -1);
  po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
  po::notify(vm);
}

// A control byte that occurs in no word (0 when all 31 do: no stand-in is possible).
char unused_control_byte(const std::vector<std::string>& args) {
  for (char c = 1; c < 32; ++c) {
    if (c == '\n' || c == '\t') continue;
    const bool used = std::any_of(args.begin(), args.end(),
                                  [c](const std::string& w) { return w.find(c) != std::string::npos; });
    if (!used) return c;
  }
  return 0;
}

}  // namespace

std::string option_error_message(const std::vector<std::string>& args, const po::options_description& options,
                                 const std::string& positional_name) {
  const char stand_in = unused_control_byte(args);
  if (stand_in == 0) return "the options could not be read (every control byte occurs in them)";
  std::vector<std::string> escaped = args;
  for (std::string& w : escaped) std::replace(w.begin(), w.end(), '%', stand_in);
  try {
    po::variables_map vm;
    parse_into(escaped, with_positional(options, positional_name), positional_name, vm);
  } catch (const po::error& e) {
    std::string message = e.what();
    std::replace(message.begin(), message.end(), stand_in, '%');
    return message;
  }
  // The words differ only in '%', which no option name or typed value accepts and every
  // string value takes as any other byte: a parse that failed fails again. Not reached.
  return "the options could not be read";
}

po::variables_map parse_command_line(const std::vector<std::string>& args, const po::options_description& options,
                                     const std::string& positional_name, const std::string& command) {
  po::variables_map vm;
  try {
    parse_into(args, with_positional(options, positional_name), positional_name, vm);
  } catch (const po::error&) {
    throw UsageError(option_error_message(args, options, positional_name) + " ('theorylab " + command +
                     " --help' lists the options)");
  }
  return vm;
}

}  // namespace tl::cli
