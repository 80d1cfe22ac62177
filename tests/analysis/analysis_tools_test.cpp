// The analysis tools on small result files written by the real CLI: the numbers they
// print are the file's numbers, tl-fit reproduces lib/math's fit, tl-plot writes a PNG
// of the asked size, and every kind of bad input exits 2 with one line.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "support/gnuplot_script.hpp"
#include "support/process.hpp"
#include "theorylab/io/h5file.hpp"
#include "theorylab/io/result_file.hpp"
#include "theorylab/math/power_law_fit.hpp"
#include "theorylab/report/claims_report.hpp"
#include "theorylab/report/result_data.hpp"

namespace fs = std::filesystem;
using tl::testing::run_command;
using tl::testing::temp_dir;
using tl::testing::theorylab_bin;
using tl::testing::tool;

namespace {

// A small real run: Frank-Wolfe on the article's T2 at four n (about 0.1 s), and a
// second block: the Fokker-Planck flow of T8 on a grid far too coarse (20 cells, 20
// steps), whose closed-form claim fails honestly — that exercises the failing-claim lines.
const char* kRunArguments =
    " run probability_space problem=T2 solver=fw_open_loop,fw_line_search n=4,8,16,32 iterations=300"
    " + problem=T8 solver=fokker_planck fp_cells=20 iterations=20 --preset none --quiet --threads 1";

struct Fixture {
  std::string dir, file, second;  // second: the same run with another seed
};

const Fixture& fixture() {
  static const Fixture f = [] {
    Fixture x;
    x.dir = temp_dir("analysis");
    x.file = x.dir + "/small.h5";
    x.second = x.dir + "/small-seed2.h5";
    const auto a = run_command(theorylab_bin() + kRunArguments + " --out " + x.file);
    const auto b = run_command(theorylab_bin() + kRunArguments + " --seed 2 --out " + x.second);
    if (a.exit_code != 0 || b.exit_code != 0) throw std::runtime_error("fixture run failed: " + a.err + b.err);
    return x;
  }();
  return f;
}

std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string cell;
  bool quoted = false, row_started = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    row_started = true;
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') cell += '"', ++i;
      else if (c == '"') quoted = false;
      else cell += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(cell), cell.clear();
    } else if (c == '\n') {
      rows.back().push_back(cell), cell.clear();
      rows.emplace_back();
      row_started = false;
    } else {
      cell += c;
    }
  }
  if (row_started) rows.back().push_back(cell);
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

// Header name -> cell of data row `r`.
std::map<std::string, std::string> csv_row(const std::vector<std::vector<std::string>>& rows, std::size_t r) {
  std::map<std::string, std::string> m;
  REQUIRE(rows.size() > r + 1);
  REQUIRE(rows[r + 1].size() == rows[0].size());
  for (std::size_t j = 0; j < rows[0].size(); ++j) m[rows[0][j]] = rows[r + 1][j];
  return m;
}

std::pair<unsigned, unsigned> png_size(const std::string& path) {
  const std::string bytes = tl::testing::read_file(path);
  REQUIRE(bytes.size() > 24);
  REQUIRE(bytes.substr(1, 3) == "PNG");
  auto be32 = [&](std::size_t at) {
    unsigned v = 0;
    for (std::size_t k = 0; k < 4; ++k) v = (v << 8) | static_cast<unsigned char>(bytes[at + k]);
    return v;
  };
  return {be32(16), be32(20)};  // IHDR width and height
}

bool one_line(const std::string& err) {
  return !err.empty() && err.find('\n') == err.size() - 1;
}

// Bad result files made from the real one: truncated, foreign, interrupted, not HDF5.
struct BadFiles {
  std::string missing, text, truncated, partial, foreign_hdf5;
};
const BadFiles& bad_files() {
  static const BadFiles b = [] {
    BadFiles x;
    const std::string dir = temp_dir("analysis-bad");
    x.missing = dir + "/nope.h5";
    x.text = dir + "/text.h5";
    std::ofstream(x.text) << "not an HDF5 file\n";
    const std::string bytes = tl::testing::read_file(fixture().file);
    x.truncated = dir + "/truncated.h5";
    std::ofstream(x.truncated, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
    x.partial = dir + "/run.h5.partial";
    std::ofstream(x.partial, std::ios::binary) << bytes;
    x.foreign_hdf5 = dir + "/foreign.h5";
    tl::h5::File f(x.foreign_hdf5, tl::h5::File::Mode::Create);
    f.write("/data", std::vector<double>{1, 2, 3});
    return x;
  }();
  return b;
}

}  // namespace

