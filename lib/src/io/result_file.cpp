#include "theorylab/io/result_file.hpp"

#include <algorithm>
#include <cmath>
#include <type_traits>
#include <cstdio>
#include <limits>
#include <set>
#include <sstream>

#include "theorylab/core/cancellation.hpp"
#include "theorylab/core/error.hpp"

namespace tl {

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t kChunkRows = 4096;          // rows buffered before an append
constexpr std::size_t kSeriesBuffer = 1u << 20;   // series values buffered before an append
constexpr std::size_t kFixedTextMax = 4096;        // longer text columns stay variable-length
// The parallel columns of /claims, as write_claims writes them.
constexpr const char* kClaimColumns[] = {"id",       "statement", "source",           "expected", "tolerance",
                                         "measured", "verdict",   "expected_failure", "note"};

std::string join(const std::vector<std::string>& items, char sep = ',') {
  std::string s;
  for (std::size_t i = 0; i < items.size(); ++i) s += (i ? std::string(1, sep) : "") + items[i];
  return s;
}

std::vector<std::string> split(const std::string& s, char sep = ',') {
  std::vector<std::string> items;
  if (s.empty()) return items;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, sep)) items.push_back(item);
  return items;
}

std::string as_text(const h5::AttributeValue& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  return format_number(std::get<double>(v));
}

void check_name(const std::string& what, const std::string& name) {
  // A '/' would make HDF5 nest a group where a column was meant.
  if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..")
    throw std::logic_error(what + " name '" + name + "' is empty or contains '/'");
}

void write_column(h5::File& file, const std::string& path, const Column& c) {
  check_name("column", c.name);
  // Long columns (summary tables of big sweeps) chunked and compressed like /table.
  constexpr std::size_t kCompressAbove = 1024;
  if (c.size() > kCompressAbove) {
    std::visit(
        [&](const auto& v) {
          using T = typename std::decay_t<decltype(v)>::value_type;
          if constexpr (std::is_same_v<T, std::string>) {
            std::size_t longest = 0;
            for (const auto& text : v) longest = std::max(longest, text.size());
            file.create_extendible(path, longest <= kFixedTextMax ? "string:" + std::to_string(longest) : "string", {}, kChunkRows);
            file.append(path, v);
          } else {
            file.create_extendible(path, std::is_same_v<T, double> ? "float64" : "int64", {}, kChunkRows);
            file.append(path, v, v.size());
          }
        },
        c.data);
  } else {
    std::visit([&](const auto& v) { file.write(path, v); }, c.data);
  }
  if (!c.unit.empty()) file.set_attribute(path, "unit", c.unit);
}

Column read_column(const h5::File& file, const std::string& path, const std::string& name) {
  Column c{name, std::vector<double>{}, ""};
  const std::string type = file.type(path);
  if (type == "string") c.data = file.read_strings(path);
  else if (type == "int64") c.data = file.read_integers(path);
  else c.data = file.read_doubles(path);
  if (file.has_attribute(path, "unit")) c.unit = as_text(file.attribute(path, "unit"));
  return c;
}



// ---- /table and /series, streamed -----------------------------------------------
// One extendible dataset being filled: values are buffered and appended in whole
// chunks only, so that every chunk is written (and compressed) exactly once. Rewriting
// a partial chunk would leave its old copy as dead space in the file.
template <class T>
class ChunkedDataset {
 public:
  ChunkedDataset(h5::File& file, std::string path, const std::string& type, std::vector<std::size_t> inner, std::size_t chunk_rows)
      : file_(&file), path_(std::move(path)) {
    chunk_rows_ = file.create_extendible(path_, type, inner, chunk_rows);
    for (auto d : inner) per_row_ *= std::max<std::size_t>(d, 1);
  }
  void add(const T& value) { pending_.push_back(value); }
  template <class It>
  void add(It first, It last) { pending_.insert(pending_.end(), first, last); }
  // Appends the whole chunks buffered (everything when `last`).
  void flush(bool last) {
    const std::size_t rows = pending_.size() / per_row_;
    const std::size_t whole = last ? rows : rows / chunk_rows_ * chunk_rows_;
    if (whole == 0) return;
    std::vector<T> out(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(whole * per_row_));
    if constexpr (std::is_same_v<T, std::string>) file_->append(path_, out);
    else file_->append(path_, out, whole);
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(whole * per_row_));
  }
  std::size_t pending_values() const { return pending_.size(); }

 private:
  h5::File* file_;
  std::string path_;
  std::size_t chunk_rows_ = 1, per_row_ = 1;
  std::vector<T> pending_;
};

