#pragma once
// Progress on stderr: a bar (done/total, rate, ETA) on a terminal, otherwise one line
// every few seconds. Thread-safe: workers call advance().
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>

namespace tl {

// The pace shown beside the count: "2.50 points/s" at 0.1 point/s or more, else the time
// one point takes ("4m10s per point"); "- points/s" before the first point (rate <= 0 or
// NaN). `points_per_second`: any double.
std::string progress_pace(double points_per_second);

class Progress {
 public:
  // `reused`: rows already done before this run started (resume); shown, and not
  // counted in the rate.
  Progress(std::string label, std::size_t total, bool enabled, std::size_t reused = 0);
  ~Progress();
  void advance(std::size_t n = 1);
  void finish();

 private:
  void draw(bool final);
  std::string reused_text() const;
  std::string label_;
  std::size_t total_, reused_, done_ = 0;
  bool enabled_, terminal_, finished_ = false;
  std::chrono::steady_clock::time_point start_, last_draw_;
  std::mutex mutex_;
};

}  // namespace tl
