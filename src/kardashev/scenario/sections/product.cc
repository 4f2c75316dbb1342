// The [[product]] section: its keys, declared once, and its reader.
#include <fmt/format.h>

#include "kardashev/scenario/sections/keys.h"
#include "kardashev/scenario/sections/sections.h"

namespace kardashev::scenario {

using keys::Default;
using keys::Int;
using keys::Num;
using keys::Range;
using keys::Str;

namespace {

// `users`: daily users by region, [month, users] points.
KeyDecl UsersKey() {
  KeyDecl k = Range(
      Num("users", "users/day",
          "Daily users by region: [month, users] points, months increasing, "
          "linear between and flat beyond."),
      0, 1e10, "up to ten billion users, more than the world's people");
  k.type = KeyType::kNumberList;
  k.keyed_by = "region";
  k.points = true;
  return k;
}

}  // namespace

SectionDecl ProductSection() {
  std::vector<KeyDecl> k = {
      Str("name", "Unique name of the product."),
      keys::Bool("enabled", true,
                 "false drops the product (useful in variants)."),
      Str("model", "Catalog model served (kardashev catalog models)."),
      DeploymentTpKey(),
  };
  for (KeyDecl& d : DeploymentKeys()) k.push_back(std::move(d));
  for (KeyDecl& d : std::vector<KeyDecl>{
           Range(Int("prompt_tokens", "tokens", "Prompt length of a request."),
                 1, 10'000'000, "up to ten million tokens, beyond any context"),
           Range(Int("output_tokens", "tokens", "Output length of a request."),
                 1, 10'000'000, "up to ten million tokens, beyond any context"),
           Default(Range(Num("ttft_slo_s", "s",
                             "p99 time-to-first-token bound (default: "
                             "MLPerf's, figures.csv C08)."),
                         0.001, 3600, "from a millisecond to an hour"),
                   serving::Slo{}.ttft_s),
           Default(
               Range(Num("tpot_slo_s", "s",
                         "p99 time-per-output-token bound (default: "
                         "MLPerf's, figures.csv C08)."),
                     0.0001, 60, "from a tenth of a millisecond to a minute"),
               serving::Slo{}.tpot_s),
           Range(Num("requests_per_user_per_day", "requests",
                     "Requests a daily user makes in a day."),
                 0, 1e5, "up to 100,000 requests, one a second all day"),
           Default(Range(Num("price_usd_per_million_tokens", "USD/Mtok",
                             "Price of a million billed tokens (prompt + "
                             "output)."),
                         0, 1e4,
                         "up to $10,000 per million tokens, far above any "
                         "API price"),
                   0),
           Default(Range(Num("daily_amplitude", "fraction",
                             "Amplitude of the daily curve (as [[demand]]): "
                             "0 flat, 0.5 peaks at 1.5x the day's mean."),
                         0, 1, "0 flat; 1 falls to zero at the trough"),
                   serving::DemandCurve{}.daily_amplitude),
           Default(Range(Num("peak_hour", "hour", "Hour of the daily peak."), 0,
                         keys::kHoursPerDay, "an hour of the day"),
                   serving::DemandCurve{}.peak_hour),
           Default(Range(Num("max_round_trip_ms", "ms",
                             "Network budget: sites further from a region "
                             "do not serve it; 0: no bound."),
                         0, 1000, "up to a second"),
                   0),
           Default(Range(Num("gpu_utilization", "fraction",
                             "Power while serving, as a share of the "
                             "idle-to-TDP range."),
                         0, 1, keys::kShareReason),
                   growth::Product{}.gpu_utilization),
           UsersKey(),
       }) {
    k.push_back(std::move(d));
  }
  return SectionDecl{"product", true,
                     "Growth level: a product served from the fleet, whose "
                     "daily users grow or decline by region.",
                     std::move(k)};
}

namespace {

// Refuses a deployment no generation's GPU can run, naming the product and
// the reason on the first generation.
void CheckFitsAGeneration(const Reader& r, const ReadContext& in,
                          const GrowthProductSpec& p, const GrowthSpec& g) {
  if (g.generations.empty()) {
    r.Fail("tp", fmt::format("product \"{}\" fits no generation: the "
                             "scenario has no [[build]] and no [[orbital]] "
                             "shell",
                             p.name));
  }
  std::string reason;
  for (const auto& gen : g.generations) {
    perf::InferenceDeployment d = p.config.deployment;
    d.gpu = gen.gpu;
    try {
      CheckDeploymentOnGpu(r, in.catalog, d);
      return;
    } catch (const ScenarioError& e) {
      // The reason alone, without the location and key the message adds.
      const std::string what = e.what();
      const std::size_t cut = what.find("': ");
      if (reason.empty()) {
        reason = cut == std::string::npos ? what : what.substr(cut + 3);
      }
    }
  }
  r.Fail("tp", fmt::format("product \"{}\" fits no generation's GPU at tp = "
                           "{}; on the first: {}",
                           p.name, p.config.deployment.tp, reason));
}

std::vector<growth::RegionDemand> ReadUsers(const Reader& r,
                                            const GrowthSpec& g) {
  std::vector<growth::RegionDemand> out;
  for (const auto& e : r.NamedTable("users")) {
    growth::RegionDemand d;
    d.region = -1;
    for (std::size_t i = 0; i < g.regions.size(); ++i) {
      if (g.regions[i].name == e.name) d.region = static_cast<int>(i);
    }
    if (d.region < 0) {
      std::vector<std::string> known;
      for (const auto& x : g.regions) known.push_back(x.name);
      throw ScenarioError(
          e.where, r.Path("users." + e.name),
          fmt::format(
              "no [[region]] is named \"{}\"; expected one of: {}", e.name,
              known.empty() ? std::string("none declared")
                            : fmt::format("{}", fmt::join(known, ", "))));
    }
    for (std::size_t i = 0; i < e.xs.size(); ++i) {
      d.daily_users.push_back(growth::CurvePoint{e.xs[i], e.ys[i]});
    }
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace

void ReadProducts(const ReadContext& in, Scenario& s) {
  for (const Reader& r : Entries(in.schema, in.doc, "product")) {
    if (!r.Bool("enabled")) continue;
    GrowthProductSpec p;
    p.name = r.String("name");
    p.config.deployment.model = CatalogEntry(
        r, "model", "model", in.catalog.FindModel(r.String("model")),
        in.catalog.models());
    ReadDeploymentKeys(r, in.catalog, p.config);
    p.config.replicas = 1;
    p.config.slo = serving::Slo{r.Number("ttft_slo_s"), r.Number("tpot_slo_s")};
    p.prompt_tokens = r.Int("prompt_tokens");
    p.output_tokens = r.Int("output_tokens");
    p.requests_per_user_per_day = r.Number("requests_per_user_per_day");
    p.price_usd_per_million_tokens = r.Number("price_usd_per_million_tokens");
    p.curve.daily_amplitude = r.Number("daily_amplitude");
    p.curve.peak_hour = r.Number("peak_hour");
    p.max_round_trip_ms = r.Number("max_round_trip_ms");
    p.gpu_utilization = r.Number("gpu_utilization");
    p.demand = ReadUsers(r, *s.growth);
    CheckFitsAGeneration(r, in, p, *s.growth);
    s.growth->products.push_back(std::move(p));
  }
}

}  // namespace kardashev::scenario
