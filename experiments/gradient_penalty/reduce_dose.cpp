// Reduction of part=dose (dose.cpp): the per-run table, the dose–response table, the
// trend table and the eight dose claims (one per penalty or learning rate and quantity),
// each through the trend test of dose_trend.hpp. A run is one replicate of one
// configuration (activation, width, ...): the rows that differ only in `strength`.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "gradient_penalty/dose_trend.hpp"
#include "gradient_penalty/experiment.hpp"
#include "theorylab/core/claim.hpp"

namespace gradient_penalty {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The dose sweeps in the order of the tables, with the claim-id stem and the meaning of
// their strength.
struct DoseSweep {
  const char* penalty;
  const char* stem;
  const char* what;
};
constexpr DoseSweep kSweeps[] = {
    {"theta", "theta_penalty", "theta-penalty strength (x loss_target / P_theta at the reference)"},
    {"loss_gradient", "loss_gradient_penalty", "loss-gradient penalty strength (x base lr / 4)"},
    {"input", "input_penalty", "input-penalty strength (x loss_target / P_x at the reference)"},
    {"lr", "lr", "learning rate (fraction of the stability edge 2/lambda_max)"},
};
// The measured quantities of the claims: row column and claim-id suffix.
struct DoseMetric {
  const char* column;
  const char* suffix;
  const char* name;
};
constexpr DoseMetric kMetrics[] = {{"dirichlet_grid", "dirichlet", "Dirichlet energy"},
                                   {"arc_length", "arc_length", "arc length"}};

bool reached(const tl::RowRef& r) {
  return r->integer("reached") == 1 && r->has("dirichlet_grid") && r->real("dirichlet_grid") > 0 &&
         r->has("arc_length") && r->real("arc_length") > 0;
}

// A run's identity: replicate and every parameter but the strength.
std::string run_key(const tl::RowRef& r) {
  std::string key = std::to_string(r->point().replicate());
  for (const auto& [name, value] : r->point().values())
    if (name != "strength") key += ";" + name + "=" + tl::to_string(value);
  return key;
}

// The runs of one penalty (rows of `rows` with that penalty), `metric` at every reached strength.
std::vector<DoseRun> runs_of(const std::vector<tl::RowRef>& rows, const std::string& penalty, const std::string& metric) {
  std::map<std::string, DoseRun> by_run;
  for (const tl::RowRef& r : rows) {
    if (r->point().text("penalty") != penalty) continue;
    DoseRun& run = by_run[run_key(r)];
    if (!reached(r)) continue;
    run.strength.push_back(r->point().real("strength"));
    run.value.push_back(r->real(metric));
  }
  std::vector<DoseRun> runs;
  for (auto& [key, run] : by_run) runs.push_back(std::move(run));
  return runs;
}

// Groups: every run ("all"), then each activation on its own.
std::vector<std::pair<std::string, std::vector<tl::RowRef>>> activation_groups(const std::vector<tl::RowRef>& rows) {
  std::vector<std::pair<std::string, std::vector<tl::RowRef>>> groups{{"all", rows}};
  for (const tl::RowRef& r : rows) {
    const std::string& a = r->point().text("activation");
    auto it = std::find_if(groups.begin() + 1, groups.end(), [&](const auto& g) { return g.first == a; });
    if (it == groups.end()) groups.push_back({a, {r}});
    else it->second.push_back(r);
  }
  return groups;
}

double geometric_mean(const std::vector<double>& v) {
  if (v.empty()) return kNaN;
  double s = 0;
  for (double x : v) s += std::log(x);
  return std::exp(s / static_cast<double>(v.size()));
}

// Per row: the arm's numbers and its ratios to the run's reference (plain GD at the base rate).
void dose_runs_table(const std::vector<tl::RowRef>& rows, tl::Summary& summary) {
  std::vector<std::string> penalty_c, activation_c;
  std::vector<std::int64_t> replicate_c, reached_c, diverged_c, steps_c;
  std::vector<double> strength_c, lr_c, weight_c, de_c, arc_c, de_ratio_c, arc_ratio_c, edge_c;
  for (const tl::RowRef& r : rows) {
    const bool ok = reached(r) && r->has("ref_dirichlet_grid");
    penalty_c.push_back(r->point().text("penalty"));
    activation_c.push_back(r->point().text("activation"));
    replicate_c.push_back(r->point().replicate());
    strength_c.push_back(r->point().real("strength"));
    lr_c.push_back(r->real("lr"));
    weight_c.push_back(r->real("weight"));
    edge_c.push_back(r->real("edge_lr"));
    reached_c.push_back(r->integer("reached"));
    diverged_c.push_back(r->integer("diverged"));
    steps_c.push_back(r->integer("steps"));
    de_c.push_back(ok ? r->real("dirichlet_grid") : kNaN);
    arc_c.push_back(ok ? r->real("arc_length") : kNaN);
    de_ratio_c.push_back(ok ? r->real("dirichlet_grid") / r->real("ref_dirichlet_grid") : kNaN);
    arc_ratio_c.push_back(ok ? r->real("arc_length") / r->real("ref_arc_length") : kNaN);
  }
  summary.table("dose_runs",
                "part=dose, per run and strength: the arm at equal training loss; de_ratio, arc_ratio = its Dirichlet "
                "energy and arc length over those of plain GD at the base rate on the same run (NaN: target not reached)")
      .column("penalty", penalty_c).column("activation", activation_c).column("replicate", replicate_c)
      .column("strength", strength_c).column("lr", lr_c).column("weight", weight_c).column("edge_lr", edge_c)
      .column("reached", reached_c).column("diverged", diverged_c).column("steps", steps_c)
      .column("dirichlet_grid", de_c).column("arc_length", arc_c).column("de_ratio", de_ratio_c)
      .column("arc_ratio", arc_ratio_c);
}

// Per penalty, activation group and strength: counts and geometric means over runs.
void dose_response_table(const std::vector<tl::RowRef>& rows, tl::Summary& summary) {
  std::vector<std::string> penalty_c, group_c;
  std::vector<double> strength_c, lr_c, steps_c, de_c, de_ratio_c, arc_c, arc_ratio_c;
  std::vector<std::int64_t> runs_c, reached_c, diverged_c;
  for (const DoseSweep& sweep : kSweeps)
    for (const auto& [group, subset] : activation_groups(rows)) {
      std::map<double, std::vector<tl::RowRef>> by_strength;
      for (const tl::RowRef& r : subset)
        if (r->point().text("penalty") == sweep.penalty) by_strength[r->point().real("strength")].push_back(r);
      for (const auto& [strength, at] : by_strength) {
        std::int64_t ok = 0, diverged = 0;
        std::vector<double> steps, lr, de, de_ratio, arc, arc_ratio;
        for (const tl::RowRef& r : at) {
          diverged += r->integer("diverged");
          if (!reached(r)) continue;
          ++ok;
          steps.push_back(r->real("steps"));
          lr.push_back(r->real("lr"));
          de.push_back(r->real("dirichlet_grid"));
          arc.push_back(r->real("arc_length"));
          de_ratio.push_back(r->real("dirichlet_grid") / r->real("ref_dirichlet_grid"));
          arc_ratio.push_back(r->real("arc_length") / r->real("ref_arc_length"));
        }
        penalty_c.push_back(sweep.penalty);
        group_c.push_back(group);
        strength_c.push_back(strength);
        runs_c.push_back(static_cast<std::int64_t>(at.size()));
        reached_c.push_back(ok);
        diverged_c.push_back(diverged);
        steps_c.push_back(geometric_mean(steps));
        lr_c.push_back(geometric_mean(lr));
        de_c.push_back(geometric_mean(de));
        de_ratio_c.push_back(geometric_mean(de_ratio));
        arc_c.push_back(geometric_mean(arc));
        arc_ratio_c.push_back(geometric_mean(arc_ratio));
      }
    }
  summary.table("dose_response",
                "part=dose: per penalty (lr: plain GD), activation group and strength, geometric means over the runs "
                "that reached the loss target; ratios to plain GD at the base rate on the same run")
      .column("penalty", penalty_c).column("activation", group_c).column("strength", strength_c).column("runs", runs_c)
      .column("reached", reached_c).column("diverged", diverged_c).column("steps", steps_c).column("lr", lr_c)
      .column("dirichlet_grid", de_c).column("de_ratio", de_ratio_c).column("arc_length", arc_c)
      .column("arc_ratio", arc_ratio_c);
  summary.show("dose_response");
}

// Per penalty, quantity and activation group: the trend test; returns the pooled ("all")
// trends in the order kSweeps × kMetrics for the claims.
std::vector<DoseTrend> dose_trend_table(const std::vector<tl::RowRef>& rows, tl::Summary& summary) {
  std::vector<std::string> penalty_c, metric_c, group_c;
  std::vector<std::int64_t> levels_c, runs_c, slope_runs_c, page_runs_c, monotone_c;
  std::vector<double> slope_c, lo_c, hi_c, z_c, p_c;
  std::vector<DoseTrend> pooled;
  for (const DoseSweep& sweep : kSweeps)
    for (const DoseMetric& metric : kMetrics)
      for (const auto& [group, subset] : activation_groups(rows)) {
        const DoseTrend t = dose_trend(runs_of(subset, sweep.penalty, metric.column));
        if (group == "all") pooled.push_back(t);
        penalty_c.push_back(sweep.penalty);
        metric_c.push_back(metric.column);
        group_c.push_back(group);
        levels_c.push_back(static_cast<std::int64_t>(t.levels));
        runs_c.push_back(static_cast<std::int64_t>(t.runs));
        slope_runs_c.push_back(static_cast<std::int64_t>(t.slope_runs));
        slope_c.push_back(t.slope);
        lo_c.push_back(t.slope_lo);
        hi_c.push_back(t.slope_hi);
        page_runs_c.push_back(static_cast<std::int64_t>(t.page_runs));
        z_c.push_back(t.page_z);
        p_c.push_back(t.page_p);
        monotone_c.push_back(static_cast<std::int64_t>(t.monotone_runs));
      }
  summary.table("dose_trend",
                "part=dose: slope = mean over runs of the least-squares slope of ln(quantity) per decade of positive "
                "strength, 95% t-interval; Page's test of a decreasing trend over the runs with every strength (0 "
                "included), one-sided p; monotone = complete runs strictly decreasing")
      .column("penalty", penalty_c).column("quantity", metric_c).column("activation", group_c)
      .column("strengths", levels_c).column("runs", runs_c).column("slope_runs", slope_runs_c).column("slope", slope_c)
      .column("ci_lo", lo_c).column("ci_hi", hi_c).column("page_runs", page_runs_c).column("page_z", z_c)
      .column("page_p", p_c).column("monotone_runs", monotone_c);
  summary.show("dose_trend");
  return pooled;
}

}  // namespace

