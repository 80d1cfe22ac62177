// The report helpers behind the analysis tools: output formats, escaping, windows,
// filters, and the difference column of a claim.
#include <catch2/catch.hpp>

#include <cmath>
#include <sstream>

#include "theorylab/core/error.hpp"
#include "theorylab/report/grid.hpp"
#include "theorylab/report/result_data.hpp"
#include "theorylab/report/source_table.hpp"

TEST_CASE("Grids print as Markdown, CSV, TSV and booktabs LaTeX", "[analysis]") {
  tl::Grid g;
  g.headers = {"name", "value"};
  g.right_aligned = {false, true};
  g.add_row({"a|b *x* <em>", "1.5"}).add_row({"c,\"d\"\tx", "_&%"});
  std::ostringstream md, csv, tsv, tex;
  tl::write_grid(md, g, tl::GridFormat::Markdown);
  tl::write_grid(csv, g, tl::GridFormat::Csv);
  tl::write_grid(tsv, g, tl::GridFormat::Tsv);
  tl::write_grid(tex, g, tl::GridFormat::Latex);
  CHECK(md.str() == "| name | value |\n|---|---:|\n| a\\|b \\*x\\* &lt;em> | 1.5 |\n| c,\"d\"\tx | _&% |\n");
  CHECK(csv.str() == "name,value\na|b *x* <em>,1.5\n\"c,\"\"d\"\"\tx\",_&%\n");
  CHECK(tsv.str() == "name\tvalue\na|b *x* <em>\t1.5\nc,\"d\" x\t_&%\n");
  CHECK(tex.str().find("\\begin{tabular}{lr}\n\\toprule\nname & value \\\\\n\\midrule\n") != std::string::npos);
  CHECK(tex.str().find("\\_\\&\\%") != std::string::npos);
  CHECK(tex.str().find("\\bottomrule") != std::string::npos);
  CHECK(tl::latex_escape("a<=b^2~\\") == "a\\textless{}=b\\textasciicircum{}2\\textasciitilde{}\\textbackslash{}");
  CHECK_THROWS_AS(tl::parse_grid_format("xml", {tl::GridFormat::Csv}), tl::UsageError);
  CHECK_THROWS_AS(tl::parse_grid_format("latex", {tl::GridFormat::Csv, tl::GridFormat::Markdown}), tl::UsageError);
  CHECK(tl::parse_grid_format("md", {tl::GridFormat::Markdown}) == tl::GridFormat::Markdown);
}

TEST_CASE("Windows, filters and groups", "[analysis]") {
  const tl::Window w = tl::parse_window("10:");
  CHECK(w.contains(10));
  CHECK_FALSE(w.contains(9.99));
  CHECK(w.contains(1e300));
  CHECK(tl::parse_window(":5").contains(-1));
  CHECK(tl::parse_window("1e2:1e3").text() == "100:1000");
  for (const char* bad : {"5", "a:b", "3:1", ""}) CHECK_THROWS_AS(tl::parse_window(bad), tl::UsageError);
  CHECK_THROWS_AS(tl::parse_filter("=3"), tl::UsageError);
  CHECK_THROWS_AS(tl::parse_filter("n"), tl::UsageError);

  tl::DataTable t;
  t.name = "table";
  t.columns = {{"n", std::vector<std::int64_t>{4, 8, 4}, ""}, {"eps", std::vector<double>{0.1, 0.3, 0.30000000000000004}, ""},
               {"solver", std::vector<std::string>{"a", "b", "a"}, ""}};
  CHECK(tl::filter_rows(t, {{"eps", "0.3"}}) == std::vector<std::size_t>{1, 2});  // numbers compare as numbers
  CHECK(tl::filter_rows(t, {{"solver", "a"}, {"n", "4"}}) == std::vector<std::size_t>{0, 2});
  CHECK_THROWS_WITH(tl::filter_rows(t, {{"nope", "1"}}), Catch::Contains("columns: n eps solver"));
  const auto groups = tl::group_rows(t, {"solver"}, {0, 1, 2});
  REQUIRE(groups.size() == 2);
  CHECK(groups[0].first == "solver=a");
  CHECK(groups[0].second == std::vector<std::size_t>{0, 2});
  CHECK_THROWS_AS(tl::numeric_values(t.columns[2]), tl::UsageError);
}

TEST_CASE("The difference of a claim is this run minus the source's number or bound", "[analysis]") {
  tl::Claim near(tl::ClaimSpec{"c", "s", "src"});
  near.expect_near(0.85, 0.84, 0.005);
  CHECK(tl::claim_difference(near) == 0.85 - 0.84);
  CHECK(tl::verdict_label(near) == "FAIL");
  tl::Claim bound(tl::ClaimSpec{"b", "s", "src", true});
  bound.expect_at_most(3, 1e-3);
  CHECK(tl::claim_difference(bound) == 3 - 1e-3);
  CHECK(tl::verdict_label(bound) == "fail (expected)");
  tl::Claim interval(tl::ClaimSpec{"i", "s", "src"});
  interval.expect_between(0.5, 0, 1);
  CHECK(std::isnan(tl::claim_difference(interval)));
  tl::Claim words(tl::ClaimSpec{"w", "s", "src"});
  words.expect_true(true, 2, "monotone", "exact");
  CHECK(std::isnan(tl::claim_difference(words)));
  tl::Claim na(tl::ClaimSpec{"n", "s", "src"});
  na.not_applicable("no sweep");
  CHECK(tl::verdict_label(na) == "n/a");
  const tl::Grid g = tl::claims_grid({near, na}, true);
  CHECK(g.rows[0][4] == "0.85");  // shortest round-trip text
  CHECK(g.rows[1][4].empty());
}
