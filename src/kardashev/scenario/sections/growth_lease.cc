// The [[growth_lease]] section: its keys, declared once, and its reader.
#include <fmt/format.h>

#include <algorithm>

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

SectionDecl GrowthLeaseSection() {
  return SectionDecl{
      "growth_lease",
      true,
      "Growth level: GPUs rented out at some sites, taken first each month, "
      "billed for the contracted GPU-hours, with a credit below the SLA "
      "(the same rule as [[lease]]).",
      {
          Str("name", "Unique name of the lease."),
          keys::Bool("enabled", true,
                     "false drops the lease (useful in variants)."),
          DefaultStr(Str("tenant",
                         "The [[tenant]] that rents the GPUs; \"\" "
                         "for none named."),
                     ""),
          keys::StrList("sites",
                        "Ground or orbital sites, in the order the lease "
                        "takes GPUs from."),
          Range(Int("gpus", "GPUs", "GPUs contracted."), 1, keys::kMaxGpus,
                keys::kGpusReason),
          keys::Month("start_month", 0, "First month of the lease."),
          DefaultInt(Range(Int("end_month", "month",
                               "First month without the lease; -1: the "
                               "horizon's end."),
                           -1, keys::kMaxGrowthMonths,
                           "-1 (the horizon's end), or a month of the growth "
                           "horizon"),
                     -1),
          keys::Published(
              Range(Num("price_usd_per_gpu_hour", "USD/GPU-hour",
                        "Price billed per contracted GPU-hour."),
                    0, 1'000,
                    "up to $1,000 per GPU-hour, about 500 times today's H100 "
                    "rental"),
              keys::kRentalPublishedMin, keys::kRentalPublishedMax,
              keys::kRentalPublishedSource),
          Default(Range(Num("availability_sla", "fraction",
                            "Availability promised each month: delivered / "
                            "contracted GPUs; 0 for no SLA."),
                        0, 1, keys::kShareReason),
                  growth::Lease{}.availability_sla),
          Default(Range(Num("sla_credit_fraction", "fraction",
                            "Share of a month's bill credited when its "
                            "availability is below the SLA."),
                        0, 1, keys::kShareReason),
                  growth::Lease{}.sla_credit_fraction),
          Default(Range(Num("gpu_utilization", "fraction",
                            "The tenant's mean GPU utilisation; sets the "
                            "power its GPUs draw."),
                        0, 1, keys::kShareReason),
                  growth::Lease{}.gpu_utilization),
      }};
}

// The growth sites the `sites` key names: at least one, none twice.
std::vector<int> ResolveGrowthSites(const Reader& r, const Scenario& s) {
  std::vector<int> out;
  bool disabled = false;
  for (const std::string& name : r.StringList("sites")) {
    if (IsDisabledShell(name, s)) {
      disabled = true;
      continue;
    }
    const int site = ResolveGrowthSite(r, "sites", name, s);
    if (std::find(out.begin(), out.end(), site) != out.end()) {
      r.Fail("sites", fmt::format("\"{}\" is listed twice", name));
    }
    out.push_back(site);
  }
  if (out.empty()) {
    r.Fail("sites", disabled ? "every site it names is an [[orbital]] shell "
                               "with enabled = false; expected one enabled"
                             : "expected at least one site");
  }
  return out;
}

void ReadGrowthLeases(const ReadContext& in, Scenario& s) {
  for (const Reader& r : Entries(in.schema, in.doc, "growth_lease")) {
    if (!r.Bool("enabled")) continue;
    growth::Lease l;
    l.name = r.String("name");
    l.tenant = ResolveTenant(r, s, true);
    l.sites = ResolveGrowthSites(r, s);
    l.gpus = r.Integer("gpus");
    l.start_month = r.Int("start_month");
    l.end_month = r.Int("end_month");
    if (l.end_month >= 0 && l.end_month <= l.start_month) {
      r.Fail("end_month",
             fmt::format("expected -1 (the horizon's end) or a month after "
                         "start_month ({}), got {}",
                         l.start_month, l.end_month));
    }
    l.price_usd_per_gpu_hour = r.Number("price_usd_per_gpu_hour");
    l.availability_sla = r.Number("availability_sla");
    l.sla_credit_fraction = r.Number("sla_credit_fraction");
    l.gpu_utilization = r.Number("gpu_utilization");
    s.growth->leases.push_back(std::move(l));
  }
}

}  // namespace kardashev::scenario
