#include "kardashev/report/writers.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <stdexcept>

#include "kardashev/sim/time.h"

namespace kardashev::report {

namespace {

using Json = nlohmann::ordered_json;

Json VariantJson(const Results& r) {
  Json j;
  j["scenario"] = r.scenario;
  j["variant"] = r.variant;
  j["description"] = r.variant_description;
  j["seed"] = r.seed;
  j["horizon_s"] = r.horizon_s;

  const auto& f = r.fleet;
  Json by_component = Json::object();
  for (const auto& [name, count] : f.failures_by_component)
    by_component[name] = count;
  j["fleet"] = {
      {"gpus", f.gpus},
      {"gpu_hours", f.gpu_hours},
      {"utilization", f.utilization},
      {"energy_mwh", f.energy_mwh},
      {"peak_power_mw", f.peak_power_mw},
      {"failures",
       {{"total", f.failures_total}, {"by_component", by_component}}},
      {"gpu_hours_by_state",
       {{"active", f.active_gpu_hours},
        {"spare", f.spare_gpu_hours},
        {"provisioning", f.provisioning_gpu_hours},
        {"stalled", f.stalled_gpu_hours},
        {"unpowered", f.unpowered_gpu_hours},
        {"down", f.down_gpu_hours}}},
  };
  Json training = Json::array();
  for (const auto& t : r.training) {
    Json by_cause = Json::object();
    for (const auto& [cause, count] : t.by_cause) by_cause[cause] = count;
    training.push_back(
        {{"name", t.name},
         {"tenant", t.tenant},
         {"model", t.model},
         {"gpus", t.gpus},
         {"mfu", t.mfu},
         {"hfu", t.hfu},
         {"step_time_s", t.step_time_s},
         {"tokens_per_s", t.tokens_per_s},
         {"tokens_trained", t.tokens_trained},
         {"interruptions",
          {{"total", t.interruptions},
           {"unexpected", t.unexpected},
           {"planned", t.planned},
           {"by_cause", by_cause}}},
         {"ettr", t.ettr},
         // The fleet's cost per GPU-hour (opex and depreciation) times the
         // GPU-hours the job held, per million tokens it trained.
         {"cost_usd_per_million_tokens",
          t.tokens_trained > 0
              ? r.economics.cost_per_gpu_hour_usd *
                    static_cast<double>(t.gpus) *
                    (t.finished ? t.time_to_train_s : r.horizon_s) / 3600.0 /
                    t.tokens_trained * 1e6
              : 0.0},
         {"time_to_train_s", t.time_to_train_s},
         {"finished", t.finished},
         {"checkpoint_interval_s", t.checkpoint_interval_s},
         {"checkpoint_write_s", t.checkpoint_write_s},
         {"mtbi_s", t.mtbi_s},
         {"time_s",
          {{"training", t.training_s},
           {"lost_work", t.lost_work_s},
           {"checkpointing", t.checkpointing_s},
           {"restarting", t.restarting_s},
           {"waiting_for_nodes", t.waiting_s},
           {"power_throttled", t.power_throttled_s}}},
         {"placement",
          {{"min_pods", t.min_pods},
           {"max_pods_spanned", t.max_pods_spanned},
           {"pods_spanned_end", t.pods_spanned_end}}},
         {"preemptions",
          {{"total", t.preemptions},
           {"lost_work_s", t.preemption_lost_work_s},
           {"waiting_s", t.preemption_waiting_s},
           {"restart_s", t.preemption_restart_s}}}});
  }
  j["training"] = training;
  Json serving = Json::array();
  const auto pct = [](const serving::Percentiles& p) {
    return Json{{"p50", p.p50}, {"p90", p.p90}, {"p99", p.p99}};
  };
  for (const auto& sv : r.serving) {
    const auto& x = sv.result;
    serving.push_back({{"name", sv.name},
                       {"source", sv.source},
                       {"replicas", sv.replicas},
                       {"gpus_per_replica", sv.gpus_per_replica},
                       {"requests", x.requests},
                       {"rejected", x.rejected},
                       {"prompt_tokens", x.prompt_tokens},
                       {"output_tokens", x.output_tokens},
                       {"ttft_s", pct(x.ttft_s)},
                       {"tpot_s", pct(x.tpot_s)},
                       {"e2e_s", pct(x.e2e_s)},
                       {"slo_attainment", x.slo_attainment},
                       {"throughput_tokens_per_s", x.throughput_tokens_per_s},
                       {"makespan_s", x.makespan_s},
                       {"iterations", x.iterations},
                       {"preemptions", x.preemptions},
                       {"kv_cache_tokens_per_replica", x.kv_cache_tokens},
                       {"fidelity", "iteration-level replica simulation"}});
  }
  j["serving"] = serving;
  Json demand = Json::array();
  for (const auto& d : r.demand) {
    demand.push_back(
        {{"name", d.name},
         {"requests_per_day", d.requests_per_day},
         {"mean_rate_per_s", d.mean_rate_per_s},
         {"peak_rate_per_s", d.peak_rate_per_s},
         {"peak_to_mean", d.peak_to_mean},
         {"replica_capacity_rate_per_s", d.replica_capacity_rate_per_s},
         {"replicas_needed_peak", d.replicas_needed_peak},
         {"gpus_needed_peak", d.gpus_needed_peak},
         {"gpus_needed_mean", d.gpus_needed_mean},
         {"gpus_available", d.gpus_available},
         {"slo_attainment", d.slo_attainment},
         {"tokens_served_per_day", d.tokens_served_per_day},
         {"tokens_per_day_at_capacity", d.tokens_per_day_at_capacity},
         {"fidelity",
          "fleet level: per-step demand against the replica "
          "capacity from iteration-level simulation"}});
  }
  j["demand"] = demand;
  Json services = Json::array();
  for (const auto& sv : r.services) {
    services.push_back(
        {{"name", sv.name},
         {"tenant", sv.tenant},
         {"requests_demanded", sv.requests_demanded},
         {"requests_served", sv.requests_served},
         {"tokens_served", sv.tokens_served},
         {"slo_attainment", sv.slo_attainment},
         {"gpu_hours", sv.gpu_hours},
         {"peak_nodes", sv.peak_nodes},
         {"peak_gpus", sv.peak_gpus},
         {"preemptions", sv.preemptions},
         {"revenue_usd", sv.revenue_usd},
         // The fleet's cost per GPU-hour times the GPU-hours it held.
         {"cost_usd_per_million_tokens",
          sv.tokens_served > 0 ? r.economics.cost_per_gpu_hour_usd *
                                     sv.gpu_hours / sv.tokens_served * 1e6
                               : 0.0}});
  }
  j["services"] = services;
  Json leases = Json::array();
  for (const auto& l : r.leases) {
    leases.push_back(
        {{"name", l.name},
         {"tenant", l.tenant},
         {"gpus", l.gpus},
         {"revenue_usd", l.revenue_usd},
         {"availability", l.availability},
         {"sla_penalty_usd", l.sla_penalty_usd},
         {"contracted_gpu_hours", l.contracted_gpu_hours},
         {"delivered_gpu_hours", l.delivered_gpu_hours},
         {"worst_period_availability", l.worst_period_availability},
         {"billing_periods", l.periods},
         {"periods_below_sla", l.periods_below_sla},
         {"interruptions", l.interruptions},
         {"max_shortfall_gpus", l.max_shortfall_gpus}});
  }
  j["leases"] = leases;
  Json sites = Json::array();
  for (const auto& s : r.sites) {
    sites.push_back({{"name", s.name},
                     {"kind", "ground"},
                     {"power_cap_mw", s.power_cap_mw},
                     {"peak_power_mw", s.peak_power_mw},
                     {"power_capped_hours", s.power_capped_hours},
                     {"energy_mwh", s.energy_mwh},
                     {"it_energy_mwh", s.it_energy_mwh},
                     {"unmet_mwh", s.unmet_mwh},
                     {"grid_mwh", s.grid_mwh},
                     {"generation_mwh", s.generation_mwh},
                     {"curtailed_mwh", s.curtailed_mwh},
                     {"battery",
                      {{"charged_mwh", s.battery_charged_mwh},
                       {"discharged_mwh", s.battery_discharged_mwh},
                       {"start_mwh", s.battery_start_mwh},
                       {"end_mwh", s.battery_end_mwh}}},
                     {"energy_cost_usd", s.energy_cost_usd},
                     {"carbon_t", s.carbon_t}});
  }
  for (const auto& o : r.orbital) {
    Json deployment = Json::array();
    for (const auto& m : o.deployment) {
      deployment.push_back({{"end_s", m.end_s},
                            {"satellites", m.satellites},
                            {"working_gpus", m.working_gpus},
                            {"launches", m.launches}});
    }
    sites.push_back(
        {{"name", o.name},
         {"kind", "orbital"},
         {"satellites", o.satellites},
         {"gpus", o.gpus},
         {"altitude_km", o.altitude_km},
         {"eclipse_fraction", o.eclipse_fraction},
         {"it_power_w_per_satellite", o.it_power_w_per_satellite},
         {"solar_array_m2_per_satellite", o.array_area_m2_per_satellite},
         {"battery_kwh_per_satellite", o.battery_kwh_per_satellite},
         {"radiator_m2_per_satellite", o.radiator_area_m2_per_satellite},
         {"mass_kg_per_satellite", o.mass_kg_per_satellite},
         {"satellites_per_launch", o.satellites_per_launch},
         {"gpus_per_launch", o.gpus_per_launch},
         {"power_per_launch_mw", o.power_per_launch_mw},
         {"launches", o.launches},
         {"capex_usd", o.capex_usd},
         {"launch_usd_per_kg", o.launch_usd_per_kg},
         {"delivered_fraction", o.delivered_fraction},
         {"cost_per_gpu_hour_usd", o.cost_per_gpu_hour_usd},
         {"hardware_cost_per_gpu_hour_usd", o.hardware_cost_per_gpu_hour_usd},
         {"ground_site", o.ground_site},
         {"ground_cost_per_gpu_hour_usd", o.ground_cost_per_gpu_hour_usd},
         {"break_even_launch_usd_per_kg", o.break_even_launch_usd_per_kg},
         {"launches_per_year", o.launches_per_year},
         {"build_time_days", o.build_time_days},
         {"mission",
          {{"launches", o.mission_launches},
           {"launch_spend_usd", o.mission_launch_spend_usd},
           {"working_fraction", o.mission_working_fraction},
           {"working_fraction_end", o.working_fraction_end},
           {"steady_launches_per_year", o.steady_launches_per_year},
           {"launch_usd_per_kg_end", o.launch_usd_per_kg_end},
           {"months", deployment}}},
         {"ground_link",
          {{"slant_range_km", o.slant_range_km},
           {"ttft_added_ms", o.ttft_added_ms},
           {"tokens_per_s_per_satellite",
            o.link_tokens_per_s_per_satellite}}}});
  }
  j["sites"] = sites;
  Json clusters = Json::array();
  for (const auto& c : r.clusters) {
    clusters.push_back({{"name", c.name},
                        {"gpus", c.gpus},
                        {"failures", c.failures},
                        {"active_gpu_hours", c.active_gpu_hours},
                        {"spare_gpu_hours", c.spare_gpu_hours},
                        {"provisioning_gpu_hours", c.provisioning_gpu_hours},
                        {"stalled_gpu_hours", c.stalled_gpu_hours},
                        {"unpowered_gpu_hours", c.unpowered_gpu_hours},
                        {"down_gpu_hours", c.down_gpu_hours}});
  }
  j["clusters"] = clusters;
  const auto& e = r.economics;
  j["economics"] = {{"capex_usd", e.capex_usd},
                    {"depreciation_usd", e.depreciation_usd},
                    {"energy_cost_usd", e.energy_cost_usd},
                    {"opex_usd", e.opex_usd},
                    {"revenue_usd", e.revenue_usd},
                    {"profit_usd", e.profit_usd},
                    {"npv_usd", e.npv_usd},
                    {"terminal_value_usd", e.terminal_value_usd},
                    {"cost_per_gpu_hour_usd", e.cost_per_gpu_hour_usd}};
  Json ledger = Json::array();
  for (const auto& m : e.ledger) {
    ledger.push_back({{"month", m.month},
                      {"end_s", m.end_s},
                      {"capex_usd", m.capex_usd},
                      {"revenue_usd", m.revenue_usd},
                      {"sla_credit_usd", m.sla_credit_usd},
                      {"energy_cost_usd", m.energy_cost_usd},
                      {"other_opex_usd", m.other_opex_usd},
                      {"depreciation_usd", m.depreciation_usd},
                      {"cash_flow_usd", m.cash_flow_usd},
                      {"cumulative_cash_usd", m.cumulative_cash_usd},
                      {"discounted_cash_usd", m.discounted_cash_usd}});
  }
  j["economics"]["ledger"] = ledger;
  j["simulation"] = {
      {"fidelity", "event-level node failures and repairs; analytic power"},
      {"events", r.events}};
  return j;
}

// 1234567.8 -> "1,234,568".
std::string Grouped(double v, int decimals = 0) {
  const bool negative = v < 0;
  std::string digits = fmt::format("{:.{}f}", negative ? -v : v, decimals);
  const std::size_t dot = digits.find('.');
  const std::string whole = digits.substr(0, dot);
  std::string out = negative ? "-" : "";
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) out += ',';
    out += whole[i];
  }
  if (dot != std::string::npos) out += digits.substr(dot);
  return out;
}

