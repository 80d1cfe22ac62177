#include "theorylab/core/sweep.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "theorylab/core/claim.hpp"
#include "theorylab/core/error.hpp"
#include "theorylab/core/utf8.hpp"

namespace tl {

namespace {

constexpr double kMaxSweepPoints = 1e7;
constexpr std::size_t kMaxListNumbers = 10000;  // numbers in one real-list value

const char* kForms = "v | v1,v2,... | pow2(a,b) | lin(start,stop,count) | log(start,stop,count)";

[[noreturn]] void malformed(const ParamSpec& spec, const std::string& token, const std::string& why) {
  throw UsageError("malformed sweep '" + token + "' for parameter '" + spec.name() + "': " + why + "; allowed forms: " +
                   kForms + " with values " + spec.allowed());
}

// Splits at commas that are not inside parentheses.
std::vector<std::string> split_top_level(const std::string& s) {
  std::vector<std::string> items;
  std::string current;
  int depth = 0;
  for (char c : s) {
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == ',' && depth == 0) {
      items.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  items.push_back(current);
  return items;
}

double number(const ParamSpec& spec, const std::string& item, const std::string& text) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v))
    malformed(spec, item, "'" + text + "' is not a number");
  return v;
}

// Expands one generator item (pow2/lin/log) into reals; returns false if `item` is
// not a generator.
bool expand_generator(const ParamSpec& spec, const std::string& item, std::vector<double>& out) {
  const auto open = item.find('(');
  if (open == std::string::npos) {
    if (item.find(')') != std::string::npos) malformed(spec, item, "unbalanced parenthesis");
    return false;
  }
  const std::string name = item.substr(0, open);
  if (item.back() != ')') malformed(spec, item, "missing closing parenthesis");
  const std::string inner = item.substr(open + 1, item.size() - open - 2);
  std::vector<std::string> args = split_top_level(inner);
  std::vector<double> a;
  if (name != "pow2" && name != "lin" && name != "log") malformed(spec, item, "unknown generator '" + name + "'");
  const std::size_t want = name == "pow2" ? 2 : 3;
  if (args.size() != want)
    malformed(spec, item, name + " takes " + std::to_string(want) + " arguments, got " + std::to_string(args.size()));
  for (const auto& arg : args) a.push_back(number(spec, item, arg));
  if (name == "pow2") {
    if (a[0] != std::floor(a[0]) || a[1] != std::floor(a[1])) malformed(spec, item, "pow2 exponents must be integers");
    if (a[0] > a[1]) malformed(spec, item, "pow2(a,b) needs a <= b");
    if (a[0] < -60 || a[1] > 62) malformed(spec, item, "pow2 exponents must lie in [-60, 62]");
    for (double e = a[0]; e <= a[1]; e += 1) out.push_back(std::ldexp(1.0, static_cast<int>(e)));
    return true;
  }
  const double count = a[2];
  if (count != std::floor(count) || count < 1) malformed(spec, item, name + " count must be a whole number >= 1");
  if (count > 1e7) malformed(spec, item, name + " count is larger than 10^7");
  const auto k = static_cast<std::size_t>(count);
  if (k == 1 && a[0] != a[1]) malformed(spec, item, name + " with count 1 needs start = stop");
  if (name == "log" && !(a[0] > 0 && a[1] > 0)) malformed(spec, item, "log needs positive start and stop");
  for (std::size_t i = 0; i < k; ++i) {
    const double t = k == 1 ? 0.0 : static_cast<double>(i) / static_cast<double>(k - 1);
    double v;
    if (name == "lin") v = i + 1 == k ? a[1] : a[0] + t * (a[1] - a[0]);
    else v = i + 1 == k ? a[1] : std::exp(std::log(a[0]) + t * (std::log(a[1]) - std::log(a[0])));
    if (i == 0) v = a[0];
    out.push_back(v);
  }
  return true;
}

}  // namespace

