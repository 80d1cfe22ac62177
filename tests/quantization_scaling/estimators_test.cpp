// The fits of Part B on rows built by hand: the unlearned mass, the window estimator's
// split alpha_N = alpha_quantized + alpha_rest, the authors' estimators and the paper's
// regime at both edges, the geometry claims.
#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "quantization_scaling/authors_estimators.hpp"
#include "quantization_scaling/network_fits.hpp"
#include "quantization_scaling/setting.hpp"
#include "theorylab/core/experiment.hpp"
#include "theorylab/core/sweep.hpp"

namespace {
constexpr double kLateBound = 0.173;  // the reduction's bound at alpha = 0.4: half the paper's alpha_S, 0.346

const tl::Experiment& experiment() { return tl::Registry::instance().find("quantization_scaling"); }

tl::Point point_of(const std::vector<std::string>& assignments, int replicate = 0) {
  tl::Sweep sweep(experiment().info().params);
  for (const auto& a : assignments) sweep.assign(a);
  return tl::Point(sweep.combination(0), 0, replicate, 1);
}

// A B1 row at `width` of T subtasks with task frequencies p: the first `learned` subtasks
// at `learned_bits` (below the 0.1 threshold), the rest at `unlearned_bits`; parameters
// N = 100 width.
tl::RowRef b1_row(int width, int replicate, const std::vector<double>& p, int learned, double unlearned_bits,
                  double learned_bits = 0) {
  tl::Row row(point_of({"part=B1", "width=" + std::to_string(width)}, replicate));
  std::vector<double> loss(p.size(), unlearned_bits);
  double L = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (static_cast<int>(i) < learned) loss[i] = learned_bits;
    L += p[i] * loss[i];
  }
  row.set("parameters", 100.0 * width).set("net_n_tasks", static_cast<double>(p.size())).set("diverged", 0);
  row.set("L_bits", L).set("n_learned", static_cast<double>(learned));
  row.series("final_task_loss", loss).series("task_p", p);
  return tl::keep(row);
}

std::vector<double> zipf(int T, double s) {
  std::vector<double> p(T);
  double sum = 0;
  for (int k = 1; k <= T; ++k) sum += p[k - 1] = std::pow(k, -s);
  for (double& v : p) v /= sum;
  return p;
}
}  // namespace

TEST_CASE("unlearned_mass sums the frequencies of the subtasks at or above learned_bits", "[estimators]") {
  const std::vector<double> p = zipf(8, 1.4);
  CHECK(qs::unlearned_mass(*b1_row(8, 0, p, 0, 1.0)) == Approx(1.0));   // none learned: the whole mass
  CHECK(qs::unlearned_mass(*b1_row(8, 0, p, 8, 1.0)) == 0.0);           // all learned: none
  CHECK(qs::unlearned_mass(*b1_row(8, 0, p, 3, 1.0)) == Approx(1 - p[0] - p[1] - p[2]));
  // At exactly the threshold (0.1 bits by default) a subtask is not learned.
  CHECK(qs::unlearned_mass(*b1_row(8, 0, p, 2, 0.1)) == Approx(1 - p[0] - p[1]));
  // Their loss: the frequencies times the losses of the same subtasks.
  CHECK(qs::unlearned_loss(*b1_row(8, 0, p, 3, 0.7, 0.05)) == Approx(0.7 * (1 - p[0] - p[1] - p[2])));
  CHECK(qs::unlearned_loss(*b1_row(8, 0, p, 8, 1.0)) == 0.0);
  tl::Row diverged(point_of({"part=B1", "width=8"}));
  CHECK(std::isnan(qs::unlearned_mass(diverged)));
  CHECK(std::isnan(qs::unlearned_loss(diverged)));
}