TEST_CASE("tl-summarize prints the file's provenance, results and claims", "[analysis]") {
  const Fixture& f = fixture();
  const tl::ResultFile file(f.file);
  const auto claims = file.claims();

  const auto csv = run_command(tool("summarize") + " --format csv " + f.file);
  REQUIRE(csv.exit_code == 0);
  const auto rows = parse_csv(csv.out);
  REQUIRE(rows.size() == 2);
  auto row = csv_row(rows, 0);
  CHECK(row["experiment"] == "probability_space");
  CHECK(row["seed"] == file.attribute("seed"));
  CHECK(row["command_line"] == file.attribute("command_line"));
  CHECK(row["git_commit"] == file.attribute("git_commit"));
  CHECK(std::stod(row["wall_seconds"]) == std::stod(file.attribute("wall_seconds")));
  int pass = 0, fail = 0, na = 0;
  for (const auto& c : claims) {
    CHECK(row["verdict:" + c.id()] == tl::to_string(c.verdict()));
    const double printed = std::stod(row["claim:" + c.id()]);
    if (std::isnan(c.measured())) CHECK(std::isnan(printed));
    else CHECK(printed == c.measured());  // round-trip text: bit-identical
    pass += c.verdict() == tl::Verdict::Pass;
    fail += c.verdict() == tl::Verdict::Fail && !c.spec().expected_failure;
    na += c.verdict() == tl::Verdict::NotApplicable;
  }
  CHECK(row["pass"] == std::to_string(pass));
  CHECK(row["fail"] == std::to_string(fail));
  CHECK(row["not_applicable"] == std::to_string(na));
  REQUIRE(fail > 0);  // the fixture's coarse T8 flow fails its closed-form claims

  const auto text = run_command(tool("summarize") + " " + f.file);
  REQUIRE(text.exit_code == 0);
  CHECK(text.out.find(file.attribute("command_line")) != std::string::npos);
  CHECK(text.out.find("status      complete") != std::string::npos);
  for (const auto& c : claims)
    if (c.failed_unexpectedly()) {
      CHECK(text.out.find("[FAIL] " + c.id()) != std::string::npos);
      // 4 significant digits in the text (every digit is in --format csv, above).
      CHECK(text.out.find("— measured " + tl::format_short(c.measured()) + ", expected " +
                          tl::short_expected(c.expected())) != std::string::npos);
    }
  for (const auto& shown : tl::shown_table_names(file)) CHECK(text.out.find(shown) != std::string::npos);
  // The n/a claims, grouped by reason: each reason once, after its count.
  std::map<std::string, int> reasons;
  for (const auto& c : claims)
    if (c.verdict() == tl::Verdict::NotApplicable) ++reasons[c.notes()];
  REQUIRE(!reasons.empty());
  for (const auto& [reason, count] : reasons) {
    INFO(reason);
    const std::size_t at = text.out.find("): " + reason + "\n");
    REQUIRE(at != std::string::npos);
    CHECK(text.out.find(reason, at + 3 + reason.size()) == std::string::npos);
    const std::size_t line = text.out.rfind('\n', at) + 1;
    CHECK(text.out.substr(line, at - line).find(std::to_string(count) + (count == 1 ? " claim (" : " claims (")) != std::string::npos);
  }

  // Two files of one experiment: one combined table, a row per file.
  const auto md = run_command(tool("summarize") + " --format md " + f.file + " " + f.second);
  REQUIRE(md.exit_code == 0);
  CHECK(md.out.find("## probability_space — 2 files") != std::string::npos);
  CHECK(md.out.find("| " + f.file + " |") != std::string::npos);
  CHECK(md.out.find("| " + f.second + " |") != std::string::npos);
  const auto both = parse_csv(run_command(tool("summarize") + " --format csv " + f.file + " " + f.second).out);
  CHECK(both.size() == 3);
  CHECK(csv_row(both, 1)["seed"] == "2");
}

