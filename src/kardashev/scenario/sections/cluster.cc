// The [[cluster]] section: its keys, declared once, and its reader.
#include "kardashev/fleet/cluster.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "kardashev/scenario/sections/keys.h"
#include "kardashev/scenario/sections/sections.h"
#include "kardashev/sim/time.h"

namespace kardashev::scenario {

using keys::Choices;
using keys::Default;
using keys::DefaultInt;
using keys::DefaultStr;
using keys::Int;
using keys::Num;
using keys::Range;
using keys::Str;

namespace {

std::vector<Choice<bool>> PlacementChoices() {
  return {{"pods", true}, {"any", false}};
}

// The spare pool and its tiers.
void ReadSparePolicy(const Reader& r, fleet::ClusterConfig& c) {
  const auto at_most_nodes = [&](const char* key, std::int64_t n) {
    if (n > c.nodes) {
      r.Fail(key, fmt::format("expected at most the cluster's {} nodes, got {}",
                              c.nodes, n));
    }
  };
  c.spare_nodes = r.Int("spare_nodes");
  const double share = r.Number("spare_share");
  if (share > 0) {
    if (c.spare_nodes > 0) {
      r.Fail("spare_share",
             "give the spare pool as spare_nodes or as spare_share, not both");
    }
    c.spare_nodes = static_cast<std::int64_t>(std::ceil(share * c.nodes));
  }
  at_most_nodes("spare_nodes", c.spare_nodes);
  c.hot_spares = r.Int("hot_spares");
  at_most_nodes("hot_spares", c.hot_spares);
  c.warm_spares = r.Int("warm_spares");
  if (c.warm_spares > 0 && c.hot_spares < 0) {
    r.Fail("warm_spares",
           "warm spares need a tiered policy: set hot_spares to 0 or more");
  }
  at_most_nodes("warm_spares", static_cast<std::int64_t>(c.warm_spares) +
                                   std::max(c.hot_spares, 0));
  c.hot_swap_s = r.Number("hot_swap_minutes") * sim::kSecondsPerMinute;
  c.warm_swap_s = r.Number("warm_swap_hours") * sim::kSecondsPerHour;
  const double cold_h = r.Number("cold_swap_hours");
  c.cold_swap_s = cold_h < 0 ? -1 : cold_h * sim::kSecondsPerHour;
}

}  // namespace

SectionDecl ClusterSection() {
  return SectionDecl{
      "cluster",
      true,
      "Identical nodes of one catalog type at one site, with its spare "
      "policy: the spare pool and its hot, warm and cold tiers.",
      {
          Str("name", "Unique name of the cluster."),
          Str("site", "The [[site]] that holds it."),
          Str("node", "Catalog node type (kardashev catalog nodes)."),
          Range(Int("nodes", "nodes", "Number of nodes."), 1, 10'000'000,
                "up to ten million nodes (80 million GPUs), far above any "
                "planned fleet"),
          DefaultInt(Range(Int("pod_nodes", "nodes",
                               "Nodes per network pod, for topology-aware "
                               "placement: jobs are placed pod by pod and a "
                               "failed node is replaced from its own pod when "
                               "it can be; 0: no pods."),
                           0, 10'000'000, "at most the cluster's nodes"),
                     fleet::ClusterConfig{}.pod_nodes),
          DefaultStr(
              Choices(Str("placement",
                          "Replacement nodes: \"pods\" takes one "
                          "from the failed node's pod when it can; "
                          "\"any\" takes whichever spare is next."),
                      ChoiceNames(PlacementChoices())),
              ChoiceName(PlacementChoices(), fleet::ClusterConfig{}.pod_aware)),
          DefaultInt(Range(Int("spare_nodes", "nodes",
                               "Nodes kept as the spare pool for the leases "
                               "and jobs whose nodes fail; services take only "
                               "nodes beyond it. 0: none reserved (every node "
                               "no holder takes is a spare). Give this or "
                               "spare_share."),
                           0, 10'000'000, "at most the cluster's nodes"),
                     fleet::ClusterConfig{}.spare_nodes),
          Default(Range(Num("spare_share", "",
                            "The spare pool as a share of the cluster's nodes "
                            "(rounded up); 0: see spare_nodes."),
                        0, 0.5,
                        "up to half the cluster; operators keep a few percent"),
                  0),
          DefaultInt(
              Range(Int("hot_spares", "nodes",
                        "Spare nodes kept hot: powered and ready, handed over "
                        "after hot_swap_minutes. Then warm_spares; the other "
                        "spares are cold: powered off, handed over after "
                        "cold_swap_hours. -1: no tiers, every spare powered, "
                        "each taking the cold swap time."),
                    -1, 10'000'000,
                    "-1 (no tiers), or at most the cluster's nodes"),
              fleet::ClusterConfig{}.hot_spares),
          DefaultInt(Range(Int("warm_spares", "nodes",
                               "Spare nodes kept warm (powered, idle), handed "
                               "over after warm_swap_hours; needs hot_spares "
                               ">= 0."),
                           0, 10'000'000, "at most the cluster's nodes"),
                     fleet::ClusterConfig{}.warm_spares),
          Default(Range(Num("hot_swap_minutes", "minutes",
                            "Time to hand a hot spare to a lease or job."),
                        0, 1440, "from instant to a day"),
                  fleet::ClusterConfig{}.hot_swap_s / sim::kSecondsPerMinute),
          Default(Range(Num("warm_swap_hours", "hours",
                            "Time to hand a warm spare to a lease or job."),
                        0, keys::kHoursPerYear, "from instant to a year"),
                  fleet::ClusterConfig{}.warm_swap_s / sim::kSecondsPerHour),
          Default(Range(Num("cold_swap_hours", "hours",
                            "Time to bring a cold spare into a lease or job, "
                            "and to bring one up to hot or warm; -1: "
                            "failures.spare_swap_hours."),
                        -1, keys::kHoursPerYear,
                        "-1 (the [failures] default), or up to a year"),
                  -1),
          DefaultStr(
              Str("fabric",
                  "Catalog scale-out fabric (kardashev catalog fabrics); "
                  "\"\" for none."),
              ""),
      }};
}

void ReadClusters(const ReadContext& in, Scenario& s) {
  const auto clusters = Entries(in.schema, in.doc, "cluster");
  if (clusters.empty() && in.doc.Find("serving") == nullptr &&
      in.doc.Find("orbital") == nullptr && in.doc.Find("growth") == nullptr) {
    throw ScenarioError(
        Location{s.file, 1, 1}, "cluster",
        "the scenario declares no [[cluster]], no [[serving]] and no "
        "[growth]; expected at least one");
  }
  for (const Reader& r : clusters) {
    fleet::ClusterConfig c;
    c.name = r.String("name");
    c.site = ResolveSite(r, "site", s);
    const catalog::NodeSpec& node =
        CatalogEntry(r, "node", "node", in.catalog.FindNode(r.String("node")),
                     in.catalog.nodes());
    c.node = node;
    c.gpu = *in.catalog.FindGpu(node.gpu);
    if (!r.String("fabric").empty()) {
      c.fabric = CatalogEntry(r, "fabric", "fabric",
                              in.catalog.FindFabric(r.String("fabric")),
                              in.catalog.fabrics());
    }
    c.nodes = r.Int("nodes");
    c.pod_nodes = r.Int("pod_nodes");
    c.pod_aware = r.Enum("placement", PlacementChoices());
    ReadSparePolicy(r, c);
    s.clusters.push_back(c);
  }
}

}  // namespace kardashev::scenario
