#!/usr/bin/python3
"""Peer of tests/bench/bench_quantization_scaling.cpp: one Adam step of the multitask
sparse-parity MLP in PyTorch ([onehot(task); bits] -> width (ReLU) -> 2 logits,
cross-entropy, Adam), batch 1024, 64 subtasks, 16 task bits, widths 32-512.

Two inputs:
  lookup  the fair peer of BM_ParityAdamStep: the control bits' weight columns as an
          embedding lookup (nn.Embedding, its gradient a scatter-add), the task bits
          through nn.Linear(16, width): the same one-hot shortcut as theorylab;
  dense   the full one-hot input through nn.Linear(64 + 16, width) (the paper's code;
          the peer of BM_DenseAdamStep).
float32 (PyTorch's default, the paper's) and float64, 1 thread (theorylab's benchmark is
single-threaded) and 2. GFLOP/s use theorylab's count (qs::parity_step_flops for lookup,
lib/nn's mlp_forward_backward_flops for dense), so the columns compare directly.
Standalone, no arguments, under 60 s. Run with Debian's /usr/bin/python3
(python3-torch; scripts/install-deps.sh installs it with THEORYLAB_PEERS=1)."""
import time

import torch

TASKS, BITS, BATCH = 64, 16, 1024


class Lookup(torch.nn.Module):
    """h = relu(E[task] + W_bits bits + b): E [TASKS, width] is W1's control columns."""

    def __init__(self, width):
        super().__init__()
        self.control = torch.nn.Embedding(TASKS, width)
        self.bits = torch.nn.Linear(BITS, width)
        self.out = torch.nn.Linear(width, 2)

    def forward(self, task, bits):
        return self.out(torch.relu(self.control(task) + self.bits(bits)))


class Dense(torch.nn.Module):
    def __init__(self, width):
        super().__init__()
        self.net = torch.nn.Sequential(torch.nn.Linear(TASKS + BITS, width), torch.nn.ReLU(), torch.nn.Linear(width, 2))

    def forward(self, task, bits):
        x = torch.cat([torch.nn.functional.one_hot(task, TASKS).to(bits.dtype), bits], dim=1)
        return self.net(x)


def step_flops(kind, width):
    if kind == "lookup":  # qs::parity_step_flops
        return 4 * width * BITS * BATCH + 14 * width * BATCH
    # lib/nn's mlp_forward_backward_flops without the input gradient: forward 2 GEMMs,
    # backward dW for both layers and dh for the second
    return 2 * BATCH * width * (TASKS + BITS) * 2 + 2 * BATCH * width * 2 * 3


def one_width(kind, width, dtype, seconds=0.3):
    torch.manual_seed(0)
    model = (Lookup if kind == "lookup" else Dense)(width).to(dtype)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    task = torch.randint(0, TASKS, (BATCH,))
    bits = torch.randint(0, 2, (BATCH, BITS)).to(dtype)
    y = torch.randint(0, 2, (BATCH,))
    loss_fn = torch.nn.CrossEntropyLoss()

    def step():
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(task, bits), y)
        loss.backward()
        opt.step()

    for _ in range(20):  # warm-up
        step()
    steps, start, cpu_start = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - start < seconds:
        step()
        steps += 1
    cpu = time.process_time() - cpu_start
    # per CPU second, as Google Benchmark's default (a loaded machine's waiting excluded;
    # with 2 threads this counts both threads' CPU time)
    return steps * BATCH / cpu, steps * step_flops(kind, width) / cpu / 1e9


def main():
    print(f"torch {torch.__version__}, batch {BATCH}, input {TASKS}+{BITS}; rates per CPU second")
    print(f"{'threads':>7} {'input':6} {'dtype':8} {'width':>6} {'samples/s':>12} {'GFLOP/s':>9}")
    for threads in (1, 2):
        torch.set_num_threads(threads)
        for kind in ("lookup", "dense"):
            for dtype in (torch.float32, torch.float64):
                for width in (32, 64, 128, 256, 512):
                    rate, gflops = one_width(kind, width, dtype)
                    name = str(dtype).replace("torch.", "")
                    print(f"{threads:7d} {kind:6} {name:8} {width:6d} {rate:12.4g} {gflops:9.3g}", flush=True)


if __name__ == "__main__":
    main()
