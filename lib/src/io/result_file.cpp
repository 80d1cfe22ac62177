#include "theorylab/io/result_file.hpp"

#include <cmath>
#include <cstdio>
#include <limits>
#include <set>
#include <sstream>

#include "theorylab/core/error.hpp"

namespace tl {

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

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

// One /table column built from the points' values.
Column parameter_column(const std::string& name, const std::vector<Row>& rows) {
  Column c{name, std::vector<double>{}, ""};
  if (rows.empty()) return c;
  const Value& first = rows.front().point().value(name);
  if (std::holds_alternative<std::string>(first)) {
    std::vector<std::string> v;
    for (const Row& r : rows) v.push_back(r.point().text(name));
    c.data = v;
  } else if (std::holds_alternative<double>(first)) {
    std::vector<double> v;
    for (const Row& r : rows) v.push_back(r.point().real(name));
    c.data = v;
  } else if (std::holds_alternative<RealList>(first)) {  // lists differ between blocks
    std::vector<std::string> v;
    for (const Row& r : rows) v.push_back(to_string(r.point().value(name)));
    c.data = v;
  } else if (std::holds_alternative<bool>(first)) {
    std::vector<std::int64_t> v;
    for (const Row& r : rows) v.push_back(r.point().flag(name) ? 1 : 0);
    c.data = v;
  } else {
    std::vector<std::int64_t> v;
    for (const Row& r : rows) v.push_back(r.point().integer(name));
    c.data = v;
  }
  return c;
}

void write_column(h5::File& file, const std::string& path, const Column& c) {
  // A '/' would make HDF5 nest a group where a column was meant.
  if (c.name.empty() || c.name.find('/') != std::string::npos)
    throw std::logic_error("column name '" + c.name + "' is empty or contains '/'");
  std::visit([&](const auto& v) { file.write(path, v); }, c.data);
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

}  // namespace

std::string series_row_name(std::size_t row) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%06zu", row);
  return buffer;
}

std::vector<Column> table_columns(const std::vector<Row>& rows, const Sweep& sweep) {
  std::vector<Column> columns;
  for (const std::string& key : sweep.swept_keys()) {
    Column c = parameter_column(key, rows);
    c.unit = sweep.spec(key).unit();
    columns.push_back(std::move(c));
  }
  std::vector<std::int64_t> replicate, seed;
  for (const Row& r : rows) {
    replicate.push_back(r.point().replicate());
    seed.push_back(static_cast<std::int64_t>(r.point().seed()));
  }
  columns.push_back({"replicate", replicate, ""});
  columns.push_back({"seed", seed, ""});

  // Result scalars: the union over rows, in first-seen order.
  std::vector<std::string> names;
  std::set<std::string> seen;
  for (const Row& r : rows)
    for (const auto& n : r.scalar_names())
      if (seen.insert(n).second) names.push_back(n);
  for (const std::string& name : names) {
    bool any_text = false, any_real = false, any_missing = false;
    std::string unit;
    for (const Row& r : rows) {
      if (!r.has(name)) {
        any_missing = true;
        continue;
      }
      const Scalar& v = r.scalar(name);
      any_text = any_text || std::holds_alternative<std::string>(v);
      any_real = any_real || std::holds_alternative<double>(v);
      if (unit.empty()) unit = r.unit(name);
    }
    Column c{name, std::vector<double>{}, unit};
    if (any_text) {
      std::vector<std::string> v;
      for (const Row& r : rows) {
        if (!r.has(name)) v.emplace_back("");
        else if (const auto* s = std::get_if<std::string>(&r.scalar(name))) v.push_back(*s);
        else v.push_back(format_number(r.real(name)));
      }
      c.data = v;
    } else if (any_real || any_missing) {
      std::vector<double> v;
      for (const Row& r : rows) v.push_back(r.has(name) ? r.real(name) : kNaN);
      c.data = v;
    } else {
      std::vector<std::int64_t> v;
      for (const Row& r : rows) v.push_back(r.integer(name));
      c.data = v;
    }
    columns.push_back(std::move(c));
  }
  return columns;
}

