#pragma once
// Elementwise activations g of an MLP layer, h = g(z), and their derivatives g'(z).
//
// GELU is the exact one, g(z) = z Φ(z) with Φ(z) = (1 + erf(z/√2))/2 (Hendrycks and
// Gimpel 2016), not the tanh approximation. ReLU: g'(0) = 0 by convention.
#include <string>
#include <vector>

#include <Eigen/Core>

namespace tl::nn {

enum class Activation { Identity, Tanh, Relu, Gelu, Sigmoid };

// "identity", "tanh", "relu", "gelu", "sigmoid".
const char* to_string(Activation activation);
// Throws std::invalid_argument naming the text and the allowed names.
Activation parse_activation(const std::string& name);
std::vector<std::string> activation_names();

// Scalar g(z) and g'(z).
double activation_value(double z, Activation activation);
double activation_derivative(double z, Activation activation);

// h [n,B] = g(z [n,B])
void activation_forward(Eigen::MatrixXd& h, const Eigen::MatrixXd& z, Activation activation);
// g'(z) [n,B] elementwise; h [n,B] = g(z) is passed so tanh/sigmoid reuse it
void activation_derivative(Eigen::MatrixXd& gprime, const Eigen::MatrixXd& z, const Eigen::MatrixXd& h,
                           Activation activation);
// dz [n,B] = dh [n,B] ⊙ g'(z [n,B]); h = g(z) as above
void activation_backward(Eigen::MatrixXd& dz, const Eigen::MatrixXd& dh, const Eigen::MatrixXd& z,
                         const Eigen::MatrixXd& h, Activation activation);

}  // namespace tl::nn
