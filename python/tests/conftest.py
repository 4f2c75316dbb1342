"""Shared pieces of the Python module's tests: paths, and the CLI to compare with."""

import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SMALL = ROOT / "tests" / "data" / "good" / "small.toml"


def cli_binary():
    return os.environ.get("KARDASHEV_BINARY", str(ROOT / "build" / "kardashev"))


def run_cli(args, out_dir):
    """Runs the CLI with `args`, writing its run directory under `out_dir`."""
    return subprocess.run([cli_binary(), *args, "--out", str(out_dir)],
                          capture_output=True, text=True, check=False)


@pytest.fixture(autouse=True)
def _in_root(monkeypatch):
    # Paths in the tests (and in a dict's traces) are relative to the repository.
    monkeypatch.chdir(ROOT)
