#pragma once
// The reduction's outputs: scalars, named tables, arrays, notes and the claims.
// Written under /summary and /claims of the result file.
//
//   auto& t = summary.table("hd_table", "h_d of kexue.fm 7695 against 0F1");
//   t.column("d", ds).column("h_d", hs, "nats").column("source", source_values);
//   summary.scalar("c_normal", c, "1", "fitted c in alpha* = c sqrt(log n)");
//   summary.show("hd_table");    // printed after the run
#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include <Eigen/Core>

#include "theorylab/core/claim.hpp"

namespace tl {

using ColumnData = std::variant<std::vector<double>, std::vector<std::int64_t>, std::vector<std::string>>;

struct Column {
  std::string name;
  ColumnData data;
  std::string unit;
  std::size_t size() const;
};

class SummaryTable {
 public:
  SummaryTable() = default;
  SummaryTable(std::string name, std::string description)
      : name_(std::move(name)), description_(std::move(description)) {}
  // All columns of one table have the same length (checked when written).
  SummaryTable& column(const std::string& name, std::vector<double> values, std::string unit = "");
  SummaryTable& column(const std::string& name, std::vector<std::int64_t> values, std::string unit = "");
  SummaryTable& column(const std::string& name, std::vector<std::string> values, std::string unit = "");

  const std::string& name() const { return name_; }
  const std::string& description() const { return description_; }
  const std::vector<Column>& columns() const { return columns_; }
  const Column& column_named(const std::string& name) const;  // throws if absent
  std::size_t rows() const { return columns_.empty() ? 0 : columns_.front().size(); }

 private:
  std::string name_, description_;
  std::vector<Column> columns_;
};

struct SummaryScalar {
  double value;
  std::string unit, description;
};

struct SummaryArray {
  Eigen::MatrixXd values;  // a vector is a one-column matrix
  std::string unit, description;
};

class Summary {
 public:
  void scalar(const std::string& name, double value, std::string unit = "", std::string description = "");
  SummaryTable& table(const std::string& name, std::string description = "");
  void array(const std::string& name, Eigen::MatrixXd values, std::string unit = "", std::string description = "");
  void note(std::string text);
  void show(const std::string& table_name);  // print this table after the run

  // The claim declared with this id (throws std::logic_error for an undeclared id).
  Claim& claim(const std::string& id);

  // Filled by the runner from the experiment's declared claims before reduce.
  void declare(const ClaimSpec& spec);
  // The same from an undecided claim, sharing its declaration (a group's claims).
  void declare(const Claim& blank);

  const std::map<std::string, SummaryScalar>& scalars() const { return scalars_; }
  const std::vector<SummaryTable>& tables() const { return tables_; }
  const SummaryTable* find_table(const std::string& name) const;
  const std::map<std::string, SummaryArray>& arrays() const { return arrays_; }
  const std::vector<std::string>& notes() const { return notes_; }
  const std::vector<std::string>& shown() const { return shown_; }
  const std::vector<Claim>& claims() const { return claims_; }
  std::vector<Claim>& claims() { return claims_; }

 private:
  std::map<std::string, SummaryScalar> scalars_;
  std::vector<SummaryTable> tables_;
  std::map<std::string, SummaryArray> arrays_;
  std::vector<std::string> notes_, shown_;
  std::vector<Claim> claims_;
};

}  // namespace tl
