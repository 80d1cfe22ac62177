#include "theorylab/core/progress.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>

namespace tl {

namespace {
std::string format_duration(double seconds) {
  if (!std::isfinite(seconds)) return "?";
  char buffer[32];
  const long s = std::lround(seconds);
  if (s >= 3600) std::snprintf(buffer, sizeof buffer, "%ldh%02ldm", s / 3600, (s / 60) % 60);
  else if (s >= 60) std::snprintf(buffer, sizeof buffer, "%ldm%02lds", s / 60, s % 60);
  else std::snprintf(buffer, sizeof buffer, "%lds", s);
  return buffer;
}
}  // namespace

// A long run's "0.00 points/s" said nothing: past 10 s a point, the time per point.
std::string progress_pace(double rate) {
  if (!(rate > 0)) return "- points/s";
  if (rate >= 0.1) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.2f points/s", rate);
    return buffer;
  }
  return format_duration(1 / rate) + " per point";
}

Progress::Progress(std::string label, std::size_t total, bool enabled, std::size_t reused)
    : label_(std::move(label)), total_(total), reused_(reused), done_(reused), enabled_(enabled), terminal_(isatty(STDERR_FILENO) != 0),
      start_(std::chrono::steady_clock::now()), last_draw_(start_) {
  if (enabled_ && terminal_) draw(false);
}

Progress::~Progress() { finish(); }

void Progress::advance(std::size_t n) {
  std::lock_guard<std::mutex> lock(mutex_);
  done_ += n;
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  const double since = std::chrono::duration<double>(now - last_draw_).count();
  // A terminal redraws at most ten times a second; a log gets a line every 5 s.
  if ((terminal_ && since >= 0.1) || (!terminal_ && since >= 5.0)) {
    last_draw_ = now;
    draw(false);
  }
}

void Progress::finish() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (finished_) return;
  finished_ = true;
  if (enabled_ && terminal_) draw(true);
}

std::string Progress::reused_text() const {
  return reused_ ? " (" + std::to_string(reused_) + " reused)" : "";
}

void Progress::draw(bool final) {
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double rate = elapsed > 0 ? (done_ - reused_) / elapsed : 0;
  const double eta = rate > 0 ? (total_ - done_) / rate : NAN;
  const double fraction = total_ ? static_cast<double>(done_) / total_ : 1.0;
  if (terminal_) {
    const int width = 30, filled = static_cast<int>(fraction * width);
    std::string bar(filled, '#');
    bar += std::string(width - filled, '.');
    std::fprintf(stderr, "\r%s [%s] %zu/%zu points%s  %s  ETA %s   %s", label_.c_str(), bar.c_str(), done_, total_,
                 reused_text().c_str(), progress_pace(rate).c_str(), final ? "0s" : format_duration(eta).c_str(), final ? "\n" : "");
  } else {
    std::fprintf(stderr, "%s: %zu/%zu points%s (%.0f%%), %s, elapsed %s, ETA %s\n", label_.c_str(), done_, total_,
                 reused_text().c_str(), 100 * fraction, progress_pace(rate).c_str(), format_duration(elapsed).c_str(),
                 format_duration(eta).c_str());
  }
  std::fflush(stderr);
}

}  // namespace tl
