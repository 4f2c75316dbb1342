#include "kardashev/report/compare.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "kardashev/report/figure_paths.h"
#include "kardashev/report/seed_summary.h"
#include "kardashev/stats/interval.h"

namespace kardashev::report {

namespace {

using Json = nlohmann::ordered_json;

// A variant's figures: value, 95% half-width (with seeds) and per-seed values.
struct Figure {
  double value = 0;
  std::optional<double> ci95;
  std::vector<double> per_seed;
};

struct Figures {
  std::vector<std::string> order;
  std::map<std::string, Figure> by_path;
};

bool Seeded(const Json& v) {
  return v.contains("ci95") && v["ci95"].is_object() &&
         v.contains("per_seed") && v["per_seed"].is_array() &&
         !v["per_seed"].empty();
}

Figures ReadFigures(const Json& variant) {
  Json plain = variant;
  plain.erase("ci95");
  plain.erase("per_seed");
  Figures out;
  ForEachFigure(plain, [&](const std::string& path, const std::string&,
                           const Json& leaf) {
    out.order.push_back(path);
    out.by_path[path].value = leaf.get<double>();
  });
  if (!Seeded(variant)) return out;
  ForEachFigure(variant["ci95"], [&](const std::string& path,
                                     const std::string&, const Json& leaf) {
    if (const auto it = out.by_path.find(path); it != out.by_path.end())
      it->second.ci95 = leaf.get<double>();
  });
  const Json& seeds = variant["per_seed"];
  for (auto& [path, f] : out.by_path) f.per_seed.assign(seeds.size(), 0.0);
  for (std::size_t k = 0; k < seeds.size(); ++k) {
    ForEachFigure(seeds[k], [&](const std::string& path, const std::string&,
                                const Json& leaf) {
      if (const auto it = out.by_path.find(path); it != out.by_path.end())
        it->second.per_seed[k] = leaf.get<double>();
    });
  }
  return out;
}

bool Equal(double a, double b) {
  return std::abs(a - b) <= kRoundingShare * std::max(std::abs(a), std::abs(b));
}

// Sort key: base-0 differences first, then by |relative difference|.
double SortKey(const FigureDifference& d) {
  return d.rel_difference ? std::abs(*d.rel_difference)
                          : std::numeric_limits<double>::infinity();
}

void JudgeNoise(NoiseTest noise, const Figure& fa, const Figure& fb,
                FigureDifference& d) {
  d.ci95_a = fa.ci95;
  d.ci95_b = fb.ci95;
  if (noise == NoiseTest::kPaired) {
    d.beyond_noise = stats::Paired(fb.per_seed, fa.per_seed).distinguishable;
  } else if (noise == NoiseTest::kIntervals && fa.ci95 && fb.ci95) {
    d.beyond_noise = std::abs(d.abs_difference) > *fa.ci95 + *fb.ci95;
  }
}

FigureDifference OneSided(const std::string& path, std::optional<double> a,
                          std::optional<double> b) {
  FigureDifference d;
  d.path = path;
  d.a = a;
  d.b = b;
  return d;
}

VariantComparison CompareVariants(const Json& va, const Json& vb,
                                  NoiseTest noise) {
  VariantComparison c;
  c.variant_a = va.value("variant", "");
  c.variant_b = vb.value("variant", "");
  c.noise = noise;
  const Figures a = ReadFigures(va);
  const Figures b = ReadFigures(vb);
  for (const auto& path : a.order) {
    const Figure& fa = a.by_path.at(path);
    const auto it = b.by_path.find(path);
    if (it == b.by_path.end()) {
      c.only_a.push_back(OneSided(path, fa.value, std::nullopt));
      continue;
    }
    const Figure& fb = it->second;
    if (Equal(fa.value, fb.value)) {
      ++c.equal;
      continue;
    }
    FigureDifference d = OneSided(path, fa.value, fb.value);
    d.abs_difference = fb.value - fa.value;
    if (fa.value != 0) d.rel_difference = d.abs_difference / std::abs(fa.value);
    JudgeNoise(noise, fa, fb, d);
    c.differences.push_back(std::move(d));
  }
  for (const auto& path : b.order) {
    if (!a.by_path.contains(path))
      c.only_b.push_back(
          OneSided(path, std::nullopt, b.by_path.at(path).value));
  }
  std::stable_sort(
      c.differences.begin(), c.differences.end(),
      [](const auto& x, const auto& y) { return SortKey(x) > SortKey(y); });
  return c;
}

const Json& Variants(const Json& summary) {
  static const Json kEmpty = Json::array();
  if (!summary.contains("variants") || !summary["variants"].is_array())
    return kEmpty;
  return summary["variants"];
}

NoiseTest Noise(const Json& a, const Json& b, const Json& va, const Json& vb) {
  if (!Seeded(va) || !Seeded(vb)) return NoiseTest::kNone;
  const bool same_seeds = a.contains("seeds") && b.contains("seeds") &&
                          a["seeds"] == b["seeds"] &&
                          va["per_seed"].size() == vb["per_seed"].size();
  return same_seeds ? NoiseTest::kPaired : NoiseTest::kIntervals;
}

std::string Value(const std::optional<double>& v) {
  return v ? fmt::format("{:.6g}", *v) : std::string("-");
}

std::string Relative(const FigureDifference& d) {
  return d.rel_difference ? fmt::format("{:+.2f}%", 100 * *d.rel_difference)
                          : std::string("base 0");
}

std::string NoiseText(const FigureDifference& d) {
  if (!d.beyond_noise) return "";
  return *d.beyond_noise ? "  beyond noise" : "  within noise";
}

// The text of one pair. Its sides are named by their variants, or by their
// directories when both variants have the same name.
std::string PairText(const Comparison& cmp, const VariantComparison& c) {
  const bool same = c.variant_a == c.variant_b;
  const std::string& name_a = same ? cmp.label_a : c.variant_a;
  const std::string& name_b = same ? cmp.label_b : c.variant_b;
  std::size_t indexed = 0;
  std::string lines;
  for (const auto& d : c.differences) {
    if (InIndexedEntry(d.path)) {
      ++indexed;
      continue;
    }
    lines += fmt::format("  {:<52} {:>13} {:>13} {:>+13.6g} {:>10}{}\n", d.path,
                         Value(d.a), Value(d.b), d.abs_difference, Relative(d),
                         NoiseText(d));
  }
  std::string out = fmt::format(
      "\n{} vs {}: {} figures differ, {} equal, {} only in {}, {} only in "
      "{}\n",
      c.variant_a, c.variant_b, c.differences.size(), c.equal, c.only_a.size(),
      name_a, c.only_b.size(), name_b);
  if (c.noise == NoiseTest::kPaired) {
    out += "  noise: paired over the same seeds (95% interval of b - a)\n";
  } else if (c.noise == NoiseTest::kIntervals) {
    out += "  noise: beyond when |b - a| exceeds both 95% half-widths\n";
  }
  if (!lines.empty()) {
    out += fmt::format("  {:<52} {:>13} {:>13} {:>13} {:>10}\n", "figure",
                       name_a.substr(0, 13), name_b.substr(0, 13), "b - a",
                       "relative");
    out += lines;
  }
  if (indexed > 0) {
    out += fmt::format(
        "  ... and {} per-month or per-entry figures differ (--format json "
        "lists them)\n",
        indexed);
  }
  for (const auto* side : {&c.only_a, &c.only_b}) {
    if (side->empty()) continue;
    const std::string& name = side == &c.only_a ? name_a : name_b;
    out += fmt::format("  only in {}:\n", name);
    std::size_t side_indexed = 0;
    for (const auto& d : *side) {
      if (InIndexedEntry(d.path)) {
        ++side_indexed;
      } else {
        out +=
            fmt::format("    {:<50} {:>13}\n", d.path, Value(d.a ? d.a : d.b));
      }
    }
    if (side_indexed > 0) {
      out += fmt::format("    ... and {} per-month or per-entry figures\n",
                         side_indexed);
    }
  }
  return out;
}

Json Optional(const std::optional<double>& v) {
  return v ? Json(*v) : Json(nullptr);
}

Json DifferenceJson(const VariantComparison& c, const FigureDifference& d) {
  Json j = {{"variant_a", c.variant_a},
            {"variant_b", c.variant_b},
            {"path", d.path},
            {"a", Optional(d.a)},
            {"b", Optional(d.b)},
            {"abs", d.a && d.b ? Json(d.abs_difference) : Json(nullptr)},
            {"rel", Optional(d.rel_difference)}};
  if (c.noise != NoiseTest::kNone && d.a && d.b) {
    j["ci95_a"] = Optional(d.ci95_a);
    j["ci95_b"] = Optional(d.ci95_b);
    j["beyond_noise"] = d.beyond_noise ? Json(*d.beyond_noise) : Json(nullptr);
  }
  return j;
}

}  // namespace

Json ReadRunSummary(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw CompareError(fmt::format("{}: no such directory", dir));
  const fs::path file = fs::path(dir) / "summary.json";
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throw CompareError(fmt::format(
        "{}: no summary.json (write one with `kardashev run --out {}`)", dir,
        dir));
  std::stringstream text;
  text << in.rdbuf();
  Json j = Json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded())
    throw CompareError(fmt::format("{}: malformed JSON", file.string()));
  if (!j.is_object() || !j.contains("variants") || !j["variants"].is_array())
    throw CompareError(fmt::format(
        "{}: not a kardashev summary (no \"variants\" list)", file.string()));
  for (const auto& v : j["variants"]) {
    if (!v.is_object() || !v.contains("variant") || !v["variant"].is_string())
      throw CompareError(fmt::format("{}: a variant without a \"variant\" name",
                                     file.string()));
  }
  return j;
}

