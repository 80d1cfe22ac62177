#pragma once
// CPU time of one row: the runner measures each run_point call and stores the result
// as the row's `cpu_seconds` column (seconds of CPU, not wall time, so that a loaded
// machine inflates it little). It is what the experiments' cost models
// (Experiment::cost_seconds) are checked against.
//
// A point that starts its own threads charges their CPU time to its row:
//
//   const tl::InnerThreadCpu cpu;            // in the row's thread, before spawning
//   std::thread t([&] { work(); cpu.charge_this_thread(); });
//
// Outside a row (tests, benchmarks) charging does nothing.
#include <atomic>

namespace tl {

// CPU seconds consumed so far by the calling thread (CLOCK_THREAD_CPUTIME_ID).
double thread_cpu_seconds();

// Measures the CPU time of the calling thread from construction to seconds(), plus
// whatever inner threads charge meanwhile. One per row, on the row's thread; not
// copyable. While it lives, InnerThreadCpu objects created on this thread charge it.
class RowCpuMeter {
 public:
  RowCpuMeter();
  ~RowCpuMeter();
  RowCpuMeter(const RowCpuMeter&) = delete;
  RowCpuMeter& operator=(const RowCpuMeter&) = delete;
  double seconds() const;  // CPU seconds of this thread since construction + inner threads

 private:
  double start_;
  std::atomic<double> inner_{0};
  RowCpuMeter* outer_;  // a meter already active on this thread (nested: restored after)
  friend class InnerThreadCpu;
};

// The handle inner threads charge through: capture it on the row's thread.
class InnerThreadCpu {
 public:
  InnerThreadCpu();  // the calling thread's active RowCpuMeter, or none
  // Adds the calling (inner) thread's whole CPU time so far to the row. Call once, at
  // the end of the inner thread's work; a no-op without a meter.
  void charge_this_thread() const;

 private:
  RowCpuMeter* meter_;
};

}  // namespace tl
