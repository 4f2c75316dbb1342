#include "kardashev/growth/simulate_growth.h"

#include <algorithm>
#include <cmath>

#include "kardashev/growth/allocation.h"
#include "kardashev/growth/installed.h"
#include "kardashev/growth/purchase_ledger.h"

namespace kardashev::growth {

namespace {

// Fills the month's money from its use and the purchases' ledger.
void CloseMoney(const GrowthPlan& plan, const PurchaseMonth& ledger, int m,
                Period& month, double& cumulative_cash,
                double& discounted_to_date) {
  MoneyPeriod& money = month.money;
  money.capex_ground_usd = ledger.capex_ground_usd;
  money.capex_orbital_usd = ledger.capex_orbital_usd;
  money.capex_usd = ledger.capex_ground_usd + ledger.capex_orbital_usd;
  money.depreciation_usd = ledger.depreciation_usd;
  money.revenue_usd = money.revenue_lease_usd + money.revenue_serving_usd;
  double installed_gpu_hours = 0;
  for (const SitePeriod& s : month.sites) {
    installed_gpu_hours += s.installed_gpu_hours;
  }
  money.other_opex_usd = plan.other_opex_usd_per_gpu_hour * installed_gpu_hours;
  const double operating = money.revenue_usd - money.sla_credit_usd -
                           money.energy_cost_usd - money.other_opex_usd;
  money.cash_flow_usd = operating - money.capex_usd;
  month.flow_discount = std::pow(1.0 + plan.discount_rate, (m + 0.5) / 12.0);
  month.capex_discount = std::pow(1.0 + plan.discount_rate, m / 12.0);
  money.discounted_cash_usd =
      operating / month.flow_discount - money.capex_usd / month.capex_discount;
  money.discounted_training_value_usd =
      money.training_value_usd / month.flow_discount;
  cumulative_cash += money.cash_flow_usd;
  discounted_to_date +=
      money.discounted_cash_usd + money.discounted_training_value_usd;
  month.cumulative_cash_usd = cumulative_cash;
  month.book_value_usd = ledger.book_value_usd;
  month.npv_to_date_usd =
      discounted_to_date +
      ledger.book_value_usd /
          std::pow(1.0 + plan.discount_rate, (m + 1) / 12.0);
}

}  // namespace

GrowthOutcome SimulateGrowth(const GrowthPlan& plan) {
  GrowthOutcome out;
  out.start_year = plan.start_year;
  out.discount_rate = plan.discount_rate;
  for (const Site& s : plan.sites) {
    out.site_names.push_back(s.name);
    out.site_orbital.push_back(s.orbital() ? 1 : 0);
  }
  const InstalledFleet fleet(plan);
  const std::vector<PurchaseMonth> ledger =
      PurchaseLedger(fleet.purchases(), plan.months);
  Allocator allocator(plan, fleet);
  double cumulative_cash = 0;
  double discounted = 0;
  for (int m = 0; m < plan.months; ++m) {
    Period month = allocator.PlayMonth(m);
    CloseMoney(plan, ledger[m], m, month, cumulative_cash, discounted);
    out.peak_gpus = std::max(out.peak_gpus, month.gpus);
    const int y = m / 12;
    if (y >= static_cast<int>(out.years.size())) {
      out.years.emplace_back();
      out.years.back().index = y;
      out.years.back().label = plan.start_year + y;
    }
    AddPeriod(month, out.years.back());
    AddPeriod(month, out.total);
    out.months.push_back(std::move(month));
  }
  out.jobs = allocator.jobs();
  out.leases = allocator.leases();
  out.products = allocator.products();
  const Period& last = out.months.back();
  out.terminal_value_usd = last.book_value_usd;
  out.terminal_discount =
      std::pow(1.0 + plan.discount_rate, plan.months / 12.0);
  out.discounted_terminal_value_usd =
      out.terminal_value_usd / out.terminal_discount;
  out.cash_npv_usd =
      out.total.money.discounted_cash_usd + out.discounted_terminal_value_usd;
  out.npv_usd =
      out.cash_npv_usd + out.total.money.discounted_training_value_usd;
  return out;
}

}  // namespace kardashev::growth
