#include "theorylab/core/grouping.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iomanip>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

#include "theorylab/core/cancellation.hpp"
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
  Row row(std::size_t i) const override {
    throw_if_cancelled();  // a reduction reading rows stops within a row of Ctrl-C
    return base_.row(rows_.at(i));
  }

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

// A grouping key's value as a column of `length` copies, typed like the key's column.
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

// One summary table joined over the groups as they finish: the grouping keys first,
// then every column any group gave (padded where a group had none).
class JoinedTable {
 public:
  explicit JoinedTable(std::string description) : description_(std::move(description)) {}
  void add(const std::vector<Column>& key_columns, const std::vector<std::string>& values, const std::vector<Column>& columns,
           std::size_t n) {
    for (std::size_t k = 0; k < key_columns.size(); ++k) put(key_column(key_columns[k], values[k], n), n);
    for (const Column& c : columns)  // a column named like a grouping key is that key
      if (std::none_of(key_columns.begin(), key_columns.end(), [&](const Column& k) { return k.name == c.name; })) put(c, n);
    rows_ += n;
    for (Column& j : joined_)
      if (j.size() < rows_) pad(j, rows_ - j.size());
  }
  void describe(std::string description) { description_ = std::move(description); }
  void move_into(Summary& summary, const std::string& name) {
    SummaryTable& out = summary.table(name, description_);
    for (Column& c : joined_) std::visit([&](auto& v) { out.column(c.name, std::move(v), c.unit); }, c.data);
  }

 private:
  void put(const Column& c, std::size_t n) {
    auto it = std::find_if(joined_.begin(), joined_.end(), [&](const Column& j) { return j.name == c.name; });
    if (it == joined_.end()) {
      Column fresh = c;
      std::visit([](auto& v) { v.clear(); }, fresh.data);
      pad(fresh, rows_);
      joined_.push_back(std::move(fresh));
      it = joined_.end() - 1;
    }
    append(*it, c, n);
  }
  std::string description_;
  std::vector<Column> joined_;
  std::size_t rows_ = 0;
};

// The joined summary, filled one group at a time (core/grouping.hpp: memory holds one
// group's summary plus this).
class GroupJoin {
 public:
  // `claims`: how many claims the groups will give (the vector is sized once: a vector
  // doubling through 10^5 claims holds three copies at its peak).
  GroupJoin(const std::vector<std::string>& keys, std::vector<Column> key_columns, std::size_t claims)
      : keys_(keys), key_columns_(std::move(key_columns)) {
    claims_.reserve(claims);
  }

  // `shown`: the label as people read it (short_group_labels over every group).
  void add(const std::string& label, const std::string& shown, const std::vector<std::string>& values, const Summary& group) {
    for (const SummaryTable& t : group.tables()) table(t.name(), t.description()).add(key_columns_, values, t.columns(), t.rows());
    add_scalars(values, group);
    for (const auto& [name, a] : group.arrays()) arrays_.push_back({name + "[" + label + "]", a});
    for (const std::string& note : group.notes()) notes_.push_back("[" + shown + "] " + note);
    for (const std::string& s : group.shown())
      if (std::find(shown_.begin(), shown_.end(), s) == shown_.end()) shown_.push_back(s);
    for (const Claim& c : group.claims()) {
      claims_.push_back(c);
      claims_.back().set_group(c.id(), label);
    }
  }

  void move_into(Summary& summary) {
    for (auto& [name, t] : tables_) t.move_into(summary, name);
    if (scalars_) {
      scalars_->describe("the reduction's scalars, one row per group" + (description_.empty() ? "" : " (" + description_ + ")"));
      scalars_->move_into(summary, kScalarsTable);
    }
    for (auto& [name, a] : arrays_) summary.array(name, std::move(a.values), a.unit, a.description);
    for (std::string& n : notes_) summary.note(std::move(n));
    for (const std::string& s : shown_) summary.show(s);
    std::vector<Claim>& out = summary.claims();
    if (out.empty()) {
      out = std::move(claims_);  // one vector of every group's claims, never copied
    } else {
      out.reserve(out.size() + claims_.size());
      for (Claim& c : claims_) out.push_back(std::move(c));
    }
  }