std::vector<Value> expand_sweep(const ParamSpec& spec, const std::string& expression) {
  if (expression.empty()) malformed(spec, expression, "empty sweep");
  std::vector<Value> values;
  for (const std::string& raw : split_top_level(expression)) {
    if (raw.empty()) malformed(spec, expression, "empty item");
    if (raw.find(' ') != std::string::npos) malformed(spec, raw, "spaces are not allowed");
    std::vector<double> generated;
    const bool numeric = spec.type() == ParamType::Integer || spec.type() == ParamType::Real || spec.type() == ParamType::RealList;
    if (expand_generator(spec, raw, generated)) {
      if (!numeric) malformed(spec, raw, "generators apply to numeric parameters only");
      // Bounded as it grows, before the whole sweep's count is checked in update_union:
      // many large generators in one argument would otherwise exhaust memory first.
      if (static_cast<double>(values.size() + generated.size()) > kMaxSweepPoints)
        malformed(spec, raw, "more than " + format_number(kMaxSweepPoints) + " values in one argument");
      for (double v : generated) {
        if (spec.type() == ParamType::Integer) {
          const double r = std::round(v);
          if (std::fabs(r) > 9.0e18) malformed(spec, raw, "value too large for an integer");
          values.emplace_back(static_cast<std::int64_t>(r));
        } else {
          values.emplace_back(v);
        }
      }
    } else if (spec.type() == ParamType::RealList) {
      values.emplace_back(number(spec, raw, raw));
    } else {
      values.push_back(spec.parse(raw));
    }
  }
  if (spec.type() == ParamType::RealList) {
    // One value holding a list (a grid of dimensions, say): far fewer numbers than a
    // sweep. Refused before any message or point formats it.
    if (values.size() > kMaxListNumbers)
      malformed(spec, expression.size() > 60 ? expression.substr(0, 60) + "..." : expression,
                std::to_string(values.size()) + " numbers in one list value (at most " +
                    format_number(kMaxListNumbers) + ")");
    RealList list;
    for (const Value& v : values) list.push_back(std::get<double>(v));
    spec.validate(Value(list));
    return values;
  }
  std::set<std::string> seen;
  for (const Value& v : values) {
    spec.validate(v);
    if (!seen.insert(to_string(v)).second)
      malformed(spec, expression, "value " + to_string(v) + " appears twice" +
                                      (spec.type() == ParamType::Integer ? " (after rounding to integers)" : ""));
  }
  return values;
}

Sweep::Sweep(const std::vector<ParamSpec>& specs) : specs_(specs) {
  Block block;
  for (const auto& spec : specs_) {
    if (block.values.count(spec.name())) throw std::logic_error("parameter '" + spec.name() + "' declared twice");
    // A default that does not parse is a bug in the experiment, not bad input.
    try {
      assign_in(block, spec.name(), spec.default_text());
    } catch (const UsageError& e) {
      throw std::logic_error(std::string("bad default: ") + e.what());
    }
  }
  blocks_.push_back(std::move(block));
  update_union();
}

std::size_t Sweep::Block::size() const {
  std::size_t n = 1;
  for (const auto& [key, v] : values) n *= v.size();  // <= kMaxSweepPoints: checked in update_union
  return n;
}

void Sweep::assign_in(Block& block, const std::string& key, const std::string& expression) const {
  require_utf8(key, "parameter name '" + sanitize_utf8(key) + "'");
  require_utf8(expression, "value '" + sanitize_utf8(expression) + "' of '" + sanitize_utf8(key) + "'");
  if (key == "seeds") {  // reserved: the block's replicates, not a parameter
    const auto values = expand_sweep(integer("seeds", 1).between(1, 1000000), expression);
    if (values.size() != 1) throw UsageError("seeds takes one value, got '" + expression + "'");
    block.seeds = static_cast<int>(std::get<std::int64_t>(values.front()));
    return;
  }
  const ParamSpec& s = spec(key);
  if (s.type() == ParamType::RealList) block.values[key] = {s.parse(expression)};
  else block.values[key] = expand_sweep(s, expression);
  block.expressions[key] = expression;
}