// Adds rows in row order to /table and /series.
class RowAppender {
 public:
  RowAppender(h5::File& file, std::vector<ColumnSpec> columns, std::vector<SeriesSpec> series)
      : columns_(std::move(columns)), series_(std::move(series)) {
    for (const ColumnSpec& c : columns_) {
      check_name("column", c.name);
      const std::string p = "/table/" + c.name;
      // Text as fixed-length strings (the longest cell): compressed like numbers, and no
      // global-heap record per cell as variable-length strings need.
      if (c.type == CellType::Text)
        texts_.emplace_back(file, p, c.text_length <= kFixedTextMax ? "string:" + std::to_string(c.text_length) : "string",
                            std::vector<std::size_t>{}, kChunkRows);
      else if (c.type == CellType::Integer) integers_.emplace_back(file, p, "int64", std::vector<std::size_t>{}, kChunkRows);
      else reals_.emplace_back(file, p, "float64", std::vector<std::size_t>{}, kChunkRows);
      if (!c.unit.empty()) file.set_attribute(p, "unit", c.unit);
    }
    file.create_group("/series");
    for (const SeriesSpec& s : series_) {
      check_name("series", s.name);
      const std::string p = "/series/" + s.name;
      if (s.fixed) {
        std::vector<std::size_t> inner{s.rows};
        if (s.cols > 0) inner.push_back(s.cols);
        fixed_.emplace_back(file, p, "float64", inner, kChunkRows);
      } else {
        file.create_group(p);
        data_.emplace_back(file, p + "/data", "float64", std::vector<std::size_t>{}, 1u << 15);
        offsets_.emplace_back(file, p + "/offsets", "int64", std::vector<std::size_t>{}, kChunkRows);
        shapes_.emplace_back(file, p + "/shape", "int64", std::vector<std::size_t>{2}, kChunkRows);
        offsets_.back().add(0);
        ends_.push_back(0);
      }
      file.set_attribute(p, "layout", std::string(s.fixed ? "fixed" : "ragged"));
      if (!s.unit.empty()) file.set_attribute(p, "unit", s.unit);
      if (!s.column_names.empty()) file.set_attribute(p, "columns", join(s.column_names));
    }
  }

  void add(const Row& row) {
    std::size_t t = 0, i = 0, r = 0;
    for (const ColumnSpec& c : columns_) {
      if (c.type == CellType::Text) texts_[t++].add(text_cell(row, c));
      else if (c.type == CellType::Integer) integers_[i++].add(integer_cell(row, c));
      else reals_[r++].add(real_cell(row, c));
    }
    std::size_t f = 0, g = 0;
    for (const SeriesSpec& s : series_) {
      const bool has = row.has_series(s.name);
      if (s.fixed) {
        const Series& v = row.series_of(s.name);  // a fixed series is in every row
        fixed_[f++].add(v.data.begin(), v.data.end());
        values_since_flush_ += v.data.size();
        continue;
      }
      if (has) {
        const Series& v = row.series_of(s.name);
        data_[g].add(v.data.begin(), v.data.end());
        values_since_flush_ += v.data.size();
        ends_[g] += static_cast<std::int64_t>(v.data.size());
        shapes_[g].add(static_cast<std::int64_t>(v.rows));
        shapes_[g].add(static_cast<std::int64_t>(v.cols));
      } else {  // absent from this row
        shapes_[g].add(-1);
        shapes_[g].add(0);
      }
      offsets_[g].add(ends_[g]);
      ++g;
    }
    // Whole chunks go out every few thousand rows, or once a few MB of series wait.
    if (++rows_since_flush_ >= kChunkRows || values_since_flush_ >= kSeriesBuffer) flush(false);
  }

  void flush(bool last) {
    for (auto& d : texts_) d.flush(last);
    for (auto& d : integers_) d.flush(last);
    for (auto& d : reals_) d.flush(last);
    for (auto& d : fixed_) d.flush(last);
    for (auto& d : data_) d.flush(last);
    for (auto& d : offsets_) d.flush(last);
    for (auto& d : shapes_) d.flush(last);
    rows_since_flush_ = 0;
    values_since_flush_ = 0;
  }

 private:
  std::vector<ColumnSpec> columns_;
  std::vector<SeriesSpec> series_;
  std::vector<ChunkedDataset<std::string>> texts_;
  std::vector<ChunkedDataset<std::int64_t>> integers_;
  std::vector<ChunkedDataset<double>> reals_, fixed_, data_;
  std::vector<ChunkedDataset<std::int64_t>> offsets_, shapes_;
  std::vector<std::int64_t> ends_;
  std::size_t rows_since_flush_ = 0, values_since_flush_ = 0;
};

// The /table of a file being written, as columns for a reduction.
class FileColumns final : public RowStore {
 public:
  FileColumns(const h5::File& file, std::vector<ColumnSpec> columns, std::size_t rows)
      : file_(file), columns_(std::move(columns)), rows_(rows) {}
  std::size_t size() const override { return rows_; }
  std::vector<std::string> column_names() const override {
    std::vector<std::string> names;
    for (const auto& c : columns_) names.push_back(c.name);
    return names;
  }
  Column column(const std::string& name) const override {
    for (const auto& c : columns_)
      if (c.name == name) return read_column(file_, "/table/" + name, name);
    throw UsageError("no column '" + name + "' in /table; columns: " + join(column_names(), ' '));
  }
  Row row(std::size_t) const override { throw std::logic_error("FileColumns holds columns only"); }

 private:
  const h5::File& file_;
  std::vector<ColumnSpec> columns_;
  std::size_t rows_;
};

}  // namespace

std::string series_row_name(std::size_t row) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%06zu", row);
  return buffer;
}

// ---- writer ---------------------------------------------------------------------
struct ResultWriter::Impl {
  h5::File file;
  const Sweep& sweep;
  std::unique_ptr<FileColumns> columns;
  std::size_t rows = 0;
  Impl(const std::string& path, const Sweep& s) : file(path, h5::File::Mode::Create), sweep(s) {}
};

