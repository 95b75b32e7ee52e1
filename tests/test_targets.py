"""Targets in the mapping form ({value, source, inferred}) and, later, ranges and bands (issue 9 point 13)."""

from __future__ import annotations

import json

import pytest

from lkip.engine import api
from lkip.engine.model import Target

from .conftest import DATA, TREE, edit


def test_mapping_form_keeps_the_plain_value_and_records_source_and_inferred(small):
    nodes = edit(TREE, "targets: {2024: 80}", 'targets: {2024: {value: 80, source: "L423 Tabel 1"}, 2025: 85}')
    nodes = edit(nodes, "targets: {2024: 5}", "targets: {2024: {value: 5, inferred: true}}")
    checked, _ = small(nodes, {2024: DATA})
    assert checked.ok, [d.format() for d in checked.diagnostics]
    i1, p1 = checked.workspace.nodes["I1"], checked.workspace.nodes["P1"]
    assert dict(i1.targets) == {2024: 80.0, 2025: 85.0}
    assert i1.target_info[2024] == Target(value=80.0, source="L423 Tabel 1")
    assert i1.target_info[2025] == Target(value=85.0)
    assert p1.target_info[2024].inferred is True and p1.targets[2024] == 5.0
    result = api.evaluate_year(checked.workspace, checked.compiled, 2024).results
    assert result["I1"].capaian == 88 / 80 * 100
    assert result["P1"].capaian == (2 * 5 - 2) / 5 * 100


def test_plain_and_mapping_forms_give_the_same_numbers(small, tmp_path):
    plain, _ = small(TREE, {2024: DATA})
    expected = {i: r.capaian for i, r in api.evaluate_year(plain.workspace, plain.compiled, 2024).results.items()}
    nodes = edit(TREE, "targets: {2024: 50}", "targets: {2024: {value: 50, source: PK 2024}}")
    mapped, _ = small(nodes, {2024: DATA})
    got = {i: r.capaian for i, r in api.evaluate_year(mapped.workspace, mapped.compiled, 2024).results.items()}
    assert got == expected


def test_bad_mapping_target_is_one_diagnostic_with_file_and_line(small):
    nodes = edit(TREE, "targets: {2024: 80}", "targets: {2024: {valeu: 80}}")
    checked, _ = small(nodes, {2024: DATA})
    assert not checked.ok
    errors = checked.diagnostics.errors
    assert len(errors) == 1
    assert errors[0].path.endswith("nodes.yaml") and errors[0].line == 3
    assert "valeu" in errors[0].format()


def test_inferred_must_be_a_boolean(small):
    nodes = edit(TREE, "targets: {2024: 80}", "targets: {2024: {value: 80, inferred: yes please}}")
    checked, _ = small(nodes, {2024: DATA})
    assert not checked.ok


def test_seed_inferred_targets_are_marked_and_shown_in_explain(seed_checked, run_cli):
    nodes = seed_checked.workspace.nodes
    inferred = sorted(n.id for n in nodes.values() for t in n.target_info.values() if t.inferred)
    assert inferred == ["P01.K3", "P01.K7"]
    assert nodes["P01.K7"].targets[2024] == 100.0
    run = run_cli("explain", "P01.K7", "2024", "--format", "json")
    assert run.exit_code == 0, run
    target = json.loads(run.stdout)["target"]
    assert target["inferred"] is True and target["value"] == 100
    run = run_cli("explain", "P01.K7", "2024", "--lang", "en")
    assert "inferred, not printed in the report" in run.stdout
    run = run_cli("explain", "P01.K7", "2024")
    assert "disimpulkan, tidak tercetak di laporan" in run.stdout


# ---------------------------------------------------------------- ranges, limits and bands (point 13)

RANGE_TREE = """\
nodes:
  - {id: S1, kind: sasaran, name: Sasaran, unit: "%", direction: higher}
  - {id: R1, kind: iku, parent: S1, name: Cakupan, unit: "%", direction: higher, targets: {2024: {min: 70, max: 80}}}
  - {id: R2, kind: iku, parent: S1, name: Cakupan 2, unit: "%", direction: higher, targets: {2024: {min: 70, max: 80}}}
  - {id: R3, kind: iku, parent: S1, name: Cakupan 3, unit: "%", direction: higher, targets: {2024: {min: 70, max: 80}}}
  - {id: L1, kind: iku, parent: S1, name: Angka kematian, unit: "%", direction: lower, targets: {2024: {max: 5}}}
  - {id: L2, kind: iku, parent: S1, name: Angka kesakitan, unit: "%", direction: lower, targets: {2024: {max: 5}}}
  - {id: G1, kind: iku, parent: S1, name: Kepuasan, unit: "%", direction: higher, targets: {2024: {min: 90}}}
  - {id: G2, kind: iku, parent: S1, name: Kepuasan dua, unit: "%", direction: higher, targets: {2024: {min: 90}}}
  - {id: B1, kind: iku, parent: S1, name: Nilai SAKIP, unit: nilai, direction: higher, targets: {2024: {band: BB}}}
  - {id: B2, kind: iku, parent: S1, name: Nilai SAKIP dua, unit: nilai, direction: higher, targets: {2024: {band: BB}}}
"""