void Sweep::update_union() {
  // Points are enumerated up front: bound their number before any product can overflow.
  double total = 0;
  for (const Block& b : blocks_) {
    double product = 1;
    for (const auto& [key, v] : b.values) product *= static_cast<double>(v.size());
    total += product;
  }
  if (total > kMaxSweepPoints)
    throw UsageError("the sweep has " + format_number(total) + " points, more than the limit of " +
                     format_number(kMaxSweepPoints) + "; sweep fewer values");
  union_.clear();
  for (const auto& spec : specs_) {
    std::vector<Value>& all = union_[spec.name()];
    std::set<std::string> seen;
    for (const Block& b : blocks_)
      for (const Value& v : b.values.at(spec.name()))
        if (seen.insert(to_string(v)).second) all.push_back(v);
  }
}

void Sweep::assign(const std::string& assignment) {
  require_utf8(assignment, "argument '" + sanitize_utf8(assignment) + "'");
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw UsageError("expected key=value, got '" + assignment + "'");
  assign(assignment.substr(0, eq), assignment.substr(eq + 1));
}

void Sweep::assign(const std::string& key, const std::string& expression) {
  for (Block& b : blocks_) assign_in(b, key, expression);
  update_union();
}

void Sweep::split(const std::vector<std::vector<std::string>>& groups) {
  if (groups.empty()) return;
  std::vector<Block> result;
  for (const Block& base : blocks_) {
    for (const auto& group : groups) {
      Block b = base;
      for (const std::string& assignment : group) {
        const auto eq = assignment.find('=');
        if (eq == std::string::npos || eq == 0) throw UsageError("expected key=value, got '" + assignment + "'");
        assign_in(b, assignment.substr(0, eq), assignment.substr(eq + 1));
      }
      result.push_back(std::move(b));
    }
  }
  blocks_ = std::move(result);
  update_union();
}