ResultWriter::ResultWriter(const std::string& path, const Provenance& provenance, const Sweep& sweep)
    : impl_(std::make_unique<Impl>(path, sweep)) {
  h5::File& file = impl_->file;
  file.set_attribute("/", "schema", std::string(kSchema));
  for (const auto& [name, value] : provenance_attributes(provenance))
    if (name != "status" && name != "finished_utc") file.set_attribute("/", name, value);
  file.set_attribute("/", "resumed", static_cast<std::int64_t>(provenance.resumed ? 1 : 0));
  file.set_attribute("/", "rows_reused", static_cast<std::int64_t>(provenance.rows_reused));
  if (provenance.mpi_ranks > 0) {
    file.set_attribute("/", "mpi_ranks", static_cast<std::int64_t>(provenance.mpi_ranks));
    file.set_attribute("/", "points_per_rank", provenance.points_per_rank);
  }

  // /params: fixed values typed, swept ones as their expression.
  file.create_group("/params");
  std::vector<std::string> swept;
  for (const ParamSpec& spec : sweep.specs()) {
    const auto& values = sweep.values(spec.name());
    if (values.size() > 1 || spec.type() == ParamType::RealList) {
      file.set_attribute("/params", spec.name(), sweep.expression(spec.name()));
      if (values.size() > 1) swept.push_back(spec.name());
      continue;
    }
    const Value& v = values.front();
    if (const auto* i = std::get_if<std::int64_t>(&v)) file.set_attribute("/params", spec.name(), *i);
    else if (const auto* d = std::get_if<double>(&v)) file.set_attribute("/params", spec.name(), *d);
    else file.set_attribute("/params", spec.name(), to_string(v));
  }
  file.set_attribute("/params", "swept", join(swept));
  if (sweep.blocks() > 1) {
    std::vector<std::string> block_seeds;
    for (std::size_t b = 0; b < sweep.blocks(); ++b)
      block_seeds.push_back(sweep.block_seeds(b) > 0 ? std::to_string(sweep.block_seeds(b)) : "--seeds");
    file.set_attribute("/params", "blocks", static_cast<std::int64_t>(sweep.blocks()));
    file.set_attribute("/params", "block_seeds", join(block_seeds));
  }
}

ResultWriter::~ResultWriter() = default;

void ResultWriter::write_rows(const RowStore& rows) {
  TableSchema schema(impl_->sweep);
  for (std::size_t i = 0; i < rows.size(); ++i) schema.add(rows.row(i));
  const std::vector<ColumnSpec> columns = schema.columns();
  h5::File& file = impl_->file;
  file.create_group("/table");
  {
    RowAppender appender(file, columns, schema.series());
    for (std::size_t i = 0; i < rows.size(); ++i) appender.add(rows.row(i));
    appender.flush(true);
  }
  std::vector<std::string> order;
  for (const ColumnSpec& c : columns) order.push_back(c.name);
  file.set_attribute("/table", "columns", join(order));
  file.set_attribute("/", "rows", static_cast<std::int64_t>(rows.size()));
  impl_->rows = rows.size();
  impl_->columns = std::make_unique<FileColumns>(file, columns, rows.size());
}

const RowStore& ResultWriter::columns() const {
  if (!impl_->columns) throw std::logic_error("ResultWriter::columns before write_rows");
  return *impl_->columns;
}

void ResultWriter::write_summary(const Summary& summary) {
  h5::File& f = impl_->file;
  f.create_group("/summary");
  f.set_attribute("/summary", "shown", join(summary.shown()));
  for (const auto& [name, s] : summary.scalars()) {
    const std::string p = "/summary/scalars/" + name;
    f.write(p, std::vector<double>{s.value});
    if (!s.unit.empty()) f.set_attribute(p, "unit", s.unit);
    if (!s.description.empty()) f.set_attribute(p, "description", s.description);
  }
  for (const SummaryTable& t : summary.tables()) {
    const std::string g = "/summary/tables/" + t.name();
    f.create_group(g);
    std::vector<std::string> columns;
    for (const Column& c : t.columns()) {
      if (c.size() != t.rows())
        throw std::logic_error("summary table '" + t.name() + "': column '" + c.name + "' has a different length");
      write_column(f, g + "/" + c.name, c);
      columns.push_back(c.name);
    }
    f.set_attribute(g, "columns", join(columns));
    if (!t.description().empty()) f.set_attribute(g, "description", t.description());
  }
  for (const auto& [name, a] : summary.arrays()) {
    const std::string p = "/summary/arrays/" + name;
    std::vector<double> data;
    for (Eigen::Index i = 0; i < a.values.rows(); ++i)
      for (Eigen::Index j = 0; j < a.values.cols(); ++j) data.push_back(a.values(i, j));
    f.write_matrix(p, data, a.values.rows(), a.values.cols() == 1 ? 0 : a.values.cols());
    if (!a.unit.empty()) f.set_attribute(p, "unit", a.unit);
    if (!a.description.empty()) f.set_attribute(p, "description", a.description);
  }
  f.write("/summary/notes", summary.notes());

}

namespace {
// One column of /claims at a time, so that a run of many groups holds one column's
// copy of its claims' text, not all of them (a family's statement repeats per group).
template <class T, class Get>
void write_claim_column(h5::File& f, const std::vector<Claim>& claims, const std::string& name, Get get) {
  std::vector<T> column;
  column.reserve(claims.size());
  for (const Claim& c : claims) column.push_back(get(c));
  f.write("/claims/" + name, column);
}
// A text column read from the claims in place (statements and notes repeat per group).
template <class Get>
void write_claim_text(h5::File& f, const std::vector<Claim>& claims, const std::string& name, Get get) {
  f.write_strings("/claims/" + name, claims.size(), [&](std::size_t i) -> const std::string& { return get(claims[i]); });
}
}  // namespace

