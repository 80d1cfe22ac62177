#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <functional>
#include <map>

#include <Eigen/Core>

#include "support/fixture_run.hpp"
#include "support/fixture_experiment.hpp"
#include "support/process.hpp"
#include "theorylab/core/error.hpp"
#include "theorylab/io/h5file.hpp"
#include "theorylab/io/result_file.hpp"

THEORYLAB_EXPERIMENT(tl::testing::FixtureMean);

using tl::testing::temp_dir;

TEST_CASE("h5::File writes and reads back every kind of dataset and attribute", "[io]") {
  const std::string path = temp_dir("h5") + "/a.h5";
  {
    tl::h5::File f(path, tl::h5::File::Mode::Create);
    f.write("/g/doubles", std::vector<double>{1.5, -2, NAN});
    f.write("/g/ints", std::vector<std::int64_t>{1, -2, 1LL << 62});
    f.write("/g/strings", std::vector<std::string>{"a", "", "ünïcode, with comma"});
    f.write_matrix("/m", {1, 2, 3, 4, 5, 6}, 2, 3);
    f.write("/empty", std::vector<double>{});
    f.set_attribute("/", "s", std::string("text"));
    f.set_attribute("/", "d", 0.25);
    f.set_attribute("/g/doubles", "unit", std::string("nats"));
    f.set_attribute("/", "i", std::int64_t{-7});
  }
  tl::h5::File f(path, tl::h5::File::Mode::ReadOnly);
  const auto d = f.read_doubles("/g/doubles");
  CHECK(d[0] == 1.5);
  CHECK(std::isnan(d[2]));
  CHECK(f.read_integers("/g/ints") == std::vector<std::int64_t>{1, -2, 1LL << 62});
  CHECK(f.read_strings("/g/strings") == std::vector<std::string>{"a", "", "ünïcode, with comma"});
  CHECK(f.shape("/m") == std::vector<std::size_t>{2, 3});
  CHECK(f.read_doubles("/m")[4] == 5);
  CHECK(f.read_doubles("/empty").empty());
  CHECK(std::get<std::string>(f.attribute("/", "s")) == "text");
  CHECK(std::get<double>(f.attribute("/", "d")) == 0.25);
  CHECK(std::get<std::int64_t>(f.attribute("/", "i")) == -7);
  CHECK(f.attribute_names("/") == std::vector<std::string>{"s", "d", "i"});  // creation order
  CHECK(f.children("/g") == std::vector<std::string>{"doubles", "ints", "strings"});
  CHECK(f.is_group("/g"));
  CHECK_FALSE(f.exists("/nope/deeper"));
  bool found_unit = false;
  for (const auto& node : f.tree()) found_unit = found_unit || (node.path == "/g/doubles" && node.unit == "nats");
  CHECK(found_unit);
}

namespace {
// A real run of the fixture, written as the CLI writes it.
std::string write_fixture_run(const std::string& dir, const std::vector<tl::Figure>& figures = {}) {
  return tl::testing::write_fixture_mean_run(dir, 5, figures);
}
}  // namespace

