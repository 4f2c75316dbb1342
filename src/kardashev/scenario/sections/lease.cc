// The [[lease]] section: its keys, declared once, and its reader.
#include "kardashev/sched/lease.h"

#include <fmt/format.h>

#include "kardashev/scenario/sections/keys.h"
#include "kardashev/scenario/sections/sections.h"

namespace kardashev::scenario {

using keys::Bool;
using keys::Default;
using keys::Int;
using keys::Num;
using keys::Range;
using keys::Str;

SectionDecl LeaseSection() {
  return SectionDecl{
      "lease",
      true,
      "GPUs of one cluster rented to a tenant for the whole horizon, kept "
      "whole from spares.",
      {
          Str("name", "Unique name of the lease."),
          Str("tenant", "The [[tenant]] that rents the GPUs."),
          Str("cluster", "The [[cluster]] whose GPUs are leased."),
          Range(Int("gpus", "GPUs",
                    "GPUs leased; a whole number of nodes, at most the "
                    "cluster's GPUs."),
                1, keys::kMaxGpus, keys::kGpusReason),
          keys::Published(
              Range(Num("price_usd_per_gpu_hour", "USD/GPU-hour",
                        "Price billed per GPU-hour."),
                    0, 1'000,
                    "up to $1,000 per GPU-hour, about 500 times today's H100 "
                    "rental"),
              keys::kRentalPublishedMin, keys::kRentalPublishedMax,
              keys::kRentalPublishedSource),
          Default(
              Range(Num("availability_sla", "fraction",
                        "Availability promised per billing period: delivered / "
                        "contracted GPU-hours; 0 for no SLA."),
                    0, 1, keys::kShareReason),
              sched::LeaseConfig{}.availability_sla),
          Default(Range(Num("sla_credit_fraction", "fraction",
                            "Share of a billing period's bill credited when "
                            "its availability "
                            "is below the SLA."),
                        0, 1, keys::kShareReason),
                  sched::LeaseConfig{}.sla_credit_fraction),
          Default(Range(Num("billing_period_days", "days",
                            "Length of a billing period."),
                        1.0 / keys::kHoursPerDay, 10 * keys::kDaysPerYear,
                        "from an hour to ten years; each period is one "
                        "event of the run"),
                  sched::LeaseConfig{}.billing_period_days),
          Range(Num("gpu_utilization", "fraction",
                    "The tenant's mean GPU utilisation; sets the power its "
                    "GPUs draw."),
                0, 1, keys::kShareReason),
          Bool("enabled", true, "false drops the lease (useful in variants)."),
      }};
}

void ReadLeases(const ReadContext& in, GpuClaims& claims, Scenario& s) {
  for (const Reader& r : Entries(in.schema, in.doc, "lease")) {
    const std::string tenant = ResolveTenant(r, s, false);
    const int cluster = ResolveCluster(r, s);
    if (!r.Bool("enabled")) continue;
    sched::LeaseConfig l;
    l.name = r.String("name");
    l.tenant = tenant;
    l.cluster = cluster;
    l.gpus = claims.Claim(r, s.clusters[cluster], l.cluster);
    l.price_usd_per_gpu_hour = r.Number("price_usd_per_gpu_hour");
    l.availability_sla = r.Number("availability_sla");
    l.sla_credit_fraction = r.Number("sla_credit_fraction");
    l.billing_period_days = r.Number("billing_period_days");
    l.gpu_utilization = r.Number("gpu_utilization");
    s.leases.push_back(l);
  }
}

}  // namespace kardashev::scenario
