// The finite-size ladder: the rung rule against the calibration's requirement, and the
// trend reduction on a synthetic joined exponent table with known slopes.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "quantization_scaling/ladder.hpp"
#include "quantization_scaling/presets.hpp"
#include "quantization_scaling/reduction.hpp"
#include "theorylab/core/experiment.hpp"

namespace {

double zipf_probability(int rank, int T, double s) {  // computed here, not by the library
  double h = 0;
  for (int k = 1; k <= T; ++k) h += std::pow(k, -s);
  return std::pow(rank, -s) / h;
}

}  // namespace

TEST_CASE("ladder rungs: the rank-T/2 subtask sees twice the calibration's samples, and widths and data span the window",
          "[ladder]") {
  for (int T : qs::ladder_full_Ts()) {
    INFO("T = " << T);
    const qs::LadderRung r = qs::ladder_rung(T);
    CHECK(r.k == 2);
    CHECK(r.n_bits * (r.n_bits - 1) / 2 >= T);
    CHECK((r.n_bits == 16 || (r.n_bits - 1) * (r.n_bits - 2) / 2 < T));  // the fewest bits that hold T subtasks
    const double seen = static_cast<double>(r.steps) * r.batch * zipf_probability(T / 2, T, qs::kLadderAlpha + 1);
    // 125 steps x 512 samples: the calibration's slowest seed at n = 16 (more above n = 16).
    CHECK(seen >= 2 * 125 * 512);
    CHECK(seen <= 2 * 150 * 512 * 1.5);  // and not wildly more: rounding only (n <= 33: at most 150 x 1.1)
    REQUIRE(r.widths.size() >= 5);
    CHECK(r.widths.front() == 4 * T);
    CHECK(r.widths.back() >= 8);
    CHECK(r.widths.back() < 12);
    for (std::size_t i = 1; i < r.widths.size(); ++i) CHECK(r.widths[i] < r.widths[i - 1]);
    CHECK(r.b3_width == 2 * T);
    REQUIRE(r.D.size() >= 2);
    CHECK(r.D.back() == 3000);
    for (std::size_t i = 1; i < r.D.size(); ++i) CHECK(r.D[i - 1] <= 2.2 * r.D[i]);  // a factor 2, each size rounded up to 2 significant figures
  }
}

// The paper ladder: the T = 500 rung is the paper-regime block itself; below it the widths
// and steps shrink by the declared laws, and the domain's edges are enforced.
TEST_CASE("paper ladder rungs: T = 500 is paper-regime; widths scale with T, steps by the convergence law",
          "[ladder]") {
  const qs::PaperLadderRung top = qs::paper_ladder_rung(qs::kPaperLadderMaxT);
  CHECK(top.steps == qs::kPaperRegimeSteps);
  CHECK(top.width_max == qs::kPScaling17.width_max);
  CHECK(qs::paper_regime_block(top.T, top.steps, top.width_max) == qs::paper_regime_preset().assignments);
  for (int T : qs::paper_ladder_Ts()) {
    INFO("T = " << T);
    const qs::PaperLadderRung r = qs::paper_ladder_rung(T);
    CHECK(r.width_max == Approx(300.0 * T / 500));
    // The steps a rank that is a fixed fraction of T needs, S ∝ p^-0.81 ∝ T^(1.4 x 0.81),
    // rounded up to two significant figures (at most 10% up).
    const double law = 15000 * std::pow(T / 500.0, 1.4 * 0.81);
    CHECK(r.steps >= law - 1e-9);
    CHECK(r.steps <= 1.1 * law);
  }
  CHECK(qs::paper_ladder_rung(qs::kPaperLadderMinT).width_max >= 12);  // the lower edge: a grid above width 10
  CHECK_THROWS_AS(qs::paper_ladder_rung(qs::kPaperLadderMinT - 1), std::invalid_argument);
  CHECK_THROWS_AS(qs::paper_ladder_rung(qs::kPaperLadderMaxT + 1), std::invalid_argument);
  // The preset: the T = 500 block first (its rows and seeds are paper-regime's), then the rest.
  const tl::Preset ladder = qs::paper_ladder_preset();
  const std::vector<std::string> first(ladder.assignments.begin(), ladder.assignments.begin() + qs::paper_regime_preset().assignments.size());
  CHECK(first == qs::paper_regime_preset().assignments);
  CHECK(std::count(ladder.assignments.begin(), ladder.assignments.end(), "+") == 2);
  CHECK(ladder.seeds == qs::kPaperRegimeSeeds);
}

