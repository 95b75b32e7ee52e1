"""PK perubahan (issue 12 point 4): a target carries its history; `--as-of DATE` evaluates with the targets in force
then (default: the latest); explain shows the history with the capaian against each version; the report tables
mark a revised target; a bad history is an error with its file and line.

The seed's IKU4 (koperasi aktif: 137 of 173, L2276) gets, in a copy, an original PK target of 85 % revised to the
printed 79,12 % on 2024-08-20 (invented documents: the seed prints no history)."""

from __future__ import annotations

import json

import jsonschema
import pytest

from lkip.engine.schema import schema
from tests.conftest import edit

REALISASI = 137 / 173 * 100  # IKU4, L2276
HISTORY = """\
    targets:
      2024:
        value: 79.12
        revisions:
          - {value: 85, date: 2024-01-31, document: "Perjanjian Kinerja 2024 No. 800/12/DISDAG", reason: "PK awal"}
          - value: 79.12
            date: 2024-08-20
            document: "Perjanjian Kinerja Perubahan 2024 No. 800/145/DISDAG"
            reason: "APBD Perubahan: anggaran pembinaan koperasi dipotong"
      2026: 80"""


@pytest.fixture
def revised(seed_copy):
    spec = seed_copy / "specs" / "sasaran-2.yaml"
    spec.write_text(edit(spec.read_text(encoding="utf-8"), "    targets: {2024: 79.12, 2026: 80}", HISTORY))
    return seed_copy


def _ws(root):
    return "--specs", root / "specs", "--data", root / "data"


def _iku4(run_cli, root, *args):
    run = run_cli("eval", "2024", "--format", "json", "--only", "IKU4", "--depth", "0", *args, *_ws(root))
    assert run.exit_code == 0, run
    document = json.loads(run.stdout)
    jsonschema.validate(document, schema("eval"))
    return document, document["nodes"][0]


def test_as_of_before_and_after_the_revision(run_cli, revised):
    assert run_cli("validate", "--strict", *_ws(revised)).exit_code == 0
    before_doc, before = _iku4(run_cli, revised, "--as-of", "2024-06-30")
    assert before_doc["as_of"] == "2024-06-30"
    assert before["target"] == 85 and before["target_revised"] is False
    assert before["capaian"] == pytest.approx(REALISASI / 85 * 100)  # 93,17 %
    assert before["capaian"] == pytest.approx(93.16559, abs=1e-5)
    for args in (("--as-of", "2024-08-20"), ("--as-of", "2024-12-31"), ()):  # from its date on; the default
        _, after = _iku4(run_cli, revised, *args)
        assert after["target"] == 79.12 and after["target_revised"] is True
        assert after["capaian"] == pytest.approx(REALISASI / 79.12 * 100)  # 100,09 %, the printed capaian
        assert after["capaian"] == pytest.approx(100.089423, abs=1e-5)
    _, none = _iku4(run_cli, revised, "--as-of", "2023-12-01")  # before the first PK: no target in force
    assert none["target"] is None and none["status"] == "no_target"
    assert "2024-01-31" in none["reason"] and "Perjanjian Kinerja 2024 No. 800/12/DISDAG" in none["reason"]


def test_as_of_combines_with_a_quarter(run_cli, revised):
    _, tw2 = _iku4(run_cli, revised, "--tw", "2", "--as-of", "2024-06-30")
    assert tw2["target"] == 85 and tw2["target_annual"] == 85 and tw2["target_basis"] == "annual"


