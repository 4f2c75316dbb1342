#include "kardashev/report/invariants.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string_view>
#include <vector>

#include "kardashev/report/summary_json.h"
#include "kardashev/sim/time.h"
#include "kardashev/training/job.h"

namespace kardashev::report {

namespace {

// Relative tolerance of sums that are the same quantity added in another
// order.
constexpr double kRelative = 1e-9;

class Checker {
 public:
  explicit Checker(InvariantReport& out) : out_(out) {}

  // Counts one check of `invariant`; records `what` when `ok` is false.
  template <typename What>
  void Expect(std::string_view invariant, bool ok, What&& what) {
    ++out_.checks[std::string(invariant)];
    if (!ok) {
      out_.violations.push_back(fmt::format("{}: {}", invariant, what()));
    }
  }

  // a == b within kRelative of the larger magnitude (and an absolute floor).
  void ExpectNear(std::string_view invariant, double a, double b,
                  std::string_view what, double floor = 1e-6) {
    const double tolerance =
        std::max(floor, kRelative * std::max(std::abs(a), std::abs(b)));
    Expect(invariant, std::abs(a - b) <= tolerance, [&] {
      return fmt::format("{}: {:.12g} against {:.12g}", what, a, b);
    });
  }

 private:
  InvariantReport& out_;
};

void CheckTimeShares(const Results& r, Checker& c) {
  for (const auto& j : r.training) {
    const training::TimeShares f = training::TimeSharesOf(j);
    const double sum = f.training + f.lost_work + f.checkpointing +
                       f.restarting + f.waiting + f.power_throttled;
    const bool existed = j.training_s + j.lost_work_s + j.checkpointing_s +
                             j.restarting_s + j.waiting_s +
                             j.power_throttled_s >
                         0;
    c.Expect("time-shares", !existed || std::abs(sum - 1) <= 1e-9, [&] {
      return fmt::format("job {}: shares sum to {:.12g}", j.name, sum);
    });
  }
}

void CheckGpuHours(const Results& r, Checker& c) {
  const double horizon_h = r.horizon_s / sim::kSecondsPerHour;
  for (const auto& k : r.clusters) {
    const double states = k.active_gpu_hours + k.stalled_gpu_hours +
                          k.unpowered_gpu_hours + k.spare_gpu_hours +
                          k.provisioning_gpu_hours + k.down_gpu_hours;
    c.ExpectNear("gpu-hours", states, static_cast<double>(k.gpus) * horizon_h,
                 fmt::format("cluster {} states against installed", k.name),
                 1e-6 * std::max(1.0, static_cast<double>(k.gpus)));
  }
  if (!r.growth) return;
  for (const auto& m : r.growth->months) {
    for (std::size_t s = 0; s < m.sites.size(); ++s) {
      const auto& p = m.sites[s];
      const double used = p.leased_gpu_hours + p.serving_gpu_hours +
                          p.training_gpu_hours + p.idle_gpu_hours +
                          p.down_gpu_hours + p.unpowered_gpu_hours;
      c.ExpectNear("gpu-hours", used, p.installed_gpu_hours,
                   fmt::format("growth site {} month {}",
                               r.growth->site_names[s], m.index));
    }
  }
}

void CheckEnergy(const Results& r, Checker& c) {
  std::vector<double> floor_mwh(r.sites.size(), 0.0);
  for (const auto& k : r.clusters) {
    if (k.site < 0 || k.site >= static_cast<int>(floor_mwh.size())) continue;
    floor_mwh[k.site] +=
        (k.active_gpu_hours + k.stalled_gpu_hours + k.provisioning_gpu_hours) *
        k.idle_power_w_per_gpu * 1e-6;
  }
  for (std::size_t s = 0; s < r.sites.size(); ++s) {
    const double it = r.sites[s].it_energy_mwh;
    c.Expect("energy", it >= floor_mwh[s] * (1 - 1e-9), [&] {
      return fmt::format(
          "site {}: {:.6g} MWh of IT energy, below the {:.6g} MWh its "
          "powered nodes draw idle",
          r.sites[s].name, it, floor_mwh[s]);
    });
  }
}

void CheckCheckpoints(const Results& r, Checker& c) {
  for (const auto& j : r.training) {
    if (j.checkpoint_copy_bytes_per_s <= 0) continue;
    const double floor_s =
        j.checkpoint_copy_bytes / j.checkpoint_copy_bytes_per_s;
    c.Expect("checkpoint", j.checkpoint_write_s >= floor_s * (1 - 1e-12), [&] {
      return fmt::format(
          "job {}: a checkpoint of {:.4g} bytes at {:.4g} bytes/s takes at "
          "least {:.4g} s, not {:.4g} s",
          j.name, j.checkpoint_copy_bytes, j.checkpoint_copy_bytes_per_s,
          floor_s, j.checkpoint_write_s);
    });
  }
}

// FLOP/s per GPU of a run: the prompt tokens it computed and the tokens it
// generated, at their matrix-multiply FLOPs, over its makespan.
double FlopsPerGpu(const ServingOutcome& s, const serving::ServingResult& x,
                   double seconds, double gpus) {
  if (seconds <= 0 || gpus <= 0) return 0;
  return (static_cast<double>(x.prefill_tokens_computed) *
              s.prompt_token_flops +
          static_cast<double>(x.output_tokens) * s.output_token_flops) /
         seconds / gpus;
}

void CheckRoofline(const Results& r, Checker& c) {
  for (const auto& s : r.serving) {
    const auto& cap = s.capacity;
    c.Expect("roofline", cap.rate_per_s <= cap.bound_per_s * (1 + 1e-12), [&] {
      return fmt::format(
          "{}: capacity {:.6g} requests/s above its bound {:.6g}", s.name,
          cap.rate_per_s, cap.bound_per_s);
    });
    if (s.peak_flops_per_gpu <= 0) continue;
    const auto& at = cap.at_capacity;
    // At capacity: the rate times the FLOPs of the mean request.
    if (cap.rate_per_s > 0 && at.requests > 0) {
      const double per_request =
          (static_cast<double>(at.prefill_tokens_computed) *
               s.prompt_token_flops +
           static_cast<double>(at.output_tokens) * s.output_token_flops) /
          static_cast<double>(at.requests);
      const double flops = cap.rate_per_s * per_request / s.capacity_gpus;
      c.Expect("roofline", flops <= s.peak_flops_per_gpu, [&] {
        return fmt::format(
            "{}: capacity needs {:.4g} FLOP/s per GPU, above the {:.4g} peak",
            s.name, flops, s.peak_flops_per_gpu);
      });
    }
    const double load = FlopsPerGpu(s, s.result, s.result.makespan_s,
                                    static_cast<double>(s.load_gpus));
    c.Expect("roofline", load <= s.peak_flops_per_gpu, [&] {
      return fmt::format(
          "{}: the replay ran {:.4g} FLOP/s per GPU, above the {:.4g} peak",
          s.name, load, s.peak_flops_per_gpu);
    });
  }
}

void CheckMoney(const Results& r, Checker& c) {
  const auto& e = r.economics;
  c.ExpectNear("money", e.profit_usd,
               e.revenue_usd - e.opex_usd - e.depreciation_usd,
               "profit against revenue - opex - depreciation");
  c.ExpectNear("money", e.operating_cash_flow_usd, e.revenue_usd - e.opex_usd,
               "operating cash flow against revenue - opex");
  c.ExpectNear("money", e.cash_flow_usd,
               e.operating_cash_flow_usd - e.capex_usd,
               "cash flow against operating cash flow - capex");
  if (!e.ledger.empty()) {
    double cash = 0, energy = 0, net_revenue = 0, depreciation = 0;
    for (const auto& row : e.ledger) {
      cash += row.cash_flow_usd;
      energy += row.energy_cost_usd;
      net_revenue += row.revenue_usd - row.sla_credit_usd;
      depreciation += row.depreciation_usd;
    }
    c.ExpectNear("money", cash, e.cash_flow_usd, "ledger cash flows");
    c.ExpectNear("money", energy, e.energy_cost_usd, "ledger energy cost");
    c.ExpectNear("money", net_revenue, e.revenue_usd,
                 "ledger revenue net of credits");
    c.ExpectNear("money", depreciation, e.depreciation_usd,
                 "ledger depreciation");
  }
  if (!r.growth) return;
  double cash = 0, revenue = 0, capex = 0;
  for (const auto& m : r.growth->months) {
    const auto& p = m.money;
    c.ExpectNear("money", p.cash_flow_usd,
                 p.revenue_usd - p.sla_credit_usd - p.energy_cost_usd -
                     p.other_opex_usd - p.capex_usd,
                 fmt::format("growth month {} cash flow", m.index));
    cash += p.cash_flow_usd;
    revenue += p.revenue_usd;
    capex += p.capex_usd;
  }
  const auto& t = r.growth->total.money;
  c.ExpectNear("money", cash, t.cash_flow_usd, "growth months' cash flows");
  c.ExpectNear("money", revenue, t.revenue_usd, "growth months' revenue");
  c.ExpectNear("money", capex, t.capex_usd, "growth months' capex");
}

// Keys whose values count or measure and cannot be negative.
bool NonNegativeKey(std::string_view key) {
  static constexpr std::string_view kSuffixes[] = {"_gpu_hours",
                                                   "_mwh",
                                                   "gpus",
                                                   "tokens_trained",
                                                   "requests",
                                                   "capex_usd",
                                                   "energy_cost_usd",
                                                   "failures",
                                                   "utilization",
                                                   "ettr",
                                                   "tokens_served",
                                                   "output_tokens"};
  for (std::string_view s : kSuffixes) {
    if (key.size() >= s.size() && key.substr(key.size() - s.size()) == s)
      return true;
  }
  return false;
}

void CheckFinite(const nlohmann::ordered_json& j, const std::string& path,
                 Checker& c) {
  if (j.is_object()) {
    for (const auto& item : j.items()) {
      const std::string& key = item.key();
      const auto& value = item.value();
      if (value.is_number()) {
        const double x = value.get<double>();
        c.Expect("finite", std::isfinite(x),
                 [&] { return fmt::format("{}.{} is {}", path, key, x); });
        // Contributions to an NPV and differences between runs are signed.
        const bool signed_parts =
            path.find("npv_by_component") != std::string::npos ||
            path.find("difference") != std::string::npos;
        if (!signed_parts && NonNegativeKey(key)) {
          c.Expect("finite", !(x < 0), [&] {
            return fmt::format("{}.{} is negative: {}", path, key, x);
          });
        }
      } else {
        CheckFinite(value, path + "." + key, c);
      }
    }
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i) {
      if (j[i].is_number()) {
        const double x = j[i].get<double>();
        c.Expect("finite", std::isfinite(x),
                 [&] { return fmt::format("{}[{}] is {}", path, i, x); });
      } else {
        CheckFinite(j[i], fmt::format("{}[{}]", path, i), c);
      }
    }
  }
}

}  // namespace

int InvariantReport::total() const {
  int n = 0;
  for (const auto& [name, count] : checks) n += count;
  return n;
}

InvariantReport CheckInvariants(const Results& r) {
  InvariantReport out;
  Checker c(out);
  CheckTimeShares(r, c);
  CheckGpuHours(r, c);
  CheckEnergy(r, c);
  CheckCheckpoints(r, c);
  CheckRoofline(r, c);
  CheckMoney(r, c);
  CheckFinite(VariantJson(r), r.variant.empty() ? "variant" : r.variant, c);
  return out;
}

}  // namespace kardashev::report
