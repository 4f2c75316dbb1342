#include "kardashev/growth/purchase_ledger.h"

#include <algorithm>

namespace kardashev::growth {

std::vector<PurchaseMonth> PurchaseLedger(
    const std::vector<Purchase>& purchases, int months) {
  std::vector<PurchaseMonth> out(static_cast<std::size_t>(months));
  for (const Purchase& p : purchases) {
    const int spend = std::max(p.spend_month, 0);
    if (spend >= months) continue;
    (p.orbital ? out[spend].capex_orbital_usd : out[spend].capex_ground_usd) +=
        p.capex_usd;
    const double per_month = p.capex_usd / p.life_months;
    double book = p.capex_usd;
    for (int m = spend; m < months; ++m) {
      if (p.retire_month >= 0 && m >= p.retire_month) {
        if (m == p.retire_month) out[m].depreciation_usd += book;
        book = 0;
        break;
      }
      if (m >= p.service_month && book > 0) {
        const double d = std::min(per_month, book);
        out[m].depreciation_usd += d;
        book -= d;
        if (book < p.capex_usd * 1e-12) {
          // The last month takes what rounding left, so the sum is exact.
          out[m].depreciation_usd += book;
          book = 0;
        }
      }
      out[m].book_value_usd += book;
    }
  }
  return out;
}

}  // namespace kardashev::growth
