#include "theorylab/nn/activation.hpp"

#include <cmath>
#include <stdexcept>

namespace tl::nn {

namespace {
constexpr double kInvSqrt2 = 0.70710678118654752440;
constexpr double kInvSqrt2Pi = 0.39894228040143267794;

double sigmoid(double z) {
  // Both branches evaluate exp of a non-positive number: no overflow.
  if (z >= 0) return 1.0 / (1.0 + std::exp(-z));
  const double e = std::exp(z);
  return e / (1.0 + e);
}
}  // namespace

const char* to_string(Activation activation) {
  switch (activation) {
    case Activation::Identity: return "identity";
    case Activation::Tanh: return "tanh";
    case Activation::Relu: return "relu";
    case Activation::Gelu: return "gelu";
    case Activation::Sigmoid: return "sigmoid";
  }
  return "?";
}

std::vector<std::string> activation_names() { return {"tanh", "relu", "gelu", "sigmoid", "identity"}; }

Activation parse_activation(const std::string& name) {
  for (Activation a : {Activation::Identity, Activation::Tanh, Activation::Relu, Activation::Gelu,
                       Activation::Sigmoid})
    if (name == to_string(a)) return a;
  throw std::invalid_argument("unknown activation '" + name +
                              "' (allowed: tanh, relu, gelu, sigmoid, identity)");
}

double activation_value(double z, Activation activation) {
  switch (activation) {
    case Activation::Identity: return z;
    case Activation::Tanh: return std::tanh(z);
    case Activation::Relu: return z > 0 ? z : 0.0;
    case Activation::Gelu: return 0.5 * z * std::erfc(-z * kInvSqrt2);  // z Φ(z), erfc avoids cancellation
    case Activation::Sigmoid: return sigmoid(z);
  }
  return 0;
}

double activation_derivative(double z, Activation activation) {
  switch (activation) {
    case Activation::Identity: return 1.0;
    case Activation::Tanh: {
      const double t = std::tanh(z);
      return 1.0 - t * t;
    }
    case Activation::Relu: return z > 0 ? 1.0 : 0.0;  // g'(0) = 0 by convention
    case Activation::Gelu:  // d/dz [z Φ(z)] = Φ(z) + z φ(z)
      return 0.5 * std::erfc(-z * kInvSqrt2) + z * kInvSqrt2Pi * std::exp(-0.5 * z * z);
    case Activation::Sigmoid: {
      const double s = sigmoid(z);
      return s * (1.0 - s);
    }
  }
  return 0;
}

void activation_forward(Eigen::MatrixXd& h, const Eigen::MatrixXd& z, Activation activation) {
  h.resize(z.rows(), z.cols());
  switch (activation) {
    case Activation::Identity: h = z; return;
    case Activation::Tanh: h = z.array().tanh(); return;
    case Activation::Relu: h = z.array().max(0.0); return;
    default:
      for (Eigen::Index i = 0; i < z.size(); ++i) h.data()[i] = activation_value(z.data()[i], activation);
  }
}

void activation_derivative(Eigen::MatrixXd& gprime, const Eigen::MatrixXd& z, const Eigen::MatrixXd& h,
                           Activation activation) {
  gprime.resize(z.rows(), z.cols());
  switch (activation) {
    case Activation::Identity: gprime.setOnes(); return;
    case Activation::Tanh: gprime = 1.0 - h.array().square(); return;
    case Activation::Relu: gprime = (z.array() > 0.0).cast<double>(); return;
    case Activation::Sigmoid: gprime = h.array() * (1.0 - h.array()); return;
    case Activation::Gelu:
      for (Eigen::Index i = 0; i < z.size(); ++i) gprime.data()[i] = activation_derivative(z.data()[i], activation);
      return;
  }
}

void activation_backward(Eigen::MatrixXd& dz, const Eigen::MatrixXd& dh, const Eigen::MatrixXd& z,
                         const Eigen::MatrixXd& h, Activation activation) {
  if (activation == Activation::Identity) {
    dz = dh;
    return;
  }
  activation_derivative(dz, z, h, activation);
  dz.array() *= dh.array();
}

}  // namespace tl::nn
