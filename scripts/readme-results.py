#!/usr/bin/env python3
"""Regenerates the README's "Results at the default presets" claim tables (between the
markers <!-- results:begin --> and <!-- results:end -->) from the per-experiment tables
tl-tables wrote (results/tables/NAME.md), so that every number there comes from a result
file named in the text; and its figures (between <!-- figures:begin --> and
<!-- figures:end -->), one per line of docs/figures.tsv, each with a caption giving, for
every claim the figure illustrates, the claim's statement, its prediction, this run's
measurement and the verdict, from the same tables. A claim that the tables lack is an
error (exit 1): a caption never says less than the figure's claims.
A figure whose experiment column is NAME-PRESET belongs to a committed reference run
(tl-tables --reference: results/tables/NAME-PRESET.md); those go between
<!-- reference:begin --> and <!-- reference:end -->, after that run's tables (the
finite-size ladder: its exponents per rung, its trend across rungs, its kappa claims);
the paper-regime and paper-ladder references have markers of their own
(<!-- paper-regime:begin -->, <!-- paper-ladder:begin -->).
Usage: readme-results.py TABLES_DIR README PRESET [FIGURES_TSV]"""
import re
import os
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


def markdown_rows(lines, header):
    """(columns, [row dicts]) of the Markdown table whose header line is lines[header]."""
    columns = cells(lines[header])
    rows = []
    for line in lines[header + 2:]:
        if not line.startswith("|"):
            break
        rows.append(dict(zip(columns, cells(line))))
    return columns, rows


def claim_rows(path):
    """(the table's "Result file:" line, [row dicts]) of a tl-tables NAME.md."""
    lines = open(path, encoding="utf-8").read().splitlines()
    meta = next((l for l in lines if l.startswith("Result file:")), "")
    header = next(i for i, l in enumerate(lines) if l.startswith("| claim |"))
    _, rows = markdown_rows(lines, header)
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


