#include "kardashev/sim/random.h"

#include <cmath>
#include <limits>
#include <numbers>

namespace kardashev::sim {

namespace {
__extension__ using Uint128 = unsigned __int128;
constexpr std::uint64_t Rotl(std::uint64_t x, int k) {
  return (x << k) | (x >> (64 - k));
}
}  // namespace

std::uint64_t SplitMix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::uint64_t Fnv1a64(std::string_view text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

RngStream::RngStream(std::uint64_t seed, std::string_view purpose,
                     std::uint64_t entity_id) {
  std::uint64_t h = SplitMix64(seed);
  h = SplitMix64(h ^ Fnv1a64(purpose));
  h = SplitMix64(h ^ entity_id);
  for (auto& word : state_) {
    h = SplitMix64(h);
    word = h;
  }
  // xoshiro's state must not be all zero; SplitMix64 output of distinct inputs
  // never is.
}

std::uint64_t RngStream::NextU64() {
  const std::uint64_t result = Rotl(state_[1] * 5, 7) * 9;
  const std::uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = Rotl(state_[3], 45);
  return result;
}

double RngStream::Uniform() {
  return static_cast<double>(NextU64() >> 11) * 0x1.0p-53;
}

std::uint64_t RngStream::UniformInt(std::uint64_t n) {
  // Lemire's nearly divisionless method with rejection: exactly uniform.
  Uint128 m = static_cast<Uint128>(NextU64()) * n;
  auto low = static_cast<std::uint64_t>(m);
  if (low < n) {
    const std::uint64_t threshold = (0 - n) % n;
    while (low < threshold) {
      m = static_cast<Uint128>(NextU64()) * n;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::uint64_t>(m >> 64);
}

double RngStream::Exponential(double rate) {
  if (rate <= 0.0) return std::numeric_limits<double>::infinity();
  return -std::log(UniformPositive()) / rate;
}

double RngStream::Weibull(double shape, double scale) {
  return scale * std::pow(-std::log(UniformPositive()), 1.0 / shape);
}

double RngStream::Normal() {
  const double u1 = UniformPositive();
  const double u2 = Uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

double RngStream::Lognormal(double mu, double sigma) {
  return std::exp(mu + sigma * Normal());
}

double RngStream::Gamma(double shape, double scale) {
  if (shape < 1.0) {
    // Boost to shape + 1 and scale back: X_k = X_{k+1} * U^(1/k).
    const double u = UniformPositive();
    return Gamma(shape + 1.0, scale) * std::pow(u, 1.0 / shape);
  }
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x;
    double v;
    do {
      x = Normal();
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = UniformPositive();
    if (u < 1.0 - 0.0331 * x * x * x * x) return d * v * scale;
    if (std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v)))
      return d * v * scale;
  }
}

std::uint64_t RngStream::Poisson(double mean) {
  if (mean <= 0.0) return 0;
  if (mean < 10.0) {
    const double limit = std::exp(-mean);
    std::uint64_t k = 0;
    double product = Uniform();
    while (product > limit) {
      ++k;
      product *= Uniform();
    }
    return k;
  }
  // PTRS: W. Hormann, "The transformed rejection method for generating Poisson
  // random variables", Insurance: Mathematics and Economics 12 (1993).
  const double slam = std::sqrt(mean);
  const double loglam = std::log(mean);
  const double b = 0.931 + 2.53 * slam;
  const double a = -0.059 + 0.02483 * b;
  const double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
  const double vr = 0.9277 - 3.6224 / (b - 2.0);
  for (;;) {
    const double u = Uniform() - 0.5;
    const double v = Uniform();
    const double us = 0.5 - std::fabs(u);
    const double k = std::floor((2.0 * a / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return static_cast<std::uint64_t>(k);
    if (k < 0.0 || (us < 0.013 && v > us)) continue;
    if (std::log(v) + std::log(inv_alpha) - std::log(a / (us * us) + b) <=
        -mean + k * loglam - std::lgamma(k + 1.0)) {
      return static_cast<std::uint64_t>(k);
    }
  }
}

}  // namespace kardashev::sim
