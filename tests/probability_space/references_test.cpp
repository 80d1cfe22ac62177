// Reference optima: the article's example, agreement with routes independent of the
// one used, and the KKT conditions at every reference.
#include <catch2/catch.hpp>

#include <cmath>

#include "probability_space/problems.hpp"
#include "probability_space/references.hpp"
#include "theorylab/core/random.hpp"
#include "theorylab/math/roots.hpp"

using namespace probability_space;

namespace {

Problem make(ProblemId id, int n = 4, double mu = 4.5, double tau = 0.5, std::uint64_t seed = 1) {
  ProblemConfig c;
  c.id = id, c.n = n, c.mu = mu, c.tau = tau, c.instance_seed = seed;
  return Problem::make(c);
}

Eigen::VectorXd dirichlet(int n, tl::Rng& rng) {
  Eigen::VectorXd q(n);
  for (int i = 0; i < n; ++i) q[i] = rng.gamma(1.0);
  return q / q.sum();
}

}  // namespace

TEST_CASE("T1 reference is the article's p = (0.6, 0.4, 0, 0), lambda = 0.2", "[probability_space][references]") {
  const Reference ref = reference_solution(make(ProblemId::T1, 4));
  CHECK(ref.multiplier == Approx(0.2).margin(1e-15));
  CHECK(ref.p[0] == Approx(0.6).margin(1e-15));
  CHECK(ref.p[1] == Approx(0.4).margin(1e-15));
  CHECK(ref.p[2] == 0);
  CHECK(ref.p[3] == 0);
}

TEST_CASE("T1 reference agrees with a root solve of sum max(0, x - lambda) = 1", "[probability_space][references]") {
  for (int n : {5, 50, 500}) {
    const Problem problem = make(ProblemId::T1, n, 4.5, 0.5, 7);
    const Reference ref = reference_solution(problem);
    const Eigen::VectorXd& x = problem.target;
    auto mass = [&](double l) { return (x.array() - l).max(0.0).sum() - 1; };
    const double lambda = tl::find_root(mass, x.minCoeff() - 1, x.maxCoeff(), 1e-15, 1e-15).x;
    CHECK(ref.multiplier == Approx(lambda).margin(1e-13));
  }
}

TEST_CASE("T2 and T3 references minimise F among random feasible points", "[probability_space][references]") {
  tl::Rng rng(23);
  const Problem t2 = make(ProblemId::T2, 8, 4.5, 0.3, 5);
  const Reference r2 = reference_solution(t2);
  CHECK(r2.value == Approx(t2.value(r2.p)).epsilon(1e-14));
  for (int k = 0; k < 500; ++k) CHECK(t2.value(dirichlet(8, rng)) >= r2.value);
  for (double mu : {3.5, 4.0, 4.5, 5.0}) {
    const Problem t3 = make(ProblemId::T3, 6, mu);
    const Reference r3 = reference_solution(t3);
    CHECK(t3.a.dot(r3.p) == Approx(mu).epsilon(1e-14));
    if (mu == 3.5) CHECK((r3.p.array() - 1.0 / 6).abs().maxCoeff() <= 1e-15);
    for (int k = 0; k < 200; ++k) {
      const Eigen::VectorXd q = t3.kl_project_log(dirichlet(6, rng).array().log().matrix()).array().exp().matrix();
      CHECK(t3.value(q) >= r3.value - 1e-14);
    }
  }
}

TEST_CASE("T3 near mu = 1 and mu = 6: beta brackets adaptively", "[probability_space][references]") {
  for (double mu : {1.001, 5.999}) {
    const Reference r = reference_solution(make(ProblemId::T3, 6, mu));
    CHECK(std::isfinite(r.multiplier));
    CHECK(std::fabs(r.multiplier) > 5);
    CHECK(r.p.sum() == Approx(1.0).epsilon(1e-14));
  }
}

TEST_CASE("T4 water filling agrees with support enumeration", "[probability_space][references]") {
  const Problem problem = make(ProblemId::T4);
  const Reference ref = reference_solution(problem);
  // Enumerate supports of the diagonal QP: p_S = (λ − b_S)/d_S with Σ p_S = 1.
  double best = std::numeric_limits<double>::infinity();
  Eigen::VectorXd best_p;
  for (int mask = 1; mask < 16; ++mask) {
    double num = 1, den = 0;
    for (int i = 0; i < 4; ++i)
      if (mask & (1 << i)) num += problem.lin[i] / problem.h_diag[i], den += 1 / problem.h_diag[i];
    const double lambda = num / den;
    Eigen::VectorXd p = Eigen::VectorXd::Zero(4);
    bool ok = true;
    for (int i = 0; i < 4; ++i)
      if (mask & (1 << i)) p[i] = (lambda - problem.lin[i]) / problem.h_diag[i], ok = ok && p[i] >= 0;
    if (ok && problem.value(p) < best) best = problem.value(p), best_p = p;
  }
  CHECK((ref.p - best_p).cwiseAbs().maxCoeff() <= 1e-14);
  CHECK(ref.support == 3);  // p_4 = 0: the optimum sits on a face
}

TEST_CASE("T5: support enumeration and the certified run agree", "[probability_space][references]") {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    const Problem problem = make(ProblemId::T5, 9, 4.5, 0.5, seed);
    const Reference a = t5_by_enumeration(problem), b = t5_by_certified_run(problem);
    CHECK(b.method.find("NOT") == std::string::npos);
    CHECK(b.certified_residual <= 1e-13 * 10);
    CHECK((a.p - b.p).lpNorm<1>() <= 1e-10);
    CHECK(a.value == Approx(b.value).margin(1e-13));
  }
}

TEST_CASE("every reference optimum satisfies the KKT conditions", "[probability_space][references]") {
  for (ProblemId id : {ProblemId::T1, ProblemId::T2, ProblemId::T4, ProblemId::T5, ProblemId::T6, ProblemId::T7}) {
    for (int n : {4, 11, 40}) {
      const Problem problem = make(id, n, 4.5, 0.5, 9);
      const KktReport kkt = check_kkt(problem, reference_solution(problem));
      INFO(problem_name(id) << " n=" << n << " residual " << kkt.relative_residual << " pattern " << kkt.pattern_error);
      CHECK(kkt.pattern_ok);
    }
  }
  for (double mu : {1.5, 3.5, 4.0, 4.5, 5.0, 5.5}) {
    const Problem problem = make(ProblemId::T3, 6, mu);
    CHECK(check_kkt(problem, reference_solution(problem)).pattern_ok);
  }
}

TEST_CASE("the KKT check rejects points that are not optimal", "[probability_space][references]") {
  for (ProblemId id : {ProblemId::T1, ProblemId::T2, ProblemId::T4, ProblemId::T6}) {
    const Problem problem = make(id, 5);
    Reference fake = reference_solution(problem);
    fake.p = 0.5 * fake.p + 0.5 * problem.start_point();
    fake.p[0] += 0.01, fake.p[1] -= 0.01;
    CHECK_FALSE(check_kkt(problem, fake).pattern_ok);
  }
}
