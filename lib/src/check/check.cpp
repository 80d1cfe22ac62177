// The generic checks of theorylab/check/check.hpp.
#include "theorylab/check/check.hpp"

#include <cctype>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include <filesystem>

#include "theorylab/core/runner.hpp"
#include "theorylab/core/sweep_points.hpp"
#include "theorylab/io/result_file.hpp"
#include "theorylab/report/figure_plan.hpp"

namespace tl {

namespace {

std::string read_text(const std::string& path, bool& ok) {
  std::ifstream in(path);
  ok = static_cast<bool>(in);
  std::ostringstream s;
  if (ok) s << in.rdbuf();
  return s.str();
}

std::string number(double v) {
  std::ostringstream s;
  s.precision(3);
  s << v;
  return s.str();
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

std::vector<const ClaimSpec*> every_claim(const ExperimentInfo& info) {
  std::vector<const ClaimSpec*> out;
  for (const auto* list : {&info.claims, &info.across_group_claims})
    for (const ClaimSpec& c : *list) out.push_back(&c);
  return out;
}

// The first difference between two runs of the same rows, or "".
std::string first_difference(const RunOutcome& a, const RunOutcome& b) {
  if (a.rows.size() != b.rows.size())
    return std::to_string(a.rows.size()) + " rows at 1 thread, " + std::to_string(b.rows.size()) + " at 2";
  for (std::size_t i = 0; i < a.rows.size(); ++i) {
    const Row& x = a.rows[i];
    const Row& y = b.rows[i];
    const std::string at = "row " + std::to_string(i);
    if (x.scalar_names() != y.scalar_names()) return at + ": different columns";
    for (const std::string& name : x.scalar_names()) {
      if (ends_with(name, "_seconds")) continue;  // measured times differ by nature
      const Scalar &u = x.scalar(name), &v = y.scalar(name);
      const bool equal = u.index() == v.index() &&
                         (std::holds_alternative<double>(u) ? same_bits(std::get<double>(u), std::get<double>(v)) : u == v);
      if (!equal) return at + " column " + name + " differs";
    }
    if (x.series_names() != y.series_names()) return at + ": different series";
    for (const std::string& name : x.series_names()) {
      const Series &s = x.series_of(name), &t = y.series_of(name);
      bool equal = s.rows == t.rows && s.cols == t.cols && s.data.size() == t.data.size();
      for (std::size_t k = 0; equal && k < s.data.size(); ++k) equal = same_bits(s.data[k], t.data[k]);
      if (!equal) return at + " series " + name + " differs";
    }
  }
  const auto &c = a.summary.claims(), &d = b.summary.claims();
  if (c.size() != d.size()) return "a different number of claims";
  for (std::size_t i = 0; i < c.size(); ++i)
    if (c[i].id() != d[i].id() || c[i].verdict() != d[i].verdict() || !same_bits(c[i].measured(), d[i].measured()))
      return "claim " + c[i].id() + " differs (" + to_string(c[i].verdict()) + " " + format_number(c[i].measured()) + " vs " +
             to_string(d[i].verdict()) + " " + format_number(d[i].measured()) + ")";
  for (const auto& [name, s] : a.summary.scalars()) {
    const auto it = b.summary.scalars().find(name);
    if (it == b.summary.scalars().end() || !same_bits(s.value, it->second.value)) return "summary scalar " + name + " differs";
  }
  return "";
}

}  // namespace

const std::vector<std::string>& check_names() {
  static const std::vector<std::string> names = {"science_page", "resolution", "presets",  "quick_run",
                                                 "verdicts",     "cost_model", "sentinels", "threads",
                                                 "figures"};
  return names;
}

std::string format_finding(const CheckFinding& f) {
  return "FAIL " + f.check + ": " + f.message + "\n     fix: " + f.fix;
}

bool names_id(const std::string& text, const std::string& id) {
  if (id.empty()) return false;
  auto is_word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  for (std::size_t at = text.find(id); at != std::string::npos; at = text.find(id, at + 1)) {
    const bool left = at == 0 || !is_word(text[at - 1]);
    const bool right = at + id.size() == text.size() || !is_word(text[at + id.size()]);
    if (left && right) return true;
  }
  return false;
}

std::vector<CheckFinding> check_science_page(const ExperimentInfo& info, const std::string& docs_dir) {
  std::vector<CheckFinding> out;
  const std::string page_name = "docs/science/" + info.name + ".md";
  const std::string path = (docs_dir.empty() ? std::string(".") : docs_dir) + "/" + info.name + ".md";
  bool ok = false;
  const std::string page = read_text(path, ok);
  if (!ok) {
    std::error_code ec;  // the full path: a relative one depends on the folder check ran from
    const std::string shown = std::filesystem::absolute(path, ec).lexically_normal().string();
    out.push_back({"science_page", (ec ? path : shown) + " does not exist",
                   "write it: a '# " + info.name + "' title, what the experiment checks, and a line per claim id (or pass --docs DIR)"});
    return out;
  }
  std::istringstream lines(page);
  std::string first;
  while (std::getline(lines, first) && first.find_first_not_of(" \t\r") == std::string::npos) {
  }
  if (first.rfind("# " + info.name, 0) != 0 || (first.size() > info.name.size() + 2 &&
                                                 std::isalnum(static_cast<unsigned char>(first[info.name.size() + 2]))))
    out.push_back({"science_page", path + " is titled '" + first + "', not '# " + info.name + "'",
                   "make its first line '# " + info.name + "' (optionally followed by ': a title')"});
  for (const ClaimSpec* c : every_claim(info))
    if (!names_id(page, c->id))
      out.push_back({"science_page", path + " does not name claim " + c->id,
                     "add a line for `" + c->id + "`: what it states, why its resolution, what a failure would mean"});
  if (info.description.find(page_name) == std::string::npos)
    out.push_back({"science_page", "the description of " + info.name + " does not point to " + page_name,
                   "end ExperimentInfo::description with 'See " + page_name + ".' (describe prints it)"});
  return out;
}

std::vector<CheckFinding> check_resolutions(const ExperimentInfo& info) {
  std::vector<CheckFinding> out;
  for (const ClaimSpec* c : every_claim(info))
    if (!c->resolution.declared())
      out.push_back({"resolution", "claim " + c->id + " declares no resolution",
                     "add .needs_ci_half_width(W), .needs_samples(M) or .exact(\"why\") to ClaimSpec{\"" + c->id +
                         "\", ...}, chosen from the science, not from a run"});
  return out;
}

std::vector<CheckFinding> check_figure_declarations(const ExperimentInfo& info) {
  std::vector<CheckFinding> out;
  if (info.figures.empty())
    out.push_back({"figures", info.name + " declares no figure",
                   "add one to ExperimentInfo::figures, e.g. tl::Figure(\"estimate_vs_samples\", \"what it shows\").x(\"samples\")"
                   ".y({\"estimate\"}).logx() (theorylab/core/figure.hpp; docs/writing-an-experiment.md, section 8)"});
  for (const std::string& problem : figure_problems(info.figures))
    out.push_back({"figures", problem, "fix the declaration in ExperimentInfo::figures (theorylab/core/figure.hpp)"});
  return out;
}

std::vector<CheckFinding> check_figures_draw(const ExperimentInfo& info, const ResultFile& file) {
  std::vector<CheckFinding> out;
  std::size_t drawn = 0;
  for (const Figure& f : info.figures) {
    const FigurePlan plan = plan_figure(file, f);
    if (plan.problem.empty()) ++drawn;
    else if (plan.applies)
      out.push_back({"figures", "figure " + f.name + " has nothing to draw from the quick preset: " + plan.problem,
                     "declare columns the run writes (tl-inspect FILE lists them), or make the quick preset produce them"});
  }
  if (!info.figures.empty() && drawn == 0 && out.empty())
    out.push_back({"figures", "no figure of " + info.name + " applies to the quick preset's run",
                   "declare at least one figure without only_with(), or make the quick preset sweep what it needs"});
  return out;
}

bool is_sentinel(double v) {
  if (std::isnan(v)) return false;  // the convention for missing
  static const double k[] = {-1, -99, -999, -9999, -99999, 999, 9999, 99999, -1e9, 1e9};
  for (double s : k)
    if (v == s) return true;
  return std::isfinite(v) && std::fabs(v) >= 1e300;
}

std::vector<CheckFinding> check_sentinels(const std::string& where, const std::vector<Column>& columns,
                                          const std::set<std::string>& inputs, bool finite_or_nan) {
  std::vector<CheckFinding> out;
  const std::string fix = "write NaN where a value is missing (and n/a the claim that needs it), never a marker value";
  for (const Column& c : columns) {
    if (inputs.count(c.name) || c.name == "seed") continue;  // inputs, not measurements
    if (const auto* d = std::get_if<std::vector<double>>(&c.data)) {
      for (std::size_t r = 0; r < d->size(); ++r) {
        const double v = (*d)[r];
        if (is_sentinel(v) || (finite_or_nan && std::isinf(v))) {
          out.push_back({"sentinels", where + " column " + c.name + " row " + std::to_string(r) + " = " + format_number(v) +
                                          (std::isinf(v) ? " (infinite)" : " (a 'missing' marker?)"),
                         fix});
          break;  // one finding per column
        }
      }
    } else if (const auto* i = std::get_if<std::vector<std::int64_t>>(&c.data)) {
      for (std::size_t r = 0; r < i->size(); ++r) {
        const auto v = (*i)[r];
        if (v < 0 || is_sentinel(static_cast<double>(v))) {
          out.push_back({"sentinels", where + " integer column " + c.name + " row " + std::to_string(r) + " = " +
                                          std::to_string(v) + " (counts, flags and indices are >= 0; a marker?)",
                         "store a real number column with NaN where the value is missing"});
          break;
        }
      }
    }
  }
  return out;
}

std::vector<CheckFinding> check_cost_model(const std::string& experiment, double estimated, double measured,
                                           std::size_t unknown_rows, const CheckOptions& options) {
  std::vector<CheckFinding> out;
  const std::string fix = "set the constant of " + experiment + "'s cost_seconds(point) to the measured cpu_seconds per unit of work ("
                          "tl-inspect FILE --csv shows the column; docs/writing-an-experiment.md)";
  if (unknown_rows > 0) {
    out.push_back({"cost_model", std::to_string(unknown_rows) + " quick rows have no cost estimate (cost_seconds is NaN or negative)",
                   "override Experiment::cost_seconds(point): the CPU seconds of one point from its parameters"});
    return out;
  }
  if (!(measured >= 0) || !(estimated >= 0)) return out;
  const double f = options.cost_factor;
  if (measured < options.min_cpu_seconds && estimated < f * options.min_cpu_seconds) return out;  // too small to time
  if (estimated > f * measured || estimated < measured / f)
    out.push_back({"cost_model", "the cost model says " + number(estimated) + " CPU-s for the quick preset, its rows took " +
                                     number(measured) + " CPU-s (" + number(measured > 0 ? estimated / measured : INFINITY) +
                                     "x; allowed within " + number(f) + "x)",
                   fix});
  return out;
}

std::vector<CheckFinding> check_experiment(const Experiment& experiment, const CheckOptions& options) {
  const ExperimentInfo info = experiment.info();
  std::vector<CheckFinding> out = check_science_page(info, options.docs_dir);
  for (auto& f : check_resolutions(info)) out.push_back(std::move(f));
  const auto declarations = check_figure_declarations(info);
  out.insert(out.end(), declarations.begin(), declarations.end());

  const Preset* quick = nullptr;
  bool has_default = false;
  for (const Preset& p : info.presets) {
    if (p.name == "quick") quick = &p;
    has_default = has_default || p.name == "default";
  }
  if (!quick)
    out.push_back({"presets", info.name + " has no preset 'quick'",
                   "add {\"quick\", {\"key=values\"}, \"what it shows\", seeds} to ExperimentInfo::presets: a run of seconds that decides every claim"});
  if (!has_default)
    out.push_back({"presets", info.name + " has no preset 'default'",
                   "add {\"default\", {...}, ...} to ExperimentInfo::presets: what `run NAME` does without --preset"});
  if (!options.run || !quick) return out;

  Sweep sweep(info.params);
  RunOptions run;
  run.seed = options.seed;
  run.seeds = quick->seeds;
  run.preset = "quick";
  run.progress = false;
  RunOutcome one, two;
  try {
    sweep.split(split_blocks(quick->assignments));
    run.threads = 1;
    one = run_experiment(experiment, sweep, run);
    run.threads = 2;
    two = run_experiment(experiment, sweep, run);
  } catch (const UsageError& e) {
    out.push_back({"quick_run", "the quick preset is rejected: " + std::string(e.what()),
                   "fix the preset's assignments (or validate()): `NAME plan NAME --preset quick` shows the same error"});
    return out;
  }
  if (one.failed_points > 0) {
    std::string error;
    for (const Row& r : one.rows)
      if (r.has("error")) {
        error = r.text("error");
        break;
      }
    out.push_back({"quick_run", std::to_string(one.failed_points) + " of " + std::to_string(one.rows.size()) +
                                    " quick rows threw: " + error,
                   "run_point must not throw for the quick preset's points (reject bad combinations in validate())"});
  }
  if (!one.reduce_error.empty())
    out.push_back({"quick_run", "the reduction threw: " + one.reduce_error, "reduce must handle the quick preset's rows"});

  for (const Claim& c : one.summary.claims())
    if (c.verdict() == Verdict::Pending)
      out.push_back({"verdicts", "claim " + c.id() + " is left pending by the quick preset",
                     "decide it in reduce (summary.claim(\"" + (c.spec().id.empty() ? c.id() : c.spec().id) +
                         "\").expect_...), or not_applicable(\"why\")"});
  if (one.summary.claims().empty() && !every_claim(info).empty())
    out.push_back({"verdicts", "the quick run has no claims", "declare claims in ExperimentInfo::claims and decide them in reduce"});

  // Cost model: the estimate over the rows the run had, against their cpu_seconds.
  const SweepPoints points(sweep, run.seeds, run.seed);
  double estimated = 0;
  std::size_t unknown = 0;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const double c = experiment.cost_seconds(points.point(i));
    if (std::isfinite(c) && c >= 0)
      estimated += c;
    else
      ++unknown;
  }
  double measured = 0;
  for (const Row& r : one.rows)
    if (r.has(kCpuSecondsColumn)) measured += r.real(kCpuSecondsColumn);
  for (auto& f : check_cost_model(info.name, estimated, measured, unknown, options)) out.push_back(std::move(f));

