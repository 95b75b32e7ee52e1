"""lkip explain: the audit trail of a formula node and of a roll-up node."""

import json

import pytest

from lkip.engine.explain import explain, substitute
from tests.conftest import ROOT, SEED_DATA, SEED_SPECS

SEED = ["--specs", str(SEED_SPECS), "--data", str(SEED_DATA)]
COMMODITIES = [
    "beras",
    "gula_pasir",
    "minyak_goreng",
    "daging_sapi_ayam",
    "telur_ayam",
    "susu",
    "sayuran_buah",
    "garam_beryodium",
    "lpg_3kg",
    "solar",
    "pertalite",
]


def test_iku1_shows_the_eleven_commodities_and_their_mean(seed_2024):
    trail = explain(seed_2024, "IKU1")
    real = trail["realisasi"]
    inputs = {i["name"]: i for i in real["inputs"]}
    assert list(inputs["stok"]["value"]) == COMMODITIES and list(inputs["kebutuhan"]["value"]) == COMMODITIES
    assert inputs["stok"]["value"]["beras"] == 38684 and inputs["kebutuhan"]["value"]["beras"] == 26836
    assert inputs["stok"]["source"].startswith("data/2024/sasaran-1.yaml:")
    per_commodity = next(s for s in real["steps"] if s["text"] == "percent(stok, kebutuhan)")["value"]
    assert per_commodity["solar"] == pytest.approx(23202360 / 25920000 * 100)
    mean = next(s for s in real["steps"] if s["text"] == "mean(percent(stok, kebutuhan))")["value"]
    assert mean == pytest.approx(sum(per_commodity.values()) / 11) == pytest.approx(real["value"])
    assert trail["target"]["value"] == 97
    source, line = trail["target"]["source"].rsplit(":", 1)
    assert "targets: {2024: 97" in (ROOT / source).read_text(encoding="utf-8").splitlines()[int(line) - 1]
    assert str(trail["capaian"]["rule"]) == "realisasi / target × 100"
    assert trail["predikat"]["code"] == "AA"
    assert [p["id"] for p in trail["parents"]] == ["SS1"]
    assert trail["comparisons"]["prev"]["realisasi"] is None  # no previous evaluation passed here
    assert any(r["source"] == "L394 Tabel 1" and r["realisasi"] == 105.48 for r in trail["reported"])


def test_iku6_shows_the_nine_kegiatan_and_their_weights(seed_2024):
    trail = explain(seed_2024, "IKU6")
    rollup = trail["rollup"]
    assert rollup["method"] == "mean" and rollup["of"] == "kegiatan" and rollup["into"] == "realisasi"
    assert [m["id"] for m in rollup["members"]] == [f"P01.K{i}" for i in range(1, 10)]
    assert all(m["weight"] == 1 and m["included"] for m in rollup["members"])
    assert trail["realisasi"]["value"] == pytest.approx(sum(m["capaian"] for m in rollup["members"]) / 9)


def test_budget_of_a_parent_lists_its_children(seed_2024):
    budget = explain(seed_2024, "P10")["budget"]
    assert budget["from"] == "children" and [c["id"] for c in budget["children"]] == ["P10.K1", "P10.K2"]
    assert budget["pagu"] == sum(c["pagu"] for c in budget["children"])


def test_substitute_puts_values_in_the_formula():
    assert substitute("percent(a, b) + c", {"a": 19, "b": 39, "c": [1, 2]}) == "percent(19, 39) + [1, 2]"
    assert substitute("mean(s)", {"s": {str(i): i for i in range(11)}}) == "mean([n=11])"


def test_cli_text_shows_commodities_and_sources(run_cli):
    run = run_cli("explain", "IKU1", "2024", *SEED, env={"COLUMNS": "160"})
    assert run.exit_code == 0, run
    for commodity in COMMODITIES:
        assert commodity in run.stdout
    assert "38.684" in run.stdout and "Realisasi = 105,49 %" in run.stdout
    assert "specs/sasaran-1.yaml:" in run.stdout and "2023: 109,77 %" in run.stdout


def test_cli_rollup_text_and_json(run_cli):
    run = run_cli("explain", "IKU6", "2024", *SEED, env={"COLUMNS": "160"})
    assert run.exit_code == 0 and "roll-up: rata-rata kegiatan → realisasi" in run.stdout and "P01.K9" in run.stdout
    doc = json.loads(run_cli("explain", "IKU6", "2024", "--format", "json", *SEED).stdout)
    assert len(doc["rollup"]["members"]) == 9 and doc["comparisons"]["prev"]["realisasi"] == 100


def test_cli_unknown_id(run_cli):
    run = run_cli("explain", "IKU7", "2024", *SEED)
    assert run.exit_code == 2 and "tidak ada simpul 'IKU7'" in run.stderr and "Traceback" not in run.stderr


def test_sasaran_3_shows_its_iku_and_the_nine_kegiatan_below(seed_2024, run_cli):
    trail = explain(seed_2024, "SS3")
    [iku6] = trail["rollup"]["members"]
    assert iku6["id"] == "IKU6" and iku6["rollup"]["of"] == "kegiatan"
    assert [m["id"] for m in iku6["rollup"]["members"]] == [f"P01.K{i}" for i in range(1, 10)]
    assert trail["capaian"]["value"] == pytest.approx(iku6["capaian"])
    run = run_cli("explain", "SS3", "2024", *SEED, env={"COLUMNS": "140"})
    assert run.exit_code == 0 and all(f"P01.K{i} " in run.stdout for i in range(1, 10))