namespace {

// quantization_scaling's claims decided across groups (the ladder's trend claims).
void declare_trend_claims(tl::Summary& s) {
  for (const tl::Experiment* e : tl::Registry::instance().all())
    if (e->info().name == "quantization_scaling")
      for (const tl::ClaimSpec& c : e->info().across_group_claims) s.declare(c);
}

// A joined exponent table as the grouped reduction writes it: one row per rung and exponent;
// the finite-T prediction is exact unless `prediction_half_width` gives it a range (over
// the kappa's CI) of that half-width.
tl::Summary ladder_summary(const std::vector<int>& Ts, const std::vector<double>& measured_N, double half_width,
                           double prediction_half_width = 0) {
  tl::Summary s;
  std::vector<std::int64_t> T;
  std::vector<double> alpha, measured, lo, hi, theory, finite, finite_lo, finite_hi, paper;
  std::vector<std::string> exponent, window;
  for (std::size_t i = 0; i < Ts.size(); ++i)
    for (const char* q : {"alpha_N", "alpha_S", "alpha_D"}) {
      // The model's finite-T exponent, a made-up law with slope -0.07 per ln T for alpha_N.
      const double fin_N = 0.8 - 0.07 * std::log(Ts[i] / 32.0);
      const bool n = std::string(q) == "alpha_N";
      const double fin = n ? fin_N : fin_N / 1.4, m = n ? measured_N[i] : measured_N[i] / 1.4;
      T.push_back(Ts[i]), alpha.push_back(0.4), exponent.push_back(q), measured.push_back(m);
      lo.push_back(m - half_width), hi.push_back(m + half_width), theory.push_back(n ? 0.4 : 0.4 / 1.4);
      finite.push_back(fin), paper.push_back(0.378), window.push_back("runs with 2 <= n_learned <= T/2");
      finite_lo.push_back(fin - prediction_half_width), finite_hi.push_back(fin + prediction_half_width);
    }
  s.table("exponent_table").column("n_tasks", T).column("alpha", alpha).column("exponent", exponent)
      .column("theory", theory).column("theory_finite_T", finite).column("theory_finite_T_lo", finite_lo)
      .column("theory_finite_T_hi", finite_hi).column("paper", paper).column("measured", measured)
      .column("ci_lo", lo).column("ci_hi", hi).column("window", window);
  declare_trend_claims(s);
  return s;
}

const tl::Claim& claim(const tl::Summary& s, const std::string& id) {
  for (const tl::Claim& c : s.claims())
    if (c.id() == id) return c;
  FAIL("no claim " << id);
  throw;
}

}  // namespace

TEST_CASE("ladder trend: measurements on the finite-T curve pass both trend claims", "[ladder]") {
  const std::vector<int> Ts = {32, 45, 64, 90, 128};
  std::vector<double> on_curve;
  for (int T : Ts) on_curve.push_back(0.8 - 0.07 * std::log(T / 32.0));
  tl::Summary s = ladder_summary(Ts, on_curve, 0.01);
  qs::reduce_ladder({"n_tasks"}, s);
  const tl::SummaryTable* t = s.find_table("ladder_trend");
  REQUIRE(t);
  const auto& slope = std::get<std::vector<double>>(t->column_named("slope_per_ln_T").data);
  const auto& predicted = std::get<std::vector<double>>(t->column_named("finite_T_slope").data);
  REQUIRE(slope.size() == 3);
  CHECK(slope[0] == Approx(-0.07).margin(1e-12));
  CHECK(predicted[0] == Approx(-0.07).margin(1e-12));
  CHECK(slope[1] == Approx(-0.05).margin(1e-12));
  CHECK(claim(s, "ladder_alpha_n_trend_toward_theory").verdict() == tl::Verdict::Pass);
  CHECK(claim(s, "ladder_alpha_n_trend_matches_finite_t").verdict() == tl::Verdict::Pass);
  CHECK(claim(s, "ladder_alpha_d_trend_toward_theory").verdict() == tl::Verdict::Pass);
}

TEST_CASE("ladder trend: a flat measurement above theory fails toward-theory and the finite-T slope", "[ladder]") {
  const std::vector<int> Ts = {32, 45, 64, 90, 128};
  tl::Summary s = ladder_summary(Ts, std::vector<double>(Ts.size(), 0.9), 0.01);
  qs::reduce_ladder({"n_tasks"}, s);
  CHECK(claim(s, "ladder_alpha_n_trend_toward_theory").verdict() == tl::Verdict::Fail);
  CHECK(claim(s, "ladder_alpha_n_trend_matches_finite_t").verdict() == tl::Verdict::Fail);
}