  std::set<std::string> inputs;
  for (const ParamSpec& p : info.params) inputs.insert(p.name());
  for (auto& f : check_sentinels("/table", table_columns(one.rows, sweep), inputs, true)) out.push_back(std::move(f));
  for (const SummaryTable& t : one.summary.tables())
    for (auto& f : check_sentinels("summary table " + t.name(), t.columns(), inputs, false)) out.push_back(std::move(f));

  const std::string difference = first_difference(one, two);
  if (!difference.empty())
    out.push_back({"threads", "the quick preset at 1 and 2 threads differs: " + difference,
                   "make run_point a pure function of its point and rng (no shared state, no time or thread id, "
                   "no std::*_distribution); reduce must not depend on row arrival order"});

  // Figures: the quick run written to a temporary result file, as a run writes it, and
  // every declared figure resolved against it (report/figure_plan.hpp).
  if (declarations.empty() && one.reduce_error.empty()) {
    std::string path = (std::filesystem::temp_directory_path() / "theorylab-check-XXXXXX").string();
    const int fd = mkstemp(path.data());
    if (fd < 0) {
      out.push_back({"figures", "cannot create a temporary file to draw the figures from", "set TMPDIR to a writable folder"});
      return out;
    }
    close(fd);
    try {
      Provenance provenance;
      provenance.experiment = info.name, provenance.title = info.title, provenance.source = info.source;
      provenance.preset = "quick", provenance.seed = std::to_string(options.seed), provenance.seeds = quick->seeds;
      provenance.command_line = "theorylab check " + info.name, provenance.status = "complete";
      write_result_file(path, provenance, sweep, one, info.figures);
      const ResultFile file(path);
      for (auto& f : check_figures_draw(info, file)) out.push_back(std::move(f));
    } catch (const std::exception& e) {
      out.push_back({"figures", std::string("the quick run's figures could not be resolved: ") + e.what(),
                     "fix the declarations in ExperimentInfo::figures"});
    }
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
  return out;
}

}  // namespace tl
