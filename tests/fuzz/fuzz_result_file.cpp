// libFuzzer harness 3: the result-file readers, on mutated files. The input is a whole
// file's bytes, opened from memory (h5::File over HDF5's core driver: no file is
// written); the seeds are small real result files of the quick presets
// (tests/fuzz/corpus/fuzz_result_file). Everything the tools (tl-inspect, tl-summarize,
// tl-tables, tl-plot, tl-fit, tl-report) read from a file is read: the checks of the
// constructor, attributes, parameters, /table, every row's series, the summary, the
// claims, the declared figures (each resolved as tl-plot --figure does), the shown tables, the tree and every dataset in it, and the text, CSV and
// HTML renderings of them.
// The tools turn UsageError and the HDF5 layer's runtime_error into one line and exit
// 2; anything else (a logic_error such as out_of_range, bad_alloc, bad_variant_access),
// a crash, a sanitizer report or a hang is a finding.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "theorylab/core/error.hpp"
#include "theorylab/io/result_file.hpp"
#include "theorylab/report/claims_report.hpp"
#include "theorylab/report/figure_plan.hpp"
#include "theorylab/report/grid.hpp"
#include "theorylab/report/html_report.hpp"
#include "theorylab/report/result_data.hpp"
#include "theorylab/report/source_table.hpp"
#include "theorylab/report/text_table.hpp"

namespace {

constexpr std::size_t kMaxRowsRead = 64;  // series rows read per file: enough to cover both layouts

void read_everything(const tl::ResultFile& file) {
  std::ostringstream out;
  for (const auto& [name, value] : file.attributes()) out << name << value;
  for (const auto& [name, value] : file.params()) out << name << value;
  out << tl::provenance_line(file);

  const auto table = file.table();
  tl::print_text_table(out, table);
  tl::print_csv(out, table);
  tl::write_grid(out, tl::grid_from_columns(table, true), tl::GridFormat::Markdown);
  for (const auto& name : file.table_column_names()) (void)file.table_column(name);
  for (std::size_t row = 0; row < file.table_rows() && row < kMaxRowsRead; ++row)
    for (const auto& name : file.series_names(row)) (void)file.series(row, name);

  (void)file.summary_scalars();
  (void)file.summary_notes();
  for (const auto& t : file.summary_tables()) tl::print_text_table(out, t.columns());
  std::vector<std::string> tables = tl::shown_table_names(file);
  tables.insert(tables.begin(), "");
  for (const auto& name : tables) {
    const tl::DataTable data = tl::load_data_table(file, name);
    for (const auto& column : data.columns) {
      try {
        (void)tl::numeric_values(column);
      } catch (const tl::UsageError&) {  // a text column
      }
      for (std::size_t row = 0; row < column.size() && row < kMaxRowsRead; ++row) (void)tl::exact_text(column, row);
    }
    std::vector<std::size_t> rows(data.rows());
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = i;
    (void)tl::group_rows(data, data.column_names(), rows);
  }

  const auto claims = file.claims();
  tl::print_claims(out, claims);
  tl::write_grid(out, tl::claims_grid(claims, true), tl::GridFormat::Markdown);
  (void)tl::counts_text(tl::count_claims(claims));
  out << tl::html_report(file, {});

  // The declared figures (tl-plot --figure, tl-report, make plots): read, and each one
  // resolved against the file as tl-plot does (its table, filters, points, placeholders).
  for (const tl::Figure& figure : file.figures()) {
    const tl::FigurePlan plan = tl::plan_figure(file, figure);
    out << plan.caption << plan.problem << plan.points;
  }

  // tl-inspect FILE PATH: any dataset of the tree, read as its type says.
  const tl::h5::File& raw = file.raw();
  for (const auto& node : raw.tree()) {
    if (node.is_group) continue;
    if (node.type == "string") (void)raw.read_strings(node.path);
    else if (node.type == "int64") (void)raw.read_integers(node.path);
    else (void)raw.read_doubles(node.path);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > (1 << 20)) return 0;
  try {
    const tl::ResultFile file("fuzz.h5", data, size);
    read_everything(file);
  } catch (const tl::UsageError&) {
    // a file the tools refuse with one line and exit 2
  } catch (const std::runtime_error&) {
    // an HDF5 call that failed on a damaged file: also one line and exit 2 (tool_main)
  }
  return 0;
}
