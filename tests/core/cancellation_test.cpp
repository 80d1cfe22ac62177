#include <catch2/catch.hpp>

#include <csignal>
#include <thread>

#include "theorylab/core/cancellation.hpp"
#include "theorylab/math/hypergeometric.hpp"

TEST_CASE("cancellation: request, observe, reset") {
  tl::reset_cancellation();
  CHECK_FALSE(tl::cancellation_requested());
  CHECK_NOTHROW(tl::throw_if_cancelled());
  tl::request_cancellation();
  CHECK(tl::cancellation_requested());
  CHECK_THROWS_AS(tl::throw_if_cancelled(), tl::Cancelled);
  CHECK_THROWS_WITH(tl::throw_if_cancelled(), "cancelled");
  tl::reset_cancellation();
  CHECK_FALSE(tl::cancellation_requested());
}

namespace {
extern "C" void cancel_on_signal(int) { tl::request_cancellation(); }
}  // namespace

TEST_CASE("cancellation: a signal handler's request reaches another thread's check") {
  tl::reset_cancellation();
  auto previous = std::signal(SIGUSR1, cancel_on_signal);
  std::raise(SIGUSR1);
  bool seen = false;
  std::thread([&] { seen = tl::cancellation_requested(); }).join();
  CHECK(seen);
  std::signal(SIGUSR1, previous);
  tl::reset_cancellation();
}

TEST_CASE("cancellation: a long series stops with Cancelled") {
  // 0F1 at z = 1e18 walks about 10^5 terms: long enough to poll the token.
  tl::reset_cancellation();
  const double reference = tl::log_hyp0f1(1.5, 1e18);
  tl::request_cancellation();
  CHECK_THROWS_AS(tl::log_hyp0f1(1.5, 1e18), tl::Cancelled);
  tl::reset_cancellation();
  CHECK(tl::log_hyp0f1(1.5, 1e18) == reference);
}
