#include "kardashev/report/summary_json.h"

#include <cstddef>

#include "kardashev/report/growth_report.h"

namespace kardashev::report {

namespace {

using Json = nlohmann::ordered_json;

Json FleetJson(const Results& r) {
  const auto& f = r.fleet;
  Json by_component = Json::object();
  for (const auto& [name, count] : f.failures_by_component)
    by_component[name] = count;
  return {
      {"gpus", f.gpus},
      {"gpu_hours", f.gpu_hours},
      {"utilization", f.utilization},
      {"energy_mwh", f.energy_mwh},
      {"peak_power_mw", f.peak_power_mw},
      {"peak_drawn_mw", f.peak_drawn_mw},
      {"carbon_t", f.carbon_t},
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
}

Json RestartJson(const training::RestartBreakdown& b) {
  return {{"detection", b.detection_s},
          {"rescheduling", b.rescheduling_s},
          {"state_load", b.state_load_s},
          {"warmup", b.warmup_s},
          {"total", b.total_s()}};
}

// Each part of the job's existence as a share of it (GPU time in replica and
// elastic modes).
Json TimeShareJson(const training::TrainingOutcome& t) {
  const training::TimeShares f = training::TimeSharesOf(t);
  return {{"training", f.training},
          {"lost_work", f.lost_work},
          {"checkpointing", f.checkpointing},
          {"restarting", f.restarting},
          {"waiting_for_nodes", f.waiting},
          {"power_throttled", f.power_throttled}};
}

Json FaultToleranceJson(const training::TrainingOutcome& t) {
  static constexpr const char* kModes[] = {"gang", "replica", "elastic"};
  return {{"mode", kModes[static_cast<int>(t.fault_tolerance)]},
          {"recovery", t.recovery},
          {"checkpoint", t.memory_checkpoint ? "memory" : "storage"},
          {"failure_domains", t.domains},
          {"job_restarts", t.job_restarts},
          {"group_rejoins", t.group_rejoins},
          {"mean_width", t.mean_width},
          {"reduced_width_share", t.reduced_width_share},
          {"restart_s", RestartJson(t.restart)},
          {"rejoin_s", RestartJson(t.rejoin)},
          {"restarting_s",
           {{"job", t.restarting_job_s}, {"rejoin", t.restarting_rejoin_s}}}};
}

Json TrainingJobJson(const training::TrainingOutcome& t,
                     const TrainingFigures& fig) {
  Json by_cause = Json::object();
  for (const auto& [cause, count] : t.by_cause) by_cause[cause] = count;
  return {{"name", t.name},
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
          {"cost_usd_per_million_tokens", fig.cost_usd_per_million_tokens},
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
            {"restart_s", t.preemption_restart_s}}},
          {"time_share", TimeShareJson(t)},
          {"fault_tolerance", FaultToleranceJson(t)}};
}

// The step-time model of a job's plan: where a step's time goes, and the
// memory each GPU holds.
Json StepJson(const perf::TrainingStep& s) {
  const auto& m = s.memory;
  return {{"time_s", s.step_time_s},
          {"micro_batches", s.micro_batches},
          {"tokens", s.tokens_per_step},
          {"compute_s",
           {{"gemm", s.gemm_s},
            {"attention", s.attention_s},
            {"elementwise", s.elementwise_s},
            {"recompute", s.recompute_s},
            {"optimizer", s.optimizer_s},
            {"framework", s.framework_s}}},
          {"exposed_comm_s",
           {{"tp", s.tp_comm_exposed_s},
            {"cp", s.cp_comm_exposed_s},
            {"ep", s.ep_comm_exposed_s},
            {"pp", s.pp_comm_exposed_s},
            {"dp", s.dp_comm_exposed_s}}},
          {"bubble_s", s.bubble_s},
          {"bubble_fraction", s.bubble_fraction},
          {"memory_per_gpu_bytes",
           {{"weights", m.weights_bytes},
            {"gradients", m.gradients_bytes},
            {"optimizer", m.optimizer_bytes},
            {"activations", m.activations_bytes},
            {"total", m.total_bytes},
            {"capacity", m.capacity_bytes}}}};
}

Json TrainingJson(const Results& r) {
  Json training = Json::array();
  for (std::size_t i = 0; i < r.training.size(); ++i) {
    Json job = TrainingJobJson(r.training[i], r.training_figures.at(i));
    if (i < r.training_steps.size())
      job["step"] = StepJson(r.training_steps[i]);
    training.push_back(std::move(job));
  }
  return training;
}

Json ServingJson(const Results& r) {
  Json serving = Json::array();
  const auto pct = [](const serving::Percentiles& p) {
    return Json{{"p50", p.p50}, {"p90", p.p90}, {"p99", p.p99}};
  };
  const auto cost = [](const econ::ServingCost& c) {
    return Json{
        {"gpus", c.gpus},
        {"power_kw", c.power_kw},
        {"usd_per_hour", c.usd_per_hour},
        {"usd_per_million_input_tokens", c.usd_per_million_input_tokens},
        {"usd_per_million_output_tokens", c.usd_per_million_output_tokens}};
  };
  for (const auto& sv : r.serving) {
    const auto& x = sv.result;
    serving.push_back(
        {{"name", sv.name},
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
         {"cached_prompt_tokens", x.cached_prompt_tokens},
         {"gpu_s",
          {{"busy", x.busy_gpu_s},
           {"idle", x.idle_gpu_s},
           {"prefill_pool_busy", x.prefill_busy_gpu_s},
           {"prefill_pool_idle", x.prefill_idle_gpu_s},
           {"prefill_phase", x.prefill_phase_gpu_s},
           {"decode_phase", x.decode_phase_gpu_s}}},
         {"capacity_rate_per_s", sv.capacity.rate_per_s},
         {"capacity_bound_per_s", sv.capacity.bound_per_s},
         {"capacity_at_bound", sv.capacity.at_bound},
         {"capacity_trial_requests", sv.capacity.trial_requests},
         {"cost",
          {{"node", sv.price.node},
           {"gpu_hour_capex_usd", sv.price.capex_usd_per_gpu_hour},
           {"gpu_hour_usd", sv.price.BusyUsdPerGpuHour()},
           {"at_load", cost(sv.cost_at_load)},
           {"at_capacity", cost(sv.cost_at_capacity)}}},
         {"fidelity", "iteration-level replica simulation"}});
  }
  return serving;
}

Json DemandJson(const Results& r) {
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
  return demand;
}

Json ServicesJson(const Results& r) {
  Json services = Json::array();
  for (std::size_t i = 0; i < r.services.size(); ++i) {
    const auto& sv = r.services[i];
    services.push_back({{"name", sv.name},
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
                        {"cost_usd_per_million_tokens",
                         r.service_figures.at(i).cost_usd_per_million_tokens}});
  }
  return services;
}

Json LeasesJson(const Results& r) {
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
  return leases;
}

void AddGroundSites(const Results& r, Json& sites) {
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
}

void AddOrbitalSites(const Results& r, Json& sites) {
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
         {"break_even_reachable", o.break_even_reachable},
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
}

Json ClustersJson(const Results& r) {
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
  return clusters;
}

Json EconomicsJson(const Results& r) {
  const auto& e = r.economics;
  Json j = {{"capex_usd", e.capex_usd},
            {"depreciation_usd", e.depreciation_usd},
            {"energy_cost_usd", e.energy_cost_usd},
            {"opex_usd", e.opex_usd},
            {"revenue_usd", e.revenue_usd},
            {"profit_usd", e.profit_usd},
            {"operating_cash_flow_usd", e.operating_cash_flow_usd},
            {"cash_flow_usd", e.cash_flow_usd},
            {"training_value_usd", e.training_value_usd},
            {"value_adjusted_profit_usd", e.value_adjusted_profit_usd},
            {"npv_usd", e.npv_usd},
            {"cash_npv_usd", e.cash_npv_usd},
            {"terminal_value_usd", e.terminal_value_usd},
            {"cost_per_gpu_hour_usd", e.cost_per_gpu_hour_usd}};
  Json ledger = Json::array();
  for (const auto& m : e.ledger) {
    ledger.push_back(
        {{"month", m.month},
         {"end_s", m.end_s},
         {"capex_usd", m.capex_usd},
         {"revenue_usd", m.revenue_usd},
         {"sla_credit_usd", m.sla_credit_usd},
         {"energy_cost_usd", m.energy_cost_usd},
         {"other_opex_usd", m.other_opex_usd},
         {"depreciation_usd", m.depreciation_usd},
         {"cash_flow_usd", m.cash_flow_usd},
         {"cumulative_cash_usd", m.cumulative_cash_usd},
         {"discounted_cash_usd", m.discounted_cash_usd},
         {"training_value_usd", m.training_value_usd},
         {"discounted_training_value_usd", m.discounted_training_value_usd}});
  }
  j["ledger"] = ledger;
  return j;
}

}  // namespace

