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
  std::vector<std::uint64_t> masks;       // bit j of masks[i] set iff task bit j (j < 64) is in S_i
  std::vector<std::uint64_t> masks_high;  // bit j of masks_high[i] set iff task bit 64 + j is in S_i (0 for n <= 64)
  std::vector<double> p;             // task probabilities p_i, i = 0..n_tasks-1 (rank i+1)
  tl::ZipfSampler zipf;              // over n_tasks, exponent alpha + 1
};

// The most task bits a task may have: two 64-bit words (the paper's n = 100 fits).
constexpr int kMaxTaskBits = 128;

// Throws std::invalid_argument if the task is impossible (k > n, n > kMaxTaskBits, or
// fewer than n_tasks distinct k-subsets). For n <= 64 the subsets, and every sample drawn,
// are the ones a 64-bit-only implementation drew (the high words are never drawn).
SparseParity make_sparse_parity(int n_tasks, int n_bits, int k, double alpha, tl::Rng& rng);

inline int parity_label(std::uint64_t bits, std::uint64_t mask) {
  return __builtin_popcountll(bits & mask) & 1;
}

// A batch: task ids, task bits as 0/1 doubles [n_bits, B] (the control bits are kept as
// ids: the network's first layer looks their weight column up), and labels.
struct Batch {
  std::vector<int> task;
  std::vector<std::uint64_t> words;       // the task bits packed, bit j = task bit j (j < 64)
  std::vector<std::uint64_t> words_high;  // task bits 64.. (0 for n <= 64)
  Eigen::MatrixXd bits;              // [n_bits, B]
  std::vector<int> label;
  int size() const { return static_cast<int>(task.size()); }
};

// B samples with tasks drawn from the Zipf law (online training, the fixed data set of
// multi-epoch training). unpack = false leaves `bits` empty ([n_bits, 0]): the samples are
// kept packed (24 bytes each instead of 8 n_bits), and `gather` unpacks the minibatches
// it takes from them, to the same 0/1 values (a data set of 10^7 samples at n = 100).
void draw_batch(const SparseParity& sp, int batch, tl::Rng& rng, Batch& out, bool unpack = true);
// m samples of task i (test and validation sets: every task evaluated separately).
void draw_task_samples(const SparseParity& sp, int task, int m, tl::Rng& rng, Batch& out);
// Samples `index` of `from` (a minibatch of a fixed data set), unpacked.
void gather(const Batch& from, const std::vector<int>& index, Batch& out);
// Concatenation of several batches.
Batch concatenate(const std::vector<Batch>& parts);

}  // namespace qs