  static constexpr const char* kScalarsTable = "scalars_by_group";

 private:
  JoinedTable& table(const std::string& name, const std::string& description) {
    auto it = std::find_if(tables_.begin(), tables_.end(), [&](const auto& t) { return t.first == name; });
    if (it == tables_.end()) {
      tables_.emplace_back(name, JoinedTable(description));
      it = tables_.end() - 1;
    }
    return it->second;
  }
  // The group's scalars as one row of the scalars table; a scalar that only echoes a
  // grouping key (jl's "kappa", equal to the group's value) is the key's column itself.
  void add_scalars(const std::vector<std::string>& values, const Summary& group) {
    std::vector<Column> row;
    for (const auto& [name, s] : group.scalars()) {
      const auto key = std::find(keys_.begin(), keys_.end(), name);
      if (key != keys_.end()) {
        char* end = nullptr;
        const std::string& typed = values[static_cast<std::size_t>(key - keys_.begin())];
        const double value = std::strtod(typed.c_str(), &end);
        if (end != typed.c_str() && *end == '\0' && value == s.value) continue;
      }
      row.push_back(Column{name, std::vector<double>{s.value}, s.unit});
      if (described_.insert(name).second && !s.description.empty())
        description_ += (description_.empty() ? "" : "; ") + name + ": " + s.description;
    }
    if (row.empty()) return;
    if (!scalars_) scalars_ = std::make_unique<JoinedTable>("");
    scalars_->add(key_columns_, values, row, 1);
  }

  const std::vector<std::string>& keys_;
  std::vector<Column> key_columns_;
  std::vector<std::pair<std::string, JoinedTable>> tables_;
  std::unique_ptr<JoinedTable> scalars_;
  std::set<std::string> described_;
  std::string description_;
  std::vector<std::pair<std::string, SummaryArray>> arrays_;
  std::vector<std::string> notes_, shown_;
  std::vector<Claim> claims_;
};

// Which keys name a group: a key fixed by the labelled keys before it adds nothing.
std::vector<bool> label_keys(const std::vector<std::vector<std::string>>& cells, std::size_t keys) {
  std::vector<bool> in_label(keys, false);
  for (std::size_t k = 0; k < keys; ++k) {
    std::map<std::vector<std::string>, std::string> seen;  // earlier labelled values -> this key's value
    bool fixed = true;
    for (std::size_t i = 0; i < cells.size() && fixed; ++i) {
      std::vector<std::string> before;
      for (std::size_t j = 0; j < k; ++j)
        if (in_label[j]) before.push_back(cells[i][j]);
      const auto [it, fresh] = seen.try_emplace(before, cells[i][k]);
      fixed = fresh || it->second == cells[i][k];
    }
    in_label[k] = !fixed || k == 0;
  }
  return in_label;
}

struct GroupIndex {
  std::vector<std::string> labels;
  std::vector<std::vector<std::string>> values;  // one per key, as typed
  std::vector<std::vector<std::size_t>> rows;
};

GroupIndex index_groups(const std::vector<std::string>& keys, const std::vector<Column>& key_columns, std::size_t size) {
  std::vector<std::vector<std::string>> cells(size);
  for (std::size_t i = 0; i < size; ++i)
    for (std::size_t k = 0; k < keys.size(); ++k) cells[i].push_back(cell_text(key_columns[k], i));
  const std::vector<bool> in_label = label_keys(cells, keys.size());
  GroupIndex groups;
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < size; ++i) {
    std::string label;
    for (std::size_t k = 0; k < keys.size(); ++k)
      if (in_label[k]) label += (label.empty() ? "" : ",") + keys[k] + "=" + cells[i][k];
    auto [it, fresh] = index.try_emplace(label, groups.labels.size());
    if (fresh) {
      groups.labels.push_back(label);
      groups.values.push_back(std::move(cells[i]));
      groups.rows.emplace_back();
    }
    groups.rows[it->second].push_back(i);
  }
  return groups;
}

