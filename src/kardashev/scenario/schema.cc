#include "kardashev/scenario/schema.h"

#include <fmt/format.h>

#include <limits>

namespace kardashev::scenario {

namespace {

// Builders that keep the declarations below one line of intent each.
KeyDecl Str(std::string_view name, std::string_view meaning) {
  KeyDecl k;
  k.name = name;
  k.type = KeyType::kString;
  k.meaning = meaning;
  return k;
}
KeyDecl Num(std::string_view name, std::string_view unit,
            std::string_view meaning) {
  KeyDecl k;
  k.name = name;
  k.type = KeyType::kNumber;
  k.unit = unit;
  k.meaning = meaning;
  return k;
}
KeyDecl Int(std::string_view name, std::string_view unit,
            std::string_view meaning) {
  KeyDecl k = Num(name, unit, meaning);
  k.type = KeyType::kInteger;
  return k;
}
KeyDecl Bool(std::string_view name, bool def, std::string_view meaning) {
  KeyDecl k;
  k.name = name;
  k.type = KeyType::kBoolean;
  k.default_value = def;
  k.meaning = meaning;
  return k;
}
// A list of numbers of `length` entries, each in [min, max]; optional.
KeyDecl NumList(std::string_view name, std::string_view unit,
                std::size_t length, double min, double max,
                std::string_view meaning) {
  KeyDecl k = Num(name, unit, meaning);
  k.type = KeyType::kNumberList;
  k.list_length = length;
  k.min = min;
  k.max = max;
  k.default_value = std::string_view("[]");
  return k;
}
KeyDecl Default(KeyDecl k, double v) {
  k.default_value = v;
  return k;
}
KeyDecl DefaultInt(KeyDecl k, std::int64_t v) {
  k.default_value = v;
  return k;
}
KeyDecl DefaultStr(KeyDecl k, std::string_view v) {
  k.default_value = v;
  return k;
}
KeyDecl Range(KeyDecl k, std::optional<double> min, std::optional<double> max,
              bool min_exclusive = false) {
  k.min = min;
  k.max = max;
  k.min_exclusive = min_exclusive;
  return k;
}
KeyDecl Choices(KeyDecl k, std::vector<std::string_view> choices) {
  k.choices = std::move(choices);
  return k;
}

std::string FormatNumber(double v) {
  if (v == std::numeric_limits<double>::infinity()) return "inf";
  return fmt::format("{}", v);
}

}  // namespace

std::string KeyDecl::Expectation() const {
  std::string what;
  switch (type) {
    case KeyType::kInteger:
      what = "an integer";
      break;
    case KeyType::kNumber:
      what = "a number";
      break;
    case KeyType::kString:
      what = "a string";
      break;
    case KeyType::kBoolean:
      return "true or false";
    case KeyType::kStringList:
      return "a list of strings";
    case KeyType::kNumberList:
      what = list_length > 0 ? fmt::format("a list of {} numbers", list_length)
                             : std::string("a list of numbers");
      break;
    case KeyType::kOverrides:
      return "a table of \"key.path\" = value overrides";
  }
  if (!choices.empty()) {
    std::string list;
    for (auto c : choices)
      list += fmt::format("{}\"{}\"", list.empty() ? "" : ", ", c);
    return fmt::format("one of {}", list);
  }
  if (min && max) {
    what += fmt::format(" in {}{}, {}]", min_exclusive ? "(" : "[",
                        FormatNumber(*min), FormatNumber(*max));
  } else if (min) {
    what +=
        fmt::format(" {} {}", min_exclusive ? ">" : ">=", FormatNumber(*min));
  } else if (max) {
    what += fmt::format(" <= {}", FormatNumber(*max));
  }
  if (!unit.empty()) what += fmt::format(" ({})", unit);
  return what;
}

std::string KeyDecl::DefaultText() const {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return "required";
        } else if constexpr (std::is_same_v<T, std::string_view>) {
          return fmt::format("\"{}\"", v);
        } else if constexpr (std::is_same_v<T, bool>) {
          return v ? "true" : "false";
        } else if constexpr (std::is_same_v<T, double>) {
          return FormatNumber(v);
        } else {
          return fmt::format("{}", v);
        }
      },
      default_value);
}

