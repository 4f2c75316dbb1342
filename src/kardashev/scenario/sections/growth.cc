// The [growth] section: its keys, declared once, and the reader of the
// growth level, which calls the readers of the growth sections in order.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "kardashev/scenario/sections/keys.h"
#include "kardashev/scenario/sections/sections.h"

namespace kardashev::scenario {

using keys::DefaultInt;
using keys::Int;
using keys::Num;
using keys::Range;

SectionDecl GrowthSection() {
  return SectionDecl{
      "growth",
      false,
      "The growth level: the fleet played month by month over years (sites "
      "that come online and retire, purchases of successive generations, "
      "products whose users grow, leases and training jobs). Its sections: "
      "[[build]], [[region]], [[product]], [[growth_lease]], "
      "[[growth_training]], and the growth keys of [[site]] and [[orbital]].",
      {
          Range(Num("years", "years",
                    "Horizon of the growth level; months = round(years x "
                    "12)."),
                1, 30, "from a year to 30 years"),
          DefaultInt(Range(Int("start_year", "year",
                               "Calendar year of month 0 (labels only)."),
                           1950, 2200, "a calendar year from 1950 to 2200"),
                     2027),
      }};
}

namespace {

// The sections that play only at the growth level.
constexpr const char* kGrowthSections[] = {"build", "region", "product",
                                           "growth_lease", "growth_training"};

// A scenario without [growth] may not hold its sections.
void RefuseGrowthSections(const ReadContext& in) {
  for (const char* section : kGrowthSections) {
    if (const Value* v = in.doc.Find(section)) {
      throw ScenarioError(
          v->location, section,
          fmt::format("[[{}]] plays at the growth level: add a [growth] "
                      "table (years = ...)",
                      section));
    }
  }
}

// Growth keys of [[site]] and [[orbital]] do nothing without [growth]: say
// so.
void WarnAboutIdleGrowthKeys(const ReadContext& in, Scenario& s) {
  for (const char* section : {"site", "orbital"}) {
    const Value* entries = in.doc.Find(section);
    if (entries == nullptr) continue;
    for (const Value& e : entries->items) {
      for (const char* key : {"online_month", "retire_month",
                              "construction_months", "isl_gbps"}) {
        if (e.Find(key) == nullptr) continue;
        const Value* name = e.Find("name");
        s.warnings.push_back(fmt::format(
            "{}.{}.{} has no effect without a [growth] table", section,
            name != nullptr ? name->string_value : std::string("?"), key));
      }
    }
  }
}

// A ground site named like an orbital shell would make the growth sections'
// site names ambiguous.
void RefuseSharedSiteNames(const ReadContext& in, const Scenario& s) {
  for (const Reader& r : Entries(in.schema, in.doc, "site")) {
    const std::string name = r.String("name");
    for (const auto& o : s.orbital) {
      if (o.name == name) {
        r.Fail("name", fmt::format("an [[orbital]] shell is also named "
                                   "\"{}\"; the growth sections name sites "
                                   "and shells alike, so their names must "
                                   "differ",
                                   name));
      }
    }
  }
}

// The timing keys of every ground site and enabled orbital shell.
void ReadTimings(const ReadContext& in, GrowthSpec& g) {
  for (const Reader& r : Entries(in.schema, in.doc, "site")) {
    g.sites.push_back(ReadSiteTiming(r));
  }
  for (const Reader& r : Entries(in.schema, in.doc, "orbital")) {
    if (!r.Bool("enabled")) continue;
    g.shells.push_back(ReadShellTiming(r));
  }
}

// The generation of each shell: its node, after those of the builds.
void ShellGenerations(const ReadContext& in, Scenario& s) {
  GrowthSpec& g = *s.growth;
  for (const auto& o : s.orbital) {
    int index = -1;
    for (std::size_t i = 0; i < g.generations.size(); ++i) {
      if (g.generations[i].node.name == o.node.name)
        index = static_cast<int>(i);
    }
    if (index < 0) {
      index = static_cast<int>(g.generations.size());
      g.generations.push_back(
          GrowthGenerationSpec{o.node, o.gpu, DefaultGrowthFabric(in.catalog)});
    }
    g.shell_generation.push_back(index);
  }
}

}  // namespace

catalog::FabricSpec DefaultGrowthFabric(const catalog::Catalog& catalog) {
  // ASSUMPTION: a generation no build names a fabric for trains over 400G
  // InfiniBand NDR, the default of [[serving]]'s kv_fabric and the fabric of
  // the common H100 clusters; the catalog's first fabric without it.
  if (const catalog::FabricSpec* f = catalog.FindFabric("ib-ndr400")) {
    return *f;
  }
  return catalog.fabrics().front();
}

int FindGrowthSite(const std::string& name, const Scenario& s) {
  for (std::size_t i = 0; i < s.sites.size(); ++i) {
    if (s.sites[i].name == name) return static_cast<int>(i);
  }
  for (std::size_t i = 0; i < s.orbital.size(); ++i) {
    if (s.orbital[i].name == name) {
      return static_cast<int>(s.sites.size() + i);
    }
  }
  return -1;
}

bool IsDisabledShell(const std::string& name, const Scenario& s) {
  return std::find(s.disabled_orbital.begin(), s.disabled_orbital.end(),
                   name) != s.disabled_orbital.end();
}

std::string GrowthSiteNames(const Scenario& s) {
  std::vector<std::string> known;
  for (const auto& x : s.sites) known.push_back(x.name);
  for (const auto& x : s.orbital) known.push_back(x.name);
  if (known.empty()) return "none declared";
  return fmt::format("{}", fmt::join(known, ", "));
}

int ResolveGrowthSite(const Reader& r, std::string_view key,
                      const std::string& name, const Scenario& s) {
  const int site = FindGrowthSite(name, s);
  if (site < 0) {
    r.Fail(key, fmt::format("no [[site]] or [[orbital]] shell is named "
                            "\"{}\"; expected one of: {}",
                            name, GrowthSiteNames(s)));
  }
  return site;
}

void ReadGrowth(const ReadContext& in, Scenario& s) {
  const Value* table = in.doc.Find("growth");
  if (table == nullptr) {
    RefuseGrowthSections(in);
    WarnAboutIdleGrowthKeys(in, s);
    return;
  }
  RefuseSharedSiteNames(in, s);
  const Reader r(in.schema, "growth", table, "growth");
  GrowthSpec g;
  g.months = static_cast<int>(std::lround(r.Number("years") * 12));
  g.start_year = r.Int("start_year");
  ReadTimings(in, g);
  s.growth = std::move(g);
  ReadBuilds(in, s);
  ShellGenerations(in, s);
  ReadRegions(in, s);
  ReadProducts(in, s);
  ReadGrowthLeases(in, s);
  ReadGrowthTraining(in, s);
}

}  // namespace kardashev::scenario