std::vector<std::string> dose_claim_ids() {
  std::vector<std::string> ids;
  for (const DoseSweep& sweep : kSweeps)
    for (const DoseMetric& metric : kMetrics) ids.push_back(std::string(sweep.stem) + "_dose_" + metric.suffix);
  return ids;
}

void reduce_dose(const std::vector<tl::RowRef>& rows, tl::Summary& summary) {
  const std::vector<std::string> ids = dose_claim_ids();
  if (rows.empty()) {
    for (const std::string& id : ids) summary.claim(id).not_applicable("part=dose not in this run");
    return;
  }
  dose_runs_table(rows, summary);
  dose_response_table(rows, summary);
  const std::vector<DoseTrend> pooled = dose_trend_table(rows, summary);
  std::size_t k = 0;
  for (const DoseSweep& sweep : kSweeps)
    for (const DoseMetric& metric : kMetrics) {
      const DoseTrend& t = pooled[k];
      const std::string& id = ids[k++];
      if (t.runs == 0 && t.levels == 0 &&
          std::none_of(rows.begin(), rows.end(), [&](const tl::RowRef& r) { return r->point().text("penalty") == sweep.penalty; }))
        summary.claim(id).not_applicable(std::string("penalty=") + sweep.penalty + " not swept in this run");
      else
        decide_dose_claim(summary.claim(id), t, std::string(metric.name) + " against the " + sweep.what);
    }
}

}  // namespace gradient_penalty
