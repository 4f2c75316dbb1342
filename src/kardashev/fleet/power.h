// The electrical power of a node as a function of GPU utilisation. A GPU draws
// its idle power at zero utilisation and its TDP at full utilisation, linearly
// between (an assumption: real draw depends on the kernel mix, but a linear fit
// between idle and TDP is the usual first-order model); the rest of the node
// moves the same way between its idle and loaded power. A node under repair
// draws nothing.
#ifndef KARDASHEV_FLEET_POWER_H_
#define KARDASHEV_FLEET_POWER_H_

#include "kardashev/catalog/catalog.h"

namespace kardashev::fleet {

// Power of one node in watts at GPU utilisation `utilization` in [0, 1].
inline double NodePowerW(const catalog::NodeSpec& node,
                         const catalog::GpuSpec& gpu, double utilization) {
  const double gpu_w = gpu.idle_w + (gpu.tdp_w - gpu.idle_w) * utilization;
  const double host_w =
      node.host_idle_w + (node.host_power_w - node.host_idle_w) * utilization;
  return host_w + node.gpus * gpu_w;
}

}  // namespace kardashev::fleet

#endif  // KARDASHEV_FLEET_POWER_H_
