"""kardashev.sweep: the CLI's sweep.json, resumable, and its frame."""

import json
import subprocess

import kardashev
from conftest import ROOT, cli_binary

SWEEP = ROOT / "tests" / "data" / "sweep" / "small-grid.toml"


def test_sweep_equals_the_cli_and_a_second_call_only_reads(tmp_path):
    result = kardashev.sweep(SWEEP, jobs=2, results=tmp_path / "py" / "results.sqlite")
    out = subprocess.run(
        [cli_binary(), "sweep", str(SWEEP), "--quiet", "--results",
         str(tmp_path / "cli" / "results.sqlite")],
        capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert result == json.loads((tmp_path / "cli" / "sweep.json").read_text())
    assert len(result["points"]) == 12
    assert result["seeds"] == [7, 8, 9]
    again = kardashev.sweep(SWEEP, results=tmp_path / "py" / "results.sqlite")
    assert again == result


def test_sweep_frame_is_one_row_per_point_replication_and_output(tmp_path):
    result = kardashev.sweep(SWEEP, results=tmp_path / "results.sqlite")
    frame = kardashev.to_frame(result)
    assert list(frame.columns) == [
        "point", "lease.l1.price_usd_per_gpu_hour", "cluster.c1.nodes", "lease_share",
        "lease.l1.gpus", "replication", "seed", "output", "value"]
    assert len(frame) == 12 * 3 * 3
    # The derived key: round(0.9 x 124) x 8 GPUs at point 0.
    assert frame[frame["point"] == 0]["lease.l1.gpus"].unique().tolist() == [896]
    npv = frame[(frame["point"] == 0) & (frame["output"] == "economics.npv_usd")]
    assert npv["value"].mean() == result["points"][0]["outputs"]["economics.npv_usd"]["mean"]


def test_bad_sweep_file_is_a_scenario_error(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(SWEEP.read_text().replace("replications = 3", "replications = 3\nbogus = 1")
                   .replace("../good/small.toml", str(ROOT / "tests/data/good/small.toml")))
    try:
        kardashev.sweep(bad, results=tmp_path / "r.sqlite")
    except kardashev.ScenarioError as e:
        assert str(e).startswith(f"{bad}:7:9: error: key 'sweep.bogus'"), str(e)
    else:
        raise AssertionError("no error")
