// gradient_penalty through the real CLI: the quick preset passes its claims under
// --strict, the training preset gives every training claim a verdict, and bad input exits
// 2 with a message naming the parameter and leaves no file.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "support/bad_input.hpp"
#include "support/process.hpp"
#include "theorylab/io/result_file.hpp"

using tl::testing::file_exists;
using tl::testing::run_command;
using tl::testing::temp_dir;
using tl::testing::theorylab_bin;

namespace {
const std::vector<std::string> kInequalityClaims = {"no_violations",        "multiplied_out_form",  "frobenius_weaker",
                                                    "equality_one_layer",   "equality_deep_linear", "layer_identities",
                                                    "ratio_shrinks_with_depth"};
bool is_inequality_claim(const std::string& id) {
  return std::find(kInequalityClaims.begin(), kInequalityClaims.end(), id) != kInequalityClaims.end();
}
}  // namespace

TEST_CASE("gradient_penalty quick preset passes its claims", "[e2e][gradient_penalty]") {
  const std::string dir = temp_dir("gp");
  const std::string out = dir + "/quick.h5";
  const auto r = run_command(theorylab_bin() + " run gradient_penalty --preset quick --strict --threads 2 --quiet --out " + out);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  REQUIRE(file_exists(out));
  CHECK_FALSE(file_exists(out + ".partial"));

  const tl::ResultFile file(out);
  CHECK(file.table_rows() == 640);
  std::vector<std::string> tables;
  for (const auto& t : file.summary_tables()) tables.push_back(t.name());
  for (const char* name : {"configurations", "ratio_by_depth"})
    CHECK(std::find(tables.begin(), tables.end(), name) != tables.end());
  const auto claims = file.claims();
  CHECK(claims.size() == 20);  // 7 inequality, 5 training, 8 dose
  int passed = 0;
  for (const auto& c : claims) {
    INFO("claim " << c.id() << ": " << tl::to_string(c.verdict()));
    if (is_inequality_claim(c.id())) {
      CHECK(c.verdict() == tl::Verdict::Pass);
      passed += c.verdict() == tl::Verdict::Pass;
    } else {
      CHECK(c.verdict() == tl::Verdict::NotApplicable);  // part=training not in the quick preset
    }
  }
  CHECK(passed == 7);
  // The zero-violation claim reports how many samples it covered.
  for (const auto& c : claims)
    if (c.id() == "no_violations") CHECK_THAT(c.notes(), Catch::Contains("10240 samples"));
}

TEST_CASE("gradient_penalty with zero weights leaves the sample claims n/a, not passed", "[e2e][gradient_penalty]") {
  // init_scale = 0: every sample has a zero denominator, so nothing is measured.
  const std::string dir = temp_dir("gp0");
  const std::string out = dir + "/zero.h5";
  const auto r = run_command(theorylab_bin() +
                             " run gradient_penalty --preset none init_scale=0 networks=4 inputs=6 --quiet --out " + out);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  for (const auto& c : tl::ResultFile(out).claims()) {
    INFO("claim " << c.id() << ": " << tl::to_string(c.verdict()) << " " << c.notes());
    CHECK(c.verdict() == tl::Verdict::NotApplicable);
    if (c.id() == "no_violations") CHECK_THAT(c.notes(), Catch::Contains("no defined sample (0 of 24)"));
  }
}

TEST_CASE("gradient_penalty training preset gives every training claim a verdict", "[e2e][gradient_penalty]") {
  const std::string dir = temp_dir("gpt");
  const std::string out = dir + "/train.h5";
  const auto r = run_command(theorylab_bin() + " run gradient_penalty --preset train-quick --threads 2 --quiet --out " + out);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  REQUIRE(file_exists(out));
  const tl::ResultFile file(out);
  CHECK(file.table_rows() == 6);  // tanh, relu × 3 seeds
  for (const auto& c : file.claims()) {
    INFO("claim " << c.id() << ": " << tl::to_string(c.verdict()));
    CHECK(c.verdict() != tl::Verdict::Pending);
    if (is_inequality_claim(c.id())) CHECK(c.verdict() == tl::Verdict::NotApplicable);
  }
}

TEST_CASE("gradient_penalty dose-quick: a tiny dose sweep gives every dose claim a verdict", "[e2e][gradient_penalty]") {
  const std::string dir = temp_dir("gpdose");
  const std::string out = dir + "/dose.h5";
  const auto r = run_command(theorylab_bin() + " run gradient_penalty --preset dose-quick --threads 2 --quiet --out " + out);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  const tl::ResultFile file(out);
  CHECK(file.table_rows() == 33);  // 3 seeds x (3 penalties x 3 strengths + 2 rates)
  std::vector<std::string> tables;
  for (const auto& t : file.summary_tables()) tables.push_back(t.name());
  for (const char* name : {"dose_runs", "dose_response", "dose_trend"})
    CHECK(std::find(tables.begin(), tables.end(), name) != tables.end());
  int dose_claims = 0;
  for (const auto& c : file.claims()) {
    INFO("claim " << c.id() << ": " << tl::to_string(c.verdict()) << " " << c.notes());
    CHECK(c.verdict() != tl::Verdict::Pending);
    if (c.id().find("_dose_") == std::string::npos) {
      CHECK(c.verdict() == tl::Verdict::NotApplicable);  // no part=inequality or part=training rows
      continue;
    }
    ++dose_claims;
    // Three runs, each with two positive strengths (or rates): a slope interval, or n/a
    // saying why (a run that missed the target).
    if (c.verdict() == tl::Verdict::NotApplicable) CHECK_THAT(c.notes(), Catch::Contains("reached the loss target"));
    else CHECK_THAT(c.notes(), Catch::Contains("Page's test"));
  }
  CHECK(dose_claims == 8);
}

TEST_CASE("gradient_penalty rejects bad input with exit 2, a message and no file", "[e2e][gradient_penalty]") {
  const std::string dir = temp_dir("gpbad");
  const std::vector<tl::testing::BadInput> cases = {
      {"depth=0", "depth"},         {"width=0", "width"},           {"width=4,0", "width"},
      {"in_dim=0", "in_dim"},       {"out_dim=0", "out_dim"},       {"activation=swish", "activation"},
      {"init=xavier", "init"},      {"head=hinge", "head"},         {"networks=0", "networks"},
      {"inputs=0", "inputs"},       {"init_scale=-1", "init_scale"}, {"part=both", "part"},
      {"part=training lrs=0", "lrs"}, {"part=training lrs=-0.1,0.2", "lrs"}, {"part=training train_points=1", "train_points"},
      {"part=training max_steps=0", "max_steps"}, {"part=training loss_target=0", "loss_target"},
      {"part=dose penalty=lr strength=0", "strength"}, {"part=dose penalty=weight", "penalty"},
      {"part=dose strength=-1", "strength"},
  };
  tl::testing::check_rejected("gradient_penalty", cases, dir);
}
