#include "theorylab/report/html_report.hpp"

#include "theorylab/report/claims_report.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <sstream>

#include "theorylab/report/grid.hpp"
#include "theorylab/report/plot.hpp"
#include "theorylab/report/result_data.hpp"
#include "theorylab/report/source_table.hpp"

namespace tl {

namespace {

// Verdict colours: green pass, red fail, amber inconclusive, muted orange for a
// predicted failure, grey n/a, slate for anything unknown.
const char* kCss = R"(
body{font:14px/1.45 -apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#1d2329;margin:0;background:#f6f7f9}
main{max-width:1100px;margin:0 auto;padding:24px 28px 48px;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #dde1e6;padding-bottom:4px}
h3{font-size:15px;margin:18px 0 6px}.sub{color:#56606b;margin:0 0 12px}
table{border-collapse:collapse;margin:6px 0 10px;font-size:13px}
th,td{border:1px solid #dde1e6;padding:3px 7px;vertical-align:top;text-align:left}
th{background:#eef1f4;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.wide{overflow-x:auto;max-width:100%}.kv td:first-child{color:#56606b;white-space:nowrap}
.badge{display:inline-block;border-radius:10px;padding:1px 9px;font-size:12px;font-weight:600;margin-right:6px}
.v{font-weight:600;white-space:nowrap;text-align:center}
.pass{background:#d9f2dd;color:#135c22}.fail{background:#f9d6d5;color:#8a1c17}
.expected-fail{background:#fbe6cf;color:#7a4307}.inconclusive{background:#fff0b3;color:#6b5200}
.na{background:#eceef0;color:#5a636c}.pending{background:#e6e0f5;color:#45307a}.unknown{background:#e3e8ee;color:#33414f}
figure{margin:14px 0;display:block}figure img{width:760px;max-width:100%;height:auto;border:1px solid #dde1e6}
figcaption{font-size:12px;color:#56606b;max-width:800px}.note{color:#56606b;font-size:13px}
.swept{font-weight:600;color:#0b4f8a}footer{margin-top:32px;color:#7a838c;font-size:12px}
code{font-size:12px;background:#f0f2f4;padding:0 3px;border-radius:3px}
)";

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

void key_value_table(std::ostream& out, const std::vector<std::pair<std::string, std::string>>& rows,
                     const std::set<std::string>& strong = {}) {
  out << "<table class=\"kv\">\n";
  for (const auto& [k, v] : rows)
    out << "<tr><td>" << html_escape(k) << "</td><td" << (strong.count(k) ? " class=\"swept\"" : "") << ">" << html_escape(v)
        << "</td></tr>\n";
  out << "</table>\n";
}

bool is_numeric(const Column& c) { return !std::holds_alternative<std::vector<std::string>>(c.data); }

void columns_table(std::ostream& out, const std::vector<Column>& columns, std::size_t max_rows) {
  const std::size_t rows = columns.empty() ? 0 : columns.front().size();
  out << "<div class=\"wide\"><table>\n<tr>";
  for (const Column& c : columns) out << "<th>" << html_escape(axis_label(c.name, c.unit)) << "</th>";
  out << "</tr>\n";
  for (std::size_t r = 0; r < rows && r < max_rows; ++r) {
    out << "<tr>";
    for (const Column& c : columns)
      out << "<td" << (is_numeric(c) ? " class=\"num\"" : "") << ">" << html_escape(column_cell(c, r, false)) << "</td>";
    out << "</tr>\n";
  }
  out << "</table></div>\n";
  if (rows > max_rows)
    out << "<p class=\"note\">… " << rows - max_rows << " more rows (all " << rows << " in the result file).</p>\n";
}

void claims_section(std::ostream& out, const std::vector<Claim>& claims) {
  std::map<std::string, int> counts;
  for (const Claim& c : claims) ++counts[verdict_label(c)];
  out << "<h2 id=\"claims\">Claims</h2>\n<p>";
  for (const auto& [label, n] : counts)
    out << "<span class=\"badge " << verdict_class(label) << "\">" << n << " " << html_escape(label) << "</span>";
  if (claims.empty()) out << "This run states no claims.";
  out << "</p>\n<div class=\"wide\"><table>\n<tr><th>claim</th><th>statement</th><th>source's value</th><th>this run</th>"
         "<th>tolerance / CI</th><th>verdict</th><th>family and evidence</th><th>note</th></tr>\n";
  const std::vector<std::string> ids = short_claim_ids(claims);
  for (std::size_t i = 0; i < claims.size(); ++i) {
    const Claim& c = claims[i];
    const std::string label = verdict_label(c);
    out << "<tr><td><code>" << html_escape(ids[i]) << "</code></td><td>" << html_escape(c.spec().statement)
        << "<br><span class=\"note\">" << html_escape(c.spec().source) << "</span></td><td>" << html_escape(c.expected())
        << "</td><td class=\"num\">" << html_escape(short_number(c.measured())) << "</td><td>" << html_escape(c.tolerance())
        << "</td><td class=\"v " << verdict_class(label) << "\">" << html_escape(label) << "</td><td class=\"note\">"
        << html_escape(family_text(c)) << "</td><td class=\"note\">" << html_escape(c.notes()) << "</td></tr>\n";
  }
  out << "</table></div>\n";
}

}  // namespace

std::string verdict_class(const std::string& verdict_label) {
  const std::string v = lower(verdict_label);
  if (v == "pass") return "pass";
  if (v == "fail") return "fail";
  if (v == "fail (expected)") return "expected-fail";
  if (v == "n/a") return "na";
  if (v == "inconclusive") return "inconclusive";
  if (v == "pending") return "pending";
  return "unknown";
}

std::string html_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string base64_encode(const std::string& bytes) {
  static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
    out += k[v >> 18], out += k[(v >> 12) & 63], out += k[(v >> 6) & 63], out += k[v & 63];
  }
  if (i + 1 == bytes.size()) {
    const unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    out += k[v >> 18], out += k[(v >> 12) & 63], out += "==";
  } else if (i + 2 == bytes.size()) {
    const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8);
    out += k[v >> 18], out += k[(v >> 12) & 63], out += k[(v >> 6) & 63], out += '=';
  }
  return out;
}

std::string html_report(const ResultFile& file, const std::vector<HtmlFigure>& figures, std::size_t max_rows) {
  std::ostringstream out;
  const std::string experiment = file.attribute("experiment");
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>" << html_escape(experiment)
      << " — theorylab report</title>\n<style>" << kCss << "</style></head>\n<body><main>\n";
  out << "<h1>" << html_escape(file.attribute("title")) << "</h1>\n<p class=\"sub\"><code>" << html_escape(experiment)
      << "</code> · " << html_escape(file.attribute("source")) << "</p>\n";
  const std::string status = file.status();
  out << "<p><span class=\"badge " << (status == "complete" ? "pass" : "fail") << "\">" << html_escape(status)
      << "</span> preset <b>" << html_escape(file.attribute("preset").empty() ? "none" : file.attribute("preset"))
      << "</b> · " << html_escape(file.attribute("rows")) << " rows · finished " << html_escape(file.attribute("finished_utc"))
      << " · " << html_escape(file.attribute("wall_seconds")) << " s wall</p>\n<p><code>"
      << html_escape(file.attribute("command_line")) << "</code></p>\n";

  claims_section(out, file.claims());

  if (!figures.empty()) {
    out << "<h2 id=\"figures\">Figures</h2>\n";
    for (const HtmlFigure& f : figures) {
      if (f.data_uri.empty()) {
        out << "<p class=\"note\">Not drawn: " << html_escape(f.caption) << " — " << html_escape(f.problem) << "</p>\n";
        continue;
      }
      out << "<figure><img alt=\"" << html_escape(f.caption) << "\" src=\"" << f.data_uri << "\"><figcaption>"
          << html_escape(f.caption) << "</figcaption></figure>\n";
    }
  }

  const auto shown = shown_table_names(file);
  if (!shown.empty()) out << "<h2 id=\"tables\">Results</h2>\n";
  for (const std::string& name : shown) {
    const DataTable t = load_data_table(file, name);
    out << "<h3>" << html_escape(name) << "</h3>\n";
    if (!t.description.empty()) out << "<p class=\"note\">" << html_escape(t.description) << "</p>\n";
    columns_table(out, t.columns, max_rows);
  }
  const auto scalars = file.summary_scalars();
  if (!scalars.empty()) {
    out << "<h3>scalars</h3>\n<div class=\"wide\"><table>\n<tr><th>name</th><th>value</th><th>unit</th><th>meaning</th></tr>\n";
    for (const auto& [name, s] : scalars)
      out << "<tr><td><code>" << html_escape(name) << "</code></td><td class=\"num\">" << html_escape(short_number(s.value))
          << "</td><td>" << html_escape(s.unit) << "</td><td class=\"note\">" << html_escape(s.description) << "</td></tr>\n";
    out << "</table></div>\n";
  }
  const auto notes = file.summary_notes();
  if (!notes.empty()) {
    out << "<h3>notes</h3>\n<ul>\n";
    for (const auto& n : notes) out << "<li>" << html_escape(n) << "</li>\n";
    out << "</ul>\n";
  }

  out << "<h2 id=\"parameters\">Parameters</h2>\n<p class=\"note\">Swept parameters in bold blue (their sweep expression).</p>\n";
  const auto params = file.params();
  std::set<std::string> swept;
  if (params.count("swept"))
    for (const auto& k : split_list(params.at("swept"))) swept.insert(k);
  std::vector<std::pair<std::string, std::string>> p;
  for (const auto& [k, v] : params)
    if (k != "swept") p.push_back({k, v});
  key_value_table(out, p, swept);

  out << "<h2 id=\"provenance\">Provenance</h2>\n";
  std::vector<std::pair<std::string, std::string>> a;
  for (const auto& [k, v] : file.attributes()) a.push_back({k, v});
  key_value_table(out, a);
  out << "<footer>Generated by tl-report from <code>" << html_escape(file.path())
      << "</code>. Every number on this page is read from that file.</footer>\n</main></body></html>\n";
  return out.str();
}

}  // namespace tl
