// MPI through the real mpirun (Debian's Open MPI): rank 0 hands out rows and writes,
// the other ranks run points. The file equals a single-process run for any number of
// ranks, and uneven points keep every rank busy (each rank's count is in provenance).
#include <catch2/catch.hpp>

#include <sstream>

#include "support/compare_files.hpp"
#include "support/process.hpp"

using namespace tl::testing;

namespace {
// Open MPI refuses root without these; --oversubscribe allows more ranks than cores.
std::string mpirun(int ranks) {
  return "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1 timeout 300 mpirun "
         "--oversubscribe -np " + std::to_string(ranks) + " ";
}
bool have_mpirun() { return run_command("command -v mpirun").exit_code == 0; }
const std::string kSweep = " --preset none 'a=lin(1,8,8)' 'b=lin(1,5,5)' n=50 --seeds 2 --quiet";
}  // namespace

TEST_CASE("mpirun -np 2 and -np 3 give the single-process file", "[mpi]") {
  if (!have_mpirun()) FAIL("mpirun is not installed (scripts/install-deps.sh installs openmpi-bin)");
  const std::string dir = temp_dir("mpi");
  const std::string single = dir + "/single.h5";
  REQUIRE(run_command(fixtures_bin() + " run fixture_durable" + kSweep + " --threads 2 --out " + single).exit_code == 0);
  for (int ranks : {2, 3}) {
    const std::string out = dir + "/np" + std::to_string(ranks) + ".h5";
    const auto r = run_command(mpirun(ranks) + fixtures_bin() + " run fixture_durable" + kSweep + " --out " + out);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    require_identical_results(single, out);
    const tl::ResultFile file(out);
    CHECK(file.attribute("mpi_ranks") == std::to_string(ranks));
  }
}

TEST_CASE("with points of very different costs every MPI rank stays busy", "[mpi]") {
  if (!have_mpirun()) FAIL("mpirun is not installed (scripts/install-deps.sh installs openmpi-bin)");
  const std::string dir = temp_dir("mpiuneven");
  const std::string out = dir + "/uneven.h5";
  // 30 points of 5 ms, every 6th one 50 ms, over 3 ranks (2 running points).
  const auto r = run_command(mpirun(3) + fixtures_bin() +
                             " run fixture_durable --preset none 'a=lin(1,30,30)' sleep_ms=5 heavy_every=6 --quiet --out " + out);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const tl::ResultFile file(out);
  std::stringstream counts(file.attribute("points_per_rank"));
  std::vector<int> per_rank;
  for (std::string item; std::getline(counts, item, ',');) per_rank.push_back(std::stoi(item));
  REQUIRE(per_rank.size() == 3);
  CHECK(per_rank[0] == 0);  // rank 0 dispatches and writes
  CHECK(per_rank[1] > 0);
  CHECK(per_rank[2] > 0);
  CHECK(per_rank[1] + per_rank[2] == 30);
  WARN("points per rank: " << file.attribute("points_per_rank"));
}

TEST_CASE("mpirun: a full disk on rank 0 stops every rank, exit 4, and --resume completes it", "[mpi][environment]") {
  if (!have_mpirun()) FAIL("mpirun is not installed (scripts/install-deps.sh installs openmpi-bin)");
  const std::string dir = temp_dir("mpifull");
  const std::string single = dir + "/single.h5", out = dir + "/w/full.h5";
  REQUIRE(run_command(fixtures_bin() + " run fixture_durable" + kSweep + " --threads 2 --out " + single).exit_code == 0);
  REQUIRE(run_command("mkdir " + dir + "/w").exit_code == 0);
  // Every write under w/ fails from the 6th on (a few journal records in): rank 0 stops
  // handing out rows, every rank is told to stop (was: ranks left waiting), one line, exit 4.
  const auto r = run_command(mpirun(3) + "-x LD_PRELOAD=" + std::string(THEORYLAB_FAULT_SHIM) + " -x TL_FAULT_DIR=" + dir +
                             "/w -x TL_FAULT_CALLS=write -x TL_FAULT_STICKY=1 -x TL_FAULT_AT=6 " + fixtures_bin() +
                             " run fixture_durable" + kSweep + " --out " + out);
  INFO(r.err);
  CHECK(r.exit_code == 4);
  CHECK(r.err.find("No space left on device") != std::string::npos);
  CHECK(r.err.find("resume with:") != std::string::npos);
  const auto resumed = run_command(mpirun(3) + fixtures_bin() + " run fixture_durable" + kSweep + " --out " + out + " --resume");
  INFO(resumed.err);
  REQUIRE(resumed.exit_code == 0);
  require_identical_results(single, out);
}
