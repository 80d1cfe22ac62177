// Registers the harness's fixture experiments in the theorylab-fixtures binary (the
// real command line, with only these experiments).
#include "support/durable_fixture.hpp"
#include "support/fixture_experiment.hpp"

THEORYLAB_EXPERIMENT(tl::testing::FixtureMean);
THEORYLAB_EXPERIMENT(tl::testing::FixtureDurable);

// `theorylab-fixtures check NAME --docs tests/support/science` (tests/e2e/check_test.cpp).
#include "support/check_fixtures.hpp"

THEORYLAB_EXPERIMENT(tl::testing::CheckFixture);
THEORYLAB_EXPERIMENT(tl::testing::CheckFixtureNoPage);
THEORYLAB_EXPERIMENT(tl::testing::CheckFixtureNoResolution);
THEORYLAB_EXPERIMENT(tl::testing::CheckFixtureCostOff);
THEORYLAB_EXPERIMENT(tl::testing::CheckFixtureNoFigure);
THEORYLAB_EXPERIMENT(tl::testing::CheckFixtureFigureNoData);
