#pragma once
// The cross-point analysis of quantization_scaling, split by part.
#include <string>
#include <vector>

#include "theorylab/core/experiment.hpp"

namespace qs {

// Part A: A1-A4 fits, the Poisson closed form; their claims.
void reduce_part_a(const tl::RunResults& results, tl::Summary& summary);
// Calibration table, B1 (width), B2 (steps), B3 (data), the regenerated table of the
// paper, kappa exponents, the tail check; their claims.
void reduce_part_b(const tl::RunResults& results, tl::Summary& summary);

// The alphas with their own claims (the science page's "at least 0.2, 0.4, 0.8").
const std::vector<double>& claimed_alphas();
std::string alpha_tag(double alpha);  // 0.4 -> "a04"

// The paper's measured exponents (Fig. A4b data; alpha = 0.1 .. 0.8), NaN elsewhere.
double paper_alpha_n(double alpha);
double paper_alpha_s(double alpha);
double paper_alpha_d(double alpha);

}  // namespace qs
