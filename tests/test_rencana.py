"""Rencana aksi (issue 12 point 3): a quarter is measured against the target to date, declared per quarter or
derived by a declared rule; serapan to date from the periods' spending; every output names the period.

The seed report prints quarterly figures for price variation (P10, L649-L667), fertiliser distribution (P10.K2,
L757-L776), tera/tera ulang (P12.K1.S1, L924-L1373) and market omzet (P09, L2829-L2867), and no quarterly target:
its nodes declare rules (annual for the percentages and the growth, proportional for the UTTP count), and two
nodes whose target the report times (P11.K1 in TW III, L3036; P15.K1.S1 in TW IV, L1956) declare those quarters."""

from __future__ import annotations

import csv
import io
import json

import jsonschema
import pytest

from lkip.engine import api
from lkip.engine.periods import Period, parse_period
from lkip.engine.schema import schema
from tests.conftest import SEED_DATA, SEED_SPECS, edit

SEED = ("--specs", str(SEED_SPECS), "--data", str(SEED_DATA))

# the seed's quarterly figures
KV = {1: 2.05, 2: 3.83, 3: 2.72, 4: 2.52}  # P10 koefisien variasi, L649-L667 (cumulation: mean)
PUPUK = {  # P10.K2 (disalurkan, diterima) tonnes, L757-L776 (cumulation: sum, then the formula)
    1: (2675.57, 4800.04),
    2: (8470.01, 5329.02),
    3: (15411.84, 19204.30),
    4: (10936.95, 14810.09),
}
TERA = {1: 70, 2: 474, 3: 111, 4: 314}  # P12.K1.S1 UTTP ditera/tera ulang, L924, L1069, L1175, L1373
OMZET = {  # P09 omzet 2024 and 2023 by quarter, L2829-L2867
    1: (13627546167, 12399021894),
    2: (13831959359, 12659970960),
    3: (14177758343, 12969402909),
    4: (14532202302, 13278834858),
}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _doc(run_cli, *args: str) -> dict:
    run = run_cli("eval", "2024", "--format", "json", *args)
    assert run.exit_code == 0, run
    document = json.loads(run.stdout)
    jsonschema.validate(document, schema("eval"))
    return document


def _nodes(document: dict) -> dict[str, dict]:
    return {n["id"]: n for n in document["nodes"]}


@pytest.mark.parametrize("tw", [1, 2, 3, 4])
def test_each_quarter_against_its_target_to_date(run_cli, tw):
    document = _doc(run_cli, "--tw", str(tw), *SEED)
    nodes = _nodes(document)
    within = tw < 4  # TW IV ends in December: the year itself
    assert document["triwulan"] == tw
    assert document["period"] == (f"TW{tw}" if within else None)
    assert document["period_label"] == (f"s.d. TW {ROMAN[tw]}" if within else None)

    # P12.K1.S1, a count (cumulation: sum, rencana: proportional): 945 × 3·tw / 12 to date
    uttp = nodes["P12.K1.S1"]
    done = sum(TERA[q] for q in range(1, tw + 1))
    assert uttp["realisasi"] == done
    assert uttp["target"] == pytest.approx(945 * tw / 4)
    assert uttp["capaian"] == pytest.approx(done / (945 * tw / 4) * 100, abs=1e-6)
    assert uttp["target_basis"] == ("proportional" if within else "year") and uttp["target_annual"] == 945

    # P10, the price variation (lower is better, cumulation: mean, rencana: annual): the 7,8 % ceiling all year
    kv = nodes["P10"]
    mean = sum(KV[q] for q in range(1, tw + 1)) / tw
    assert kv["realisasi"] == pytest.approx(mean, abs=1e-6) and kv["target"] == 7.8
    assert kv["capaian"] == pytest.approx((2 * 7.8 - mean) / 7.8 * 100, abs=1e-6)
    assert kv["target_basis"] == ("annual" if within else "year")

    # P10.K2, fertiliser distributed / received to date (a ratio of sums) against 100 %
    out = sum(PUPUK[q][0] for q in range(1, tw + 1))
    received = sum(PUPUK[q][1] for q in range(1, tw + 1))
    assert nodes["P10.K2"]["capaian"] == pytest.approx(out / received * 100, abs=1e-6)

    # P09, omzet growth to date over the same quarters of 2023, against the annual 10 %
    now = sum(OMZET[q][0] for q in range(1, tw + 1))
    before = sum(OMZET[q][1] for q in range(1, tw + 1))
    growth = (now - before) / before * 100
    assert nodes["P09"]["realisasi"] == pytest.approx(growth, abs=1e-6)
    assert nodes["P09"]["capaian"] == pytest.approx(growth / 10 * 100, abs=1e-6)