std::string Usd(double v) {
  const double a = std::abs(v);
  if (a >= 1e9) return fmt::format("${:.3f}B", v * 1e-9);
  if (a >= 1e6) return fmt::format("${:.2f}M", v * 1e-6);
  return fmt::format("${}", Grouped(v));
}

std::string Percent(double v) { return fmt::format("{:.3f}%", v * 100.0); }

}  // namespace

Json SummaryJson(const std::vector<Results>& results) {
  if (results.size() == 1 && results.front().variant == "base") {
    return VariantJson(results.front());
  }
  Json j;
  j["scenario"] = results.front().scenario;
  j["seed"] = results.front().seed;
  j["horizon_s"] = results.front().horizon_s;
  Json variants = Json::object();
  for (const auto& r : results) variants[r.variant] = VariantJson(r);
  j["variants"] = variants;
  return j;
}

std::string TimeseriesCsv(const std::vector<Results>& results) {
  std::string out =
      "variant,time_s,gpus_up,gpus_down,gpus_active,gpus_leased_short,"
      "gpus_unpowered,power_mw,grid_power_mw,battery_mwh,energy_mwh,failures\n";
  for (const auto& r : results) {
    for (const auto& row : r.timeseries) {
      out += fmt::format(
          "{},{},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.9g}"
          ","
          "{}\n",
          r.variant, row.time_s, row.gpus_up, row.gpus_down, row.gpus_active,
          row.gpus_leased_short, row.gpus_unpowered, row.power_mw,
          row.grid_power_mw, row.battery_mwh, row.energy_mwh, row.failures);
    }
  }
  return out;
}

