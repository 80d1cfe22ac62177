#!/usr/bin/env bash
# make plots: the canned plots of every experiment, drawn by tl-plot from the canonical
# result file results/NAME-PRESET.h5 (tl-tables --files-only checks it, and runs the
# experiment when there is none).
#   scripts/make-plots.sh BUILD PRESET [OUT]     (Makefile: make plots [PRESET=quick])
# Environment: TL_RESULTS (default results), TL_PLOT_SIZE (default 800x560),
# TL_PLOT_ONLY (space-separated PNG names: draw only these; scripts/make-docs.sh uses it),
# TL_NO_RUN=1 (never run an experiment: plot only those with a result file).
# The column names below are the experiments' own (see their reduce code or tl-inspect).
set -uo pipefail
BUILD=${1:-build}
PRESET=${2:-default}
cd "$(dirname "$0")/.."
OUT=${3:-results/plots}
RESULTS=${TL_RESULTS:-results}
SIZE=${TL_PLOT_SIZE:-800x560}
ONLY=" ${TL_PLOT_ONLY:-} "
case "$BUILD" in /*) ;; *) BUILD="$PWD/$BUILD" ;; esac
for tool in "$BUILD/theorylab" "$BUILD/tl-tables" "$BUILD/tl-plot" "$BUILD/tl-inspect"; do
  [ -x "$tool" ] || { echo "make-plots: $tool is missing; build first (make build)" >&2; exit 2; }
done
mkdir -p "$OUT"

declare -A FILE
NO_RUN=()
[ -n "${TL_NO_RUN:-}" ] && NO_RUN=(--no-run)
# At the default preset also the committed reference runs (reference/NAME-PRESET/PRESET.h5),
# as FILE[NAME-PRESET].
REFERENCE=()
[ "$PRESET" = default ] && [ -d reference ] && REFERENCE=(--reference reference)
while read -r name file; do FILE[$name]=$file; done < <("$BUILD/tl-tables" --files-only --preset "$PRESET" \
  --theorylab "$BUILD/theorylab" --results "$RESULTS" "${NO_RUN[@]}" "${REFERENCE[@]}")

drawn=0 failed=0
# plot EXPERIMENT NAME.png tl-plot-arguments...
plot() {
  local experiment=$1 png=$2
  shift 2
  [ -n "${FILE[$experiment]:-}" ] || return 0
  if [ "$ONLY" != "  " ] && [[ "$ONLY" != *" $png "* ]]; then return 0; fi
  local messages
  if messages=$("$BUILD/tl-plot" "${FILE[$experiment]}" --size "$SIZE" --force --out "$OUT/$png" "$@" 2>&1 >/dev/null); then
    drawn=$((drawn + 1))
  else
    echo "make-plots: $png not drawn: $messages" >&2
    failed=$((failed + 1))
  fi
}

# value EXPERIMENT TABLE COLUMN KEY=VALUE...: one cell of a /summary table (first match).
value() {
  local experiment=$1 table=$2 column=$3
  shift 3
  "$BUILD/tl-inspect" "${FILE[$experiment]}" "/summary/tables/$table" --csv 2>/dev/null | awk -F, -v col="$column" -v conds="$*" '
    NR == 1 { for (i = 1; i <= NF; i++) index_of[$i] = i; n = split(conds, c, " "); next }
    { ok = 1; for (k = 1; k <= n; k++) { split(c[k], kv, "="); if ($(index_of[kv[1]]) != kv[2]) ok = 0 }
      if (ok) { print $(index_of[col]); exit } }'
}

# column EXPERIMENT PATH COLUMN KEY=VALUE...: one cell of the CSV of a table (/table or
# /summary/tables/NAME), first matching row.
column_cell() {
  local experiment=$1 path=$2 column=$3
  shift 3
  "$BUILD/tl-inspect" "${FILE[$experiment]}" "$path" --csv 2>/dev/null | awk -F, -v col="$column" -v conds="$*" '
    NR == 1 { for (i = 1; i <= NF; i++) index_of[$i] = i; n = split(conds, c, " "); next }
    { ok = 1; for (k = 1; k <= n; k++) { split(c[k], kv, "="); if ($(index_of[kv[1]]) != kv[2]) ok = 0 }
      if (ok) { print $(index_of[col]); exit } }'
}

# verdict EXPERIMENT CLAIM_ID: the claim's verdict in the file ("" if absent), spelled as
# in the claims tables (FAIL, INCONCLUSIVE).
verdict() {
  "$BUILD/tl-summarize" --format csv "${FILE[$1]}" 2>/dev/null | awk -F, -v col="verdict:$2" '
    NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) k = i; next }
    k { v = $k; if (v == "fail" || v == "inconclusive") v = toupper(v); print v; exit }'
}

# ---- jl_attention_scale: JL k50 against ln N with the bounds; entropy against n per scale
plot jl_attention_scale jl-k50-vs-N-bounds.png --table jl_k50 --where eps=0.3 --logx \
  --x N --y k50,k_union_bound,bound_8lnN,bound_sklearn,bound_16lnN --title "JL dimension k50 at eps = 0.3 against ln N, with the bounds"
plot jl_attention_scale jl-k50-vs-N.png --table jl_k50 --logx --x N --y k50 --by eps
plot jl_attention_scale jl-entropy-vs-n-gaussian-d64.png --table entropy --where vectors=gaussian --where d=64 --logx \
  --x n --y H --by scale --title "attention entropy against n per scale (Gaussian vectors, d = 64)"
plot jl_attention_scale jl-entropy-vs-n-sphere-d64.png --table entropy --where vectors=sphere --where d=64 --logx \
  --x n --y H --by scale --title "attention entropy against n per scale (sphere vectors, d = 64)"
plot jl_attention_scale jl-hd.png --table hd_table --x d --y h_d,article,linear_0_240606_d

# ---- probability_space: convergence curves per solver; final gap against n
for problem in T1 T2 T3 T4 T5 T6; do
  bound=()  # T1 is L-smooth with L = 2: Jaggi's F - F* <= 4L/(t+2) for the 2/(t+2) and line-search steps
  [ "$problem" = T1 ] && bound=(--theory '8/(x+2)' --theory-title "Jaggi 2013 bound 4L/(t+2), L = 2 (claim fw_rate: $(verdict probability_space fw_rate))")
  plot probability_space "ps-convergence-$problem.png" --series --where problem=$problem --where n=4 --by solver \
    --x iteration --y gap --logx --logy --drop-nonpositive "${bound[@]}" --title "$problem (n = 4): F - F* per iteration, per solver"
done
plot probability_space ps-t8-kl.png --series --where problem=T8 --where n=4 --by solver --x time --y kl,kl_closed_form --logy \
  --drop-nonpositive --title "T8: KL along the flows against the closed form"
plot probability_space ps-final-gap-vs-n-T2.png --where problem=T2 --where applicable=1 --by solver --x n --y final_gap \
  --logx --logy --drop-nonpositive

# ---- gradient_max_scale: alpha* against n with the article's fit and this run's
c_article=$(value gradient_max_scale b1_fits article_c score=normal grid=article)
c_run=$(value gradient_max_scale b1_fits c score=normal grid=pow2)
curves=()
[ -n "$c_article" ] && [ "$c_article" != "nan" ] &&
  curves+=(--theory "$c_article*sqrt(log(x))" --theory-title "the article: $c_article sqrt(log n)")
[ -n "$c_run" ] && [ "$c_run" != "nan" ] &&
  curves+=(--theory "$c_run*sqrt(log(x))" --theory-title "this run (2^4..2^16 fit): $(printf '%.4g' "$c_run") sqrt(log n)")
plot gradient_max_scale gms-alpha-star-vs-n-normal.png --table b1_normal_pow2 --x n --y alpha_star --logx "${curves[@]}" \
  --title "alpha* against n (normal scores): the article's c sqrt(log n) and this run's fit"
plot gradient_max_scale gms-alpha-star-vs-n-cosine.png --table b1_cosine_pow2 --x n --y alpha_star --by d --logx --logy
plot gradient_max_scale gms-objective-normal-n1024.png --table b2_curve_normal_n1024 --x alpha --y objective_mean,approx_objective \
  --logx --title "B2, normal scores, n = 1024: Monte Carlo objective against the approximation"

# ---- gradient_penalty: ratio histograms; ratio against depth
plot gradient_penalty gp-ratio-histogram.png --table configurations --hist --x ratio_median --by activation --logx --bins 40 \
  --title "median ratio LHS/RHS per configuration, per activation"
plot gradient_penalty gp-ratio-vs-depth.png --table ratio_by_depth --x depth --y geomean_median_ratio,min_median_ratio,max_median_ratio --logy
# part=dose: Dirichlet energy over plain GD's (same run) against the strength, per penalty
# and for the learning rate (fraction of the stability edge); mean and 95% CI over runs.
plot gradient_penalty gp-dose-response.png --table dose_runs --by penalty --x strength --y de_ratio --logx \
  --drop-nonpositive --theory 1 --theory-title "plain GD at the base rate (strength 0)" \
  --xlabel "strength (penalty weight, relative; lr: fraction of 2/lambda_max)" --ylabel "Dirichlet energy / plain GD's" \
  --title "dose-response at equal training loss: theta $(verdict gradient_penalty theta_penalty_dose_dirichlet), loss-gradient $(verdict gradient_penalty loss_gradient_penalty_dose_dirichlet), input $(verdict gradient_penalty input_penalty_dose_dirichlet), lr $(verdict gradient_penalty lr_dose_dirichlet)"

# ---- quantization_scaling: loss against N, D and S with fits
# qs-loss-vs-N: the measured loss per width (mean and 95% CI over seeds), the claim's fit
# window (runs with 2 <= n_learned <= T/2) and fit, and the predictions the claims test,
# each a power law through the window's centre (geometric mean of its points): theory at
# T = infinity (N^-alpha), the quantization model at this T and window (its apparent
# exponent, exponent_table's theory_finite_T) and the paper's measured alpha_N.
qs_loss_vs_N() {
  [ -n "${FILE[quantization_scaling]:-}" ] || return 0
  local alpha exps theory finite paper measured lo hi tag window centre
  alpha=$(column_cell quantization_scaling /summary/tables/exponent_table alpha exponent=alpha_N)
  [ -n "$alpha" ] || { plot quantization_scaling qs-loss-vs-N.png --where part=B1 --by alpha --x parameters --y L_bits --logx --logy; return; }
  theory=$(column_cell quantization_scaling /summary/tables/exponent_table theory exponent=alpha_N alpha="$alpha")
  finite=$(column_cell quantization_scaling /summary/tables/exponent_table theory_finite_T exponent=alpha_N alpha="$alpha")
  paper=$(column_cell quantization_scaling /summary/tables/exponent_table paper exponent=alpha_N alpha="$alpha")
  measured=$(column_cell quantization_scaling /summary/tables/exponent_table measured exponent=alpha_N alpha="$alpha")
  lo=$(column_cell quantization_scaling /summary/tables/exponent_table ci_lo exponent=alpha_N alpha="$alpha")
  hi=$(column_cell quantization_scaling /summary/tables/exponent_table ci_hi exponent=alpha_N alpha="$alpha")
  tag=a0$(awk -v a="$alpha" 'BEGIN { printf "%d", a * 10 + 0.5 }')
  # The claim's window in N, and the geometric centre of the mean losses in it.
  read -r window centre < <("$BUILD/tl-inspect" "${FILE[quantization_scaling]}" /table --csv 2>/dev/null | awk -F, -v a="$alpha" '
    NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    $(c["part"]) == "B1" && $(c["alpha"]) == a && $(c["diverged"]) == 0 && $(c["n_learned"]) >= 2 &&
      $(c["n_learned"]) <= $(c["net_n_tasks"]) / 2 && $(c["L_bits"]) > 0 {
      N = $(c["parameters"]); if (!(N in s)) { n++; xs[n] = N }; s[N] += log($(c["L_bits"])); k[N]++ }
    END { if (n < 2) exit; lo = hi = xs[1]; sx = sy = 0
      for (i = 1; i <= n; i++) { N = xs[i]; if (N < lo) lo = N; if (N > hi) hi = N; sx += log(N); sy += s[N] / k[N] }
      printf "%.10g:%.10g %.10g,%.10g\n", lo, hi, exp(sx / n), exp(sy / n) }')
  local args=(--where part=B1 --where "alpha=$alpha" --by alpha --x parameters --y L_bits --logx --logy --drop-nonpositive)
  if [ -n "$window" ]; then
    local x0=${centre%,*} y0=${centre#*,}
    args+=(--fit --window "$window")
    args+=(--theory "$y0*(x/$x0)**(-$theory)" --theory-title "theory, T = infinity: N^-$theory (claim alpha_n_theory: $(verdict quantization_scaling alpha_n_theory_$tag))")
    [ -n "$finite" ] && [ "$finite" != "nan" ] &&
      args+=(--theory "$y0*(x/$x0)**(-$finite)" --theory-title "quantization model at this T and window: N^-$(printf '%.3g' "$finite") (claim: $(verdict quantization_scaling alpha_n_finite_t_$tag))")
    [ -n "$paper" ] && [ "$paper" != "nan" ] &&
      args+=(--theory "$y0*(x/$x0)**(-$paper)" --theory-title "the paper (Fig. A4b): N^-$paper (claim: $(verdict quantization_scaling alpha_n_paper_$tag))")
  fi
  local fitted="claim window: alpha_N not fitted (see the claims)"
  [ -n "$measured" ] && [ "$measured" != "nan" ] &&
    fitted="claim window fit: alpha_N = $(printf '%.3g' "$measured"), 95% CI [$(printf '%.3g' "$lo"), $(printf '%.3g' "$hi")]"
  plot quantization_scaling qs-loss-vs-N.png "${args[@]}" --title "B1: loss against parameters N at alpha = $alpha; $fitted"
}

qs_loss_vs_N
plot quantization_scaling qs-loss-vs-D.png --where part=B3 --x D --y final_L_bits --logx --logy --fit \
  --title "B3: loss against data D, power-law fit"
plot quantization_scaling qs-loss-vs-S.png --series --where part=B1 --where replicate=0 --by width --x checkpoint_steps --y L_curve \
  --logx --logy --drop-nonpositive --title "B1: loss against steps S per width (seed 0)"
plot quantization_scaling qs-a3-loss-vs-D.png --table a3_closed_form --where alpha=0.4 --where tau=1 --x D --y L_mean,L_closed_form \
  --logx --logy --fit --title "A3 (alpha = 0.4): simulated loss against D beside the Poisson closed form"

# ---- quantization_scaling, the finite-size ladder (the committed reference run
# reference/quantization_scaling-ladder/ladder.h5): each fitted exponent against the number
# of subtasks T with its 95% CI, the model's prediction at each rung's T and fit window,
# the T = infinity theory and the paper's value.
for q in alpha_N alpha_S alpha_D; do
  plot quantization_scaling-ladder "qs-ladder-$q-vs-T.png" --table exponent_table --where exponent=$q --where alpha=0.4 \
    --x n_tasks --logx --y measured,theory_finite_T,theory,paper --interval ci_lo,ci_hi --by '' \
    --xlabel "subtasks T" --ylabel "$q" --title "Finite-size ladder: fitted $q against the number of subtasks T (alpha = 0.4)"
done

echo "make-plots: $drawn plots in $OUT/ ($failed failed)"
missing=0
for e in jl_attention_scale probability_space gradient_max_scale gradient_penalty quantization_scaling; do
  [ -n "${FILE[$e]:-}" ] || { echo "make-plots: no result file for $e (preset $PRESET): its plots are missing" >&2; missing=1; }
done
[ "$failed" -eq 0 ] && [ "$missing" -eq 0 ]
