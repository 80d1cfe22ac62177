// jl_attention_scale: kexue.fm 9588 "从JL引理看熵不变性Attention" turned into measurements.
// A1: the JL minimum dimension k50(N, eps) by bisection on k (jl_projection.hpp);
// A2: the entropy of attention against n for three scales (attention_entropy.hpp);
// A3: 7695's h_d table, slope and dimension rule, exactly via 0F1 (entropy_offset.hpp).
// Analysis of the rows (tables and claims) lives in jl_attention_scale_reduce.cpp.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "jl_attention_scale/attention_entropy.hpp"
#include "jl_attention_scale/entropy_offset.hpp"
#include "jl_attention_scale/experiment.hpp"
#include "jl_attention_scale/jl_projection.hpp"
#include "theorylab/core/error.hpp"
#include "theorylab/core/experiment.hpp"

namespace jl_attention_scale {

namespace {

// A2's largest kappa: the sphere mean field's 0F1 argument (kappa ln n / 2)^2 overflows
// near kappa ln n = 2.7e154 (kappa = 1e160 ended the reduction with an error); with
// n <= 2^24 (ln n < 17) this bound keeps it finite with room to spare.
constexpr double kMaxKappa = 1e100;

std::vector<int> integer_list(const tl::Point& point, const std::string& name) {
  std::vector<int> out;
  for (double v : point.reals(name)) out.push_back(static_cast<int>(std::lround(v)));
  return out;
}

void check_integer_list(const tl::Point& point, const std::string& name, double max_value, const std::string& what) {
  for (double v : point.reals(name)) {
    if (v != std::floor(v))
      throw tl::UsageError("parameter " + name + ": " + tl::format_number(v) + " is not an integer (" + what + ")");
    if (v > max_value)
      throw tl::UsageError("parameter " + name + ": " + tl::format_number(v) + " exceeds the largest allowed " +
                           tl::format_number(max_value) + " (" + what + ")");
  }
}


tl::Row run_a1(const tl::Point& point, tl::Rng& rng) {
  const std::vector<int> counts = integer_list(point, "N");
  const std::vector<double>& epsilons = point.reals("eps");
  const int trials = static_cast<int>(point.integer("trials"));
  const int threads = static_cast<int>(point.integer("inner_threads"));
  const bool basis = point.text("points") == "basis";
  const int m = static_cast<int>(point.integer("m"));

  std::vector<double> col_n, col_eps, k50, k50_se, p_below, p_above, delta, k_union, evaluations, trials_run;
  long long total_trials = 0;
  for (std::size_t a = 0; a < counts.size(); ++a) {
    const int N = counts[a];
    // One stream per N, shared by every eps (common random numbers across eps).
    const std::uint64_t cell_seed = rng.split(a).seed();
    tl::Rng point_rng(tl::derive_seed(cell_seed, 1ULL << 40));
    const PointSet points = basis ? PointSet::basis(N) : PointSet::gaussian(N, m, point_rng);
    for (double eps : epsilons) {
      const SuccessOracle oracle(points, eps, cell_seed, threads);
      const double guess = union_bound_k50(N, eps);
      const K50Result found = find_k50(oracle, trials, guess);
      const K50Error error = k50_standard_error(oracle, trials, found.k50);
      col_n.push_back(N);
      col_eps.push_back(eps);
      k50.push_back(found.k50);
      k50_se.push_back(error.se);
      p_below.push_back(error.p_below);
      p_above.push_back(error.p_above);
      delta.push_back(error.delta);
      k_union.push_back(guess);
      evaluations.push_back(found.evaluations);
      trials_run.push_back(static_cast<double>(oracle.trials_run()));
      total_trials += oracle.trials_run();
    }
  }
  tl::Row row;
  row.set("cells", static_cast<std::int64_t>(col_n.size())).set("work", total_trials);
  row.series("a1_N", col_n)
      .series("a1_eps", col_eps)
      .series("a1_k50", k50, "dimensions")
      .series("a1_k50_se", k50_se, "dimensions")
      .series("a1_p_below", p_below)
      .series("a1_p_above", p_above)
      .series("a1_delta", delta, "dimensions")
      .series("a1_k_union_bound", k_union, "dimensions")
      .series("a1_decisions", evaluations)
      .series("a1_trials_run", trials_run);
  return row;
}

tl::Row run_a2(const tl::Point& point, tl::Rng& rng) {
  const std::vector<int> dims = integer_list(point, "d"), lengths = integer_list(point, "n");
  const int draws = static_cast<int>(point.integer("draws"));
  const double kappa = point.real("kappa");
  const std::string& which = point.text("vectors");
  std::vector<KeyDistribution> distributions;
  if (which != "sphere") distributions.push_back(KeyDistribution::Gaussian);
  if (which != "gaussian") distributions.push_back(KeyDistribution::Sphere);
  const ScaleRule rules[3] = {ScaleRule::Standard, ScaleRule::EntropyInvariant, ScaleRule::KappaLogN};

  std::vector<double> col_v, col_d, col_n, target, lambda_const;
  std::vector<double> lambda[3], h_mean[3], h_se[3];
  long long work = 0;
  for (KeyDistribution v : distributions) {
    for (std::size_t b = 0; b < dims.size(); ++b) {
      const int d = dims[b];
      tl::Rng cell = rng.split((static_cast<std::uint64_t>(v == KeyDistribution::Sphere) << 32) | b);
      // The entropy the standard scale gives at n = 512: the target of the constant-entropy scale.
      tl::Rng target_rng = cell.split(0);
      const Eigen::MatrixXd at_512 = draw_score_matrix(v, d, 512, draws, target_rng);
      const double h_target = mean_entropy(at_512, 1 / std::sqrt(static_cast<double>(d))).mean;
      for (std::size_t c = 0; c < lengths.size(); ++c) {
        const int n = lengths[c];
        tl::Rng n_rng = cell.split(1 + c);
        const Eigen::MatrixXd scores = draw_score_matrix(v, d, static_cast<std::size_t>(n), draws, n_rng);
        work += static_cast<long long>(n) * draws;
        col_v.push_back(v == KeyDistribution::Sphere ? 1 : 0);
        col_d.push_back(d);
        col_n.push_back(n);
        for (int r = 0; r < 3; ++r) {
          const double l = attention_scale(rules[r], d, n, kappa);
          const MeanAndError h = mean_entropy(scores, l);  // common random numbers across scales
          lambda[r].push_back(l);
          h_mean[r].push_back(h.mean);
          h_se[r].push_back(h.se);
        }
        target.push_back(h_target);
        lambda_const.push_back(scale_for_entropy(scores, h_target, 1 / std::sqrt(static_cast<double>(d))));
      }
    }
  }
  tl::Row row;
  row.set("cells", static_cast<std::int64_t>(col_n.size())).set("work", work);
  row.series("a2_vectors", col_v).series("a2_d", col_d).series("a2_n", col_n);
  for (int r = 0; r < 3; ++r) {
    const std::string s = to_string(rules[r]);
    row.series("a2_lambda_" + s, lambda[r]).series("a2_H_" + s, h_mean[r], "nats").series("a2_H_se_" + s, h_se[r], "nats");
  }
  row.series("a2_H_target", target, "nats").series("a2_lambda_constant_H", lambda_const);
  return row;
}

tl::Row run_a3(const tl::Point& point) {
  std::vector<double> table_h;
  for (double d : article_hd_dimensions()) table_h.push_back(entropy_offset(d));
  std::vector<double> slope_d = slope_dimensions(), slope;
  for (double D : slope_d) slope.push_back(entropy_offset_slope(D));
  std::vector<double> dim_n = dimension_rule_counts(), dim_d;
  for (double N : dim_n) dim_d.push_back(dimension_for_entropy_offset(N));
  // h_d(lambda) on the lambda grid and at the standard scale 1/sqrt(d), for every d.
  std::vector<double> grid_d, grid_lambda, grid_h, grid_standard;
  for (int d : integer_list(point, "d")) {
    std::vector<double> lambdas = point.reals("lambda");
    lambdas.push_back(1 / std::sqrt(static_cast<double>(d)));
    for (std::size_t i = 0; i < lambdas.size(); ++i) {
      grid_d.push_back(d);
      grid_lambda.push_back(lambdas[i]);
      grid_h.push_back(entropy_offset(d, lambdas[i]));
      grid_standard.push_back(i + 1 == lambdas.size() ? 1 : 0);
    }
  }
  tl::Row row;
  row.set("cells", static_cast<std::int64_t>(table_h.size() + slope.size() + dim_d.size() + grid_h.size()))
      .set("work", static_cast<std::int64_t>(0));
  row.series("a3_table_d", article_hd_dimensions())
      .series("a3_table_h", table_h, "nats")
      .series("a3_slope_D", slope_d)
      .series("a3_slope", slope, "nats")
      .series("a3_dimension_N", dim_n)
      .series("a3_dimension_d", dim_d)
      .series("a3_lambda_d", grid_d)
      .series("a3_lambda", grid_lambda)
      .series("a3_lambda_h", grid_h, "nats")
      .series("a3_lambda_is_standard", grid_standard);
  return row;
}

}  // namespace

tl::ExperimentInfo JlAttentionScale::info() const {
  tl::ExperimentInfo info;
  info.name = "jl_attention_scale";
  info.title = "JL minimum dimension and the entropy-invariant attention scale log_512 n / sqrt(d)";
  info.source =
      "kexue.fm 9588 (2023-04-10) with 8679/8706 (JL lemma), 7695 (h_d table, d > 8.33 log N), "
      "8823 and 9034 (entropy of attention)";
  info.description =
      "9588 argues that n vectors need d_n = lambda log n dimensions (JL lemma), so a head size tuned at "
      "n = 512 should scale the logits by log_512 n. A1 measures the JL dimension k50(N, eps) (smallest k "
      "with P(distortion <= eps) >= 1/2, bisection on k, Gram-matrix GEMM per trial, cost about N^2 k flops "
      "per trial) beside the bounds of 8679 and scikit-learn and a chi-square union-bound prediction, fits it "
      "against ln N and compares k50(N)/k50(512) with log_512 N. A2 measures the entropy of softmax(lambda q.k) "
      "against n for the scales 1/sqrt(d), log_512 n/sqrt(d) and kappa ln n/d (Gaussian and spherical vectors) "
      "beside the mean-field prediction, and finds the scale that keeps the entropy constant. A3 regenerates "
      "7695's h_d table, its slope 0.240606 and the dimension rule exactly via 0F1. Grids are lists inside "
      "one point per part (part is the swept key), so part=A1,A2,A3 runs three points.";
  info.params = {
      tl::choice("part", "A1,A2,A3", {"A1", "A2", "A3"}).help("which part to run (sweepable)"),
      tl::real_list("N", "16,64,256,512,1024")
          .at_least(2)
          .unit("points")
          .help("A1: numbers of points (integers; include 512 for the ratio k50(N)/k50(512))")
          .used_only_when("part", {"A1"}),
      tl::real_list("eps", "0.2,0.3,0.5").between_exclusive(0, 1).help("A1: distortions eps")
          .used_only_when("part", {"A1"}),
      tl::integer("trials", 100).at_least(1).at_most(1e6).help("A1: projections per k (at least 100: docs/science/jl_attention_scale.md, A1)")
          .used_only_when("part", {"A1"}),
      tl::choice("points", "basis", {"basis", "gaussian"})
          .help("A1: standard basis vectors of R^N, or N Gaussian points of R^m")
          .used_only_when("part", {"A1"}),
      tl::integer("m", 256).at_least(1).at_most(1 << 16).help("A1: ambient dimension of Gaussian points")
          .used_only_when("part", {"A1"}),
      tl::integer("inner_threads", 2)
          .at_least(1)
          .at_most(64)
          .help("A1: threads over the trials of one k (results do not depend on it)")
          .used_only_when("part", {"A1"}),
      tl::real_list("d", "16,32,64,128,256,512")
          .at_least(2)
          .unit("dimensions")
          .help("A2 head sizes, and A3's d for h_d(lambda) (integers)")
          .used_only_when("part", {"A2", "A3"}),
      tl::real_list("n", "pow2(4,16)").at_least(2).unit("tokens").help("A2: sequence lengths (integers)")
          .used_only_when("part", {"A2"}),
      tl::choice("vectors", "both", {"gaussian", "sphere", "both"})
          .help("A2: q, k ~ N(0, I_d), uniform on the sphere of radius sqrt(d), or both")
          .used_only_when("part", {"A2"}),
      tl::integer("draws", 200).at_least(2).at_most(1e7).help("A2: queries per (vectors, d, n)")
          .used_only_when("part", {"A2"}),
      tl::real("kappa", 1 / 0.24).greater_than(0).at_most(kMaxKappa).help("A2: kappa of the scale kappa ln n / d (8823: 1/0.24)")
          .used_only_when("part", {"A2"}),
      tl::real_list("lambda", "0.125,0.25,0.5,1,2")
          .greater_than(0)
          .at_most(1e6)  // h_d cancels two terms of size lambda d: beyond 1e6 no digit would be left
          .help("A3: scales lambda for h_d(lambda) against 0.24 lambda d (1/sqrt(d) is added)")
          .used_only_when("part", {"A3"}),
  };
  info.presets = {
      {"quick",
       {"part=A1,A2,A3", "N=16,64,256,512", "eps=0.3,0.5", "trials=100", "d=16,64,256", "n=pow2(4,12)", "draws=100"},
       "every part on small grids (N <= 512, eps >= 0.3, n <= 4096)"},
      {"default",
       {"part=A1,A2,A3", "N=16,64,256,512,1024", "eps=0.2,0.3,0.5", "trials=100", "d=16,32,64,128,256,512",
        "n=pow2(4,16)", "draws=200"},
       "N <= 1024, eps >= 0.2, the full A2 and A3 grids (A1 dominates)"},
      {"paper",
       {"part=A1,A2,A3", "N=16,64,256,512,1024,4096", "eps=0.1,0.2,0.3,0.5", "trials=100", "d=16,32,64,128,256,512",
        "n=pow2(4,16)", "draws=400"},
       "the grids of docs/science/jl_attention_scale.md, dominated by N = 4096, eps = 0.1 "
       "(k50 about 6000, about 1e11 flops per trial, about 800 trials)"},
  };
  info.claims = claim_specs();
  // The axis: the reduction reads each part's rows by part (A1, A2, A3 have their own
  // claims). N, eps, d and n are lists inside one point; anything swept besides part
  // groups the summary.
  info.axes = {"part"};
  // The figures (tl-plot --figure NAME, tl-report, make plots): summary tables of the
  // reduction; a filter on a value this run lacks falls back and says so.
  info.figures = {
      tl::Figure("k50_vs_n_bounds", "JL dimension k50 at eps = 0.3 against N, with the bounds")
          .table("jl_k50").where("eps", "0.3").x("N").y({"k50", "k_union_bound", "bound_8lnN", "bound_sklearn", "bound_16lnN"})
          .logx(),
      tl::Figure("k50_vs_n", "JL dimension k50 against N, per eps").table("jl_k50").x("N").y({"k50"}).by({"eps"}).logx(),
      tl::Figure("entropy_vs_n_gaussian", "Attention entropy against n per scale (Gaussian vectors)")
          .table("entropy").where("vectors", "gaussian").x("n").y({"H"}).by({"scale", "d"}).logx(),
      tl::Figure("entropy_vs_n_sphere", "Attention entropy against n per scale (sphere vectors, d = 64)")
          .table("entropy").where_exactly("vectors", "sphere").where("d", "64").x("n").y({"H"}).by({"scale"}).logx(),
      tl::Figure("hd_vs_d", "A3: h_d against d beside the article's 0.24 lambda d line")
          .table("hd_table").x("d").y({"h_d", "article", "linear_0_240606_d"}),
  };
  info.main_columns = {"part", "cells", "work"};
  info.description += " The science (sources, formulas, every part, what each claim checks): docs/science/jl_attention_scale.md.";
  return info;
}

void JlAttentionScale::validate(const tl::Point& point) const {
  check_integer_list(point, "N", 1 << 16, "a number of points");
  check_integer_list(point, "d", 1 << 20, "a dimension");
  check_integer_list(point, "n", 1 << 24, "a sequence length");
  // Memory by construction: one trial holds an N x k matrix (k up to about twice the
  // union-bound k50 during bracketing) per inner thread; A2 holds an n x draws matrix.
  constexpr double kMaxBytes = 4.0 * (1ULL << 30);
  const std::string& part = point.text("part");
  if (part == "A1") {
    const double threads = static_cast<double>(point.integer("inner_threads"));
    for (double N : point.reals("N"))
      for (double eps : point.reals("eps")) {
        const double k = union_bound_k50(static_cast<int>(N), eps);
        const double bytes = 8.0 * N * 2 * k * threads;
        if (bytes > kMaxBytes)
          throw tl::UsageError("parameters N=" + tl::format_number(N) + ", eps=" + tl::format_number(eps) +
                               ": k50 is about " + (std::isfinite(k) ? tl::format_number(std::round(k)) : "2^40 or more") +
                               ", so a trial needs about " +
                               (std::isfinite(k) ? tl::format_number(std::round(bytes / (1 << 20))) : "2^30 or more") +
                               " MiB (limit 4 GiB): use a larger eps or a smaller N");
      }
  }
  if (part == "A2") {
    const double draws = static_cast<double>(point.integer("draws"));
    for (double n : point.reals("n"))
      if (8.0 * n * draws > kMaxBytes)
        throw tl::UsageError("parameters n=" + tl::format_number(n) + ", draws=" + tl::format_number(draws) +
                             ": the scores need more than 4 GiB; lower n or draws");
  }
}

tl::Row JlAttentionScale::run_point(const tl::Point& point, tl::Rng& rng) const {
  const std::string& part = point.text("part");
  if (part == "A1") return run_a1(point, rng);
  if (part == "A2") return run_a2(point, rng);
  return run_a3(point);
}

}  // namespace jl_attention_scale

THEORYLAB_EXPERIMENT(jl_attention_scale::JlAttentionScale);
