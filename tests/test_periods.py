"""Periods other than the year (issue 9 point 5) and printed values in another unit (point 1).

Semester (S1, S2), quarter (TW1–TW4) and month (B1–B12) data; --period on eval, explain and check (--tw stays its
alias); a node whose data stops before the period asked is shown as partial; printed entries for a period are
compared only when check runs for it; printed figures with a unit and factor are compared as printed."""

from __future__ import annotations

import json

import pytest

from lkip.engine import api
from lkip.engine.model import Reported, Source
from lkip.engine.periods import Period, parse_period
from lkip.engine.reconcile import applies, check, not_compared

NODES = """\
nodes:
  - {id: S1, kind: sasaran, name: Sasaran, unit: "%", direction: higher}
  - {id: SEM, kind: iku, parent: S1, name: Kasus ditangani, unit: kasus, direction: higher, cumulation: sum,
     targets: {2024: 100}}
  - {id: MON, kind: iku, parent: S1, name: Cakupan, unit: "%", direction: higher, cumulation: last, targets: {2024: 90}}
  - {id: AVG, kind: iku, parent: S1, name: Rerata, unit: "%", direction: higher, cumulation: mean, targets: {2024: 80}}
  - {id: TWO, kind: iku, parent: S1, name: Dua triwulan, unit: dokumen, direction: higher, cumulation: sum,
     targets: {2024: 8}}
  - id: RAT
    kind: iku
    parent: S1
    name: Rasio
    unit: "%"
    direction: higher
    cumulation: sum
    inputs: {a: {description: bagian}, b: {description: seluruh}}
    formula: percent(a, b)
    targets: {2024: 50}
  - {id: AKB, kind: iku, parent: S1, name: Angka kematian, unit: "%", direction: lower, targets: {2024: 0.2}}
"""

DATA = """\
SEM:
  semester: {1: {realisasi: 40}, 2: {realisasi: 50}}
  reported:
    - {source: "Laporan semester I", period: S1, realisasi: 40, capaian: 40}
    - {source: "Laporan semester I, tabel 2", period: S1, realisasi: 45}
MON:
  bulan: {1: {realisasi: 10}, 2: {realisasi: 20}, 3: {realisasi: 30}, 4: {realisasi: 40}, 5: {realisasi: 50},
          6: {realisasi: 60}, 7: {realisasi: 70}, 8: {realisasi: 80}, 9: {realisasi: 81}, 10: {realisasi: 82},
          11: {realisasi: 85}, 12: {realisasi: 88}}
AVG:
  triwulan: {1: {realisasi: 70}, 2: {realisasi: 74}, 3: {realisasi: 78}, 4: {realisasi: 82}}
TWO:
  triwulan: {1: {realisasi: 2}, 2: {realisasi: 3}}
RAT:
  bulan: {1: {inputs: {a: 1, b: 10}}, 2: {inputs: {a: 9, b: 10}}}
AKB:
  realisasi: 0.186
  reported:
    - {source: "Tabel 3", unit: "per 100.000 KH", factor: 1000, target: 200, realisasi: 186}
"""


@pytest.fixture
def ws(small):
    checked, root = small(NODES, {2024: DATA})
    assert checked.ok, [d.format() for d in checked.diagnostics]
    return checked, root


def _values(checked, period=None):
    evaluation = api.evaluate_year(checked.workspace, checked.compiled, 2024, period=period)
    return evaluation, {i: r.realisasi for i, r in evaluation.results.items() if i != "S1"}


def test_periods_parse_and_end_in_their_month():
    assert parse_period("tw2") == Period("triwulan", 2) and parse_period("S 1") == Period("semester", 1)
    assert parse_period("B12").is_year and parse_period("S2").is_year and not parse_period("TW3").is_year
    assert [parse_period(x) for x in ("TW5", "S3", "B13", "B0", "Q2", "2")] == [None] * 6
    assert parse_period("B6").end_month == parse_period("TW2").end_month == parse_period("S1").end_month == 6