TEST_CASE("the window fit splits alpha_N into the quantized part and the rest exactly", "[estimators]") {
  const int T = 64;
  const std::vector<double> p = zipf(T, 1.4);
  const int widths[] = {8, 11, 16, 23, 32, 45, 64};
  SECTION("a task that learns in quanta: alpha_rest = 0, alpha_N = alpha_quantized") {
    qs::WidthSweep ws;
    ws.T = T;
    for (int i = 0; i < 7; ++i) ws.by_width[widths[i]].push_back(b1_row(widths[i], 0, p, 2 + 2 * i, 1.0));
    const qs::WindowFit f = qs::fit_width_window(ws);
    REQUIRE(f.fitted);
    CHECK(f.rest.slope == Approx(0).margin(1e-12));
    CHECK(f.loss.slope == Approx(f.mass.slope));
  }
  SECTION("not-learned loss falling as N^-0.2: alpha_rest = 0.2") {
    qs::WidthSweep ws;
    ws.T = T;
    for (int i = 0; i < 7; ++i) ws.by_width[widths[i]].push_back(b1_row(widths[i], 0, p, 2 + 2 * i, std::pow(widths[i] / 8.0, -0.2)));
    const qs::WindowFit f = qs::fit_width_window(ws);
    REQUIRE(f.fitted);
    CHECK(-f.rest.slope == Approx(0.2));
    CHECK(f.loss.slope == Approx(f.mass.slope + f.rest.slope));
  }
  SECTION("learned subtasks' remaining loss goes to alpha_residual, not alpha_rest") {
    qs::WidthSweep ws;
    ws.T = T;
    for (int i = 0; i < 7; ++i)
      ws.by_width[widths[i]].push_back(b1_row(widths[i], 0, p, 2 + 2 * i, 1.0, 0.05));
    const qs::WindowFit f = qs::fit_width_window(ws);
    REQUIRE(f.fitted);
    CHECK(f.rest.slope == Approx(0).margin(1e-12));  // not-learned subtasks stay at 1 bit
    CHECK(f.residual.slope != Approx(0).margin(1e-3));
    CHECK(f.loss.slope == Approx(f.mass.slope + f.rest.slope + f.residual.slope));
  }
  SECTION("fewer than 5 widths in the window: not fitted, with the reason") {
    qs::WidthSweep ws;
    ws.T = T;
    for (int i = 0; i < 7; ++i) ws.by_width[widths[i]].push_back(b1_row(widths[i], 0, p, i < 3 ? 1 : 40, 1.0));
    const qs::WindowFit f = qs::fit_width_window(ws);  // n_learned 1 (below 2) or 40 (above T/2)
    CHECK_FALSE(f.fitted);
    CHECK(f.why_not.find("fewer than 5 widths") != std::string::npos);
  }
}

TEST_CASE("the authors' alpha_N pools every width and seed; the paper's regime at both edges", "[estimators]") {
  const int T = 500;
  const std::vector<double> p = zipf(T, 1.4);
  qs::WidthSweep ws;
  ws.T = T;
  for (int seed = 0; seed < 3; ++seed)
    for (int w : {10, 20, 40, 80, 160}) {
      tl::Row row(point_of({"part=B1", "width=" + std::to_string(w)}, seed));
      row.set("parameters", 100.0 * w).set("net_n_tasks", 500.0).set("diverged", 0);
      row.set("L_bits", (1 + 0.01 * seed) * std::pow(w, -0.4)).set("n_learned", w / 160.0 * 30);
      ws.by_width[w].push_back(tl::keep(row));
    }
  qs::AuthorsFit f = qs::authors_alpha_n(ws, kLateBound);
  REQUIRE(f.fitted);
  CHECK(std::isnan(f.late_decay));  // these rows have no checkpoints: set below, then unset
  f.late_decay = 0;                 // trained out: the reach and start edges decide
  CHECK(f.value == Approx(0.4));
  CHECK(f.seeds == 3);
  CHECK(f.reach == 30);                       // 30 of 500 = 0.06 T: the upper edge, inside
  CHECK(f.in_paper_regime());
  f.reach = 30.5;                             // just beyond 0.06 T
  CHECK_FALSE(f.in_paper_regime());
  CHECK(f.regime_text().find("beyond the paper's regime") != std::string::npos);
  f.reach = qs::kPaperRegimeMinReach;         // the lower edge: inside
  CHECK(f.in_paper_regime());
  f.reach = qs::kPaperRegimeMinReach - 0.5;   // short of the paper's reach
  CHECK_FALSE(f.in_paper_regime());
  f.reach = 20;
  CHECK(f.start == Approx(30 * 10 / 160.0));  // the smallest width's n_learned
  f.start = qs::kPaperRegimeMinStart;         // the lower edge of the start: inside
  CHECK(f.in_paper_regime());
  f.start = qs::kPaperRegimeMinStart - 0.01;  // a point that learned less than one subtask
  CHECK_FALSE(f.in_paper_regime());
  CHECK(f.regime_text().find("starts at") != std::string::npos);
  f.start = 2;
  f.late_decay = std::nan("");                // not measured (no checkpoints): not in the regime
  CHECK_FALSE(f.in_paper_regime());
  CHECK(f.regime_text().find("cannot be measured") != std::string::npos);
  f.late_decay = kLateBound;                  // the widest network's late decay at the bound: inside
  CHECK(f.in_paper_regime());
  f.late_decay = kLateBound + 0.01;           // still learning: outside
  CHECK_FALSE(f.in_paper_regime());
  CHECK(f.regime_text().find("still learning") != std::string::npos);
  CHECK_THROWS_AS(qs::authors_alpha_n(ws, 0.0), std::invalid_argument);
}

