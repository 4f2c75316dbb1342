// Alpha-beta cost of collective operations among n ranks, each moving `bytes`
// of payload (the full buffer for all-reduce, each rank's whole output for
// all-gather and input for reduce-scatter), over links of
// `bandwidth_bytes_per_s` per rank and direction with a per-step latency
// `latency_s`. Ring algorithms (Patarasuk and Yuan, 2009; Thakur et al., 2005):
// an all-reduce sends 2(n-1)/n of the buffer in 2(n-1) steps; all-gather and
// reduce-scatter half of that. The double binary tree (NCCL) all-reduce moves
// the same bytes in 2*log2(n) steps. All-to-all sends (n-1)/n of the buffer in
// n-1 steps; across scale-up domains, the two tiers run concurrently. Pure
// functions.
#ifndef KARDASHEV_PERF_COLLECTIVES_H_
#define KARDASHEV_PERF_COLLECTIVES_H_

#include <algorithm>
#include <cmath>

namespace kardashev::perf {

struct Link {
  double bandwidth_bytes_per_s = 0;
  double latency_s = 0;
};

inline double RingAllReduceS(double bytes, int n, const Link& link) {
  if (n <= 1) return 0;
  return 2.0 * (n - 1) / n * bytes / link.bandwidth_bytes_per_s +
         2.0 * (n - 1) * link.latency_s;
}

inline double TreeAllReduceS(double bytes, int n, const Link& link) {
  if (n <= 1) return 0;
  return 2.0 * (n - 1) / n * bytes / link.bandwidth_bytes_per_s +
         2.0 * std::ceil(std::log2(n)) * link.latency_s;
}

inline double AllGatherS(double bytes, int n, const Link& link) {
  if (n <= 1) return 0;
  return static_cast<double>(n - 1) / n * bytes / link.bandwidth_bytes_per_s +
         (n - 1) * link.latency_s;
}

inline double ReduceScatterS(double bytes, int n, const Link& link) {
  return AllGatherS(bytes, n, link);
}

inline double AllToAllS(double bytes, int n, const Link& link) {
  if (n <= 1) return 0;
  return static_cast<double>(n - 1) / n * bytes / link.bandwidth_bytes_per_s +
         (n - 1) * link.latency_s;
}

// An all-to-all among n ranks in scale-up domains of `domain` ranks: of each
// rank's `bytes`, the share bound for its own domain's other ranks crosses
// `fast` links and the rest the `slow` fabric, concurrently (as DeepEP's
// kernels send them); one latency of the slower tier used. Within one domain
// it is AllToAllS on `fast`.
inline double TwoTierAllToAllS(double bytes, int n, int domain,
                               const Link& fast, const Link& slow) {
  if (n <= domain) return AllToAllS(bytes, n, fast);
  const double inside = static_cast<double>(domain - 1) / n * bytes;
  const double outside = static_cast<double>(n - domain) / n * bytes;
  return std::max(inside / fast.bandwidth_bytes_per_s,
                  outside / slow.bandwidth_bytes_per_s) +
         slow.latency_s;
}

inline double PointToPointS(double bytes, const Link& link) {
  return bytes / link.bandwidth_bytes_per_s + link.latency_s;
}

}  // namespace kardashev::perf

#endif  // KARDASHEV_PERF_COLLECTIVES_H_