// Rows of one reduce() call differ in no undeclared swept key: true by construction of
// the groups; checked, so that a change to the grouping cannot pool silently.
void check_pooling(const std::vector<Column>& key_columns, const std::vector<std::size_t>& rows, const std::string& label) {
  for (const Column& c : key_columns)
    for (std::size_t r : rows)
      if (cell_text(c, r) != cell_text(c, rows.front()))
        throw std::logic_error("group [" + label + "] would pool rows with different values of '" + c.name + "'");
}

std::string join_keys(const std::vector<std::string>& keys) {
  std::string s;
  for (std::size_t k = 0; k < keys.size(); ++k) s += (k ? ", " : "") + keys[k];
  return s;
}
}  // namespace

std::vector<std::string> grouping_keys(const ExperimentInfo& info, const Sweep& sweep) {
  const std::set<std::string> axes(info.axes.begin(), info.axes.end());
  const std::vector<std::string> swept = sweep.swept_keys();
  std::vector<std::string> keys;
  for (const std::string& key : info.group_by)  // declared grouping keys first, in their order
    if (std::find(swept.begin(), swept.end(), key) != swept.end() && !axes.count(key)) keys.push_back(key);
  for (const std::string& key : swept)
    if (!axes.count(key) && std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
  return keys;
}

std::size_t count_groups(const ExperimentInfo& info, const Sweep& sweep, std::size_t cap) {
  const std::vector<std::string> keys = grouping_keys(info, sweep);
  if (keys.empty()) return 1;
  std::set<std::vector<std::string>> seen;
  for (std::size_t b = 0; b < sweep.blocks(); ++b) {
    std::vector<const std::vector<Value>*> lists;
    for (const std::string& key : keys) lists.push_back(&sweep.block_values(b, key));
    std::vector<std::size_t> at(keys.size(), 0);
    for (;;) {  // the block's product of the grouping keys' values, last key fastest
      std::vector<std::string> combination;
      for (std::size_t k = 0; k < keys.size(); ++k) combination.push_back(to_string((*lists[k])[at[k]]));
      seen.insert(std::move(combination));
      if (seen.size() > cap) return seen.size();
      std::size_t k = keys.size();
      while (k > 0 && ++at[k - 1] == lists[k - 1]->size()) at[--k] = 0;
      if (k == 0) break;
    }
  }
  return seen.size();
}

void check_group_count(const ExperimentInfo& info, const Sweep& sweep) {
  if (count_groups(info, sweep) <= kMaxGroups) return;
  const std::vector<std::string> keys = grouping_keys(info, sweep);
  // The number of combinations the blocks list (the groups' count when no two blocks share
  // a combination), saturating: enumerating them all could take as long as the run.
  double combinations = 0;
  for (std::size_t b = 0; b < sweep.blocks(); ++b) {
    double product = 1;
    for (const std::string& key : keys) product *= static_cast<double>(sweep.block_values(b, key).size());
    combinations += product;
  }
  std::ostringstream count;
  count << std::setprecision(combinations < 1e15 ? 15 : 3) << combinations;
  throw UsageError("the sweep gives up to " + count.str() + " groups (more than the " + std::to_string(kMaxGroups) +
                   " allowed) of " + join_keys(keys) +
                   " (keys " + info.name +
                   "'s reduction does not pool; each group gets its own reduction and claims): sweep fewer values, or "
                   "declare the key an axis of the experiment (ExperimentInfo::axes) if its reduction pools it");
}

std::vector<double> adjust_p_values(const std::vector<double>& p, FamilyControl control) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < p.size(); ++i)
    if (!std::isnan(p[i])) order.push_back(i);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return p[a] < p[b]; });
  const double m = static_cast<double>(order.size());
  std::vector<double> adjusted(p.size(), std::numeric_limits<double>::quiet_NaN());
  if (control == FamilyControl::Holm) {
    double running = 0;
    for (std::size_t j = 0; j < order.size(); ++j) {
      running = std::max(running, std::min(1.0, (m - static_cast<double>(j)) * p[order[j]]));
      adjusted[order[j]] = running;
    }
  } else {
    double running = 1;
    for (std::size_t j = order.size(); j-- > 0;) {
      running = std::min(running, std::min(1.0, m * p[order[j]] / static_cast<double>(j + 1)));
      adjusted[order[j]] = running;
    }
  }
  return adjusted;
}