TEST_CASE("tl-tables writes the claims table and the shown tables with the file's numbers", "[analysis]") {
  const Fixture& f = fixture();
  const tl::ResultFile file(f.file);
  const std::string out = temp_dir("analysis-tables");
  const auto r = run_command(tool("tables") + " " + f.file + " --out " + out);
  REQUIRE(r.exit_code == 0);
  for (const char* name : {"ALL.md", "ALL.tex", "probability_space.md", "probability_space.tex", "probability_space-claims.csv"})
    CHECK(fs::file_size(out + "/" + name) > 0);

  const auto rows = parse_csv(tl::testing::read_file(out + "/probability_space-claims.csv"));
  const auto claims = file.claims();
  REQUIRE(rows.size() == claims.size() + 1);
  for (std::size_t i = 0; i < claims.size(); ++i) {
    auto row = csv_row(rows, i);
    CHECK(row["claim"] == claims[i].id());
    CHECK(row["source's value"] == claims[i].expected());
    CHECK(row["tolerance / CI"] == claims[i].tolerance());
    const bool decided = claims[i].verdict() == tl::Verdict::Pass || claims[i].verdict() == tl::Verdict::Fail;
    if (decided) {
      CHECK(std::stod(row["this run"]) == claims[i].measured());
      // The difference of a numeric source value (or bound) is this run minus it.
      std::string expected = claims[i].expected();
      if (expected.rfind("<= ", 0) == 0 || expected.rfind(">= ", 0) == 0) expected = expected.substr(3);
      char* end = nullptr;
      const double e = std::strtod(expected.c_str(), &end);
      if (!expected.empty() && *end == '\0') CHECK(std::stod(row["difference"]) == claims[i].measured() - e);
      else CHECK(row["difference"].empty());
    }
    const std::string verdict = row["verdict"];
    if (claims[i].verdict() == tl::Verdict::Pass) CHECK(verdict == "pass");
    if (claims[i].failed_unexpectedly()) CHECK(verdict == "FAIL");
  }
  // Every shown summary table, cell for cell.
  for (const auto& shown : tl::shown_table_names(file)) {
    const tl::DataTable t = tl::load_data_table(file, shown);
    const auto csv = parse_csv(tl::testing::read_file(out + "/probability_space-" + shown + ".csv"));
    REQUIRE(csv.size() == t.rows() + 1);
    for (std::size_t j = 0; j < t.columns.size(); ++j) {
      CHECK(csv[0][j] == t.columns[j].name);
      for (std::size_t r = 0; r < t.rows(); ++r) CHECK(csv[r + 1][j] == tl::exact_text(t.columns[j], r));
    }
  }
  // Every table names its file, commit and command line.
  const std::string md = tl::testing::read_file(out + "/probability_space.md");
  CHECK(md.find("`" + f.file + "`") != std::string::npos);
  CHECK(md.find(file.attribute("git_commit")) != std::string::npos);
  CHECK(md.find(file.attribute("command_line")) != std::string::npos);
  CHECK(tl::testing::read_file(out + "/probability_space.tex").find("\\toprule") != std::string::npos);
  const auto sources = parse_csv(tl::testing::read_file(out + "/SOURCES.csv"));
  REQUIRE(sources.size() == 2);
  CHECK(csv_row(sources, 0)["result_file"] == f.file);
  CHECK(csv_row(sources, 0)["command_line"] == file.attribute("command_line"));
}

TEST_CASE("tl-tables given two files of one experiment names their tables by file, never overwriting one", "[analysis]") {
  const Fixture& f = fixture();
  const std::string out = temp_dir("analysis-tables-two");
  const auto r = run_command(tool("tables") + " " + f.file + " " + f.second + " --out " + out);
  REQUIRE(r.exit_code == 0);
  CHECK_FALSE(fs::exists(out + "/probability_space.md"));
  const std::string first = tl::testing::read_file(out + "/small.md");
  const std::string second = tl::testing::read_file(out + "/small-seed2.md");
  CHECK(first.find("`" + f.file + "`") != std::string::npos);
  CHECK(second.find("`" + f.second + "`") != std::string::npos);
  CHECK(first.find("`" + f.second + "`") == std::string::npos);
  CHECK(parse_csv(tl::testing::read_file(out + "/SOURCES.csv")).size() > 2);

  // Two files with one stem (same name in two folders) would still collide: refused.
  const std::string other = temp_dir("analysis-tables-same-stem");
  fs::copy_file(f.file, other + "/small.h5");
  const auto clash = run_command(tool("tables") + " " + f.file + " " + other + "/small.h5 --out " + temp_dir("analysis-tables-clash"));
  CHECK(clash.exit_code == 2);
  CHECK_THAT(clash.err, Catch::Contains("two files would write the tables 'small'"));
}

