#include "quantization_scaling/training.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>

#include "theorylab/core/cancellation.hpp"
#include "theorylab/nn/adam.hpp"

namespace qs {

std::vector<int> checkpoint_steps(int steps, int count) {
  std::vector<int> out{0};
  for (int i = 0; i < count; ++i) {
    const int s = static_cast<int>(std::lround(std::pow(static_cast<double>(steps), static_cast<double>(i) / (count - 1))));
    if (s > out.back()) out.push_back(s);
  }
  if (out.back() != steps) out.push_back(steps);
  return out;
}

double weighted_loss(const SparseParity& sp, const Eigen::RowVectorXd& task_loss) {
  double sum = 0;
  for (int i = 0; i < sp.n_tasks; ++i) sum += sp.p[i] * task_loss(i);
  return sum;
}

int count_learned(const Eigen::RowVectorXd& task_loss, double threshold_bits) {
  return static_cast<int>((task_loss.array() < threshold_bits).count());
}

std::vector<int> convergence_steps(const TrainRecord& record, double threshold_bits) {
  std::vector<int> out(record.test_loss.cols(), -1);
  for (Eigen::Index i = 0; i < record.test_loss.cols(); ++i)
    for (Eigen::Index c = 0; c < record.test_loss.rows(); ++c)
      if (record.test_loss(c, i) < threshold_bits) {
        out[i] = record.steps[c];
        break;
      }
  return out;
}

namespace {
// Per-subtask mean loss (bits) over an evaluation set ordered by task, m per task.
template <class T>
Eigen::RowVectorXd evaluate(const ParityNet<T>& net, const SparseParity& sp, const Batch& set, int m,
                            ParityWorkspace<T>& ws) {
  const Eigen::VectorXd loss = parity_sample_loss_bits(net, set, ws);
  Eigen::RowVectorXd per_task(sp.n_tasks);
  for (int i = 0; i < sp.n_tasks; ++i) per_task(i) = loss.segment(static_cast<Eigen::Index>(i) * m, m).mean();
  return per_task;
}

Batch evaluation_set(const SparseParity& sp, int m, tl::Rng rng) {
  std::vector<Batch> parts(sp.n_tasks);
  for (int i = 0; i < sp.n_tasks; ++i) draw_task_samples(sp, i, m, rng, parts[i]);
  return concatenate(parts);
}

template <class T>
TrainRecord train_parity_in(const SparseParity& sp, const TrainSpec& spec, tl::Rng& rng) {
  const auto started = std::chrono::steady_clock::now();
  tl::Rng init_rng = rng.split(1), data_rng = rng.split(2);
  ParityNet<T> net = parity_net_from<T>(make_parity_net(sp.n_tasks, sp.n_bits, spec.width, init_rng), sp.n_tasks);
  tl::nn::AdamConfig config;
  config.learning_rate = spec.learning_rate;
  ParityAdam<T> adam(net, config);
  ParityGrads<T> grads;
  ParityWorkspace<T> ws, eval_ws;

  const Batch test = evaluation_set(sp, spec.test_per_task, rng.split(3));
  const bool online = spec.data_size == 0;
  Batch validation, data;
  if (!online) {
    validation = evaluation_set(sp, spec.test_per_task, rng.split(4));
    tl::Rng fixed = rng.split(5);
    draw_batch(sp, static_cast<int>(spec.data_size), fixed, data, /*unpack=*/false);  // minibatches unpack
  }

  std::vector<int> eval_steps;
  if (spec.eval_every > 0) {
    for (int s = 0; s <= spec.steps; s += spec.eval_every) eval_steps.push_back(s);
    if (eval_steps.back() != spec.steps) eval_steps.push_back(spec.steps);
  } else {
    eval_steps = checkpoint_steps(spec.steps, spec.checkpoints);
  }
  TrainRecord record;
  std::vector<Eigen::RowVectorXd> test_rows, val_rows;
  auto checkpoint = [&](int step, double train_loss_bits) {
    record.steps.push_back(step);
    record.train_loss.push_back(train_loss_bits);
    test_rows.push_back(evaluate(net, sp, test, spec.test_per_task, eval_ws));
    if (!online) val_rows.push_back(evaluate(net, sp, validation, spec.test_per_task, eval_ws));
  };

  // Multi-epoch: minibatches of a shuffled permutation of the data set.
  const int batch = online ? spec.batch : static_cast<int>(std::min<std::int64_t>(spec.batch, spec.data_size));
  std::vector<int> order(online ? 0 : spec.data_size);
  std::iota(order.begin(), order.end(), 0);
  std::size_t cursor = order.size();
  std::vector<int> pick(batch);
  Batch minibatch;

  std::size_t next_eval = 0;
  double loss_sum = 0;
  int loss_count = 0;
  for (int step = 0; step <= spec.steps; ++step) {
    tl::throw_if_cancelled();
    if (next_eval < eval_steps.size() && eval_steps[next_eval] == step) {
      checkpoint(step, loss_count ? loss_sum / loss_count / std::log(2.0) : std::nan(""));
      loss_sum = 0, loss_count = 0;
      ++next_eval;
      if (spec.stop_when_all_learned && count_learned(test_rows.back(), spec.learned_bits) == sp.n_tasks) break;
    }
    if (step == spec.steps) break;
    if (online) {
      draw_batch(sp, batch, data_rng, minibatch);
    } else {
      for (int b = 0; b < batch; ++b) {
        if (cursor == order.size()) {  // a new epoch: Fisher-Yates with the run's generator
          for (std::size_t i = order.size() - 1; i > 0; --i) std::swap(order[i], order[data_rng.below(i + 1)]);
          cursor = 0;
        }
        pick[b] = order[cursor++];
      }
      gather(data, pick, minibatch);
    }
    const double loss = parity_train_step(net, minibatch, ws, grads, adam);
    if (!std::isfinite(loss) || !std::isfinite(net.W1.sum())) {
      record.diverged = true;
      record.diverged_step = step;
      break;
    }
    loss_sum += loss, ++loss_count;
  }
  auto stack = [&](const std::vector<Eigen::RowVectorXd>& rows) {
    Eigen::MatrixXd m(rows.size(), sp.n_tasks);
    for (std::size_t c = 0; c < rows.size(); ++c) m.row(c) = rows[c];
    return m;
  };
  record.test_loss = stack(test_rows);
  if (!online) record.val_loss = stack(val_rows);
  record.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return record;
}
}  // namespace

TrainRecord train_parity(const SparseParity& sp, const TrainSpec& spec, tl::Rng& rng) {
  return spec.precision == Precision::Float32 ? train_parity_in<float>(sp, spec, rng) : train_parity_in<double>(sp, spec, rng);
}

}  // namespace qs
