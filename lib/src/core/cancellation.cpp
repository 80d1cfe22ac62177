#include "theorylab/core/cancellation.hpp"

#include <atomic>

namespace tl {

namespace {
std::atomic<bool> requested{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the token is set from a signal handler");
}  // namespace

void request_cancellation() noexcept { requested.store(true, std::memory_order_relaxed); }
void reset_cancellation() noexcept { requested.store(false, std::memory_order_relaxed); }
bool cancellation_requested() noexcept { return requested.load(std::memory_order_relaxed); }
void throw_if_cancelled() {
  if (requested.load(std::memory_order_relaxed)) throw Cancelled();
}

}  // namespace tl