// The widest network's loss over the last doubling of its steps decides whether a run is
// trained out as the paper's are: checkpoints as the runs log them (step 0, then 39
// log-spaced to S), a loss flat until S/4 and then falling as S^-decay, so that only the
// last doubling (S/2 to S) measures `decay`; a checkpoint nearest S/2 outside [S/3, S/1.5]
// measures nothing.
TEST_CASE("the authors' alpha_N measures the widest network's late decay from its checkpoints", "[estimators]") {
  const double S = 15000;
  auto curve = [&](double step, double decay) { return step <= S / 4 ? 1.0 : std::pow(step / (S / 4), -decay); };
  auto sweep = [&](const std::vector<double>& steps, double decay) {
    qs::WidthSweep ws;
    ws.T = 500;
    for (int seed = 0; seed < 2; ++seed)
      for (int w : {10, 20, 40}) {
        tl::Row row(point_of({"part=B1", "width=" + std::to_string(w)}, seed));
        row.set("parameters", 100.0 * w).set("net_n_tasks", 500.0).set("diverged", 0);
        row.set("L_bits", std::pow(w, -0.4)).set("n_learned", w / 2.0);
        std::vector<double> L;
        for (double st : steps) L.push_back(w == 40 ? curve(st, decay) : 0.5);  // the widest carries the curve
        row.series("checkpoint_steps", steps).series("L_curve", L);
        ws.by_width[w].push_back(tl::keep(row));
      }
    return ws;
  };
  std::vector<double> logged = {0};
  for (int c = 0; c < 39; ++c) logged.push_back(std::round(std::pow(S, c / 38.0)));
  for (const double decay : {0.0, 0.1, 0.5}) {
    const qs::AuthorsFit f = qs::authors_alpha_n(sweep(logged, decay), kLateBound);
    INFO("decay " << decay);
    // The checkpoint nearest S/2 lies past S/4: the local exponent is the curve's decay.
    CHECK(f.late_decay == Approx(decay).margin(1e-9));
    CHECK(f.in_paper_regime() == (decay <= kLateBound));
  }
  // A late drop that a checkpoint far before S/2 would dilute: none in [S/3, S/1.5].
  const qs::AuthorsFit sparse = qs::authors_alpha_n(sweep({0, 1, 25, 600, S}, 0.5), kLateBound);
  CHECK(std::isnan(sparse.late_decay));
  CHECK_FALSE(sparse.in_paper_regime());
}

TEST_CASE("the authors' alpha_D starts at the first D below 0.95 bits; alpha_S keeps steps 500-14500", "[estimators]") {
  std::vector<tl::RowRef> b3;
  const double D[] = {1e3, 2e3, 4e3, 8e3, 16e3, 32e3};
  for (double d : D) {
    tl::Row row(point_of({"part=B3", "D=" + tl::format_number(d)}));
    // Least loss over checkpoints: 1 bit (no learning) below 4e3, then 0.9 (4e3/D)^0.3.
    const double least = d < 4e3 ? 1.0 : 0.9 * std::pow(4e3 / d, 0.3);
    row.set("net_n_tasks", 500.0).set("n_learned", 4.0).series("L_curve", std::vector<double>{1.0, least, least * 1.1});
    row.series("n_learned_curve", std::vector<double>{0, 5, 4});  // 5 at the least loss, the checkpoint fitted
    b3.push_back(tl::keep(row));
  }
  const qs::AuthorsFit d = qs::authors_alpha_d(b3);
  REQUIRE(d.fitted);
  CHECK(d.value == Approx(0.3));
  CHECK(d.points == 4);  // 4e3 .. 32e3
  CHECK(d.reach == 5);
  CHECK(std::isnan(d.start));  // the authors' rule starts the fit, learned or not

  qs::WidthSweep ws;
  ws.T = 500;
  for (int seed = 0; seed < 2; ++seed) {
    tl::Row row(point_of({"part=B1", "width=300"}, seed));
    std::vector<double> steps = {0, 100, 499, 500, 1000, 4000, 14500, 14501, 50000}, L, n;
    // Nothing learned before step 4000 (as the paper's runs at step 500), 20 from then on.
    for (double s : steps) L.push_back(s < 500 || s > 14500 ? 1.0 : std::pow(s / 500, -0.35)), n.push_back(s < 4000 ? 0 : 20);
    row.series("checkpoint_steps", steps).series("L_curve", L).series("n_learned_curve", n);
    ws.by_width[300].push_back(tl::keep(row));
  }
  const qs::AuthorsFit s = qs::authors_alpha_s(ws);
  REQUIRE(s.fitted);
  CHECK(s.value == Approx(0.35));
  CHECK(s.points == 8);  // 500, 1000, 4000, 14500 of each seed
  CHECK(std::isnan(s.start));  // from step 500, learned or not (the paper's runs learn nothing by then)
  CHECK(s.reach == 20);
  CHECK(s.in_paper_regime());  // a reach in the paper's regime decides, though step 500 learned nothing
}