def test_explain_shows_the_history_and_both_capaian(run_cli, revised):
    text = " ".join(run_cli("explain", "IKU4", "2024", *_ws(revised)).stdout.split())
    assert "Riwayat target (PK dan PK perubahan):" in text
    assert (
        "2024-01-31: 85,00 % Perjanjian Kinerja 2024 No. 800/12/DISDAG — PK awal → capaian terhadapnya 93,17 %" in text
    )
    assert (
        "2024-08-20: 79,12 % Perjanjian Kinerja Perubahan 2024 No. 800/145/DISDAG — APBD Perubahan: anggaran "
        "pembinaan koperasi dipotong → capaian terhadapnya 100,09 % [berlaku]" in text
    )
    early = " ".join(
        run_cli("explain", "IKU4", "2024", "--as-of", "2024-06-30", "--lang", "en", *_ws(revised)).stdout.split()
    )
    assert "Targets as of 2024-06-30" in early
    assert "achievement against it 93.17 % [in force]" in early.replace("capaian against it", "achievement against it")
    assert "[not yet in force]" in early and "Capaian = 93.17 %".replace("Capaian", "Achievement") in early
    run = run_cli("explain", "IKU4", "2024", "--as-of", "2024-06-30", "--format", "json", *_ws(revised))
    trail = json.loads(run.stdout)
    jsonschema.validate(trail, schema("explain"))
    assert trail["as_of"] == "2024-06-30" and trail["target"]["value"] == 85 and not trail["target"]["revised"]
    history = trail["target"]["revisions"]
    assert [(r["value"], r["date"], r["in_force"], r["not_yet"]) for r in history] == [
        (85, "2024-01-31", True, False),
        (79.12, "2024-08-20", False, True),
    ]
    assert [round(r["capaian"], 2) for r in history] == [93.17, 100.09]
    assert history[1]["document"] == "Perjanjian Kinerja Perubahan 2024 No. 800/145/DISDAG"
    assert trail["target"]["source"] == history[0]["at"]  # the version in force is cited


def test_report_tables_mark_a_revised_target(run_cli, revised, tmp_path):
    md = run_cli("eval", "2024", "--format", "md", *_ws(revised)).stdout
    header = next(line for line in md.splitlines() if line.startswith("| Kode | Sasaran"))
    assert "Perubahan target (PK perubahan)" in header
    row = next(line for line in md.splitlines() if line.startswith("| IKU4 |"))
    assert "79,12\\*" in row
    assert "85 sejak 2024-01-31 (Perjanjian Kinerja 2024 No. 800/12/DISDAG — PK awal) → 79,12 sejak 2024-08-20" in row
    assert "\\* target direvisi (PK perubahan): IKU4 79,12 sejak 2024-08-20" in md
    other = next(line for line in md.splitlines() if line.startswith("| IKU1 |"))
    assert "97\\*" not in other and "97,00\\*" not in other  # only the revised one is marked
    tree = run_cli("eval", "2024", "--only", "IKU4", "--depth", "0", *_ws(revised)).stdout
    assert "79,12 %*" in tree and "* target direvisi (PK perubahan): IKU4" in " ".join(tree.split())
    from openpyxl import load_workbook

    out = tmp_path / "pk.xlsx"
    assert run_cli("eval", "2024", "-o", out, *_ws(revised)).exit_code == 0
    sheet = load_workbook(out)["capaian_iku"]
    headers = header_of(sheet)
    iku4 = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "IKU4")
    assert iku4[headers.index("Target 2024")] == 79.12  # still a number
    assert iku4[headers.index("Perubahan target (PK perubahan)")].startswith("85 sejak 2024-01-31")
    # before the revision nothing is marked: the original PK is in force
    early = run_cli("eval", "2024", "--format", "md", "--as-of", "2024-06-30", *_ws(revised)).stdout
    assert "PK perubahan" not in early and "(target per 2024-06-30)" in early.splitlines()[0]
    # the seed itself has no history: its tables are unchanged
    seed = run_cli("eval", "2024", "--format", "md").stdout
    assert "PK perubahan" not in seed


def test_check_names_the_version_the_report_printed(run_cli, revised):
    run = run_cli("check", "2024", "--as-of", "2024-06-30", "--format", "json", *_ws(revised))
    found = [d for d in json.loads(run.stdout)["differences"] if d["node"] == "IKU4" and d["field"] == "target"]
    assert found and found[0]["computed"] == 85 and found[0]["printed"] == 79.12
    assert "2024-08-20" in found[0]["explanation"] and "800/145/DISDAG" in found[0]["explanation"]
    latest = json.loads(run_cli("check", "2024", "--format", "json", *_ws(revised)).stdout)
    assert not [d for d in latest["differences"] if d["node"] == "IKU4" and d["field"] == "target"]


