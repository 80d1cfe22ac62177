#!/usr/bin/python3
"""Peer of tests/bench/bench_gradient_max_scale.cpp (BM_SoftmaxStatistics): the
statistics of p = softmax(scale * s) for n normal scores in NumPy, float64, written
the efficient NumPy way (preallocated buffers, in-place ufuncs, BLAS dot products):
log-sum-exp, entropy, sum p^2 and scale * (1 - sum p^2), shifted by the max.
Prints elements/s (per wall second and per process CPU second) for n = 1e3, 1e4, 1e5, 1e6. Standalone, no arguments, < 30 s.
Run with Debian's /usr/bin/python3."""
import time

import numpy as np


def softmax_statistics(s, scale, t, w):
    np.multiply(s, scale, out=t)
    m = t.max()
    np.subtract(t, m, out=t)
    np.exp(t, out=w)
    z = w.sum()
    log_z = np.log(z)
    entropy = log_z - np.dot(w, t) / z
    sum_p2 = np.dot(w, w) / (z * z)
    return m + log_z, entropy, sum_p2, scale * (1 - sum_p2)


def rate(n, seconds=1.5):
    rng = np.random.default_rng(42)
    s = rng.standard_normal(n)
    t, w = np.empty(n), np.empty(n)
    for _ in range(5):  # warm-up
        softmax_statistics(s, 2.5, t, w)
    calls, start, cpu_start = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - start < seconds:
        softmax_statistics(s, 2.5, t, w)
        calls += 1
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    return calls * n / wall, calls * n / cpu


if __name__ == "__main__":
    print(f"softmax_statistics_numpy (numpy {np.__version__}, float64)")
    for n in (1000, 10000, 100000, 1000000):
        wall, cpu = rate(n)
        # Google Benchmark's items_per_second is per CPU second: compare with the second.
        print(f"n={n:>8d}  {wall:.4g} elements/s (wall)  {cpu:.4g} elements/s (process CPU)")
