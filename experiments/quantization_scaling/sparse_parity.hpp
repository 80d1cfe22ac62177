#pragma once
// Multitask sparse parity (Michaud et al. 2023, sec. 3): n_tasks subtasks, subtask i a
// fixed random k-subset S_i of the n task bits (distinct subsets). A sample is the
// one-hot task id (n_tasks control bits) followed by n uniform task bits; the label is
// the parity of the task bits in S_i. Task i has probability i^{-s} / H_{n_tasks}^{(s)},
// s = alpha + 1.
#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include "theorylab/core/random.hpp"
#include "theorylab/math/zipf.hpp"

namespace qs {

struct SparseParity {
  int n_tasks = 0, n_bits = 0, k = 0;
  double alpha = 0;
  std::vector<std::uint64_t> masks;  // bit j of masks[i] set iff task bit j is in S_i
  std::vector<double> p;             // task probabilities p_i, i = 0..n_tasks-1 (rank i+1)
  tl::ZipfSampler zipf;              // over n_tasks, exponent alpha + 1
};

// Throws std::invalid_argument if the task is impossible (k > n, n > 64, or fewer than
// n_tasks distinct k-subsets).
SparseParity make_sparse_parity(int n_tasks, int n_bits, int k, double alpha, tl::Rng& rng);

inline int parity_label(std::uint64_t bits, std::uint64_t mask) {
  return __builtin_popcountll(bits & mask) & 1;
}

// A batch: task ids, task bits as 0/1 doubles [n_bits, B] (the control bits are kept as
// ids: the network's first layer looks their weight column up), and labels.
struct Batch {
  std::vector<int> task;
  std::vector<std::uint64_t> words;  // the task bits packed, bit j = task bit j
  Eigen::MatrixXd bits;              // [n_bits, B]
  std::vector<int> label;
  int size() const { return static_cast<int>(task.size()); }
};

// B samples with tasks drawn from the Zipf law (online training, the fixed data set of
// multi-epoch training).
void draw_batch(const SparseParity& sp, int batch, tl::Rng& rng, Batch& out);
// m samples of task i (test and validation sets: every task evaluated separately).
void draw_task_samples(const SparseParity& sp, int task, int m, tl::Rng& rng, Batch& out);
// Samples `index` of `from` (a minibatch of a fixed data set).
void gather(const Batch& from, const std::vector<int>& index, Batch& out);
// Concatenation of several batches.
Batch concatenate(const std::vector<Batch>& parts);

}  // namespace qs
