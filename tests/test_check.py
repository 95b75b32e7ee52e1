"""lkip check: a planted mistake of each cause is found; a clean workspace exits 0; the seed's mistakes."""

import json

import pytest

from lkip.engine import api
from lkip.engine.reconcile import check
from tests.conftest import SEED_DATA, SEED_SPECS

NODES = """\
nodes:
  - {id: S1, kind: sasaran, name: Sasaran, unit: "%", direction: higher}
  - {id: I1, kind: iku, parent: S1, name: IKU, unit: "%", direction: higher, targets: {2024: 80}}
  - id: P1
    kind: program
    parent: I1
    name: Program harga
    unit: "%"
    direction: lower
    targets: {2024: 7.8}
  - id: K1
    kind: kegiatan
    parent: P1
    name: Kegiatan
    unit: "%"
    direction: higher
    inputs: {a: {description: bagian}, b: {description: seluruh}}
    formula: percent(a, b)
    targets: {2024: 44}
  - {id: K1.S1, kind: sub_kegiatan, parent: K1, name: Sub satu, unit: laporan, direction: higher, targets: {2024: 4}}
  - {id: K1.S2, kind: sub_kegiatan, parent: K1, name: Sub dua, unit: laporan, direction: higher, targets: {2024: 10}}
"""

CLEAN = """\
I1:
  realisasi: 88
  reported: [{source: L1, target: 80, realisasi: 88, capaian: 110, predikat: Sangat memuaskan}]
P1:
  realisasi: 2.98
  reported: [{source: L2, realisasi: 2.98, capaian: 161.79, pagu: 4000, realisasi_anggaran: 2400, serapan: 60}]
K1:
  inputs: {a: 19, b: 39}
  reported: [{source: L3, realisasi: 48.72, capaian: 110.72}]
K1.S1:
  realisasi: 3
  pagu: 1000
  realisasi_anggaran: 900
  reported: [{source: L4, realisasi: 3, capaian: 75, predikat: Sangat baik, serapan: 90}]
K1.S2: {realisasi: 10, pagu: 3000, realisasi_anggaran: 1500}
organisation:
  reported: [{source: L9, pagu: 4000, realisasi_anggaran: 2400, serapan: 60, capaian: 110}]
"""


def run_check(small, data):
    checked, _ = small(NODES, {"2024": data})
    assert checked.ok, [d.format() for d in checked.diagnostics.errors]
    return check(api.evaluate_year(checked.workspace, checked.compiled, 2024))


def test_a_clean_workspace_has_no_differences_and_exits_0(small, run_cli):
    assert run_check(small, CLEAN) == []
    _, root = small(NODES, {"2024": CLEAN})
    run = run_cli("check", "2024", cwd=root)
    assert run.exit_code == 0 and "Tidak ada selisih" in run.stdout, run


@pytest.mark.parametrize(
    "old, new, node, field, cause",
    [
        ("realisasi: 48.72, capaian: 110.72", "realisasi: 48.71, capaian: 110.70", "K1", "capaian", "rounding"),
        ("capaian: 161.79", "capaian: 38.21", "P1", "capaian", "wrong_direction"),
        (
            "reported: [{source: L3, realisasi: 48.72, capaian: 110.72}]",
            "reported: [{source: L3, realisasi: 50, capaian: 110.72}]",
            "K1",
            "realisasi",
            "not_from_inputs",
        ),
        (
            "reported: [{source: L3, realisasi: 48.72, capaian: 110.72}]",
            "reported: [{source: L3, realisasi: 50, capaian: 113.64}]",
            "K1",
            "capaian",
            "follows_printed",
        ),
        (
            "reported: [{source: L4, realisasi: 3,",
            "reported: [{source: L5, realisasi: 4}, {source: L4, realisasi: 3,",
            "K1.S1",
            "realisasi",
            "tables_disagree",
        ),
        (
            "pagu: 4000, realisasi_anggaran: 2400, serapan: 60}]\nK1:",
            "pagu: 4500, realisasi_anggaran: 2400, serapan: 60}]\nK1:",
            "P1",
            "pagu",
            "budget_sum",
        ),
        ("predikat: Sangat baik", "predikat: Sangat memuaskan", "K1.S1", "predikat", "predikat_scale"),
        ("target: 80, realisasi: 88", "target: 85, realisasi: 88", "I1", "target", "target_differs"),
        ("serapan: 60, capaian: 110}]", "serapan: 60, capaian: 98.97}]", "organisation", "capaian", "aggregate"),
    ],
)
def test_a_planted_mistake_of_each_cause_is_found(small, old, new, node, field, cause):
    assert old in CLEAN
    found = run_check(small, CLEAN.replace(old, new))
    assert [(d.node, d.field, d.cause) for d in found if d.node == node and d.field == field] == [
        (node, field, cause)
    ], [(d.node, d.field, d.cause, d.explanation) for d in found]


