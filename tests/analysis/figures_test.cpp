// Declared figures (core/figure.hpp) resolved against a run that swept less than the
// declaration names (report/figure_plan.hpp), and drawn by tl-plot --figure and
// tl-report: a filter on an unswept key is left out, a filter on an absent value falls
// back to the nearest one, each said in the caption and on stderr; an exact filter does
// not fall back; a figure that needs an unswept key does not apply.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "support/fixture_experiment.hpp"
#include "support/fixture_run.hpp"
#include "support/process.hpp"
#include "theorylab/io/result_file.hpp"
#include "theorylab/report/figure_plan.hpp"
#include "theorylab/report/source_table.hpp"

THEORYLAB_EXPERIMENT(tl::testing::FixtureMean);

namespace fs = std::filesystem;
using tl::testing::run_command;
using tl::testing::temp_dir;
using tl::testing::tool;

namespace {

// fixture_mean swept over n = 4, 8, 16 only (shift keeps its default: not a column),
// 2 replicates, written with `figures`.
std::string write_run(const std::string& dir, const std::vector<tl::Figure>& figures) {
  return tl::testing::write_fixture_mean_run(dir, 3, figures);
}

const std::vector<tl::Figure>& figures() {
  static const std::vector<tl::Figure> f = {
      tl::Figure("adapts", "the mean at n = 5 and shift = 0.5 ({verdict:mean_zero})")
          .where("shift", "0.5").where("n", "5").x("count").y({"mean"}),
      tl::Figure("exact", "the mean at exactly n = 5").where_exactly("n", "5").x("count").y({"mean"}),
      tl::Figure("needs_tau", "needs a key this run lacks").only_with("tau").x("count").y({"mean"}),
      tl::Figure("curves", "running means; a line through the centre")
          .series().x("index").y({"running_mean"}).by({"n", "shift"}),
      tl::Figure("exact_unswept", "the mean at exactly shift = 0.5").where_exactly("shift", "0.5").x("count").y({"mean"}),
      tl::Figure("unswept_held", "the mean at shift = 0, no such key").where("shift", "0").where("no_such_key", "1")
          .x("count").y({"mean"}),
      tl::Figure("anchored", "means against n; a power law through the centre at {cell:means:mean:}")
          .x("n").y({"count"}).logx().logy().theory("{centre_y}*(x/{centre_x})**1", "slope 1 through the centre")
          .theory("{cell:no_such_table:x:}*x", "dropped: no such table")};
  return f;
}

}  // namespace

TEST_CASE("figure filters adapt to what the run swept, and say so", "[analysis][figures]") {
  const std::string file = write_run(temp_dir("figures-plan"), figures());
  const tl::ResultFile r(file);
  REQUIRE(r.figures().size() == figures().size());

  const tl::FigurePlan adapts = tl::plan_figure(r, figures()[0]);
  INFO(adapts.problem);
  REQUIRE(adapts.problem.empty());
  REQUIRE(adapts.notes.size() == 2);
  // shift is not swept: every row has its default 0, said (was: "left out", drawing shift=0 silently)
  CHECK(adapts.notes[0] == "shift=0.5 is not in this run: shift=0 (every row) drawn instead");
  CHECK(adapts.notes[1] == "n=5 is not in this run: n=4 drawn instead");  // |log 5/4| < |log 5/8|
  CHECK(adapts.points == 2);                                              // the two replicates at n = 4
  CHECK(adapts.caption.find("[shift=0.5 is not in this run") != std::string::npos);
  CHECK(adapts.caption.find("n=4 drawn instead]") != std::string::npos);
  CHECK(adapts.caption.find("({verdict") == std::string::npos);  // the placeholder filled in
  CHECK(adapts.caption.find("(" + tl::verdict_label(r.claims().front()) + ")") != std::string::npos);
  const auto& args = adapts.arguments;
  CHECK(std::find(args.begin(), args.end(), "n=4") != args.end());
  CHECK(std::find(args.begin(), args.end(), "shift=0.5") == args.end());

  const tl::FigurePlan exact = tl::plan_figure(r, figures()[1]);
  CHECK(exact.applies);
  CHECK(exact.problem == "no row of /table has n=5");

  const tl::FigurePlan needs = tl::plan_figure(r, figures()[2]);
  CHECK_FALSE(needs.applies);
  CHECK(needs.problem.find("column tau") != std::string::npos);

  const tl::FigurePlan curves = tl::plan_figure(r, figures()[3]);
  CHECK(curves.problem.empty());
  CHECK(curves.points == 6);  // every row has its series
  REQUIRE(curves.notes.size() == 1);
  CHECK(curves.notes[0] == "curves by shift left out: this run's /table has no column shift");

  // The centre of (n, count = n) at n = 4, 8, 16: the geometric mean 8 on both axes.
  // where_exactly on a key the run held at another value: not drawn (was: drawn at shift=0).
  const tl::FigurePlan exact_unswept = tl::plan_figure(r, figures()[4]);
  CHECK(exact_unswept.applies);
  CHECK(exact_unswept.problem == "this run has shift=0 throughout, not shift=0.5");
  // The run's own value satisfies the filter quietly; a key that is no parameter is left out, said.
  const tl::FigurePlan held = tl::plan_figure(r, figures()[5]);
  CHECK(held.problem.empty());
  REQUIRE(held.notes.size() == 1);
  CHECK(held.notes[0] == "no_such_key=1 left out: this run's /table has no column no_such_key");

  const tl::FigurePlan anchored = tl::plan_figure(r, figures()[6]);
  REQUIRE(anchored.problem.empty());
  std::string line;
  for (const auto& a : anchored.arguments)
    if (a.find("*(x/") != std::string::npos) line = a;
  INFO(line);
  REQUIRE_FALSE(line.empty());
  CHECK(std::stod(line.substr(0, line.find('*'))) == Approx(8).epsilon(1e-12));
  CHECK(std::stod(line.substr(line.find("(x/") + 3)) == Approx(8).epsilon(1e-12));
  REQUIRE(anchored.notes.size() == 1);  // the line whose table is missing is left out, said
  CHECK(anchored.notes[0].find("left out: {cell:no_such_table:x:} has no value in this run") != std::string::npos);
}

