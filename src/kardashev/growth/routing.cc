#include "kardashev/growth/routing.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>

namespace kardashev::growth {

double CurveAt(const std::vector<CurvePoint>& curve, double month) {
  if (month <= curve.front().month) return curve.front().value;
  for (std::size_t i = 1; i < curve.size(); ++i) {
    if (month <= curve[i].month) {
      const CurvePoint& a = curve[i - 1];
      const CurvePoint& b = curve[i];
      const double x = (month - a.month) / (b.month - a.month);
      return a.value + x * (b.value - a.value);
    }
  }
  return curve.back().value;
}

double HourFactor(const serving::DemandCurve& curve, int hour) {
  return 1.0 + curve.daily_amplitude *
                   std::cos(2.0 * std::numbers::pi *
                            (hour + 0.5 - curve.peak_hour) / 24.0);
}

namespace {

// The sites a region reaches within the product's budget, nearest first.
std::vector<int> Reachable(const GrowthPlan& plan, const Product& product,
                           const Region& region) {
  std::vector<std::pair<double, int>> by_rtt;
  for (int s = 0; s < static_cast<int>(plan.sites.size()); ++s) {
    const double rtt = region.round_trip_ms[s];
    if (rtt < 0) continue;
    const Site& site = plan.sites[s];
    const double total =
        rtt + (site.orbital() ? site.orbit->link_round_trip_ms : 0.0);
    if (product.max_round_trip_ms > 0 && total > product.max_round_trip_ms) {
      continue;
    }
    by_rtt.emplace_back(total, s);
  }
  std::stable_sort(
      by_rtt.begin(), by_rtt.end(),
      [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<int> sites;
  for (const auto& [rtt, s] : by_rtt) sites.push_back(s);
  return sites;
}

}  // namespace

RoutedMonth RouteProduct(const GrowthPlan& plan, int p, int month,
                         const std::vector<std::vector<double>>& free_gpus,
                         const std::vector<double>& link_tokens_per_s) {
  const Product& product = plan.products[p];
  const int sites = static_cast<int>(plan.sites.size());
  const int gens = static_cast<int>(plan.generations.size());
  RoutedMonth out;
  out.served_by_site.assign(sites, 0.0);
  out.gpus.assign(sites, std::vector<double>(gens, 0.0));
  out.link_tokens_per_s.assign(sites, 0.0);
  const double tokens = std::max(product.tokens_per_request, 1e-300);
  // Generations by requests per GPU-second for this product, best first.
  std::vector<int> order(gens);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    return plan.generations[a].serving_requests_per_gpu_s[p] >
           plan.generations[b].serving_requests_per_gpu_s[p];
  });
  std::vector<std::vector<int>> reach;
  std::vector<double> mean_rate_per_s;  // by region, over the day
  for (const RegionDemand& d : product.demand) {
    reach.push_back(Reachable(plan, product, plan.regions[d.region]));
    mean_rate_per_s.push_back(CurveAt(d.daily_users, month + 0.5) *
                              product.requests_per_user_per_day / 86400.0);
  }
  const double hour_s = 3600.0;
  const double days = kSecondsPerMonth / 86400.0;
  std::vector<std::vector<double>> used(sites, std::vector<double>(gens));
  std::vector<double> link_used(sites);
  for (int h = 0; h < 24; ++h) {
    for (auto& u : used) std::fill(u.begin(), u.end(), 0.0);
    std::fill(link_used.begin(), link_used.end(), 0.0);
    const double shape = HourFactor(product.curve, h);
    for (std::size_t r = 0; r < product.demand.size(); ++r) {
      double rate = mean_rate_per_s[r] * shape;
      out.requests_demanded += rate * hour_s * days;
      for (int s : reach[r]) {
        if (rate <= 0) break;
        double room = rate;
        if (link_tokens_per_s[s] >= 0) {
          room = std::min(room, link_tokens_per_s[s] / tokens - link_used[s]);
        }
        double taken = 0;
        for (int g : order) {
          const double cap = plan.generations[g].serving_requests_per_gpu_s[p];
          if (cap <= 0 || room - taken <= 0) break;
          const double gpus_free = free_gpus[s][g] - used[s][g];
          if (gpus_free <= 0) continue;
          const double take = std::min(room - taken, gpus_free * cap);
          used[s][g] += take / cap;
          taken += take;
        }
        link_used[s] += taken;
        rate -= taken;
        out.requests_served += taken * hour_s * days;
        out.served_by_site[s] += taken * hour_s * days;
      }
    }
    for (int s = 0; s < sites; ++s) {
      out.link_tokens_per_s[s] =
          std::max(out.link_tokens_per_s[s], link_used[s] * tokens);
      for (int g = 0; g < gens; ++g) {
        out.gpus[s][g] = std::max(out.gpus[s][g], used[s][g]);
      }
    }
  }
  return out;
}

}  // namespace kardashev::growth