def test_the_year_from_semester_month_and_quarter_values(ws):
    checked, _ = ws
    evaluation, values = _values(checked)
    assert values["SEM"] == 40 + 50  # sum
    assert values["MON"] == 88  # last month
    assert values["AVG"] == (70 + 74 + 78 + 82) / 4  # mean
    assert values["RAT"] == (1 + 9) / (10 + 10) * 100  # a ratio of sums, not a sum of ratios
    assert evaluation.results["SEM"].realisasi_from.value == "semester"
    assert evaluation.results["MON"].realisasi_from.value == "bulan"
    assert evaluation.results["SEM"].reached is None and evaluation.results["MON"].reached is None


def test_up_to_a_period_takes_the_periods_up_to_it(ws):
    checked, _ = ws
    _, s1 = _values(checked, Period("semester", 1))
    assert s1["SEM"] == 40 and s1["MON"] == 60 and s1["AVG"] == (70 + 74) / 2 and s1["TWO"] == 2 + 3
    _, tw3 = _values(checked, Period("triwulan", 3))
    assert tw3["SEM"] == 40 and tw3["MON"] == 81 and tw3["AVG"] == (70 + 74 + 78) / 3
    evaluation, b1 = _values(checked, Period("bulan", 1))
    assert b1["MON"] == 10 and b1["RAT"] == 10.0
    assert b1["SEM"] is None  # a semester ends after January: nothing up to B1
    assert evaluation.results["SEM"].reason.render("id") == "tidak ada data periode sampai B1"
    assert evaluation.results["SEM"].reason.render("en") == "no data for a period up to M1"


def test_data_that_stops_before_the_period_asked_is_partial(ws):
    checked, _ = ws
    evaluation, values = _values(checked)
    two = evaluation.results["TWO"]
    assert values["TWO"] == 5 and two.reached == Period("triwulan", 2)
    assert evaluation.results["RAT"].reached == Period("bulan", 2)
    evaluation, _ = _values(checked, Period("triwulan", 2))
    assert evaluation.results["TWO"].reached is None  # TW2 asked, TW2 reached: complete


def test_partial_is_shown_in_tree_table_json_and_explain(ws, run_cli):
    _, root = ws
    args = ("--specs", root / "specs", "--data", root / "data")
    tree = run_cli("eval", "2024", *args)
    assert tree.exit_code == 0, tree
    assert "5 dokumen (s.d. TW2)" in tree.stdout
    table = run_cli("eval", "2024", *args, "--format", "table", "--lang", "en")
    assert "5 dokumen (to Q2)" in table.stdout
    doc = json.loads(run_cli("eval", "2024", *args, "--format", "json").stdout)
    nodes = {n["id"]: n for n in doc["nodes"]}
    assert nodes["TWO"]["reached"] == "TW2" and nodes["SEM"]["reached"] is None and doc["period"] is None
    text = " ".join(run_cli("explain", "TWO", "2024", *args, "--lang", "en").stdout.split())
    assert "partial: the data reaches only to Q2" in text
    text = " ".join(run_cli("explain", "TWO", "2024", *args).stdout.split())
    assert "sebagian: data hanya sampai s.d. TW2" in text
    trail = json.loads(run_cli("explain", "TWO", "2024", *args, "--format", "json").stdout)
    assert trail["realisasi"]["reached"] == "TW2" and trail["realisasi"]["periods"] == {"TW1": 2, "TW2": 3}