def test_the_seeds_three_known_mistakes(seed_2024):
    found = check(seed_2024)
    by = {(d.node, d.field, str(d.printed)): d for d in found}
    p10 = by[("P10", "capaian", "38.2")]
    assert p10.cause == "wrong_direction" and p10.computed > 160  # the lower rule, not the printed 38,20
    iku3 = by[("IKU3", "realisasi", "9.72")]
    assert iku3.cause == "not_from_inputs" and iku3.computed == pytest.approx(
        (332_310_000 - 300_010_000) / 300_010_000 * 100
    )
    iku5 = [d for d in found if d.node == "IKU5" and d.field == "realisasi"]
    printed = {str(d.printed) for d in iku5}
    assert {"3.78", "-8.08"} <= printed
    assert all(d.computed == pytest.approx(-28.32, abs=0.01) for d in iku5)
    assert any(d.cause == "tables_disagree" for d in iku5)
    # budget parts that do not add up: P01.K6's printed realisasi anggaran is Rp3.000 below its sub kegiatan's
    assert by[("P01.K6", "realisasi_anggaran", "643914097")].cause == "budget_sum"
    # SS1's printed 99,10 % is the mean of its two programs' printed capaian (38,20 and 160), not IKU1's
    assert by[("SS1", "capaian", "99.1")].cause == "follows_printed"
    assert by[("SS2", "capaian", "73.62")].cause == "aggregate"
    # a predikat that does not match the scale and a headline aggregate
    assert any(d.cause == "predikat_scale" for d in found)
    assert any(d.node == "organisation" and d.field == "capaian" and d.cause == "aggregate" for d in found)


def test_cli_check_seed_json_and_exit_code(run_cli):
    run = run_cli("check", "2024", "--format", "json", "--specs", str(SEED_SPECS), "--data", str(SEED_DATA))
    assert run.exit_code == 1
    doc = json.loads(run.stdout)
    assert doc["year"] == 2024 and doc["tolerance"] == 0 and len(doc["differences"]) > 50
    assert {"node", "field", "printed", "computed", "difference", "cause", "sources"} <= set(doc["differences"][0])


def test_tolerance_hides_small_differences(run_cli, small):
    _, root = small(
        NODES, {"2024": CLEAN.replace("realisasi: 48.72, capaian: 110.72", "realisasi: 48.6, capaian: 110.5")}
    )
    assert run_cli("check", "2024", cwd=root).exit_code == 1
    assert run_cli("check", "2024", "--tolerance", "0.25", cwd=root).exit_code == 0


# ---------------------------------------------------------------- the auditor's check (issue 13): planted cases


def findings(small, data, nodes=NODES):
    checked, _ = small(nodes, {"2024": data})
    assert checked.ok, [d.format() for d in checked.diagnostics.errors]
    return [
        (d.node, d.field, d.cause.value, d.severity.value)
        for d in check(api.evaluate_year(checked.workspace, checked.compiled, 2024))
    ]


