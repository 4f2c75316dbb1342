"""kardashev.to_frame: one row per (variant, figure), values as in the summary."""

import tomllib

import pytest

import kardashev
from kardashev import _toml
from conftest import ROOT, SMALL


def leaves(obj):
    if isinstance(obj, dict):
        return sum(leaves(v) for v in obj.values())
    if isinstance(obj, list):
        return sum(leaves({k: v for k, v in x.items() if k != "name"})
                   if isinstance(x, dict) else 1 for x in obj)
    return 1


def test_frame_has_one_row_per_figure():
    summary = kardashev.run(SMALL)
    frame = kardashev.to_frame(summary)
    assert list(frame.columns) == ["variant", "figure", "value"]
    (variant,) = summary["variants"]
    figures = {k: v for k, v in variant.items() if k not in ("scenario", "variant", "description")}
    assert len(frame) == leaves(figures)
    assert set(frame["variant"]) == {"base"}
    assert frame["figure"].is_unique
    by_figure = frame.set_index("figure")["value"]
    assert by_figure["leases[l1].revenue_usd"] == variant["leases"][0]["revenue_usd"]
    assert by_figure["fleet.failures.total"] == variant["fleet"]["failures"]["total"]
    assert by_figure["sites[dc].battery.end_mwh"] == variant["sites"][0]["battery"]["end_mwh"]
    assert by_figure["economics.npv_usd"] == variant["economics"]["npv_usd"]


def test_frame_of_several_variants_and_list_items_by_name():
    summary = {"variants": [
        {"variant": "a", "description": "", "x": 1, "training": [{"name": "job", "ettr": 0.9}]},
        {"variant": "b", "description": "", "x": 2, "items": [{"v": 5}, 6]},
    ]}
    frame = kardashev.to_frame(summary)
    assert frame.values.tolist() == [
        ["a", "x", 1], ["a", "training[job].ettr", 0.9],
        ["b", "x", 2], ["b", "items[0].v", 5], ["b", "items[1]", 6]]


def test_frame_of_several_seeds_has_a_seed_column():
    result = kardashev.run(SMALL, seed=1, seeds=2)
    frame = kardashev.to_frame(result)
    assert list(frame.columns) == ["seed", "variant", "figure", "value"]
    assert sorted(set(frame["seed"])) == [1, 2]
    one = kardashev.to_frame(kardashev.run(SMALL, seed=2))
    assert frame[frame["seed"] == 2].drop(columns="seed").reset_index(drop=True).equals(one)


@pytest.mark.parametrize("value", [
    "plain", 'quote " and \\ backslash', "line\nbreak\ttab\x7f\x01", "ünïcödé",
    0, -3, 2**62, 1.5, 1e-5, 1.5e300, float("inf"), True, False, [1, 2], [],
    {"a": 1, "b c": "d"}, {"dotted.key": [1.0, "x"]}])
def test_toml_writer_round_trips(value):
    doc = {"top": value, "table": {"k": value}, "array": [{"name": "x", "k": value}]}
    assert tomllib.loads(_toml.document(doc)) == doc


def test_toml_writer_refuses_what_toml_cannot_say():
    with pytest.raises(TypeError, match="table.k"):
        _toml.document({"table": {"k": None}})


def test_growth_frame_has_one_row_per_variant_and_year():
    summary = kardashev.run(str(ROOT / "scenarios" / "hardware-strategy.toml"))
    frame = kardashev.growth_frame(summary)
    assert list(frame.columns[:2]) == ["variant", "year"]
    assert len(frame) == 2 * 5
    assert list(frame[frame["variant"] == "lab"]["year"]) == [2027, 2028, 2029, 2030, 2031]
    provider = summary["variants"][1]
    row = frame[(frame["variant"] == "provider") & (frame["year"] == 2029)].iloc[0]
    assert row["revenue_lease_usd"] == provider["growth"]["years"][2]["revenue_lease_usd"]
    assert row["gpus_by_site.campus2"] == provider["growth"]["years"][2]["gpus_by_site"]["campus2"]


def test_growth_frame_of_a_run_without_growth_is_empty():
    frame = kardashev.growth_frame(kardashev.run(SMALL))
    assert list(frame.columns) == ["variant", "year"]
    assert frame.empty
