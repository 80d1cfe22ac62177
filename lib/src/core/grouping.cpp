#include "theorylab/core/grouping.hpp"

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <map>
#include <set>

#include "theorylab/core/error.hpp"

namespace tl {

namespace {

// The run's columns, each read once for all the groups.
class ColumnCache {
 public:
  explicit ColumnCache(const RunResults& base) : base_(base) {}
  const Column& column(const std::string& name) const {
    auto it = columns_.find(name);
    if (it == columns_.end()) it = columns_.emplace(name, base_.column(name)).first;
    return it->second;
  }

 private:
  const RunResults& base_;
  mutable std::map<std::string, Column> columns_;
};

// The rows of one group, as a RowStore over the run's rows.
class GroupRows final : public RowStore {
 public:
  GroupRows(const RunResults& base, const ColumnCache& cache, std::vector<std::size_t> rows)
      : base_(base), cache_(cache), rows_(std::move(rows)) {}
  std::size_t size() const override { return rows_.size(); }
  std::vector<std::string> column_names() const override { return base_.column_names(); }
  Column column(const std::string& name) const override {
    const Column& all = cache_.column(name);
    Column c{all.name, std::vector<double>{}, all.unit};
    std::visit(
        [&](const auto& values) {
          std::decay_t<decltype(values)> picked;
          for (std::size_t i : rows_) picked.push_back(values.at(i));
          c.data = std::move(picked);
        },
        all.data);
    return c;
  }
  Row row(std::size_t i) const override { return base_.row(rows_.at(i)); }