Comparison CompareSummaries(const Json& a, const Json& b,
                            const std::string& label_a,
                            const std::string& label_b) {
  Comparison c;
  c.label_a = label_a;
  c.label_b = label_b;
  c.scenario_a = a.value("scenario", "");
  c.scenario_b = b.value("scenario", "");
  c.horizon_s_a = a.value("horizon_s", 0.0);
  c.horizon_s_b = b.value("horizon_s", 0.0);
  const Json& va = Variants(a);
  const Json& vb = Variants(b);
  if (va.size() == 1 && vb.size() == 1) {
    c.variants.push_back(
        CompareVariants(va[0], vb[0], Noise(a, b, va[0], vb[0])));
    return c;
  }
  std::map<std::string, const Json*> b_by_name;
  for (const auto& v : vb) b_by_name[v.value("variant", "")] = &v;
  for (const auto& v : va) {
    const std::string name = v.value("variant", "");
    const auto it = b_by_name.find(name);
    if (it == b_by_name.end()) {
      c.unmatched_a.push_back(name);
      continue;
    }
    c.variants.push_back(
        CompareVariants(v, *it->second, Noise(a, b, v, *it->second)));
    b_by_name.erase(it);
  }
  for (const auto& v : vb) {
    if (b_by_name.contains(v.value("variant", "")))
      c.unmatched_b.push_back(v.value("variant", ""));
  }
  if (c.variants.empty()) {
    throw CompareError(fmt::format(
        "{} and {}: no variant to match (no variant name in both, and not "
        "one variant each)",
        label_a, label_b));
  }
  return c;
}