def test_the_seed_numbers_to_tw_ii(run_cli):
    nodes = _nodes(_doc(run_cli, "--tw", "2", *SEED))
    assert nodes["P12.K1.S1"]["target"] == 472.5 and nodes["P12.K1.S1"]["capaian"] == pytest.approx(115.132275)
    assert nodes["P10"]["capaian"] == pytest.approx(162.307692)  # (15,6 − 2,94) / 7,8
    assert nodes["P10.K2"]["capaian"] == pytest.approx(110.03568)  # 11.145,58 / 10.129,06
    assert nodes["P09"]["capaian"] == pytest.approx(95.794459)
    # the report times P11.K1's target in TW III (L3036) and P15.K1.S1's in TW IV (L1956): none before
    assert nodes["P11.K1"]["target"] is None and nodes["P15.K1.S1"]["target"] is None
    tw3 = _nodes(_doc(run_cli, "--tw", "3", *SEED))
    assert tw3["P11.K1"]["target"] == 40 and tw3["P11.K1"]["target_basis"] == "declared"
    assert tw3["P15.K1.S1"]["target"] is None


def test_the_year_is_unchanged_by_the_rencana(run_cli, seed_json):
    nodes = _nodes(_doc(run_cli, *SEED))
    for node_id in ("P09", "P10", "P10.K2", "P11.K1", "P12.K1.S1", "P15.K1.S1", "IKU4"):
        assert nodes[node_id]["capaian"] == seed_json[node_id]["capaian"]
        assert nodes[node_id]["target_basis"] == "year" and nodes[node_id]["target_revised"] is False


@pytest.fixture(scope="module")
def seed_json():
    checked = api.validate(SEED_SPECS, SEED_DATA)
    evaluation = api.evaluate_year(checked.workspace, checked.compiled, 2024)
    return {r.id: {"capaian": None if r.capaian is None else round(r.capaian, 6)} for r in evaluation.results.values()}