 private:
  const RunResults& base_;
  const ColumnCache& cache_;
  std::vector<std::size_t> rows_;
};

std::string cell_text(const Column& c, std::size_t i) {
  return std::visit(
      [&](const auto& v) -> std::string {
        using T = typename std::decay_t<decltype(v)>::value_type;
        if constexpr (std::is_same_v<T, std::string>) return v.at(i);
        else if constexpr (std::is_same_v<T, double>) return format_number(v.at(i));
        else return std::to_string(v.at(i));
      },
      c.data);
}

struct Group {
  std::string label;                 // "kappa=3,d=64"
  std::vector<std::string> values;   // one per key, as typed
  std::vector<std::size_t> rows;
  Summary summary;
  std::string error;
};

// A column of `length` copies of a grouping key's value, typed like the key's column.
Column key_column(const Column& like, const std::string& value, std::size_t length) {
  Column c{like.name, std::vector<double>{}, like.unit};
  if (std::holds_alternative<std::vector<std::string>>(like.data)) c.data = std::vector<std::string>(length, value);
  else if (std::holds_alternative<std::vector<std::int64_t>>(like.data)) c.data = std::vector<std::int64_t>(length, std::stoll(value));
  else c.data = std::vector<double>(length, std::stod(value));
  return c;
}

void append(Column& to, const Column& from, std::size_t length) {
  // Same type: concatenate; integers and reals: as reals; otherwise as text.
  auto as_reals = [](const Column& c) {
    if (const auto* d = std::get_if<std::vector<double>>(&c.data)) return *d;
    const auto& i = std::get<std::vector<std::int64_t>>(c.data);
    return std::vector<double>(i.begin(), i.end());
  };
  const bool to_text = std::holds_alternative<std::vector<std::string>>(to.data);
  const bool from_text = std::holds_alternative<std::vector<std::string>>(from.data);
  if (to.data.index() != from.data.index() && !to_text && !from_text) {
    std::vector<double> joined = as_reals(to), tail = as_reals(from);
    joined.insert(joined.end(), tail.begin(), tail.end());
    to.data = std::move(joined);
    return;
  }
  if (to.data.index() == from.data.index()) {
    std::visit([&](auto& a) { const auto& b = std::get<std::decay_t<decltype(a)>>(from.data); a.insert(a.end(), b.begin(), b.end()); },
               to.data);
    return;
  }
  std::vector<std::string> text;
  for (std::size_t i = 0; i < to.size(); ++i) text.push_back(cell_text(to, i));
  for (std::size_t i = 0; i < length; ++i) text.push_back(cell_text(from, i));
  to.data = std::move(text);
}

void pad(Column& c, std::size_t count) {
  std::visit(
      [&](auto& v) {
        using T = typename std::decay_t<decltype(v)>::value_type;
        if constexpr (std::is_same_v<T, std::string>) v.insert(v.end(), count, "");
        else if constexpr (std::is_same_v<T, double>) v.insert(v.end(), count, std::numeric_limits<double>::quiet_NaN());
        else {
          std::vector<double> d(v.begin(), v.end());
          d.insert(d.end(), count, std::numeric_limits<double>::quiet_NaN());
          c.data = std::move(d);
        }
      },
      c.data);
}

// Joins the groups' tables: grouping keys first, then each group's columns.
void join_tables(const std::vector<Group>& groups, const std::vector<Column>& key_columns, Summary& summary) {
  std::vector<std::string> names;
  for (const Group& g : groups)
    for (const SummaryTable& t : g.summary.tables())
      if (std::find(names.begin(), names.end(), t.name()) == names.end()) names.push_back(t.name());
  for (const std::string& name : names) {
    std::vector<Column> joined;
    std::string description;
    std::size_t rows = 0;
    for (const Group& g : groups) {
      const SummaryTable* t = g.summary.find_table(name);
      if (!t) continue;
      if (description.empty()) description = t->description();
      const std::size_t n = t->rows();
      std::vector<Column> columns;
      for (std::size_t k = 0; k < key_columns.size(); ++k) columns.push_back(key_column(key_columns[k], g.values[k], n));
      for (const Column& c : t->columns())  // a column named like a grouping key is that key
        if (std::none_of(key_columns.begin(), key_columns.end(), [&](const Column& k) { return k.name == c.name; }))
          columns.push_back(c);
      for (const Column& c : columns) {
        auto it = std::find_if(joined.begin(), joined.end(), [&](const Column& j) { return j.name == c.name; });
        if (it == joined.end()) {
          Column fresh = c;
          std::visit([](auto& v) { v.clear(); }, fresh.data);
          pad(fresh, rows);
          joined.push_back(std::move(fresh));
          it = joined.end() - 1;
        }
        append(*it, c, n);
      }
      rows += n;
      for (Column& j : joined)
        if (j.size() < rows) pad(j, rows - j.size());
    }
    SummaryTable& out = summary.table(name, description);
    for (Column& c : joined) std::visit([&](auto& v) { out.column(c.name, std::move(v), c.unit); }, c.data);
  }
  std::set<std::string> shown;
  for (const Group& g : groups)
    for (const std::string& s : g.summary.shown())
      if (shown.insert(s).second) summary.show(s);
}

}  // namespace

std::vector<std::string> grouping_keys(const ExperimentInfo& info, const Sweep& sweep) {
  std::set<std::string> aggregated(info.aggregates.begin(), info.aggregates.end());
  const std::set<std::string> always(info.group_by.begin(), info.group_by.end());
  // Every key a preset sweeps is an axis the reduction was written for.
  for (const Preset& preset : info.presets) {
    Sweep s(info.params);
    try {
      s.split(split_blocks(preset.assignments));
    } catch (const UsageError&) {
      continue;
    }
    for (const std::string& key : s.swept_keys())
      if (!always.count(key)) aggregated.insert(key);
  }
  const std::vector<std::string> swept = sweep.swept_keys();
  std::vector<std::string> keys;
  for (const std::string& key : info.group_by)  // declared grouping keys first, in their order
    if (std::find(swept.begin(), swept.end(), key) != swept.end() && !aggregated.count(key)) keys.push_back(key);
  for (const std::string& key : swept)
    if (!aggregated.count(key) && std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
  return keys;
}

std::string reduce_by_groups(const Experiment& experiment, const RunResults& results, const std::vector<std::string>& keys,
                             Summary& summary) {
  const ExperimentInfo info = experiment.info();
  std::vector<Column> key_columns;
  for (const std::string& key : keys) key_columns.push_back(results.column(key));
  // Which keys name a group: a key fixed by the labelled keys before it adds nothing.
  std::vector<std::vector<std::string>> cells(results.size());
  for (std::size_t i = 0; i < results.size(); ++i)
    for (std::size_t k = 0; k < keys.size(); ++k) cells[i].push_back(cell_text(key_columns[k], i));
  std::vector<bool> in_label(keys.size(), false);
  for (std::size_t k = 0; k < keys.size(); ++k) {
    std::map<std::vector<std::string>, std::string> seen;  // earlier labelled values -> this key's value
    bool fixed = true;
    for (std::size_t i = 0; i < results.size() && fixed; ++i) {
      std::vector<std::string> before;
      for (std::size_t j = 0; j < k; ++j)
        if (in_label[j]) before.push_back(cells[i][j]);
      const auto [it, fresh] = seen.try_emplace(before, cells[i][k]);
      fixed = fresh || it->second == cells[i][k];
    }
    in_label[k] = !fixed || k == 0;
  }
  std::vector<Group> groups;
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < results.size(); ++i) {
    std::string label;
    for (std::size_t k = 0; k < keys.size(); ++k)
      if (in_label[k]) label += (label.empty() ? "" : ",") + keys[k] + "=" + cells[i][k];
    auto [it, fresh] = index.try_emplace(label, groups.size());
    if (fresh) groups.push_back({label, cells[i], {}, {}, {}});
    groups[it->second].rows.push_back(i);
  }
  std::string first_error;
  const ColumnCache cache(results);
  for (Group& g : groups) {
    Sweep sweep = results.sweep;
    for (std::size_t k = 0; k < keys.size(); ++k) sweep.assign(keys[k], g.values[k]);
    const GroupRows rows(results, cache, g.rows);
    const RunResults group_results(rows, sweep, results.seed, results.seeds, results.preset);
    for (const ClaimSpec& spec : info.claims) g.summary.declare(spec);
    try {
      experiment.reduce(group_results, g.summary);
    } catch (const UsageError&) {
      throw;
    } catch (const std::exception& e) {
      g.error = e.what();
      if (first_error.empty()) first_error = "[" + g.label + "] " + g.error;
    }
  }
  join_tables(groups, key_columns, summary);
  for (const Group& g : groups) {
    const std::string suffix = "[" + g.label + "]";
    for (const auto& [name, s] : g.summary.scalars()) {
      // A scalar that only echoes a grouping key (jl's "kappa", equal to the group's
      // value) is the group's label itself.
      const auto key = std::find(keys.begin(), keys.end(), name);
      if (key != keys.end()) {
        char* end = nullptr;
        const std::string& typed = g.values[static_cast<std::size_t>(key - keys.begin())];
        const double value = std::strtod(typed.c_str(), &end);
        if (end != typed.c_str() && *end == '\0' && value == s.value) continue;
      }
      summary.scalar(name + suffix, s.value, s.unit, s.description);
    }
    for (const auto& [name, a] : g.summary.arrays()) summary.array(name + suffix, a.values, a.unit, a.description);
    for (const std::string& note : g.summary.notes()) summary.note(suffix + " " + note);
    for (const Claim& c : g.summary.claims()) {
      ClaimSpec spec = c.spec();
      spec.id += suffix;
      summary.claims().push_back(Claim::restore(spec, c.expected(), c.tolerance(), c.measured(), c.verdict(), c.notes()));
    }
  }
  // The run as a whole: the experiment's view across the groups, its claims declared once.
  for (const ClaimSpec& spec : info.across_group_claims) summary.declare(spec);
  try {
    experiment.reduce_across_groups(keys, summary);
  } catch (const UsageError&) {
    throw;
  } catch (const std::exception& e) {
    if (first_error.empty()) first_error = std::string("[across groups] ") + e.what();
  }
  for (const ClaimSpec& spec : info.across_group_claims)
    if (summary.claim(spec.id).verdict() == Verdict::Pending) summary.claim(spec.id).not_applicable("not decided across the groups");
  summary.note("swept key(s) " + [&] {
    std::string s;
    for (std::size_t k = 0; k < keys.size(); ++k) s += (k ? ", " : "") + keys[k];
    return s;
  }() + " not pooled by this experiment's reduction: the summary is given per group (" + std::to_string(groups.size()) +
               " groups; tables carry the key as a column, claims and scalars the group in their name)");
  return first_error;
}

}  // namespace tl
