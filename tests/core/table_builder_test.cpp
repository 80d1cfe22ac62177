// tl::TableBuilder: a summary table one row per call, its columns fixed by the first row.
#include <catch2/catch.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "theorylab/core/table_builder.hpp"

TEST_CASE("TableBuilder: rows become columns of the kinds and units of the first row", "[core][table_builder]") {
  tl::TableBuilder b("fits", "one line per fit");
  b.row({{"score", "normal"}, {"d", 0}, {"c", 0.5, "1"}});
  b.row({{"score", std::string("cosine")}, {"d", std::int64_t{128}}, {"c", 1.25}});
  CHECK(b.rows() == 2);
  tl::Summary summary;
  const tl::SummaryTable& t = b.write(summary);
  REQUIRE(summary.find_table("fits") == &t);
  CHECK(t.description() == "one line per fit");
  REQUIRE(t.columns().size() == 3);
  CHECK(t.rows() == 2);
  CHECK(std::get<std::vector<std::string>>(t.column_named("score").data) == std::vector<std::string>{"normal", "cosine"});
  CHECK(std::get<std::vector<std::int64_t>>(t.column_named("d").data) == std::vector<std::int64_t>{0, 128});
  CHECK(std::get<std::vector<double>>(t.column_named("c").data) == std::vector<double>{0.5, 1.25});
  CHECK(t.column_named("c").unit == "1");
  // The same table written by columns is the same table.
  tl::Summary by_columns;
  by_columns.table("fits").column("score", std::vector<std::string>{"normal", "cosine"});
  CHECK(by_columns.tables().front().column_named("score").data == t.column_named("score").data);
}

TEST_CASE("TableBuilder at its edges: no row, a one-row table, rows that break the first row's shape",
          "[core][table_builder]") {
  tl::Summary summary;
  CHECK(tl::TableBuilder("empty").write(summary).columns().empty());
  tl::TableBuilder one("one_row");
  one.row({{"x", 3.0}, {"n", std::size_t{7}}});
  CHECK(one.write(summary).rows() == 1);
  tl::TableBuilder b("t");
  b.row({{"a", 1.0}, {"b", "x"}});
  CHECK_THROWS_WITH(b.row({{"a", 1.0}}), Catch::Contains("table 't', row 1") && Catch::Contains("1 cells"));
  CHECK_THROWS_WITH(b.row({{"b", "y"}, {"a", 2.0}}), Catch::Contains("column 'b' where the first row had 'a'"));
  CHECK_THROWS_WITH(b.row({{"a", 2}, {"b", "y"}}), Catch::Contains("changes kind"));
  CHECK_THROWS_AS(tl::TableBuilder("d").row({{"a", 1.0}, {"a", 2.0}}), std::logic_error);
}