void Sweep::override_with(const std::vector<std::vector<std::string>>& groups) {
  selections_.clear();
  if (groups.empty()) return;
  auto text_of = [](const std::vector<Value>& values) {
    std::string t;
    for (const Value& v : values) t += to_string(v) + "\x1f";
    return t;
  };
  std::vector<Block> result;
  for (const auto& group : groups) {
    std::vector<Block> blocks = blocks_;
    for (const std::string& assignment : group) {
      const auto eq = assignment.find('=');
      if (eq == std::string::npos || eq == 0) throw UsageError("expected key=value, got '" + assignment + "'");
      const std::string key = assignment.substr(0, eq), expression = assignment.substr(eq + 1);
      Block given;
      assign_in(given, key, expression);  // validates the key and the expression
      if (key != "seeds" && blocks.size() > 1) {
        const std::vector<Value>& wanted = given.values.at(key);
        std::vector<Block> kept;
        if (spec(key).type() == ParamType::Choice) {
          // A choice names kinds of points (part, problem, solver): when every given
          // value is run by some block, keep the blocks that run any of them, each
          // narrowed to the given values it runs, with its own settings.
          std::set<std::string> run_somewhere;
          for (const Block& b : blocks)
            for (const Value& v : b.values.at(key)) run_somewhere.insert(to_string(v));
          const bool all_run = std::all_of(wanted.begin(), wanted.end(),
                                           [&](const Value& v) { return run_somewhere.count(to_string(v)) > 0; });
          if (all_run)
            for (Block b : blocks) {
              std::string narrowed;
              for (const Value& v : b.values.at(key))
                if (std::any_of(wanted.begin(), wanted.end(), [&](const Value& w) { return w == v; }))
                  narrowed += (narrowed.empty() ? "" : ",") + to_string(v);
              if (narrowed.empty()) continue;
              assign_in(b, key, narrowed);
              kept.push_back(std::move(b));
            }
        } else {
          // A number selects only when it labels the blocks (one value in each, not all
          // the same: the ladder's n_tasks=32 + n_tasks=64) and every given value is one
          // block's label; otherwise it is a new value, laid over the blocks below.
          std::set<std::string> labels;
          bool one_each = true;
          for (const Block& b : blocks) {
            one_each = one_each && b.values.at(key).size() == 1;
            labels.insert(text_of(b.values.at(key)));
          }
          const bool all_labels = std::all_of(wanted.begin(), wanted.end(),
                                              [&](const Value& v) { return labels.count(text_of({v})) > 0; });
          if (one_each && labels.size() > 1 && all_labels)
            for (const Block& b : blocks)
              if (std::any_of(wanted.begin(), wanted.end(), [&](const Value& v) { return text_of({v}) == text_of(b.values.at(key)); }))
                kept.push_back(b);
        }
        if (!kept.empty()) {
          if (kept.size() < blocks.size())
            selections_.push_back(assignment + " selects " + std::to_string(kept.size()) + " of the preset's " +
                                  std::to_string(blocks.size()) + " blocks (those that run it, with their own settings)");
          blocks = std::move(kept);
          continue;
        }
      }
      // A new value: replace the key in every block that uses it.
      auto uses = [&](const Block& b) {
        if (key == "seeds") return true;
        const ParamSpec& s = spec(key);
        if (s.used_key().empty()) return true;
        for (const Value& v : b.values.at(s.used_key()))
          if (s.used_at(to_string(v))) return true;
        return false;
      };
      const bool any_uses = std::any_of(blocks.begin(), blocks.end(), uses);
      for (Block& b : blocks)
        if (!any_uses || uses(b)) assign_in(b, key, expression);
    }
    for (Block& b : blocks) result.push_back(std::move(b));
  }
  // Merge blocks that became identical, and drop a block whose points another block
  // already runs (every key's values a subset of the other's, same replicates), where
  // a key a block never uses counts as its default (the points ignore it).
  std::vector<Block> normalized = result;
  for (Block& b : normalized)
    for (const ParamSpec& s : specs_) {
      if (s.used_key().empty()) continue;
      const auto& conditions = b.values.at(s.used_key());
      const bool used = std::any_of(conditions.begin(), conditions.end(), [&](const Value& v) { return s.used_at(to_string(v)); });
      if (!used && b.values.at(s.name()).size() == 1) assign_in(b, s.name(), s.default_text());
    }
  auto contains = [&](const Block& big, const Block& small) {
    if (big.seeds != small.seeds) return false;
    for (const auto& spec : specs_) {
      const auto& bv = big.values.at(spec.name());
      for (const Value& v : small.values.at(spec.name()))
        if (std::none_of(bv.begin(), bv.end(), [&](const Value& w) { return w == v; })) return false;
    }
    return true;
  };
  std::vector<Block> merged;
  for (std::size_t i = 0; i < result.size(); ++i) {
    bool inside = false;
    for (std::size_t j = 0; j < result.size() && !inside; ++j) {
      if (i == j) continue;
      // i is dropped if j contains it, and (when they contain each other) j comes first.
      if (contains(normalized[j], normalized[i]) && (!contains(normalized[i], normalized[j]) || j < i)) inside = true;
    }
    if (!inside) merged.push_back(result[i]);
  }
  blocks_ = std::move(merged);
  update_union();
}

void Sweep::check_used_keys() const {
  for (const ParamSpec& s : specs_) {
    if (s.used_key().empty()) continue;
    std::string used, used_list;  // "B1, B2" and "B1,B2"
    for (const std::string& v : s.used_values())
      used += (used.empty() ? "" : ", ") + v, used_list += (used_list.empty() ? "" : ",") + v;
    for (const Block& b : blocks_) {
      if (b.values.at(s.name()).size() < 2) continue;
      std::string ignoring;
      for (const Value& v : b.values.at(s.used_key()))
        if (!s.used_at(to_string(v))) ignoring += (ignoring.empty() ? "" : ", ") + to_string(v);
      if (ignoring.empty()) continue;
      throw UsageError("'" + s.name() + "' is used only where " + s.used_key() + " is " + used +
                       ", but it is swept in a block that also runs " + s.used_key() + "=" + ignoring +
                       ", whose points would repeat once per value: add " + s.used_key() + "=" + used_list +
                       ", or give those points a block of their own with '+'");
    }
  }
}

const ParamSpec& Sweep::spec(const std::string& key) const {
  for (const auto& s : specs_)
    if (s.name() == key) return s;
  std::vector<std::string> names;
  for (const auto& s : specs_) names.push_back(s.name());
  const std::string hint = suggest_names(key, names);
  throw UsageError("unknown parameter '" + key + "'; " + hint +
                   (hint.rfind("nearest", 0) == 0 ? "" : " ('theorylab describe NAME' lists the parameters)"));
}