const KeyDecl* SectionDecl::Find(std::string_view key) const {
  for (const auto& k : keys) {
    if (k.name == key) return &k;
  }
  return nullptr;
}

const SectionDecl* Schema::Find(std::string_view section) const {
  for (const auto& s : sections) {
    if (s.name == section) return &s;
  }
  return nullptr;
}

const KeyDecl& Schema::Key(std::string_view section,
                           std::string_view key) const {
  return *Find(section)->Find(key);
}

std::string Schema::SectionList() const {
  std::string out = "include";
  for (const auto& s : sections) {
    out += fmt::format(", {}", s.is_array ? fmt::format("[[{}]]", s.name)
                                          : fmt::format("[{}]", s.name));
  }
  return out;
}

Schema ScenarioSchema() {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  Schema s;
  s.sections.push_back(SectionDecl{
      "scenario",
      false,
      "What is simulated, for how long, with which seed.",
      {
          Str("name",
              "Name of the scenario; outputs go to runs/<name>/ by default."),
          DefaultStr(Str("description",
                         "One line saying what question the scenario answers."),
                     ""),
          Default(Range(Num("horizon_days", "days", "Simulated time span."), 0,
                        36500, true),
                  365.0),
          DefaultInt(
              Range(Int("seed", "",
                        "Seed of every random stream; --seed overrides it."),
                    0, std::nullopt),
              42),
          Default(
              Range(Num("timeseries_step_hours", "hours",
                        "Step of timeseries.csv: each row averages one step."),
                    0, kInf, true),
              24.0),
      }});
  s.sections.push_back(SectionDecl{
      "site",
      true,
      "A ground site: a power supply with its PUE, electricity price and "
      "carbon intensity.",
      {
          Str("name", "Unique name of the site."),
          DefaultStr(Choices(Str("kind", "Kind of site."), {"ground"}),
                     "ground"),
          Range(Num("power_cap_mw", "MW",
                    "Grid import cap. With on-site generation and a battery, "
                    "demand no source can serve is shed (idle nodes first)."),
                0, kInf),
          Default(Range(Num("facility_mw", "MW",
                            "Power the facility is built for, which sets its "
                            "capex; 0: power_cap_mw + generation_mw."),
                        0, std::nullopt),
                  0.0),
          Range(Num("pue", "",
                    "Power usage effectiveness: facility power / IT power."),
                1, 3),
          Range(Num("electricity_usd_per_mwh", "USD/MWh",
                    "Price of grid electricity (flat)."),
                0, std::nullopt),
          NumList("electricity_usd_per_mwh_by_hour", "USD/MWh", 24, 0, kInf,
                  "Grid price by hour of day (hour 0 = midnight at the start "
                  "of the horizon); replaces the flat price. The battery "
                  "discharges in hours above the day's mean price and charges "
                  "in hours below it."),
          Range(Num("carbon_kg_per_mwh", "kg CO2e/MWh",
                    "Carbon intensity of grid electricity."),
                0, std::nullopt),
          Default(Range(Num("generation_mw", "MW",
                            "On-site generation capacity (turbines, solar), "
                            "used before the grid."),
                        0, std::nullopt),
                  0.0),
          NumList("generation_profile", "", 24, 0, 1,
                  "Share of generation_mw available by hour of day (e.g. a "
                  "solar day); empty: constant."),
          Default(Range(Num("generation_usd_per_mwh", "USD/MWh",
                            "Fuel and running cost of on-site generation."),
                        0, std::nullopt),
                  0.0),
          Default(Range(Num("generation_carbon_kg_per_mwh", "kg CO2e/MWh",
                            "Carbon intensity of on-site generation."),
                        0, std::nullopt),
                  0.0),
          Default(Range(Num("battery_mwh", "MWh",
                            "Battery energy capacity; starts the horizon "
                            "full."),
                        0, std::nullopt),
                  0.0),
          Default(Range(Num("battery_charge_mw", "MW",
                            "Highest power the battery can draw."),
                        0, std::nullopt),
                  0.0),
          Default(Range(Num("battery_discharge_mw", "MW",
                            "Highest power the battery can deliver."),
                        0, std::nullopt),
                  0.0),
          Default(Range(Num("battery_round_trip_efficiency", "",
                            "Energy delivered / energy drawn. Default: "
                            "utility-scale lithium-ion, 85% (NREL Annual "
                            "Technology Baseline, utility-scale battery "
                            "storage)."),
                        0, 1, true),
                  0.85),
      }});
  s.sections.push_back(SectionDecl{
      "cluster",
      true,
      "Identical nodes of one catalog type at one site; unleased nodes form "
      "its spare pool.",
      {
          Str("name", "Unique name of the cluster."),
          Str("site", "The [[site]] that holds it."),
          Str("node", "Catalog node type (kardashev catalog nodes)."),
          Range(Int("nodes", "nodes", "Number of nodes."), 1, 10'000'000),
          DefaultInt(Range(Int("pod_nodes", "nodes",
                               "Nodes per network pod, for topology-aware "
                               "placement: jobs are placed pod by pod and a "
                               "failed node is replaced from its own pod when "
                               "it can be; 0: no pods."),
                           0, 10'000'000),
                     0),
          DefaultStr(Choices(Str("placement",
                                 "Replacement nodes: \"pods\" takes one "
                                 "from the failed node's pod when it can; "
                                 "\"any\" takes whichever spare is next."),
                             {"pods", "any"}),
                     "pods"),
          DefaultInt(Range(Int("hot_spares", "nodes",
                               "Spare nodes kept hot: powered and handed over "
                               "at once. The other spares are cold: powered "
                               "off, ready after failures.spare_swap_hours. "
                               "-1: every spare powered, each taking the swap "
                               "time."),
                           -1, 10'000'000),
                     -1),
          DefaultStr(
              Str("fabric",
                  "Catalog scale-out fabric (kardashev catalog fabrics); "
                  "\"\" for none."),
              ""),
      }});
  s.sections.push_back(
      SectionDecl{"tenant",
                  true,
                  "A party that leases or owns capacity.",
                  {
                      Str("name", "Unique name of the tenant."),
                      DefaultStr(Str("description", "Who the tenant is."), ""),
                  }});
  s.sections.push_back(SectionDecl{
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
                1, std::nullopt),
          Range(Num("price_usd_per_gpu_hour", "USD/GPU-hour",
                    "Price billed per GPU-hour."),
                0, std::nullopt),
          Default(
              Range(Num("availability_sla", "fraction",
                        "Availability promised per billing period: delivered / "
                        "contracted GPU-hours; 0 for no SLA."),
                    0, 1),
              0.0),
          Default(Range(Num("sla_credit_fraction", "fraction",
                            "Share of a billing period's bill credited when "
                            "its availability "
                            "is below the SLA."),
                        0, 1),
                  0.0),
          Default(Range(Num("billing_period_days", "days",
                            "Length of a billing period."),
                        0, kInf, true),
                  30.0),
          Range(Num("gpu_utilization", "fraction",
                    "The tenant's mean GPU utilisation; sets the power its "
                    "GPUs draw."),
                0, 1),
          Bool("enabled", true, "false drops the lease (useful in variants)."),
      }});
  s.sections.push_back(SectionDecl{
      "training",
      true,
      "A training job: a gang of whole nodes of one cluster, interrupted by "
      "any failure of "
      "them, restarting from its last checkpoint.",
      {
          Str("name", "Unique name of the job."),
          DefaultStr(
              Str("tenant", "The [[tenant]] that runs it; \"\" for the owner."),
              ""),
          Str("cluster", "The [[cluster]] whose nodes it runs on."),
          Str("model", "Catalog model (kardashev catalog models)."),
          Range(Int("gpus", "GPUs",
                    "GPUs of the job: whole nodes, divisible by tp x pp x cp "
                    "(the rest is "
                    "data parallelism)."),
                1, std::nullopt),
          Range(Int("seq_len", "tokens", "Sequence length."), 1, 10'000'000),
          Range(Num("global_batch_tokens", "tokens",
                    "Tokens per optimizer step."),
                0, kInf, true),
          DefaultInt(Range(Int("tp", "", "Tensor-parallel degree."), 1, 1024),
                     1),
          DefaultInt(Range(Int("pp", "", "Pipeline-parallel degree."), 1, 4096),
                     1),
          DefaultInt(Range(Int("cp", "", "Context-parallel degree."), 1, 4096),
                     1),
          DefaultInt(
              Range(Int("ep", "",
                        "Expert-parallel degree (within data parallelism)."),
                    1, 4096),
              1),
          DefaultInt(
              Range(
                  Int("virtual_stages", "",
                      "Interleaved pipeline chunks per stage (1: plain 1F1B)."),
                  1, 1024),
              1),
          DefaultInt(Range(Int("micro_batch_sequences", "sequences",
                               "Sequences per micro-batch."),
                           1, 65536),
                     1),
          DefaultInt(Range(Int("zero_stage", "",
                               "ZeRO stage of the data-parallel optimizer."),
                           0, 3),
                     1),
          DefaultStr(Choices(Str("recompute", "Activation recomputation."),
                             {"none", "selective", "full"}),
                     "none"),
          DefaultStr(
              Choices(Str("precision", "Precision of the matrix multiplies."),
                      {"bf16", "fp8"}),
              "bf16"),
          DefaultStr(Str("efficiency",
                         "Catalog efficiency set of the training stack "
                         "(kardashev catalog "
                         "efficiency)."),
                     "megatron-bf16"),
          Default(Range(Num("checkpoint_interval_hours", "hours",
                            "Training time between checkpoints; 0 for the "
                            "Young/Daly optimum "
                            "from the job's failure rate."),
                        0, 8760),
                  0.0),
          Range(Num("checkpoint_write_gb_per_s", "GB/s",
                    "Storage write bandwidth for checkpoints (a checkpoint "
                    "holds BF16 weights "
                    "and FP32 Adam state: 14 bytes per parameter)."),
                0, kInf, true),
          Range(Num("restart_minutes", "minutes",
                    "Time from a whole gang to training again: reschedule, "
                    "reload the "
                    "checkpoint, warm up."),
                0, 10080),
          Default(Range(Num("target_tokens", "tokens",
                            "Tokens to train; the job ends when they are "
                            "reached (0: train "
                            "to the horizon)."),
                        0, std::nullopt),
                  0.0),
          Default(Range(Num("gpu_utilization", "fraction",
                            "Power draw while training, as a share of the "
                            "idle-to-TDP range "
                            "(default: at TDP)."),
                        0, 1),
                  1.0),
          DefaultInt(Range(Int("priority", "",
                               "A serving [[demand]] of higher priority on the "
                               "same cluster may preempt the job."),
                           0, 1000),
                     0),
          Bool("enabled", true, "false drops the job (useful in variants)."),
      }});
  s.sections.push_back(SectionDecl{
      "serving",
      true,
      "An inference deployment simulated at iteration level: replicas of a "
      "model on GPUs, "
      "fed by a request trace or by synthetic arrivals.",
      {
          Str("name", "Unique name of the deployment."),
          Str("model", "Catalog model (kardashev catalog models)."),
          Str("gpu", "Catalog GPU (kardashev catalog gpus)."),
          DefaultInt(
              Range(Int("tp", "", "Tensor-parallel GPUs per replica."), 1, 72),
              1),
          DefaultInt(Range(Int("replicas", "", "Replicas behind the router."),
                           1, 100000),
                     1),
          DefaultStr(Choices(Str("weights", "Precision of the weights."),
                             {"bf16", "fp8"}),
                     "bf16"),
          DefaultStr(Choices(Str("kv_cache", "Precision of the KV cache."),
                             {"bf16", "fp8"}),
                     "bf16"),
          DefaultStr(Str("efficiency",
                         "Catalog inference efficiency set (kardashev catalog "
                         "efficiency)."),
                     "vllm-fp8"),
          DefaultStr(
              Choices(Str("policy",
                          "Batching: vLLM-style prefill-first, or Sarathi-"
                          "style chunked prefill."),
                      {"vllm", "sarathi"}),
              "vllm"),
          DefaultInt(
              Range(Int("max_batched_tokens", "tokens",
                        "Prompt tokens per iteration (sarathi: the whole token "
                        "budget)."),
                    1, 10'000'000),
              8192),
          DefaultInt(Range(Int("max_sequences", "sequences",
                               "Running sequences per replica."),
                           1, 100000),
                     256),
          DefaultInt(Range(Int("block_tokens", "tokens", "KV-cache page size."),
                           1, 4096),
                     16),
          DefaultStr(
              Choices(Str("kv_policy",
                          "When the KV cache is full: preempt and recompute "
                          "(vLLM), "
                          "or reserve a request's whole output at admission."),
                      {"preempt", "reserve"}),
              "preempt"),
          DefaultInt(Range(Int("prefill_replicas", "",
                               "Prefill-only replicas added for prefill/decode "
                               "disaggregation; 0 for none."),
                           0, 100000),
                     0),
          DefaultStr(
              Str("kv_fabric",
                  "Catalog fabric that carries KV caches from prefill to "
                  "decode replicas (disaggregation)."),
              "ib-ndr400"),
          DefaultStr(
              Choices(Str("router", "How arrivals are spread over replicas."),
                      {"round-robin", "least-outstanding"}),
              "round-robin"),
          DefaultStr(Str("trace",
                         "Request trace (Azure LLM trace CSV), relative to the "
                         "scenario file; \"\" for none."),
                     ""),
          DefaultStr(
              Choices(Str("arrival",
                          "Arrival process: the trace's timestamps, or "
                          "synthetic (lengths from the trace if given)."),
                      {"trace", "poisson", "gamma"}),
              "trace"),
          Default(Range(Num("rate_per_s", "requests/s",
                            "Mean arrival rate of synthetic arrivals."),
                        0, std::nullopt),
                  0.0),
          Default(Range(Num("arrival_cv", "",
                            "Coefficient of variation of gamma "
                            "inter-arrival times."),
                        0, 100, true),
                  1.0),
          DefaultInt(Range(Int("requests", "requests",
                               "Synthetic requests to simulate."),
                           1, 100'000'000),
                     10000),
          DefaultInt(
              Range(Int("prompt_tokens", "tokens",
                        "Prompt length of synthetic requests without a trace."),
                    0, 10'000'000),
              0),
          DefaultInt(
              Range(Int("output_tokens", "tokens",
                        "Output length of synthetic requests without a trace."),
                    0, 10'000'000),
              0),
          Default(Range(Num("slo_ttft_s", "s",
                            "p99 time-to-first-token bound (default: MLPerf's, "
                            "figures.csv "
                            "C08)."),
                        0, std::nullopt, true),
                  2.0),
          Default(Range(Num("slo_tpot_s", "s",
                            "p99 time-per-output-token bound (default: "
                            "MLPerf's, figures.csv "
                            "C08)."),
                        0, std::nullopt, true),
                  0.2),
          Bool("enabled", true,
               "false drops the deployment (useful in variants)."),
      }});
  s.sections.push_back(SectionDecl{
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
          Range(Num("daily_users", "users", "Daily active users."), 0,
                std::nullopt),
          Range(Num("requests_per_user_per_day", "requests",
                    "Requests per user per day."),
                0, std::nullopt, true),
          Default(Range(Num("daily_amplitude", "fraction",
                            "Amplitude of the daily curve: 0 flat, 0.5 peaks "
                            "at 1.5x the "
                            "day's mean."),
                        0, 1),
                  0.0),
          Default(
              Range(Num("peak_hour", "hour", "Hour of the daily peak."), 0, 24),
              0.0),
          Default(Range(Num("weekend_factor", "fraction",
                            "Weekend demand relative to the weekly mean."),
                        0, 3.5, true),
                  1.0),
          Default(Range(Num("step_minutes", "minutes",
                            "Time step of the demand plan."),
                        0, 10080, true),
                  60.0),
          DefaultInt(
              Range(
                  Int("gpus", "GPUs",
                      "GPUs that serve the demand; 0 to size the fleet only."),
                  0, std::nullopt),
              0),
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
                           0, 1000),
                     1),
          Default(Range(Num("price_usd_per_million_tokens", "USD/Mtoken",
                            "Revenue per million output tokens served (with "
                            "cluster)."),
                        0, std::nullopt),
                  0.0),
          Default(Range(Num("gpu_utilization", "fraction",
                            "With cluster: average GPU utilisation of its "
                            "nodes, for power (default: at TDP, an upper "
                            "bound)."),
                        0, 1),
                  1.0),
          Bool("enabled", true, "false drops the demand (useful in variants)."),
      }});
  s.sections.push_back(SectionDecl{
      "orbital",
      true,
      "A shell of identical solar-powered satellites carrying GPU nodes, "
      "designed from "
      "physics and compared with a ground site running the same nodes.",
      {
          Str("name", "Unique name of the orbital site."),
          Str("node", "Catalog node type carried by the satellites."),
          Range(Int("nodes_per_satellite", "nodes", "Nodes per satellite."), 1,
                100000),
          Range(Int("satellites", "satellites", "Satellites in the shell."), 1,
                100000000),
          Range(Num("altitude_km", "km", "Altitude of the circular orbit."),
                100, 100000),
          Range(Num("beta_deg", "degrees",
                    "Solar beta angle (about 90 for a dawn-dusk "
                    "sun-synchronous orbit)."),
                0, 90),
          Range(Num("cell_efficiency", "fraction", "Solar cell efficiency."), 0,
                1, true),
          Range(Num("packing_factor", "fraction",
                    "Share of the array area that is cells."),
                0, 1, true),
          Default(Range(Num("pointing_loss_deg", "degrees",
                            "Mean angle between the array normal and the Sun."),
                        0, 89),
                  0.0),
          Range(Num("degradation_per_year", "fraction",
                    "Loss of array output per year."),
                0, 1),
          Range(Num("array_kg_per_m2", "kg/m2", "Areal mass of the array."), 0,
                std::nullopt),
          Range(Num("array_usd_per_w", "USD/W",
                    "Array cost per watt at beginning of life."),
                0, std::nullopt),
          Range(Num("battery_depth_of_discharge", "fraction",
                    "Usable share of battery capacity."),
                0, 1, true),
          Range(Num("battery_round_trip_efficiency", "fraction",
                    "Battery round-trip efficiency."),
                0, 1, true),
          Range(Num("battery_wh_per_kg", "Wh/kg", "Battery specific energy."),
                0, std::nullopt, true),
          Range(Num("battery_usd_per_kwh", "USD/kWh", "Battery cost."), 0,
                std::nullopt),
          Range(Num("emissivity", "fraction", "Radiator emissivity."), 0, 1,
                true),
          Range(Num("radiator_k", "K", "Radiator temperature."), 0, 2000, true),
          Default(Range(Num("sink_k", "K",
                            "Effective sink temperature (3 K: deep space, "
                            "figures.csv G18)."),
                        0, 2000),
                  3.0),
          DefaultInt(
              Range(Int("radiator_sides", "", "Radiating faces of each panel."),
                    1, 2),
              1),
          Range(
              Num("radiator_kg_per_m2", "kg/m2", "Areal mass of the radiator."),
              0, std::nullopt),
          Range(Num("radiator_usd_per_m2", "USD/m2", "Radiator cost per m2."),
                0, std::nullopt),
          Range(Num("shielding_kg_per_kw", "kg/kW",
                    "Radiation shielding per kW of compute."),
                0, std::nullopt),
          Range(Num("structure_fraction", "fraction",
                    "Structure and bus mass as a share of the rest."),
                0, 10),
          Range(Num("compute_kg_per_node", "kg", "Mass of one node."), 0,
                std::nullopt, true),
          Range(Num("mission_years", "years",
                    "Life of a satellite; failed GPUs are not repaired."),
                0, 100, true),
          Range(
              Num("radiation_failure_multiplier", "",
                  "Multiplies the catalog's hardware failure rates in orbit."),
              0, 1000),
          Range(
              Num("launch_usd_per_kg", "USD/kg", "Launch price to the orbit."),
              0, std::nullopt),
          Range(Num("payload_kg_per_launch", "kg", "Payload mass per launch."),
                0, std::nullopt, true),
          Range(Num("launches_per_year", "launches/year",
                    "Launch cadence: opportunities a year, used to build the "
                    "shell and to replace failed or deorbited satellites."),
                0, 100000, true),
          Default(Range(Num("launch_price_decline_per_year", "fraction",
                            "Share by which the launch price falls each year "
                            "(learning curve); 0 keeps it flat."),
                        0, 0.99),
                  0.0),
          Default(Range(Num("ground_link_gbps", "Gb/s",
                            "Ground-link bandwidth of one satellite; caps the "
                            "tokens it can take in or send out. 0: not "
                            "modelled."),
                        0, std::nullopt),
                  0.0),
          Default(Range(Num("ground_min_elevation_deg", "degrees",
                            "Lowest elevation at which a ground station "
                            "talks to a satellite; sets the longest slant "
                            "range, hence the latency added to TTFT."),
                        0, 90),
                  25.0),
          Default(Range(Num("bytes_per_token", "bytes",
                            "Bytes of text per token on the link. Default: "
                            "~4 characters of English text per token "
                            "(OpenAI's tokenizer guidance)."),
                        0, std::nullopt, true),
                  4.0),
          Str("ground_site",
              "The [[site]] the shell is compared with, running the same "
              "nodes."),
          Bool("enabled", true,
               "false drops the orbital site (useful in variants)."),
      }});
  s.sections.push_back(SectionDecl{
      "failures",
      false,
      "How nodes fail and are repaired; rates and repair times come from the "
      "catalog.",
      {
          Default(Range(Num("rate_scale", "",
                            "Multiplies every catalog failure rate."),
                        0, 1000),
                  1.0),
          Default(Range(Num("repair_time_scale", "",
                            "Multiplies every catalog repair time."),
                        0, 1000, true),
                  1.0),
          Bool("include_planned", true,
               "Planned maintenance takes nodes down too."),
          Default(Range(Num("spare_swap_hours", "hours",
                            "Time to bring a spare node into a lease after a "
                            "failure; 0 for "
                            "hot spares."),
                        0, 8760),
                  0.0),
      }});
  s.sections.push_back(SectionDecl{
      "economics",
      false,
      "Capital and operating cost, depreciation and discounting.",
      {
          Default(Range(Num("gpu_depreciation_years", "years",
                            "Straight-line life of GPUs, servers and network "
                            "(hyperscalers "
                            "use 5-6 years; figures.csv F12)."),
                        0, 30, true),
                  5.0),
          Default(
              Range(Num("facility_capex_usd_per_mw", "USD/MW",
                        "Facility capex per MW of power cap (figures.csv F09: "
                        "about "
                        "$9-12M per MW); 0 when the facility is not counted."),
                    0, std::nullopt),
              0.0),
          Default(Range(Num("facility_depreciation_years", "years",
                            "Straight-line life of the facility."),
                        0, 100, true),
                  20.0),
          Default(Range(Num("discount_rate", "per year",
                            "Annual discount rate for NPV (the default 10% is "
                            "an assumption, "
                            "a common hurdle rate)."),
                        0, 1),
                  0.10),
          Default(
              Range(Num("other_opex_usd_per_gpu_hour", "USD/GPU-hour",
                        "Operating cost besides energy (staff, maintenance, "
                        "insurance) per installed GPU-hour."),
                    0, std::nullopt),
              0.0),
      }});
  KeyDecl set;
  set.name = "set";
  set.type = KeyType::kOverrides;
  set.default_value = std::string_view("{}");
  set.meaning =
      "Overrides, as \"section.name.key\" = value (the same paths as --set): "
      "e.g. "
      "\"lease.lab.enabled\" = false.";
  s.sections.push_back(SectionDecl{
      "variant",
      true,
      "A named set of overrides; `kardashev run` plays every variant on common "
      "random numbers.",
      {
          Str("name", "Unique name of the variant."),
          DefaultStr(Str("description", "What the variant changes."), ""),
          set,
      }});
  return s;
}

}  // namespace kardashev::scenario
