// The progress line's pace: points per second, or the time per point for slow points.
#include <catch2/catch.hpp>

#include <cmath>

#include "theorylab/core/progress.hpp"

TEST_CASE("progress pace: points per second down to 0.1, then the time per point", "[progress]") {
  CHECK(tl::progress_pace(2.5) == "2.50 points/s");
  CHECK(tl::progress_pace(0.1) == "0.10 points/s");       // the edge: still a rate
  CHECK(tl::progress_pace(0.05) == "20s per point");      // below it: the time a point takes
  CHECK(tl::progress_pace(1.0 / 250) == "4m10s per point");
  CHECK(tl::progress_pace(1.0 / 7200) == "2h00m per point");
  CHECK(tl::progress_pace(0) == "- points/s");            // before the first point
  CHECK(tl::progress_pace(NAN) == "- points/s");
}
