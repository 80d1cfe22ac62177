// Registers the harness's fixture experiments in the theorylab-fixtures binary (the
// real command line, with only these experiments).
#include "support/durable_fixture.hpp"
#include "support/fixture_experiment.hpp"

THEORYLAB_EXPERIMENT(tl::testing::FixtureMean);
THEORYLAB_EXPERIMENT(tl::testing::FixtureDurable);