TEST_CASE("the model over the paper's window: 0.443 at kappa = 1, 0.377 at 0.85 (alpha = 0.4)", "[estimators]") {
  CHECK(qs::paper_window_prediction(0.4, 1.0) == Approx(0.4431).margin(5e-4));
  CHECK(qs::paper_window_prediction(0.4, 0.85) == Approx(0.3767).margin(5e-4));
  // Linear in kappa at fixed n range (x = n^(1/kappa)); the edges of alpha's range compute.
  CHECK(qs::paper_window_prediction(0.4, 0.5) == Approx(0.4431 / 2).margin(5e-4));
  CHECK(std::isfinite(qs::paper_window_prediction(qs::kMinAlpha, 1.0)));
  CHECK(std::isfinite(qs::paper_window_prediction(qs::kMaxAlpha, 1.0)));
  CHECK_THROWS_AS(qs::paper_window_prediction(0.4, 0.0), std::invalid_argument);
}

// The finite-T claims decide on measured +- this half-width (network_fits.hpp).
TEST_CASE("finite_T_gap_half_width: the measurement's and the prediction's errors in quadrature", "[estimators]") {
  // An exact prediction (its range collapsed, or unknown) leaves the measurement's error.
  CHECK(qs::finite_T_gap_half_width(0.03, 0.35, 0.35, 0.35) == Approx(0.03));
  CHECK(qs::finite_T_gap_half_width(0.03, 0.35, NAN, NAN) == Approx(0.03));
  // An exact measurement (half-width 0, the lower edge) leaves the prediction's.
  CHECK(qs::finite_T_gap_half_width(0.0, 0.35, 0.32, 0.38) == Approx(0.03));
  // An asymmetric range counts its farther end: the paper ladder's T = 125 rung,
  // alpha_N 0.167 [0.086, 0.247], prediction 0.048 [-0.027, 0.123].
  CHECK(qs::finite_T_gap_half_width(0.0806, 0.0482, -0.0270, 0.1227) == Approx(std::hypot(0.0806, 0.0752)).epsilon(1e-9));
  CHECK(qs::finite_T_gap_half_width(0.01, 0.5, 0.49, 0.9) == Approx(std::hypot(0.01, 0.4)));
}

TEST_CASE("finite_T_prediction over kappa's range: flat at kappa = 0, rising n steepens it", "[estimators]") {
  const std::vector<double> x = {1e3, 2e3, 4e3, 8e3, 16e3};
  const std::vector<double> n = {2, 3, 5, 8, 13};
  // kappa = 0: every point at the same n, the loss flat, the exponent 0; kappa < 0 (a CI's
  // lower end can be) gives a falling n and a negative exponent, no error.
  CHECK(qs::finite_T_prediction(x, n, 0.0, 1.4, 500) == Approx(0).margin(1e-9));
  CHECK(qs::finite_T_prediction(x, n, -0.2, 1.4, 500) < 0);
  const double at_07 = qs::finite_T_prediction(x, n, 0.7, 1.4, 500), at_09 = qs::finite_T_prediction(x, n, 0.9, 1.4, 500);
  CHECK(at_07 > 0);
  CHECK(at_09 > at_07);
  // A kappa so large that the wide end reaches T: n is held just below T, the prediction finite.
  CHECK(std::isfinite(qs::finite_T_prediction(x, n, 5.0, 1.4, 500)));
}