TEST_CASE("tl-tables reads the canonical file NAME-PRESET.h5 only, or runs the experiment", "[analysis]") {
  const std::string results = temp_dir("analysis-results");
  const std::string base = tool("tables") + " --theorylab " + theorylab_bin() + " --results " + results +
                           " --experiment probability_space --preset quick";
  // Issue 11: another file that records the same preset (the tour's results/ps.h5, run
  // with extra keys on top of it) is never picked up.
  REQUIRE(run_command(theorylab_bin() + " run probability_space --preset quick n=8 --quiet --out " + results + "/ps.h5").exit_code == 0);
  // Nothing there and --no-run: reported as not tabled, exit 1.
  const auto none = run_command(base + " --no-run");
  CHECK(none.exit_code == 1);
  CHECK(none.out.find("probability_space: NOT TABLED") != std::string::npos);
  // ... with the command that writes the file, and no empty ALL.md said to be "written".
  CHECK(none.out.find("'theorylab run probability_space --preset quick --out") != std::string::npos);
  CHECK(none.out.find("nothing tabled") != std::string::npos);
  CHECK_FALSE(tl::testing::file_exists(results + "/tables/ALL.md"));
  // Without --no-run it runs the quick preset into results/NAME-quick.h5 and tables it.
  const auto ran = run_command(base);
  REQUIRE(ran.exit_code == 0);
  const std::string made = results + "/probability_space-quick.h5";
  REQUIRE(tl::testing::file_exists(made));
  CHECK(tl::ResultFile(made).attribute("preset") == "quick");
  CHECK(tl::testing::read_file(results + "/tables/ALL.md").find("`" + made + "`") != std::string::npos);
  // A second call reuses the file (no new run: the file is unchanged).
  const auto before = fs::last_write_time(made);
  REQUIRE(run_command(base + " --files-only").exit_code == 0);
  CHECK(fs::last_write_time(made) == before);
  const auto files = run_command(base + " --files-only");
  CHECK(files.out == "probability_space " + made + "\n");
  // A canonical name holding a run with extra parameters is reported, not used or overwritten.
  REQUIRE(run_command(theorylab_bin() + " run probability_space --preset quick n=8 --quiet --force --out " + made).exit_code == 0);
  const auto extra = run_command(base + " --files-only");
  CHECK(extra.exit_code == 1);
  CHECK_THAT(extra.err, Catch::Contains("n=8") && Catch::Contains("on top of the preset"));
  // Unknown experiment: exit 2 with the list.
  const auto bad = run_command(tool("tables") + " --theorylab " + theorylab_bin() + " --results " + results + " --experiment nope");
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("probability_space") != std::string::npos);
}

TEST_CASE("tl-fit reproduces lib/math's power-law fit on the file's columns", "[analysis]") {
  const Fixture& f = fixture();
  const tl::ResultFile file(f.file);
  const tl::DataTable table = tl::load_data_table(file, "");
  const auto rows = tl::filter_rows(table, {{"solver", "fw_open_loop"}});
  const auto n = tl::numeric_values(table.column("n")), gap = tl::numeric_values(table.column("final_gap"));
  std::vector<double> x, y;
  for (std::size_t r : rows) x.push_back(n[r]), y.push_back(gap[r]);
  const tl::PowerLawFit expected = tl::fit_power_law(x, y);

  const auto r = run_command(tool("fit") + " " + f.file + " --x n --y final_gap --where solver=fw_open_loop --format csv");
  REQUIRE(r.exit_code == 0);
  auto row = csv_row(parse_csv(r.out), 0);
  CHECK(std::stod(row["exponent"]) == expected.exponent);
  CHECK(std::stod(row["exponent_lo"]) == expected.exponent_lo);
  CHECK(std::stod(row["exponent_hi"]) == expected.exponent_hi);
  CHECK(std::stod(row["r_squared"]) == expected.r_squared);
  CHECK(row["points"] == std::to_string(x.size()));

  // A window drops points; --by fits each group; --bootstrap gives an interval.
  const auto w = run_command(tool("fit") + " " + f.file + " --x n --y final_gap --where solver=fw_open_loop --window 8: --format csv");
  REQUIRE(w.exit_code == 0);
  CHECK(csv_row(parse_csv(w.out), 0)["points"] == "3");
  const auto by = run_command(tool("fit") + " " + f.file + " --x n --y final_gap --where problem=T2 --by solver --bootstrap 50 --format csv");
  REQUIRE(by.exit_code == 0);
  const auto groups = parse_csv(by.out);
  REQUIRE(groups.size() == 3);
  CHECK(csv_row(groups, 0)["group"] == "solver=fw_open_loop");
  CHECK(std::stod(csv_row(groups, 0)["exponent"]) == expected.exponent);
  // Resamples whose points all share one x cannot be fitted: lib counts them as failures.
  CHECK(std::stoi(csv_row(groups, 0)["bootstrap_resamples"]) + std::stoi(csv_row(groups, 0)["bootstrap_failures"]) == 50);
  const double lo = std::stod(csv_row(groups, 0)["bootstrap_lo"]), hi = std::stod(csv_row(groups, 0)["bootstrap_hi"]);
  CHECK(lo <= hi);
  // The offset model runs lib's variable projection (needs 4 points).
  CHECK(run_command(tool("fit") + " " + f.file + " --x n --y final_gap --where solver=fw_open_loop --model offset --bootstrap 20").exit_code == 0);
}

