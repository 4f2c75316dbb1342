// The [[region]] section: its keys, declared once, and its reader.
#include <fmt/format.h>

#include "kardashev/scenario/sections/keys.h"
#include "kardashev/scenario/sections/sections.h"

namespace kardashev::scenario {

using keys::Num;
using keys::Range;
using keys::Str;

SectionDecl RegionSection() {
  KeyDecl round_trip = Range(
      Num("round_trip_ms", "ms",
          "Network round trip from the region to each site it reaches "
          "(sites not listed: unreachable). For an orbital shell, the "
          "ground-station backhaul; the shell's link round trip is added."),
      0, 1000,
      "up to a second, far beyond any terrestrial round trip (the antipode "
      "is about 130 ms over fibre)");
  round_trip.keyed_by = "site";
  return SectionDecl{
      "region",
      true,
      "Growth level: a region users are in, and its network distance to the "
      "sites.",
      {
          Str("name", "Unique name of the region."),
          round_trip,
      }};
}

void ReadRegions(const ReadContext& in, Scenario& s) {
  const std::size_t sites = s.sites.size() + s.orbital.size();
  for (const Reader& r : Entries(in.schema, in.doc, "region")) {
    GrowthRegionSpec g;
    g.name = r.String("name");
    g.round_trip_ms.assign(sites, -1.0);
    for (const auto& e : r.NamedTable("round_trip_ms")) {
      if (IsDisabledShell(e.name, s)) continue;  // dropped by its variant
      const int site = FindGrowthSite(e.name, s);
      if (site < 0) {
        throw ScenarioError(e.where, r.Path("round_trip_ms." + e.name),
                            fmt::format("no [[site]] or [[orbital]] shell is "
                                        "named \"{}\"; expected one of: {}",
                                        e.name, GrowthSiteNames(s)));
      }
      g.round_trip_ms[site] = e.number;
    }
    s.growth->regions.push_back(std::move(g));
  }
}

}  // namespace kardashev::scenario
