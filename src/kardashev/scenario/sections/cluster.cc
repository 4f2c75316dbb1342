// The [[cluster]] section: its keys, declared once, and its reader.
#include "kardashev/fleet/cluster.h"

#include <fmt/format.h>

#include "kardashev/scenario/sections/keys.h"
#include "kardashev/scenario/sections/sections.h"

namespace kardashev::scenario {

using keys::Choices;
using keys::DefaultInt;
using keys::DefaultStr;
using keys::Int;
using keys::Range;
using keys::Str;

namespace {

std::vector<Choice<bool>> PlacementChoices() {
  return {{"pods", true}, {"any", false}};
}

}  // namespace

SectionDecl ClusterSection() {
  return SectionDecl{
      "cluster",
      true,
      "Identical nodes of one catalog type at one site; unleased nodes form "
      "its spare pool.",
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
          DefaultInt(
              Range(Int("hot_spares", "nodes",
                        "Spare nodes kept hot: powered and handed over "
                        "at once. The other spares are cold: powered "
                        "off, ready after failures.spare_swap_hours. "
                        "-1: every spare powered, each taking the swap "
                        "time."),
                    -1, 10'000'000, "-1 (all), or at most the cluster's nodes"),
              fleet::ClusterConfig{}.hot_spares),
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
      in.doc.Find("orbital") == nullptr) {
    throw ScenarioError(
        Location{s.file, 1, 1}, "cluster",
        "the scenario declares no [[cluster]] and no [[serving]]; expected at "
        "least one");
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
    c.hot_spares = r.Int("hot_spares");
    if (c.hot_spares > c.nodes) {
      r.Fail("hot_spares",
             fmt::format("expected at most the cluster's {} nodes, got {}",
                         c.nodes, c.hot_spares));
    }
    s.clusters.push_back(c);
  }
}

}  // namespace kardashev::scenario
