#!/usr/bin/env python3
"""At which lease price per GPU-hour does leasing Colossus 1 stop beating training on it?

scenarios/colossus1.toml plays, among others, the variant `lease` (212,000 GPUs leased to an
outside lab at $1.85 per GPU-hour) and `train` (our own 405B model on 212,992 GPUs). This
script runs `train` once and `lease` at several prices (--set on the lease's price), and
finds by bisection the price at which the two are worth the same.

The catch: the scenario gives trained tokens no price (its [economics] has no key for what
a model is worth), so `train` earns nothing and its NPV is the cluster's cost alone. Compared
as modelled, leasing wins at any price at or above zero, and the script says so. To compare
what is comparable, it then values each trained token at a price v and finds the lease price
at which leasing stops beating training, for v = what a token cost to train (the run's own
cost per million tokens, at which training just pays for itself) and prints, for each lease
price of a scan, the v at which training would match the lease.

Run after `make`:  PYTHONPATH=build/python /usr/bin/python3 examples/lease-or-train.py
"""

import pathlib
import tomllib

import kardashev

SCENARIO = pathlib.Path(__file__).resolve().parents[1] / "scenarios" / "colossus1.toml"
PRICE_KEY = "lease.inference.price_usd_per_gpu_hour"
SCAN_USD_PER_GPU_HOUR = [0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0]
TOLERANCE_USD = 0.001


def billions(usd):
    return f"{'-' if usd < 0 else ''}${abs(usd) / 1e9:,.3f}B"


def variant(name, price=None):
    overrides = None if price is None else {PRICE_KEY: price}
    (result,) = kardashev.run(SCENARIO, variant=name, set=overrides)["variants"]
    return result


def bisect(f, low, high):
    """The root of an increasing f on [low, high] to TOLERANCE_USD, or None if it has none."""
    if f(low) > 0 or f(high) < 0:
        return None
    while high - low > TOLERANCE_USD:
        mid = (low + high) / 2
        low, high = (mid, high) if f(mid) < 0 else (low, mid)
    return (low + high) / 2


def file_price():
    with open(SCENARIO, "rb") as f:
        leases = tomllib.load(f)["lease"]
    return next(x for x in leases if x["name"] == "inference")["price_usd_per_gpu_hour"]


def main():
    price_in_file = file_price()
    train = variant("train")
    econ = train["economics"]
    (job,) = train["training"]
    million_tokens = job["tokens_trained"] / 1e6
    cost_per_m = job["cost_usd_per_million_tokens"]
    print(f"train: {job['tokens_trained']:.3e} tokens of {job['model']} in a year, "
          f"${cost_per_m:.2f} per million tokens; revenue ${econ['revenue_usd']:,.0f}, "
          f"profit {billions(econ['profit_usd'])}, NPV {billions(econ['npv_usd'])}")
    if econ["revenue_usd"] == 0:
        print("  note: colossus1.toml values trained tokens at zero (no economics key prices "
              "them): train's NPV is the cluster's cost alone")

    cache = {}

    def lease(price):
        if price not in cache:
            cache[price] = variant("lease", price)["economics"]
        return cache[price]

    print("\nlease price   lease NPV   lease profit   train NPV   break-even token value")
    print("($/GPU-h)     ($B)        ($B)           ($B)        ($ per million tokens trained)")
    for price in sorted({*SCAN_USD_PER_GPU_HOUR, price_in_file}):
        e = lease(price)
        value = (e["profit_usd"] - econ["profit_usd"]) / million_tokens
        print(f"{price:9.2f}   {e['npv_usd'] / 1e9:9.3f}   {e['profit_usd'] / 1e9:12.3f}   "
              f"{econ['npv_usd'] / 1e9:9.3f}   {value:8.2f}")

    as_modelled = bisect(lambda p: lease(p)["npv_usd"] - econ["npv_usd"], 0.0, 10.0)
    print("\nAs modelled (trained tokens worth $0), on NPV:")
    if as_modelled is None:
        e = lease(0.0)
        print(f"  no crossover at any price >= $0: leasing beats training even at $0 per "
              f"GPU-hour (NPV {billions(e['npv_usd'])} vs {billions(econ['npv_usd'])}), "
              f"since the lessee's inference draws less power than training "
              f"(energy ${e['energy_cost_usd'] / 1e6:.0f}M vs ${econ['energy_cost_usd'] / 1e6:.0f}M)")
    else:
        print(f"  leasing stops beating training below ${as_modelled:.3f} per GPU-hour")

    # Comparable: training earns v per million tokens trained, over the same horizon, so
    # the comparison is on profit (revenue - opex - depreciation), both undiscounted.
    worth = econ["profit_usd"] + cost_per_m * million_tokens
    crossover = bisect(lambda p: lease(p)["profit_usd"] - worth, 0.0, 10.0)
    print(f"\nWith trained tokens worth what they cost to train (${cost_per_m:.2f} per million), "
          f"on profit over the year:")
    if crossover is None:
        print("  no crossover between $0 and $10 per GPU-hour")
    else:
        print(f"  leasing stops beating training below ${crossover:.3f} per GPU-hour "
              f"(lease profit at that price {billions(lease(crossover)['profit_usd'])}, "
              f"training's {billions(worth)}; the file's price is ${price_in_file:.2f})")
    needed = (lease(price_in_file)["profit_usd"] - econ["profit_usd"]) / million_tokens
    print(f"\nAnswer: as modelled, never (a trained token counts as $0); valuing a trained "
          f"token at its cost, below ${crossover:.2f} per GPU-hour. At the file's "
          f"${price_in_file:.2f}, training beats leasing only if a million trained tokens are "
          f"worth more than ${needed:.2f}.")


if __name__ == "__main__":
    main()
