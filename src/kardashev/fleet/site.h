// A ground site: a place with a power supply that holds clusters. The facility
// draws the IT power of its nodes times the PUE, up to the power cap; demand
// above the cap is recorded as capped time (the operator would throttle GPUs)
// rather than silently served.
#ifndef KARDASHEV_FLEET_SITE_H_
#define KARDASHEV_FLEET_SITE_H_

#include <string>

namespace kardashev::fleet {

struct GroundSiteConfig {
  std::string name;
  double power_cap_w = 0;  // facility power available
  double pue = 1.0;        // facility power / IT power
  double electricity_usd_per_mwh = 0;
  double carbon_kg_per_mwh = 0;
};

}  // namespace kardashev::fleet

#endif  // KARDASHEV_FLEET_SITE_H_