def test_every_export_says_tw_ii(run_cli, tmp_path):
    tree = run_cli("eval", "2024", "--tw", "2", "--only", "P12", *SEED)
    assert tree.exit_code == 0, tree
    assert "Capaian kinerja 2024 s.d. TW II" in tree.stdout
    assert "472,50 alat UTTP~" in tree.stdout  # derived: marked, and the note says so
    assert "~ target s.d. TW II diturunkan dari target tahunan" in " ".join(tree.stdout.split())
    english = run_cli("eval", "2024", "--tw", "2", "--only", "P12", "--lang", "en", *SEED)
    assert "Performance 2024 to Q2" in english.stdout and "472.50 alat UTTP~" in english.stdout
    table = run_cli("eval", "2024", "--tw", "2", "--only", "P12", "--format", "table", *SEED)
    assert "Capaian kinerja 2024 s.d. TW II" in table.stdout

    md = run_cli("eval", "2024", "--tw", "2", "--format", "md", *SEED).stdout
    assert md.splitlines()[0].endswith("— LKIP 2024 s.d. TW II")
    assert "## Capaian sasaran strategis dan IKU 2024 s.d. TW II" in md
    assert "## Realisasi anggaran 2024 s.d. TW II" in md
    header = next(line for line in md.splitlines() if line.startswith("| Kode | Jenis | Induk"))
    assert "Target 2024 s.d. TW II" in header and "Realisasi s.d. TW II" in header and "Dasar target" in header
    row = next(line for line in md.splitlines() if line.startswith("| P12.K1.S1 |"))
    assert "472,50\\~" in row and "diturunkan: proporsional" in row and "115,13 %" in row

    rows = list(csv.DictReader(io.StringIO(run_cli("eval", "2024", "--tw", "2", "--format", "csv", *SEED).stdout)))
    assert {(r["period"], r["period_label"]) for r in rows} == {("TW2", "s.d. TW II")}
    uttp = next(r for r in rows if r["id"] == "P12.K1.S1")
    assert float(uttp["target"]) == 472.5 and uttp["target_basis"] == "proportional"
    assert float(uttp["target_annual"]) == 945 and uttp["target_revised"] == "false"
    year = list(csv.DictReader(io.StringIO(run_cli("eval", "2024", "--format", "csv", *SEED).stdout)))
    assert {(r["period"], r["period_label"], r["target_basis"]) for r in year if r["target"]} == {("", "", "year")}

    english = _doc(run_cli, "--tw", "2", "--lang", "en", *SEED)
    assert english["period"] == "TW2" and english["period_label"] == "to Q2"

    from openpyxl import load_workbook

    out = tmp_path / "tw2.xlsx"
    assert run_cli("eval", "2024", "--tw", "2", "-o", out, *SEED).exit_code == 0
    book = load_workbook(out)
    headers = header_of(book["capaian_program"])
    assert "Target 2024 s.d. TW II" in headers and "Dasar target" in headers
    row = next(r for r in book["capaian_program"].iter_rows(values_only=True) if r[0] == "P12.K1.S1")
    assert row[headers.index("Target 2024 s.d. TW II")] == 472.5  # a number, not text
    assert row[headers.index("Dasar target")] == "diturunkan: proporsional"


@pytest.mark.parametrize(
    "code, id_label, en_label",
    [("TW1", "s.d. TW I", "to Q1"), ("S1", "s.d. Semester I", "to H1"), ("B5", "s.d. Mei", "to May")],
)
def test_period_labels(code, id_label, en_label):
    period = parse_period(code)
    assert period.label().render("id") == id_label and period.label().render("en") == en_label


def test_explain_names_the_period_and_the_target_to_date(run_cli):
    text = " ".join(run_cli("explain", "P12.K1.S1", "2024", "--period", "TW2", *SEED).stdout.split())
    assert "Periode: s.d. TW II" in text
    assert (
        "Target 2024 s.d. TW II: 472,50 alat UTTP (diturunkan, bukan angka tercetak: target tahunan 945 × 6/12" in text
    )
    assert "Target tahunan 2024: 945 alat UTTP" in text and "544 / 472,5000 × 100 = 115,1323" in text
    run = run_cli("explain", "P12.K1.S1", "2024", "--period", "TW2", "--format", "json", *SEED)
    trail = json.loads(run.stdout)
    jsonschema.validate(trail, schema("explain"))
    assert trail["period"] == {"code": "TW2", "label": "s.d. TW II"}
    target = trail["target"]
    assert target["value"] == 472.5 and target["annual"] == 945 and target["basis"] == "proportional"
    assert target["rule"] == "proportional" and target["rule_declared"] is True
    untimed = json.loads(run_cli("explain", "P11.K1", "2024", "--period", "TW2", "--format", "json", *SEED).stdout)
    assert untimed["target"]["value"] is None and "TW II" in untimed["target"]["why_none"]


DECLARED = """\
    targets:
      2024:
        value: 945
        triwulan: {1: 200, 2: 500, 3: 750, 4: 945}"""


@pytest.fixture
def declared(seed_copy):
    spec = seed_copy / "specs" / "program-12.yaml"
    text = edit(spec.read_text(encoding="utf-8"), "    targets: {2024: 945}", DECLARED)
    spec.write_text(text.replace("\n    rencana: proportional\n", "\n"), encoding="utf-8")
    return seed_copy


def _ws(root):
    return "--specs", root / "specs", "--data", root / "data"


