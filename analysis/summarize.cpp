// tl-summarize: one block per result file (experiment, command, preset, seed, wall time,
// status, the main results, the claims); several files of one experiment as one
// combined table.
#include <algorithm>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "theorylab/report/claims_report.hpp"
#include "theorylab/report/grid.hpp"
#include "theorylab/report/result_data.hpp"
#include "theorylab/report/source_table.hpp"
#include "theorylab/report/tool_main.hpp"

namespace po = boost::program_options;

namespace {

const char* kHelp =
    "usage: tl-summarize FILE... [--format text|md|csv|tsv] [--rows N]\n"
    "\n"
    "  text, md   one block per file: experiment, command, preset, seed, wall time, status,\n"
    "             the summary scalars and the tables the experiment shows, notes, the claim\n"
    "             counts, every failing or inconclusive claim, and the n/a claims grouped\n"
    "             by their reason. Several files of one experiment: one combined table (a\n"
    "             row per file) and the claims side by side.\n"
    "  csv, tsv   one row per file (exact numbers): provenance, claim counts, every summary\n"
    "             scalar (scalar:NAME) and every claim's measured value and verdict\n"
    "             (claim:ID, verdict:ID); columns are the union over the files.\n"
    "  --rows N   rows shown of a long summary table (default 20: the first and last 10)\n"
    "\n"
    "Exit status 2, with one line on stderr, for a file that is missing, not HDF5, truncated,\n"
    "unfinished, or not a theorylab result.\n";

using tl::GridFormat;

struct Loaded {
  tl::ResultFile file;
  std::vector<tl::Claim> claims;
  std::map<std::string, tl::SummaryScalar> scalars;
  tl::ClaimCounts counts;
};

void heading(std::ostream& out, GridFormat f, int level, const std::string& text) {
  if (f == GridFormat::Markdown) out << std::string(level, '#') << ' ' << text << "\n\n";
  else out << (level <= 2 ? "== " : "-- ") << text << "\n";
}

void end_section(std::ostream& out) { out << "\n"; }

tl::Grid head_and_tail(tl::Grid g, std::size_t max_rows) {
  if (g.rows.size() <= max_rows) return g;
  const std::size_t half = max_rows / 2, omitted = g.rows.size() - 2 * half;
  std::vector<std::vector<std::string>> rows(g.rows.begin(), g.rows.begin() + half);
  std::vector<std::string> gap(g.headers.size(), "…");
  gap[0] = "… " + std::to_string(omitted) + " rows omitted";
  rows.push_back(gap);
  rows.insert(rows.end(), g.rows.end() - half, g.rows.end());
  g.rows = rows;
  return g;
}

void failing_claims(std::ostream& out, GridFormat f, const std::vector<tl::Claim>& claims) {
  const std::string bullet = f == GridFormat::Markdown ? "- " : "    ";
  for (const tl::Claim& c : claims) {
    if (c.verdict() != tl::Verdict::Fail && c.verdict() != tl::Verdict::Pending && c.verdict() != tl::Verdict::Inconclusive)
      continue;
    out << bullet << "[" << tl::verdict_label(c) << "] " << c.id() << ": " << c.spec().statement;
    if (c.has_measurement())
      out << " — measured " << tl::format_short(c.measured()) << ", expected " << tl::short_expected(c.expected()) << " ("
          << c.tolerance() << ")";  // 4 significant digits, as tl-report; --format csv keeps every digit
    if (!c.notes().empty()) out << "; " << c.notes();
    out << "\n";
  }
}

// The n/a claims grouped by their reason (the claim's note): one line per reason, with
// the count and the first few ids, so that a reader sees why a claim was not decided
// without opening tl-report.
void not_applicable_reasons(std::ostream& out, GridFormat f, const std::vector<tl::Claim>& claims) {
  constexpr std::size_t kIdsShown = 3;
  std::vector<std::pair<std::string, std::vector<std::string>>> reasons;  // in first-seen order
  for (const tl::Claim& c : claims) {
    if (c.verdict() != tl::Verdict::NotApplicable) continue;
    const std::string reason = c.notes().empty() ? "(no reason recorded)" : c.notes();
    auto it = std::find_if(reasons.begin(), reasons.end(), [&](const auto& r) { return r.first == reason; });
    if (it == reasons.end()) it = reasons.insert(reasons.end(), {reason, {}});
    it->second.push_back(c.id());
  }
  if (reasons.empty()) return;
  const std::string bullet = f == GridFormat::Markdown ? "- " : "    ";
  out << (f == GridFormat::Markdown ? "\n**n/a, by reason**:\n" : "  n/a, by reason:\n");
  for (const auto& [reason, ids] : reasons) {
    std::string shown;
    for (std::size_t i = 0; i < ids.size() && i < kIdsShown; ++i) shown += (i ? ", " : "") + ids[i];
    if (ids.size() > kIdsShown) shown += ", …";
    out << bullet << ids.size() << (ids.size() == 1 ? " claim (" : " claims (") << shown << "): " << reason << "\n";
  }
}

void provenance_lines(std::ostream& out, GridFormat f, const tl::ResultFile& r) {
  const std::string bullet = f == GridFormat::Markdown ? "- " : "  ";
  auto line = [&](const std::string& k, const std::string& v) {
    out << bullet << (f == GridFormat::Markdown ? "**" + k + "**: " : k + std::string(12 - std::min<std::size_t>(11, k.size()), ' ')) << v << "\n";
  };
  line("file", r.path());
  line("command", f == GridFormat::Markdown ? "`" + r.attribute("command_line") + "`" : r.attribute("command_line"));
  line("preset", r.attribute("preset").empty() ? "(none)" : r.attribute("preset"));
  line("seed", r.attribute("seed") + (r.attribute("seeds") == "1" || r.attribute("seeds").empty() ? "" : " (" + r.attribute("seeds") + " replicates)"));
  line("wall time", tl::short_number(std::stod(r.attribute("wall_seconds").empty() ? "nan" : r.attribute("wall_seconds"))) + " s, " +
                        r.attribute("rows") + " rows, " + r.attribute("threads") + " threads");
  line("status", r.status());
  line("git", r.attribute("git_commit") + ", finished " + r.attribute("finished_utc"));
}

void main_results(std::ostream& out, GridFormat f, const Loaded& l, std::size_t max_rows) {
  if (!l.scalars.empty()) {
    tl::Grid g;
    g.headers = {"scalar", "value", "unit", "description"};
    g.right_aligned = {false, true, false, false};
    for (const auto& [name, s] : l.scalars) g.add_row({name, tl::short_number(s.value, 6), s.unit, s.description});
    tl::write_grid(out, g, f);
    out << "\n";
  }
  for (const std::string& name : tl::shown_table_names(l.file)) {
    const tl::DataTable t = tl::load_data_table(l.file, name);
    tl::Grid g = head_and_tail(tl::grid_from_columns(t.columns, false), max_rows);
    g.caption = name + (t.description.empty() ? "" : ": " + t.description);
    tl::write_grid(out, g, f);
    out << "\n";
  }
  const auto notes = l.file.summary_notes();
  for (const auto& n : notes) out << (f == GridFormat::Markdown ? "> note: " : "  note: ") << n << "\n";
  if (!notes.empty()) out << "\n";
}

void one_block(std::ostream& out, GridFormat f, const Loaded& l, std::size_t max_rows) {
  heading(out, f, 2, l.file.attribute("experiment") + " — " + l.file.attribute("title"));
  provenance_lines(out, f, l.file);
  out << "\n";
  main_results(out, f, l, max_rows);
  out << (f == GridFormat::Markdown ? "**claims**: " : "  claims: ") << tl::counts_text(l.counts) << "\n";
  failing_claims(out, f, l.claims);
  not_applicable_reasons(out, f, l.claims);
  end_section(out);
}

void combined_block(std::ostream& out, GridFormat f, const std::vector<const Loaded*>& ls) {
  heading(out, f, 2, ls.front()->file.attribute("experiment") + " — " + std::to_string(ls.size()) + " files");
  tl::Grid g;
  g.headers = {"file", "preset", "seed", "wall [s]", "status", "git", "pass", "fail", "inconclusive", "expected fail", "n/a"};
  std::vector<std::string> scalar_names;
  for (const Loaded* l : ls)
    for (const auto& [name, s] : l->scalars)
      if (std::find(scalar_names.begin(), scalar_names.end(), name) == scalar_names.end()) scalar_names.push_back(name);
  for (const auto& n : scalar_names) g.headers.push_back(n);
  g.right_aligned.assign(g.headers.size(), true);
  for (int j : {0, 1, 4, 5}) g.right_aligned[j] = false;
  for (const Loaded* l : ls) {
    const auto& r = l->file;
    std::vector<std::string> cells{r.path(), r.attribute("preset"), r.attribute("seed"),
                                   tl::short_number(std::stod(r.attribute("wall_seconds").empty() ? "nan" : r.attribute("wall_seconds"))),
                                   r.status(), r.attribute("git_commit"), std::to_string(l->counts.pass),
                                   std::to_string(l->counts.unexpected_failures()), std::to_string(l->counts.inconclusive),
                                   std::to_string(l->counts.expected_fail),
                                   std::to_string(l->counts.not_applicable)};
    for (const auto& n : scalar_names) {
      const auto it = l->scalars.find(n);
      cells.push_back(it == l->scalars.end() ? "" : tl::short_number(it->second.value, 6));
    }
    g.add_row(cells);
  }
  tl::write_grid(out, g, f);
  out << "\n";
  // The claims side by side: this run's value and verdict, one column per file.
  tl::Grid c;
  c.caption = "claims (this run's value [verdict]; columns in the order of the files above)";
  c.headers = {"claim", "source's value"};
  for (std::size_t k = 0; k < ls.size(); ++k) c.headers.push_back("#" + std::to_string(k + 1));
  std::vector<std::string> ids;
  for (const Loaded* l : ls)
    for (const auto& cl : l->claims)
      if (std::find(ids.begin(), ids.end(), cl.id()) == ids.end()) ids.push_back(cl.id());
  for (const auto& id : ids) {
    std::vector<std::string> cells{id, ""};
    for (const Loaded* l : ls) {
      std::string cell;
      for (const auto& cl : l->claims)
        if (cl.id() == id) {
          if (cells[1].empty()) cells[1] = cl.expected();
          cell = (cl.has_measurement() ? tl::short_number(cl.measured()) + " " : "") +
                 "[" + tl::verdict_label(cl) + "]";
        }
      cells.push_back(cell);
    }
    c.add_row(cells);
  }
  tl::write_grid(out, c, f);
  out << "\n";
  for (std::size_t k = 0; k < ls.size(); ++k)
    if (ls[k]->counts.strict_failures()) {
      out << (f == GridFormat::Markdown ? "failing or inconclusive claims of #" : "  failing or inconclusive claims of #") << k + 1 << " (" << ls[k]->file.path() << "):\n";
      failing_claims(out, f, ls[k]->claims);
    }
  end_section(out);
}

void machine_table(std::ostream& out, GridFormat f, const std::vector<Loaded>& loaded) {
  tl::Grid g;
  g.headers = {"file", "experiment", "preset", "seed", "command_line", "git_commit", "wall_seconds", "rows", "status",
               "pass", "fail", "inconclusive", "expected_fail", "not_applicable", "pending"};
  const std::size_t fixed = g.headers.size();
  std::vector<std::string> extra;
  auto add = [&](const std::string& h) {
    if (std::find(extra.begin(), extra.end(), h) == extra.end()) extra.push_back(h);
  };
  for (const Loaded& l : loaded) {
    for (const auto& [name, s] : l.scalars) add("scalar:" + name);
    for (const auto& c : l.claims) add("claim:" + c.id()), add("verdict:" + c.id());
  }
  g.headers.insert(g.headers.end(), extra.begin(), extra.end());
  for (const Loaded& l : loaded) {
    const auto& r = l.file;
    std::vector<std::string> cells{r.path(), r.attribute("experiment"), r.attribute("preset"), r.attribute("seed"),
                                   r.attribute("command_line"), r.attribute("git_commit"), r.attribute("wall_seconds"),
                                   r.attribute("rows"), r.status(), std::to_string(l.counts.pass), std::to_string(l.counts.fail),
                                   std::to_string(l.counts.inconclusive),
                                   std::to_string(l.counts.expected_fail), std::to_string(l.counts.not_applicable),
                                   std::to_string(l.counts.pending)};
    cells.resize(g.headers.size());
    for (std::size_t j = fixed; j < g.headers.size(); ++j) {
      const std::string& h = g.headers[j];
      const std::string key = h.substr(h.find(':') + 1);
      if (h.rfind("scalar:", 0) == 0) {
        const auto it = l.scalars.find(key);
        if (it != l.scalars.end()) cells[j] = tl::format_number(it->second.value);
      } else {
        for (const auto& c : l.claims)
          if (c.id() == key) cells[j] = h.rfind("claim:", 0) == 0 ? tl::format_number(c.measured()) : tl::to_string(c.verdict());
      }
    }
    g.add_row(cells);
  }
  tl::write_grid(out, g, f);
}

}  // namespace

