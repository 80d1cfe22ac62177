#!/usr/bin/env python3
"""Regenerates the README's "Results at the default presets" claim tables (between the
markers <!-- results:begin --> and <!-- results:end -->) from the per-experiment tables
tl-tables wrote (results/tables/NAME.md), so that every number there comes from a result
file named in the text. Usage: readme-results.py TABLES_DIR README PRESET"""
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


def experiment_block(path, name):
    lines = open(path, encoding="utf-8").read().splitlines()
    meta = next((l for l in lines if l.startswith("Result file:")), "")
    header = next(i for i, l in enumerate(lines) if l.startswith("| claim |"))
    columns = cells(lines[header])
    rows, not_applicable = [], 0
    for line in lines[header + 2:]:
        if not line.startswith("|"):
            break
        row = dict(zip(columns, cells(line)))
        if row["verdict"] == "n/a":
            not_applicable += 1
            continue
        rows.append(row)
    out = [f"**{name}**" + (f" ({not_applicable} n/a claims not shown)" if not_applicable else ""), ""]
    out.append(meta.replace("Result file:", "From").rstrip())
    out += ["", "| claim | source's value | this run | tolerance / CI | verdict |", "|---|---|---|---|---|"]
    for r in rows:
        out.append(f"| `{r['claim']}` | {short(r[chr(39).join(['source', 's value'])])} | {r['this run']} | "
                   f"{short(r['tolerance / CI'])} | {r['verdict']} |")
    return out


def main():
    tables, readme, preset = sys.argv[1:4]
    text = open(readme, encoding="utf-8").read()
    begin, end = "<!-- results:begin -->", "<!-- results:end -->"
    if begin not in text or end not in text:
        sys.exit(f"readme-results: {readme} has no {begin} ... {end} markers")
    body = []
    for name in ORDER:
        body += experiment_block(f"{tables}/{name}.md", name) + [""]
    new = text[: text.index(begin) + len(begin)] + "\n" + "\n".join(body) + text[text.index(end):]
    open(readme, "w", encoding="utf-8").write(new)
    print(f"readme-results: {readme} claim tables from {tables} (preset {preset})")


if __name__ == "__main__":
    main()