def test_declared_quarterly_targets_win(run_cli, declared):
    assert run_cli("validate", "--strict", *_ws(declared)).exit_code == 0
    for tw, target in ((1, 200), (2, 500), (3, 750)):
        node = _nodes(_doc(run_cli, "--tw", str(tw), *_ws(declared)))["P12.K1.S1"]
        done = sum(TERA[q] for q in range(1, tw + 1))
        assert node["target"] == target and node["target_basis"] == "declared"
        assert node["capaian"] == pytest.approx(done / target * 100)
    tree = run_cli("eval", "2024", "--tw", "2", "--only", "P12.K1.S1", *_ws(declared)).stdout
    assert "500 alat UTTP " in tree and "~" not in tree  # declared: no mark, no note
    trail = json.loads(run_cli("explain", "P12.K1.S1", "2024", "--period", "TW2", "-f", "json", *_ws(declared)).stdout)
    assert trail["target"]["basis"] == "declared" and trail["target"]["declared_at"].endswith(
        "specs/program-12.yaml:44"
    )
    # a month that ends no quarter, without a rule: no target (the rencana aksi declares quarters only)
    may = api.validate(declared / "specs", declared / "data")
    result = api.evaluate_year(may.workspace, may.compiled, 2024, period=Period("bulan", 5)).results["P12.K1.S1"]
    assert result.target is None


def test_rencana_none_gives_no_target_before_the_year_end(small):
    nodes = """\
    nodes:
      - {id: S1, kind: sasaran, name: Sasaran}
      - {id: I1, kind: iku, parent: S1, name: Dokumen, unit: dokumen, direction: higher, cumulation: sum,
         rencana: none, targets: {2024: 4}}
    """
    checked, _ = small(nodes, {"2024": "I1: {triwulan: {1: {realisasi: 1}, 2: {realisasi: 1}}}"})
    assert checked.ok
    result = api.evaluate_year(checked.workspace, checked.compiled, 2024, triwulan=2).results["I1"]
    assert result.realisasi == 2 and result.target is None and result.status.value == "no_target"
    assert "rencana: none" in result.reason.render("id")


SPENDING = """\
  triwulan:
    1: {realisasi: 70, realisasi_anggaran: 30000000}
    2: {realisasi: 474, realisasi_anggaran: 50000000}
    3: {realisasi: 111, realisasi_anggaran: 40000000}
    4: {realisasi: 314, realisasi_anggaran: 27761850}"""


def test_serapan_to_date_from_the_periods_spending(run_cli, seed_copy):
    data = seed_copy / "data" / "2024" / "sasaran-1.yaml"
    text = data.read_text(encoding="utf-8")
    old = "\n".join(
        [
            "  triwulan:",
            "    1: {realisasi: 70}    # L924",
            "    2: {realisasi: 474}   # L1069",
            "    3: {realisasi: 111}   # L1175",
            "    4: {realisasi: 314}   # L1373",
        ]
    )
    data.write_text(edit(text, old, SPENDING), encoding="utf-8")  # a test's figures: the report prints none
    assert run_cli("validate", "--strict", *_ws(seed_copy)).exit_code == 0  # 30 + 50 + 40 + 27,76185 M = the year
    nodes = _nodes(_doc(run_cli, "--tw", "2", *_ws(seed_copy)))
    for node_id in ("P12.K1.S1", "P12.K1", "P12"):  # pagu is annual; the parents sum their one child
        assert nodes[node_id]["pagu"] == 157366100
        assert nodes[node_id]["realisasi_anggaran"] == 80000000
        assert nodes[node_id]["serapan"] == pytest.approx(80000000 / 157366100 * 100, abs=1e-6)
    assert nodes["IKU1"]["realisasi_anggaran"] is None  # P10 has no spending to date: the sum is unknown
    year = _nodes(_doc(run_cli, *_ws(seed_copy)))
    assert year["P12.K1.S1"]["realisasi_anggaran"] == 147761850  # the year's own figure
    md = run_cli("eval", "2024", "--tw", "2", "--format", "md", "--only", "P12", *_ws(seed_copy)).stdout
    assert "Realisasi keuangan s.d. TW II" in md and "Rp80.000.000" in md
    # spending that does not add up to the year's is questioned
    data.write_text(edit(text, old, SPENDING.replace("27761850", "27000000")), encoding="utf-8")
    run = run_cli("validate", *_ws(seed_copy))
    assert "LK244" in run.stdout and "sasaran-1.yaml" in run.stdout


