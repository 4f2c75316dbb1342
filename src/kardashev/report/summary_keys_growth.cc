// The summary.json keys of the growth level (variants[].growth, written only
// for a scenario with a [growth] table), in the order report/growth_json.cc
// writes them, and the columns of growth.csv.
#include <string>

#include "kardashev/report/output_reference.h"
#include "kardashev/report/summary_key_blocks.h"

namespace kardashev::report {

namespace summary_keys {

namespace {

using enum OutputKind;

// The figures a year and the totals share; `span` is the kind of a sum and
// `ratio` of a ratio.
void AddFigures(std::vector<OutputKey>& out, const std::string& prefix,
                OutputKind span, OutputKind ratio) {
  Add(out, prefix,
      {
          {"energy_mwh", "MWh", span,
           "Facility energy, all sites (orbit: solar, IT only)."},
          {"tokens_trained", "tokens", span, "By every training job."},
          {"requests_demanded", "requests", span, "By every product's users."},
          {"requests_served", "requests", span,
           "Within capacity and the network budget."},
          {"tokens_served", "tokens", span, "Billed tokens served."},
          {"slo_attainment", "1", ratio,
           "Requests served / demanded (1 with no demand)."},
          {"revenue_usd", "USD", span, "Lease and serving revenue."},
          {"revenue_lease_usd", "USD", span, "Billed to leases."},
          {"revenue_serving_usd", "USD", span, "Billed for served tokens."},
          {"sla_credit_usd", "USD", span, "Credited to leases."},
          {"capex_usd", "USD", span, "Ground and orbital capital spent."},
          {"capex_ground_usd", "USD", span, "Nodes, network and facilities."},
          {"capex_orbital_usd", "USD", span, "Satellites and launches."},
          {"energy_cost_usd", "USD", span, "At each site's price."},
          {"other_opex_usd", "USD", span, "Other operating cost."},
          {"depreciation_usd", "USD", span,
           "Straight-line, write-offs at retirement included."},
          {"training_value_usd", "USD", span, "Imputed, not cash."},
          {"cash_flow_usd", "USD", span,
           "Revenue - SLA credits - energy - other opex - capex."},
      });
}

}  // namespace

void AddGrowth(std::vector<OutputKey>& out) {
  Add(out, "variants[].growth.",
      {
          {"level", "-", kLabel, "The level that produced these figures."},
          {"start_year", "-", kSetting, "Calendar year of month 0."},
          {"discount_rate", "1/year", kSetting,
           "Annual rate the NPV is discounted at."},
          {"sites[].name", "-", kLabel, "Site: ground sites, then shells."},
          {"sites[].kind", "-", kLabel, "`ground` or `orbital`."},
          {"years[].year", "-", kLabel,
           "Calendar year (the last may be partial)."},
          {"years[].gpus", "GPUs", kYearEnd, "Installed at the year's end."},
          {"years[].gpus_by_site.*", "GPUs", kYearEnd,
           "Installed at the year's end, by site."},
          {"years[].working_gpus_by_site.*", "GPUs", kYearEnd,
           "Expected working (not in repair or failed) at the year's end, "
           "by site."},
      });
  AddFigures(out, "variants[].growth.years[].", kYearTotal, kYearFigure);
  Add(out, "variants[].growth.years[].",
      {
          {"cumulative_cash_usd", "USD", kRunningTotal, "Cash flow so far."},
          {"npv_to_date_usd", "USD", kRunningTotal,
           "Discounted cash and training value to the year's end."},
          {"book_value_usd", "USD", kYearEnd,
           "Of every purchase, at the year's end."},
          {"launches", "count", kYearTotal, "Orbital launches."},
      });
  Add(out, "variants[].growth.jobs[].",
      {
          {"name", "-", kLabel, "[[growth_training]] job."},
          {"tokens_trained", "tokens", kHorizonTotal, "Trained."},
          {"gpu_hours", "GPU-hours", kHorizonTotal, "Held."},
          {"mean_ettr", "1", kHorizonFigure,
           "Effective training time ratio, GPU-hour weighted."},
          {"finish_month", "month", kHorizonFigure,
           "Month the target was met; -1: not met."},
          {"value_usd", "USD", kHorizonTotal, "Imputed training value."},
      });
  Add(out, "variants[].growth.leases[].",
      {
          {"name", "-", kLabel, "[[growth_lease]] name."},
          {"contracted_gpu_hours", "GPU-hours", kHorizonTotal, "Owed."},
          {"delivered_gpu_hours", "GPU-hours", kHorizonTotal, "Delivered."},
          {"availability", "1", kHorizonFigure, "Delivered / contracted."},
          {"revenue_usd", "USD", kHorizonTotal, "Net of SLA credits."},
          {"sla_credit_usd", "USD", kHorizonTotal, "Credited."},
      });
  Add(out, "variants[].growth.products[].",
      {
          {"name", "-", kLabel, "[[product]] name."},
          {"requests_demanded", "requests", kHorizonTotal, "By its users."},
          {"requests_served", "requests", kHorizonTotal,
           "Within capacity and the network budget."},
          {"requests_dropped", "requests", kHorizonTotal,
           "No reachable site had capacity."},
          {"tokens_served", "tokens", kHorizonTotal, "Billed tokens."},
          {"slo_attainment", "1", kHorizonFigure, "Served / demanded."},
          {"revenue_usd", "USD", kHorizonTotal, "Billed."},
          {"served_by_site.*", "requests", kHorizonTotal, "By site."},
      });
  Add(out, "variants[].growth.totals.",
      {
          {"npv_usd", "USD", kHorizonTotal,
           "Discounted cash, training value and terminal value."},
          {"cash_npv_usd", "USD", kHorizonTotal,
           "NPV without the training value."},
          {"terminal_value_usd", "USD", kHorizonFigure,
           "Book value left at the horizon."},
          {"discounted_terminal_value_usd", "USD", kHorizonFigure,
           "The terminal value, discounted: its part of the NPV."},
          {"peak_gpus", "GPUs", kHorizonFigure, "Most installed at once."},
      });
  AddFigures(out, "variants[].growth.totals.", kHorizonTotal, kHorizonFigure);
  Add(out, "variants[].growth.totals.",
      {
          {"carbon_t", "t CO2e", kHorizonTotal, "All sites."},
          {"npv_by_component.*", "USD", kHorizonTotal,
           "The NPV split by ledger component, discounted and signed (costs "
           "negative): lease_revenue_usd, serving_revenue_usd, "
           "training_value_usd, energy_usd, ground_capex_usd, "
           "orbital_capex_usd, other_opex_usd, sla_credits_usd, "
           "terminal_value_usd; they sum to npv_usd (capex discounted from "
           "its month's start, other flows from the mid-point)."},
      });
}

}  // namespace summary_keys

std::vector<OutputKey> GrowthCsvColumns() {
  using enum OutputKind;
  return {
      {"variant", "-", kLabel, "Variant name."},
      {"month", "-", kLabel, "Month from the start of the horizon, from 0."},
      {"year", "-", kLabel, "Calendar year of the month."},
      {"site", "-", kLabel, "Site name, or `all` for the fleet."},
      {"kind", "-", kLabel, "`ground`, `orbital` or `all`."},
      {"installed_gpus", "GPUs", kStepEnd, "Installed at the month's end."},
      {"working_gpus", "GPUs", kStepEnd,
       "Expected working at the month's end."},
      {"leased_gpu_hours", "GPU-hours", kMonthTotal, "Taken by leases."},
      {"serving_gpu_hours", "GPU-hours", kMonthTotal, "Serving products."},
      {"training_gpu_hours", "GPU-hours", kMonthTotal, "Training jobs."},
      {"idle_gpu_hours", "GPU-hours", kMonthTotal, "Working, unused."},
      {"down_gpu_hours", "GPU-hours", kMonthTotal,
       "In repair (ground) or failed (orbit)."},
      {"unpowered_gpu_hours", "GPU-hours", kMonthTotal,
       "Working, but the supply fell short."},
      {"energy_mwh", "MWh", kMonthTotal, "Facility energy."},
      {"tokens_trained", "tokens", kMonthTotal,
       "`all` rows only (else empty): every training job."},
      {"requests_demanded", "requests", kMonthTotal,
       "`all` rows only: every product's users."},
      {"requests_served", "requests", kMonthTotal,
       "`all` rows only: within capacity, the SLO and the network budget."},
      {"requests_dropped", "requests", kMonthTotal,
       "`all` rows only: demanded and not served."},
      {"slo_attainment", "share", kStepAverage,
       "`all` rows only: served / demanded (1 with no demand)."},
      {"capex_usd", "USD", kMonthTotal, "`all` rows only."},
      {"revenue_lease_usd", "USD", kMonthTotal, "`all` rows only."},
      {"revenue_serving_usd", "USD", kMonthTotal, "`all` rows only."},
      {"sla_credit_usd", "USD", kMonthTotal, "`all` rows only."},
      {"energy_cost_usd", "USD", kMonthTotal, "`all` rows only."},
      {"other_opex_usd", "USD", kMonthTotal, "`all` rows only."},
      {"depreciation_usd", "USD", kMonthTotal, "`all` rows only."},
      {"training_value_usd", "USD", kMonthTotal,
       "`all` rows only; imputed, not cash."},
      {"cash_flow_usd", "USD", kMonthTotal, "`all` rows only."},
      {"cumulative_cash_usd", "USD", kRunningTotal, "`all` rows only."},
      {"npv_to_date_usd", "USD", kRunningTotal, "`all` rows only."},
  };
}

}  // namespace kardashev::report
