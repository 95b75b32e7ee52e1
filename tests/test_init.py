"""lkip init: the example workspace, the structure sheet and the workspace built from it (issue 12, item 5)."""

import datetime
import errno
import json
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from lkip.cli import init_cmd
from lkip.engine import api
from lkip.engine.scaffold import quoted, scalar
from lkip.engine.structure import COLUMNS, SHEET
from lkip.engine.yamlsrc import load_text
from tests.conftest import SEED_DATA, SEED_SPECS, file_digests

YEAR = datetime.date.today().year  # the example's year: `lkip init` without --year uses this year
SEED = ["--specs", str(SEED_SPECS), "--data", str(SEED_DATA)]


def _workspace(root):
    return ["--specs", str(root / "specs"), "--data", str(root / "data")]


def _eval_json(run_cli, year, root):
    run = run_cli("eval", str(year), "--format", "json", *_workspace(root))
    assert run.exit_code == 0, run
    return {node["id"]: node for node in json.loads(run.stdout)["nodes"]}


# ------------------------------------------------------------------------------------------ the example


@pytest.mark.parametrize("lang", ["id", "en"])
def test_init_gives_a_workspace_that_validates_strictly_and_evaluates_this_year(run_cli, tmp_path, lang):
    target = tmp_path / "x"
    run = run_cli("init", str(target), "--lang", lang, cwd=tmp_path)
    assert run.exit_code == 0, run
    assert f"lkip eval {YEAR} --specs" in run.stdout
    checked = run_cli("validate", "--strict", "--format", "json", *_workspace(target))
    document = json.loads(checked.stdout)
    assert checked.exit_code == 0 and document["ok"], checked
    assert (document["errors"], document["warnings"], document["nodes"]) == (0, 0, 5)
    nodes = _eval_json(run_cli, YEAR, target)
    assert list(nodes) == ["SS1", "IKU1", "P01", "P01.K1", "P01.K1.S1"]
    # IKU1: 228 / 240 x 100 = 95 % against 90 -> 105,56 %; SS1 takes IKU1's capaian (mean of its IKU)
    assert nodes["IKU1"]["realisasi"] == pytest.approx(95.0)
    assert round(nodes["IKU1"]["capaian"], 2) == 105.56
    assert round(nodes["SS1"]["capaian"], 2) == 105.56
    # P01, lower is better: (2 x 5 - 4) / 5 x 100 = 120 %
    assert nodes["P01"]["direction"] == "lower" and nodes["P01"]["capaian"] == pytest.approx(120.0)
    assert nodes["P01.K1"]["capaian"] == pytest.approx(106.25)
    assert nodes["P01.K1.S1"]["serapan"] == pytest.approx(92.5) and nodes["P01"]["pagu"] == 150_000_000
    organisation = (target / "specs" / "organisation.yaml").read_text(encoding="utf-8")
    assert ("GANTI:" if lang == "id" else "REPLACE:") in organisation
    assert sorted(p.name for p in (target / "schema").iterdir()) == [
        "data.schema.json",
        "organisation.schema.json",
        "scales.schema.json",
        "specs.schema.json",
    ]


def test_the_example_scales_are_the_seeds(tmp_path, run_cli):
    """specs/scales.yaml comes from the package (no repository needed) and holds the seed's bands."""
    assert run_cli("init", str(tmp_path / "x")).exit_code == 0
    ours = api.validate(tmp_path / "x" / "specs", tmp_path / "x" / "data").workspace
    seed = api.validate(SEED_SPECS, SEED_DATA).workspace

    def bands(ws):
        return {key: (scale.name, scale.default, scale.bands) for key, scale in ws.scales.items()}

    assert bands(ours)["permendagri86"] == bands(seed)["permendagri86"]
    assert bands(ours)["akip"][1:] == bands(seed)["akip"][1:]  # the name drops the seed's "Tabel 3.1"


