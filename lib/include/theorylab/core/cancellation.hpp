#pragma once
// One process-wide cancellation token. SIGINT/SIGTERM request it; the runner stops
// taking points; long loops (training epochs, Monte Carlo trials, solver iterations,
// series) call throw_if_cancelled() every few milliseconds of work, so a point that is
// stuck in a long loop stops within a second. A cancelled point leaves no row.
//
//   for (int step = 0; step < steps; ++step) { tl::throw_if_cancelled(); ... }
#include <exception>

namespace tl {

// Thrown by throw_if_cancelled(); the runner drops the point's row (it is not an error).
struct Cancelled : std::exception {
  const char* what() const noexcept override { return "cancelled"; }
};

void request_cancellation() noexcept;    // async-signal-safe (a lock-free atomic store)
void reset_cancellation() noexcept;      // for tests and a new run
bool cancellation_requested() noexcept;  // relaxed load: cheap enough for inner loops
void throw_if_cancelled();               // throws Cancelled when requested

}  // namespace tl