TEST_CASE("declared figures round-trip through /figures, and a file without them has none", "[io][figures]") {
  std::vector<tl::Figure> figures = {
      tl::Figure("mean_vs_n", "the mean against n, {verdict:mean_near_zero}")
          .x("n").y({"mean", "count"}).by({"shift"}).where("shift", "0").where_exactly("curve", "1").logx().logy()
          .drop_nonpositive().fit().theory("0*x", "zero").theory("{centre_y}*(x/{centre_x})**-0.5").labels("n [samples]", "mean"),
      tl::Figure("running", "running means").series().x("index").y({"running_mean"}).by({}).only_with("n"),
      tl::Figure("hist", "histogram of the means").table("means").histogram(7).x("mean"),
      tl::Figure("bands", "an interval").table("means").x("n").y({"mean"}).interval("lo", "hi")};
  const std::string dir = temp_dir("rf-figures");
  const tl::ResultFile r(write_fixture_run(dir, figures));
  const auto back = r.figures();
  REQUIRE(back.size() == figures.size());
  for (std::size_t i = 0; i < figures.size(); ++i) {
    const tl::Figure &a = figures[i], &b = back[i];
    INFO(a.name);
    CHECK(b.name == a.name);
    CHECK(b.caption == a.caption);
    CHECK(b.source_table == a.source_table);
    CHECK(b.mode == a.mode);
    CHECK(b.x_column == a.x_column);
    CHECK(b.y_columns == a.y_columns);
    CHECK(b.by_columns == a.by_columns);
    CHECK(b.by_declared == a.by_declared);
    REQUIRE(b.filters.size() == a.filters.size());
    for (std::size_t k = 0; k < a.filters.size(); ++k) {
      CHECK(b.filters[k].key == a.filters[k].key);
      CHECK(b.filters[k].value == a.filters[k].value);
      CHECK(b.filters[k].exact == a.filters[k].exact);
    }
    CHECK(b.needed_columns == a.needed_columns);
    CHECK(b.log_x == a.log_x);
    CHECK(b.log_y == a.log_y);
    CHECK(b.drop_nonpositive_points == a.drop_nonpositive_points);
    CHECK(b.power_law_fit == a.power_law_fit);
    CHECK(b.bins == a.bins);
    REQUIRE(b.theory_lines.size() == a.theory_lines.size());
    for (std::size_t k = 0; k < a.theory_lines.size(); ++k) {
      CHECK(b.theory_lines[k].expression == a.theory_lines[k].expression);
      CHECK(b.theory_lines[k].title == a.theory_lines[k].title);
    }
    CHECK(b.interval_columns == a.interval_columns);
    CHECK(b.x_label == a.x_label);
    CHECK(b.y_label == a.y_label);
  }
  // A file written without figures (as before they existed) has no /figures: none.
  const tl::ResultFile plain(write_fixture_run(temp_dir("rf-no-figures")));
  CHECK_FALSE(plain.raw().exists("/figures"));
  CHECK(plain.figures().empty());
  // A malformed declaration is a programming error, refused before anything is written.
  CHECK_THROWS_AS(write_fixture_run(temp_dir("rf-bad-figures"), {tl::Figure("Bad Name", "x").x("n").y({"mean"})}), std::logic_error);
}

TEST_CASE("a result file round-trips the table, series, summary, claims and provenance", "[io]") {
  const std::string path = write_fixture_run(temp_dir("rf"));
  const tl::ResultFile r(path);
  CHECK(r.status() == "complete");
  for (const char* a : {"schema", "experiment", "title", "source", "command_line", "seed", "preset", "seeds", "threads",
                        "theorylab_version", "git_commit", "compiler", "compiler_flags", "eigen_version", "boost_version",
                        "hdf5_version", "host", "cpu_model", "started_utc", "finished_utc", "wall_seconds", "status"}) {
    INFO(a);
    CHECK_FALSE(r.attribute(a).empty());
  }
  CHECK(r.attribute("schema") == "theorylab/2");
  CHECK(r.attribute("eigen_version").rfind("3.", 0) == 0);
  // Integers are stored typed, not as text; readers still print them.
  CHECK(std::get<std::int64_t>(r.raw().attribute("/", "seed")) == 5);
  CHECK(std::get<std::int64_t>(r.raw().attribute("/", "seeds")) == 2);
  CHECK(std::holds_alternative<std::int64_t>(r.raw().attribute("/", "threads")));
  CHECK(r.attribute("seed") == "5");
  CHECK(r.attribute("seeds") == "2");
  CHECK(std::holds_alternative<std::string>(r.raw().attribute("/", "started_utc")));
  CHECK(r.params().at("n") == "4,8,16");
  CHECK(r.params().at("shift") == "0");
  CHECK(r.table_rows() == 6);
  // the runner adds every row's CPU time last (core/runner.hpp, kCpuSecondsColumn)
  CHECK(r.table_column_names() == std::vector<std::string>{"n", "replicate", "seed", "mean", "count", "cpu_seconds"});
  CHECK(r.table_column("cpu_seconds").unit == "s");
  const auto n = std::get<std::vector<std::int64_t>>(r.table_column("n").data);
  CHECK(n == std::vector<std::int64_t>{4, 4, 8, 8, 16, 16});
  CHECK(r.table_column("mean").unit == "1");
  CHECK_THROWS_WITH(r.table_column("nope"), Catch::Contains("columns: n replicate seed mean count cpu_seconds"));
  CHECK(r.series(5, "running_mean").data.size() == 16);
  CHECK(r.series_names(0) == std::vector<std::string>{"running_mean"});
  const auto tables = r.summary_tables();
  REQUIRE(tables.size() == 1);
  CHECK(tables[0].name() == "means");
  CHECK(tables[0].rows() == 6);
  CHECK(r.summary_scalars().at("worst_z").description == "largest |mean|·√n");
  CHECK(r.summary_notes() == std::vector<std::string>{"fixture note"});
  const auto claims = r.claims();
  REQUIRE(claims.size() == 1);
  CHECK(claims[0].id() == "mean_zero");
  CHECK(claims[0].spec().statement == "the sample mean is within 5 standard errors of 0");
  CHECK(claims[0].verdict() == tl::Verdict::Pass);
  CHECK(claims[0].expected() == "<= 5");
  // The stored mean equals a direct run of row 0 (n=4, seed derived from run seed 5) bit for bit.
  const auto& e = tl::Registry::instance().find("fixture_mean");
  tl::Sweep s4(e.info().params);
  s4.assign("n=4");
  tl::Rng rng4(tl::derive_seed(5, 0));
  CHECK(std::get<std::vector<double>>(r.table_column("mean").data)[0] == e.run_point(tl::Point(s4.combination(0), 0, 0, tl::derive_seed(5, 0)), rng4).real("mean"));
}

