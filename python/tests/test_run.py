"""kardashev.run: from a file, from a dict, with overrides and seeds; equal to the CLI."""

import json
import tomllib

import pytest

import kardashev
from kardashev import _toml
from conftest import ROOT, SMALL, run_cli

# tests/data/good/small.toml: one lease of 960 GPUs at $2.00 per GPU-hour over 30 days.
SMALL_LEASE_REVENUE_USD = 960 * 30 * 24 * 2.0  # = 1,382,400, fully available


def lease(summary, name="l1"):
    (variant,) = summary["variants"]
    return next(x for x in variant["leases"] if x["name"] == name)


def test_version_is_the_cli_version(tmp_path):
    out = run_cli(["--version"], tmp_path)
    assert out.stdout.split() == ["kardashev", kardashev.__version__]


def test_run_from_file_equals_the_cli_json(tmp_path):
    out = run_cli(["run", str(SMALL), "--format", "json", "--quiet"], tmp_path)
    assert out.returncode == 0, out.stderr
    assert kardashev.run(SMALL) == json.loads(out.stdout)
    assert kardashev.run(str(SMALL)) == json.loads(out.stdout)


def test_run_from_file_has_the_hand_computed_revenue():
    summary = kardashev.run(SMALL)
    assert summary["scenario"] == "small"
    assert lease(summary)["revenue_usd"] == pytest.approx(SMALL_LEASE_REVENUE_USD, rel=1e-9)


@pytest.mark.parametrize("path", [SMALL, ROOT / "scenarios" / "llama3-405b.toml"])
def test_run_from_dict_equals_run_from_file(path):
    with open(path, "rb") as f:
        scenario = tomllib.load(f)
    assert kardashev.run(scenario) == kardashev.run(path)


def test_set_overrides_change_the_figure_they_should():
    base = lease(kardashev.run(SMALL))
    half = lease(kardashev.run(SMALL, set={"lease.l1.gpus": 480}))
    dear = lease(kardashev.run(SMALL, set={"lease.l1.price_usd_per_gpu_hour": 3.0}))
    assert half["gpus"] == 480
    assert half["revenue_usd"] == pytest.approx(base["revenue_usd"] / 2, rel=1e-6)
    assert dear["revenue_usd"] == pytest.approx(base["revenue_usd"] * 1.5, rel=1e-9)


def test_set_writes_strings_and_bools_as_toml():
    renamed = kardashev.run(SMALL, set={"scenario.name": 'a "quoted"\nname'})
    assert renamed["scenario"] == 'a "quoted"\nname'
    without = kardashev.run(SMALL, set={"lease.l1.enabled": False})
    assert without["variants"][0]["leases"] == []


def test_seed_sets_the_seed():
    assert kardashev.run(SMALL, seed=7)["seed"] == 7
    assert kardashev.run(SMALL)["seed"] == 1  # the file's


def test_seeds_give_means_intervals_and_each_seed_equal_to_a_plain_run(tmp_path):
    result = kardashev.run(SMALL, seed=3, seeds=3)
    assert result["seeds"] == [3, 4, 5]
    (variant,) = result["variants"]
    assert len(variant["per_seed"]) == 3
    revenues = []
    for seed, per_seed in zip(result["seeds"], variant["per_seed"]):
        (plain,) = kardashev.run(SMALL, seed=seed)["variants"]
        assert per_seed == plain
        revenues.append(plain["economics"]["revenue_usd"])
    assert variant["economics"]["revenue_usd"] == pytest.approx(sum(revenues) / 3)
    assert "economics" in variant["ci95"]
    out = run_cli(["run", str(SMALL), "--seed", "3", "--seeds", "3", "--format", "json",
                   "--quiet"], tmp_path)
    assert out.returncode == 0, out.stderr
    assert result == json.loads(out.stdout)
    assert kardashev.run(SMALL, seed=3, seeds=3, jobs=2) == result


def test_bad_seeds_are_refused():
    with pytest.raises(ValueError, match="seeds= expected an integer >= 2"):
        kardashev.run(SMALL, seeds=1)
    with pytest.raises(TypeError):
        kardashev.run(SMALL, seeds=[1, 2])
    with pytest.raises(ValueError, match="jobs="):
        kardashev.run(SMALL, jobs=0)


def test_variant_selects_one():
    colossus = ROOT / "scenarios" / "colossus1.toml"
    (only,) = kardashev.run(colossus, variant="idle-owned")["variants"]
    assert only["variant"] == "idle-owned"
    assert only["leases"] == []  # the variant's "lease.inference.enabled" = false
    assert only["economics"]["revenue_usd"] == 0


def test_catalog_files_add_to_the_built_in_catalog(tmp_path):
    # A copy of the lease's GPU under a new name, in a catalog file of one's own.
    gpus = tomllib.loads((ROOT / "data" / "catalog" / "gpus.toml").read_text())
    nodes = tomllib.loads((ROOT / "data" / "catalog" / "nodes.toml").read_text())
    scenario = tomllib.loads(SMALL.read_text())
    node = next(n for n in nodes["node"] if n["name"] == scenario["cluster"][0]["node"])
    gpu = next(g for g in gpus["gpu"] if g["name"] == node["gpu"])
    mine = tmp_path / "mine.toml"
    mine.write_text(_toml.document({
        "gpu": [dict(gpu, name="my-gpu")],
        "node": [dict(node, name="my-node", gpu="my-gpu")]}))
    scenario["cluster"][0]["node"] = "my-node"
    assert kardashev.run(scenario, catalog=mine)["variants"][0]["economics"] == \
        kardashev.run(SMALL)["variants"][0]["economics"]
    with pytest.raises(kardashev.ScenarioError, match="my-node"):
        kardashev.run(scenario)  # without the catalog file
    clash = tmp_path / "clash.toml"
    clash.write_text(_toml.document({"gpu": [gpu]}))
    with pytest.raises(kardashev.ScenarioError, match="built-in catalog already has"):
        kardashev.run(SMALL, catalog=[clash])


def test_a_dicts_includes_resolve_against_the_working_directory():
    # The tests run from the repository root (conftest.py).
    included = kardashev.run({"include": "tests/data/good/small.toml"})
    assert included == kardashev.run(SMALL)
