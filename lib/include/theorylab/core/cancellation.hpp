#pragma once
// A process-wide cancellation token: a signal handler (or the runner) requests it, and
// long loops (series, root searches, training epochs, Monte Carlo trials) poll it and
// unwind by throwing tl::Cancelled.
//
//   tl::request_cancellation();   // async-signal-safe: one lock-free atomic store
//   for (...) { tl::throw_if_cancelled(); ... }  // every ~1-10 ms of work
//
// The flag stays set until reset_cancellation(): a cancelled run stays cancelled.
#include <exception>

namespace tl {

struct Cancelled : std::exception {
  const char* what() const noexcept override { return "cancelled"; }
};

// Sets the flag. Async-signal-safe (a lock-free std::atomic<bool> store).
void request_cancellation() noexcept;
// Clears the flag: for tests and before a new run.
void reset_cancellation() noexcept;
// A relaxed load: cheap enough for inner loops.
bool cancellation_requested() noexcept;
// Throws Cancelled when the flag is set.
void throw_if_cancelled();

}  // namespace tl
