#pragma once
// The experiment model of design.md: map run_point over the sweep, then reduce.
//
// An experiment file defines a class and registers it with one line:
//
//   class JlAttentionScale final : public tl::Experiment {
//     tl::ExperimentInfo info() const override { ... }
//     tl::Row run_point(const tl::Point& point, tl::Rng& rng) const override { ... }
//     void reduce(const tl::RunResults& results, tl::Summary& summary) const override { ... }
//   };
//   THEORYLAB_EXPERIMENT(JlAttentionScale);
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "theorylab/core/claim.hpp"
#include "theorylab/core/error.hpp"
#include "theorylab/core/figure.hpp"
#include "theorylab/core/parameter.hpp"
#include "theorylab/core/point.hpp"
#include "theorylab/core/random.hpp"
#include "theorylab/core/row.hpp"
#include "theorylab/core/run_results.hpp"
#include "theorylab/core/summary.hpp"
#include "theorylab/core/sweep.hpp"

namespace tl {

struct Preset {
  std::string name;                      // "quick", "default", "paper", ...
  std::vector<std::string> assignments;  // "key=expression" overrides, sweeps allowed
  std::string description;               // what this preset shows; no durations (describe and plan
                                         // print the cost model's estimate instead)
  int seeds = 1;                         // replicates unless --seeds says otherwise
};

struct ExperimentInfo {
  std::string name;         // snake_case, the CLI name
  std::string title;        // one line
  std::string source;       // the article or paper, with the section
  std::string description;  // one paragraph
  std::vector<ParamSpec> params;
  std::vector<Preset> presets;       // must include "quick" and "default"
  std::vector<ClaimSpec> claims;     // every number the source states
  std::vector<std::string> main_columns;  // /table columns shown after a run
  // The axes: the swept keys the reduction pools or fits across (the widths of a
  // scaling fit, the configurations a worst case runs over). The only keys ever pooled:
  // any other swept key — swept by a preset or by the command line — groups the
  // summary, one reduction per value (core/grouping.hpp states the rule).
  std::vector<std::string> axes;
  // Grouping keys listed first, in this order (a ladder of sizes: one reduction per
  // value, then reduce_across_groups over them all). A key here must not be an axis.
  std::vector<std::string> group_by;
  // Claims about the groups together (e.g. the trend of a per-group fit along a grouping
  // key), decided by Experiment::reduce_across_groups: declared once per run, never per
  // group; n/a in a run whose summary is not grouped.
  std::vector<ClaimSpec> across_group_claims;
  // The figures that show the run (core/figure.hpp): stored in every result file, drawn
  // by tl-plot --figure NAME, tl-report and `make plots`; `theorylab check` wants at
  // least one, and every one drawn from the quick preset.
  std::vector<Figure> figures;
  bool hidden = false;      // test fixtures: registered, but not listed
};

class Experiment {
 public:
  virtual ~Experiment() = default;
  virtual ExperimentInfo info() const = 0;
  // The work for one point; a pure function of the point and the generator (seeded
  // from the run seed and the row index). Throwing UsageError aborts the run (bad
  // combination of values); other exceptions are recorded as the row's error.
  virtual Row run_point(const Point& point, Rng& rng) const = 0;
  // Cross-point analysis: fits, tables, and a verdict for every declared claim. Reads
  // /table columns and, on demand, one row's series (see run_results.hpp).
  virtual void reduce(const RunResults& results, Summary& summary) const = 0;
  // After a grouped reduction (core/grouping.hpp): `keys` are the grouping keys and
  // `summary` holds the groups' joined results (tables with the keys as leading columns,
  // per-group claims named NAME[key=value]). Adds what concerns the run as a whole and
  // decides every ExperimentInfo::across_group_claims (one left pending becomes n/a).
  // Not called when the summary is not grouped. Default: nothing.
  virtual void reduce_across_groups(const std::vector<std::string>& keys, Summary& summary) const {}
  // Optional check of a whole parameter combination before anything runs
  // (e.g. k <= n); throw UsageError to reject it.
  virtual void validate(const Point& point) const {}
  // Cost model: the CPU seconds one point is expected to take on one core of this
  // machine class, a cheap function of its parameters (no work done). NaN: unknown.
  // `run --dry-run` and every run's opening line sum it over the sweep.
  virtual double cost_seconds(const Point& point) const { return std::numeric_limits<double>::quiet_NaN(); }
};

class Registry {
 public:
  static Registry& instance();
  void add(std::function<std::unique_ptr<Experiment>()> factory);
  // Throws UsageError naming the nearest registered names.
  const Experiment& find(const std::string& name) const;
  std::vector<const Experiment*> all(bool include_hidden = false) const;

 private:
  std::vector<std::unique_ptr<Experiment>> experiments_;
};

template <class E>
struct Registration {
  Registration() { Registry::instance().add([] { return std::make_unique<E>(); }); }
};

}  // namespace tl

#define THEORYLAB_CONCAT_INNER(a, b) a##b
#define THEORYLAB_CONCAT(a, b) THEORYLAB_CONCAT_INNER(a, b)
#define THEORYLAB_EXPERIMENT(Class) \
  static const ::tl::Registration<Class> THEORYLAB_CONCAT(theorylab_registration_, __LINE__) {}
