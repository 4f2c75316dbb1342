"""Kardashev from Python: run a scenario or a sweep, get its summary as a dict.

    import kardashev
    summary = kardashev.run("scenarios/colossus1.toml", variant="lease",
                            set={"lease.inference.price_usd_per_gpu_hour": 2.1})
    summary["variants"][0]["economics"]["npv_usd"]
    kardashev.to_frame(summary)      # one row per (variant, figure)
    kardashev.run("scenarios/colossus1.toml", seeds=20, jobs=2)   # means, ci95
    kardashev.sweep("examples/lease-price-sweep.toml", jobs=2)    # sweep.json

A scenario is a file path or a dict with a TOML file's keys (e.g. from
tomllib). Every run goes through the library's Run(), as the CLI's does, so a
result equals `kardashev run --format json` for the same input, and a sweep's
equals the sweep.json of `kardashev sweep`.
"""

import json
import os

from . import _toml
from ._kardashev import Request as _Request
from ._kardashev import ScenarioError, __version__
from ._kardashev import run_file as _run_file
from ._kardashev import run_text as _run_text
from ._kardashev import sweep_file as _sweep_file

__all__ = ["ScenarioError", "__version__", "growth_frame", "run", "sweep", "to_frame"]

ScenarioError.__doc__ = (
    "A bad scenario, --set value or variant: str() is the message the CLI "
    "prints (file:line:col, the key, what was expected). A ValueError.")

_DICT_NAME = "<dict>"


def _sets(overrides):
    if overrides is None:
        return []
    if not isinstance(overrides, dict):
        raise TypeError(f"set= takes a dict {{'key.path': value}}, got {type(overrides).__name__}")
    return [f"{key}={_toml.value(v, key)}" for key, v in overrides.items()]


