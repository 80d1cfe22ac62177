#pragma once
// The project's bad-input contract, checked through the real CLI: exit status 2, one
// line on stderr that names the problem, and no result file (nor a .partial).
#include <catch2/catch.hpp>

#include <string>

#include "support/process.hpp"

namespace tl::testing {

struct BadInput {
  std::string args;     // appended to "theorylab run ..."
  std::string mention;  // a fragment the message must contain
};

// Runs `theorylab run <experiment_and_options> <case.args> --out <dir>/badK.h5` for every case.
inline void check_rejected(const std::string& experiment_and_options, const std::vector<BadInput>& cases,
                           const std::string& dir) {
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const std::string out = dir + "/bad" + std::to_string(i) + ".h5";
    const auto r = run_command(theorylab_bin() + " run " + experiment_and_options + " " + cases[i].args + " --out " + out);
    INFO(cases[i].args << " -> " << r.err);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains(cases[i].mention));
    CHECK(r.err.find('\n') == r.err.size() - 1);  // one line
    CHECK_FALSE(file_exists(out));
    CHECK_FALSE(file_exists(out + ".partial"));
    CHECK_FALSE(file_exists(out + ".journal"));
  }
}

}  // namespace tl::testing