void write_result_file(const std::string& path, const Provenance& provenance, const Sweep& sweep,
                       const RunOutcome& outcome) {
  h5::File file(path, h5::File::Mode::Create);
  file.set_attribute("/", "schema", std::string(kSchema));
  for (const auto& [name, value] : provenance_attributes(provenance))
    if (name != "status") file.set_attribute("/", name, value);
  file.set_attribute("/", "wall_seconds", provenance.wall_seconds);
  file.set_attribute("/", "rows", static_cast<std::int64_t>(outcome.rows.size()));
  file.set_attribute("/", "failed_points", static_cast<std::int64_t>(outcome.failed_points));

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

  // /table
  file.create_group("/table");
  std::vector<std::string> order;
  for (const Column& c : table_columns(outcome.rows, sweep)) {
    write_column(file, "/table/" + c.name, c);
    order.push_back(c.name);
  }
  file.set_attribute("/table", "columns", join(order));

  // /series
  file.create_group("/series");
  for (std::size_t i = 0; i < outcome.rows.size(); ++i) {
    const Row& r = outcome.rows[i];
    for (const std::string& name : r.series_names()) {
      const Series& s = r.series_of(name);
      const std::string p = "/series/" + series_row_name(i) + "/" + name;
      file.write_matrix(p, s.data, s.rows, s.cols);
      if (!s.unit.empty()) file.set_attribute(p, "unit", s.unit);
    }
  }

  // /summary
  const Summary& summary = outcome.summary;
  file.create_group("/summary");
  file.set_attribute("/summary", "shown", join(summary.shown()));
  for (const auto& [name, s] : summary.scalars()) {
    const std::string p = "/summary/scalars/" + name;
    file.write(p, std::vector<double>{s.value});
    if (!s.unit.empty()) file.set_attribute(p, "unit", s.unit);
    if (!s.description.empty()) file.set_attribute(p, "description", s.description);
  }
  for (const SummaryTable& t : summary.tables()) {
    const std::string g = "/summary/tables/" + t.name();
    file.create_group(g);
    std::vector<std::string> columns;
    for (const Column& c : t.columns()) {
      if (c.size() != t.rows())
        throw std::logic_error("summary table '" + t.name() + "': column '" + c.name + "' has a different length");
      write_column(file, g + "/" + c.name, c);
      columns.push_back(c.name);
    }
    file.set_attribute(g, "columns", join(columns));
    if (!t.description().empty()) file.set_attribute(g, "description", t.description());
  }
  for (const auto& [name, a] : summary.arrays()) {
    const std::string p = "/summary/arrays/" + name;
    std::vector<double> data;
    for (Eigen::Index i = 0; i < a.values.rows(); ++i)
      for (Eigen::Index j = 0; j < a.values.cols(); ++j) data.push_back(a.values(i, j));
    file.write_matrix(p, data, a.values.rows(), a.values.cols() == 1 ? 0 : a.values.cols());
    if (!a.unit.empty()) file.set_attribute(p, "unit", a.unit);
    if (!a.description.empty()) file.set_attribute(p, "description", a.description);
  }
  file.write("/summary/notes", summary.notes());

  // /claims: parallel columns
  std::vector<std::string> id, statement, source, expected, tolerance, verdict, note;
  std::vector<double> measured;
  std::vector<std::int64_t> expected_failure;
  for (const Claim& c : summary.claims()) {
    id.push_back(c.id());
    statement.push_back(c.spec().statement);
    source.push_back(c.spec().source);
    expected.push_back(c.expected());
    tolerance.push_back(c.tolerance());
    measured.push_back(c.measured());
    verdict.push_back(to_string(c.verdict()));
    expected_failure.push_back(c.spec().expected_failure ? 1 : 0);
    note.push_back(c.notes());
  }
  file.create_group("/claims");
  file.write("/claims/id", id);
  file.write("/claims/statement", statement);
  file.write("/claims/source", source);
  file.write("/claims/expected", expected);
  file.write("/claims/tolerance", tolerance);
  file.write("/claims/measured", measured);
  file.write("/claims/verdict", verdict);
  file.write("/claims/expected_failure", expected_failure);
  file.write("/claims/note", note);

  // Last: the status. A reader that finds no status knows the writer never finished.
  file.set_attribute("/", "status", provenance.status);
  file.flush();
}

ResultFile::ResultFile(const std::string& path) : path_(path), file_(path, h5::File::Mode::ReadOnly) {
  const bool has_schema = file_.has_attribute("/", "schema");
  const std::string schema = has_schema ? as_text(file_.attribute("/", "schema")) : "";
  if (schema.rfind("theorylab/", 0) != 0)
    throw UsageError("'" + path + "' is an HDF5 file but not a theorylab result (no schema attribute \"theorylab/…\")");
  if (schema != kSchema)
    throw UsageError("'" + path + "' has schema '" + schema + "'; this build reads " + kSchema);
  if (!file_.has_attribute("/", "status"))
    throw UsageError("'" + path + "' was never finished (no status attribute): the run was interrupted while writing");
  if (!file_.exists("/table") || !file_.exists("/claims"))
    throw UsageError("'" + path + "' is incomplete: /table or /claims is missing");
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

std::size_t ResultFile::table_rows() const {
  const auto names = table_column_names();
  if (names.empty()) return 0;
  return file_.shape("/table/" + names.front()).at(0);
}

std::vector<std::string> ResultFile::series_names(std::size_t row) const {
  const std::string g = "/series/" + series_row_name(row);
  if (!file_.exists(g)) return {};
  return file_.children(g);
}

Series ResultFile::series(std::size_t row, const std::string& name) const {
  const std::string p = "/series/" + series_row_name(row) + "/" + name;
  if (!file_.exists(p)) throw UsageError("no series '" + name + "' for row " + std::to_string(row) + " in '" + path_ + "'");
  Series s;
  s.data = file_.read_doubles(p);
  const auto shape = file_.shape(p);
  s.rows = shape.empty() ? 0 : shape[0];
  s.cols = shape.size() > 1 ? shape[1] : 0;
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
      Column col = read_column(file_, g + "/" + c, c);
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
    SummaryScalar s{file_.read_doubles(p).at(0), "", ""};
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
  std::vector<Claim> claims;
  for (std::size_t i = 0; i < id.size(); ++i) {
    Verdict v = Verdict::Pending;
    for (Verdict candidate : {Verdict::Pass, Verdict::Fail, Verdict::Inconclusive, Verdict::NotApplicable, Verdict::Pending})
      if (verdict.at(i) == to_string(candidate)) v = candidate;
    ClaimSpec spec{id[i], statement.at(i), source.at(i), expected_failure.at(i) != 0};
    claims.push_back(Claim::restore(spec, expected.at(i), tolerance.at(i), measured.at(i), v, note.at(i)));
  }
  return claims;
}

}  // namespace tl