void control_claim_families(std::vector<Claim>& claims) {
  std::map<std::string, std::vector<std::size_t>> families;
  for (std::size_t i = 0; i < claims.size(); ++i) families[claims[i].evidence().family].push_back(i);
  for (const auto& [family, members] : families) {
    std::vector<double> p;
    for (std::size_t i : members) p.push_back(claims[i].evidence().p_value);
    const FamilyControl control = claims[members.front()].spec().family_control;
    const std::vector<double> adjusted = adjust_p_values(p, control);
    const long tested = static_cast<long>(std::count_if(p.begin(), p.end(), [](double x) { return !std::isnan(x); }));
    for (std::size_t j = 0; j < members.size(); ++j)
      claims[members[j]].adjust_for_family(adjusted[j], static_cast<long>(members.size()), tested, control);
  }
}

std::string reduce_by_groups(const Experiment& experiment, const RunResults& results, const std::vector<std::string>& keys,
                             Summary& summary) {
  const ExperimentInfo info = experiment.info();
  std::vector<Column> key_columns;
  for (const std::string& key : keys) key_columns.push_back(results.column(key));
  const GroupIndex groups = index_groups(keys, key_columns, results.size());
  // The sweep of one group: the run's, with the grouping keys fixed. Fixed once to the
  // first group's values, so that each group copies a sweep without their long lists.
  Sweep fixed = results.sweep;
  for (std::size_t k = 0; k < keys.size(); ++k) fixed.assign(keys[k], groups.values.front()[k]);
  std::string first_error;
  const ColumnCache cache(results);
  GroupJoin join(keys, key_columns, groups.labels.size() * info.claims.size());
  const std::vector<std::string> shown = short_group_labels(groups.labels);
  std::vector<Claim> blanks;  // the declared claims, undecided: every group shares their specs
  for (const ClaimSpec& spec : info.claims) blanks.emplace_back(spec);
  for (std::size_t g = 0; g < groups.labels.size(); ++g) {
    throw_if_cancelled();
    const std::string& label = groups.labels[g];
    check_pooling(key_columns, groups.rows[g], label);
    Sweep sweep = fixed;
    for (std::size_t k = 0; k < keys.size(); ++k) sweep.assign(keys[k], groups.values[g][k]);
    const GroupRows rows(results, cache, groups.rows[g]);
    const RunResults group_results(rows, sweep, results.seed, results.seeds, results.preset);
    Summary group;
    for (const Claim& blank : blanks) group.declare(blank);
    try {
      experiment.reduce(group_results, group);
    } catch (const UsageError&) {
      throw;
    } catch (const Cancelled&) {
      throw;
    } catch (const std::exception& e) {
      if (first_error.empty()) first_error = "[" + label + "] " + e.what();
    }
    join.add(label, shown[g], groups.values[g], group);
  }
  join.move_into(summary);
  control_claim_families(summary.claims());
  // The run as a whole: the experiment's view across the groups, its claims declared once.
  for (const ClaimSpec& spec : info.across_group_claims) summary.declare(spec);
  try {
    experiment.reduce_across_groups(keys, summary);
  } catch (const UsageError&) {
    throw;
  } catch (const Cancelled&) {
    throw;
  } catch (const std::exception& e) {
    if (first_error.empty()) first_error = std::string("[across groups] ") + e.what();
  }
  for (const ClaimSpec& spec : info.across_group_claims)
    if (summary.claim(spec.id).verdict() == Verdict::Pending) summary.claim(spec.id).not_applicable("not decided across the groups");
  summary.note("swept key(s) " + join_keys(keys) + " are not axes of this experiment's reduction: the summary is given per group (" +
               std::to_string(groups.labels.size()) +
               " groups; tables carry the keys as columns, scalars are in the table scalars_by_group, a claim decided in "
               "every group is a family whose FAILs share a 5% error rate)");
  return first_error;
}

}  // namespace tl