// /claims: parallel columns, the declaration's and the decision's, then the family and
// evidence (claim.hpp, ClaimEvidence; absent from files written before claim families).
void ResultWriter::write_claims(const std::vector<Claim>& claims) {
  h5::File& f = impl_->file;
  using S = std::string;
  using I = std::int64_t;
  f.create_group("/claims");
  write_claim_text(f, claims, "id", [](const Claim& c) -> const std::string& { return c.id(); });
  write_claim_text(f, claims, "statement", [](const Claim& c) -> const std::string& { return c.spec().statement; });
  write_claim_text(f, claims, "source", [](const Claim& c) -> const std::string& { return c.spec().source; });
  write_claim_text(f, claims, "expected", [](const Claim& c) -> const std::string& { return c.expected(); });
  write_claim_text(f, claims, "tolerance", [](const Claim& c) -> const std::string& { return c.tolerance(); });
  write_claim_column<double>(f, claims, "measured", [](const Claim& c) { return c.measured(); });
  write_claim_column<S>(f, claims, "verdict", [](const Claim& c) { return S(to_string(c.verdict())); });
  write_claim_column<I>(f, claims, "expected_failure", [](const Claim& c) { return I(c.spec().expected_failure ? 1 : 0); });
  write_claim_text(f, claims, "note", [](const Claim& c) -> const std::string& { return c.notes(); });
  write_claim_text(f, claims, "family", [](const Claim& c) -> const std::string& { return c.evidence().family; });
  write_claim_text(f, claims, "group", [](const Claim& c) -> const std::string& { return c.evidence().group; });
  write_claim_column<I>(f, claims, "family_size", [](const Claim& c) { return I(c.evidence().family_size); });
  write_claim_column<I>(f, claims, "family_tested", [](const Claim& c) { return I(c.evidence().family_tested); });
  write_claim_text(f, claims, "procedure", [](const Claim& c) -> const std::string& { return c.evidence().procedure; });
  write_claim_column<double>(f, claims, "ci_lo", [](const Claim& c) { return c.evidence().ci_lo; });
  write_claim_column<double>(f, claims, "ci_hi", [](const Claim& c) { return c.evidence().ci_hi; });
  write_claim_column<double>(f, claims, "p_value", [](const Claim& c) { return c.evidence().p_value; });
  write_claim_column<double>(f, claims, "p_adjusted", [](const Claim& c) { return c.evidence().p_adjusted; });
  write_claim_column<double>(f, claims, "confidence", [](const Claim& c) { return c.evidence().confidence; });
}

void ResultWriter::write_figures(const std::vector<Figure>& figures) {
  if (figures.empty()) return;
  const auto problems = figure_problems(figures);
  if (!problems.empty()) throw std::logic_error(problems.front());
  h5::File& f = impl_->file;
  f.create_group("/figures");
  auto text = [&](const char* name, auto get) {
    std::vector<std::string> column;
    for (const Figure& fig : figures) column.push_back(get(fig));
    f.write(std::string("/figures/") + name, column);
  };
  auto flag = [&](const char* name, auto get) {
    std::vector<std::int64_t> column;
    for (const Figure& fig : figures) column.push_back(static_cast<std::int64_t>(get(fig)));
    f.write(std::string("/figures/") + name, column);
  };
  auto lines = [](const std::vector<std::string>& items) { return join(items, '\n'); };
  text("name", [](const Figure& g) { return g.name; });
  text("caption", [](const Figure& g) { return g.caption; });
  text("table", [](const Figure& g) { return g.source_table; });
  text("mode", [](const Figure& g) { return to_string(g.mode); });
  text("x", [](const Figure& g) { return g.x_column; });
  text("y", [&](const Figure& g) { return lines(g.y_columns); });
  text("by", [&](const Figure& g) { return lines(g.by_columns); });
  flag("by_declared", [](const Figure& g) { return g.by_declared; });
  text("where", [&](const Figure& g) {
    std::vector<std::string> w;
    for (const FigureFilter& x : g.filters) w.push_back(x.key + (x.exact ? "==" : "=") + x.value);
    return lines(w);
  });
  text("needs", [&](const Figure& g) { return lines(g.needed_columns); });
  flag("log_x", [](const Figure& g) { return g.log_x; });
  flag("log_y", [](const Figure& g) { return g.log_y; });
  flag("drop_nonpositive", [](const Figure& g) { return g.drop_nonpositive_points; });
  flag("fit", [](const Figure& g) { return g.power_law_fit; });
  flag("bins", [](const Figure& g) { return g.bins; });
  text("theory", [&](const Figure& g) {
    std::vector<std::string> t;
    for (const FigureTheory& x : g.theory_lines) t.push_back(x.expression);
    return lines(t);
  });
  text("theory_title", [&](const Figure& g) {
    std::vector<std::string> t;
    for (const FigureTheory& x : g.theory_lines) t.push_back(x.title);
    return lines(t);
  });
  text("interval", [&](const Figure& g) { return lines(g.interval_columns); });
  text("x_label", [](const Figure& g) { return g.x_label; });
  text("y_label", [](const Figure& g) { return g.y_label; });
}

void ResultWriter::finish(const Provenance& provenance, std::size_t failed_points) {
  h5::File& file = impl_->file;
  file.set_attribute("/", "finished_utc", provenance.finished_utc);
  file.set_attribute("/", "wall_seconds", provenance.wall_seconds);
  file.set_attribute("/", "failed_points", static_cast<std::int64_t>(failed_points));
  // Last: the status. A reader that finds no status knows the writer never finished.
  file.set_attribute("/", "status", provenance.status);
  file.flush();
  impl_->columns.reset();
  file.close_checked();  // a close that cannot write its last bytes is an error, not a file
}

