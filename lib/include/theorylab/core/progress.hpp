#pragma once
// Progress on stderr: a bar (done/total, rate, ETA) on a terminal, otherwise one line
// every few seconds. Thread-safe: workers call advance().
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>

namespace tl {

class Progress {
 public:
  Progress(std::string label, std::size_t total, bool enabled);
  ~Progress();
  void advance(std::size_t n = 1);
  void finish();

 private:
  void draw(bool final);
  std::string label_;
  std::size_t total_, done_ = 0;
  bool enabled_, terminal_, finished_ = false;
  std::chrono::steady_clock::time_point start_, last_draw_;
  std::mutex mutex_;
};

}  // namespace tl
