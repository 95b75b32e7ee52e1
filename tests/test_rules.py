"""Rules resolved once at load: roll-up `into`, a sum that cannot be a capaian, predikat names never cut."""

import json

import pytest
from openpyxl import load_workbook

from lkip.engine import api
from lkip.engine.model import Into, RollupMethod
from tests.conftest import DATA, TREE

SUM_TREE = """\
nodes:
  - {id: S1, kind: sasaran, name: Sasaran, unit: "%", direction: higher}
  - id: I1
    kind: iku
    parent: S1
    name: Laporan
    unit: laporan
    direction: higher
    rollup: {method: sum}
  - {id: P1, kind: program, parent: I1, name: A, unit: laporan, direction: higher, targets: {2024: 40}}
  - {id: P2, kind: program, parent: I1, name: B, unit: laporan, direction: higher, targets: {2024: 50}}
"""
SUM_DATA = "P1: {realisasi: 40}\nP2: {realisasi: 50}\n"


def test_a_sum_of_counts_rolled_into_a_capaian_is_an_error_at_its_line(small, run_cli):
    checked, root = small(SUM_TREE, {"2024": SUM_DATA})
    [problem] = [d for d in checked.diagnostics.errors if d.code == "LK217"]
    assert problem.path.endswith("nodes.yaml") and problem.line == 3 and problem.node_id == "I1"
    run = run_cli("eval", "2024", cwd=root)
    assert run.exit_code == 1 and "nodes.yaml:3:" in run.stderr and "LK217" in run.stderr, run
    assert "90,00" not in run.stdout  # never printed as a capaian


def test_the_same_sum_with_targets_is_a_realisasi_judged_against_them(small):
    nodes = SUM_TREE.replace("    rollup: {method: sum}\n", "    rollup: {method: sum}\n    targets: {2024: 100}\n")
    checked, _ = small(nodes, {"2024": SUM_DATA})
    assert checked.ok, [d.format() for d in checked.diagnostics.errors]
    rule = checked.workspace.nodes["I1"].rollup
    assert rule.method is RollupMethod.SUM and rule.into is Into.REALISASI and not rule.into_declared
    result = api.evaluate_year(checked.workspace, checked.compiled, 2024).results["I1"]
    assert result.realisasi == 90 and result.capaian == pytest.approx(90)


def test_declared_into_capaian_with_a_sum_is_refused_too(small):
    nodes = SUM_TREE.replace("rollup: {method: sum}", "rollup: {method: sum, into: capaian}\n    targets: {2024: 9}")
    checked, _ = small(nodes, {"2024": SUM_DATA})
    [problem] = [d for d in checked.diagnostics.errors if d.code == "LK217"]
    assert "into: capaian" in str(problem.message)


COMMA_SCALE = """\
scales:
  - id: koma
    name: Skala dengan koma
    default: true
    bands:
      - {code: AA, min: 91.02, max: null, color: green, label: "di atas 91,02", label_en: "above 91.02"}
      - {code: ZZ, min: null, max: 91.02, color: red, label: "sampai 91,02, perlu perbaikan"}
"""
COMMA_ORG = "name: Dinas Uji\nshort_name: Uji\nrenstra: {start: 2021, end: 2026}\nscale: koma\n"


def test_a_predikat_label_with_a_comma_is_shown_and_matched_whole(small, run_cli, tmp_path):
    data = DATA.replace(
        "I1: {realisasi: 88}", "I1: {realisasi: 88, reported: [{source: L1, predikat: 'di atas 91,02'}]}"
    )
    checked, root = small(TREE, {"2024": data}, scales=COMMA_SCALE, organisation=COMMA_ORG)
    assert checked.ok, [d.format() for d in checked.diagnostics.errors]
    # I1: 88 / 80 = 110 % → AA "di atas 91,02": the printed predikat matches, so check lists nothing for it
    run = run_cli("check", "2024", "--format", "json", cwd=root)
    assert not [d for d in json.loads(run.stdout)["differences"] if d["node"] == "I1"], run
    md = run_cli("eval", "2024", "--format", "md", cwd=root).stdout
    assert "AA di atas 91,02" in md and "ZZ sampai 91,02, perlu perbaikan" in md
    out = tmp_path / "hasil.xlsx"
    assert run_cli("eval", "2024", "--format", "xlsx", "--output", str(out), cwd=root).exit_code == 0
    cells = {c.value for sheet in load_workbook(out) for row in sheet.iter_rows() for c in row}
    assert "AA di atas 91,02" in cells
    # a printed predikat that names the other band is a finding, matched by the whole label
    data = data.replace("predikat: 'di atas 91,02'", "predikat: 'sampai 91,02, perlu perbaikan'")
    (root / "data" / "2024.yaml").write_text(data, encoding="utf-8")
    run = run_cli("check", "2024", "--format", "json", "--lang", "en", cwd=root)
    [finding] = [d for d in json.loads(run.stdout)["differences"] if d["node"] == "I1"]
    assert finding["field"] == "predikat" and finding["computed"] == "AA above 91.02"
