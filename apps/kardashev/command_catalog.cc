// `kardashev catalog`: the hardware and model catalog as tables, with the
// entries a scenario or --catalog adds marked by where they came from.
#include <fmt/format.h>

#include "cli.h"

namespace kardashev::cli {

namespace {

// "  * from FILE:LINE:COLUMN" for a user entry, "" for a built-in one.
std::string Mark(const Catalog& catalog, std::string_view table,
                 std::string_view name) {
  const catalog::EntryOrigin* o = catalog.Origin(table, name);
  if (o == nullptr || !o->user) return "";
  return fmt::format("  * from {}", o->where.ToString());
}

int PrintCatalog(const std::string& what, const Catalog& catalog);

}  // namespace

int CommandCatalog(const std::string& what, const std::string& scenario,
                   const std::vector<std::string>& catalog_files,
                   const Catalog& catalog) {
  if (scenario.empty() && catalog_files.empty()) {
    return PrintCatalog(what, catalog);
  }
  scenario::LoadOptions options;
  options.catalog_files = catalog_files;
  return PrintCatalog(
      what, scenario::LoadScenarioCatalog(scenario, options, catalog));
}

namespace {

void PrintGpus(const Catalog& catalog) {
  fmt::print(
      "{:<10} {:>11} {:>11} {:>8} {:>10} {:>10} {:>6} {:>6} {:>6} {:>9}\n",
      "name", "BF16 TFLOPS", "FP8 TFLOPS", "HBM GB", "HBM TB/s", "SU GB/s",
      "SU dom", "TDP W", "idle W", "price $");
  for (const auto& g : catalog.gpus()) {
    fmt::print(
        "{:<10} {:>11.1f} {:>11.1f} {:>8.0f} {:>10.2f} {:>10.0f} {:>6} "
        "{:>6.0f} {:>6.0f} "
        "{:>9.0f}{}\n",
        g.name, g.bf16_dense_flops * 1e-12, g.fp8_dense_flops * 1e-12,
        g.hbm_bytes * 1e-9, g.hbm_bandwidth_bytes_per_s * 1e-12,
        g.scale_up_bandwidth_bytes_per_s * 1e-9, g.scale_up_domain_gpus,
        g.tdp_w, g.idle_w, g.price_usd, Mark(catalog, "gpu", g.name));
  }
}

int PrintCatalog(const std::string& what, const Catalog& catalog) {
  if (what == "gpus") {
    PrintGpus(catalog);
  } else if (what == "nodes") {
    fmt::print("{:<12} {:<10} {:>5} {:>12} {:>12} {:>12}\n", "name", "gpu",
               "gpus", "host load W", "host idle W", "price $");
    for (const auto& n : catalog.nodes()) {
      fmt::print("{:<12} {:<10} {:>5} {:>12.0f} {:>12.0f} {:>12.0f}{}\n",
                 n.name, n.gpu, n.gpus, n.host_power_w, n.host_idle_w,
                 n.price_usd, Mark(catalog, "node", n.name));
    }
  } else if (what == "fabrics") {
    fmt::print("{:<16} {:>14} {:>12} {:>12}\n", "name", "GB/s per GPU",
               "latency us", "$ per GPU");
    for (const auto& f : catalog.fabrics()) {
      fmt::print("{:<16} {:>14.1f} {:>12.2f} {:>12.0f}{}\n", f.name,
                 f.bandwidth_bytes_per_s_per_gpu * 1e-9, f.latency_s * 1e6,
                 f.price_usd_per_gpu, Mark(catalog, "fabric", f.name));
    }
  } else if (what == "models") {
    fmt::print(
        "{:<14} {:>6} {:>7} {:>6} {:>4} {:>7} {:>7} {:>8} {:>7} {:>9} {:>9}\n",
        "name", "layers", "hidden", "heads", "kv", "ffn", "vocab", "experts",
        "top-k", "params B", "active B");
    for (const auto& m : catalog.models()) {
      fmt::print(
          "{:<14} {:>6} {:>7} {:>6} {:>4} {:>7} {:>7} {:>8} {:>7} {:>9.1f} "
          "{:>9.1f}{}\n",
          m.name, m.layers, m.hidden_size, m.heads, m.kv_heads,
          m.ffn_hidden_size, m.vocab_size, m.experts, m.experts_per_token,
          m.published_params * 1e-9, m.published_active_params * 1e-9,
          Mark(catalog, "model", m.name));
    }
  } else if (what == "efficiency") {
    for (const auto& e : catalog.efficiencies()) {
      fmt::print(
          "{}: {}{}\n  gemm {:.2f}  attention {:.2f}  hbm {:.2f}  small-op "
          "bytes/hidden {:.0f}\n"
          "  scale-up {:.2f} ({:.1f} us)  scale-out {:.2f}\n"
          "  overlap: tp {:.2f} cp {:.2f} ep {:.2f} pp {:.2f} dp {:.2f}  "
          "usable HBM {:.2f}\n",
          e.name, e.display, Mark(catalog, "efficiency", e.name), e.gemm,
          e.attention, e.hbm, e.small_op_bytes_per_hidden, e.scale_up,
          e.scale_up_latency_s * 1e6, e.scale_out, e.tp_overlap, e.cp_overlap,
          e.ep_overlap, e.pp_overlap, e.dp_overlap, e.usable_hbm);
    }
  } else if (what == "failures") {
    fmt::print("{:<34} {:<22} {:>7} {:>14}  {}\n", "component", "category",
               "planned", "per GPU-hour",
               "repair outcomes (share, median hours, sigma)");
    for (const auto& c : catalog.failure_components()) {
      std::string outcomes;
      for (const auto& o : c.repair) {
        outcomes += fmt::format("{}{} {:.0f}% {:.1f} h {:.2f}",
                                outcomes.empty() ? "" : "; ", o.name,
                                100 * o.share, o.median_h, o.sigma);
      }
      fmt::print("{:<34} {:<22} {:>7} {:>14.4e}  {}\n", c.name, c.category,
                 c.planned ? "yes" : "no", c.rate_per_gpu_hour, outcomes);
    }
  }
  fmt::print(
      "\nSources: data/catalog/*.toml (every entry has a `source` field).\n");
  if (catalog.has_user_entries()) {
    fmt::print(
        "* a user entry (from a scenario or --catalog), at the place "
        "shown.\n");
  }
  return kExitOk;
}

}  // namespace

}  // namespace kardashev::cli
