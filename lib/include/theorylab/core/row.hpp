#pragma once
// What one sweep point produces: named scalars (numbers, integers, short strings) and
// named series (1-D or 2-D arrays, e.g. a loss curve). The runner adds the point's
// swept parameters, replicate and seed as columns of /table.
//
//   row.set("k50", k).set("distortion", d, "1").series("loss", curve, "bits");
#include <cstdint>
#include <map>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include <Eigen/Core>

#include "theorylab/core/point.hpp"

namespace tl {

using Scalar = std::variant<std::int64_t, double, std::string>;

struct Series {
  std::vector<double> data;  // row-major
  std::size_t rows = 0;      // 1-D: rows = data.size(), cols = 0
  std::size_t cols = 0;
  std::string unit;
  std::vector<std::string> column_names;  // 2-D: one per column, or empty
  bool is_matrix() const { return cols > 0; }
};

class Row {
 public:
  Row() = default;
  explicit Row(Point point) : point_(std::move(point)) {}

  template <class T>
  Row& set(const std::string& name, T value, std::string unit = "") {
    if constexpr (std::is_same_v<T, bool> || std::is_integral_v<T>)
      return put(name, Scalar(static_cast<std::int64_t>(value)), std::move(unit));
    else if constexpr (std::is_floating_point_v<T>)
      return put(name, Scalar(static_cast<double>(value)), std::move(unit));
    else
      return put(name, Scalar(std::string(value)), std::move(unit));
  }
  Row& series(const std::string& name, std::vector<double> values, std::string unit = "");
  Row& series(const std::string& name, const Eigen::MatrixXd& matrix, std::string unit = "");
  // A 2-D series whose columns have names (stored as the dataset's "columns" attribute).
  Row& series(const std::string& name, const Eigen::MatrixXd& matrix, std::string unit,
              std::vector<std::string> column_names);
  Row& series(const std::string& name, Series series);  // as stored (readers)

  bool has(const std::string& name) const { return scalars_.count(name) > 0; }
  double real(const std::string& name) const;  // integers convert
  std::int64_t integer(const std::string& name) const;  // a real holding an exact integer converts
  const std::string& text(const std::string& name) const;
  const Series& series_of(const std::string& name) const;
  bool has_series(const std::string& name) const { return series_.count(name) > 0; }

  const Point& point() const { return point_; }
  void set_point(Point point) { point_ = std::move(point); }
  // Scalars and series in insertion order (the order columns appear in the file).
  const std::vector<std::string>& scalar_names() const { return scalar_order_; }
  const std::vector<std::string>& series_names() const { return series_order_; }
  const Scalar& scalar(const std::string& name) const;
  const std::string& unit(const std::string& name) const;

 private:
  Row& put(const std::string& name, Scalar value, std::string unit);
  Point point_;
  std::map<std::string, Scalar> scalars_;
  std::map<std::string, std::string> units_;
  std::vector<std::string> scalar_order_;
  std::map<std::string, Series> series_;
  std::vector<std::string> series_order_;
};

}  // namespace tl
