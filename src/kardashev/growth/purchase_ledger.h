// The purchases of a fleet over years and what they do to the ledger: each
// purchase is spent in one month, depreciated straight-line over its life
// from the month it enters service, and written off (its book value left
// charged as depreciation) in the month it retires. Per purchase,
// depreciation to date plus book value = capex at every month's end once it
// is spent; before it is spent, both are 0.
#ifndef KARDASHEV_GROWTH_PURCHASE_LEDGER_H_
#define KARDASHEV_GROWTH_PURCHASE_LEDGER_H_

#include <vector>

namespace kardashev::growth {

struct Purchase {
  double capex_usd = 0;
  bool orbital = false;    // satellites and launches, else ground
  int spend_month = 0;     // < 0 counts in month 0
  int service_month = 0;   // depreciation starts (>= spend month)
  double life_months = 1;  // > 0
  int retire_month = -1;   // written off here; -1: kept
};

struct PurchaseMonth {
  double capex_ground_usd = 0;
  double capex_orbital_usd = 0;
  double depreciation_usd = 0;
  double book_value_usd = 0;  // at the month's end
};

// The ledger of `purchases` over `months` months, month by month.
std::vector<PurchaseMonth> PurchaseLedger(
    const std::vector<Purchase>& purchases, int months);

}  // namespace kardashev::growth

#endif  // KARDASHEV_GROWTH_PURCHASE_LEDGER_H_
