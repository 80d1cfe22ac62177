#pragma once
// "Identical results": two result files agree bit for bit in /table (wall-clock
// *_seconds columns excepted), /series, /summary and /claims. Used to prove that
// threads, interruption and resume do not change a run.
#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <variant>

#include "theorylab/io/result_file.hpp"

namespace tl::testing {

inline bool is_wall_clock(const std::string& name) {
  return name.size() > 8 && name.compare(name.size() - 8, 8, "_seconds") == 0;
}

inline void require_same_column(const Column& a, const Column& b) {
  INFO("column " << a.name);
  REQUIRE(a.name == b.name);
  REQUIRE(a.data.index() == b.data.index());
  if (const auto* d = std::get_if<std::vector<double>>(&a.data)) {
    const auto& e = std::get<std::vector<double>>(b.data);
    REQUIRE(d->size() == e.size());
    CHECK(std::memcmp(d->data(), e.data(), d->size() * sizeof(double)) == 0);  // NaN equal to NaN
  } else {
    CHECK(a.data == b.data);
  }
}

inline void require_identical_results(const std::string& path_a, const std::string& path_b) {
  const ResultFile a(path_a), b(path_b);
  REQUIRE(a.table_column_names() == b.table_column_names());
  REQUIRE(a.table_rows() == b.table_rows());
  for (const std::string& name : a.table_column_names())
    if (!is_wall_clock(name)) require_same_column(a.table_column(name), b.table_column(name));
  for (std::size_t row = 0; row < a.table_rows(); ++row) {
    REQUIRE(a.series_names(row) == b.series_names(row));
    for (const auto& s : a.series_names(row)) {
      INFO("series " << s << " of row " << row);
      const auto sa = a.series(row, s), sb = b.series(row, s);
      REQUIRE(sa.rows == sb.rows);
      REQUIRE(sa.cols == sb.cols);
      REQUIRE(sa.data.size() == sb.data.size());
      CHECK(std::memcmp(sa.data.data(), sb.data.data(), sa.data.size() * sizeof(double)) == 0);
    }
  }
  const auto ta = a.summary_tables(), tb = b.summary_tables();
  REQUIRE(ta.size() == tb.size());
  for (std::size_t t = 0; t < ta.size(); ++t) {
    INFO("summary table " << ta[t].name());
    REQUIRE(ta[t].name() == tb[t].name());
    REQUIRE(ta[t].columns().size() == tb[t].columns().size());
    for (std::size_t c = 0; c < ta[t].columns().size(); ++c)
      if (!is_wall_clock(ta[t].columns()[c].name)) require_same_column(ta[t].columns()[c], tb[t].columns()[c]);
  }
  const auto sa = a.summary_scalars(), sb = b.summary_scalars();
  REQUIRE(sa.size() == sb.size());
  for (const auto& [name, s] : sa) {
    INFO("summary scalar " << name);
    REQUIRE(sb.count(name));
    if (!is_wall_clock(name)) CHECK(std::memcmp(&s.value, &sb.at(name).value, sizeof(double)) == 0);
  }
  CHECK(a.summary_notes() == b.summary_notes());
  const auto ca = a.claims(), cb = b.claims();
  REQUIRE(ca.size() == cb.size());
  for (std::size_t i = 0; i < ca.size(); ++i) {
    INFO("claim " << ca[i].id());
    CHECK(ca[i].id() == cb[i].id());
    CHECK(ca[i].verdict() == cb[i].verdict());
    CHECK(ca[i].expected() == cb[i].expected());
    CHECK(ca[i].tolerance() == cb[i].tolerance());
    CHECK(ca[i].notes() == cb[i].notes());
    const double ma = ca[i].measured(), mb = cb[i].measured();
    CHECK(std::memcmp(&ma, &mb, sizeof(double)) == 0);
    const ClaimEvidence &ea = ca[i].evidence(), &eb = cb[i].evidence();
    CHECK(ea.family == eb.family);
    CHECK(ea.family_size == eb.family_size);
    CHECK(ea.procedure == eb.procedure);
    for (auto field : {&ClaimEvidence::ci_lo, &ClaimEvidence::ci_hi, &ClaimEvidence::p_value, &ClaimEvidence::p_adjusted})
      CHECK(std::memcmp(&(ea.*field), &(eb.*field), sizeof(double)) == 0);
  }
}

}  // namespace tl::testing