std::string CompareText(const Comparison& c) {
  std::string out =
      fmt::format("{} ({}, {:g} days) vs {} ({}, {:g} days)\n", c.label_a,
                  c.scenario_a, c.horizon_s_a / 86400.0, c.label_b,
                  c.scenario_b, c.horizon_s_b / 86400.0);
  for (const auto& v : c.variants) out += PairText(c, v);
  for (const auto& name : c.unmatched_a)
    out += fmt::format("\nvariant {} only in {}\n", name, c.label_a);
  for (const auto& name : c.unmatched_b)
    out += fmt::format("\nvariant {} only in {}\n", name, c.label_b);
  return out;
}

Json CompareJson(const Comparison& c) {
  Json figures = Json::array();
  Json pairs = Json::array();
  for (const auto& v : c.variants) {
    pairs.push_back({{"variant_a", v.variant_a},
                     {"variant_b", v.variant_b},
                     {"differ", v.differences.size()},
                     {"equal", v.equal},
                     {"only_a", v.only_a.size()},
                     {"only_b", v.only_b.size()}});
    for (const auto* list : {&v.differences, &v.only_a, &v.only_b}) {
      for (const auto& d : *list) figures.push_back(DifferenceJson(v, d));
    }
  }
  return {{"a", c.label_a},
          {"b", c.label_b},
          {"pairs", std::move(pairs)},
          {"unmatched_a", c.unmatched_a},
          {"unmatched_b", c.unmatched_b},
          {"figures", std::move(figures)}};
}

}  // namespace kardashev::report