TEST_CASE("tl-plot writes a PNG of the asked size", "[analysis]") {
  const Fixture& f = fixture();
  const std::string dir = temp_dir("analysis-plot");
  const auto r = run_command(tool("plot") + " " + f.file + " --x n --y final_gap --where problem=T2 --by solver --logx --logy --fit --size 640x480 --out " +
                             dir + "/a.png");
  REQUIRE(r.exit_code == 0);
  CHECK(png_size(dir + "/a.png") == std::make_pair(640u, 480u));
  // Series per row, a summary table, a histogram.
  REQUIRE(run_command(tool("plot") + " " + f.file + " --series --x iteration --y gap --by solver,n --logy --drop-nonpositive --out " +
                      dir + "/b.png").exit_code == 0);
  CHECK(png_size(dir + "/b.png") == std::make_pair(800u, 560u));
  const auto shown = tl::shown_table_names(tl::ResultFile(f.file));
  REQUIRE(!shown.empty());
  REQUIRE(run_command(tool("plot") + " " + f.file + " --table " + shown.front() + " --x n --y final_gap --by solver --out " + dir +
                      "/c.png").exit_code == 0);
  CHECK(png_size(dir + "/c.png").first == 800u);
  REQUIRE(run_command(tool("plot") + " " + f.file + " --hist --x final_gap --logx --bins 5 --out " + dir + "/d.png").exit_code == 0);
  CHECK(fs::file_size(dir + "/d.png") > 1000);
}

