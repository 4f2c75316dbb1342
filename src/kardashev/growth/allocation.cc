#include "kardashev/growth/allocation.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "kardashev/growth/routing.h"
#include "kardashev/sched/lease.h"

namespace kardashev::growth {

namespace {

// P(X >= k) for X Poisson with mean m: exact below a mean of 50, else the
// normal approximation with a continuity correction.
double PoissonTailAtLeast(double k, double m) {
  if (k <= 0) return 1.0;
  if (m <= 0) return 0.0;
  if (m > 50) return 0.5 * std::erfc((k - 0.5 - m) / std::sqrt(2.0 * m));
  double term = std::exp(-m);
  double below = 0;
  for (int i = 0; i < k; ++i) {
    below += term;
    term *= m / (i + 1);
  }
  return std::max(1.0 - below, 0.0);
}

}  // namespace

Allocator::Allocator(const GrowthPlan& plan, const InstalledFleet& fleet)
    : plan_(plan), fleet_(fleet) {
  for (const TrainingJob& j : plan.jobs) jobs_.push_back(JobTotals{j.name});
  for (const Lease& l : plan.leases) leases_.push_back(LeaseTotals{l.name});
  for (const Product& p : plan.products) {
    ProductTotals t;
    t.name = p.name;
    t.served_by_site.assign(plan.sites.size(), 0.0);
    products_.push_back(std::move(t));
  }
}

double Allocator::Watts(int g, double utilization) const {
  const Generation& gen = plan_.generations[g];
  return gen.idle_w_per_gpu +
         utilization * (gen.busy_w_per_gpu - gen.idle_w_per_gpu);
}

void Allocator::TakeLeases(int m, Grid& free) {
  lease_takes_.assign(plan_.leases.size(), {});
  for (std::size_t l = 0; l < plan_.leases.size(); ++l) {
    const Lease& lease = plan_.leases[l];
    if (!InService(m, lease.start_month, lease.end_month)) continue;
    double want = static_cast<double>(lease.gpus);
    for (int s : lease.sites) {
      for (std::size_t g = 0; g < free[s].size() && want > 0; ++g) {
        const double take = std::min(free[s][g], want);
        if (take <= 0) continue;
        free[s][g] -= take;
        want -= take;
        lease_takes_[l].push_back(
            Take{s, static_cast<int>(g), take, lease.gpu_utilization});
      }
    }
  }
}

void Allocator::RouteProducts(int m, Grid& free) {
  const int sites = static_cast<int>(plan_.sites.size());
  std::vector<double> link(sites, -1.0);
  const double mid_s = (m + 0.5) * kSecondsPerMonth;
  for (int s = 0; s < sites; ++s) {
    const Site& site = plan_.sites[s];
    if (site.orbital() && site.orbit->link_tokens_per_s_per_satellite > 0) {
      link[s] = fleet_.SatellitesAt(s, mid_s) *
                site.orbit->link_tokens_per_s_per_satellite;
    }
  }
  serving_takes_.assign(plan_.products.size(), {});
  served_.assign(plan_.products.size(), std::vector<double>(sites, 0.0));
  demanded_.assign(plan_.products.size(), 0.0);
  for (std::size_t p = 0; p < plan_.products.size(); ++p) {
    const RoutedMonth r =
        RouteProduct(plan_, static_cast<int>(p), m, free, link);
    demanded_[p] = r.requests_demanded;
    served_[p] = r.served_by_site;
    for (int s = 0; s < sites; ++s) {
      if (link[s] >= 0)
        link[s] = std::max(link[s] - r.link_tokens_per_s[s], 0.0);
      for (std::size_t g = 0; g < free[s].size(); ++g) {
        const double gpus = std::min(r.gpus[s][g], free[s][g]);
        if (gpus <= 0) continue;
        free[s][g] -= gpus;
        serving_takes_[p].push_back(Take{s, static_cast<int>(g), gpus,
                                         plan_.products[p].gpu_utilization});
      }
    }
  }
}

void Allocator::CapPower(int s, Grid& free, Period& month) {
  const Site& site = plan_.sites[s];
  headroom_w_[s] = -1;
  if (site.orbital() || site.power_cap_w <= 0) return;
  const double budget_w = site.power_cap_w / site.pue;
  double used_w = 0;
  const auto for_takes = [&](auto&& f) {
    for (auto& takes : lease_takes_) {
      for (Take& t : takes) {
        if (t.site == s) f(t);
      }
    }
    for (auto& takes : serving_takes_) {
      for (Take& t : takes) {
        if (t.site == s) f(t);
      }
    }
  };
  for_takes(
      [&](Take& t) { used_w += t.gpus * Watts(t.generation, t.utilization); });
  SitePeriod& sp = month.sites[s];
  if (used_w > budget_w) {
    // Leases and serving alone exceed the supply: scale them down together.
    const double k = budget_w / used_w;
    for_takes([&](Take& t) {
      sp.unpowered_gpu_hours += t.gpus * (1 - k) * kHoursPerMonth;
      t.gpus *= k;
    });
    for (std::size_t p = 0; p < served_.size(); ++p) served_[p][s] *= k;
    for (double& f : free[s]) {
      sp.unpowered_gpu_hours += f * kHoursPerMonth;
      f = 0;
    }
    headroom_w_[s] = 0;
    return;
  }
  double excess_w = used_w - budget_w;
  for (std::size_t g = 0; g < free[s].size(); ++g) {
    excess_w += free[s][g] * plan_.generations[g].idle_w_per_gpu;
  }
  // Power idle GPUs off, oldest generation first, until the supply holds.
  for (std::size_t g = 0; g < free[s].size() && excess_w > 0; ++g) {
    const double idle_w = plan_.generations[g].idle_w_per_gpu;
    if (idle_w <= 0) continue;
    const double off = std::min(free[s][g], excess_w / idle_w);
    free[s][g] -= off;
    excess_w -= off * idle_w;
    sp.unpowered_gpu_hours += off * kHoursPerMonth;
  }
  headroom_w_[s] = std::max(-excess_w, 0.0);
}

std::vector<double> Allocator::TrainingSizes(int j, int s, int g, double most,
                                             double free_gpus) const {
  const double group = static_cast<double>(plan_.jobs[j].goodput.group_gpus);
  const auto whole = [&](double n) {
    return std::floor(n / group + 1e-9) * group;  // whole model copies
  };
  const Generation& gen = plan_.generations[g];
  const bool ground = !plan_.sites[s].orbital();
  std::vector<double> sizes;
  // The largest size, and 0.8 of it, 0.8^2 ... down to 0.8^12 (7%): past
  // some size a job's goodput falls faster than it grows (every failure
  // stalls it).
  for (int k = 0; k <= 12; ++k) {
    const double size = whole(most * std::pow(0.8, k));
    if (size < group) break;
    sizes.push_back(size);
    if (!ground) continue;
    // The same less spares for its mean number of nodes in repair plus
    // three standard deviations, when the pool does not hold them.
    const double in_repair = size * gen.node_failures_per_gpu_h *
                             pools_[s][g].failure_rate_multiplier *
                             gen.repair_h;
    const double spares =
        std::ceil(in_repair + 3 * std::sqrt(in_repair)) * gen.node_gpus;
    const double with_spares = whole(std::min(size, free_gpus - spares));
    if (with_spares >= group && with_spares < size) {
      sizes.push_back(with_spares);
    }
  }
  return sizes;
}

double Allocator::TrainingRate(int j, int s, int g) const {
  const Site& site = plan_.sites[s];
  if (site.orbital()) {
    return g == site.orbit->generation
               ? plan_.jobs[j].orbital_tokens_per_gpu_s[s]
               : 0.0;
  }
  return plan_.generations[g].training_tokens_per_gpu_s[j];
}

double Allocator::Ettr(int j, int s, int g, double gpus, double free_gpus,
                       double multiplier) const {
  const TrainingJob& job = plan_.jobs[j];
  const Generation& gen = plan_.generations[g];
  const Site& site = plan_.sites[s];
  training::GoodputInput in = job.goodput;
  in.gpus = static_cast<std::int64_t>(std::llround(gpus));
  in.node_gpus = gen.node_gpus;
  in.job_failures_per_gpu_h = gen.job_failures_per_gpu_h;
  in.spare_swap_s = plan_.spare_swap_s;
  in.step_time_s = gen.training_step_s[j];
  if (site.orbital()) {
    // Transient failures as on the ground; the permanent ones at the shell's
    // radiation-raised rate. A lost node is never repaired: the job takes
    // a spare of the shell when one is free, else goes on without it.
    in.node_failures_per_gpu_h = gen.node_failures_per_gpu_h -
                                 gen.permanent_failures_per_gpu_h +
                                 site.orbit->failures_per_gpu_h;
    in.repair_s = plan_.spare_swap_s;
    in.no_spare_share = 0;
    const double ground = gen.training_tokens_per_gpu_s[j];
    const double orbit = TrainingRate(j, s, g);
    if (ground > 0 && orbit > 0) in.step_time_s *= ground / orbit;
  } else {
    in.node_failures_per_gpu_h = gen.node_failures_per_gpu_h * multiplier;
    in.repair_s = gen.repair_h * 3600.0;
    // The pool's GPUs the job leaves are its spares. Its nodes in repair at
    // any time are Poisson with mean N r R (Little's law); a failure finds no
    // spare when that many already took them all.
    const double spare_nodes =
        std::floor((free_gpus - gpus) / gen.node_gpus + 1e-9);
    const double in_repair = gpus * in.node_failures_per_gpu_h * gen.repair_h;
    in.no_spare_share = PoissonTailAtLeast(spare_nodes, in_repair);
  }
  return training::EstimateGoodput(in).ettr;
}

void Allocator::Train(int m, Grid& free, Period& month) {
  for (std::size_t jj = 0; jj < plan_.jobs.size(); ++jj) {
    const int j = static_cast<int>(jj);
    const TrainingJob& job = plan_.jobs[j];
    JobTotals& totals = jobs_[j];
    if (!InService(m, job.start_month, job.end_month) ||
        totals.finish_month >= 0) {
      continue;
    }
    const double group = static_cast<double>(job.goodput.group_gpus);
    // The pool that gives the job the most kept tokens per second.
    int best_s = -1, best_g = -1;
    double best_gpus = 0, best_ettr = 0, best_tokens_per_s = 0;
    for (int s : job.sites) {
      for (std::size_t g = 0; g < free[s].size(); ++g) {
        const double rate = TrainingRate(j, s, static_cast<int>(g));
        if (rate <= 0) continue;
        double n = free[s][g];
        if (job.max_gpus > 0)
          n = std::min(n, static_cast<double>(job.max_gpus));
        const double extra_w = Watts(static_cast<int>(g), job.gpu_utilization) -
                               plan_.generations[g].idle_w_per_gpu;
        if (headroom_w_[s] >= 0 && extra_w > 0) {
          n = std::min(n, headroom_w_[s] / extra_w);
        }
        for (const double size :
             TrainingSizes(j, s, static_cast<int>(g), n, free[s][g])) {
          const double ettr = Ettr(j, s, static_cast<int>(g), size, free[s][g],
                                   pools_[s][g].failure_rate_multiplier);
          if (size * rate * ettr > best_tokens_per_s) {
            best_s = s;
            best_g = static_cast<int>(g);
            best_gpus = size;
            best_ettr = ettr;
            best_tokens_per_s = size * rate * ettr;
          }
        }
      }
    }
    if (best_s < 0) continue;
    double tokens = best_tokens_per_s * kSecondsPerMonth;
    double share = 1;  // of the month the job trains
    if (job.target_tokens > 0 &&
        totals.tokens_trained + tokens >= job.target_tokens) {
      share = (job.target_tokens - totals.tokens_trained) / tokens;
      tokens = job.target_tokens - totals.tokens_trained;
      totals.finish_month = m;
      totals.value_usd += job.value_usd_per_run;
      month.money.training_value_usd += job.value_usd_per_run;
    }
    const double gpus = best_gpus * share;
    free[best_s][best_g] -= gpus;
    if (headroom_w_[best_s] >= 0) {
      headroom_w_[best_s] =
          std::max(headroom_w_[best_s] -
                       gpus * (Watts(best_g, job.gpu_utilization) -
                               plan_.generations[best_g].idle_w_per_gpu),
                   0.0);
    }
    const double value = tokens / 1e6 * job.value_usd_per_million_tokens;
    totals.value_usd += value;
    month.money.training_value_usd += value;
    const double gpu_hours = gpus * kHoursPerMonth;
    totals.mean_ettr =
        (totals.mean_ettr * totals.gpu_hours + best_ettr * gpu_hours) /
        (totals.gpu_hours + gpu_hours);
    totals.gpu_hours += gpu_hours;
    totals.tokens_trained += tokens;
    month.tokens_trained += tokens;
    SitePeriod& sp = month.sites[best_s];
    sp.training_gpu_hours += gpu_hours;
    sp.energy_mwh += gpu_hours * Watts(best_g, job.gpu_utilization) / 1e6;
  }
}

void Allocator::CloseMonth(int m, const Grid& free, Period& month) {
  const double hours = kHoursPerMonth;
  for (std::size_t l = 0; l < plan_.leases.size(); ++l) {
    const Lease& lease = plan_.leases[l];
    if (!InService(m, lease.start_month, lease.end_month)) continue;
    double delivered = 0;
    for (const Take& t : lease_takes_[l]) {
      delivered += t.gpus;
      month.sites[t.site].leased_gpu_hours += t.gpus * hours;
      month.sites[t.site].energy_mwh +=
          t.gpus * hours * Watts(t.generation, t.utilization) / 1e6;
    }
    const double contracted = static_cast<double>(lease.gpus);
    const sched::PeriodBill period =
        sched::BillPeriod({lease.price_usd_per_gpu_hour, lease.availability_sla,
                           lease.sla_credit_fraction},
                          contracted * hours, delivered * hours);
    const double bill = period.billed_usd;
    const double credit = period.credit_usd;
    LeaseTotals& t = leases_[l];
    t.contracted_gpu_hours += contracted * hours;
    t.delivered_gpu_hours += delivered * hours;
    t.availability = t.delivered_gpu_hours / t.contracted_gpu_hours;
    t.revenue_usd += bill - credit;
    t.sla_credit_usd += credit;
    month.money.revenue_lease_usd += bill;
    month.money.sla_credit_usd += credit;
  }
  for (std::size_t p = 0; p < plan_.products.size(); ++p) {
    const Product& product = plan_.products[p];
    for (const Take& t : serving_takes_[p]) {
      month.sites[t.site].serving_gpu_hours += t.gpus * hours;
      month.sites[t.site].energy_mwh +=
          t.gpus * hours * Watts(t.generation, t.utilization) / 1e6;
    }
    double served = 0;
    ProductTotals& totals = products_[p];
    for (std::size_t s = 0; s < served_[p].size(); ++s) {
      served += served_[p][s];
      totals.served_by_site[s] += served_[p][s];
    }
    const double tokens = served * product.tokens_per_request;
    const double revenue = tokens / 1e6 * product.usd_per_million_tokens;
    totals.requests_demanded += demanded_[p];
    totals.requests_served += served;
    totals.requests_dropped = totals.requests_demanded - totals.requests_served;
    totals.tokens_served += tokens;
    totals.revenue_usd += revenue;
    totals.slo_attainment =
        totals.requests_demanded > 0
            ? totals.requests_served / totals.requests_demanded
            : 1.0;
    month.requests_demanded += demanded_[p];
    month.requests_served += served;
    month.tokens_served += tokens;
    month.money.revenue_serving_usd += revenue;
  }
  month.slo_attainment = month.requests_demanded > 0
                             ? month.requests_served / month.requests_demanded
                             : 1.0;
  for (std::size_t s = 0; s < plan_.sites.size(); ++s) {
    const Site& site = plan_.sites[s];
    SitePeriod& sp = month.sites[s];
    for (std::size_t g = 0; g < free[s].size(); ++g) {
      sp.idle_gpu_hours += free[s][g] * hours;
      sp.energy_mwh +=
          free[s][g] * hours * plan_.generations[g].idle_w_per_gpu / 1e6;
    }
    if (!site.orbital()) {
      sp.energy_mwh *= site.pue;  // IT energy so far; the facility's now
      sp.carbon_t = sp.energy_mwh * site.carbon_kg_per_mwh / 1000.0;
      month.money.energy_cost_usd +=
          sp.energy_mwh * site.electricity_usd_per_mwh;
    }
    month.energy_mwh += sp.energy_mwh;
    month.gpus += sp.installed_gpus;
  }
}

Period Allocator::PlayMonth(int m) {
  pools_ = fleet_.Month(m);
  const int sites = static_cast<int>(plan_.sites.size());
  Period month;
  month.index = m;
  month.label = m;
  month.end_s = (m + 1) * kSecondsPerMonth;
  month.sites.resize(sites);
  Grid free(sites);
  for (int s = 0; s < sites; ++s) {
    SitePeriod& sp = month.sites[s];
    sp.launches = fleet_.Launches(s, m);
    for (const PoolMonth& p : pools_[s]) {
      sp.installed_gpus += p.installed_gpus_end;
      sp.working_gpus += p.working_gpus_end;
      sp.installed_gpu_hours += p.installed_gpu_hours;
      sp.down_gpu_hours += p.installed_gpu_hours - p.working_gpu_hours;
      sp.unpowered_gpu_hours += p.unpowered_gpu_hours;
      free[s].push_back(
          std::max(p.working_gpu_hours - p.unpowered_gpu_hours, 0.0) /
          kHoursPerMonth);
    }
  }
  TakeLeases(m, free);
  RouteProducts(m, free);
  headroom_w_.assign(sites, -1.0);
  for (int s = 0; s < sites; ++s) CapPower(s, free, month);
  Train(m, free, month);
  CloseMonth(m, free, month);
  return month;
}

}  // namespace kardashev::growth
