#include "signals.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>

#include "theorylab/core/cancellation.hpp"

namespace tl::cli {

namespace {
std::atomic<int> first_signal{0};
char remove_on_exit[4096] = {0};

extern "C" void on_signal(int sig) {
  int expected = 0;
  if (!first_signal.compare_exchange_strong(expected, sig)) {
    if (remove_on_exit[0]) unlink(remove_on_exit);  // async-signal-safe
    const char message[] = "\ntheorylab: stopped at once; the finished rows are kept (--resume continues)\n";
    (void)!write(STDERR_FILENO, message, sizeof message - 1);
    _exit(128 + first_signal.load());
  }
  request_cancellation();
  const char message[] =
      "\ntheorylab: interrupted; stopping the points in progress (the finished rows are kept; signal again to quit now)\n";
  (void)!write(STDERR_FILENO, message, sizeof message - 1);
}
}  // namespace

void install_signal_handlers() {
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

int interrupt_signal() { return first_signal.load(); }

int interrupted_exit_status() {
  const int sig = first_signal.load();
  return 128 + (sig ? sig : SIGINT);
}

void set_file_to_remove(const char* path) {
  std::snprintf(remove_on_exit, sizeof remove_on_exit, "%s", path ? path : "");
}

}  // namespace tl::cli