RANGE_DATA = """\
R1: {realisasi: 75}
R2: {realisasi: 63}
R3: {realisasi: 88}
L1: {realisasi: 4}
L2: {realisasi: 6}
G1: {realisasi: 95}
G2: {realisasi: 81}
B1: {realisasi: 75}
B2: {realisasi: 60}
"""


def _band(checked, code):
    return next(b for b in checked.workspace.scale.bands if b.code == code)


@pytest.fixture
def ranged(small):
    checked, root = small(RANGE_TREE, {2024: RANGE_DATA})
    assert checked.ok, [d.format() for d in checked.diagnostics]
    return checked, root


def test_range_limit_and_band_targets_give_100_when_met_else_the_rule_against_the_nearest_bound(ranged):
    checked, _ = ranged
    results = api.evaluate_year(checked.workspace, checked.compiled, 2024).results
    bb = _band(checked, "BB")
    capaian = {i: (r.capaian, r.target_bound) for i, r in results.items() if i != "S1"}
    assert capaian == {
        "R1": (100.0, None),  # 75 within 70–80
        "R2": (63 / 70 * 100, 70.0),  # below: R / min
        "R3": (88 / 80 * 100, 80.0),  # above, higher is better: R / max, more than 100
        "L1": (100.0, None),  # 4 ≤ 5
        "L2": ((2 * 5 - 6) / 5 * 100, 5.0),  # above the limit: (2T − R) / T
        "G1": (100.0, None),  # 95 ≥ 90
        "G2": (81 / 90 * 100, 90.0),
        "B1": (100.0, None),  # 75 within BB's range
        "B2": (60 / bb.min * 100, bb.min),
    }
    assert results["R1"].target is None and results["R1"].target_range.low == 70
    assert all(results[i].status.value == "ok" for i in capaian)


def test_range_targets_shown_as_planners_write_them(ranged, run_cli):
    _, root = ranged
    args = ("eval", "2024", "--specs", root / "specs", "--data", root / "data")
    run = run_cli(*args)
    assert run.exit_code == 0, run
    assert "70–80 %" in run.stdout and "≤ 5 %" in run.stdout and "≥ 90 %" in run.stdout
    assert "predikat BB (70–80 nilai)" in run.stdout
    run = run_cli(*args, "--lang", "en", "--format", "table")
    assert run.exit_code == 0, run
    assert "70–80 %" in run.stdout and "band BB (70–80 nilai)" in run.stdout
    run = run_cli(*args, "--format", "json")
    nodes = {n["id"]: n for n in json.loads(run.stdout)["nodes"]}
    assert nodes["R1"]["target"] == {"min": 70, "max": 80}
    assert nodes["L1"]["target"] == {"min": None, "max": 5}
    assert nodes["B1"]["target"] == {"min": 70, "max": 80, "band": "BB"}
    run = run_cli(*args, "--format", "csv")
    rows = {line.split(",")[0]: line for line in run.stdout.splitlines()}
    assert ",70-80," in rows["R1"] and ",<=5," in rows["L1"] and ",>=90," in rows["G1"]


def test_explain_states_the_range_rule_in_both_languages(ranged, run_cli):
    _, root = ranged
    args = ("--specs", root / "specs", "--data", root / "data")
    text = " ".join(run_cli("explain", "R2", "2024", *args, "--lang", "en").stdout.split())
    assert "realisasi outside the target 70–80 %: realisasi / target × 100 against the nearest bound" in text
    assert "target = 70" in text
    text = " ".join(run_cli("explain", "R1", "2024", *args).stdout.split())
    assert "realisasi memenuhi target 70–80 %: capaian 100 %" in text
    run = run_cli("explain", "R2", "2024", *args, "--format", "json")
    doc = json.loads(run.stdout)
    assert doc["target"]["range"] == {"min": 70, "max": 80} and doc["target"]["bound"] == 70
    assert doc["capaian"]["met"] is False
    assert doc["capaian"]["computation"] == f"63 / 70 × 100 = {63 / 70 * 100:.4f}"


@pytest.mark.parametrize(
    ("target", "code", "words"),
    [
        ("{value: 80, max: 90}", "LK225", "value, range"),
        ("{source: PK}", "LK225", "none of them"),
        ("{min: 90, max: 80}", "LK225", "above its max"),
        ("{band: ZZ}", "LK226", "band 'ZZ'"),
        ("{max: 90}", "LK227", "target ≤ 90"),
    ],
)
def test_bad_range_targets_are_one_line_errors_at_the_target(small, target, code, words):
    nodes = edit(TREE, "targets: {2024: 80}", "targets: {2024: " + target + "}")
    checked, _ = small(nodes, {2024: DATA})
    errors = [d for d in checked.diagnostics.errors if d.code == code]
    assert len(errors) == 1, [d.format() for d in checked.diagnostics]
    assert errors[0].line == 3 and words in errors[0].format("en")
    assert "\n" not in errors[0].format("en")
