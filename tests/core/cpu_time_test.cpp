// Row CPU accounting (core/cpu_time.hpp): a row's meter counts its own thread and the
// inner threads that charge it, and nothing else.
#include <catch2/catch.hpp>

#include <thread>

#include "theorylab/core/cpu_time.hpp"

namespace {
// Burns CPU on the calling thread until it has used `seconds` of it (not wall time).
void burn(double seconds) {
  const double until = tl::thread_cpu_seconds() + seconds;
  volatile double x = 0;
  while (tl::thread_cpu_seconds() < until)
    for (int i = 0; i < 10000; ++i) x = x + 1e-9 * i;
}
}  // namespace

TEST_CASE("a row's CPU meter counts its thread and the inner threads it is charged with", "[core][cpu]") {
  constexpr double kInner = 0.05, kOwn = 0.02;
  const tl::RowCpuMeter meter;
  burn(kOwn);
  {
    const tl::InnerThreadCpu cpu;
    std::thread inner([&] {
      burn(kInner);
      cpu.charge_this_thread();
    });
    inner.join();
  }
  CHECK(meter.seconds() >= kOwn + kInner);
  CHECK(meter.seconds() < kOwn + kInner + 1.0);  // not the process's or wall time
}

TEST_CASE("inner threads outside a row charge nothing, and nested meters restore the outer one", "[core][cpu]") {
  const tl::InnerThreadCpu orphan;  // no meter on this thread
  std::thread([&] {
    burn(0.01);
    orphan.charge_this_thread();  // a no-op, not a crash
  }).join();

  const tl::RowCpuMeter outer;
  {
    const tl::RowCpuMeter inner_meter;
    const tl::InnerThreadCpu cpu;  // charges inner_meter
    std::thread([&] {
      burn(0.05);
      cpu.charge_this_thread();
    }).join();
    CHECK(inner_meter.seconds() >= 0.05);
  }
  CHECK(outer.seconds() < 0.05);  // the inner thread charged the nested meter only
  const tl::InnerThreadCpu cpu;   // the outer meter is active again
  std::thread([&] {
    burn(0.05);
    cpu.charge_this_thread();
  }).join();
  CHECK(outer.seconds() >= 0.05);
}
