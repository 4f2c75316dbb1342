// The [[demand]] section: its keys, declared once, and its reader.
#include "kardashev/serving/demand.h"

#include <fmt/format.h>

#include <algorithm>

#include "kardashev/perf/inference.h"
#include "kardashev/scenario/sections/keys.h"
#include "kardashev/scenario/sections/sections.h"
#include "kardashev/sched/service.h"

namespace kardashev::scenario {

using keys::Bool;
using keys::Default;
using keys::DefaultInt;
using keys::DefaultStr;
using keys::Int;
using keys::Num;
using keys::Range;
using keys::Str;

SectionDecl DemandSection() {
  return SectionDecl{
      "demand",
      true,
      "Demand for a [[serving]] deployment at fleet level: daily users shaped "
      "by a daily and "
      "weekly curve, against the capacity of one replica within the "
      "deployment's SLO.",
      {
          Str("name", "Unique name of the demand."),
          Str("serving",
              "The [[serving]] entry that gives the model, GPU, plan, length "
              "mix "
              "and SLO."),
          Range(Num("daily_users", "users", "Daily active users."), 0, 1e11,
                "up to 10^11, more than ten times the world's population"),
          Range(Num("requests_per_user_per_day", "requests",
                    "Requests per user per day."),
                1e-6, 1e5,
                "from one request per million users to about one per "
                "second all day"),
          Default(Range(Num("daily_amplitude", "fraction",
                            "Amplitude of the daily curve: 0 flat, 0.5 peaks "
                            "at 1.5x the "
                            "day's mean."),
                        0, 1, "0 flat; 1 falls to zero at the trough"),
                  serving::DemandCurve{}.daily_amplitude),
          Default(Range(Num("peak_hour", "hour", "Hour of the daily peak."), 0,
                        keys::kHoursPerDay, "an hour of the day"),
                  serving::DemandCurve{}.peak_hour),
          Default(Range(Num("weekend_factor", "fraction",
                            "Weekend demand relative to the weekly mean."),
                        0, 3.5,
                        "2 weekend days of a 7-day mean: 3.5 leaves "
                        "weekdays nothing",
                        true),
                  serving::DemandCurve{}.weekend_factor),
          Default(Range(Num("step_minutes", "minutes",
                            "Time step of the demand plan."),
                        1, keys::kMinutesPerWeek,
                        "from a minute to a week, the period of the curve"),
                  serving::DemandConfig{}.step_s / keys::kSecondsPerMinute),
          DefaultInt(
              Range(
                  Int("gpus", "GPUs",
                      "GPUs that serve the demand; 0 to size the fleet only."),
                  0, keys::kMaxGpus, keys::kGpusReason),
              serving::DemandConfig{}.gpus_available),
          DefaultStr(
              Str("lease",
                  "A [[lease]] whose GPUs serve the demand, at the lease's "
                  "simulated availability (overrides gpus); \"\" for none."),
              ""),
          DefaultStr(Str("cluster",
                         "A [[cluster]] the demand is served on, elastically: "
                         "each hour it takes the nodes its demand needs, from "
                         "spares or by preempting lower-priority training; "
                         "\"\" for none."),
                     ""),
          DefaultStr(Str("tenant",
                         "The [[tenant]] whose product it is (with "
                         "cluster)."),
                     ""),
          DefaultInt(Range(Int("priority", "",
                               "With cluster: preempts training jobs of lower "
                               "priority at its peaks."),
                           0, 1000, keys::kPriorityReason),
                     sched::ServiceConfig{}.priority),
          Default(Range(Num("price_usd_per_million_tokens", "USD/Mtoken",
                            "Revenue per million output tokens served (with "
                            "cluster)."),
                        0, 1e5,
                        "up to $100,000 per million tokens, over a hundred "
                        "times the priciest API"),
                  sched::ServiceConfig{}.price_usd_per_million_tokens),
          Default(Range(Num("gpu_utilization", "fraction",
                            "With cluster: average GPU utilisation of its "
                            "nodes, for power (default: at TDP, an upper "
                            "bound)."),
                        0, 1, keys::kShareReason),
                  sched::ServiceConfig{}.gpu_utilization),
          Bool("enabled", true, "false drops the demand (useful in variants)."),
      }};
}

namespace {

// A demand served on an owned cluster: the cluster must run the deployment's
// GPUs and its nodes must tile the deployment's replicas.
void ReadOwnedCluster(const Reader& r, const Scenario& s, const ServingSpec& sv,
                      DemandSpec& d) {
  if (!d.lease.empty()) {
    r.Fail("cluster",
           "a demand is served by a lease or on a cluster, not both");
  }
  const int index = ResolveCluster(r, s);
  const fleet::ClusterConfig& cluster = s.clusters[index];
  if (cluster.gpu.name != sv.config.deployment.gpu.name) {
    r.Fail("cluster", fmt::format("cluster \"{}\" has {} GPUs, but [[serving]] "
                                  "\"{}\" runs on {}",
                                  cluster.name, cluster.gpu.name, sv.name,
                                  sv.config.deployment.gpu.name));
  }
  const int per_replica = d.config.gpus_per_replica;
  if (cluster.node.gpus % per_replica != 0 &&
      per_replica % cluster.node.gpus != 0) {
    r.Fail("cluster",
           fmt::format("replicas of {} GPUs do not tile {}-GPU nodes",
                       per_replica, cluster.node.gpus));
  }
  d.cluster = index;
  d.tenant = ResolveTenant(r, s, true);
  d.priority = r.Int("priority");
  d.price_usd_per_million_tokens = r.Number("price_usd_per_million_tokens");
  d.gpu_utilization = r.Number("gpu_utilization");
}

}  // namespace

void ReadDemand(const ReadContext& in, Scenario& s) {
  for (const Reader& r : Entries(in.schema, in.doc, "demand")) {
    if (!r.Bool("enabled")) continue;
    DemandSpec d;
    d.serving = r.String("serving");
    const auto sv =
        std::find_if(s.serving.begin(), s.serving.end(),
                     [&](const ServingSpec& x) { return x.name == d.serving; });
    if (sv == s.serving.end()) {
      r.Fail("serving",
             fmt::format("no enabled [[serving]] is named \"{}\"", d.serving));
    }
    d.lease = r.String("lease");
    if (!d.lease.empty() && std::none_of(s.leases.begin(), s.leases.end(),
                                         [&](const sched::LeaseConfig& l) {
                                           return l.name == d.lease;
                                         })) {
      r.Fail("lease",
             fmt::format("no enabled [[lease]] is named \"{}\"", d.lease));
    }
    auto& c = d.config;
    c.name = r.String("name");
    c.daily_users = r.Number("daily_users");
    c.requests_per_user_per_day = r.Number("requests_per_user_per_day");
    c.curve.daily_amplitude = r.Number("daily_amplitude");
    c.curve.peak_hour = r.Number("peak_hour");
    c.curve.weekend_factor = r.Number("weekend_factor");
    c.step_s = r.Number("step_minutes") * keys::kSecondsPerMinute;
    c.horizon_s = s.horizon_s;
    c.gpus_per_replica = perf::ReplicaGpus(sv->config.deployment);
    c.gpus_available = r.Integer("gpus");
    if (!r.String("cluster").empty()) ReadOwnedCluster(r, s, *sv, d);
    s.demand.push_back(std::move(d));
  }
}

}  // namespace kardashev::scenario
