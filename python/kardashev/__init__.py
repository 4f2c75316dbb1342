"""Kardashev from Python: run a scenario, get its summary.json as a dict.

    import kardashev
    summary = kardashev.run("scenarios/colossus1.toml", variant="lease",
                            set={"lease.inference.price_usd_per_gpu_hour": 2.1})
    summary["variants"][0]["economics"]["npv_usd"]
    kardashev.to_frame(summary)      # one row per (variant, figure)

A scenario is a file path or a dict with a TOML file's keys (e.g. from
tomllib). Every run goes through the library's Run(), as the CLI's does, so a
result equals `kardashev run --format json` for the same input.
"""

import json
import os

from . import _toml
from ._kardashev import ScenarioError, __version__
from ._kardashev import run_file as _run_file
from ._kardashev import run_text as _run_text

__all__ = ["ScenarioError", "__version__", "run", "to_frame"]

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


def _seed_text(seed):
    if seed is None:
        return None
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"seed= takes an int, got {type(seed).__name__}")
    return str(seed)


def _run_one(scenario, seed, overrides, variant, catalog):
    sets = _sets(overrides)
    seed_text = _seed_text(seed)
    catalog_dir = None if catalog is None else os.fspath(catalog)
    if isinstance(scenario, dict):
        text = _toml.document(scenario)
        out = _run_text(text, _DICT_NAME, sets, seed_text, variant, catalog_dir)
    elif isinstance(scenario, (str, os.PathLike)):
        out = _run_file(os.fspath(scenario), sets, seed_text, variant, catalog_dir)
    else:
        raise TypeError(
            f"scenario is a path or a dict, got {type(scenario).__name__}")
    return json.loads(out)


def _run_seeds(scenario, seeds, overrides, variant, catalog):
    """One run per seed: {"seeds": [...], "runs": [summary per seed]}.

    Runs each seed on its own; the CLI's `run --seeds` (means and intervals
    computed in the library) is to take its place.
    """
    seeds = list(seeds)
    if not seeds:
        raise ValueError("seeds= needs at least one seed")
    runs = [_run_one(scenario, s, overrides, variant, catalog) for s in seeds]
    return {"seeds": seeds, "runs": runs}


def run(scenario, *, seed=None, seeds=None, set=None, variant=None, catalog=None):
    """Runs a scenario and returns its summary.json as a dict.

    scenario: a path (str or os.PathLike) to a scenario TOML file, or a dict
        with the same keys (nested dicts and lists). Relative paths inside a
        dict (includes, traces) resolve against the working directory, and
        errors name it "<dict>".
    seed: the seed of every random stream (the CLI's --seed).
    seeds: an iterable of seeds instead of seed=: returns
        {"seeds": [s0, s1, ...], "runs": [summary of s0, summary of s1, ...]}.
    set: {"key.path": value} overrides (the CLI's --set), applied after the
        variant's; values are written as TOML (strings quoted, bools lowercase).
    variant: run only this variant (the CLI's --variant).
    catalog: a directory of catalog TOML files (as data/catalog/) to use in
        place of the catalog built in.

    Raises ScenarioError (a ValueError, with the CLI's message) for bad input,
    RuntimeError for any other failure. The GIL is released while it runs.
    """
    if seeds is not None:
        if seed is not None:
            raise TypeError("give seed= or seeds=, not both")
        if isinstance(seeds, (int, str)):
            raise TypeError("seeds= takes an iterable of seeds, e.g. seeds=range(4)")
        return _run_seeds(scenario, seeds, set, variant, catalog)
    return _run_one(scenario, seed, set, variant, catalog)


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


def to_frame(summary):
    """A tidy pandas DataFrame of a run() result: one row per figure.

    Columns: variant (str), figure (str), value (the figure: a number, or a
    string, bool or None where summary.json has one), and first a seed column
    when `summary` is a multi-seed result (run(..., seeds=...)).

    Figure paths are the summary's keys, dotted; a list item is named by its
    "name" when it has one, else by its index:
        economics.npv_usd, fleet.failures.total, training[frontier].ettr,
        serving[lessee-chat].ttft_s.p99
    Each variant's scenario, variant and description keys are not rows (the
    variant is a column); its seed and horizon_s are.
    """
    import pandas as pd  # only where frames are wanted

    if "runs" in summary and "seeds" in summary:
        frames = [_frame_rows(run_summary, seed)
                  for seed, run_summary in zip(summary["seeds"], summary["runs"])]
        rows = [row for frame in frames for row in frame]
        return pd.DataFrame(rows, columns=["seed", "variant", "figure", "value"])
    rows = [row[1:] for row in _frame_rows(summary, None)]
    return pd.DataFrame(rows, columns=["variant", "figure", "value"])


_NOT_FIGURES = ("scenario", "variant", "description")


def _frame_rows(summary, seed):
    rows = []
    for v in summary["variants"]:
        figures = []
        body = {k: x for k, x in v.items() if k not in _NOT_FIGURES}
        _flatten(body, "", figures)
        rows.extend((seed, v["variant"], figure, value) for figure, value in figures)
    return rows