TEST_CASE("tl-plot --figure and tl-report draw declared figures, and the adaptations are said", "[analysis][figures][plot]") {
  const std::string dir = temp_dir("figures-draw");
  const std::string file = write_run(dir, figures());

  const auto list = run_command(tool("plot") + " " + file + " --list-figures");
  REQUIRE(list.exit_code == 0);
  CHECK(list.out.find("adapts\tthe mean at n = 5") != std::string::npos);
  CHECK(list.out.find("anchored\t") != std::string::npos);

  const std::string svg = dir + "/adapts.svg";
  const auto drawn = run_command(tool("plot") + " " + file + " --figure adapts --out " + svg);
  INFO(drawn.err);
  REQUIRE(drawn.exit_code == 0);
  CHECK(drawn.err.find("tl-plot: figure adapts: n=5 is not in this run: n=4 drawn instead") != std::string::npos);
  CHECK(tl::testing::read_file(svg).find("drawn instead") != std::string::npos);  // in the title

  const auto exact = run_command(tool("plot") + " " + file + " --figure exact --out " + dir + "/exact.svg");
  CHECK(exact.exit_code == 2);
  CHECK(exact.err == "tl-plot: figure exact cannot be drawn from this file: no row of /table has n=5\n");
  CHECK_FALSE(tl::testing::file_exists(dir + "/exact.svg"));
  const auto unknown = run_command(tool("plot") + " " + file + " --figure nope");
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("declares no figure 'nope'; it declares: adapts, exact, needs_tau, curves, exact_unswept, unswept_held, anchored") != std::string::npos);
  const auto mixed = run_command(tool("plot") + " " + file + " --figure adapts --x n --out " + dir + "/m.svg");
  CHECK(mixed.exit_code == 2);
  CHECK(mixed.err.find("give only output options") != std::string::npos);

  const auto no_folder = run_command(tool("plot") + " " + file + " --figure all --out " + dir + "/missing");
  CHECK(no_folder.exit_code == 2);
  CHECK(no_folder.err.find("the --out folder '" + dir + "/missing' does not exist (create it first)") != std::string::npos);

  // --figure all: every figure that applies, into a folder; the exact one fails (exit 2).
  fs::create_directories(dir + "/all");
  const auto all = run_command(tool("plot") + " " + file + " --figure all --format svg --out " + dir + "/all");
  INFO(all.err);
  CHECK(all.exit_code == 2);
  for (const char* name : {"adapts", "curves", "unswept_held", "anchored"}) CHECK(tl::testing::file_exists(dir + "/all/run-" + name + ".svg"));
  CHECK_FALSE(tl::testing::file_exists(dir + "/all/run-exact_unswept.svg"));
  CHECK_FALSE(tl::testing::file_exists(dir + "/all/run-needs_tau.svg"));
  CHECK(all.err.find("figure needs_tau does not apply to this run") != std::string::npos);
  CHECK(all.err.find("2 of 7 figures not drawn") != std::string::npos);

  // tl-report: the figures that draw as SVG, the others listed with the reason.
  const std::string page = dir + "/page.html";
  REQUIRE(run_command(tool("report") + " " + file + " --out " + page).exit_code == 0);
  const std::string html = tl::testing::read_file(page);
  std::size_t images = 0;
  for (auto at = html.find("data:image/svg+xml;base64,"); at != std::string::npos; at = html.find("data:image/svg+xml;base64,", at + 1))
    ++images;
  CHECK(images == 4);
  CHECK(html.find("n=4 drawn instead") != std::string::npos);
  CHECK(html.find("Not drawn: the mean at exactly n = 5 — no row of /table has n=5") != std::string::npos);
  CHECK(html.find("does not apply to this run") != std::string::npos);
}