def _problems(small, nodes: str, data: str = "") -> list[tuple[str, int | None, str]]:
    checked, _ = small(nodes, {"2024": data} if data else None)
    return [(d.code, d.line, d.severity.value) for d in checked.diagnostics.sorted() if d.code >= "LK236"]


def test_rencana_validation(small):
    head = "nodes:\n  - {id: S1, kind: sasaran, name: Sasaran}\n"
    q4 = head + (
        "  - {id: I1, kind: iku, parent: S1, name: X, unit: dokumen, direction: higher, cumulation: sum,\n"
        "     targets: {2024: {value: 4, triwulan: {1: 2, 2: 1, 4: 5}}}}\n"
    )
    found = _problems(small, q4)
    assert ("LK241", 4, "warning") in found  # TW IV 5, the year 4
    assert ("LK242", 4, "warning") in found  # a count's target to date falls from 2 to 1
    ranged = head + (
        "  - {id: I1, kind: iku, parent: S1, name: X, unit: '%', direction: higher,\n"
        "     targets: {2024: {min: 70, max: 80, triwulan: {2: 75}}}}\n"
    )
    assert _problems(small, ranged) == [("LK240", 4, "error")]
    prorated = head + (
        "  - {id: I1, kind: iku, parent: S1, name: X, unit: '%', direction: higher, rencana: proportional,\n"
        "     targets: {2024: 90}}\n"
    )
    assert _problems(small, prorated) == [("LK243", 3, "warning")]
    bad_rule = head + "  - {id: I1, kind: iku, parent: S1, name: X, unit: '%', direction: higher, rencana: linear}\n"
    checked, _ = small(bad_rule)
    assert [d.code for d in checked.diagnostics.errors] == ["LK101"]


def test_spending_per_period_without_a_pagu_is_questioned(small):
    nodes = "nodes:\n  - {id: S1, kind: sasaran, name: S}\n  - {id: I1, kind: iku, parent: S1, name: X, unit: n,\n"
    nodes += "     direction: higher, targets: {2024: 1}}\n"
    found = _problems(small, nodes, "I1:\n  realisasi: 1\n  triwulan: {1: {realisasi_anggaran: 5}}\n")
    assert found == [("LK245", 1, "warning")]


def header_of(sheet) -> list:
    """A workbook table's column titles: under its title rows, a group's title ('Kinerja') over its columns'."""
    rows = list(sheet.iter_rows(values_only=True))
    at = next(i for i, row in enumerate(rows) if row[0] in ("Kode", "Code"))
    below = rows[at + 1] if at + 1 < len(rows) and rows[at + 1][0] is None else (None,) * len(rows[at])
    return [low if low is not None else high for high, low in zip(rows[at], below, strict=True)]


def test_check_for_a_quarter_names_the_yearly_figures_it_leaves_out_in_a_line_of_reason(run_cli):
    """Checked for TW II, the report's yearly figures are 'not compared (the year)': the text view names a dozen
    and counts the rest (JSON lists every one), never 'periode lain (None)' in a line of 1,200 figures."""
    text = run_cli("check", "2024", "--tw", "2", *SEED).stdout
    line = next(row for row in text.splitlines() if "tidak dibandingkan — periode lain" in row)
    assert "periode lain (tahunan)" in line and "None" not in line
    skipped = int(line.split("(tahunan) (")[1].split(")")[0])
    assert skipped > 1000 and f"dan {skipped - 12} lainnya" in line
    import json

    document = json.loads(run_cli("check", "2024", "--tw", "2", "--format", "json", *SEED).stdout)
    assert len(document["not_compared"]) == skipped