def figure_rows(figures_tsv):
    for line in open(figures_tsv, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        yield line.rstrip("\n").split("\t")


def figures_body(tables, figures_tsv, reference_key=None):
    """The figures of the default runs (reference_key None) or of one reference run."""
    body = []
    for png, experiment, claims, alt, shows in figure_rows(figures_tsv):
        is_reference = "-" in experiment
        if (reference_key is None and is_reference) or (reference_key is not None and experiment != reference_key):
            continue
        body += figure_block(tables, png, experiment, [c for c in claims.split(",") if c], alt, shows) + [""]
    return body


def summary_table(path, name):
    """(columns, [row dicts]) of the shown summary table NAME in a tl-tables NAME.md."""
    lines = open(path, encoding="utf-8").read().splitlines()
    start = next((i for i, l in enumerate(lines) if l.startswith(f"**{name}:") or l == f"**{name}**"), None)
    if start is None:
        sys.exit(f"readme-results: {path} has no summary table '{name}'")
    header = next(i for i in range(start, len(lines)) if lines[i].startswith("|"))
    return markdown_rows(lines, header)


def markdown_table(headers, rows):
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out


LADDER_ALPHA = "0.4"


def quanta_split_rows(path):
    """Per rung, alpha_N split into the quantized part and the rest (the quanta_split table),
    when the run has it; else nothing."""
    if not any(l.startswith("**quanta_split:") or l == "**quanta_split**" for l in open(path, encoding="utf-8")):
        return []
    _, split = summary_table(path, "quanta_split")
    split = [r for r in split if r.get("alpha") == LADDER_ALPHA and "n_tasks [subtasks]" in r]
    if not split:
        return []
    split.sort(key=lambda r: float(r["n_tasks [subtasks]"]))
    out = ["", "α_N per rung split into the quantized part (the slope of the not-learned subtasks' mass) and the rest "
           "(the not-learned subtasks' own loss falling with N, which the model does not have):", ""]
    return out + markdown_table(["T", "alpha_N", "quantized part", "rest α_rest"],
                                [[r["n_tasks [subtasks]"], r["alpha_N"], f"{r['alpha_quantized']} [{r['quantized_lo']}, {r['quantized_hi']}]",
                                  f"{r['alpha_rest']} [{r['rest_lo']}, {r['rest_hi']}]"] for r in split])


def ladder_block(tables, key, figures_tsv):
    """The finite-size ladder's reference run: per rung the fitted exponents with their CIs
    beside the model's finite-T prediction, theory and the paper; the trend across rungs;
    the kappa claims per rung; then its figures."""
    path = f"{tables}/{key}.md"
    text = open(path, encoding="utf-8").read().splitlines()
    reference = next((l for l in text if l.startswith("Reference run:")), "").rstrip()
    meta, claims = claim_rows(path)
    out = [reference, "", meta.replace("Result file:", "From").rstrip() + ".", ""]
    _, rungs = summary_table(path, "exponent_table")
    rungs = [r for r in rungs if r["alpha"] == LADDER_ALPHA]
    order = {"alpha_N": 0, "alpha_S": 1, "alpha_D": 2}
    rungs.sort(key=lambda r: (order.get(r["exponent"], 3), float(r["n_tasks [subtasks]"])))
    out.append(f"Fitted exponents per rung (alpha = {LADDER_ALPHA}; 95% CI), beside the quantization model at this T "
               "and window at the measured κ (in brackets: at the ends of κ's 95% CI). \"Claim\": the verdict of the "
               "rung's claim `alpha_*_finite_t_a04[n_tasks=T]` (measured = the model's prediction; it decides on the gap "
               "measured − model, whose half-width adds the CI's and the model's spread over κ's CI (its farther end) in "
               "quadrature: a pass needs it to hold 0 and to be at most ±0.05, else FAIL or INCONCLUSIVE; the rungs of "
               "one claim are a family, their FAILs under Holm's control):")
    verdict = {c["claim"]: c["verdict"] for c in claims}
    out.append("")
    rows = []
    for r in rungs:
        ci = f"[{r['ci_lo']}, {r['ci_hi']}]" if r["ci_lo"] != "-" else "-"
        model = (f"{r['theory_finite_T']} [{r['theory_finite_T_lo']}, {r['theory_finite_T_hi']}]"
                 if r["theory_finite_T"] != "-" else "-")
        kappa = f"{r['kappa']} [{r['kappa_lo']}, {r['kappa_hi']}]" if r["kappa"] != "-" else "-"
        rows.append([r["exponent"], r["n_tasks [subtasks]"], r["steps [steps]"], r["measured"], ci, kappa, model,
                     r["theory"], r["paper"],
                     verdict.get(f"{r['exponent'].lower()}_finite_t_a04[n_tasks={r['n_tasks [subtasks]']}]", "-"),
                     short(r["window"]) if r["measured"] == "-" else r["points"]])
    out += markdown_table(["exponent", "T", "steps", "measured", "95% CI", "κ (measured)", "model at this T",
                           "theory (T = ∞)", "paper", "claim", "points (or why not fitted)"], rows)
    out += quanta_split_rows(path)
    out += ["", "Trend across the rungs (weighted least squares on ln T: of the exponent, with its CI; of the gap "
            "measured − model, each rung's gap with both errors, which `vs model` decides):", ""]
    _, trend = summary_table(path, "ladder_trend")
    rows = [[t["exponent"], t["slope_per_ln_T"], f"[{t['ci_lo']}, {t['ci_hi']}]", t["finite_T_slope"],
             f"{t['gap_to_finite_T_slope']} [{t['gap_ci_lo']}, {t['gap_ci_hi']}]" if t["gap_to_finite_T_slope"] != "-" else "-",
             t["reduced_chi2"], t["rungs"], t["gap_to_theory_first_rung"], t["gap_to_theory_last_rung"], t["vs_theory"],
             t["vs_finite_T"]]
            for t in sorted(trend, key=lambda t: order.get(t["exponent"], 3)) if t["alpha"] == LADDER_ALPHA]
    out += markdown_table(["exponent", "slope per ln T", "95% CI", "model's slope", "gap's slope (95% CI)", "reduced χ²",
                           "rungs", "measured − theory, first rung", "last rung", "toward theory?", "vs model"], rows)
    out += ["", "Trend claims and the κ claims per rung (a toward-theory claim's value is the slope times the side "
            "of the theory the rungs lie on: below 0, the gap to the theory closes as T grows):", ""]
    def rung(claim):  # kappa_n_a04[n_tasks=T] -> T; the trend claims last
        return float(claim.split("n_tasks=")[1].rstrip("]")) if "n_tasks=" in claim else float("inf")
    wanted = sorted((c for c in claims if c["claim"].startswith("ladder_alpha_") or
                     c["claim"].startswith(("kappa_n_a04[", "kappa_d_a04["))), key=lambda c: (rung(c["claim"]), c["claim"]))
    out += markdown_table(["claim", "source's value", "this run", "tolerance / CI", "verdict"],
                          [[f"`{c['claim']}`", short(c["source's value"]), c["this run"], short(c["tolerance / CI"]),
                            c["verdict"]] for c in wanted])
    out.append("")
    return out + figures_body(tables, figures_tsv, key)


def quantization_accounting(tables, key="quantization_scaling", what="The default run (T = 64 subtasks, n = 48, k = 3)"):
    """What accounts for the default run's exponents (quantization_scaling, alpha = 0.4): the
    window estimator beside theory, the model at this T (at the theory's and the measured
    kappa) and the non-quantized part; then the paper's values beside the model over the
    paper's window and the authors' estimator on this run."""
    path = f"{tables}/{key}.md"
    meta, _ = claim_rows(path)
    _, exps = summary_table(path, "exponent_table")
    _, authors = summary_table(path, "authors_estimator_table")
    _, split = summary_table(path, "quanta_split")
    rest = {r["alpha"]: r for r in split}
    out = [meta.replace("Result file:", "From").rstrip() + ".", "",
           f"{what}, theorylab's window estimator (95% CI):", ""]
    rows = []
    for r in exps:
        if r["alpha"] != LADDER_ALPHA:
            continue
        q = rest.get(r["alpha"]) if r["exponent"] == "alpha_N" else None
        rows.append([r["exponent"], f"{r['measured']} [{r['ci_lo']}, {r['ci_hi']}]", f"{r['kappa']} [{r['kappa_lo']}, {r['kappa_hi']}]",
                     r["theory"], r["theory_finite_T_kappa1"],
                     f"{r['theory_finite_T']} [{r['theory_finite_T_lo']}, {r['theory_finite_T_hi']}]"
                     if r["theory_finite_T"] != "-" else "-",
                     f"{q['alpha_rest']} [{q['rest_lo']}, {q['rest_hi']}]" if q else "-", r["vs_finite_T"]])
    out += markdown_table(["exponent", "this run", "κ (measured)", "theory, T = ∞", "model at this T, theory's κ",
                           "model at this T, measured κ [over κ's CI]", "non-quantized part α_rest",
                           "model (measured κ) consistent? (both errors)"], rows)
    out += ["", "The paper's values (Fig. A4b, T = 500) beside the quantization model over the paper's window "
            "(n_learned 1.4–24 of 500) and the authors' estimator applied to this run:", ""]
    rows = []
    for r in authors:
        if r["alpha"] != LADDER_ALPHA:
            continue
        ours = f"{r['measured']} [{r['ci_lo']}, {r['ci_hi']}]" if r["measured"] != "-" else "-"
        rows.append([r["exponent"], r["paper"], r["model_paper_window_kappa1"], r["model_paper_window_measured_kappa"],
                     ours, f"{r['reach_n_learned']} of {r['T']}", r["paper_regime"], r["vs_paper"]])
    out += markdown_table(["exponent", "paper", "model, paper's window, theory's κ", "model, paper's window, this run's κ",
                           "authors' estimator on this run", "its fit reaches", "paper's regime?", "vs paper"], rows)
    out.append("")
    return out


PAPER_REGIME = "quantization_scaling-paper-regime"
PAPER_LADDER = "quantization_scaling-paper-ladder"


def paper_regime_block(tables, figures_tsv):
    """The paper-regime reference: the accounting tables, every *_paper_* claim at the
    ladder's alpha with its verdict and reason, then its figures."""
    out = quantization_accounting(tables, PAPER_REGIME, "The paper-regime reference (P-scaling-17 at alpha = 0.4: "
                                  "T = 500, n = 100, k = 3, batch 20000; 15000 steps, 2 seeds)")
    _, claims = claim_rows(f"{tables}/{PAPER_REGIME}.md")
    wanted = [c for c in claims if "_paper_a04" in c["claim"] or c["claim"].startswith("convergence_slope")]
    out += ["The paper's claims on this run (verdict, and the reason where not decided):", ""]
    out += markdown_table(["claim", "source's value", "this run", "tolerance / CI", "verdict", "note"],
                          [[f"`{c['claim']}`", short(c["source's value"]), c["this run"], short(c["tolerance / CI"]),
                            c["verdict"], c["note"]] for c in wanted])
    out.append("")
    return out + figures_body(tables, figures_tsv, PAPER_REGIME)


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


REFERENCE_BLOCKS = {"quantization_scaling-ladder": ladder_block}


def main():
    tables, readme, preset = sys.argv[1:4]
    figures_tsv = sys.argv[4] if len(sys.argv) > 4 else "docs/figures.tsv"
    text = open(readme, encoding="utf-8").read()
    body = []
    for name in ORDER:
        body += experiment_block(f"{tables}/{name}.md", name) + [""]
    text = replace_between(text, "<!-- results:begin -->", "<!-- results:end -->", body, readme)
    text = replace_between(text, "<!-- figures:begin -->", "<!-- figures:end -->", figures_body(tables, figures_tsv), readme)
    text = replace_between(text, "<!-- accounting:begin -->", "<!-- accounting:end -->", quantization_accounting(tables), readme)
    if "<!-- paper-regime:begin -->" in text and os.path.exists(f"{tables}/{PAPER_REGIME}.md"):
        text = replace_between(text, "<!-- paper-regime:begin -->", "<!-- paper-regime:end -->",
                               paper_regime_block(tables, figures_tsv), readme)
    if "<!-- paper-ladder:begin -->" in text and os.path.exists(f"{tables}/{PAPER_LADDER}.md"):
        text = replace_between(text, "<!-- paper-ladder:begin -->", "<!-- paper-ladder:end -->",
                               ladder_block(tables, PAPER_LADDER, figures_tsv), readme)
    references = sorted({e for _, e, _, _, _ in figure_rows(figures_tsv)
                         if "-" in e and e not in (PAPER_REGIME, PAPER_LADDER)})
    if references:
        body = []
        for key in references:
            if key not in REFERENCE_BLOCKS:
                sys.exit(f"readme-results: docs/figures.tsv names the reference run '{key}', which has no README block here")
            body += REFERENCE_BLOCKS[key](tables, key, figures_tsv)
        text = replace_between(text, "<!-- reference:begin -->", "<!-- reference:end -->", body, readme)
    open(readme, "w", encoding="utf-8").write(text)
    print(f"readme-results: {readme} claim tables and figure captions from {tables} (preset {preset})")


if __name__ == "__main__":
    main()
