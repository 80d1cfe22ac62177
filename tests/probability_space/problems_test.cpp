// Problems T1–T7: gradients against finite differences, the oracle and projections of
// T3's polytope against random feasible points.
#include <catch2/catch.hpp>

#include <cmath>

#include "probability_space/problems.hpp"
#include "theorylab/core/random.hpp"

using namespace probability_space;

namespace {

Problem make(ProblemId id, int n = 6, double mu = 4.5) {
  ProblemConfig c;
  c.id = id;
  c.n = n;
  c.mu = mu;
  c.tau = 0.7;
  c.instance_seed = 3;
  return Problem::make(c);
}

Eigen::VectorXd dirichlet(int n, tl::Rng& rng) {
  Eigen::VectorXd q(n);
  for (int i = 0; i < n; ++i) q[i] = rng.gamma(1.0);
  return q / q.sum();
}

// A random strictly positive point of Δ ∩ {a·p = μ}: the KL projection of a random
// Dirichlet point.
Eigen::VectorXd feasible_t3(const Problem& p, tl::Rng& rng) {
  return p.kl_project_log(dirichlet(p.n, rng).array().log().matrix()).array().exp().matrix();
}

}  // namespace

TEST_CASE("gradients match central differences", "[probability_space][problems]") {
  tl::Rng rng(11);
  for (ProblemId id : {ProblemId::T1, ProblemId::T2, ProblemId::T3, ProblemId::T4, ProblemId::T5, ProblemId::T7}) {
    const Problem problem = make(id, 7);
    const Eigen::VectorXd p = dirichlet(problem.n, rng);
    Eigen::VectorXd g;
    problem.gradient(p, g);
    for (int i = 0; i < problem.n; ++i) {
      const double h = 1e-6;
      Eigen::VectorXd up = p, down = p;
      up[i] += h, down[i] -= h;
      const double fd = (problem.value(up) - problem.value(down)) / (2 * h);
      INFO(problem_name(id) << " coordinate " << i);
      CHECK(g[i] == Approx(fd).epsilon(1e-6).margin(1e-7));
    }
  }
}

TEST_CASE("T6 subgradient satisfies the subgradient inequality", "[probability_space][problems]") {
  tl::Rng rng(5);
  const Problem problem = make(ProblemId::T6);
  for (int trial = 0; trial < 200; ++trial) {
    const Eigen::VectorXd p = dirichlet(4, rng), q = dirichlet(4, rng);
    Eigen::VectorXd g;
    problem.gradient(p, g);
    CHECK(problem.value(q) >= problem.value(p) + g.dot(q - p) - 1e-15);
  }
}

TEST_CASE("residual on the simplex is the article's sum p_i (g_i - min g)", "[probability_space][problems]") {
  const Problem problem = make(ProblemId::T1, 4);
  Eigen::VectorXd p(4), g(4);
  p << 0.1, 0.2, 0.3, 0.4;
  g << 1.0, -2.0, 0.5, 3.0;
  // Σ p_i (g_i + 2) = 0.1·3 + 0 + 0.3·2.5 + 0.4·5
  CHECK(problem.residual(p, g) == Approx(0.3 + 0.75 + 2.0).epsilon(1e-15));
  // A zero coordinate with g = −∞ does not produce NaN (entropy on the boundary).
  Eigen::VectorXd vertex = Eigen::VectorXd::Zero(4);
  vertex[0] = 1;
  g << 0.0, -std::numeric_limits<double>::infinity(), 0.0, 0.0;
  CHECK(std::isinf(problem.residual(vertex, g)));
}

TEST_CASE("T3 oracle beats every random feasible point", "[probability_space][problems]") {
  tl::Rng rng(9);
  for (double mu : {1.5, 3.5, 4.0, 5.7}) {
    const Problem problem = make(ProblemId::T3, 6, mu);
    for (int trial = 0; trial < 50; ++trial) {
      Eigen::VectorXd g(6);
      for (int i = 0; i < 6; ++i) g[i] = rng.normal();
      const Vertex s = problem.linear_minimiser(g);
      Eigen::VectorXd dense = Eigen::VectorXd::Zero(6);
      dense[s.i] += s.wi;
      if (s.j >= 0) dense[s.j] += s.wj;
      CHECK(problem.infeasibility(dense) <= 1e-14);
      for (int k = 0; k < 20; ++k) CHECK(g.dot(dense) <= g.dot(feasible_t3(problem, rng)) + 1e-12);
    }
  }
}

TEST_CASE("T3 Euclidean projection: feasible and the variational inequality holds", "[probability_space][problems]") {
  tl::Rng rng(13);
  std::vector<double> work;
  for (double mu : {1.2, 3.5, 4.5, 5.9}) {
    const Problem problem = make(ProblemId::T3, 6, mu);
    for (int trial = 0; trial < 50; ++trial) {
      Eigen::VectorXd y(6), p;
      for (int i = 0; i < 6; ++i) y[i] = rng.normal() * (trial % 2 ? 3.0 : 0.2);
      problem.project(y, p, work);
      CHECK(problem.infeasibility(p) <= 1e-13);
      // (y − Π y)·(q − Π y) ≤ 0 for every feasible q characterises the projection.
      for (int k = 0; k < 20; ++k) CHECK((y - p).dot(feasible_t3(problem, rng) - p) <= 1e-12);
    }
  }
}

TEST_CASE("T3 KL projection: mean mu and an exponential tilt of q", "[probability_space][problems]") {
  tl::Rng rng(17);
  const Problem problem = make(ProblemId::T3, 6, 5.0);
  const Eigen::VectorXd q = dirichlet(6, rng);
  const Eigen::VectorXd log_p = problem.kl_project_log(q.array().log().matrix());
  const Eigen::VectorXd p = log_p.array().exp().matrix();
  CHECK(p.sum() == Approx(1.0).epsilon(1e-14));
  CHECK(problem.a.dot(p) == Approx(5.0).epsilon(1e-13));
  // log p − log q = −b a − const: second differences in a vanish.
  const Eigen::VectorXd diff = log_p - q.array().log().matrix();
  for (int i = 1; i + 1 < 6; ++i) CHECK(diff[i + 1] - 2 * diff[i] + diff[i - 1] == Approx(0).margin(1e-12));
}

TEST_CASE("start points are feasible and strictly positive", "[probability_space][problems]") {
  for (ProblemId id : {ProblemId::T1, ProblemId::T2, ProblemId::T3, ProblemId::T4, ProblemId::T5, ProblemId::T6, ProblemId::T7}) {
    for (double mu : {1.01, 3.5, 5.99}) {
      const Problem problem = make(id, 5, mu);
      const Eigen::VectorXd p = problem.start_point();
      CHECK(problem.infeasibility(p) <= 1e-15);
      CHECK(p.minCoeff() > 0);
    }
  }
}
