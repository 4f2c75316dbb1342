#!/usr/bin/env python3
"""At which lease price per GPU-hour does leasing Colossus 1 stop beating training on it?

scenarios/colossus1.toml plays, among others, the variant `lease` (212,000 GPUs leased to an
outside lab at $1.85 per GPU-hour) and `train` (our own 405B model on 212,992 GPUs). This
script runs `train` and `lease` and compares them on one NPV.

Trained tokens earn no cash; the scenario states what they are worth to its owner
(training.frontier.value_usd_per_million_tokens, an assumption explained in the file: what
training them on rented GPUs would cost). That imputed value enters `train`'s NPV, apart
from cash revenue. The script prints both NPVs at the file's value, scans lease prices
(--set on the lease's price) for the token value at which training would match the lease,
and finds by bisection the lease price below which training beats leasing at the file's
token value (--set on the token value re-runs `train` to check the break-even).

Run after `make`:  PYTHONPATH=build/python /usr/bin/python3 examples/lease-or-train.py
"""

import pathlib
import tomllib

import kardashev

SCENARIO = pathlib.Path(__file__).resolve().parents[1] / "scenarios" / "colossus1.toml"
PRICE_KEY = "lease.inference.price_usd_per_gpu_hour"
VALUE_KEY = "training.frontier.value_usd_per_million_tokens"
SCAN_USD_PER_GPU_HOUR = [0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0]
TOLERANCE_USD = 0.001


def billions(usd):
    return f"{'-' if usd < 0 else ''}${abs(usd) / 1e9:,.3f}B"


def variant(name, overrides=None):
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


def file_values():
    with open(SCENARIO, "rb") as f:
        doc = tomllib.load(f)
    price = next(x for x in doc["lease"] if x["name"] == "inference")["price_usd_per_gpu_hour"]
    job = next(x for x in doc["training"] if x["name"] == "frontier")
    return price, job.get("value_usd_per_million_tokens", 0.0)


def main():
    price_in_file, value_in_file = file_values()
    train = variant("train")
    econ = train["economics"]
    (job,) = train["training"]
    print(f"train: {job['tokens_trained']:.3e} tokens of {job['model']} in a year at "
          f"${value_in_file:.2f} per million (the file's assumption): training value "
          f"{billions(econ['training_value_usd'])} (imputed), cash revenue "
          f"${econ['revenue_usd']:,.0f}; cash NPV {billions(econ['cash_npv_usd'])}, "
          f"NPV {billions(econ['npv_usd'])} (terminal value {billions(econ['terminal_value_usd'])})")

    # train's NPV is linear in the token value: NPV(v) = cash NPV + v x (discounted value of
    # a $1-per-million token value).
    pv_per_unit = (econ["npv_usd"] - econ["cash_npv_usd"]) / value_in_file if value_in_file else 0

    cache = {}

    def lease(price):
        if price not in cache:
            cache[price] = variant("lease", {PRICE_KEY: price})["economics"]
        return cache[price]

    print("\nlease price   lease NPV   train NPV   token value at which train's NPV = lease's")
    print("($/GPU-h)     ($B)        ($B)        ($ per million tokens trained)")
    for price in sorted({*SCAN_USD_PER_GPU_HOUR, price_in_file}):
        e = lease(price)
        needed = (e["npv_usd"] - econ["cash_npv_usd"]) / pv_per_unit if pv_per_unit else float("nan")
        print(f"{price:9.2f}   {e['npv_usd'] / 1e9:9.3f}   {econ['npv_usd'] / 1e9:9.3f}   "
              f"{needed:8.2f}")

    crossover = bisect(lambda p: lease(p)["npv_usd"] - econ["npv_usd"], 0.0, 10.0)
    print(f"\nWith trained tokens worth ${value_in_file:.2f} per million, on NPV:")
    if crossover is None:
        print("  no crossover between $0 and $10 per GPU-hour")
    else:
        print(f"  leasing stops beating training below ${crossover:.3f} per GPU-hour "
              f"(the file's price is ${price_in_file:.2f})")

    at_file = lease(price_in_file)
    needed = (at_file["npv_usd"] - econ["cash_npv_usd"]) / pv_per_unit if pv_per_unit else None
    if needed is not None:
        check = variant("train", {VALUE_KEY: needed})["economics"]["npv_usd"]
        print(f"\nAnswer: at the file's ${price_in_file:.2f} per GPU-hour, training beats leasing "
              f"only if a million trained tokens are worth more than ${needed:.2f} (train's NPV "
              f"at that value, re-run: {billions(check)}; lease's: {billions(at_file['npv_usd'])}).")


if __name__ == "__main__":
    main()
