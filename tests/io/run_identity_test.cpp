// RunIdentity::difference: a resume or merge of another sweep names what differs, down
// to the key (found by a fresh-user trial: two cut excerpts that both ended before it).
#include <catch2/catch.hpp>

#include "theorylab/io/journal.hpp"

namespace {
tl::RunIdentity identity(const std::string& sweep, std::uint64_t rows) {
  tl::RunIdentity id;
  id.experiment = "gradient_penalty";
  id.version = "0.1.0 (abc)";
  id.seed = "1";
  id.sweep = sweep;
  id.rows = rows;
  return id;
}
}  // namespace

TEST_CASE("RunIdentity::difference names the first differing key of the sweep", "[io][journal]") {
  std::string common;
  for (int i = 0; i < 40; ++i) common += " key" + std::to_string(i) + "=value";  // a line far longer than 160 characters
  const auto here = identity("block 0: part=training" + common + " rel_theta=1 replicates=1\n", 2);
  const auto there = identity("block 0: part=training" + common + " rel_theta=0.25,1 replicates=1\n", 4);
  CHECK(here.difference(here).empty());
  const std::string d = here.difference(there);
  CHECK_THAT(d, Catch::Contains("block 0: here 'rel_theta=1', there 'rel_theta=0.25,1'"));
  CHECK_THAT(d, Catch::Contains("2 rows here, 4 there"));
  // A block only one side has.
  const auto more = identity(here.sweep + "block 1: part=inequality replicates=1\n", 3);
  CHECK_THAT(here.difference(more), Catch::Contains("here no such block, there 'block 1: part=inequality replicates=1'"));
  // Other fields come first.
  auto seeded = here;
  seeded.seed = "2";
  CHECK_THAT(here.difference(seeded), Catch::Contains("the seed differs (1 here, 2 there)"));
}