void write_result_file(const std::string& path, const Provenance& provenance, const Sweep& sweep,
                       const RunOutcome& outcome, const std::vector<Figure>& figures) {
  ResultWriter writer(path, provenance, sweep);
  const MemoryRowStore rows(outcome.rows, sweep);
  writer.write_rows(rows);
  writer.write_summary(outcome.summary);
  writer.write_claims(outcome.summary.claims());
  writer.write_figures(figures);
  writer.finish(provenance, outcome.failed_points);
}

// ---- reader ---------------------------------------------------------------------
ResultFile::ResultFile(const std::string& path) : path_(path), file_(path, h5::File::Mode::ReadOnly) { check_header(); }

ResultFile::ResultFile(const std::string& name, const void* image, std::size_t size)
    : path_(name), file_(name, image, size) {
  check_header();
}

void ResultFile::check_header() {
  const std::string& path = path_;
  const bool has_schema = file_.has_attribute("/", "schema");
  schema_ = has_schema ? as_text(file_.attribute("/", "schema")) : "";
  if (schema_.rfind("theorylab/", 0) != 0)
    throw UsageError("'" + path + "' is an HDF5 file but not a theorylab result (no schema attribute \"theorylab/…\")");
  if (schema_ != kSchema && schema_ != kSchemaV1)
    throw UsageError("'" + path + "' has schema '" + schema_ + "'; this build reads " + kSchema + " and " + kSchemaV1);
  if (!file_.has_attribute("/", "status"))
    throw UsageError("'" + path + "' was never finished (no status attribute): the run was interrupted while writing");
  if (!file_.exists("/table") || !file_.exists("/claims"))
    throw UsageError("'" + path + "' is incomplete: /table or /claims is missing");
  try {
    rows_ = validate();
  } catch (const UsageError&) {
    throw;
  } catch (const std::exception& e) {
    throw UsageError("'" + path + "' is damaged: " + e.what());
  }
}

// The nine parallel columns of /claims: present, one-dimensional, of one length.
void ResultFile::validate_claims() const {
  std::size_t length = 0;
  bool first = true;
  for (const char* column : kClaimColumns) {
    const std::string p = std::string("/claims/") + column;
    if (!file_.exists(p) || file_.is_group(p)) throw UsageError("'" + path_ + "' is damaged: /claims has no column '" + column + "'");
    const auto shape = file_.shape(p);
    if (shape.size() != 1) throw UsageError("'" + path_ + "' is damaged: " + p + " is not one-dimensional");
    if (first) length = shape[0], first = false;
    if (shape[0] != length)
      throw UsageError("'" + path_ + "' is damaged: " + p + " has " + std::to_string(shape[0]) + " entries, /claims/id has " +
                       std::to_string(length));
  }
}

// Every shape a reader relies on, checked once: a file cut or edited by another tool
// is refused rather than read past its end.
std::size_t ResultFile::validate() const {
  auto damaged = [&](const std::string& what) { return UsageError("'" + path_ + "' is damaged: " + what); };
  const auto names = table_column_names();
  std::size_t rows = 0;
  bool first = true;
  for (const auto& name : names) {
    const std::string p = "/table/" + name;
    if (!file_.exists(p) || file_.is_group(p)) throw damaged("/table lists column '" + name + "' but has no such dataset");
    const auto shape = file_.shape(p);
    if (shape.size() != 1) throw damaged("column " + p + " is not one-dimensional");
    if (first) rows = shape[0], first = false;
    if (shape[0] != rows)
      throw damaged("column " + p + " has " + std::to_string(shape[0]) + " rows, /table/" + names.front() + " has " + std::to_string(rows));
  }
  if (file_.has_attribute("/", "rows")) {
    const auto declared = file_.attribute("/", "rows");
    const auto* n = std::get_if<std::int64_t>(&declared);
    if (!n || *n < 0 || (!names.empty() && static_cast<std::size_t>(*n) != rows))
      throw damaged("the file declares " + as_text(declared) + " rows but /table has " + std::to_string(rows));
    rows = static_cast<std::size_t>(*n);
  }
  validate_claims();
  if (schema_ != kSchema || !file_.exists("/series")) return rows;
  for (const auto& name : file_.children("/series")) {
    const std::string p = "/series/" + name;
    if (!file_.is_group(p)) {
      const auto shape = file_.shape(p);
      if (shape.empty() || shape[0] != rows)
        throw damaged("series " + p + " has " + std::to_string(shape.empty() ? 0 : shape[0]) + " rows, /table has " + std::to_string(rows));
      continue;
    }
    for (const char* part : {"/data", "/offsets", "/shape"})
      if (!file_.exists(p + part)) throw damaged("ragged series " + p + " has no " + std::string(part + 1));
    const auto offsets_shape = file_.shape(p + "/offsets"), shape_shape = file_.shape(p + "/shape");
    if (offsets_shape.size() != 1 || offsets_shape[0] != rows + 1)
      throw damaged(p + "/offsets must have " + std::to_string(rows + 1) + " entries");
    if (shape_shape.size() != 2 || shape_shape[0] != rows || shape_shape[1] != 2)
      throw damaged(p + "/shape must be " + std::to_string(rows) + " x 2");
    const auto offsets = file_.read_integers(p + "/offsets");
    const auto shapes = file_.read_integers(p + "/shape");
    const auto data_shape = file_.shape(p + "/data");
    if (data_shape.size() != 1) throw damaged(p + "/data is not one-dimensional");
    if (offsets.front() != 0 || static_cast<std::size_t>(offsets.back()) != data_shape[0])
      throw damaged(p + "/offsets do not span " + p + "/data");
    for (std::size_t i = 0; i < rows; ++i) {
        const std::int64_t n = shapes[2 * i], m = shapes[2 * i + 1];
      std::int64_t length = 0;
      if (__builtin_sub_overflow(offsets[i + 1], offsets[i], &length)) length = -1;
      const bool absent = n == -1 && m == 0 && length == 0;
      std::int64_t elements = 0;  // n * max(m, 1), refused where it would overflow
      if (!absent && (n < 0 || m < 0 || length < 0 || __builtin_mul_overflow(n, m ? m : 1, &elements) ||
                      elements != length))
        throw damaged("row " + std::to_string(i) + " of " + p + " has a shape that disagrees with its offsets");
    }
  }
  return rows;
}