TEST_CASE("tl-plot: 3 replicates become error bars, curves are named by swept values, theory is labelled", "[analysis][plot]") {
  // A small Monte Carlo sweep: 3 replicates of every (n, d); the y value varies by replicate.
  const std::string dir = temp_dir("analysis-replicates");
  const std::string file = dir + "/reps.h5";
  const auto run = run_command(theorylab_bin() + " run gradient_max_scale part=B2 score=cosine n=64,256,1024 d=16,64 trials=40"
                               " 'alpha_grid=log(0.1,10,7)' --seeds 3 --preset none --quiet --threads 1 --out " + file);
  REQUIRE(run.exit_code == 0);
  const std::string base = tool("plot") + " " + file + " --x n --y mc_max_mean --logx --theory '0.3*log(x)**0.5' --theory-title 'theory: 0.3 sqrt(ln n)'";
  const auto r = run_command(base + " --out " + dir + "/mean.png --script " + dir + "/mean.gp --format png,svg");
  REQUIRE(r.exit_code == 0);
  CHECK(png_size(dir + "/mean.png") == std::make_pair(800u, 560u));
  CHECK(tl::testing::read_file(dir + "/mean.svg").find("<svg") != std::string::npos);

  const auto p = tl::testing::parse_script(tl::testing::read_file(dir + "/mean.gp"));
  CHECK(tl::testing::vertical_joins(p).empty());
  std::map<std::string, std::string> titled;
  for (const auto& e : p.elements)
    if (!e.title.empty()) titled[e.title] = e.with;
  // d is the swept key that tells the curves apart (n is x, replicate is aggregated).
  CHECK(titled["d=16"] == "yerrorbars");
  CHECK(titled["d=64"] == "yerrorbars");
  CHECK(titled["theory: 0.3 sqrt(ln n)"] == "lines");
  // Each curve: one point per n (3 of them), the mean of the 3 replicates within its CI.
  const tl::ResultFile f(file);
  const auto table = tl::load_data_table(f, "");
  const auto rows16 = tl::filter_rows(table, {{"d", "16"}, {"n", "256"}});
  REQUIRE(rows16.size() == 3);
  const auto y = tl::numeric_values(table.column("mc_max_mean"));
  const double mean = (y[rows16[0]] + y[rows16[1]] + y[rows16[2]]) / 3;
  bool found = false;
  for (const auto& e : p.elements)
    if (e.title == "d=16") {
      const auto& block = p.blocks.at(e.block);
      REQUIRE(block.size() == 3);
      CHECK(block[1][0] == 256);
      CHECK(block[1][1] == Approx(mean).epsilon(1e-12));
      CHECK(block[1][2] < block[1][1]);
      CHECK(block[1][3] > block[1][1]);
      found = true;
    }
  CHECK(found);

  // At README size (--size readme, as make docs draws) with legend entries and a title wider than the canvas, the
  // title is wrapped and every entry fits: gnuplot, which tl-plot lets speak on stderr,
  // would say "difficulty fitting plot titles into key" otherwise (and leave them out).
  const auto readme = run_command(base + " --size readme --theory '0.25*log(x)**0.5' --theory-title 'the quantization model at this"
                                  " T and window: 0.25 sqrt(ln n) (claim alpha_n_finite_t_a04: FAIL), through the window centre'"
                                  " --title 'mc_max_mean against n per d, three replicates each, with two theory lines whose legend"
                                  " entries are longer than the canvas is wide' --out " + dir + "/readme.png --script " + dir + "/readme.gp");
  REQUIRE(readme.exit_code == 0);
  CHECK(png_size(dir + "/readme.png") == std::make_pair(640u, 480u));
  CHECK(readme.err.find("warning") == std::string::npos);
  CHECK(tl::testing::read_file(dir + "/readme.gp").find("keyentry with lines lt nodraw title") != std::string::npos);

  // --scatter: the replicates as points, nothing joined.
  REQUIRE(run_command(base + " --scatter --out " + dir + "/scatter.png --script " + dir + "/scatter.gp").exit_code == 0);
  const auto s = tl::testing::parse_script(tl::testing::read_file(dir + "/scatter.gp"));
  for (const auto& e : s.elements)
    if (e.block.rfind("$d", 0) == 0) {
      CHECK(e.with == "points");
      CHECK(s.blocks.at(e.block).size() == 9);  // 3 n x 3 replicates
    }
  // A fit: its window is drawn and named; per-row series are named by swept values too.
  REQUIRE(run_command(base + " --fit --window 100: --out " + dir + "/fit.png --script " + dir + "/fit.gp").exit_code == 0);
  const std::string fit = tl::testing::read_file(dir + "/fit.gp");
  CHECK(fit.find("fit window: n in [256, 1024]") != std::string::npos);
  CHECK(fit.find("fit (d=16) on n in [256, 1024]: exponent") != std::string::npos);
  REQUIRE(run_command(tool("plot") + " " + file + " --series --where n=64 --x b2_alpha --y b2_objective_mean --logx --out " + dir +
                      "/series.png --script " + dir + "/series.gp").exit_code == 0);
  const auto ser = tl::testing::parse_script(tl::testing::read_file(dir + "/series.gp"));
  CHECK(tl::testing::vertical_joins(ser).empty());
  std::set<std::string> titles;
  for (const auto& e : ser.elements) titles.insert(e.title);
  CHECK(titles.count("d=16 (mean, 95% CI of 3)") == 1);
  CHECK(titles.count("d=64 (mean, 95% CI of 3)") == 1);
  // An existing output is not overwritten without --force; an unwritable folder is exit 2; no file left.
  const auto again = run_command(base + " --out " + dir + "/mean.png");
  CHECK(again.exit_code == 2);
  CHECK(again.err.find("exists") != std::string::npos);
  CHECK(run_command(base + " --force --out " + dir + "/mean.png").exit_code == 0);
  const auto nodir = run_command(base + " --out " + dir + "/no/such/x.png");
  CHECK(nodir.exit_code == 2);
  CHECK(one_line(nodir.err));
  const auto badtheory = run_command(tool("plot") + " " + file + " --x n --y mc_max_mean --theory 'x; system(\"ls\")' --out " + dir + "/t.png");
  CHECK(badtheory.exit_code == 2);
  CHECK_FALSE(tl::testing::file_exists(dir + "/t.png"));
}

