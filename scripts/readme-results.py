#!/usr/bin/env python3
"""Regenerates the README's "Results at the default presets" claim tables (between the
markers <!-- results:begin --> and <!-- results:end -->) from the per-experiment tables
tl-tables wrote (results/tables/NAME.md), so that every number there comes from a result
file named in the text; and its figures (between <!-- figures:begin --> and
<!-- figures:end -->), one per line of docs/figures.tsv, each with a caption giving, for
every claim the figure illustrates, the claim's statement, its prediction, this run's
measurement and the verdict, from the same tables. A claim that the tables lack is an
error (exit 1): a caption never says less than the figure's claims.
Usage: readme-results.py TABLES_DIR README PRESET [FIGURES_TSV]"""
import re
import sys

ORDER = ["quantization_scaling", "jl_attention_scale", "gradient_max_scale", "gradient_penalty", "probability_space"]
MAX_CELL = 60


def cells(line):
    parts = re.split(r"(?<!\\)\|", line.strip())
    return [p.strip() for p in parts[1:-1]]


NUMBER = re.compile(r"-?\d+\.\d{5,}(?:e[-+]?\d+)?")


def short(text):
    """4 significant digits for long numbers (as tl-tables' short form), then at most MAX_CELL characters."""
    text = NUMBER.sub(lambda m: "%.4g" % float(m.group(0)), text).replace("needs half-width <= ", "needs ±")
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def claim_rows(path):
    """(the table's "Result file:" line, [row dicts]) of a tl-tables NAME.md."""
    lines = open(path, encoding="utf-8").read().splitlines()
    meta = next((l for l in lines if l.startswith("Result file:")), "")
    header = next(i for i, l in enumerate(lines) if l.startswith("| claim |"))
    columns = cells(lines[header])
    rows = []
    for line in lines[header + 2:]:
        if not line.startswith("|"):
            break
        rows.append(dict(zip(columns, cells(line))))
    return meta, rows


def statement(text, limit=140):
    """The claim's statement up to its first ';' (the rest is detail in docs/CLAIMS.md), cut at a word."""
    text = text.split("; ")[0].strip()
    if len(text) <= limit:
        return text
    return text[: text.rfind(" ", 0, limit - 1)] + " …"


def figure_block(tables, png, experiment, claims, alt, shows):
    path = f"{tables}/{experiment}.md"
    meta, rows = claim_rows(path)
    by_id = {r["claim"]: r for r in rows}
    out = [f"![{alt}](docs/{png})", ""]
    caption = [shows.replace("*", "\\*")]  # Markdown: "alpha*" and "F*" are not emphasis
    for claim in claims:
        if claim not in by_id:
            sys.exit(f"readme-results: figure {png}: claim '{claim}' is not in {path}")
        r = by_id[claim]
        source_value = r["source's value"] or "-"
        caption.append(f"Prediction `{claim}` ({statement(r['statement'])}): {short(source_value)}; "
                       f"this run {r['this run']} ({short(r['tolerance / CI'])}): **{r['verdict']}**.")
    where = meta.replace("Result file:", "").strip()
    caption.append(f"From {where}." if where else "")
    out.append(" ".join(c for c in caption if c))
    return out


def figures_body(tables, figures_tsv):
    body = []
    for line in open(figures_tsv, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        png, experiment, claims, alt, shows = line.rstrip("\n").split("\t")
        body += figure_block(tables, png, experiment, [c for c in claims.split(",") if c], alt, shows) + [""]
    return body


def replace_between(text, begin, end, body, readme):
    if begin not in text or end not in text:
        sys.exit(f"readme-results: {readme} has no {begin} ... {end} markers")
    return text[: text.index(begin) + len(begin)] + "\n" + "\n".join(body) + text[text.index(end):]


def experiment_block(path, name):
    meta, all_rows = claim_rows(path)
    rows = [r for r in all_rows if r["verdict"] != "n/a"]
    not_applicable = len(all_rows) - len(rows)
    out = [f"**{name}**" + (f" ({not_applicable} n/a claims not shown)" if not_applicable else ""), ""]
    out.append(meta.replace("Result file:", "From").rstrip())
    out += ["", "| claim | source's value | this run | tolerance / CI | verdict |", "|---|---|---|---|---|"]
    for r in rows:
        out.append(f"| `{r['claim']}` | {short(r[chr(39).join(['source', 's value'])])} | {r['this run']} | "
                   f"{short(r['tolerance / CI'])} | {r['verdict']} |")
    return out


def main():
    tables, readme, preset = sys.argv[1:4]
    figures_tsv = sys.argv[4] if len(sys.argv) > 4 else "docs/figures.tsv"
    text = open(readme, encoding="utf-8").read()
    body = []
    for name in ORDER:
        body += experiment_block(f"{tables}/{name}.md", name) + [""]
    text = replace_between(text, "<!-- results:begin -->", "<!-- results:end -->", body, readme)
    text = replace_between(text, "<!-- figures:begin -->", "<!-- figures:end -->", figures_body(tables, figures_tsv), readme)
    open(readme, "w", encoding="utf-8").write(text)
    print(f"readme-results: {readme} claim tables and figure captions from {tables} (preset {preset})")


if __name__ == "__main__":
    main()
