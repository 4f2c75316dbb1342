#include "kardashev/report/text_table.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <string_view>
#include <utility>

#include "kardashev/report/growth_report.h"
#include "kardashev/report/variant_table.h"
#include "kardashev/sim/time.h"
#include "kardashev/training/job.h"

namespace kardashev::report {

namespace {

using table::Cell;
using table::Grouped;
using table::kNone;
using table::Ms;
using table::Names;
using table::Percent;
using table::PerEntity;
using table::Table;
using table::Usd;

bool HasFleet(const Results& r) { return r.fleet.gpus > 0; }

void AddFleetRows(Table& t) {
  if (!t.Any(HasFleet)) return;
  t.Row("GPUs", [](const Results& r) {
    return Grouped(static_cast<double>(r.fleet.gpus));
  });
  t.Row("Utilisation (GPU-hours used)",
        [](const Results& r) { return Percent(r.fleet.utilization); });
  t.Row("Failures (all causes)", [](const Results& r) {
    return Grouped(static_cast<double>(r.fleet.failures_total));
  });
  t.Row("GPU-hours down in repair",
        [](const Results& r) { return Grouped(r.fleet.down_gpu_hours); });
}

void AddLeaseRows(Table& t) {
  if (!t.Any([](const Results& r) { return !r.leases.empty(); })) return;
  t.Row("GPUs leased", [](const Results& r) {
    return Grouped(static_cast<double>(r.lease_totals.gpus));
  });
  t.Row("Lease availability", [](const Results& r) {
    if (r.lease_totals.contracted_gpu_hours <= 0) return kNone;
    return Percent(r.lease_totals.availability);
  });
  t.Row("Lease revenue per year", [](const Results& r) {
    return Usd(r.lease_totals.revenue_usd_per_year);
  });
  t.Row("SLA credits",
        [](const Results& r) { return Usd(r.lease_totals.sla_penalty_usd); });
}

void AddTrainingRows(Table& t) {
  if (!t.Any([](const Results& r) { return !r.training.empty(); })) return;
  const auto of = [](const Results& r) -> const auto& { return r.training; };
  PerEntity(t, of, [](auto row) {
    row("Training GPUs", [](const Results& r, std::size_t i) {
      return Grouped(static_cast<double>(r.training[i].gpus));
    });
    row("Training MFU", [](const Results& r, std::size_t i) {
      return Percent(r.training[i].mfu);
    });
    row("Tokens trained", [](const Results& r, std::size_t i) {
      const double tokens = r.training[i].tokens_trained;
      return tokens > 0 ? fmt::format("{:.3g}", tokens) : kNone;
    });
    row("Training cost per Mtoken", [](const Results& r, std::size_t i) {
      const double usd = r.training_figures[i].cost_usd_per_million_tokens;
      return usd > 0 ? fmt::format("${:.3f}", usd) : kNone;
    });
    row("Job interruptions per day", [](const Results& r, std::size_t i) {
      return fmt::format("{:.2f}", r.training_figures[i].interruptions_per_day);
    });
    row("Training ETTR", [](const Results& r, std::size_t i) {
      return Percent(r.training[i].ettr);
    });
    row("Checkpoint interval", [](const Results& r, std::size_t i) {
      const double s = r.training[i].checkpoint_interval_s;
      return s < 60 ? fmt::format("{:.1f} s", s)
                    : fmt::format("{:.1f} min", s / 60.0);
    });
    row("Time % train/lost/ckpt/restart/wait/throttled",
        [](const Results& r, std::size_t i) {
          const training::TimeShares f = training::TimeSharesOf(r.training[i]);
          return fmt::format("{:.0f}/{:.0f}/{:.0f}/{:.0f}/{:.0f}/{:.0f}",
                             100 * f.training, 100 * f.lost_work,
                             100 * f.checkpointing, 100 * f.restarting,
                             100 * f.waiting, 100 * f.power_throttled);
        });
  });
  if (Names(t.results(), of).size() > 1) {
    t.Row("Training GPUs (all jobs)", [](const Results& r) {
      return Grouped(static_cast<double>(r.training_totals.gpus));
    });
    t.Row("Tokens trained (all jobs)", [](const Results& r) {
      const double tokens = r.training_totals.tokens_trained;
      return tokens > 0 ? fmt::format("{:.3g}", tokens) : kNone;
    });
  }
}

void AddServiceRows(Table& t) {
  if (!t.Any([](const Results& r) { return !r.services.empty(); })) return;
  // A cell of the service totals, "-" for a variant without services.
  const auto row =
      [&t](std::string label,
           const std::function<std::string(const ServiceTotals&)>& f) {
        t.Row(std::move(label), [f](const Results& r) {
          return r.services.empty() ? kNone : f(r.service_totals);
        });
      };
  row("Own serving: tokens served", [](const ServiceTotals& s) {
    return fmt::format("{:.3g}", s.tokens_served);
  });
  row("Own serving: within capacity", [](const ServiceTotals& s) {
    return s.requests_demanded > 0 ? Percent(s.within_capacity) : kNone;
  });
  row("Own serving: peak GPUs", [](const ServiceTotals& s) {
    return Grouped(static_cast<double>(s.peak_gpus));
  });
  row("Own serving: revenue",
      [](const ServiceTotals& s) { return Usd(s.revenue_usd); });
  row("Own serving: cost per Mtoken", [](const ServiceTotals& s) {
    if (s.tokens_served <= 0) return kNone;
    return fmt::format("${:.3f}", s.cost_usd_per_million_tokens);
  });
  t.Row("Training preemptions", [](const Results& r) {
    if (r.training.empty()) return kNone;
    return fmt::format(
        "{} ({:.1f} h lost)", r.training_totals.preemptions,
        r.training_totals.preemption_cost_s / sim::kSecondsPerHour);
  });
}

void AddServingRows(Table& t) {
  if (!t.Any([](const Results& r) { return !r.serving.empty(); })) return;
  const auto of = [](const Results& r) -> const auto& { return r.serving; };
  PerEntity(t, of, [](auto row) {
    // A cell of the deployment's replica simulation.
    const auto sim = [&row](std::string_view label, auto f) {
      row(label, [f](const Results& r, std::size_t i) {
        return f(r.serving[i].result);
      });
    };
    using serving::ServingResult;
    sim("Requests served", [](const ServingResult& x) {
      return Grouped(static_cast<double>(x.requests));
    });
    sim("Requests refused", [](const ServingResult& x) {
      return Grouped(static_cast<double>(x.rejected));
    });
    sim("TTFT p50 / p90", [](const ServingResult& x) {
      return fmt::format("{} / {}", Ms(x.ttft_s.p50), Ms(x.ttft_s.p90));
    });
    sim("TTFT p99", [](const ServingResult& x) { return Ms(x.ttft_s.p99); });
    sim("TPOT p50 / p90", [](const ServingResult& x) {
      return fmt::format("{} / {}", Ms(x.tpot_s.p50), Ms(x.tpot_s.p90));
    });
    sim("TPOT p99", [](const ServingResult& x) { return Ms(x.tpot_s.p99); });
    sim("E2E p50 / p90 (s)", [](const ServingResult& x) {
      return fmt::format("{:.2f} / {:.2f}", x.e2e_s.p50, x.e2e_s.p90);
    });
    sim("E2E p99 (s)", [](const ServingResult& x) {
      return fmt::format("{:.2f}", x.e2e_s.p99);
    });
    // The arrivals set these rates: they are what was offered, served over
    // the makespan, not the most the replicas could serve.
    sim("Offered load (requests/s)", [](const ServingResult& x) {
      return fmt::format("{:.2f}", x.arrival_rate_per_s);
    });
    sim("Offered load (output tokens/s)", [](const ServingResult& x) {
      return Grouped(x.throughput_tokens_per_s);
    });
    sim("SLO attainment",
        [](const ServingResult& x) { return Percent(x.slo_attainment); });
    const auto out = [&row](std::string_view label, auto f) {
      row(label,
          [f](const Results& r, std::size_t i) { return f(r.serving[i]); });
    };
    out("Capacity per replica (requests/s)", [](const ServingOutcome& s) {
      return fmt::format("{:.2f}", s.capacity.rate_per_s);
    });
    const auto cost = [](const econ::ServingCost& c) {
      if (c.gpus <= 0 || c.usd_per_hour <= 0) return kNone;
      return fmt::format("${:.3f} / ${:.3f} ({:.0f} GPUs, {:.1f} kW)",
                         c.usd_per_million_input_tokens,
                         c.usd_per_million_output_tokens, c.gpus, c.power_kw);
    };
    out("Cost per M in / out, at load",
        [cost](const ServingOutcome& s) { return cost(s.cost_at_load); });
    out("Cost per M in / out, at capacity",
        [cost](const ServingOutcome& s) { return cost(s.cost_at_capacity); });
  });
}

void AddDemandRows(Table& t) {
  if (!t.Any([](const Results& r) { return !r.demand.empty(); })) return;
  const auto of = [](const Results& r) -> const auto& { return r.demand; };
  PerEntity(t, of, [](auto row) {
    const auto demand = [&row](std::string_view label, auto f) {
      row(label,
          [f](const Results& r, std::size_t i) { return f(r.demand[i]); });
    };
    using serving::DemandOutcome;
    // A capacity-only demand (no users, only the GPUs it may use) has no
    // requests to count: its rows say so rather than print a zero.
    demand("Demand: requests per day", [](const DemandOutcome& d) {
      return d.requests_per_day > 0 ? Grouped(d.requests_per_day) : kNone;
    });
    demand("Demand: peak / mean", [](const DemandOutcome& d) {
      return d.requests_per_day > 0 ? fmt::format("{:.2f}", d.peak_to_mean)
                                    : kNone;
    });
    demand("Replica capacity (requests/s)", [](const DemandOutcome& d) {
      return fmt::format("{:.2f}", d.replica_capacity_rate_per_s);
    });
    demand("GPUs needed at peak", [](const DemandOutcome& d) {
      if (d.requests_per_day <= 0) return kNone;
      return Grouped(static_cast<double>(d.gpus_needed_peak));
    });
    demand("GPUs needed on average", [](const DemandOutcome& d) {
      if (d.requests_per_day <= 0) return kNone;
      return Grouped(d.gpus_needed_mean);
    });
    demand("Tokens/day at full capacity", [](const DemandOutcome& d) {
      return d.gpus_available > 0
                 ? fmt::format("{:.3g}", d.tokens_per_day_at_capacity)
                 : kNone;
    });
  });
}

// The orbital rows of one shell: its make-up, then what it costs.
template <typename Row>
void AddOneShellRows(Row row) {
  const auto shell = [&row](std::string_view label, auto f) {
    row(label,
        [f](const Results& r, std::size_t i) { return f(r.orbital[i]); });
  };
  shell("Orbit: launch price ($/kg)",
        [](const OrbitalOutcome& o) { return Grouped(o.launch_usd_per_kg); });
  shell("Orbit: eclipse fraction",
        [](const OrbitalOutcome& o) { return Percent(o.eclipse_fraction); });
  shell("Orbit: mass per satellite (t)", [](const OrbitalOutcome& o) {
    return fmt::format("{:.2f}", o.mass_kg_per_satellite * 1e-3);
  });
  shell("Orbit: radiator per satellite (m2)", [](const OrbitalOutcome& o) {
    return Grouped(o.radiator_area_m2_per_satellite);
  });
  shell("Orbit: solar array per satellite (m2)", [](const OrbitalOutcome& o) {
    return Grouped(o.array_area_m2_per_satellite);
  });
  shell("Orbit: GPUs per launch",
        [](const OrbitalOutcome& o) { return Grouped(o.gpus_per_launch); });
  shell("Orbit: power per launch (MW)", [](const OrbitalOutcome& o) {
    return fmt::format("{:.2f}", o.power_per_launch_mw);
  });
  shell("Orbit: launches for the shell",
        [](const OrbitalOutcome& o) { return Grouped(o.launches); });
  shell("Orbit: days to build the shell", [](const OrbitalOutcome& o) {
    return o.build_time_days < 0 ? std::string("never")
                                 : Grouped(o.build_time_days);
  });
  shell("Orbit: working GPUs over the mission", [](const OrbitalOutcome& o) {
    return Percent(o.mission_working_fraction);
  });
  shell("Orbit: launches a year to hold it", [](const OrbitalOutcome& o) {
    return fmt::format("{:.1f}", o.steady_launches_per_year);
  });
  shell("Orbit: TTFT added by the link (ms)", [](const OrbitalOutcome& o) {
    return fmt::format("{:.1f}", o.ttft_added_ms);
  });
  shell("Orbit: GPU-hours kept (no repair)",
        [](const OrbitalOutcome& o) { return Percent(o.delivered_fraction); });
}

void AddOrbitalRows(Table& t) {
  if (!t.Any([](const Results& r) { return !r.orbital.empty(); })) return;
  const auto of = [](const Results& r) -> const auto& { return r.orbital; };
  PerEntity(t, of, [](auto row) {
    AddOneShellRows(row);
    const auto shell = [&row](std::string_view label, auto f) {
      row(label,
          [f](const Results& r, std::size_t i) { return f(r.orbital[i]); });
    };
    shell("Orbit: cost per GPU-hour", [](const OrbitalOutcome& o) {
      return fmt::format("${:.3f}", o.cost_per_gpu_hour_usd);
    });
    shell("Ground: cost per GPU-hour", [](const OrbitalOutcome& o) {
      return fmt::format("${:.3f}", o.ground_cost_per_gpu_hour_usd);
    });
    shell("Break-even launch price ($/kg)", [](const OrbitalOutcome& o) {
      return o.break_even_reachable ? Grouped(o.break_even_launch_usd_per_kg)
                                    : std::string("never");
    });
  });
}

void AddEnergyRows(Table& t) {
  if (!t.Any(HasFleet)) return;
  t.Row("Energy (MWh)",
        [](const Results& r) { return Grouped(r.fleet.energy_mwh); });
  t.Row("Peak power drawn (MW)",
        [](const Results& r) { return Grouped(r.fleet.peak_drawn_mw, 1); });
  t.Row("Peak power demanded (MW)",
        [](const Results& r) { return Grouped(r.fleet.peak_power_mw, 1); });
  if (t.Any([](const Results& r) { return r.fleet.unpowered_gpu_hours > 0; })) {
    t.Row("GPU-hours shed for lack of power", [](const Results& r) {
      return Percent(r.fleet.shed_gpu_hours_fraction);
    });
  }
  t.Row("Carbon (t CO2e)",
        [](const Results& r) { return Grouped(r.fleet.carbon_t); });
}

void AddMoneyRows(Table& t) {
  if (!t.Any(HasFleet)) return;
  t.Row("Energy cost",
        [](const Results& r) { return Usd(r.economics.energy_cost_usd); });
  t.Row("Capex", [](const Results& r) { return Usd(r.economics.capex_usd); });
  t.Row("Depreciation",
        [](const Results& r) { return Usd(r.economics.depreciation_usd); });
  t.Row("Revenue (net of credits)",
        [](const Results& r) { return Usd(r.economics.revenue_usd); });
  t.Row("Operating cash flow", [](const Results& r) {
    return Usd(r.economics.operating_cash_flow_usd);
  });
  t.Row("Cash flow after capex",
        [](const Results& r) { return Usd(r.economics.cash_flow_usd); });
  t.Row("Profit (accounting, after depreciation)",
        [](const Results& r) { return Usd(r.economics.profit_usd); });
  if (t.Any([](const Results& r) { return r.economics.training_valued; })) {
    t.Row("Training value (imputed)",
          [](const Results& r) { return Usd(r.economics.training_value_usd); });
  }
  t.Row("Terminal value (book)",
        [](const Results& r) { return Usd(r.economics.terminal_value_usd); });
  t.Row("NPV", [](const Results& r) { return Usd(r.economics.npv_usd); });
  t.Row("Cost per GPU-hour", [](const Results& r) {
    return fmt::format("${:.3f}", r.economics.cost_per_gpu_hour_usd);
  });
}

std::string Title(const std::vector<Results>& results) {
  const Results& first = results.front();
  if (!std::any_of(results.begin(), results.end(), HasFleet)) {
    return fmt::format("{}: seed {}\n", first.scenario, first.seed);
  }
  return fmt::format("{}: {} GPUs, {} days, seed {}\n", first.scenario,
                     Grouped(static_cast<double>(first.fleet.gpus)),
                     Grouped(first.horizon_s / sim::kSecondsPerDay, 1),
                     first.seed);
}

// One line per orbital shell of the first variant on its break-even, which
// the table alone leaves to arithmetic.
std::string OrbitalNotes(const Results& first) {
  std::string out;
  for (const auto& o : first.orbital) {
    const std::string who =
        first.orbital.size() > 1 ? fmt::format("Orbit ({})", o.name) : "Orbit";
    if (o.break_even_reachable) {
      out += fmt::format(
          "\n{} meets the ground at ${:.0f}/kg: below it, launch plus "
          "hardware over the {:.0f}% of GPU-hours kept without repair costs "
          "less than the ground's ${:.3f} per GPU-hour.\n",
          who, o.break_even_launch_usd_per_kg, 100 * o.delivered_fraction,
          o.ground_cost_per_gpu_hour_usd);
    } else {
      out += fmt::format(
          "\n{} never meets the ground: even with a free launch its hardware, "
          "spread over the {:.0f}% of GPU-hours kept without repair, costs "
          "${:.3f} per GPU-hour against the ground's ${:.3f}.\n",
          who, 100 * o.delivered_fraction, o.hardware_cost_per_gpu_hour_usd,
          o.ground_cost_per_gpu_hour_usd);
    }
  }
  return out;
}

}  // namespace

std::string TextTable(const std::vector<Results>& results) {
  Table table(results);
  AddFleetRows(table);
  AddLeaseRows(table);
  AddTrainingRows(table);
  AddServiceRows(table);
  AddServingRows(table);
  AddDemandRows(table);
  AddOrbitalRows(table);
  AddEnergyRows(table);
  AddMoneyRows(table);
  // A growth-only scenario has no event-level figure: no empty table then.
  const std::string event_level = table.Empty() ? "" : table.Render();
  return Title(results) + event_level + OrbitalNotes(results.front()) +
         GrowthText(results);
}

}  // namespace kardashev::report