def test_a_truncated_value_is_its_own_minor_finding(small):
    # K1 = 19 / 39 × 100 = 48,7179...: printed 48,72 is rounding (agrees), 48,71 is truncation
    found = findings(small, CLEAN.replace("realisasi: 48.72, capaian: 110.72", "realisasi: 48.71, capaian: 110.72"))
    assert found == [("K1", "realisasi", "truncated", "minor")]


def test_a_difference_below_the_printed_precision_is_never_listed(small):
    # 48,7 (one decimal) is 48,7179 rounded to one decimal: no finding at all
    assert findings(small, CLEAN.replace("realisasi: 48.72, capaian: 110.72", "realisasi: 48.7, capaian: 110.7")) == []


def test_a_swapped_input_is_named_as_another_input(small):
    # 19 / 93 × 100 = 20,43: the report divided by 93 where the data (and the formula) has 39
    found = findings(small, CLEAN.replace("realisasi: 48.72, capaian: 110.72", "realisasi: 20.43, capaian: 110.72"))
    assert [f for f in found if f[:2] == ("K1", "realisasi")] == [("K1", "realisasi", "other_input", "material")]


def test_an_inferred_target_is_a_finding(small):
    nodes = NODES.replace("targets: {2024: 80}}", "targets: {2024: {value: 80, inferred: true}}}")
    assert nodes != NODES
    found = findings(small, CLEAN.replace("{source: L1, target: 80, ", "{source: L1, "), nodes)
    assert ("I1", "target", "target_inferred", "minor") in found


def test_a_broken_cross_node_identity_is_found(small):
    data = (
        CLEAN + "checks:\n  - about: the two sub kegiatan count the same reports\n    equal:\n"
        "      - {node: K1.S1, field: realisasi}\n      - {node: K1.S2, field: realisasi}\n"
    )
    found = findings(small, data)
    assert [f[2] for f in found] == ["identity"] and found[0][3] == "material"


def test_min_severity_and_the_audit_list(small, run_cli):
    _, root = small(
        NODES, {"2024": CLEAN.replace("realisasi: 48.72, capaian: 110.72", "realisasi: 48.71, capaian: 110.72")}
    )
    every = run_cli("check", "2024", cwd=root)
    assert every.exit_code == 1 and "K1" in every.stdout
    material = run_cli("check", "2024", "--min-severity", "material", cwd=root)
    assert material.exit_code == 0  # the only finding is minor
    md = run_cli("check", "2024", "--format", "md", "--lang", "en", cwd=root)
    assert md.exit_code == 1 and md.stdout.startswith("#") and "K1" in md.stdout and "minor" in md.stdout.lower()


def test_explain_shows_the_check_findings_of_its_figure_and_p07_names_its_derived_part(run_cli):
    iku5 = run_cli("explain", "IKU5", "2024", "--lang", "en")
    assert iku5.exit_code == 0 and "Check findings" in iku5.stdout
    p07 = run_cli("explain", "P07", "2024", "--lang", "en")
    assert "derived (not printed)" in p07.stdout and "P07.K1.S1" in p07.stdout


def test_an_unexplained_capaian_lists_the_rules_tried(small, run_cli):
    # K1: realisasi 48,72 against target 44; a printed capaian of 123,45 follows no rule
    _, root = small(
        NODES, {"2024": CLEAN.replace("realisasi: 48.72, capaian: 110.72", "realisasi: 48.72, capaian: 123.45")}
    )
    document = json.loads(run_cli("check", "2024", "--format", "json", "--lang", "en", cwd=root).stdout)
    (finding,) = [d for d in document["differences"] if d["node"] == "K1" and d["field"] == "capaian"]
    tried = {t["rule"]: t["value"] for t in finding["tried"]}
    assert len(tried) >= 3
    values = sorted(v for v in tried.values() if v is not None)
    expected = sorted([48.72 / 44 * 100, (2 * 44 - 48.72) / 44 * 100, 44 / 48.72 * 100])
    assert values == pytest.approx(expected, abs=0.01)