std::string TextTable(const std::vector<Results>& results) {
  const Results& first = results.front();
  const double years = first.horizon_s / sim::kSecondsPerYear;
  const bool any_fleet =
      std::any_of(results.begin(), results.end(),
                  [](const Results& r) { return r.fleet.gpus > 0; });
  std::string out =
      any_fleet ? fmt::format("{}: {} GPUs, {} days, seed {}\n", first.scenario,
                              Grouped(static_cast<double>(first.fleet.gpus)),
                              Grouped(first.horizon_s / sim::kSecondsPerDay, 1),
                              first.seed)
                : fmt::format("{}: seed {}\n", first.scenario, first.seed);
  // Rows are collected first, so that every column can be as wide as its widest
  // cell.
  std::vector<std::pair<std::string, std::vector<std::string>>> rows;
  const auto row = [&](std::string_view label,
                       const std::function<std::string(const Results&)>& cell) {
    std::vector<std::string> cells;
    for (const auto& r : results) cells.push_back(cell(r));
    rows.emplace_back(std::string(label), std::move(cells));
  };
  // The sum of one field over a run's leases or services.
  const auto sum_of = [](const auto& items, auto field) {
    double total = 0;
    for (const auto& x : items) total += static_cast<double>(x.*field);
    return total;
  };
  const auto sum_leases = [&](const Results& r,
                              double sched::LeaseOutcome::*field) {
    return sum_of(r.leases, field);
  };
  if (any_fleet) {
    row("GPUs", [](const Results& r) {
      return Grouped(static_cast<double>(r.fleet.gpus));
    });
    row("Utilisation (GPU-hours used)",
        [](const Results& r) { return Percent(r.fleet.utilization); });
    row("Failures (all causes)", [](const Results& r) {
      return Grouped(static_cast<double>(r.fleet.failures_total));
    });
    row("GPU-hours down in repair",
        [](const Results& r) { return Grouped(r.fleet.down_gpu_hours); });
  }
  const bool any_leases =
      std::any_of(results.begin(), results.end(),
                  [](const Results& r) { return !r.leases.empty(); });
  if (any_leases) {
    row("GPUs leased", [](const Results& r) {
      std::int64_t g = 0;
      for (const auto& l : r.leases) g += l.gpus;
      return Grouped(static_cast<double>(g));
    });
    row("Lease availability", [&](const Results& r) {
      const double contracted =
          sum_leases(r, &sched::LeaseOutcome::contracted_gpu_hours);
      if (contracted <= 0) return std::string("-");
      return Percent(sum_leases(r, &sched::LeaseOutcome::delivered_gpu_hours) /
                     contracted);
    });
    row("Lease revenue per year", [&](const Results& r) {
      return Usd(sum_leases(r, &sched::LeaseOutcome::revenue_usd) / years);
    });
    row("SLA credits", [&](const Results& r) {
      return Usd(sum_leases(r, &sched::LeaseOutcome::sla_penalty_usd));
    });
  }
  const bool any_training =
      std::any_of(results.begin(), results.end(),
                  [](const Results& r) { return !r.training.empty(); });
  if (any_training) {
    const auto job_sum = [](const Results& r, auto field) {
      double total = 0;
      for (const auto& t : r.training) total += field(t);
      return total;
    };
    row("Training GPUs", [&](const Results& r) {
      return Grouped(job_sum(
          r, [](const auto& t) { return static_cast<double>(t.gpus); }));
    });
    row("Training MFU", [](const Results& r) {
      if (r.training.empty()) return std::string("-");
      return Percent(r.training.front().mfu);
    });
    row("Tokens trained", [&](const Results& r) {
      const double tokens =
          job_sum(r, [](const auto& t) { return t.tokens_trained; });
      return tokens > 0 ? fmt::format("{:.3g}", tokens) : std::string("-");
    });
    row("Job interruptions per day", [&](const Results& r) {
      if (r.training.empty()) return std::string("-");
      const double n = job_sum(r, [](const auto& t) {
        return static_cast<double>(t.interruptions);
      });
      return fmt::format("{:.2f}", n / (r.horizon_s / sim::kSecondsPerDay));
    });
    row("Training ETTR", [](const Results& r) {
      if (r.training.empty()) return std::string("-");
      return Percent(r.training.front().ettr);
    });
    row("Checkpoint interval (min)", [](const Results& r) {
      if (r.training.empty()) return std::string("-");
      return fmt::format("{:.1f}",
                         r.training.front().checkpoint_interval_s / 60.0);
    });
  }
  if (std::any_of(results.begin(), results.end(),
                  [](const Results& r) { return !r.services.empty(); })) {
    const auto service_sum = [&](const Results& r,
                                 double sched::ServiceOutcome::*field) {
      return sum_of(r.services, field);
    };
    row("Own serving: tokens served", [&](const Results& r) {
      if (r.services.empty()) return std::string("-");
      return fmt::format("{:.3g}",
                         service_sum(r, &sched::ServiceOutcome::tokens_served));
    });
    row("Own serving: within capacity", [&](const Results& r) {
      const double demanded =
          service_sum(r, &sched::ServiceOutcome::requests_demanded);
      if (r.services.empty() || demanded <= 0) return std::string("-");
      return Percent(service_sum(r, &sched::ServiceOutcome::requests_served) /
                     demanded);
    });
    row("Own serving: peak GPUs", [&](const Results& r) {
      if (r.services.empty()) return std::string("-");
      return Grouped(sum_of(r.services, &sched::ServiceOutcome::peak_gpus));
    });
    row("Own serving: revenue", [&](const Results& r) {
      if (r.services.empty()) return std::string("-");
      return Usd(service_sum(r, &sched::ServiceOutcome::revenue_usd));
    });
    row("Own serving: cost per Mtoken", [&](const Results& r) {
      const double tokens =
          service_sum(r, &sched::ServiceOutcome::tokens_served);
      if (r.services.empty() || tokens <= 0) return std::string("-");
      return fmt::format("${:.3f}",
                         r.economics.cost_per_gpu_hour_usd *
                             service_sum(r, &sched::ServiceOutcome::gpu_hours) /
                             tokens * 1e6);
    });
    row("Training preemptions", [](const Results& r) {
      if (r.training.empty()) return std::string("-");
      std::int64_t n = 0;
      double lost_s = 0;
      for (const auto& t : r.training) {
        n += t.preemptions;
        lost_s += t.preemption_lost_work_s + t.preemption_waiting_s +
                  t.preemption_restart_s;
      }
      return fmt::format("{} ({:.1f} h lost)", n, lost_s / 3600.0);
    });
  }
  const bool any_serving =
      std::any_of(results.begin(), results.end(),
                  [](const Results& r) { return !r.serving.empty(); });
  if (any_serving) {
    const auto serving_row = [&](std::string_view label, auto cell) {
      row(label, [&](const Results& r) {
        if (r.serving.empty()) return std::string("-");
        return cell(r.serving.front().result);
      });
    };
    const auto ms = [](double s) { return fmt::format("{:.1f} ms", s * 1e3); };
    serving_row("Requests served", [](const serving::ServingResult& x) {
      return Grouped(static_cast<double>(x.requests));
    });
    serving_row("TTFT p50 / p90", [&](const serving::ServingResult& x) {
      return fmt::format("{} / {}", ms(x.ttft_s.p50), ms(x.ttft_s.p90));
    });
    serving_row("TTFT p99", [&](const serving::ServingResult& x) {
      return ms(x.ttft_s.p99);
    });
    serving_row("TPOT p50 / p90", [&](const serving::ServingResult& x) {
      return fmt::format("{} / {}", ms(x.tpot_s.p50), ms(x.tpot_s.p90));
    });
    serving_row("TPOT p99", [&](const serving::ServingResult& x) {
      return ms(x.tpot_s.p99);
    });
    serving_row("E2E p50 / p90 (s)", [](const serving::ServingResult& x) {
      return fmt::format("{:.2f} / {:.2f}", x.e2e_s.p50, x.e2e_s.p90);
    });
    serving_row("E2E p99 (s)", [](const serving::ServingResult& x) {
      return fmt::format("{:.2f}", x.e2e_s.p99);
    });
    serving_row("Throughput (tokens/s)", [](const serving::ServingResult& x) {
      return Grouped(x.throughput_tokens_per_s);
    });
    serving_row("SLO attainment", [](const serving::ServingResult& x) {
      return Percent(x.slo_attainment);
    });
  }
  const bool any_demand =
      std::any_of(results.begin(), results.end(),
                  [](const Results& r) { return !r.demand.empty(); });
  if (any_demand) {
    const auto demand_row = [&](std::string_view label, auto cell) {
      row(label, [&](const Results& r) {
        if (r.demand.empty()) return std::string("-");
        return cell(r.demand.front());
      });
    };
    demand_row("Demand: requests per day", [](const serving::DemandOutcome& d) {
      return Grouped(d.requests_per_day);
    });
    demand_row("Demand: peak / mean", [](const serving::DemandOutcome& d) {
      return fmt::format("{:.2f}", d.peak_to_mean);
    });
    demand_row("Replica capacity (requests/s)",
               [](const serving::DemandOutcome& d) {
                 return fmt::format("{:.2f}", d.replica_capacity_rate_per_s);
               });
    demand_row("GPUs needed at peak", [](const serving::DemandOutcome& d) {
      if (d.requests_per_day <= 0) return std::string("-");
      return Grouped(static_cast<double>(d.gpus_needed_peak));
    });
    demand_row("GPUs needed on average", [](const serving::DemandOutcome& d) {
      if (d.requests_per_day <= 0) return std::string("-");
      return Grouped(d.gpus_needed_mean);
    });
    demand_row(
        "Tokens/day at full capacity", [](const serving::DemandOutcome& d) {
          return d.gpus_available > 0
                     ? fmt::format("{:.3g}", d.tokens_per_day_at_capacity)
                     : std::string("-");
        });
  }
  const bool any_orbital =
      std::any_of(results.begin(), results.end(),
                  [](const Results& r) { return !r.orbital.empty(); });
  if (any_orbital) {
    const auto orbital_row = [&](std::string_view label, auto cell) {
      row(label, [&](const Results& r) {
        if (r.orbital.empty()) return std::string("-");
        return cell(r.orbital.front());
      });
    };
    using report::OrbitalOutcome;
    orbital_row("Orbit: launch price ($/kg)", [](const OrbitalOutcome& o) {
      return Grouped(o.launch_usd_per_kg);
    });
    orbital_row("Orbit: eclipse fraction", [](const OrbitalOutcome& o) {
      return Percent(o.eclipse_fraction);
    });
    orbital_row("Orbit: mass per satellite (t)", [](const OrbitalOutcome& o) {
      return fmt::format("{:.2f}", o.mass_kg_per_satellite * 1e-3);
    });
    orbital_row("Orbit: radiator per satellite (m2)",
                [](const OrbitalOutcome& o) {
                  return Grouped(o.radiator_area_m2_per_satellite);
                });
    orbital_row("Orbit: solar array per satellite (m2)",
                [](const OrbitalOutcome& o) {
                  return Grouped(o.array_area_m2_per_satellite);
                });
    orbital_row("Orbit: GPUs per launch", [](const OrbitalOutcome& o) {
      return Grouped(o.gpus_per_launch);
    });
    orbital_row("Orbit: power per launch (MW)", [](const OrbitalOutcome& o) {
      return fmt::format("{:.2f}", o.power_per_launch_mw);
    });
    orbital_row("Orbit: launches for the shell",
                [](const OrbitalOutcome& o) { return Grouped(o.launches); });
    orbital_row("Orbit: days to build the shell", [](const OrbitalOutcome& o) {
      return o.build_time_days < 0 ? std::string("never")
                                   : Grouped(o.build_time_days);
    });
    orbital_row("Orbit: working GPUs over the mission",
                [](const OrbitalOutcome& o) {
                  return Percent(o.mission_working_fraction);
                });
    orbital_row("Orbit: launches a year to hold it",
                [](const OrbitalOutcome& o) {
                  return fmt::format("{:.1f}", o.steady_launches_per_year);
                });
    orbital_row("Orbit: TTFT added by the link (ms)",
                [](const OrbitalOutcome& o) {
                  return fmt::format("{:.1f}", o.ttft_added_ms);
                });
    orbital_row(
        "Orbit: GPU-hours kept (no repair)",
        [](const OrbitalOutcome& o) { return Percent(o.delivered_fraction); });
    orbital_row("Orbit: cost per GPU-hour", [](const OrbitalOutcome& o) {
      return fmt::format("${:.3f}", o.cost_per_gpu_hour_usd);
    });
    orbital_row("Ground: cost per GPU-hour", [](const OrbitalOutcome& o) {
      return fmt::format("${:.3f}", o.ground_cost_per_gpu_hour_usd);
    });
    orbital_row("Break-even launch price ($/kg)", [](const OrbitalOutcome& o) {
      return o.break_even_launch_usd_per_kg > 0
                 ? Grouped(o.break_even_launch_usd_per_kg)
                 : std::string("never");
    });
  }
  if (any_fleet) {
    row("Energy (MWh)",
        [](const Results& r) { return Grouped(r.fleet.energy_mwh); });
    row("Peak facility power (MW)",
        [](const Results& r) { return Grouped(r.fleet.peak_power_mw, 1); });
    if (std::any_of(results.begin(), results.end(), [](const Results& r) {
          return r.fleet.unpowered_gpu_hours > 0;
        })) {
      row("GPU-hours shed for lack of power", [](const Results& r) {
        return Percent(r.fleet.gpu_hours > 0
                           ? r.fleet.unpowered_gpu_hours / r.fleet.gpu_hours
                           : 0.0);
      });
    }
    row("Carbon (t CO2e)", [](const Results& r) {
      double t = 0;
      for (const auto& s : r.sites) t += s.carbon_t;
      return Grouped(t);
    });
    row("Energy cost",
        [](const Results& r) { return Usd(r.economics.energy_cost_usd); });
    row("Capex", [](const Results& r) { return Usd(r.economics.capex_usd); });
    row("Depreciation",
        [](const Results& r) { return Usd(r.economics.depreciation_usd); });
    row("Revenue (net of credits)",
        [](const Results& r) { return Usd(r.economics.revenue_usd); });
    row("Profit", [](const Results& r) { return Usd(r.economics.profit_usd); });
    row("NPV", [](const Results& r) { return Usd(r.economics.npv_usd); });
    row("Cost per GPU-hour", [](const Results& r) {
      return fmt::format("${:.3f}", r.economics.cost_per_gpu_hour_usd);
    });
  }
  constexpr int kLabel = 34;
  std::vector<int> width(results.size(), 18);
  for (std::size_t i = 0; i < results.size(); ++i) {
    width[i] =
        std::max(width[i], static_cast<int>(results[i].variant.size()) + 2);
    for (const auto& [label, cells] : rows) {
      width[i] = std::max(width[i], static_cast<int>(cells[i].size()) + 2);
    }
  }
  out += fmt::format("{:<{}}", "", kLabel);
  for (std::size_t i = 0; i < results.size(); ++i) {
    out += fmt::format("{:>{}}", results[i].variant, width[i]);
  }
  out += "\n";
  for (const auto& [label, cells] : rows) {
    out += fmt::format("{:<{}}", label, kLabel);
    for (std::size_t i = 0; i < cells.size(); ++i) {
      out += fmt::format("{:>{}}", cells[i], width[i]);
    }
    out += "\n";
  }
  // One line on the orbital break-even, which the table alone leaves to
  // arithmetic.
  if (!first.orbital.empty()) {
    const auto& o = first.orbital.front();
    if (o.break_even_launch_usd_per_kg > 0) {
      out += fmt::format(
          "\nOrbit meets the ground at ${:.0f}/kg: below it, launch plus "
          "hardware over the {:.0f}% "
          "of GPU-hours kept without repair costs less than the ground's "
          "${:.3f} per GPU-hour.\n",
          o.break_even_launch_usd_per_kg, 100 * o.delivered_fraction,
          o.ground_cost_per_gpu_hour_usd);
    } else {
      out += fmt::format(
          "\nOrbit never meets the ground: even with a free launch its "
          "hardware, spread over "
          "the {:.0f}% of GPU-hours kept without repair, costs ${:.3f} per "
          "GPU-hour against the "
          "ground's ${:.3f}.\n",
          100 * o.delivered_fraction, o.hardware_cost_per_gpu_hour_usd,
          o.ground_cost_per_gpu_hour_usd);
    }
  }
  return out;
}

void WriteFileAtomically(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) {
      throw std::runtime_error(
          fmt::format("cannot write {}: {}", tmp, std::strerror(errno)));
    }
    out << text;
    out.flush();
    if (!out) {
      std::filesystem::remove(tmp);
      throw std::runtime_error(fmt::format("cannot write {}", tmp));
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp);
    throw std::runtime_error(
        fmt::format("cannot rename {} to {}: {}", tmp, path, ec.message()));
  }
}

void WriteRunDirectory(const std::string& dir,
                       const std::vector<Results>& results) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    throw std::runtime_error(
        fmt::format("cannot create {}: {}", dir, ec.message()));
  }
  // Render everything first, so an error cannot leave one file new and the
  // other old.
  const std::string summary = SummaryJson(results).dump(2) + "\n";
  const std::string csv = TimeseriesCsv(results);
  WriteFileAtomically(dir + "/summary.json", summary);
  WriteFileAtomically(dir + "/timeseries.csv", csv);
}

}  // namespace kardashev::report