TEST_CASE("tl-plot --interval draws a summary table's own CI columns as error bars", "[analysis][plot]") {
  // gradient_max_scale's quick preset: b1_fits holds a fitted c per (score, d, grid) with its 95% CI.
  const std::string dir = temp_dir("analysis-interval");
  const std::string file = dir + "/gms.h5";
  REQUIRE(run_command(theorylab_bin() + " run gradient_max_scale --preset quick --quiet --threads 1 --out " + file).exit_code == 0);
  const std::string base = tool("plot") + " " + file + " --table b1_fits --where score=cosine --x d --y c --logx";
  const auto r = run_command(base + " --interval c_lo,c_hi --by grid --out " + dir + "/c.png --script " + dir + "/c.gp");
  REQUIRE(r.exit_code == 0);
  const auto p = tl::testing::parse_script(tl::testing::read_file(dir + "/c.gp"));
  const tl::ResultFile f(file);
  const auto table = tl::load_data_table(f, "b1_fits");
  const auto c = tl::numeric_values(table.column("c")), lo = tl::numeric_values(table.column("c_lo")),
             hi = tl::numeric_values(table.column("c_hi")), d = tl::numeric_values(table.column("d"));
  int curves = 0;
  for (const auto& e : p.elements) {
    if (e.title != "grid=pow2" && e.title != "grid=article") continue;
    ++curves;
    CHECK(e.with == "yerrorbars");
    const auto rows = tl::filter_rows(table, {{"score", "cosine"}, {"grid", e.title.substr(5)}});
    const auto& block = p.blocks.at(e.block);
    REQUIRE(block.size() == rows.size());  // one point per d, in increasing d
    for (std::size_t k = 0; k < rows.size(); ++k) {
      CHECK(block[k][0] == d[rows[k]]);
      CHECK(block[k][1] == Approx(c[rows[k]]).epsilon(1e-12));  // the file's value and its own interval, not a mean
      CHECK(block[k][2] == Approx(lo[rows[k]]).epsilon(1e-12));
      CHECK(block[k][3] == Approx(hi[rows[k]]).epsilon(1e-12));
    }
  }
  CHECK(curves == 2);
  // Two rows at one x in a curve (both grids pooled) is refused; so is one column.
  const auto pooled = run_command(base + " --interval c_lo,c_hi --by score --out " + dir + "/p.png");
  CHECK(pooled.exit_code == 2);
  CHECK(one_line(pooled.err));
  CHECK(pooled.err.find("two rows at d = 16") != std::string::npos);
  CHECK_FALSE(tl::testing::file_exists(dir + "/p.png"));
  const auto one = run_command(base + " --interval c_lo --out " + dir + "/o.png");
  CHECK(one.exit_code == 2);
  CHECK(one.err.find("LO,HI") != std::string::npos);
  const auto unknown = run_command(base + " --interval c_lo,nope --by grid --out " + dir + "/u.png");
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("nope") != std::string::npos);
}

TEST_CASE("tl-tables --reference tables committed reference runs from their files, captioned, never run", "[analysis]") {
  const std::string dir = temp_dir("analysis-reference");
  const std::string reference = dir + "/reference", results = dir + "/results";
  fs::create_directories(reference + "/gradient_max_scale-quick");
  fs::create_directories(reference + "/probability_space-big");  // shards only: no merged big.h5 yet
  fs::create_directories(reference + "/not_an_experiment-x");     // not a reference run: ignored
  const std::string ref_file = reference + "/gradient_max_scale-quick/quick.h5";
  REQUIRE(run_command(theorylab_bin() + " run gradient_max_scale --preset quick --quiet --threads 1 --out " + ref_file).exit_code == 0);
  const std::string base = tool("tables") + " --theorylab " + theorylab_bin() + " --results " + results +
                           " --experiment gradient_max_scale,probability_space --preset quick --no-run --reference " + reference;
  const auto listed = run_command(base + " --files-only");
  CHECK(listed.exit_code == 1);  // the unmerged one, and no default-preset files (--no-run)
  CHECK(listed.out == "gradient_max_scale-quick " + ref_file + "\n");
  CHECK_THAT(listed.err, Catch::Contains("probability_space-big: reference run without its merged file"));
  const auto tabled = run_command(base);
  CHECK(tabled.exit_code == 1);
  const std::string md = tl::testing::read_file(results + "/tables/gradient_max_scale-quick.md");
  CHECK_THAT(md, Catch::StartsWith("## gradient_max_scale-quick"));
  CHECK_THAT(md, Catch::Contains("Reference run: a committed result file, not rerun by make tables") &&
                     Catch::Contains("`make verify-reference`") && Catch::Contains("`" + ref_file + "`"));
  CHECK(tl::testing::file_exists(results + "/tables/gradient_max_scale-quick-b1_fits.csv"));
  CHECK_FALSE(tl::testing::file_exists(results + "/gradient_max_scale-quick.h5"));  // nothing was run
  // A reference folder that is not a folder: exit 2.
  const auto bad = run_command(base + "-missing");
  CHECK(bad.exit_code == 2);
  CHECK(one_line(bad.err));
}