std::string ResultFile::attribute(const std::string& name) const {
  return file_.has_attribute("/", name) ? as_text(file_.attribute("/", name)) : "";
}

std::map<std::string, std::string> ResultFile::attributes() const {
  std::map<std::string, std::string> out;
  for (const auto& n : file_.attribute_names("/")) out[n] = as_text(file_.attribute("/", n));
  return out;
}

std::map<std::string, std::string> ResultFile::params() const {
  std::map<std::string, std::string> out;
  if (!file_.exists("/params")) return out;
  for (const auto& n : file_.attribute_names("/params")) out[n] = as_text(file_.attribute("/params", n));
  return out;
}

std::vector<std::string> ResultFile::table_column_names() const {
  if (file_.has_attribute("/table", "columns")) return split(as_text(file_.attribute("/table", "columns")));
  return file_.children("/table");
}

std::vector<Column> ResultFile::table() const {
  std::vector<Column> columns;
  for (const auto& name : table_column_names()) columns.push_back(read_column(file_, "/table/" + name, name));
  return columns;
}

Column ResultFile::table_column(const std::string& name) const {
  const auto names = table_column_names();
  for (const auto& n : names)
    if (n == name) return read_column(file_, "/table/" + name, name);
  throw UsageError("no column '" + name + "' in /table of '" + path_ + "'; columns: " + join(names, ' '));
}

std::vector<std::string> ResultFile::series_names(std::size_t row) const {
  if (row >= rows_) throw UsageError("row " + std::to_string(row) + " is past the " + std::to_string(rows_) + " rows of '" + path_ + "'");
  if (schema_ == kSchemaV1) {
    const std::string g = "/series/" + series_row_name(row);
    if (!file_.exists(g)) return {};
    return file_.children(g);
  }
  std::vector<std::string> names;
  if (!file_.exists("/series")) return names;
  for (const auto& name : file_.children("/series")) {
    const std::string p = "/series/" + name;
    if (!file_.is_group(p) || file_.read_integers(p + "/shape", row, 1)[0] >= 0) names.push_back(name);
  }
  return names;
}

Series ResultFile::series(std::size_t row, const std::string& name) const {
  auto missing = [&] { return UsageError("no series '" + name + "' for row " + std::to_string(row) + " in '" + path_ + "'"); };
  if (row >= rows_)
    throw UsageError("row " + std::to_string(row) + " is past the " + std::to_string(rows_) + " rows of '" + path_ + "'");
  if (name.empty() || name.find('/') != std::string::npos) throw missing();
  Series s;
  std::string p;
  if (schema_ == kSchemaV1) {
    p = "/series/" + series_row_name(row) + "/" + name;
    if (!file_.exists(p)) throw missing();
    s.data = file_.read_doubles(p);
    const auto shape = file_.shape(p);
    s.rows = shape.empty() ? 0 : shape[0];
    s.cols = shape.size() > 1 ? shape[1] : 0;
  } else {
    p = "/series/" + name;
    if (!file_.exists(p)) throw missing();
    if (file_.is_group(p)) {
      const auto shape = file_.read_integers(p + "/shape", row, 1);
      if (shape[0] < 0) throw missing();
      const auto offsets = file_.read_integers(p + "/offsets", row, 2);
      s.data = file_.read_doubles(p + "/data", static_cast<std::size_t>(offsets[0]),
                                  static_cast<std::size_t>(offsets[1] - offsets[0]));
      s.rows = static_cast<std::size_t>(shape[0]);
      s.cols = static_cast<std::size_t>(shape[1]);
    } else {
      const auto shape = file_.shape(p);
      s.data = file_.read_doubles(p, row, 1);
      s.rows = shape.size() > 1 ? shape[1] : 1;
      s.cols = shape.size() > 2 ? shape[2] : 0;
    }
    if (file_.has_attribute(p, "columns")) s.column_names = split(as_text(file_.attribute(p, "columns")));
  }
  if (file_.has_attribute(p, "unit")) s.unit = as_text(file_.attribute(p, "unit"));
  return s;
}

