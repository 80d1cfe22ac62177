#pragma once
// The theorylab result file (schema "theorylab/1"): writing a run and reading it back.
//
//   /            provenance attributes (see provenance.hpp), status
//   /params      one attribute per parameter: its value, or its sweep expression
//   /table/COL   one dataset per column, one element per row; "unit" attribute
//   /series/ROW/NAME   per-row arrays, ROW zero-padded
//   /summary     scalars as attributes of /summary/scalars, tables as groups of
//                columns, arrays as datasets, notes as a string dataset
//   /claims/COL  parallel columns: id, statement, source, expected, tolerance,
//                measured, verdict, expected_failure, note
#include <map>
#include <string>
#include <vector>

#include "theorylab/core/experiment.hpp"
#include "theorylab/core/runner.hpp"
#include "theorylab/core/summary.hpp"
#include "theorylab/io/h5file.hpp"
#include "theorylab/io/provenance.hpp"

namespace tl {

inline constexpr const char* kSchema = "theorylab/1";

// The /table columns of a run: swept parameters, replicate, seed, then the scalars
// rows set (union over rows in first-seen order; a row missing a value gets NaN, or
// "" for text).
std::vector<Column> table_columns(const std::vector<Row>& rows, const Sweep& sweep);

// Writes a complete result file at `path` (the caller passes the .partial path and
// renames it when this returns).
void write_result_file(const std::string& path, const Provenance& provenance, const Sweep& sweep,
                       const RunOutcome& outcome);

// Reads a result file; the constructor throws UsageError (one line) for a file that
// is missing, not HDF5, truncated, or not a theorylab result.
class ResultFile {
 public:
  explicit ResultFile(const std::string& path);

  const std::string& path() const { return path_; }
  std::string attribute(const std::string& name) const;  // root attribute as text, "" if absent
  std::map<std::string, std::string> attributes() const;  // every root attribute as text
  std::map<std::string, std::string> params() const;
  std::string status() const { return attribute("status"); }

  std::vector<Column> table() const;
  std::vector<std::string> table_column_names() const;
  Column table_column(const std::string& name) const;  // UsageError listing the columns
  std::size_t table_rows() const;
  std::vector<std::string> series_names(std::size_t row) const;
  Series series(std::size_t row, const std::string& name) const;

  std::vector<SummaryTable> summary_tables() const;
  std::map<std::string, SummaryScalar> summary_scalars() const;
  std::vector<std::string> summary_notes() const;
  std::vector<Claim> claims() const;

  const h5::File& raw() const { return file_; }

 private:
  std::string path_;
  h5::File file_;
};

std::string series_row_name(std::size_t row);  // "000042"

}  // namespace tl