TEST_CASE("foreign, corrupt and truncated files are rejected with one line", "[io]") {
  const std::string dir = temp_dir("bad");
  std::ofstream(dir + "/text.h5") << "not hdf5 at all\n";
  CHECK_THROWS_WITH(tl::ResultFile(dir + "/text.h5"), Catch::Contains("is not an HDF5 file"));
  CHECK_THROWS_WITH(tl::ResultFile(dir + "/missing.h5"), Catch::Contains("no such file"));
  { tl::h5::File f(dir + "/foreign.h5", tl::h5::File::Mode::Create); f.write("/x", std::vector<double>{1}); }
  CHECK_THROWS_WITH(tl::ResultFile(dir + "/foreign.h5"), Catch::Contains("not a theorylab result"));
  const std::string good = write_fixture_run(dir);
  const std::string bytes = tl::testing::read_file(good);
  std::ofstream(dir + "/truncated.h5", std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  CHECK_THROWS_AS(tl::ResultFile(dir + "/truncated.h5"), tl::UsageError);
}

TEST_CASE("series of one shape are one dataset, row first, ragged ones data plus offsets", "[io][layout]") {
  const std::string dir = temp_dir("layout");
  const std::string path = write_fixture_run(dir);  // running_mean: length n = 4, 4, 8, 8, 16, 16
  const tl::ResultFile r(path);
  const tl::h5::File& raw = r.raw();
  REQUIRE(raw.is_group("/series/running_mean"));  // ragged
  CHECK(raw.shape("/series/running_mean/offsets") == std::vector<std::size_t>{7});
  CHECK(raw.read_integers("/series/running_mean/offsets") == std::vector<std::int64_t>{0, 4, 8, 16, 24, 40, 56});
  CHECK(raw.shape("/series/running_mean/shape") == std::vector<std::size_t>{6, 2});
  for (std::size_t row = 0; row < 6; ++row) CHECK(r.series(row, "running_mean").data.size() == (row < 2 ? 4u : row < 4 ? 8u : 16u));
  CHECK_THROWS_AS(r.series(6, "running_mean"), tl::UsageError);
  CHECK_THROWS_AS(r.series(0, "nope"), tl::UsageError);

  // One shape for every row: one dataset [rows, n] (n = 8 for every point).
  const auto& e = tl::Registry::instance().find("fixture_mean");
  tl::Sweep sweep(e.info().params);
  sweep.assign("shift=0,1,2");
  sweep.assign("n=8");
  tl::RunOptions o;
  o.progress = false;
  const auto outcome = tl::run_experiment(e, sweep, o);
  tl::Provenance p;
  p.status = "complete";
  const std::string fixed_path = dir + "/fixed.h5";
  tl::write_result_file(fixed_path, p, sweep, outcome);
  const tl::ResultFile fixed(fixed_path);
  REQUIRE_FALSE(fixed.raw().is_group("/series/running_mean"));
  CHECK(fixed.raw().shape("/series/running_mean") == std::vector<std::size_t>{3, 8});
  for (std::size_t row = 0; row < 3; ++row) CHECK(fixed.series(row, "running_mean").data == outcome.rows[row].series_of("running_mean").data);
}

namespace {
// fixture_mean run over shift = 0 .. points-1, its rows changed by `edit`, written to a
// new file (as a finished run would be); returns the file's path.
std::string write_edited_fixture(const std::string& name, int points, const std::function<void(std::vector<tl::Row>&)>& edit) {
  const auto& e = tl::Registry::instance().find("fixture_mean");
  tl::Sweep sweep(e.info().params);
  sweep.assign("shift=lin(0," + std::to_string(points - 1) + "," + std::to_string(points) + ")");
  tl::RunOptions o;
  o.progress = false;
  auto outcome = tl::run_experiment(e, sweep, o);
  edit(outcome.rows);
  tl::Provenance p;
  p.status = "complete";
  const std::string path = temp_dir(name) + "/" + name + ".h5";
  tl::write_result_file(path, p, sweep, outcome);
  return path;
}
}  // namespace

TEST_CASE("a series empty in every row is written with one entry per row and read back", "[io][layout]") {
  // Before: written as a fixed layout of zero values per row, the dataset had 0 rows and
  // the file was refused as damaged (gradient_penalty training whose every run stopped at
  // step 0, found by probing noise = 1e300).
  const tl::ResultFile f(write_edited_fixture("empty-series", 3, [](std::vector<tl::Row>& rows) {
    for (auto& row : rows) row.series("trace", Eigen::MatrixXd(0, 0));
  }));
  REQUIRE(f.table_rows() == 3);
  for (std::size_t row = 0; row < 3; ++row) {
    const auto s = f.series(row, "trace");
    CHECK(s.data.empty());
    CHECK(s.rows == 0);
  }
}

TEST_CASE("a text cell of ill-formed UTF-8 is stored repaired in its fixed-length column", "[io][utf8]") {
  // The column's length is that of the repaired text (U+FFFD is 3 bytes for 1 bad byte):
  // sized from the raw bytes, the repaired cell did not fit and the writer threw.
  const tl::ResultFile f(write_edited_fixture("utf8-cell", 2, [](std::vector<tl::Row>& rows) {
    rows[0].set("label", std::string("ab\xFF\xFE"));
    rows[1].set("label", std::string("ok"));
  }));
  const auto label = std::get<std::vector<std::string>>(f.table_column("label").data);
  CHECK(label == std::vector<std::string>{"ab\xEF\xBF\xBD\xEF\xBF\xBD", "ok"});
}

TEST_CASE("a file whose datasets disagree is refused with one line", "[io][damaged]") {
  const std::string dir = temp_dir("damaged");
  // claim_rows: the length of /claims/note (the other claim columns have 2 entries).
  auto make = [&](const std::string& name, std::size_t b_rows, std::int64_t declared, std::size_t claim_rows = 2,
                  std::size_t scalar_values = 1, std::size_t summary_b_rows = 3) {
    const std::string path = dir + "/" + name;
    tl::h5::File f(path, tl::h5::File::Mode::Create);
    f.set_attribute("/", "schema", std::string("theorylab/2"));
    f.set_attribute("/", "rows", declared);
    f.write("/table/a", std::vector<double>(6, 1.0));
    f.write("/table/b", std::vector<double>(b_rows, 2.0));
    f.set_attribute("/table", "columns", std::string("a,b"));
    for (const char* c : {"id", "statement", "source", "expected", "tolerance", "verdict"})
      f.write(std::string("/claims/") + c, std::vector<std::string>(2, "x"));
    f.write("/claims/note", std::vector<std::string>(claim_rows, "x"));
    f.write("/claims/measured", std::vector<double>(2, 0.5));
    f.write("/claims/expected_failure", std::vector<std::int64_t>(2, 0));
    f.write("/summary/scalars/s", std::vector<double>(scalar_values, 1.0));
    f.write("/summary/tables/t/a", std::vector<double>(3, 1.0));
    f.write("/summary/tables/t/b", std::vector<double>(summary_b_rows, 1.0));
    f.set_attribute("/", "status", std::string("complete"));
    return path;
  };
  CHECK_NOTHROW(tl::ResultFile(make("ok.h5", 6, 6)));
  const tl::ResultFile ok(make("ok2.h5", 6, 6));
  CHECK(ok.claims().size() == 2);
  CHECK(ok.summary_scalars().at("s").value == 1.0);
  CHECK(ok.summary_tables().at(0).rows() == 3);
  CHECK_THROWS_WITH(tl::ResultFile(make("cut.h5", 3, 6)), Catch::Contains("damaged") && Catch::Contains("has 3 rows"));
  CHECK_THROWS_WITH(tl::ResultFile(make("declared.h5", 6, 9)), Catch::Contains("declares 9 rows"));
  // Claims, summary scalars and summary tables are checked too (found by fuzz_result_file
  // and by reading: .at() past a short column, a scalar of no value).
  CHECK_THROWS_WITH(tl::ResultFile(make("claims.h5", 6, 6, 1)),
                    Catch::Contains("damaged") && Catch::Contains("/claims/note has 1 entries"));
  CHECK_THROWS_WITH(tl::ResultFile(make("scalar.h5", 6, 6, 2, 0)).summary_scalars(),
                    Catch::Contains("damaged") && Catch::Contains("holds 0 values"));
  CHECK_THROWS_WITH(tl::ResultFile(make("summary.h5", 6, 6, 2, 1, 2)).summary_tables(),
                    Catch::Contains("damaged") && Catch::Contains("/summary/tables/t/b has 2 rows"));
}

TEST_CASE("provenance types: integers typed, a seed beyond int64 kept exact as text", "[io]") {
  tl::Provenance p;
  p.seed = "18446744073709551615";  // 2^64 - 1: no int64 holds it
  p.seeds = 3;
  p.threads = 2;
  std::map<std::string, tl::ProvenanceValue> a;
  for (auto& [name, value] : tl::provenance_attributes(p)) a[name] = value;
  CHECK(std::get<std::string>(a.at("seed")) == "18446744073709551615");
  CHECK(std::get<std::int64_t>(a.at("seeds")) == 3);
  CHECK(std::get<std::int64_t>(a.at("threads")) == 2);
  p.seed = "9223372036854775807";  // 2^63 - 1 fits
  for (auto& [name, value] : tl::provenance_attributes(p))
    if (name == "seed") CHECK(std::get<std::int64_t>(value) == 9223372036854775807LL);
}

TEST_CASE("every string the writer stores is valid UTF-8, whatever the caller passed", "[io][utf8]") {
  // The writer is the one place every stored string passes: a dataset, an appended row
  // and an attribute given ill-formed bytes hold U+FFFD in their place, valid text as is.
  const std::string path = temp_dir("utf8") + "/strings.h5";
  const std::string bad = "gpu\xFF\xFE-host", good = "Gr\xC3\xBC\xC3\x9F" "e";
  {
    tl::h5::File f(path, tl::h5::File::Mode::Create);
    f.write("/words", std::vector<std::string>{bad, good});
    f.create_extendible("/rows", "string", {}, 4);
    f.append("/rows", std::vector<std::string>{good, bad});
    f.set_attribute("/", "host", bad);
  }
  const tl::h5::File f(path, tl::h5::File::Mode::ReadOnly);
  const std::string repaired = "gpu\xEF\xBF\xBD\xEF\xBF\xBD-host";  // one U+FFFD per ill-formed byte
  CHECK(f.read_strings("/words") == std::vector<std::string>{repaired, good});
  CHECK(f.read_strings("/rows") == std::vector<std::string>{good, repaired});
  CHECK(std::get<std::string>(f.attribute("/", "host")) == repaired);
}