def test_init_into_an_empty_folder_works_and_a_folder_with_files_is_refused(run_cli, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run_cli("init", str(empty)).exit_code == 0
    assert (empty / "specs" / "sasaran-1.yaml").is_file()
    before = file_digests(tmp_path)
    again = run_cli("init", str(empty))
    assert again.exit_code == 2
    assert again.stderr.strip().count("\n") == 0 and "LK620" in again.stderr and "lkip init" in again.stderr
    assert file_digests(tmp_path) == before
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert run_cli("init", str(tmp_path / "file")).exit_code == 2
    assert file_digests(tmp_path) == {**before, "file": file_digests(tmp_path)["file"]}


def test_a_failure_while_writing_leaves_no_half_workspace(run_cli, tmp_path, monkeypatch):
    written = []
    real = init_cmd._write_file

    def failing(path, text):
        if len(written) == 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        written.append(path)
        real(path, text)

    monkeypatch.setattr(init_cmd, "_write_file", failing)
    run = run_cli("init", str(tmp_path / "x"))
    assert run.exit_code == 1 and "LK012" in run.stderr, run
    assert "disk penuh" in run.stderr
    assert os.listdir(tmp_path) == []  # neither the folder nor its temporary twin


def test_a_failure_while_moving_into_an_empty_folder_leaves_it_empty(run_cli, tmp_path, monkeypatch):
    """`lkip init .` in an empty folder: the entries are renamed out of a temporary folder inside it; a failure
    half-way takes back what was moved."""
    folder = tmp_path / "kantor"
    folder.mkdir()
    real, calls = os.rename, []

    def failing(source, destination):
        calls.append(destination)
        if len(calls) == 2:
            raise OSError(errno.EIO, os.strerror(errno.EIO), str(destination))
        real(source, destination)

    monkeypatch.setattr(os, "rename", failing)
    run = run_cli("init", ".", cwd=folder)
    assert run.exit_code == 1 and "LK012" in run.stderr, run
    assert os.listdir(folder) == [] and len(calls) == 2


# ------------------------------------------------------------------------------------------ the structure sheet


def test_seed_structure_sheet_round_trips_into_a_workspace_with_the_same_tree(run_cli, tmp_path):
    sheet = tmp_path / "struktur.xlsx"
    made = run_cli("init", "--structure-template", str(sheet), *SEED)
    assert made.exit_code == 0, made
    assert "105" in made.stdout and "LK633" in made.stderr  # P10's cumulation etc. are named, not lost silently
    book = load_workbook(sheet)
    assert book.sheetnames == [SHEET]
    header_row = next(r for r in book[SHEET].iter_rows() if r[0].value == "Tingkat")
    assert [c.value for c in header_row][:8] == [
        "Tingkat",
        "Kode",
        "Kode induk",
        "Nama",
        "Indikator",
        "Satuan",
        "Arah",
        "Target 2024",
    ]
    lists = {str(v.sqref).split(":")[0][0]: v.formula1 for v in book[SHEET].data_validations.dataValidation}
    assert lists["A"] == '"sasaran,iku,program,kegiatan,sub_kegiatan"' and lists["G"] == '"naik,turun"'

    target = tmp_path / "kantor"
    built = run_cli("init", str(target), "--from-template", str(sheet))
    assert built.exit_code == 0, built
    checked = api.validate(target / "specs", target / "data")
    assert checked.ok and not checked.diagnostics.errors
    new, seed = checked.workspace, api.validate(SEED_SPECS, SEED_DATA).workspace
    assert len(new.nodes) == len(seed.nodes) == 105
    for node in seed.nodes.values():
        other = new.nodes[node.id]
        assert (other.kind, other.parent, other.name, other.indicator, other.unit, other.direction) == (
            node.kind,
            node.parent,
            node.name,
            node.indicator,
            node.unit,
            node.direction,
        ), node.id
        assert {y: v for y, v in node.targets.items() if y in (2024, 2026)} == dict(other.targets), node.id
        assert (other.formula, dict(other.inputs)) == (node.formula, dict(node.inputs)), node.id
    assert new.organisation.name == seed.organisation.name and new.organisation.renstra_end == 2026
    assert sorted(p.name for p in (target / "specs").iterdir())[:3] == [
        "organisation.yaml",
        "program-p01.yaml",
        "program-p02.yaml",
    ]
    assert api.require(checked) and run_cli("eval", "2024", *_workspace(target)).exit_code == 0


def _fill(path, rows, org=None, lang="id"):
    """A structure workbook written by `lkip init --structure-template`, filled like a planner does."""
    book = load_workbook(path)
    sheet = book[SHEET]
    labels = {sheet.cell(r, 1).value: r for r in range(1, 12)}
    for label, value in (org or {}).items():
        sheet.cell(labels[label], 2, value)
    header = next(r for r in range(1, 20) if sheet.cell(r, 1).value in ("Tingkat", "Level"))
    for offset, row in enumerate(rows, start=1):
        for index, value in enumerate(row, start=1):
            sheet.cell(header + offset, index, value)
    book.save(path)
    return header


ORG = {"Nama perangkat daerah": "Dinas Kesehatan Kabupaten Contoh", "Tahun target": 2025}
# level, id, parent, name, indicator, unit, direction, target, renstra end target, formula, inputs, roll-up
GOOD = [
    (
        "sasaran",
        "SS1",
        None,
        "Meningkatnya derajat kesehatan",
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        "rata-rata iku",
    ),
    ("iku", "IKU1", "SS1", "Angka kematian bayi", "AKB per 1.000", "per 1.000", "turun", "8,5", None, None, None),
    (
        "program",
        "P01",
        "IKU1",
        "Program Pemenuhan Upaya Kesehatan",
        "Cakupan",
        "%",
        "naik",
        90,
        None,
        "percent(dilayani, sasaran)",
        "dilayani: Jumlah dilayani\nsasaran: Jumlah sasaran",
    ),
    ("kegiatan", "P01.K1", "P01", "Penyediaan Layanan Kesehatan", "Persentase", "%", "naik", 95),
    ("sub kegiatan", "P01.K1.S1", "P01.K1", "Pengelolaan Pelayanan Kesehatan", "Laporan", "laporan", "higher", 12),
]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_an_empty_structure_sheet_filled_by_hand_gives_a_workspace(run_cli, tmp_path, lang):
    sheet = tmp_path / "struktur.xlsx"
    assert run_cli("init", "--structure-template", str(sheet), "--year", "2025", "--lang", lang).exit_code == 0
    org = ORG if lang == "id" else {"Office name": ORG["Nama perangkat daerah"], "Target year": 2025}
    _fill(sheet, GOOD, org)
    target = tmp_path / "dinkes"
    run = run_cli("init", str(target), "--from-template", str(sheet), "--lang", lang)
    assert run.exit_code == 0, run
    assert ("5 simpul" if lang == "id" else "5 nodes") in run.stdout
    strict = run_cli("validate", "--strict", *_workspace(target))
    assert strict.exit_code == 0, strict
    spec = api.validate(target / "specs", target / "data").workspace
    iku = spec.nodes["IKU1"]
    assert iku.direction.value == "lower" and iku.targets == {2025: 8.5} and iku.unit == "per 1.000"
    assert dict(spec.nodes["P01"].inputs) == {"dilayani": "Jumlah dilayani", "sasaran": "Jumlah sasaran"}
    assert spec.nodes["SS1"].rollup.of.value == "iku"
    assert spec.nodes["P01.K1.S1"].kind.value == "sub_kegiatan"
    assert run_cli("eval", "2025", *_workspace(target)).exit_code == 0  # every node "no data" until data comes


def test_a_sheet_with_errors_names_every_cell_and_writes_nothing(run_cli, tmp_path):
    sheet = tmp_path / "struktur.xlsx"
    assert run_cli("init", "--structure-template", str(sheet), "--year", "2025").exit_code == 0
    bad = [
        GOOD[0],
        ("iku", "IKU1", "SS1", "Angka kematian bayi", None, "per 1.000", "turun", "delapan"),  # target: text
        ("program", "P01", "IKU9", "Program", None, "%", "naik", 90),  # parent: not in the sheet
        ("kegiatan", "P01.K1", "P01", "Kegiatan", None, "%", "ke atas", 95),  # direction
        ("subkegiatn", "P01.K1.S1", "P01.K1", "Sub", None, "laporan", "naik", 12),  # level
        ("kegiatan", "P01.K1", "P01", "Kegiatan lagi", None, "%", "naik", 95),  # id twice
        ("kegiatan", "P01.K2", "P01", "Dengan rumus", None, "%", "naik", 95, None, "percent(a b)"),  # formula
        ("kegiatan", "P01.K3", "P01", None, None, None, "naik", 95),  # no name, no unit beside a target
    ]
    header = _fill(sheet, bad, ORG)
    before = file_digests(tmp_path)
    run = run_cli("init", str(tmp_path / "dinkes"), "--from-template", str(sheet))
    assert run.exit_code == 1, run
    row = header + 1  # the first node row
    expected = {
        f"Struktur!H{row + 1}": "LK628",
        f"Struktur!C{row + 2}": "LK626",
        f"Struktur!G{row + 3}": "LK627",
        f"Struktur!A{row + 4}": "LK624",
        f"Struktur!B{row + 5}": "LK625",
        f"Struktur!J{row + 6}": "LK630",
        f"Struktur!D{row + 7}": "LK629",
        f"Struktur!F{row + 7}": "LK629",
    }
    lines = run.stderr.strip().splitlines()
    found = {line.split(": ")[0]: line.split()[2] for line in lines}
    assert found == expected, run.stderr
    assert "IKU9" in run.stderr and "subkegiatn" in run.stderr and "maksud Anda" in run.stderr
    assert file_digests(tmp_path) == before and not (tmp_path / "dinkes").exists()


def test_sheet_problems_beyond_the_cells_are_named_by_their_row(run_cli, tmp_path):
    """What only the whole workspace shows (a roll-up `sum` over children of other units) points at the row."""
    sheet = tmp_path / "struktur.xlsx"
    assert run_cli("init", "--structure-template", str(sheet), "--year", "2025").exit_code == 0
    rows = [*GOOD[:3], ("kegiatan", "P01.K1", "P01", "Kegiatan", None, "%", "naik", 95, None, None, None, "jumlah")]
    rows += [
        ("sub_kegiatan", "P01.K1.S1", "P01.K1", "Sub satu", None, "laporan", "naik", 12),
        ("sub_kegiatan", "P01.K1.S2", "P01.K1", "Sub dua", None, "dokumen", "naik", 2),
    ]
    header = _fill(sheet, rows, ORG)
    run = run_cli("init", str(tmp_path / "dinkes"), "--from-template", str(sheet))
    assert run.exit_code == 1, run
    assert f"Struktur!L{header + 4}" in run.stderr and "LK208" in run.stderr
    assert sorted(os.listdir(tmp_path)) == ["struktur.xlsx"]


def test_a_corrupt_workbook_or_a_spreadsheet_formula_changes_nothing(run_cli, tmp_path):
    corrupt = tmp_path / "rusak.xlsx"
    corrupt.write_bytes(b"PK\x03\x04 not really a zip")
    run = run_cli("init", str(tmp_path / "a"), "--from-template", str(corrupt))
    assert run.exit_code == 1 and "LK621" in run.stderr and "rusak.xlsx" in run.stderr, run
    other = tmp_path / "lain.xlsx"
    book = Workbook()
    book.active.title = "Data"
    book.save(other)
    run = run_cli("init", str(tmp_path / "a"), "--from-template", str(other))
    assert run.exit_code == 1 and "'Struktur'" in run.stderr and "Data" in run.stderr, run
    sheet = tmp_path / "struktur.xlsx"
    assert run_cli("init", "--structure-template", str(sheet), "--year", "2025").exit_code == 0
    header = _fill(sheet, [*GOOD[:1], (*GOOD[1][:7], "=4+4.5")], ORG)
    run = run_cli("init", str(tmp_path / "a"), "--from-template", str(sheet))
    assert run.exit_code == 1 and f"Struktur!H{header + 2}: galat LK632" in run.stderr, run
    assert not (tmp_path / "a").exists()


def test_workspace_text_is_not_a_formula_in_the_sheet_and_reads_back_as_written(run_cli, tmp_path, seed_copy):
    spec = seed_copy / "specs" / "sasaran-1.yaml"
    hostile = '=HYPERLINK("http://x.invalid","klik")'
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text.replace("name: Persentase Ketersediaan Barang Pokok Sepanjang Tahun", f"name: '{hostile}'"))
    sheet = tmp_path / "s.xlsx"
    run = run_cli("init", "--structure-template", str(sheet), *_workspace(seed_copy))
    assert run.exit_code == 0, run
    rows = load_workbook(sheet)[SHEET].iter_rows()
    cells = [c for row in rows for c in row if c.value and "HYPERLINK" in str(c.value)]
    assert [c.value for c in cells] == ["'" + hostile] and cells[0].data_type == "s"
    assert run_cli("init", str(tmp_path / "back"), "--from-template", str(sheet)).exit_code == 0
    assert api.validate(tmp_path / "back" / "specs", tmp_path / "back" / "data").workspace.nodes["IKU1"].name == hostile


def test_options_that_do_not_go_together_are_usage_errors(run_cli, tmp_path):
    for args in (
        ["init"],
        ["init", "x", "--structure-template", "s.xlsx"],
        ["init", "x", "--specs", "specs"],
        ["init", "x", "--from-template", "s.xlsx", "--year", "2025"],
        ["init", "--structure-template", "s.txt"],
    ):
        run = run_cli(*args, cwd=tmp_path)
        assert run.exit_code == 2 and "LK403" in run.stderr, (args, run)
    assert os.listdir(tmp_path) == []


def test_init_row_of_readme_lists_its_options():
    from tests.test_docs import test_each_command_row_lists_exactly_the_options_of_its_help

    test_each_command_row_lists_exactly_the_options_of_its_help("init")
    assert [c.header("id") for c in COLUMNS][:3] == ["Tingkat", "Kode", "Kode induk"]


@given(st.text(max_size=40))
def test_any_text_written_as_a_yaml_scalar_reads_back_unchanged(text):
    for written in (scalar(text), quoted(text)):
        document = load_text(f"key: {written}\n", "t.yaml")
        assert document.data == {"key": text}, written