std::vector<SummaryTable> ResultFile::summary_tables() const {
  std::vector<SummaryTable> tables;
  if (!file_.exists("/summary/tables")) return tables;
  for (const auto& name : file_.children("/summary/tables")) {
    const std::string g = "/summary/tables/" + name;
    SummaryTable t(name, file_.has_attribute(g, "description") ? as_text(file_.attribute(g, "description")) : "");
    const auto columns = file_.has_attribute(g, "columns") ? split(as_text(file_.attribute(g, "columns"))) : file_.children(g);
    for (const auto& c : columns) {
      // The tools index every column by the first one's rows: one length, or refused.
      if (!file_.exists(g + "/" + c) || file_.is_group(g + "/" + c) || file_.shape(g + "/" + c).size() != 1)
        throw UsageError("'" + path_ + "' is damaged: " + g + " lists column '" + c + "' but has no such 1-D dataset");
      Column col = read_column(file_, g + "/" + c, c);
      if (!t.columns().empty() && col.size() != t.rows())
        throw UsageError("'" + path_ + "' is damaged: " + g + "/" + c + " has " + std::to_string(col.size()) +
                         " rows, " + t.columns().front().name + " has " + std::to_string(t.rows()));
      std::visit([&](auto& v) { t.column(c, std::move(v), col.unit); }, col.data);
    }
    tables.push_back(std::move(t));
  }
  return tables;
}

std::map<std::string, SummaryScalar> ResultFile::summary_scalars() const {
  std::map<std::string, SummaryScalar> out;
  if (!file_.exists("/summary/scalars")) return out;
  for (const auto& name : file_.children("/summary/scalars")) {
    const std::string p = "/summary/scalars/" + name;
    const auto values = file_.read_doubles(p);
    if (values.size() != 1) throw UsageError("'" + path_ + "' is damaged: " + p + " holds " + std::to_string(values.size()) + " values, not one");
    SummaryScalar s{values.front(), "", ""};
    if (file_.has_attribute(p, "unit")) s.unit = as_text(file_.attribute(p, "unit"));
    if (file_.has_attribute(p, "description")) s.description = as_text(file_.attribute(p, "description"));
    out[name] = s;
  }
  return out;
}

std::vector<std::string> ResultFile::summary_notes() const {
  if (!file_.exists("/summary/notes")) return {};
  return file_.read_strings("/summary/notes");
}

