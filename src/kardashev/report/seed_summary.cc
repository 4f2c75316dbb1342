#include "kardashev/report/seed_summary.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "kardashev/report/figure_paths.h"
#include "kardashev/report/summary_json.h"

namespace kardashev::report {

namespace {

using Json = nlohmann::ordered_json;

// A figure's value for the JSON: an integer when every seed wrote one and the
// value is whole.
Json Number(const SeedFigure& f, double value) {
  if (f.integer && std::isfinite(value) && value == std::floor(value) &&
      std::abs(value) < 9e15) {
    return static_cast<std::int64_t>(value);
  }
  return value;
}

// Some seed's values differ by more than floating-point rounding (the order
// of a sum differs between variants that share their random numbers).
bool Differ(const std::vector<double>& a, const std::vector<double>& b) {
  for (std::size_t k = 0; k < a.size(); ++k) {
    const double scale = std::max(std::abs(a[k]), std::abs(b[k]));
    if (std::abs(a[k] - b[k]) > kRoundingShare * scale) return true;
  }
  return false;
}

std::vector<SeedDifference> Differences(const SeedVariant& base,
                                        const SeedVariant& other) {
  std::map<std::string, const SeedFigure*> by_path;
  for (const auto& f : other.figures) by_path[f.path] = &f;
  std::vector<SeedDifference> out;
  for (const auto& f : base.figures) {
    const auto it = by_path.find(f.path);
    if (it == by_path.end() || !Differ(it->second->values, f.values)) continue;
    out.push_back({base.variant, other.variant, f.path, f.interval.mean,
                   stats::Paired(it->second->values, f.values)});
  }
  return out;
}

Json VariantSeedJson(const SeedVariant& v, std::uint64_t first_seed) {
  Json mean = v.per_seed.front();
  Json ci95 = v.per_seed.front();
  mean["seed"] = first_seed;
  ci95.erase("seed");
  for (const auto& f : v.figures) {
    const Json::json_pointer at(f.pointer);
    mean[at] = Number(f, f.interval.mean);
    ci95[at] = f.interval.half_width;
  }
  mean["ci95"] = std::move(ci95);
  Json per_seed = Json::array();
  for (const auto& j : v.per_seed) per_seed.push_back(j);
  mean["per_seed"] = std::move(per_seed);
  return mean;
}

}  // namespace

std::vector<SeedFigure> SeedFigures(const std::vector<Json>& per_seed) {
  std::vector<SeedFigure> figures;
  std::map<std::string, std::size_t> index;
  const std::size_t n = per_seed.size();
  for (std::size_t k = 0; k < n; ++k) {
    ForEachFigure(per_seed[k], [&](const std::string& path,
                                   const std::string& pointer,
                                   const Json& leaf) {
      auto [it, fresh] = index.emplace(path, figures.size());
      if (fresh) {
        figures.push_back({path, pointer, true, std::vector<double>(n), {}});
      }
      SeedFigure& f = figures[it->second];
      f.values[k] = leaf.get<double>();
      f.integer = f.integer && leaf.is_number_integer();
    });
  }
  for (auto& f : figures) f.interval = stats::MeanInterval(f.values);
  return figures;
}

SeedSummary SummarizeSeeds(const std::vector<std::vector<Results>>& results,
                           const std::vector<std::uint64_t>& seeds) {
  SeedSummary s;
  s.scenario = results.front().front().scenario;
  s.horizon_s = results.front().front().horizon_s;
  s.seeds = seeds;
  for (const auto& runs : results) {
    SeedVariant v;
    v.variant = runs.front().variant;
    for (const auto& r : runs) v.per_seed.push_back(VariantJson(r));
    v.figures = SeedFigures(v.per_seed);
    s.variants.push_back(std::move(v));
  }
  const std::size_t bases =
      s.variants.size() <= kAllPairsUpTo ? s.variants.size() : 1;
  for (std::size_t a = 0; a < bases; ++a) {
    for (std::size_t b = a + 1; b < s.variants.size(); ++b) {
      auto d = Differences(s.variants[a], s.variants[b]);
      s.differences.insert(s.differences.end(), d.begin(), d.end());
    }
  }
  return s;
}

Json SeedSummaryJson(const SeedSummary& s) {
  Json j;
  j["scenario"] = s.scenario;
  j["seed"] = s.seeds.front();
  j["horizon_s"] = s.horizon_s;
  j["seeds"] = s.seeds;
  Json variants = Json::array();
  for (const auto& v : s.variants)
    variants.push_back(VariantSeedJson(v, s.seeds.front()));
  j["variants"] = std::move(variants);
  Json differences = Json::array();
  for (const auto& d : s.differences) {
    const auto& i = d.paired.difference;
    differences.push_back({{"base", d.base},
                           {"variant", d.variant},
                           {"figure", d.figure},
                           {"base_mean", d.base_mean},
                           {"mean", i.mean},
                           {"low", i.low()},
                           {"high", i.high()},
                           {"distinguishable", d.paired.distinguishable}});
  }
  j["differences"] = std::move(differences);
  return j;
}

}  // namespace kardashev::report
