#pragma once
// T8: the article's continuous case. F[p] = KL(p ‖ N(0,1)); the Wasserstein gradient
// flow ∂p/∂t = ∇·(p ∇ δF/δp), δF/δp = log p + x²/2 + const, is the Ornstein–Uhlenbeck
// Fokker–Planck equation ∂p/∂t = ∂x(x p) + ∂xx p. From p_0 = N(m0, s0²):
//   m_t = m0 e^{−t},  s_t² = 1 + (s0² − 1) e^{−2t},
//   KL_t = −log s_t + (s_t² + m_t²)/2 − ½,  −dKL/dt = (s_t − 1/s_t)² + m_t².
// Two numerical flows are compared with it: particles moved by the article's ODE
// dx/dt = −∂x(δF/δp)(x) (RK4), and a finite-volume solution of the PDE.
#include <vector>

namespace probability_space {

struct FlowSettings {
  double m0 = 2.0, s0 = 0.5;  // p_0 = N(m0, s0²)
  double horizon = 3.0;       // integrate over [0, horizon]
  int steps = 2000;           // time steps (dt = horizon / steps)
  int particles = 2000;
  int cells = 400;            // finite-volume cells on [−half_width, half_width]
  double half_width = 10.0;
};

struct OuClosedForm {
  double m0, s0;
  double mean(double t) const;
  double variance(double t) const;
  double kl(double t) const;
  double dissipation(double t) const;  // −dKL/dt = ∫ p |∂x δF/δp|²
};

struct FlowTrace {
  std::vector<double> time, kl, mean, variance, dissipation;  // every step, t = 0 .. horizon
  double max_kl_error = 0, max_mean_error = 0, max_variance_error = 0;  // against the closed form
  double max_dissipation_relative_error = 0;  // numerical ∫ p|∇δF/δp|² against the closed form
  int kl_increases = 0;                       // steps where KL went up
  double max_kl_increase = 0;
  // max over interior steps of |(−dKL/dt by central difference) − D_t| / D_t, D_t the
  // numerical ∫ p |∇ δF/δp|² of the same solution: the article's dF/dt identity.
  double max_rate_mismatch = 0;
  double min_density = 0, mass_error = 0;  // finite volume: positivity, conservation
  bool diverged = false;
  double seconds = 0;
};

FlowTrace closed_form_flow(const FlowSettings& settings);
// Particles at the standardised normal quantiles of p_0, moved by
// dx/dt = −x − ∂x log p(x) with RK4. The score ∂x log p is that of the Gaussian with
// the cloud's own mean and variance: exact inside the OU flow, where a Gaussian stays
// Gaussian (a kernel estimate would add an O(h²) bias). KL and ∫ p|∇δF/δp|² are
// evaluated the same way.
FlowTrace run_particles(const FlowSettings& settings);
// Cell averages, the square-root-approximation flux
// J_{i+½} = −(√(φ_i φ_{i+1})/h)(p_{i+1}/φ_{i+1} − p_i/φ_i), φ = e^{−x²/2}, no flux at
// the ends (exactly mass conserving, N(0,1) is its steady state up to O(h²)), and
// Crank–Nicolson in time (Thomas algorithm). KL by the midpoint rule; the discrete
// dissipation Σ_faces h J (log u_{i+1} − log u_i), u = p/φ, equals −dKL/dt of the
// semi-discrete system.
FlowTrace run_fokker_planck(const FlowSettings& settings, int cells);

}  // namespace probability_space