std::vector<Figure> ResultFile::figures() const {
  std::vector<Figure> out;
  if (!file_.exists("/figures")) return out;
  const std::string g = "/figures";
  auto damaged = [&](const std::string& what) { return UsageError("'" + path_ + "' is damaged: /figures " + what); };
  if (!file_.is_group(g) || !file_.exists(g + "/name") || file_.is_group(g + "/name")) throw damaged("has no column 'name'");
  const auto names = file_.read_strings(g + "/name");
  // A column a later version adds is absent from older files: its default.
  auto column = [&](const char* c) -> std::vector<std::string> {
    const std::string p = g + "/" + c;
    if (!file_.exists(p)) return std::vector<std::string>(names.size());
    if (file_.is_group(p) || file_.type(p) != "string") throw damaged("column '" + std::string(c) + "' is not text");
    auto v = file_.read_strings(p);
    if (v.size() != names.size()) throw damaged("column '" + std::string(c) + "' is not " + std::to_string(names.size()) + " long");
    return v;
  };
  auto integers = [&](const char* c, std::int64_t fallback) -> std::vector<std::int64_t> {
    const std::string p = g + "/" + c;
    if (!file_.exists(p)) return std::vector<std::int64_t>(names.size(), fallback);
    if (file_.is_group(p) || file_.type(p) != "int64") throw damaged("column '" + std::string(c) + "' is not integer");
    auto v = file_.read_integers(p);
    if (v.size() != names.size()) throw damaged("column '" + std::string(c) + "' is not " + std::to_string(names.size()) + " long");
    return v;
  };
  const auto caption = column("caption"), table = column("table"), mode = column("mode"), x = column("x"), y = column("y");
  const auto by = column("by"), where = column("where"), needs = column("needs"), theory = column("theory");
  const auto theory_title = column("theory_title"), interval = column("interval"), x_label = column("x_label");
  const auto y_label = column("y_label");
  const auto by_declared = integers("by_declared", 0), log_x = integers("log_x", 0), log_y = integers("log_y", 0);
  const auto drop = integers("drop_nonpositive", 0), fit = integers("fit", 0), bins = integers("bins", 30);
  for (std::size_t i = 0; i < names.size(); ++i) {
    Figure f(names[i], caption[i]);
    f.source_table = table[i];
    try {
      f.mode = mode[i].empty() ? FigureMode::Table : figure_mode_from_string(mode[i]);
    } catch (const std::invalid_argument& e) {
      throw damaged(e.what());
    }
    f.x_column = x[i];
    f.y_columns = split(y[i], '\n'), f.by_columns = split(by[i], '\n'), f.needed_columns = split(needs[i], '\n');
    f.interval_columns = split(interval[i], '\n');
    f.by_declared = by_declared[i] != 0;
    for (const std::string& w : split(where[i], '\n')) {
      const auto eq = w.find('=');
      if (eq == std::string::npos || eq == 0) throw damaged("filter '" + w + "' is not key=value");
      const bool exact = eq + 1 < w.size() && w[eq + 1] == '=';
      f.filters.push_back({w.substr(0, eq), w.substr(eq + (exact ? 2 : 1)), exact});
    }
    const auto expressions = split(theory[i], '\n'), titles = split(theory_title[i], '\n');
    for (std::size_t t = 0; t < expressions.size(); ++t) f.theory_lines.push_back({expressions[t], t < titles.size() ? titles[t] : ""});
    f.log_x = log_x[i] != 0, f.log_y = log_y[i] != 0, f.drop_nonpositive_points = drop[i] != 0, f.power_law_fit = fit[i] != 0;
    f.bins = static_cast<int>(std::max<std::int64_t>(1, std::min<std::int64_t>(10000, bins[i])));
    f.x_label = x_label[i], f.y_label = y_label[i];
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<Claim> ResultFile::claims() const {
  const auto id = file_.read_strings("/claims/id");
  const auto statement = file_.read_strings("/claims/statement");
  const auto source = file_.read_strings("/claims/source");
  const auto expected = file_.read_strings("/claims/expected");
  const auto tolerance = file_.read_strings("/claims/tolerance");
  const auto measured = file_.read_doubles("/claims/measured");
  const auto verdict = file_.read_strings("/claims/verdict");
  const auto expected_failure = file_.read_integers("/claims/expected_failure");
  const auto note = file_.read_strings("/claims/note");
  // Family and evidence columns: present in files written since claim families.
  const bool has_evidence = file_.exists("/claims/family");
  auto strings = [&](const char* c) { return has_evidence ? file_.read_strings(std::string("/claims/") + c) : std::vector<std::string>(id.size()); };
  auto reals = [&](const char* c) {
    return has_evidence ? file_.read_doubles(std::string("/claims/") + c) : std::vector<double>(id.size(), std::nan(""));
  };
  auto integers = [&](const char* c) {
    return has_evidence ? file_.read_integers(std::string("/claims/") + c) : std::vector<std::int64_t>(id.size(), 1);
  };
  const auto family = strings("family"), group = strings("group"), procedure = strings("procedure");
  const auto ci_lo = reals("ci_lo"), ci_hi = reals("ci_hi"), p_value = reals("p_value"), p_adjusted = reals("p_adjusted");
  const auto confidence = reals("confidence");
  const auto family_size = integers("family_size"), family_tested = integers("family_tested");
  for (const auto* column : {&family, &group, &procedure})
    if (column->size() != id.size()) throw UsageError("'" + path_ + "' is damaged: /claims' family columns are not " + std::to_string(id.size()) + " long");
  for (const auto* column : {&ci_lo, &ci_hi, &p_value, &p_adjusted, &confidence})
    if (column->size() != id.size()) throw UsageError("'" + path_ + "' is damaged: /claims' evidence columns are not " + std::to_string(id.size()) + " long");
  for (const auto* column : {&family_size, &family_tested})
    if (column->size() != id.size()) throw UsageError("'" + path_ + "' is damaged: /claims' family sizes are not " + std::to_string(id.size()) + " long");
  std::vector<Claim> claims;
  for (std::size_t i = 0; i < id.size(); ++i) {
    Verdict v = Verdict::Pending;
    for (Verdict candidate : {Verdict::Pass, Verdict::Fail, Verdict::Inconclusive, Verdict::NotApplicable, Verdict::Pending})
      if (verdict.at(i) == to_string(candidate)) v = candidate;
    ClaimSpec spec{id[i], statement.at(i), source.at(i), expected_failure.at(i) != 0};
    ClaimEvidence evidence;
    if (has_evidence) {
      evidence = {ci_lo[i], ci_hi[i], p_value[i], p_adjusted[i], family[i], group[i], family_size[i], family_tested[i], procedure[i],
                  confidence[i]};
    } else {
      evidence.family = id[i].substr(0, id[i].find('['));
    }
    claims.push_back(Claim::restore(spec, expected.at(i), tolerance.at(i), measured.at(i), v, note.at(i), evidence));
  }
  return claims;
}

// ---- rows of a finished file ------------------------------------------------------
ResultFileRowStore::ResultFileRowStore(const ResultFile& file, const SweepPoints& points)
    : file_(file), points_(points), columns_(file.table()) {
  if (points.size() != file.table_rows())
    throw UsageError("'" + file.path() + "' holds " + std::to_string(file.table_rows()) + " rows, its sweep rebuilt here has " +
                     std::to_string(points.size()));
  const auto seed = std::find_if(columns_.begin(), columns_.end(), [](const Column& c) { return c.name == "seed"; });
  if (seed == columns_.end()) throw UsageError("'" + file.path() + "' has no /table column 'seed': not a theorylab result table");
  first_scalar_ = static_cast<std::size_t>(seed - columns_.begin()) + 1;
}

std::vector<std::string> ResultFileRowStore::column_names() const {
  std::vector<std::string> names;
  for (const Column& c : columns_) names.push_back(c.name);
  return names;
}

Column ResultFileRowStore::column(const std::string& name) const {
  for (const Column& c : columns_)
    if (c.name == name) return c;
  throw UsageError("no column '" + name + "' in /table of '" + file_.path() + "'; columns: " + join(column_names(), ' '));
}

Row ResultFileRowStore::row(std::size_t i) const {
  if (i >= size()) throw std::out_of_range("row " + std::to_string(i) + " of " + std::to_string(size()));
  throw_if_cancelled();  // a reduction reading rows stops within a row of Ctrl-C
  Row row;
  row.set_point(points_.point(i));
  for (std::size_t k = first_scalar_; k < columns_.size(); ++k) {
    const Column& c = columns_[k];
    if (const auto* text = std::get_if<std::vector<std::string>>(&c.data)) {
      if (!text->at(i).empty()) row.set(c.name, text->at(i), c.unit);  // "": the row set no text
      continue;
    }
    std::visit([&](const auto& values) { row.set(c.name, values.at(i), c.unit); }, c.data);
  }
  for (const std::string& name : file_.series_names(i)) row.series(name, file_.series(i, name));
  return row;
}

}  // namespace tl
