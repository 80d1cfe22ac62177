#include "quantization_scaling/sparse_parity.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>

#include <boost/math/special_functions/binomial.hpp>

namespace qs {

SparseParity make_sparse_parity(int n_tasks, int n_bits, int k, double alpha, tl::Rng& rng) {
  if (n_tasks < 1 || n_bits < 1 || k < 1 || k > n_bits || n_bits > kMaxTaskBits || !(alpha > 0))
    throw std::invalid_argument("make_sparse_parity: need n_tasks >= 1, 1 <= k <= n <= " + std::to_string(kMaxTaskBits) +
                                ", alpha > 0");
  if (boost::math::binomial_coefficient<double>(n_bits, k) < n_tasks)
    throw std::invalid_argument("make_sparse_parity: fewer than n_tasks distinct " + std::to_string(k) +
                                "-subsets of " + std::to_string(n_bits) + " bits");
  SparseParity sp{n_tasks, n_bits, k, alpha, {}, {}, {}, tl::ZipfSampler(alpha + 1, static_cast<std::uint64_t>(n_tasks))};
  std::set<std::pair<std::uint64_t, std::uint64_t>> seen;
  std::vector<int> pool(n_bits);
  while (static_cast<int>(sp.masks.size()) < n_tasks) {
    // A uniform k-subset: the first k entries of a partial Fisher-Yates shuffle.
    for (int j = 0; j < n_bits; ++j) pool[j] = j;
    std::uint64_t mask = 0, high = 0;
    for (int j = 0; j < k; ++j) {
      const int pick = j + static_cast<int>(rng.below(static_cast<std::uint64_t>(n_bits - j)));
      std::swap(pool[j], pool[pick]);
      if (pool[j] < 64) mask |= std::uint64_t{1} << pool[j];
      else high |= std::uint64_t{1} << (pool[j] - 64);
    }
    if (seen.insert({mask, high}).second) sp.masks.push_back(mask), sp.masks_high.push_back(high);  // distinct subsets
  }
  for (int i = 0; i < n_tasks; ++i) sp.p.push_back(sp.zipf.probability(static_cast<std::uint64_t>(i + 1)));
  return sp;
}

namespace {
// One sample: 64 uniform bits (mt19937_64's fixed output), and 64 more only when n > 64
// (so that n <= 64 draws exactly what it always drew).
void unpack_bits(int n_bits, std::uint64_t word, std::uint64_t high, Batch& out, int b) {
  for (int j = 0; j < n_bits; ++j) out.bits(j, b) = static_cast<double>(((j < 64 ? word >> j : high >> (j - 64))) & 1);
}
void fill(const SparseParity& sp, Batch& out, int b, int task, tl::Rng& rng, bool unpack = true) {
  std::uint64_t word = rng.engine()(), high = 0;
  if (sp.n_bits < 64) word &= (std::uint64_t{1} << sp.n_bits) - 1;
  if (sp.n_bits > 64) {
    high = rng.engine()();
    if (sp.n_bits < 128) high &= (std::uint64_t{1} << (sp.n_bits - 64)) - 1;
  }
  out.task[b] = task;
  out.words[b] = word;
  out.words_high[b] = high;
  if (unpack) unpack_bits(sp.n_bits, word, high, out, b);
  out.label[b] = parity_label(word, sp.masks[task]) ^ parity_label(high, sp.masks_high[task]);
}
void resize(const SparseParity& sp, Batch& out, int m, bool unpack = true) {
  out.task.resize(m);
  out.words.resize(m);
  out.words_high.resize(m);
  out.label.resize(m);
  out.bits.resize(sp.n_bits, unpack ? m : 0);
}
}  // namespace

void draw_batch(const SparseParity& sp, int batch, tl::Rng& rng, Batch& out, bool unpack) {
  resize(sp, out, batch, unpack);
  for (int b = 0; b < batch; ++b) {
    const int task = static_cast<int>(sp.zipf(rng)) - 1;
    fill(sp, out, b, task, rng, unpack);
  }
}

void draw_task_samples(const SparseParity& sp, int task, int m, tl::Rng& rng, Batch& out) {
  resize(sp, out, m);
  for (int b = 0; b < m; ++b) fill(sp, out, b, task, rng);
}

void gather(const Batch& from, const std::vector<int>& index, Batch& out) {
  const int m = static_cast<int>(index.size());
  out.task.resize(m);
  out.words.resize(m);
  out.words_high.resize(m);
  out.label.resize(m);
  out.bits.resize(from.bits.rows(), m);
  const bool packed = from.bits.cols() != from.size();
  for (int b = 0; b < m; ++b) {
    const int i = index[b];
    out.task[b] = from.task[i];
    out.words[b] = from.words[i];
    out.words_high[b] = from.words_high[i];
    out.label[b] = from.label[i];
    if (packed) unpack_bits(static_cast<int>(from.bits.rows()), from.words[i], from.words_high[i], out, b);
    else out.bits.col(b) = from.bits.col(i);
  }
}

Batch concatenate(const std::vector<Batch>& parts) {
  Batch out;
  Eigen::Index total = 0, rows = 0;
  for (const Batch& p : parts) total += p.size(), rows = p.bits.rows();
  out.bits.resize(rows, total);
  Eigen::Index at = 0;
  for (const Batch& p : parts) {
    out.task.insert(out.task.end(), p.task.begin(), p.task.end());
    out.words.insert(out.words.end(), p.words.begin(), p.words.end());
    out.words_high.insert(out.words_high.end(), p.words_high.begin(), p.words_high.end());
    out.label.insert(out.label.end(), p.label.begin(), p.label.end());
    out.bits.middleCols(at, p.size()) = p.bits;
    at += p.size();
  }
  return out;
}

}  // namespace qs
