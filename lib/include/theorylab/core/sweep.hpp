#pragma once
// The sweep grammar of design.md, and the cartesian product of swept keys.
//
//   n=512   n=64,256,1024   n=pow2(4,16)   x=lin(0,1,11)   D=log(1e2,1e7,21)
//
// Integer parameters round log/lin values to the nearest integer (duplicates after
// rounding are an error: the user asked for distinct points). Choice parameters take
// comma lists. A real_list parameter takes the same grammar but is one value, never swept.
#include <map>
#include <string>
#include <vector>

#include "theorylab/core/parameter.hpp"
#include "theorylab/core/value.hpp"

namespace tl {

// Expands one sweep expression for `spec` into its values; throws UsageError quoting
// the token and what is allowed.
std::vector<Value> expand_sweep(const ParamSpec& spec, const std::string& expression);

// Parameter assignments: each key has one or more values, and the points are their
// cartesian product. A sweep may hold several blocks, each its own product, run one
// after the other ("part=inequality depth=1,2 + part=training lr=0.1,0.2" on the
// command line): the union of products, so that parts of an experiment with different
// axes share one run without multiplying each other.
class Sweep {
 public:
  Sweep() = default;
  // One block, every parameter at its default.
  explicit Sweep(const std::vector<ParamSpec>& specs);

  // Applies "key=expression" to every block; throws UsageError on an unknown key
  // (naming the nearest valid names) or a bad expression.
  void assign(const std::string& assignment);
  void assign(const std::string& key, const std::string& expression);
  // Replaces the blocks by their product with `groups`: every block is copied once per
  // group and that group's assignments applied to the copy. One group is a plain assign.
  void split(const std::vector<std::vector<std::string>>& groups);

  // The command line over a preset's blocks — one rule (README, `run --help`):
  //  * a choice key (part, problem, solver) whose every given value some block runs
  //    selects the blocks that run them, each narrowed to the given values and keeping
  //    its own settings: `part=B2` runs the B2 block, `problem=T3` the block with T3;
  //  * a number selects only where it labels the blocks (one value in each, not all the
  //    same) and every given value is one block's label;
  //  * any other key=value is a new value: it replaces the key in every block, except
  //    that a key declared used_only_when(K, values) goes only into the blocks running
  //    one of those values of K (when any does);
  //  * a key a block does not use returns to its default there; blocks that become
  //    identical, or whose points another block already runs, are dropped: no point
  //    runs twice.
  // selections() says, for the plan and the run, which assignment narrowed the blocks.
  // With '+' on the command line, each group is applied to its own copy of the blocks.
  void override_with(const std::vector<std::vector<std::string>>& groups);
  const std::vector<std::string>& selections() const { return selections_; }

  // Throws UsageError when a parameter declared used_only_when(K, values) takes more
  // than one value in a block that also runs a value of K where it is ignored: those
  // points would repeat each other (and their groups in the summary would be copies).
  void check_used_keys() const;

  const std::vector<ParamSpec>& specs() const { return specs_; }
  const ParamSpec& spec(const std::string& key) const;
  // The values a key takes in any block, in order of first appearance.
  const std::vector<Value>& values(const std::string& key) const;
  // As typed, or the default; blocks that differ are joined with " + ".
  std::string expression(const std::string& key) const;
  bool is_swept(const std::string& key) const { return values(key).size() > 1; }
  std::vector<std::string> swept_keys() const;
  std::size_t blocks() const { return blocks_.size(); }
  // "seeds=K" in a block's assignments sets that block's replicates (0: not set, the
  // run's --seeds applies). A block of cheap points can then run more replicates.
  int block_seeds(std::size_t block) const { return blocks_.at(block).seeds; }
  std::size_t block_of(std::size_t combination) const;
  std::size_t block_size(std::size_t block) const { return blocks_.at(block).size(); }  // combinations
  // The values `key` takes in one block (expanded, in order).
  const std::vector<Value>& block_values(std::size_t block, const std::string& key) const;
  std::size_t size() const;  // number of points: the sum over blocks of their products

  // The i-th combination: blocks in order; within one, last declared key fastest.
  std::map<std::string, Value> combination(std::size_t i) const;

 private:
  struct Block {
    std::map<std::string, std::vector<Value>> values;
    std::map<std::string, std::string> expressions;
    int seeds = 0;
    std::size_t size() const;
  };
  void assign_in(Block& block, const std::string& key, const std::string& expression) const;
  void update_union();
  std::vector<ParamSpec> specs_;
  std::vector<Block> blocks_;
  std::map<std::string, std::vector<Value>> union_;
  std::vector<std::string> selections_;
};

// Splits words at "+" into groups ("a=1 + b=2" -> {{"a=1"}, {"b=2"}}); no "+" gives one
// group. An empty group (leading, trailing or doubled "+") is a UsageError.
std::vector<std::vector<std::string>> split_blocks(const std::vector<std::string>& words);

// Suggestions for an unknown name: up to three valid names close to it (edit distance at
// most a third of its length, at least 1, or one name inside the other), nearest first;
// "" when none is close.
std::string nearest_names(const std::string& name, const std::vector<std::string>& valid);
// "nearest: a, b" when some valid name is close; else "valid: ..." listing a short list
// (up to 12), else "no valid name is close".
std::string suggest_names(const std::string& name, const std::vector<std::string>& valid);

}  // namespace tl