def _whole(value, name, low, high):
    """value as an int in [low, high), or TypeError / ValueError naming it."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name}= takes an int, got {type(value).__name__}")
    if not low <= value < high:
        raise ValueError(f"{name}= expected an integer >= {low} and < {high}, got {value}")
    return value


def _paths(catalog):
    if catalog is None:
        return []
    if isinstance(catalog, (str, os.PathLike)):
        return [os.fspath(catalog)]
    return [os.fspath(p) for p in catalog]


def _request(seed, seeds, overrides, variant, catalog, jobs):
    request = _Request()
    request.sets = _sets(overrides)
    if seed is not None:
        request.seed = _whole(seed, "seed", 0, 2**64)
    if seeds is not None:
        request.seeds = _whole(seeds, "seeds", 2, 10001)
    request.variant = variant
    request.catalog_files = _paths(catalog)
    request.jobs = _whole(jobs, "jobs", 1, 1025)
    return request


def run(scenario, *, seed=None, seeds=None, set=None, variant=None, catalog=None,
        jobs=1):
    """Runs a scenario and returns its summary.json as a dict.

    scenario: a path (str or os.PathLike) to a scenario TOML file, or a dict
        with the same keys (nested dicts and lists). Relative paths inside a
        dict (includes, traces, catalog files) resolve against the working
        directory, and errors name it "<dict>".
    seed: the seed of every random stream (the CLI's --seed); the file's
        seed when None.
    seeds: N >= 2 plays every variant on seeds S, S+1, ..., S+N-1 (S the
        seed above; the CLI's --seeds): each variant's figures are then the
        means over the seeds, with "ci95" (95% half-widths), "per_seed" (every
        seed's summary) and a top-level "differences" (paired over seeds).
    set: {"key.path": value} overrides (the CLI's --set), applied after the
        variant's; values are written as TOML (strings quoted, bools lowercase).
    variant: run only this variant (the CLI's --variant).
    catalog: a catalog file or a list of them (the CLI's --catalog), added to
        the built-in catalog.
    jobs: threads that play the runs (the CLI's --jobs); the result is the
        same whatever it is.

    Raises ScenarioError (a ValueError, with the CLI's message) for bad input,
    TypeError or ValueError for a bad argument, RuntimeError for any other
    failure. The GIL is released while it runs.
    """
    request = _request(seed, seeds, set, variant, catalog, jobs)
    if isinstance(scenario, dict):
        out = _run_text(_toml.document(scenario), _DICT_NAME, request)
    elif isinstance(scenario, (str, os.PathLike)):
        out = _run_file(os.fspath(scenario), request)
    else:
        raise TypeError(
            f"scenario is a path or a dict, got {type(scenario).__name__}")
    return json.loads(out)


def sweep(path, *, jobs=1, results=None):
    """Runs a sweep file (docs/sweep-reference.md) and returns its sweep.json.

    Every run the results file lacks is played on `jobs` threads and recorded
    in the results file (SQLite; default runs/<sweep name>/results.sqlite,
    as the CLI's) as it finishes, so calling again after an interruption
    resumes, and calling again after it finished only reads. The dict holds
    per point its parameters and, per output, the mean, the 95% half-width
    and the values of each replication (in the order of "seeds").
    """
    jobs = _whole(jobs, "jobs", 1, 1025)
    results = None if results is None else os.fspath(results)
    return json.loads(_sweep_file(os.fspath(path), jobs, results))


def _flatten(obj, prefix, rows):
    if isinstance(obj, dict):
        for k, v in obj.items():
            _flatten(v, f"{prefix}.{k}" if prefix else k, rows)
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            name = item.get("name") if isinstance(item, dict) else None
            label = f"{prefix}[{name if isinstance(name, str) else i}]"
            if isinstance(item, dict):
                item = {k: v for k, v in item.items() if k != "name"}
            _flatten(item, label, rows)
    else:
        rows.append((prefix, obj))


def to_frame(result):
    """A tidy pandas DataFrame of a run() or sweep() result.

    A run: one row per (variant, figure), columns variant (str), figure
    (str) and value (the figure: a number, or a string, bool or None where
    summary.json has one). A run with seeds=: one row per (seed, variant,
    figure) of the per-seed summaries, with a seed column first.

    Figure paths are the summary's keys, dotted; a list item is named by its
    "name" when it has one, else by its index:
        economics.npv_usd, fleet.failures.total, training[frontier].ettr,
        serving[lessee-chat].ttft_s.p99
    Each variant's scenario, variant and description keys are not rows (the
    variant is a column); its seed and horizon_s are.

    A sweep: one row per (point, replication, output), columns point, one
    per parameter, replication, seed, output and value.
    """
    import pandas as pd  # only where frames are wanted

    if "points" in result and "definition_hash" in result:
        return _sweep_frame(pd, result)
    if "seeds" in result:
        rows = []
        for v in result["variants"]:
            for seed, per_seed in zip(result["seeds"], v["per_seed"]):
                rows.extend((seed,) + row[1:]
                            for row in _variant_rows(per_seed, v["variant"]))
        return pd.DataFrame(rows, columns=["seed", "variant", "figure", "value"])
    rows = []
    for v in result["variants"]:
        rows.extend(row[1:] for row in _variant_rows(v, v["variant"]))
    return pd.DataFrame(rows, columns=["variant", "figure", "value"])


def growth_frame(result):
    """The growth level of a run() result, year by year, as a pandas DataFrame.

    One row per (variant, year), columns variant, year and every figure of
    the summary's growth.years entries (by-site tables as site-named columns:
    gpus_by_site.memphis, ...), in the summary's order. A result whose
    scenario has no [growth] table gives an empty frame with those first
    two columns.
    """
    import pandas as pd  # only where frames are wanted

    rows = []
    for v in result["variants"]:
        for y in v.get("growth", {}).get("years", []):
            row = {"variant": v["variant"]}
            figures = []
            _flatten(y, "", figures)
            row.update(figures)
            rows.append(row)
    if not rows:
        return pd.DataFrame(columns=["variant", "year"])
    return pd.DataFrame(rows)


def _sweep_frame(pd, result):
    parameters = list(result["points"][0]["parameters"]) if result["points"] else []
    rows = []
    for p in result["points"]:
        values = [p["parameters"][name] for name in parameters]
        for output, o in p["outputs"].items():
            for r, value in enumerate(o["values"]):
                rows.append([p["point"], *values, r, result["seeds"][r], output, value])
    return pd.DataFrame(
        rows, columns=["point", *parameters, "replication", "seed", "output", "value"])


_NOT_FIGURES = ("scenario", "variant", "description")


def _variant_rows(variant, name):
    figures = []
    body = {k: x for k, x in variant.items() if k not in _NOT_FIGURES}
    _flatten(body, "", figures)
    return [(None, name, figure, value) for figure, value in figures]
