#include "theorylab/core/summary.hpp"

#include <stdexcept>

namespace tl {

std::size_t Column::size() const {
  return std::visit([](const auto& v) { return v.size(); }, data);
}

SummaryTable& SummaryTable::column(const std::string& name, std::vector<double> values, std::string unit) {
  columns_.push_back({name, std::move(values), std::move(unit)});
  return *this;
}
SummaryTable& SummaryTable::column(const std::string& name, std::vector<std::int64_t> values, std::string unit) {
  columns_.push_back({name, std::move(values), std::move(unit)});
  return *this;
}
SummaryTable& SummaryTable::column(const std::string& name, std::vector<std::string> values, std::string unit) {
  columns_.push_back({name, std::move(values), std::move(unit)});
  return *this;
}

const Column& SummaryTable::column_named(const std::string& name) const {
  for (const auto& c : columns_)
    if (c.name == name) return c;
  throw std::logic_error("summary table '" + name_ + "' has no column '" + name + "'");
}

void Summary::scalar(const std::string& name, double value, std::string unit, std::string description) {
  scalars_[name] = {value, std::move(unit), std::move(description)};
}

SummaryTable& Summary::table(const std::string& name, std::string description) {
  for (auto& t : tables_)
    if (t.name() == name) return t;
  tables_.emplace_back(name, std::move(description));
  return tables_.back();
}

const SummaryTable* Summary::find_table(const std::string& name) const {
  for (const auto& t : tables_)
    if (t.name() == name) return &t;
  return nullptr;
}

void Summary::array(const std::string& name, Eigen::MatrixXd values, std::string unit, std::string description) {
  arrays_[name] = {std::move(values), std::move(unit), std::move(description)};
}

void Summary::note(std::string text) { notes_.push_back(std::move(text)); }

void Summary::show(const std::string& table_name) { shown_.push_back(table_name); }

void Summary::declare(const ClaimSpec& spec) { declare(Claim(spec)); }

void Summary::declare(const Claim& blank) {
  for (const auto& c : claims_)
    if (c.id() == blank.id()) throw std::logic_error("claim '" + blank.id() + "' declared twice");
  claims_.push_back(blank);
}

Claim& Summary::claim(const std::string& id) {
  for (auto& c : claims_)
    if (c.id() == id) return c;
  throw std::logic_error("claim '" + id + "' was not declared in the experiment's info()");
}

}  // namespace tl
