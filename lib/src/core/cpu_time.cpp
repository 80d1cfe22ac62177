#include "theorylab/core/cpu_time.hpp"

#include <ctime>

namespace tl {

namespace {
thread_local RowCpuMeter* active_meter = nullptr;

void add(std::atomic<double>& total, double seconds) {
  double seen = total.load();
  while (!total.compare_exchange_weak(seen, seen + seconds)) {
  }
}
}  // namespace

double thread_cpu_seconds() {
  timespec ts{};
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0) return 0;
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

RowCpuMeter::RowCpuMeter() : start_(thread_cpu_seconds()), outer_(active_meter) { active_meter = this; }

RowCpuMeter::~RowCpuMeter() { active_meter = outer_; }

double RowCpuMeter::seconds() const { return thread_cpu_seconds() - start_ + inner_.load(); }

InnerThreadCpu::InnerThreadCpu() : meter_(active_meter) {}

void InnerThreadCpu::charge_this_thread() const {
  if (meter_) add(meter_->inner_, thread_cpu_seconds());
}

}  // namespace tl
