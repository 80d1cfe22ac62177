#pragma once
// Training runs of the parity network: online (a fresh batch every step) or
// multi-epoch (a fixed set of D samples, reshuffled every epoch), with per-subtask test
// losses at log-spaced checkpoints (and, multi-epoch, per-subtask validation losses on
// a separate set, for choosing the stopping step).
#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include "quantization_scaling/parity_net.hpp"
#include "quantization_scaling/sparse_parity.hpp"
#include "theorylab/core/random.hpp"

namespace qs {

struct TrainSpec {
  int width = 64;
  int batch = 1024;
  int steps = 5000;
  double learning_rate = 1e-3;
  std::int64_t data_size = 0;     // 0: online; else multi-epoch over this many samples
  int test_per_task = 256;        // test (and validation) samples per subtask
  int checkpoints = 40;           // log-spaced evaluation steps (plus step 0 and the last)
  double learned_bits = 0.1;      // a subtask is learned below this loss
  bool stop_when_all_learned = false;  // calibration: stop at the first checkpoint with all learned
  int eval_every = 0;             // > 0: evaluate every this many steps instead of log-spaced
  Precision precision = Precision::Float64;  // of the weights, activations, gradients and Adam moments
};

struct TrainRecord {
  std::vector<int> steps;          // checkpoint steps
  Eigen::MatrixXd test_loss;       // [checkpoints, n_tasks], bits
  Eigen::MatrixXd val_loss;        // [checkpoints, n_tasks], bits (multi-epoch only, else empty)
  std::vector<double> train_loss;  // mean training loss (bits) since the previous checkpoint
  bool diverged = false;
  int diverged_step = -1;
  double seconds = 0;              // not stored (timing is not a result); for the calibration log
};

// Log-spaced integer steps in [1, steps], about `count` distinct, plus 0 and `steps`.
std::vector<int> checkpoint_steps(int steps, int count);

// Trains one network in spec.precision. `rng` seeds the initialisation (drawn in double,
// then rounded to the precision), the training stream and the test/validation sets
// (independent child streams): the two precisions see the same initial network, batches
// and test sets. Test and validation losses are computed in double from the logits.
TrainRecord train_parity(const SparseParity& sp, const TrainSpec& spec, tl::Rng& rng);

// sum_i p_i loss_i: the mean test loss with the task frequencies applied analytically.
double weighted_loss(const SparseParity& sp, const Eigen::RowVectorXd& task_loss);
int count_learned(const Eigen::RowVectorXd& task_loss, double threshold_bits);
// First checkpoint step at which each subtask's loss is below the threshold (-1: never).
std::vector<int> convergence_steps(const TrainRecord& record, double threshold_bits);

}  // namespace qs
