// Random-number streams. Every random draw in Kardashev comes from an RngStream
// named by (seed, purpose, entity id), e.g. (42, "failure", node 1733). Streams
// with different names are statistically independent, and a stream's draws
// depend on its name alone: adding a node or a job never changes what another
// entity draws. That is what makes the variants of a scenario comparable on
// common random numbers.
//
// The generator is xoshiro256** (Blackman and Vigna, 2018), 32 bytes of state,
// seeded through SplitMix64 from a hash of the name. The distributions are
// written here rather than taken from <random>, whose algorithms differ between
// standard libraries: the same name gives the same numbers on every platform
// with IEEE doubles and a correctly rounded libm.
#ifndef KARDASHEV_SIM_RANDOM_H_
#define KARDASHEV_SIM_RANDOM_H_

#include <array>
#include <cstdint>
#include <string_view>

namespace kardashev::sim {

// One step of SplitMix64: a bijective 64-bit mixer (Steele, Lea and Flood,
// 2014).
std::uint64_t SplitMix64(std::uint64_t x);

// FNV-1a 64-bit hash of a string; used to turn a purpose name into a number.
std::uint64_t Fnv1a64(std::string_view text);

class RngStream {
 public:
  // REQUIRES: purpose is a short fixed name such as "failure" or "repair".
  RngStream(std::uint64_t seed, std::string_view purpose,
            std::uint64_t entity_id);

  // 64 uniformly random bits.
  std::uint64_t NextU64();

  // Uniform on [0, 1), 53 bits of precision.
  double Uniform();

  // Uniform on (0, 1]: safe to take the logarithm of.
  double UniformPositive() { return 1.0 - Uniform(); }

  // Uniform integer in [0, n). REQUIRES: n > 0.
  std::uint64_t UniformInt(std::uint64_t n);

  // Exponential with the given rate (mean 1/rate). rate == 0 gives +infinity.
  // REQUIRES: rate >= 0.
  double Exponential(double rate);

  // Weibull with shape k and scale lambda: mean lambda * Gamma(1 + 1/k).
  // REQUIRES: shape > 0, scale > 0.
  double Weibull(double shape, double scale);

  // Standard normal (Box-Muller, one value per pair of uniforms).
  double Normal();

  // Lognormal: exp(mu + sigma * N(0, 1)); median exp(mu). REQUIRES: sigma >= 0.
  double Lognormal(double mu, double sigma);

  // Gamma with shape k and scale theta (mean k * theta), by Marsaglia and Tsang
  // (2000). REQUIRES: shape > 0, scale > 0.
  double Gamma(double shape, double scale);

  // Poisson with the given mean: multiplication of uniforms below 10, Hormann's
  // PTRS transformed rejection (1993) above. REQUIRES: 0 <= mean < 2^62.
  std::uint64_t Poisson(double mean);

 private:
  std::array<std::uint64_t, 4> state_;
};

}  // namespace kardashev::sim

#endif  // KARDASHEV_SIM_RANDOM_H_