Json VariantJson(const Results& r) {
  Json j;
  j["scenario"] = r.scenario;
  j["variant"] = r.variant;
  j["description"] = r.variant_description;
  j["seed"] = r.seed;
  j["horizon_s"] = r.horizon_s;
  j["fleet"] = FleetJson(r);
  j["training"] = TrainingJson(r);
  j["serving"] = ServingJson(r);
  j["demand"] = DemandJson(r);
  j["services"] = ServicesJson(r);
  j["leases"] = LeasesJson(r);
  Json sites = Json::array();
  AddGroundSites(r, sites);
  AddOrbitalSites(r, sites);
  j["sites"] = sites;
  j["clusters"] = ClustersJson(r);
  j["economics"] = EconomicsJson(r);
  j["simulation"] = {
      {"fidelity", "event-level node failures and repairs; analytic power"},
      {"events", r.events}};
  if (r.growth) j["growth"] = GrowthJson(*r.growth);
  return j;
}

Json SummaryJson(const std::vector<Results>& results) {
  Json j;
  j["scenario"] = results.front().scenario;
  j["seed"] = results.front().seed;
  j["horizon_s"] = results.front().horizon_s;
  Json variants = Json::array();
  for (const auto& r : results) variants.push_back(VariantJson(r));
  j["variants"] = variants;
  return j;
}

}  // namespace kardashev::report
