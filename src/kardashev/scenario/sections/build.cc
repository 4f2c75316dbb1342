// The [[build]] section: its keys, declared once, and its reader.
#include <fmt/format.h>

#include "kardashev/scenario/sections/keys.h"
#include "kardashev/scenario/sections/sections.h"

namespace kardashev::scenario {

using keys::Default;
using keys::DefaultInt;
using keys::DefaultStr;
using keys::Int;
using keys::Num;
using keys::Range;
using keys::Str;

SectionDecl BuildSection() {
  return SectionDecl{
      "build",
      true,
      "Growth level: a purchase of nodes of one type (a hardware generation) "
      "at a ground site, paid lead_months before it comes online and "
      "depreciated over its life.",
      {
          Str("name", "Unique name of the build."),
          keys::Bool("enabled", true,
                     "false drops the build (useful in variants)."),
          Str("site", "The ground [[site]] the nodes are installed at."),
          Str("node", "Catalog node type (user [[node]] entries allowed)."),
          DefaultStr(Str("fabric",
                         "Catalog scale-out fabric (network capex, and the "
                         "fabric training plans on this node are evaluated "
                         "on); \"\" for none."),
                     ""),
          DefaultInt(Range(Int("gpus", "GPUs",
                               "GPUs bought: a multiple of the node's GPUs "
                               "(or `nodes`, exactly one of the two)."),
                           0, keys::kMaxGpus, keys::kGpusReason),
                     0),
          DefaultInt(Range(Int("nodes", "nodes",
                               "Nodes bought (or `gpus`, exactly one of the "
                               "two)."),
                           0, keys::kMaxGpus, keys::kGpusReason),
                     0),
          keys::Month("online_month", 0, "First month the nodes work."),
          DefaultInt(Range(Int("lead_months", "months",
                               "The capex is spent this many months before "
                               "online_month (in month 0 when earlier)."),
                           0, 120, "up to ten years of lead time"),
                     0),
          keys::RetireMonth(
              "First month the nodes no longer work (the book value left is "
              "written off); -1: kept."),
          Default(Range(Num("life_years", "years",
                            "Depreciation life; 0: "
                            "economics.gpu_depreciation_years."),
                        0, 30, "up to 30 years, the longest horizon"),
                  0),
          Default(
              Range(Num("failure_rate_multiplier", "",
                        "This generation's failure rates / the catalog "
                        "table's (state it as an ASSUMPTION when not 1)."),
                    0, 1000, "from none to a thousand times the catalog rates"),
              1),
          Default(
              keys::Published(
                  Range(Num("price_usd_per_gpu", "USD/GPU",
                            "Price of a GPU; 0: the catalog GPU price."),
                        0, 1e7, "up to $10M a GPU, far above any accelerator"),
                  25'000, 40'000,
                  "H100, H200 and B200 purchase prices (figures.csv F06)"),
              0),
          DefaultInt(Range(Int("repeat", "",
                               "The same build bought this many times, "
                               "every_months apart (named name#1, name#2, "
                               "...)."),
                           1, keys::kMaxGrowthMonths,
                           "up to one purchase a month over 30 years"),
                     1),
          DefaultInt(Range(Int("every_months", "months",
                               "Months between repeats; > 0 when repeat > "
                               "1."),
                           0, keys::kMaxGrowthMonths, keys::kMonthReason),
                     0),
      }};
}

namespace {

// The ground site the build is at, online when the build is.
int ResolveBuildSite(const Reader& r, const Scenario& s) {
  const std::string name = r.String("site");
  const int site = ResolveGrowthSite(r, "site", name, s);
  if (site >= static_cast<int>(s.sites.size())) {
    r.Fail("site", fmt::format("\"{}\" is an orbital shell, which grows by "
                               "its launches; a build is at a ground [[site]]",
                               name));
  }
  return site;
}

void CheckSiteTiming(const Reader& r, const GrowthBuildSpec& b,
                     const Scenario& s) {
  const GrowthSiteTiming& t = s.growth->sites[b.site];
  const std::string& site = s.sites[b.site].name;
  if (b.online_month < t.online_month) {
    r.Fail("online_month",
           fmt::format("build \"{}\" comes online in month {}, before its "
                       "site \"{}\" (online_month {})",
                       b.name, b.online_month, site, t.online_month));
  }
  if (t.retire_month >= 0 && b.online_month >= t.retire_month) {
    r.Fail("online_month",
           fmt::format("build \"{}\" comes online in month {}, after its "
                       "site \"{}\" retires (retire_month {})",
                       b.name, b.online_month, site, t.retire_month));
  }
}

// The generation of the build's node: an existing one, or a new one.
int GenerationOf(const GrowthBuildSpec& b, const catalog::Catalog& cat,
                 GrowthSpec& g) {
  for (std::size_t i = 0; i < g.generations.size(); ++i) {
    if (g.generations[i].node.name == b.node.name) return static_cast<int>(i);
  }
  g.generations.push_back(GrowthGenerationSpec{
      b.node, b.gpu, b.fabric ? *b.fabric : DefaultGrowthFabric(cat)});
  return static_cast<int>(g.generations.size() - 1);
}

// The build as written (its first repeat).
GrowthBuildSpec ReadBuild(const Reader& r, const ReadContext& in,
                          const Scenario& s) {
  GrowthBuildSpec b;
  b.name = r.String("name");
  b.site = ResolveBuildSite(r, s);
  b.node =
      CatalogEntry(r, "node", "node", in.catalog.FindNode(r.String("node")),
                   in.catalog.nodes());
  b.gpu = *in.catalog.FindGpu(b.node.gpu);
  if (!r.String("fabric").empty()) {
    b.fabric = CatalogEntry(r, "fabric", "fabric",
                            in.catalog.FindFabric(r.String("fabric")),
                            in.catalog.fabrics());
  }
  const std::int64_t gpus = r.Integer("gpus");
  const std::int64_t nodes = r.Integer("nodes");
  if ((gpus > 0) == (nodes > 0)) {
    r.Fail("gpus", "expected exactly one of gpus > 0 and nodes > 0");
  }
  if (gpus % b.node.gpus != 0) {
    r.Fail("gpus", fmt::format("expected a whole number of {} nodes (a "
                               "multiple of {} GPUs), got {}",
                               b.node.name, b.node.gpus, gpus));
  }
  b.gpus = gpus > 0 ? gpus : nodes * b.node.gpus;
  b.online_month = r.Int("online_month");
  b.order_month = std::max(0, b.online_month - r.Int("lead_months"));
  b.retire_month = r.Int("retire_month");
  if (b.retire_month >= 0 && b.retire_month <= b.online_month) {
    r.Fail("retire_month",
           fmt::format("expected -1 (kept) or a month after online_month "
                       "({}), got {}",
                       b.online_month, b.retire_month));
  }
  const double life_years = r.Number("life_years") > 0
                                ? r.Number("life_years")
                                : s.economics.gpu_depreciation_years;
  b.life_months = life_years * 12;
  b.failure_rate_multiplier = r.Number("failure_rate_multiplier");
  b.price_usd_per_gpu = r.Number("price_usd_per_gpu");
  return b;
}

}  // namespace

void ReadBuilds(const ReadContext& in, Scenario& s) {
  for (const Reader& r : Entries(in.schema, in.doc, "build")) {
    if (!r.Bool("enabled")) continue;
    const GrowthBuildSpec first = ReadBuild(r, in, s);
    const int repeat = r.Int("repeat");
    const int every = r.Int("every_months");
    if (repeat > 1 && every <= 0) {
      r.Fail("every_months",
             fmt::format("repeat = {} needs every_months > 0", repeat));
    }
    for (int i = 0; i < repeat; ++i) {
      GrowthBuildSpec b = first;
      const int shift = i * every;
      if (repeat > 1) b.name = fmt::format("{}#{}", first.name, i + 1);
      b.online_month += shift;
      b.order_month = std::max(0, first.order_month + shift);
      if (b.retire_month >= 0) b.retire_month += shift;
      CheckSiteTiming(r, b, s);
      b.generation = GenerationOf(b, in.catalog, *s.growth);
      s.growth->builds.push_back(std::move(b));
    }
  }
}

}  // namespace kardashev::scenario
