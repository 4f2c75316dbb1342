#include "kardashev/evaluate/derived_figures.h"

#include "kardashev/sim/time.h"

namespace kardashev::evaluate {

using report::FleetSummary;
using report::LeaseTotals;
using report::Results;
using report::ServiceFigures;
using report::ServiceTotals;
using report::TrainingFigures;
using report::TrainingTotals;

namespace {

void FillFleet(Results& r) {
  FleetSummary& f = r.fleet;
  f.gpus = 0;
  f.active_gpu_hours = f.spare_gpu_hours = f.provisioning_gpu_hours = 0;
  f.stalled_gpu_hours = f.unpowered_gpu_hours = f.down_gpu_hours = 0;
  for (const auto& c : r.clusters) {
    f.gpus += c.gpus;
    f.active_gpu_hours += c.active_gpu_hours;
    f.spare_gpu_hours += c.spare_gpu_hours;
    f.provisioning_gpu_hours += c.provisioning_gpu_hours;
    f.stalled_gpu_hours += c.stalled_gpu_hours;
    f.unpowered_gpu_hours += c.unpowered_gpu_hours;
    f.down_gpu_hours += c.down_gpu_hours;
  }
  f.gpu_hours =
      static_cast<double>(f.gpus) * (r.horizon_s / sim::kSecondsPerHour);
  f.utilization = f.gpu_hours > 0 ? f.active_gpu_hours / f.gpu_hours : 0;
  f.energy_mwh = f.peak_power_mw = 0;
  for (const auto& s : r.sites) {
    f.energy_mwh += s.energy_mwh;
    f.peak_power_mw += s.peak_power_mw;
  }
  f.peak_drawn_mw = 0;
  f.carbon_t = 0;
  for (const auto& s : r.sites) {
    f.peak_drawn_mw += s.peak_drawn_mw;
    f.carbon_t += s.carbon_t;
  }
  f.shed_gpu_hours_fraction =
      f.gpu_hours > 0 ? f.unpowered_gpu_hours / f.gpu_hours : 0.0;
}

void FillLeases(Results& r) {
  LeaseTotals t;
  for (const auto& l : r.leases) {
    t.gpus += l.gpus;
    t.contracted_gpu_hours += l.contracted_gpu_hours;
    t.delivered_gpu_hours += l.delivered_gpu_hours;
    t.revenue_usd += l.revenue_usd;
    t.sla_penalty_usd += l.sla_penalty_usd;
  }
  t.availability = t.contracted_gpu_hours > 0
                       ? t.delivered_gpu_hours / t.contracted_gpu_hours
                       : 0.0;
  const double years = r.horizon_s / sim::kSecondsPerYear;
  t.revenue_usd_per_year = years > 0 ? t.revenue_usd / years : 0.0;
  r.lease_totals = t;
}

void FillTraining(Results& r) {
  const double cost_per_gpu_hour_usd = r.economics.cost_per_gpu_hour_usd;
  r.training_figures.clear();
  TrainingTotals t;
  const double days = r.horizon_s / sim::kSecondsPerDay;
  for (const auto& job : r.training) {
    TrainingFigures fig;
    fig.interruptions_per_day =
        days > 0 ? static_cast<double>(job.interruptions) / days : 0.0;
    if (job.tokens_trained > 0) {
      const double held_s = job.finished ? job.time_to_train_s : r.horizon_s;
      fig.cost_usd_per_million_tokens =
          cost_per_gpu_hour_usd * static_cast<double>(job.gpus) * held_s /
          sim::kSecondsPerHour / job.tokens_trained * 1e6;
    }
    r.training_figures.push_back(fig);
    t.gpus += job.gpus;
    t.tokens_trained += job.tokens_trained;
    t.interruptions += job.interruptions;
    t.preemptions += job.preemptions;
    t.preemption_cost_s += job.preemption_lost_work_s +
                           job.preemption_waiting_s + job.preemption_restart_s;
  }
  t.interruptions_per_day =
      days > 0 ? static_cast<double>(t.interruptions) / days : 0.0;
  r.training_totals = t;
}

void FillServices(Results& r) {
  const double cost_per_gpu_hour_usd = r.economics.cost_per_gpu_hour_usd;
  r.service_figures.clear();
  ServiceTotals t;
  for (const auto& sv : r.services) {
    ServiceFigures fig;
    if (sv.tokens_served > 0) {
      fig.cost_usd_per_million_tokens =
          cost_per_gpu_hour_usd * sv.gpu_hours / sv.tokens_served * 1e6;
    }
    r.service_figures.push_back(fig);
    t.requests_demanded += sv.requests_demanded;
    t.requests_served += sv.requests_served;
    t.tokens_served += sv.tokens_served;
    t.gpu_hours += sv.gpu_hours;
    t.peak_gpus += sv.peak_gpus;
    t.revenue_usd += sv.revenue_usd;
  }
  t.within_capacity =
      t.requests_demanded > 0 ? t.requests_served / t.requests_demanded : 0.0;
  if (t.tokens_served > 0) {
    t.cost_usd_per_million_tokens =
        cost_per_gpu_hour_usd * t.gpu_hours / t.tokens_served * 1e6;
  }
  r.service_totals = t;
}

}  // namespace

void FillDerivedFigures(Results& r) {
  FillFleet(r);
  FillLeases(r);
  FillTraining(r);
  FillServices(r);
}

}  // namespace kardashev::evaluate
