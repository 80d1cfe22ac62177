// jl_attention_scale through the real CLI: the quick preset decides every claim (some
// inconclusive: too little data for their resolution) and writes its tables, and bad
// input exits 2 with a message and no file.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "support/bad_input.hpp"
#include "support/process.hpp"
#include "theorylab/io/result_file.hpp"

using tl::testing::file_exists;
using tl::testing::run_command;
using tl::testing::temp_dir;
using tl::testing::theorylab_bin;

TEST_CASE("jl_attention_scale quick preset decides its claims and writes full tables", "[e2e][jl_attention_scale]") {
  const std::string dir = temp_dir("jl");
  const std::string out = dir + "/quick.h5";
  // No --strict: the quick preset leaves claims inconclusive (too little data for their
  // resolution), which --strict rejects; each claim is checked below instead.
  const auto r = run_command(theorylab_bin() + " run jl_attention_scale --preset quick --threads 2 --quiet --out " + out);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  REQUIRE(file_exists(out));
  CHECK_FALSE(file_exists(out + ".partial"));

  const tl::ResultFile file(out);
  CHECK(file.table_rows() == 3);  // one point per part
  std::vector<std::string> tables;
  for (const auto& t : file.summary_tables()) {
    tables.push_back(t.name());
    CHECK(t.rows() > 0);
  }
  for (const char* name : {"jl_k50", "jl_k50_fit", "entropy", "entropy_invariance", "constant_entropy_scale",
                           "constant_entropy_law", "hd_table", "hd_slope", "hd_dimension", "hd_lambda",
                           "hd_standard_scale"}) {
    INFO("table " << name);
    CHECK(std::find(tables.begin(), tables.end(), name) != tables.end());
  }
  // Every claim has a verdict; the quick grid covers all of them (none pending or n/a),
  // and the only failure is the one the claim list predicts.
  const auto claims = file.claims();
  CHECK(claims.size() == 8);
  for (const auto& c : claims) {
    INFO("claim " << c.id() << ": " << tl::to_string(c.verdict()));
    CHECK(c.verdict() != tl::Verdict::Pending);
    CHECK(c.verdict() != tl::Verdict::NotApplicable);
    CHECK_FALSE(c.failed_unexpectedly());
    // 100 queries per cell give entropies to about ±0.07 nats; the claim needs ±0.05.
    if (c.id() == "entropy_mean_field") CHECK(c.verdict() == tl::Verdict::Inconclusive);
  }
}

TEST_CASE("jl_attention_scale rejects bad input with exit 2, a message and no file", "[e2e][jl_attention_scale]") {
  const std::string dir = temp_dir("jlbad");
  const std::vector<tl::testing::BadInput> cases = {
      {"d=1", "'d'"},          {"d=16,1.5", "'d'"},       {"d=16.5", "parameter d"},  {"n=1", "'n'"},
      {"n=64,100.5", "n"},     {"N=1", "'N'"},            {"eps=0", "'eps'"},         {"eps=1", "'eps'"},
      {"eps=-0.2", "'eps'"},   {"eps=0.3,1.5", "'eps'"},  {"kappa=0", "'kappa'"},     {"kappa=-2", "'kappa'"},
      {"lambda=0,1", "'lambda'"}, {"lambda=-1", "'lambda'"}, {"trials=0", "'trials'"}, {"draws=1", "'draws'"},
      {"part=A4", "'part'"},   {"N=100000", "parameter N"},
      {"N=65536 eps=0.01", "N=65536, eps=0.01"},  // a trial would need terabytes
      {"n=16777216 draws=1000", "n=16777216"},
  };
  tl::testing::check_rejected("jl_attention_scale --preset quick", cases, dir);
}
