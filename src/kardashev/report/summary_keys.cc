// The declaration of every summary.json key (SummaryJsonKeys() of
// output_reference.h), one block of the variant object per function, in the
// order summary_json.cc writes them.
#include <initializer_list>

#include "kardashev/report/output_reference.h"
#include "kardashev/report/summary_key_blocks.h"

namespace kardashev::report {

namespace {

using enum OutputKind;
using summary_keys::Add;

void AddTop(std::vector<OutputKey>& out) {
  Add(out, "",
      {
          {"scenario", "-", kLabel, "Scenario name."},
          {"seed", "-", kSetting, "Seed of every random stream."},
          {"horizon_s", "s", kSetting, "Simulated time."},
      });
  Add(out, "variants[].",
      {
          {"scenario", "-", kLabel, "Scenario name."},
          {"variant", "-", kLabel, "Variant name (`base` without variants)."},
          {"description", "-", kLabel, "What the variant changes."},
          {"seed", "-", kSetting, "Seed of every random stream."},
          {"horizon_s", "s", kSetting, "Simulated time."},
      });
}

void AddFleet(std::vector<OutputKey>& out) {
  Add(out, "variants[].fleet.",
      {
          {"gpus", "GPUs", kSetting, "GPUs installed in the clusters."},
          {"gpu_hours", "GPU-hours", kHorizonTotal,
           "Installed: GPUs x horizon."},
          {"utilization", "1", kHorizonFigure,
           "Active GPU-hours / installed GPU-hours."},
          {"energy_mwh", "MWh", kHorizonTotal, "Facility energy served."},
          {"peak_power_mw", "MW", kHorizonFigure,
           "Sum over sites of the highest facility power demanded; may exceed "
           "what a site's supply could serve."},
          {"peak_drawn_mw", "MW", kHorizonFigure,
           "Sum over sites of the highest facility power served (drawn)."},
          {"carbon_t", "t CO2e", kHorizonTotal, "Sum over sites."},
          {"failures.total", "count", kHorizonTotal, "Node failures."},
          {"failures.by_component.*", "count", kHorizonTotal,
           "Node failures by failure category."},
      });
  Add(out, "variants[].fleet.gpu_hours_by_state.",
      {
          {"active", "GPU-hours", kHorizonTotal,
           "Working for a lease, a training job or a service."},
          {"spare", "GPU-hours", kHorizonTotal, "Up and idle."},
          {"provisioning", "GPU-hours", kHorizonTotal,
           "Being swapped in or restarted."},
          {"stalled", "GPU-hours", kHorizonTotal,
           "Held by a job waiting for a whole gang."},
          {"unpowered", "GPU-hours", kHorizonTotal, "Shed for lack of power."},
          {"down", "GPU-hours", kHorizonTotal, "Failed, in repair."},
      });
}

void AddServing(std::vector<OutputKey>& out) {
  Add(out, "variants[].serving[].",
      {
          {"name", "-", kLabel, "Deployment name."},
          {"source", "-", kLabel,
           "The trace, or the synthetic arrival process."},
          {"replicas", "count", kSetting, "Replicas simulated."},
          {"gpus_per_replica", "GPUs", kSetting, "GPUs per replica."},
          {"requests", "requests", kHorizonTotal, "Requests completed."},
          {"rejected", "requests", kHorizonTotal, "Requests refused."},
          {"prompt_tokens", "tokens", kHorizonTotal, "Prompt tokens."},
          {"output_tokens", "tokens", kHorizonTotal, "Output tokens."},
      });
  for (std::string_view m : {"ttft_s", "tpot_s", "e2e_s"}) {
    const std::string prefix = "variants[].serving[]." + std::string(m) + ".";
    const std::string_view what = m == "ttft_s"   ? "Time to first token."
                                  : m == "tpot_s" ? "Time per output token."
                                                  : "Request end to end.";
    Add(out, prefix,
        {{"p50", "s", kHorizonFigure, what},
         {"p90", "s", kHorizonFigure, what},
         {"p99", "s", kHorizonFigure, what}});
  }
  Add(out, "variants[].serving[].",
      {
          {"slo_attainment", "1", kHorizonFigure,
           "Share of requests within the latency SLO."},
          {"throughput_tokens_per_s", "tokens/s", kRate,
           "Output tokens / makespan; for a trace, the offered load unless the "
           "replicas fall behind."},
          {"makespan_s", "s", kHorizonFigure,
           "First arrival to last completion."},
          {"iterations", "count", kHorizonTotal, "Batch steps simulated."},
          {"preemptions", "count", kHorizonTotal,
           "Requests preempted (KV full)."},
          {"kv_cache_tokens_per_replica", "tokens", kSetting, "KV cache size."},
          {"cached_prompt_tokens", "tokens", kHorizonTotal,
           "Of prompt_tokens, prefix-cache hits (not prefilled)."},
          {"gpu_s.busy", "GPU-s", kHorizonTotal,
           "Inside iterations, both pools."},
          {"gpu_s.idle", "GPU-s", kHorizonTotal,
           "Between iterations, both pools."},
          {"gpu_s.prefill_pool_busy", "GPU-s", kHorizonTotal,
           "Of busy, on prefill-only replicas (disaggregation)."},
          {"gpu_s.prefill_pool_idle", "GPU-s", kHorizonTotal,
           "Of idle, on prefill-only replicas (disaggregation)."},
          {"gpu_s.prefill_phase", "GPU-s", kHorizonTotal,
           "Of busy, prompt work (a mixed iteration split by token share)."},
          {"gpu_s.decode_phase", "GPU-s", kHorizonTotal,
           "Of busy, decode work (a mixed iteration split by token share)."},
          {"capacity_rate_per_s", "requests/s", kRate,
           "One replica (with its prefill replicas) within the SLO: on the "
           "trace time-scaled when it replays one (mean rate over the "
           "replayed span, servable requests), else on its synthetic "
           "arrivals."},
          {"capacity_bound_per_s", "requests/s", kSetting,
           "The roofline bound of one replica's capacity: a rate no "
           "configuration of it can sustain."},
          {"capacity_at_bound", "-", kLabel,
           "Whether the capacity is the bound itself (the bound met the "
           "SLO)."},
          {"capacity_trial_requests", "requests", kSetting,
           "Requests per capacity trial: at least four times what the "
           "replica holds at once (steady state)."},
          {"cost.node", "-", kLabel,
           "The catalog node whose share of price and power is costed; \"\" "
           "when no node holds the GPU (then nothing is costed)."},
          {"cost.gpu_hour_capex_usd", "USD", kSetting,
           "GPU and host share depreciated over gpu_depreciation_years, per "
           "GPU-hour."},
          {"cost.gpu_hour_usd", "USD", kSetting,
           "One GPU-hour at full load by the one GPU-hour rule: capital, "
           "power at TDP x PUE at the first site's price (or PUE 1.44 and "
           "80.6 USD/MWh without a site), other opex. The same as `search "
           "serving` charges."},
      });
  for (std::string_view at : {"at_load", "at_capacity"}) {
    const std::string prefix =
        "variants[].serving[].cost." + std::string(at) + ".";
    const std::string_view where =
        at == "at_load" ? "At the observed load (the replay, all replicas)."
                        : "At the capacity rate (one replica and its prefill "
                          "replicas).";
    Add(out, prefix,
        {{"gpus", "GPUs", kSetting, where},
         {"power_kw", "kW", kHorizonFigure,
          "Mean facility power (PUE 1.44, figures.csv D15)."},
         {"usd_per_hour", "USD/h", kRate,
          "Depreciation and energy (USD 80.6/MWh, figures.csv F11)."},
         {"usd_per_million_input_tokens", "USD", kHorizonFigure,
          "Prefill share of the cost per million prompt tokens."},
         {"usd_per_million_output_tokens", "USD", kHorizonFigure,
          "Decode share of the cost per million output tokens."}});
  }
  Add(out, "variants[].serving[].",
      {
          {"fidelity", "-", kLabel, "The level that produced these figures."},
      });
}

void AddDemand(std::vector<OutputKey>& out) {
  Add(out, "variants[].demand[].",
      {
          {"name", "-", kLabel, "Demand name."},
          {"requests_per_day", "requests", kRate, "Per day, on average."},
          {"mean_rate_per_s", "requests/s", kRate, "Mean arrival rate."},
          {"peak_rate_per_s", "requests/s", kRate, "Peak arrival rate."},
          {"peak_to_mean", "1", kHorizonFigure, "Peak rate / mean rate."},
          {"replica_capacity_rate_per_s", "requests/s", kRate,
           "What one replica serves within the SLO."},
          {"replicas_needed_peak", "count", kHorizonFigure, "At the peak."},
          {"gpus_needed_peak", "GPUs", kHorizonFigure, "At the peak."},
          {"gpus_needed_mean", "GPUs", kHorizonFigure, "On average."},
          {"gpus_available", "GPUs", kSetting,
           "GPUs of the lease it runs on (0: none given)."},
          {"slo_attainment", "1", kHorizonFigure,
           "Share of requests the available GPUs serve within the SLO."},
          {"tokens_served_per_day", "tokens", kRate, "Per day, on average."},
          {"tokens_per_day_at_capacity", "tokens", kRate,
           "Per day, with every available GPU busy."},
          {"fidelity", "-", kLabel, "The level that produced these figures."},
      });
}

void AddServices(std::vector<OutputKey>& out) {
  Add(out, "variants[].services[].",
      {
          {"name", "-", kLabel, "Service name."},
          {"tenant", "-", kLabel, "Tenant that runs the service."},
          {"requests_demanded", "requests", kHorizonTotal, "Demanded."},
          {"requests_served", "requests", kHorizonTotal,
           "Within the capacity of the replicas held."},
          {"tokens_served", "tokens", kHorizonTotal, "Output tokens served."},
          {"slo_attainment", "1", kHorizonFigure, "Served / demanded."},
          {"gpu_hours", "GPU-hours", kHorizonTotal, "Held while working."},
          {"peak_nodes", "nodes", kHorizonFigure, "The most its demand asked."},
          {"peak_gpus", "GPUs", kHorizonFigure, "The most its demand asked."},
          {"preemptions", "count", kHorizonTotal,
           "Training jobs it preempted."},
          {"revenue_usd", "USD", kHorizonTotal, "Revenue."},
          {"cost_usd_per_million_tokens", "USD", kHorizonFigure,
           "Fleet cost per GPU-hour x GPU-hours held / million tokens served."},
      });
}

void AddLeases(std::vector<OutputKey>& out) {
  Add(out, "variants[].leases[].",
      {
          {"name", "-", kLabel, "Lease name."},
          {"tenant", "-", kLabel, "Tenant holding the lease."},
          {"gpus", "GPUs", kSetting, "GPUs contracted."},
          {"revenue_usd", "USD", kHorizonTotal,
           "Billed: contracted GPU-hours x price, before SLA credits."},
          {"availability", "1", kHorizonFigure,
           "Delivered GPU-hours / contracted GPU-hours."},
          {"sla_penalty_usd", "USD", kHorizonTotal,
           "SLA credits for billing periods below the SLA."},
          {"contracted_gpu_hours", "GPU-hours", kHorizonTotal, "Contracted."},
          {"delivered_gpu_hours", "GPU-hours", kHorizonTotal, "Delivered."},
          {"worst_period_availability", "1", kHorizonFigure,
           "The lowest availability of a billing period."},
          {"billing_periods", "count", kHorizonTotal,
           "Billing periods closed."},
          {"periods_below_sla", "count", kHorizonTotal,
           "Billing periods below the SLA (each with a credit)."},
          {"interruptions", "count", kHorizonTotal,
           "Leased nodes lost to failures."},
          {"max_shortfall_gpus", "GPUs", kHorizonFigure,
           "The most GPUs owed but missing at once."},
      });
}

void AddGroundSites(std::vector<OutputKey>& out) {
  Add(out, "variants[].sites[].",
      {
          {"name", "-", kLabel, "Site name."},
          {"kind", "-", kLabel, "`ground` or `orbital`."},
          {"power_cap_mw", "MW", kSetting, "Grid import cap (ground)."},
          {"peak_power_mw", "MW", kHorizonFigure,
           "Highest facility power demanded (ground)."},
          {"power_capped_hours", "h", kHorizonTotal,
           "Time with demand no source could serve (ground)."},
          {"energy_mwh", "MWh", kHorizonTotal,
           "Facility energy served (ground)."},
          {"it_energy_mwh", "MWh", kHorizonTotal, "IT energy (ground)."},
          {"unmet_mwh", "MWh", kHorizonTotal,
           "Energy demanded but shed (ground)."},
          {"grid_mwh", "MWh", kHorizonTotal,
           "Imported, to the facility and the battery (ground)."},
          {"generation_mwh", "MWh", kHorizonTotal,
           "Generated on site and used (ground)."},
          {"curtailed_mwh", "MWh", kHorizonTotal,
           "Generation available but not used (ground)."},
          {"battery.charged_mwh", "MWh", kHorizonTotal,
           "Drawn into the battery (ground)."},
          {"battery.discharged_mwh", "MWh", kHorizonTotal,
           "Delivered by the battery (ground)."},
          {"battery.start_mwh", "MWh", kSetting,
           "Stored at the start (ground)."},
          {"battery.end_mwh", "MWh", kHorizonFigure,
           "Stored at the end of the horizon (ground)."},
          {"energy_cost_usd", "USD", kHorizonTotal,
           "Grid at its hourly price, plus generation (ground)."},
          {"carbon_t", "t CO2e", kHorizonTotal, "Emissions (ground)."},
      });
}

void AddOrbitalSites(std::vector<OutputKey>& out) {
  Add(out, "variants[].sites[].",
      {
          {"satellites", "count", kSetting,
           "Satellites in the shell (orbital)."},
          {"gpus", "GPUs", kSetting, "GPUs in the shell (orbital)."},
          {"altitude_km", "km", kSetting, "Orbit altitude (orbital)."},
          {"eclipse_fraction", "1", kSetting,
           "Share of the orbit in the Earth's shadow (orbital)."},
          {"it_power_w_per_satellite", "W", kSetting, "IT power (orbital)."},
          {"solar_array_m2_per_satellite", "m2", kSetting,
           "Solar array, sized at end of life (orbital)."},
          {"battery_kwh_per_satellite", "kWh", kSetting,
           "Eclipse battery (orbital)."},
          {"radiator_m2_per_satellite", "m2", kSetting, "Radiator (orbital)."},
          {"mass_kg_per_satellite", "kg", kSetting, "Mass (orbital)."},
          {"satellites_per_launch", "count", kSetting, "Per launch (orbital)."},
          {"gpus_per_launch", "GPUs", kSetting, "Per launch (orbital)."},
          {"power_per_launch_mw", "MW", kSetting, "IT power (orbital)."},
          {"launches", "count", kSetting, "To build the shell (orbital)."},
          {"capex_usd", "USD", kSetting,
           "Hardware and launches, whole shell (orbital)."},
          {"launch_usd_per_kg", "USD/kg", kSetting, "Launch price (orbital)."},
          {"delivered_fraction", "1", kHorizonFigure,
           "GPU-hours delivered / GPU-hours if none failed (orbital)."},
          {"cost_per_gpu_hour_usd", "USD", kHorizonFigure,
           "Cost per GPU-hour in orbit (orbital)."},
          {"hardware_cost_per_gpu_hour_usd", "USD", kHorizonFigure,
           "The same at a free launch (orbital)."},
          {"ground_site", "-", kLabel, "The ground site compared (orbital)."},
          {"ground_cost_per_gpu_hour_usd", "USD", kHorizonFigure,
           "Cost per GPU-hour on the ground (orbital)."},
          {"break_even_launch_usd_per_kg", "USD/kg", kHorizonFigure,
           "Launch price at which orbit meets the ground; 0 when "
           "break_even_reachable is false."},
          {"break_even_reachable", "-", kLabel,
           "false when no launch price, even a free launch, makes orbit "
           "cost what the ground does (the hardware alone costs more); "
           "break_even_launch_usd_per_kg is then 0 (orbital)."},
          {"launches_per_year", "launches/year", kRate, "Cadence (orbital)."},
          {"build_time_days", "days", kHorizonFigure,
           "To build the shell; -1: not within the mission (orbital)."},
      });
  Add(out, "variants[].sites[].mission.",
      {
          {"launches", "count", kHorizonTotal, "Over the mission (orbital)."},
          {"launch_spend_usd", "USD", kHorizonTotal, "Over the mission."},
          {"working_fraction", "1", kHorizonFigure,
           "Mean working GPUs / shell GPUs over the mission."},
          {"working_fraction_end", "1", kHorizonFigure,
           "At the mission's end."},
          {"steady_launches_per_year", "launches/year", kRate,
           "To hold the built shell."},
          {"launch_usd_per_kg_end", "USD/kg", kHorizonFigure,
           "Launch price at the mission's end."},
          {"months[].end_s", "s", kLabel, "End of the month."},
          {"months[].satellites", "count", kStepEnd, "In orbit."},
          {"months[].working_gpus", "GPUs", kStepEnd, "Working."},
          {"months[].launches", "count", kMonthTotal, "In the month."},
      });
  Add(out, "variants[].sites[].ground_link.",
      {
          {"slant_range_km", "km", kSetting, "At the lowest elevation."},
          {"ttft_added_ms", "ms", kSetting,
           "Up and down, at the longest range."},
          {"tokens_per_s_per_satellite", "tokens/s", kRate,
           "Link capacity; 0: not modelled."},
      });
}

void AddClusters(std::vector<OutputKey>& out) {
  Add(out, "variants[].clusters[].",
      {
          {"name", "-", kLabel, "Cluster name."},
          {"gpus", "GPUs", kSetting, "GPUs installed."},
          {"failures", "count", kHorizonTotal, "Node failures."},
          {"active_gpu_hours", "GPU-hours", kHorizonTotal, "Working."},
          {"spare_gpu_hours", "GPU-hours", kHorizonTotal, "Up and idle."},
          {"provisioning_gpu_hours", "GPU-hours", kHorizonTotal,
           "Being swapped in or restarted."},
          {"stalled_gpu_hours", "GPU-hours", kHorizonTotal,
           "Held by a job waiting for a whole gang."},
          {"unpowered_gpu_hours", "GPU-hours", kHorizonTotal,
           "Shed for lack of power."},
          {"down_gpu_hours", "GPU-hours", kHorizonTotal, "Failed, in repair."},
      });
}

void AddEconomics(std::vector<OutputKey>& out) {
  Add(out, "variants[].economics.",
      {
          {"capex_usd", "USD", kHorizonTotal, "Capital spent."},
          {"depreciation_usd", "USD", kHorizonTotal, "Straight-line."},
          {"energy_cost_usd", "USD", kHorizonTotal, "Energy."},
          {"opex_usd", "USD", kHorizonTotal,
           "Operating cost, energy included."},
          {"revenue_usd", "USD", kHorizonTotal,
           "Cash: net of SLA credits; no training value."},
          {"profit_usd", "USD", kHorizonTotal,
           "Accounting profit: revenue - opex - depreciation (depreciation "
           "is not cash); no training value."},
          {"operating_cash_flow_usd", "USD", kHorizonTotal,
           "Cash: revenue - opex, before capex; no training value."},
          {"cash_flow_usd", "USD", kHorizonTotal,
           "Cash: operating cash flow - capex; the ledger's cash flows sum to "
           "it."},
          {"training_value_usd", "USD", kHorizonTotal,
           "Imputed, not cash: the value the scenario states for its "
           "training output (value_usd_per_million_tokens or "
           "value_usd_per_run); 0 when no job is valued."},
          {"value_adjusted_profit_usd", "USD", kHorizonTotal,
           "Profit plus the imputed training value."},
          {"npv_usd", "USD", kHorizonTotal,
           "Net present value: discounted cash flows, imputed training "
           "value and terminal value."},
          {"cash_npv_usd", "USD", kHorizonTotal,
           "NPV without the imputed training value (cash and terminal "
           "value)."},
          {"terminal_value_usd", "USD", kHorizonFigure,
           "Book value left at the horizon, in the NPV."},
          {"cost_per_gpu_hour_usd", "USD", kHorizonFigure,
           "Opex and depreciation per installed GPU-hour."},
      });
  Add(out, "variants[].economics.ledger[].",
      {
          {"month", "-", kLabel, "Month number, from 1."},
          {"end_s", "s", kLabel, "End of the month."},
          {"capex_usd", "USD", kMonthTotal, "Capital spent."},
          {"revenue_usd", "USD", kMonthTotal, "Billed, before SLA credits."},
          {"sla_credit_usd", "USD", kMonthTotal, "SLA credits."},
          {"energy_cost_usd", "USD", kMonthTotal, "Energy."},
          {"other_opex_usd", "USD", kMonthTotal, "Other operating cost."},
          {"depreciation_usd", "USD", kMonthTotal, "Depreciation."},
          {"cash_flow_usd", "USD", kMonthTotal, "Net cash flow."},
          {"cumulative_cash_usd", "USD", kRunningTotal, "Cash flow so far."},
          {"discounted_cash_usd", "USD", kMonthTotal,
           "The month's cash flow, discounted: its part of the NPV."},
          {"training_value_usd", "USD", kMonthTotal,
           "Imputed training value, not in cash_flow_usd."},
          {"discounted_training_value_usd", "USD", kMonthTotal,
           "The month's training value, discounted: its part of the NPV."},
      });
  Add(out, "variants[].simulation.",
      {
          {"fidelity", "-", kLabel, "The level that produced these figures."},
          {"events", "count", kHorizonTotal, "Events the loop ran."},
      });
}

}  // namespace

std::vector<OutputKey> SummaryJsonKeys() {
  std::vector<OutputKey> out;
  AddTop(out);
  AddFleet(out);
  summary_keys::AddTraining(out);
  summary_keys::AddTrainingStep(out);
  AddServing(out);
  AddDemand(out);
  AddServices(out);
  AddLeases(out);
  AddGroundSites(out);
  AddOrbitalSites(out);
  AddClusters(out);
  AddEconomics(out);
  summary_keys::AddGrowth(out);
  return out;
}

}  // namespace kardashev::report
