#include "kardashev/scenario/scenario.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "kardashev/fleet/power.h"
#include "kardashev/scenario/budget.h"
#include "kardashev/scenario/document.h"
#include "kardashev/scenario/includes.h"
#include "kardashev/scenario/overrides.h"
#include "kardashev/scenario/reader.h"
#include "kardashev/scenario/schema.h"
#include "kardashev/scenario/sections/sections.h"
#include "kardashev/scenario/user_catalog.h"
#include "kardashev/scenario/validate.h"

namespace kardashev::scenario {

namespace {

namespace fs = std::filesystem;

// Legal but worth saying: a site whose clusters at full load would exceed its
// power cap.
void WarnAboutPower(Scenario& s) {
  std::vector<double> full_load_w(s.sites.size(), 0.0);
  for (const auto& c : s.clusters) {
    full_load_w[c.site] += c.nodes * fleet::NodePowerW(c.node, c.gpu, 1.0);
  }
  for (std::size_t i = 0; i < s.sites.size(); ++i) {
    const auto& site = s.sites[i];
    const double demand_w = full_load_w[i] * site.pue;
    // Without the battery: it can bridge hours, not run the site.
    const double supply_w = site.power_cap_w + site.generation_w;
    if (demand_w > supply_w) {
      s.warnings.push_back(fmt::format(
          "site \"{}\": at full load its clusters would draw {:.1f} MW (IT x "
          "PUE), above its {:.1f} MW of grid and generation; demand no source "
          "can serve is shed (idle nodes first) and reported as capped",
          site.name, demand_w * 1e-6, supply_w * 1e-6));
    }
  }
}

Scenario Build(const Schema& schema, const Value& doc,
               const catalog::Catalog& catalog, const std::string& file,
               const LoadOptions& options) {
  ValidateDocument(schema, doc);
  Scenario s;
  s.file = file;
  s.warnings = PublishedBandWarnings(schema, doc);
  const ReadContext in{schema, doc, catalog};
  ReadScenarioTable(in, options, s);
  ReadSites(in, s);
  ReadClusters(in, s);
  ReadTenants(in, s);
  GpuClaims claims(s.clusters.size());
  ReadLeases(in, claims, s);
  ReadTraining(in, claims, s);
  ReadServing(in, s);
  ReadDemand(in, s);
  ReadOrbital(in, s);
  ReadFailures(in, s);
  ReadEconomics(in, s);
  ReadGrowth(in, s);
  // The scenario is whole: the work of its run is known.
  CheckRunBudget(in, s);
  WarnAboutPower(s);
  return s;
}

// Only the variant `name`, or a ScenarioError listing the variants.
std::vector<VariantDecl> SelectVariant(std::vector<VariantDecl> variants,
                                       const std::string& name,
                                       const std::string& path) {
  const auto it = std::find_if(variants.begin(), variants.end(),
                               [&](const auto& v) { return v.name == name; });
  if (it == variants.end()) {
    std::vector<std::string> names;
    names.reserve(variants.size());
    for (const auto& v : variants) names.push_back(v.name);
    throw ScenarioError(
        Location{"--variant", 0, 0}, "",
        fmt::format("{} has no variant named \"{}\"; expected one of: {}", path,
                    name, fmt::join(names, ", ")));
  }
  return {*it};
}

// A --set flag that sets a key the variant's `set` table also sets wins, which
// may not be what was meant: say so.
void WarnAboutOverriddenSets(const VariantDecl& variant,
                             const std::vector<std::string>& flags,
                             const std::vector<Override>& cli, Scenario& s) {
  for (std::size_t i = 0; i < cli.size(); ++i) {
    const bool shadows =
        std::any_of(variant.overrides.begin(), variant.overrides.end(),
                    [&](const Override& o) { return o.path == cli[i].path; });
    if (shadows) {
      s.warnings.push_back(fmt::format("--set {} overrides variant \"{}\"'s {}",
                                       flags[i], variant.name, cli[i].path));
    }
  }
}

// The scenarios of `doc` (includes merged), read from `path`.
std::vector<Scenario> LoadDocument(Value doc, const std::string& path,
                                   const LoadOptions& options,
                                   const catalog::Catalog& catalog,
                                   catalog::Catalog* merged) {
  const Schema schema = ScenarioSchema();
  ValidateNames(schema, doc);
  const catalog::Catalog user = TakeUserCatalog(doc, options, catalog);

  std::vector<VariantDecl> variants = TakeVariants(schema, doc);
  if (options.variant) {
    variants = SelectVariant(std::move(variants), *options.variant, path);
  }

  std::vector<Override> cli;
  for (const auto& flag : options.sets) cli.push_back(ParseSetFlag(flag));
  for (const auto& o : cli) RejectCatalogOverride(schema, o);
  for (const auto& v : variants) {
    for (const auto& o : v.overrides) RejectCatalogOverride(schema, o);
  }

  std::vector<Scenario> out;
  for (const auto& v : variants) {
    Value resolved = doc;
    for (const auto& o : v.overrides) ApplyOverride(schema, resolved, o);
    for (const auto& o : cli) ApplyOverride(schema, resolved, o);
    Scenario s = Build(schema, resolved, user, path, options);
    s.variant = v.name;
    s.variant_description = v.description;
    WarnAboutOverriddenSets(v, options.sets, cli, s);
    out.push_back(std::move(s));
  }
  if (merged != nullptr) *merged = user;
  return out;
}

}  // namespace

std::vector<Scenario> LoadScenario(const std::string& path,
                                   const LoadOptions& options,
                                   const catalog::Catalog& catalog,
                                   catalog::Catalog* merged) {
  std::vector<std::string> stack{fs::path(path).lexically_normal().string()};
  return LoadDocument(LoadWithIncludes(path, Location{}, stack), path, options,
                      catalog, merged);
}

std::vector<Scenario> LoadScenarioText(std::string_view text,
                                       const std::string& display_name,
                                       const LoadOptions& options,
                                       const catalog::Catalog& catalog) {
  if (text.size() > kMaxScenarioFileBytes) {
    throw ScenarioError(
        Location{display_name, 0, 0}, "",
        fmt::format("the scenario is {} bytes long; at most {} are allowed",
                    text.size(), kMaxScenarioFileBytes));
  }
  std::vector<std::string> stack{display_name};
  return LoadDocument(
      MergeIncludes(ParseToml(text, display_name), display_name, stack),
      display_name, options, catalog, nullptr);
}

catalog::Catalog LoadScenarioCatalog(const std::string& path,
                                     const LoadOptions& options,
                                     const catalog::Catalog& catalog) {
  Value doc;
  if (!path.empty()) {
    std::vector<std::string> stack{fs::path(path).lexically_normal().string()};
    doc = LoadWithIncludes(path, Location{}, stack);
  }
  return TakeUserCatalog(doc, options, catalog);
}

}  // namespace kardashev::scenario