TEST_CASE("Bad input to every tool: one line and exit 2", "[analysis]") {
  const Fixture& f = fixture();
  const BadFiles& b = bad_files();
  const std::string png = temp_dir("analysis-badplot") + "/x.png";
  const std::vector<std::string> commands = {
      tool("summarize") + " --format csv",  // the file is appended below
      tool("fit") + " --x n --y final_gap",
      tool("plot") + " --x n --y final_gap --out " + png,
      tool("tables") + " --out " + temp_dir("analysis-badtables"),
  };
  for (const std::string& command : commands)
    for (const std::string& bad : {b.missing, b.text, b.truncated, b.partial, b.foreign_hdf5}) {
      INFO(command << " " << bad);
      const auto r = run_command(command + " " + bad);
      CHECK(r.exit_code == 2);
      CHECK(one_line(r.err));
    }
  CHECK(run_command(tool("summarize") + " " + b.missing).err.find("no such file") != std::string::npos);
  CHECK(run_command(tool("fit") + " " + b.partial + " --x n --y final_gap").err.find("unfinished") != std::string::npos);
  CHECK(run_command(tool("fit") + " " + b.foreign_hdf5 + " --x n --y final_gap").err.find("not a theorylab result") != std::string::npos);

  // An output folder that exists but cannot be written (/proc refuses new files even to
  // root): before, tl-tables said "tables ... written" and wrote nothing.
  const auto unwritable = run_command(tool("tables") + " " + f.file + " --out /proc");
  CHECK(unwritable.exit_code == 2);
  CHECK(unwritable.err.find("cannot write to the output folder '/proc'") != std::string::npos);

  // A column that does not exist: the message lists the columns.
  for (const std::string& t : {tool("fit"), tool("plot") + " --out " + png}) {
    const auto r = run_command(t + " " + f.file + " --x n --y no_such_column");
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("no_such_column") != std::string::npos);
    CHECK(r.err.find("final_gap") != std::string::npos);
    CHECK(one_line(r.err));
  }
  const auto table = run_command(tool("fit") + " " + f.file + " --table no_such_table --x n --y final_gap");
  CHECK(table.exit_code == 2);
  CHECK(table.err.find("no summary table 'no_such_table'") != std::string::npos);

  // Fewer than 3 usable points; a non-positive value on a log axis.
  const auto few = run_command(tool("fit") + " " + f.file + " --x n --y final_gap --where solver=fw_open_loop --window 16:");
  CHECK(few.exit_code == 2);
  CHECK(few.err.find("fewer than 3 usable points") != std::string::npos);
  const auto few_plot = run_command(tool("plot") + " " + f.file + " --x n --y final_gap --by solver --window 16: --fit --out " + png);
  CHECK(few_plot.exit_code == 2);
  const auto zero = run_command(tool("fit") + " " + f.file + " --x n --y replicate");  // replicate is 0
  CHECK(zero.exit_code == 2);
  CHECK(zero.err.find("non-positive") != std::string::npos);
  const auto zero_plot = run_command(tool("plot") + " " + f.file + " --x n --y replicate --logy --out " + png);
  CHECK(zero_plot.exit_code == 2);
  CHECK(zero_plot.err.find("non-positive") != std::string::npos);
  CHECK_FALSE(tl::testing::file_exists(png));

  // gnuplot missing.
  const auto no_gnuplot = run_command("THEORYLAB_GNUPLOT=/nonexistent/gnuplot " + tool("plot") + " " + f.file + " --x n --y final_gap --out " + png);
  CHECK(no_gnuplot.exit_code == 2);
  CHECK(no_gnuplot.err.find("gnuplot not found") != std::string::npos);
  const auto no_path = run_command("PATH=/nonexistent " + tool("plot") + " " + f.file + " --x n --y final_gap --out " + png);
  CHECK(no_path.exit_code == 2);
  CHECK(one_line(no_path.err));

  // Malformed options.
  for (const std::string& c : {tool("summarize") + " " + f.file + " --format xml", tool("fit") + " " + f.file + " --x n --y final_gap --window 5",
                               tool("fit") + " " + f.file + " --x n --y final_gap --model exp", tool("fit") + " " + f.file + " --x n --y final_gap --where solver",
                               tool("plot") + " " + f.file + " --x n --y final_gap --size big", tool("summarize"), tool("fit") + " " + f.file,
                               tool("summarize") + " " + f.file + " --rows -3", tool("inspect") + " " + f.file + " --rows -3"}) {
    INFO(c);
    const auto r = run_command(c);
    CHECK(r.exit_code == 2);
    CHECK(one_line(r.err));
  }
  for (const char* name : {"summarize", "fit", "tables", "plot"}) {
    const auto h = run_command(tool(name) + " --help");
    CHECK(h.exit_code == 0);
    CHECK(h.out.find("usage: tl-" + std::string(name)) != std::string::npos);
  }
}