int main(int argc, char** argv) {
  return tl::tool_main("tl-summarize", [&] {
    std::string format = "text";
    long long shown = 20;  // signed: Boost reads "-3" into an unsigned as 2^64 - 3
    po::options_description visible;
    visible.add_options()("help,h", "")("format", po::value<std::string>(&format), "")("rows", po::value<long long>(&shown), "");
    po::variables_map vm;
    const auto files = tl::parse_tool_arguments(argc, argv, visible, vm);
    if (vm.count("help")) {
      std::cout << kHelp;
      return 0;
    }
    if (shown < 0) throw tl::UsageError("--rows must be >= 0, got " + std::to_string(shown));
    const auto rows = static_cast<std::size_t>(shown);
    const GridFormat f = tl::parse_grid_format(format, {GridFormat::Text, GridFormat::Markdown, GridFormat::Csv, GridFormat::Tsv});
    if (files.empty()) throw tl::UsageError("expected at least one FILE (tl-summarize --help)");
    std::vector<Loaded> loaded;
    for (const auto& path : files) {
      tl::ResultFile r = tl::open_result(path);
      auto claims = r.claims();
      auto scalars = r.summary_scalars();
      const tl::ClaimCounts counts = tl::count_claims(claims);
      loaded.push_back({std::move(r), std::move(claims), std::move(scalars), counts});
    }
    if (f == GridFormat::Csv || f == GridFormat::Tsv) {
      machine_table(std::cout, f, loaded);
      return 0;
    }
    // Group by experiment, in first-seen order.
    std::vector<std::pair<std::string, std::vector<const Loaded*>>> groups;
    for (const Loaded& l : loaded) {
      const std::string e = l.file.attribute("experiment");
      auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == e; });
      if (it == groups.end()) groups.push_back({e, {&l}});
      else it->second.push_back(&l);
    }
    for (const auto& [experiment, ls] : groups) {
      if (ls.size() == 1) one_block(std::cout, f, *ls.front(), rows);
      else combined_block(std::cout, f, ls);
    }
    return 0;
  });
}