const std::vector<Value>& Sweep::values(const std::string& key) const {
  spec(key);  // throws for an unknown key
  return union_.at(key);
}

std::string Sweep::expression(const std::string& key) const {
  spec(key);
  std::vector<std::string> distinct;
  for (const Block& b : blocks_) {
    const std::string& e = b.expressions.at(key);
    if (std::find(distinct.begin(), distinct.end(), e) == distinct.end()) distinct.push_back(e);
  }
  std::string joined;
  for (std::size_t i = 0; i < distinct.size(); ++i) joined += (i ? " + " : "") + distinct[i];
  return joined;
}

std::vector<std::string> Sweep::swept_keys() const {
  std::vector<std::string> keys;
  for (const auto& s : specs_)
    if (union_.at(s.name()).size() > 1) keys.push_back(s.name());
  return keys;
}

std::size_t Sweep::size() const {
  std::size_t n = 0;
  for (const Block& b : blocks_) n += b.size();
  return n;
}

std::map<std::string, Value> Sweep::combination(std::size_t i) const {
  for (const Block& b : blocks_) {
    const std::size_t size = b.size();
    if (i >= size) {
      i -= size;
      continue;
    }
    std::map<std::string, Value> combo;
    for (auto it = specs_.rbegin(); it != specs_.rend(); ++it) {
      const auto& vs = b.values.at(it->name());
      combo[it->name()] = vs[i % vs.size()];
      i /= vs.size();
    }
    return combo;
  }
  throw std::out_of_range("sweep combination index out of range");
}

const std::vector<Value>& Sweep::block_values(std::size_t block, const std::string& key) const {
  spec(key);
  return blocks_.at(block).values.at(key);
}

std::size_t Sweep::block_of(std::size_t i) const {
  for (std::size_t b = 0; b < blocks_.size(); ++b) {
    const std::size_t size = blocks_[b].size();
    if (i < size) return b;
    i -= size;
  }
  throw std::out_of_range("sweep combination index out of range");
}

std::vector<std::vector<std::string>> split_blocks(const std::vector<std::string>& words) {
  std::vector<std::vector<std::string>> groups(1);
  for (const std::string& w : words) {
    require_utf8(w, "argument '" + sanitize_utf8(w) + "'");
    if (w == "+") {
      if (groups.back().empty()) throw UsageError("empty block: '+' must stand between two groups of key=value");
      groups.emplace_back();
    } else {
      groups.back().push_back(w);
    }
  }
  if (groups.size() > 1 && groups.back().empty()) throw UsageError("empty block: '+' must stand between two groups of key=value");
  return groups;
}

namespace {
// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
// two neighbours ("alpah" -> "alpha" is 1) each count 1.
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}
}  // namespace

std::string nearest_names(const std::string& name, const std::vector<std::string>& valid) {
  // Close: a third of the name's letters changed at most (one for short names), or one
  // name inside the other ("widths" -> width, "a_alphas" -> alpha).
  const std::size_t limit = std::max<std::size_t>(1, name.size() / 3);
  std::vector<std::pair<std::size_t, std::string>> ranked;
  for (const auto& v : valid) {
    const std::size_t d = edit_distance(name, v);
    const bool inside = (v.size() >= 3 && name.find(v) != std::string::npos) ||
                        (name.size() >= 3 && v.find(name) != std::string::npos);
    if (d <= limit || inside) ranked.emplace_back(d, v);
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string s;
  for (std::size_t i = 0; i < ranked.size() && i < 3; ++i) s += (i ? ", " : "") + ranked[i].second;
  return s;
}

std::string suggest_names(const std::string& name, const std::vector<std::string>& valid) {
  const std::string near = nearest_names(name, valid);
  if (!near.empty()) return "nearest: " + near;
  if (valid.size() <= 12) {
    std::string all;
    for (const auto& v : valid) all += (all.empty() ? "" : ", ") + v;
    return "valid: " + (all.empty() ? std::string("(none)") : all);
  }
  return "no valid name is close";
}

}  // namespace tl
