#!/usr/bin/python3
"""Checks that a change to Kardashev leaves every shipped scenario's numbers as they were.

Usage: scripts/compare-scenario-outputs.py OLD_BINARY NEW_BINARY [SCENARIO.toml ...]

Runs each scenario (default: every file in scenarios/) with both binaries and compares
summary.json and timeseries.csv. Every value the old summary.json holds must be in the new one,
at the same place and equal (new keys may be added). The old shape, a flat object for a scenario
without variants or a "variants" object keyed by name, is read as the list of variant objects
the current shape holds under "variants". timeseries.csv must be byte-identical, except that a
scenario with no fleet may now write none. Exit status 0 when all agree, 1 otherwise.
"""
import json
import os
import subprocess
import sys
import tempfile


def variants(summary):
    v = summary.get("variants")
    if v is None:
        return [summary]
    if isinstance(v, dict):
        return [dict(obj, variant=name) if "variant" not in obj else obj for name, obj in v.items()]
    return v


def leaves(value, path=""):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from leaves(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from leaves(v, f"{path}[{i}]")
    else:
        yield path, value


def lookup(value, path):
    for part in path.replace("[", ".[").split(".")[1:]:
        if part.startswith("["):
            i = int(part[1:-1])
            if not isinstance(value, list) or i >= len(value):
                return KeyError
            value = value[i]
        else:
            if not isinstance(value, dict) or part not in value:
                return KeyError
            value = value[part]
    return value


def run(binary, scenario, out):
    subprocess.run([binary, "run", scenario, "--out", out, "--quiet"] if supports_quiet(binary)
                   else [binary, "run", scenario, "--out", out],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def supports_quiet(binary):
    h = subprocess.run([binary, "run", "--help"], capture_output=True, text=True)
    return "--quiet" in h.stdout


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    old_bin, new_bin = sys.argv[1], sys.argv[2]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    scenarios = sys.argv[3:] or sorted(
        os.path.join(root, "scenarios", f) for f in os.listdir(os.path.join(root, "scenarios"))
        if f.endswith(".toml"))
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for scenario in scenarios:
            name = os.path.splitext(os.path.basename(scenario))[0]
            old_dir, new_dir = os.path.join(tmp, "old", name), os.path.join(tmp, "new", name)
            run(old_bin, scenario, old_dir)
            run(new_bin, scenario, new_dir)
            with open(os.path.join(old_dir, "summary.json")) as f:
                old = variants(json.load(f))
            with open(os.path.join(new_dir, "summary.json")) as f:
                new = variants(json.load(f))
            problems = []
            if len(old) != len(new):
                problems.append(f"{len(old)} variants before, {len(new)} now")
            for o, n in zip(old, new):
                for path, value in leaves(o):
                    got = lookup(n, path)
                    if got is KeyError:
                        problems.append(f"{o.get('variant')}{path}: missing (was {value!r})")
                    elif got != value:
                        problems.append(f"{o.get('variant')}{path}: {value!r} -> {got!r}")
            old_csv, new_csv = os.path.join(old_dir, "timeseries.csv"), os.path.join(new_dir, "timeseries.csv")
            if os.path.exists(new_csv):
                with open(old_csv, "rb") as a, open(new_csv, "rb") as b:
                    if a.read() != b.read():
                        problems.append("timeseries.csv differs")
            elif any(c.get("clusters") for c in old):
                problems.append("timeseries.csv is missing")
            leaf_count = sum(1 for o in old for _ in leaves(o))
            if problems:
                failed += 1
                print(f"DIFFERENT {name}: {len(problems)} of {leaf_count} values")
                for p in problems[:20]:
                    print(f"  {p}")
            else:
                print(f"same      {name}: {len(old)} variants, {leaf_count} values")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