// The finite-T trend claim tests the gap measured - prediction, each rung's gap with both
// errors: a flat measurement 0.05 off the predicted drift fails with an exact prediction
// and is consistent when the prediction itself is uncertain by +-0.2 (kappa's CI).
TEST_CASE("ladder trend: the prediction's own error enters the finite-T trend claim", "[ladder]") {
  const std::vector<int> Ts = {32, 64, 128};
  std::vector<double> off_curve;
  for (int T : Ts) off_curve.push_back(0.8 - 0.07 * std::log(T / 32.0) + (T == 64 ? 0.0 : T == 32 ? -0.05 : 0.05));
  tl::Summary exact = ladder_summary(Ts, off_curve, 0.01);
  qs::reduce_ladder({"n_tasks"}, exact);
  CHECK(claim(exact, "ladder_alpha_n_trend_matches_finite_t").verdict() == tl::Verdict::Fail);
  tl::Summary uncertain = ladder_summary(Ts, off_curve, 0.01, 0.2);
  qs::reduce_ladder({"n_tasks"}, uncertain);
  const tl::SummaryTable* t = uncertain.find_table("ladder_trend");
  REQUIRE(t);
  const auto& gap = std::get<std::vector<double>>(t->column_named("gap_to_finite_T_slope").data);
  const auto& lo = std::get<std::vector<double>>(t->column_named("gap_ci_lo").data);
  const auto& hi = std::get<std::vector<double>>(t->column_named("gap_ci_hi").data);
  // The gap's slope: 0.1 over ln 4 = 1.386, i.e. 0.0721 per ln T.
  CHECK(gap[0] == Approx(0.1 / std::log(4.0)).margin(1e-9));
  CHECK(lo[0] < 0);
  CHECK(hi[0] > 0);
  // Its CI: half-width hypot(0.01, 0.2) per rung, 1.96 se of a 3-point WLS slope.
  const double se = std::hypot(0.01, 0.2) / qs::kZ95, sxx = 2 * std::log(2.0) * std::log(2.0) / (se * se);
  CHECK((hi[0] - lo[0]) / 2 == Approx(qs::kZ95 / std::sqrt(sxx)).epsilon(1e-9));
  CHECK(claim(uncertain, "ladder_alpha_n_trend_matches_finite_t").verdict() == tl::Verdict::Inconclusive);
}

TEST_CASE("ladder trend: fewer than three rungs, or no n_tasks grouping, is n/a", "[ladder]") {
  tl::Summary two = ladder_summary({32, 64}, {0.8, 0.75}, 0.01);
  qs::reduce_ladder({"n_tasks"}, two);
  CHECK(claim(two, "ladder_alpha_n_trend_toward_theory").verdict() == tl::Verdict::NotApplicable);
  tl::Summary other = ladder_summary({32, 45, 64}, {0.8, 0.78, 0.75}, 0.01);
  qs::reduce_ladder({"lr"}, other);
  CHECK(claim(other, "ladder_alpha_s_trend_matches_finite_t").verdict() == tl::Verdict::NotApplicable);
}

// A ladder without a data sweep (the paper ladder): every rung's alpha_D unfitted for one
// reason, which the trend claims give.
TEST_CASE("ladder trend: no rung fitted, all for one reason, is n/a with that reason", "[ladder]") {
  tl::Summary s;
  const std::vector<std::int64_t> T{125, 250, 500};
  const std::vector<double> alpha(3, 0.4), nan(3, NAN), theory(3, 0.4 / 1.4), paper(3, 0.308);
  const std::vector<std::string> exponent(3, "alpha_D"), window(3, "no data sweep (part B3) at this alpha in this run");
  s.table("exponent_table").column("n_tasks", T).column("alpha", alpha).column("exponent", exponent)
      .column("theory", theory).column("theory_finite_T", nan).column("theory_finite_T_lo", nan)
      .column("theory_finite_T_hi", nan).column("paper", paper).column("measured", nan)
      .column("ci_lo", nan).column("ci_hi", nan).column("window", window);
  declare_trend_claims(s);
  qs::reduce_ladder({"n_tasks"}, s);
  const tl::Claim& c = claim(s, "ladder_alpha_d_trend_toward_theory");
  CHECK(c.verdict() == tl::Verdict::NotApplicable);
  CHECK_THAT(c.notes(), Catch::Contains("0 rung(s) with a fitted alpha_D") && Catch::Contains("no data sweep (part B3)"));
}