def test_value_may_be_left_out(run_cli, seed_copy):
    spec = seed_copy / "specs" / "sasaran-2.yaml"
    spec.write_text(
        edit(
            spec.read_text(encoding="utf-8"),
            "    targets: {2024: 79.12, 2026: 80}",
            HISTORY.replace("        value: 79.12\n", ""),
        )
    )
    assert run_cli("validate", "--strict", *_ws(seed_copy)).exit_code == 0
    _, node = _iku4(run_cli, seed_copy)
    assert node["target"] == 79.12 and node["target_revised"] is True


@pytest.mark.parametrize(
    "old, new, code, line",
    [
        ("date: 2024-08-20", "date: 2024-02-30", "LK236", 72),  # no 30 February
        ("date: 2024-08-20", "date: 20-08-2024", "LK236", 72),  # not ISO
        ("date: 2024-08-20", "date: 2024-01-15", "LK237", 72),  # before the version above it
        ("        value: 79.12\n", "        value: 80\n", "LK239", 68),  # the target is not its latest version
    ],
)
def test_a_bad_history_is_an_error_with_its_line(run_cli, seed_copy, old, new, code, line):
    spec = seed_copy / "specs" / "sasaran-2.yaml"
    spec.write_text(
        edit(spec.read_text(encoding="utf-8"), "    targets: {2024: 79.12, 2026: 80}", edit(HISTORY, old, new))
    )
    run = run_cli("validate", "--format", "json", *_ws(seed_copy))
    assert run.exit_code == 1
    problems = [p for p in json.loads(run.stdout)["problems"] if p["severity"] == "error"]
    assert [(p["code"], p["line"]) for p in problems] == [(code, line)]
    assert problems[0]["path"].endswith("specs/sasaran-2.yaml")
    assert run_cli("eval", "2024", *_ws(seed_copy)).exit_code == 1  # nothing is evaluated on a broken history


@pytest.mark.parametrize(
    "old, new, line",
    [
        ("{value: 85, date", '{value: "85 %", date', 70),  # a value that is not a number
        ("date: 2024-08-20", "date: 20240820", 72),  # a number where a date is written
    ],
)
def test_a_history_of_the_wrong_type_is_a_schema_error(run_cli, seed_copy, old, new, line):
    spec = seed_copy / "specs" / "sasaran-2.yaml"
    spec.write_text(
        edit(spec.read_text(encoding="utf-8"), "    targets: {2024: 79.12, 2026: 80}", edit(HISTORY, old, new))
    )
    run = run_cli("validate", "--format", "json", *_ws(seed_copy))
    problems = json.loads(run.stdout)["problems"]
    assert run.exit_code == 1 and [p["code"] for p in problems] == ["LK104"]
    assert problems[0]["path"].endswith("specs/sasaran-2.yaml") and problems[0]["line"] == line


def test_a_revision_out_of_its_year_is_questioned(run_cli, revised):
    spec = revised / "specs" / "sasaran-2.yaml"
    spec.write_text(edit(spec.read_text(encoding="utf-8"), "date: 2024-08-20", "date: 2025-08-20"))
    run = run_cli("validate", "--format", "json", *_ws(revised))
    assert [(p["code"], p["severity"]) for p in json.loads(run.stdout)["problems"]] == [("LK238", "warning")]


@pytest.mark.parametrize("command", [("eval", "2024"), ("explain", "IKU4", "2024"), ("check", "2024")])
def test_a_bad_as_of_is_one_line_lk403(run_cli, command):
    run = run_cli(*command, "--as-of", "30/06/2024")
    assert run.exit_code == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "LK403" in lines[0] and "30/06/2024" in lines[0] and "2024-06-30" in lines[0]


def test_as_of_has_help(run_cli):
    for command in ("eval", "explain", "check"):
        text = " ".join(run_cli(command, "--help", env={"COLUMNS": "200"}).stdout.split())
        assert "--as-of" in text and "Pakai target yang berlaku pada tanggal ini" in text


def header_of(sheet) -> list:
    """A workbook table's column titles: under its title rows, a group's title ('Kinerja') over its columns'."""
    rows = list(sheet.iter_rows(values_only=True))
    at = next(i for i, row in enumerate(rows) if row[0] in ("Kode", "Code"))
    below = rows[at + 1] if at + 1 < len(rows) and rows[at + 1][0] is None else (None,) * len(rows[at])
    return [low if low is not None else high for high, low in zip(rows[at], below, strict=True)]
