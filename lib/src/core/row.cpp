#include "theorylab/core/row.hpp"

#include <cmath>

#include <stdexcept>

namespace tl {

Row& Row::put(const std::string& name, Scalar value, std::string unit) {
  if (!scalars_.count(name)) scalar_order_.push_back(name);
  scalars_[name] = std::move(value);
  units_[name] = std::move(unit);
  return *this;
}

Row& Row::series(const std::string& name, std::vector<double> values, std::string unit) {
  if (!series_.count(name)) series_order_.push_back(name);
  Series s;
  s.rows = values.size();
  s.data = std::move(values);
  s.unit = std::move(unit);
  series_[name] = std::move(s);
  return *this;
}

Row& Row::series(const std::string& name, const Eigen::MatrixXd& matrix, std::string unit) {
  if (!series_.count(name)) series_order_.push_back(name);
  Series s;
  s.rows = static_cast<std::size_t>(matrix.rows());
  s.cols = static_cast<std::size_t>(matrix.cols());
  s.data.resize(s.rows * s.cols);
  for (std::size_t i = 0; i < s.rows; ++i)
    for (std::size_t j = 0; j < s.cols; ++j) s.data[i * s.cols + j] = matrix(i, j);
  s.unit = std::move(unit);
  series_[name] = std::move(s);
  return *this;
}

Row& Row::series(const std::string& name, const Eigen::MatrixXd& matrix, std::string unit,
                 std::vector<std::string> column_names) {
  if (!column_names.empty() && column_names.size() != static_cast<std::size_t>(matrix.cols()))
    throw std::logic_error("series '" + name + "': " + std::to_string(column_names.size()) + " column names for " +
                           std::to_string(matrix.cols()) + " columns");
  series(name, matrix, std::move(unit));
  series_[name].column_names = std::move(column_names);
  return *this;
}

Row& Row::series(const std::string& name, Series s) {
  if (s.data.size() != s.rows * (s.cols ? s.cols : 1))
    throw std::logic_error("series '" + name + "': " + std::to_string(s.data.size()) + " values for its shape");
  if (!series_.count(name)) series_order_.push_back(name);
  series_[name] = std::move(s);
  return *this;
}

const Scalar& Row::scalar(const std::string& name) const {
  const auto it = scalars_.find(name);
  if (it == scalars_.end()) throw std::logic_error("row has no value '" + name + "'");
  return it->second;
}

const std::string& Row::unit(const std::string& name) const {
  scalar(name);
  return units_.at(name);
}

double Row::real(const std::string& name) const {
  const Scalar& v = scalar(name);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  throw std::logic_error("row value '" + name + "' is text");
}

std::int64_t Row::integer(const std::string& name) const {
  const Scalar& v = scalar(name);
  if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
  // A real holding an exact integer: a stored column of integers with gaps (NaN) reads
  // back as reals (ResultFileRowStore).
  if (const auto* d = std::get_if<double>(&v))
    if (std::isfinite(*d) && std::fabs(*d) < 9.007199254740992e15 && std::floor(*d) == *d) return static_cast<std::int64_t>(*d);
  throw std::logic_error("row value '" + name + "' is not an integer");
}

const std::string& Row::text(const std::string& name) const {
  const Scalar& v = scalar(name);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  throw std::logic_error("row value '" + name + "' is not text");
}

const Series& Row::series_of(const std::string& name) const {
  const auto it = series_.find(name);
  if (it == series_.end()) throw std::logic_error("row has no series '" + name + "'");
  return it->second;
}

}  // namespace tl
