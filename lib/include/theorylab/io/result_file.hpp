#pragma once
// The theorylab result file (schema "theorylab/2"): writing a run and reading it back.
//
//   /            provenance attributes (see provenance.hpp), rows, status (written last)
//   /params      one attribute per parameter: its value, or its sweep expression
//   /table/COL   one 1-D dataset per column, one element per row; "unit" attribute;
//                chunked, shuffle + deflate
//   /series/NAME a per-row series, in one of two layouts (attribute "layout"):
//                "fixed":  one dataset, row first: [rows, n] or [rows, n, m]
//                "ragged": a group: data (values of every row, concatenated),
//                          offsets [rows + 1] (row i is data[offsets[i]:offsets[i+1]]),
//                          shape [rows, 2] (row i's n, m; m = 0 for 1-D; n = -1: absent)
//                2-D series name their columns in a "columns" attribute.
//   /summary     scalars, tables as groups of columns, arrays, notes
//   /claims/COL  parallel columns: id, statement, source, expected, tolerance,
//                measured, verdict, expected_failure, note
//   /figures/COL the experiment's declared figures (core/figure.hpp), one element per
//                figure in parallel columns: name, caption, table, mode, x, y, by,
//                by_declared, where, needs, log_x, log_y, drop_nonpositive, fit, bins,
//                theory, theory_title, interval, x_label, y_label. Lists are joined by
//                newlines (where: "key=value", or "key==value" for where_exactly).
//                Absent in files written before declared figures: no figures.
//
// In h5py, row i of a series:  f['series/loss'][i]  (fixed), or
//   o = f['series/loss/offsets']; f['series/loss/data'][o[i]:o[i+1]]  (ragged).
// Schema "theorylab/1" files (one group per row under /series) are read too.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "theorylab/core/experiment.hpp"
#include "theorylab/core/runner.hpp"
#include "theorylab/core/sweep_points.hpp"
#include "theorylab/core/summary.hpp"
#include "theorylab/core/table_schema.hpp"
#include "theorylab/io/h5file.hpp"
#include "theorylab/io/provenance.hpp"

namespace tl {

inline constexpr const char* kSchema = "theorylab/2";
inline constexpr const char* kSchemaV1 = "theorylab/1";

// Writes a result file in the order a run produces it: header, rows (streamed in row
// order, never all in memory), summary, claims, and the status last: a reader that
// finds no status knows the writer never finished. The caller writes to a .partial
// path and renames it when finish() returns.
class ResultWriter {
 public:
  ResultWriter(const std::string& path, const Provenance& provenance, const Sweep& sweep);
  ~ResultWriter();

  // /table and /series from `rows` (row(0) .. row(size-1)), read twice: once to learn
  // the columns and series shapes, once to write them in chunks.
  void write_rows(const RowStore& rows);
  // The /table just written, as columns for the reduction (row() is not available).
  const RowStore& columns() const;

  void write_summary(const Summary& summary);
  void write_claims(const std::vector<Claim>& claims);
  // /figures (nothing when `figures` is empty). std::logic_error for declarations
  // figure_problems() rejects.
  void write_figures(const std::vector<Figure>& figures);
  // Root attributes known only at the end (finished time, wall seconds, counts), then
  // the status; closes the file.
  void finish(const Provenance& provenance, std::size_t failed_points);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Writes a complete result file of rows held in memory (tests, small runs).
void write_result_file(const std::string& path, const Provenance& provenance, const Sweep& sweep,
                       const RunOutcome& outcome, const std::vector<Figure>& figures = {});

// Reads a result file; the constructor throws UsageError (one line) for a file that
// is missing, not HDF5, truncated, not a theorylab result, or whose datasets disagree
// with each other (a /table column of another length, a series of another shape).
class ResultFile {
 public:
  explicit ResultFile(const std::string& path);
  // The same checks of a whole file's bytes in memory (see h5::File); `name` stands for
  // the path in messages. For the fuzzers and tests of the readers.
  ResultFile(const std::string& name, const void* image, std::size_t size);

  const std::string& path() const { return path_; }
  const std::string& schema() const { return schema_; }
  std::string attribute(const std::string& name) const;  // root attribute as text, "" if absent
  std::map<std::string, std::string> attributes() const;  // every root attribute as text
  std::map<std::string, std::string> params() const;
  std::string status() const { return attribute("status"); }

  std::vector<Column> table() const;
  std::vector<std::string> table_column_names() const;
  Column table_column(const std::string& name) const;  // UsageError listing the columns
  std::size_t table_rows() const { return rows_; }
  // Series row `row` has (without reading any values).
  std::vector<std::string> series_names(std::size_t row) const;
  Series series(std::size_t row, const std::string& name) const;  // reads that row only

  std::vector<SummaryTable> summary_tables() const;
  std::map<std::string, SummaryScalar> summary_scalars() const;
  std::vector<std::string> summary_notes() const;
  std::vector<Claim> claims() const;
  // The declared figures (/figures); empty for a file without them. UsageError for
  // columns of different lengths or an unknown mode.
  std::vector<Figure> figures() const;

  const h5::File& raw() const { return file_; }

 private:
  void check_header();           // schema, status, /table and /claims present; then validate()
  std::size_t validate() const;  // the number of rows, once every shape is checked
  void validate_claims() const;  // the /claims columns, all of one length
  std::string path_, schema_;
  h5::File file_;
  std::size_t rows_ = 0;
};

std::string series_row_name(std::size_t row);  // "000042" (schema theorylab/1)

// The rows of a finished result file, for a reduction run again on them (`theorylab
// reduce`): /table read once, row(i) rebuilt as the point i of `points` with the row's
// scalars (the /table columns after "seed"; a real column's NaN is set as NaN, a text
// column's "" is a text the row did not set) and its series, read on demand. `points` must have the file's row
// count (UsageError otherwise). Holds references to `file` and `points`.
class ResultFileRowStore final : public RowStore {
 public:
  ResultFileRowStore(const ResultFile& file, const SweepPoints& points);
  std::size_t size() const override { return file_.table_rows(); }
  std::vector<std::string> column_names() const override;
  Column column(const std::string& name) const override;  // UsageError naming the columns
  Row row(std::size_t i) const override;

 private:
  const ResultFile& file_;
  const SweepPoints& points_;
  std::vector<Column> columns_;
  std::size_t first_scalar_ = 0;  // index in columns_ of the first row scalar
};

}  // namespace tl
