"""Errors: kardashev.ScenarioError carries exactly the CLI's message."""

import subprocess
import tomllib

import pytest

import kardashev
from conftest import ROOT, SMALL, cli_binary, run_cli


def cli_error(args, tmp_path):
    out = run_cli(["run", *args], tmp_path)
    assert out.returncode == 2, out.stderr
    return out.stderr.strip().splitlines()[-1]


def test_scenario_error_is_a_value_error():
    assert issubclass(kardashev.ScenarioError, ValueError)


def test_bad_set_value_has_the_cli_message(tmp_path):
    with pytest.raises(kardashev.ScenarioError) as e:
        kardashev.run(SMALL, set={"lease.l1.gpus": -5})
    assert str(e.value) == cli_error([str(SMALL), "--set", "lease.l1.gpus=-5"], tmp_path)
    assert "lease.l1.gpus" in str(e.value)


def test_unknown_variant_has_the_cli_message(tmp_path):
    with pytest.raises(kardashev.ScenarioError) as e:
        kardashev.run(SMALL, variant="nope")
    assert str(e.value) == cli_error([str(SMALL), "--variant", "nope"], tmp_path)


def test_bad_file_has_the_cli_message(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(SMALL.read_text().replace("pue = 1.2", "pue = 0.5"))
    with pytest.raises(kardashev.ScenarioError) as e:
        kardashev.run(bad)
    assert str(e.value) == cli_error([str(bad)], tmp_path)
    assert str(e.value).startswith(f"{bad}:")
    assert "pue" in str(e.value)


def test_bad_dict_names_the_dict_and_the_key():
    with open(SMALL, "rb") as f:
        scenario = tomllib.load(f)
    scenario["site"][0]["pue"] = 0.5
    with pytest.raises(kardashev.ScenarioError) as e:
        kardashev.run(scenario)
    assert str(e.value).startswith("<dict>:")
    assert "key 'site.dc.pue': expected a number in [1, 3]" in str(e.value)


def test_missing_file_is_a_scenario_error():
    with pytest.raises(kardashev.ScenarioError, match="cannot read the scenario file"):
        kardashev.run("no/such/scenario.toml")


def test_bad_seed_is_refused():
    with pytest.raises(TypeError):
        kardashev.run(SMALL, seed="7")
    with pytest.raises(ValueError, match="seed= expected an integer >= 0"):
        kardashev.run(SMALL, seed=-1)
    with pytest.raises(ValueError, match="seed= expected an integer >= 0"):
        kardashev.run(SMALL, seed=2**64)


def test_a_file_that_is_not_a_results_file_is_refused_as_the_cli_does(tmp_path):
    sweep = ROOT / "tests" / "data" / "sweep" / "small-grid.toml"
    results = tmp_path / "results.sqlite"
    results.write_text("not a database")
    with pytest.raises(kardashev.ScenarioError) as raised:
        kardashev.sweep(sweep, results=results)
    out = subprocess.run([cli_binary(), "sweep", str(sweep), "--results", str(results)],
                         capture_output=True, text=True, check=False)
    assert out.returncode == 2
    assert out.stderr.strip() == str(raised.value)
    assert results.read_text() == "not a database"  # left as it was


def test_values_toml_cannot_write_are_type_errors():
    with pytest.raises(TypeError, match="lease.l1.gpus"):
        kardashev.run(SMALL, set={"lease.l1.gpus": None})