def test_period_option_on_eval_explain_and_check_and_tw_as_its_alias(ws, run_cli):
    _, root = ws
    args = ("--specs", root / "specs", "--data", root / "data")
    by_period = json.loads(run_cli("eval", "2024", *args, "--period", "TW2", "--format", "json").stdout)
    by_tw = json.loads(run_cli("eval", "2024", *args, "--tw", "2", "--format", "json").stdout)
    assert by_period == by_tw and by_period["period"] == "TW2" and by_period["triwulan"] == 2
    s1 = json.loads(run_cli("explain", "SEM", "2024", *args, "--period", "S1", "--format", "json").stdout)
    assert s1["realisasi"]["value"] == 40
    run = run_cli("check", "2024", *args, "--period", "s1", "--format", "json")
    assert run.exit_code == 1, run
    # only the S1 entries are compared: the two S1 tables disagree (40 and 45), and 45 is not the computed 40
    assert {(d["node"], d["field"], str(d["printed"])) for d in json.loads(run.stdout)["differences"]} == {
        ("SEM", "realisasi", "[40, 45]")
    }


@pytest.mark.parametrize("command", [("eval", "2024"), ("explain", "SEM", "2024"), ("check", "2024")])
def test_a_bad_period_is_one_line_lk403(ws, run_cli, command):
    _, root = ws
    run = run_cli(*command, "--specs", root / "specs", "--data", root / "data", "--period", "TW5")
    assert run.exit_code == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "LK403" in lines[0] and "TW5" in lines[0] and "S1, S2, TW1–TW4" in lines[0]


def test_entries_for_another_period_are_not_compared_with_the_year(ws):
    checked, _ = ws
    evaluation = api.evaluate_year(checked.workspace, checked.compiled, 2024)
    assert [d.node for d in check(evaluation)] == []  # SEM's S1 figures are not the year's
    skipped = not_compared(evaluation)
    assert [(n.node, n.source) for n in skipped] == [
        ("SEM", "Laporan semester I"),
        ("SEM", "Laporan semester I, tabel 2"),
    ]
    assert skipped[0].reason.render("en") == "another period (S1)"
    assert skipped[0].reason.render("id") == "periode lain (S1)"
    half = api.evaluate_year(checked.workspace, checked.compiled, 2024, period=Period("semester", 1))
    skipped = not_compared(half)  # S1 asked: now the year's printed entry is the other period
    assert [(n.node, n.reason.render("en")) for n in skipped] == [("AKB", "another period (the year)")]


def test_applies_matches_the_entry_period_with_the_evaluated_one():
    year = Reported("a", {}, Source("x"))
    s1 = Reported("b", {}, Source("x"), period="S1")
    s2 = Reported("c", {}, Source("x"), period="S2")  # S2 ends in December: the year
    assert applies(year, None) and not applies(s1, None) and applies(s2, None)
    assert applies(s1, Period("semester", 1)) and not applies(year, Period("semester", 1))
    assert not applies(s1, Period("triwulan", 2))  # the same months, but another printed period


def test_printed_in_another_unit_agrees_when_printed_over_factor_matches(ws, run_cli):
    checked, root = ws
    evaluation = api.evaluate_year(checked.workspace, checked.compiled, 2024)
    assert [d for d in check(evaluation) if d.node == "AKB"] == []  # 186 per 100.000 = 0,186 % × 1000
    wrong = root / "data" / "2024.yaml"
    wrong.write_text(wrong.read_text().replace("realisasi: 186}", "realisasi: 196}"), encoding="utf-8")
    run = run_cli("check", "2024", "--specs", root / "specs", "--data", root / "data", "--format", "json")
    found = [d for d in json.loads(run.stdout)["differences"] if d["node"] == "AKB"]
    assert len(found) == 1
    assert found[0]["printed"] == 196 and found[0]["computed"] == pytest.approx(0.186 * 1000)
    assert found[0]["unit"] == "per 100.000 KH" and found[0]["factor"] == 1000
    assert found[0]["cause"] != "rounding"  # 10 per 100.000 is a real difference, not rounding
    text = " ".join(run_cli("check", "2024", "--specs", root / "specs", "--data", root / "data").stdout.split())
    assert "tercetak 196 per 100.000 KH, dihitung 186 per 100.000 KH" in text
