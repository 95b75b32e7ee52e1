"""The spreadsheet round trip (issue 12, items 1 and 2): `lkip template` → a planner fills cells → `lkip import`.

Every test works on a copy of the seed workspace; numbers are the seed's (data/2024) and what eval computes from
them (`--format json`)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from lkip.engine import datafile
from lkip.engine.intake import NotANumber, parse_number
from tests.conftest import edit, file_digests

YEAR = "2024"


# ----------------------------------------------------------------------------------------------- helpers


def template(run_cli, root: Path, name: str = "isian.xlsx", *args: str) -> Path:
    target = root / name
    result = run_cli("template", YEAR if not args else args[0], "-o", target, *args[1:], cwd=root)
    assert result.exit_code == 0, result
    return target


def locate(book, node: str, field: str, column: str):
    """The cell of (node, field) under the column key, found by the sheet's key row."""
    for sheet in book.worksheets:
        keys = None
        for row in sheet.iter_rows():
            values = [c.value for c in row]
            if values[:2] == ["node", "field"]:
                keys = values
                continue
            if keys and values[0] == node and values[1] == field:
                return row[keys.index(column)]
    raise KeyError((node, field, column))


def fill(path: Path, values: dict[tuple[str, str, str], object], out: Path | None = None) -> dict[tuple, str]:
    """Type values into cells as a planner would (text or numbers); the cells' references, as `SS1!G4`."""
    book = load_workbook(path)
    refs = {}
    for (node, field, column), value in values.items():
        cell = locate(book, node, field, column)
        cell.value = value
        refs[(node, field, column)] = f"{cell.parent.title}!{cell.coordinate}"
    book.save(out or path)
    return refs


def evaluated(run_cli, root: Path, year: str = YEAR) -> dict[str, dict]:
    result = run_cli("eval", year, "--format", "json", cwd=root)
    assert result.exit_code == 0, result
    return {node["id"]: node for node in json.loads(result.stdout)["nodes"]}


def backups(root: Path) -> list[Path]:
    return sorted((root / "data").rglob("*.bak"))


def comment_lines(root: Path) -> dict[str, list[str]]:
    """Every comment of every data file, by file (its text after '#', in order)."""
    found = {}
    for path in sorted((root / "data").rglob("*.yaml")):
        found[str(path.relative_to(root))] = [
            line.split("#", 1)[1] for line in path.read_text(encoding="utf-8").splitlines() if "#" in line
        ]
    return found


# ------------------------------------------------------------------------------------------- the template


def test_template_has_instructions_then_a_protected_sheet_per_sasaran(run_cli, seed_copy):
    book = load_workbook(template(run_cli, seed_copy))
    assert book.sheetnames == ["Petunjuk", "SS1", "SS2", "SS3"]
    intro = "\n".join(str(c.value) for c in book["Petunjuk"]["A"] if c.value)
    assert "Isi hanya sel berwarna kuning" in intro and "lkip import" in intro and "1.234,5" in intro
    sheet = book["SS2"]
    assert sheet.protection.sheet and not sheet.protection.password
    keys = [c.value for c in sheet[3]]
    assert keys[:6] == ["node", "field", "level", "name", "description", "unit"]
    assert keys[6:] == ["2024", "TW1", "TW2", "TW3", "TW4", "pagu", "realisasi_anggaran"]
    assert sheet.row_dimensions[3].hidden  # the key row
    assert [c.value for c in sheet[2]][:2] == ["Kode (kunci)", "Isian (kunci)"]
    # existing values pre-filled, input cells unlocked with numeric validation, labels locked
    aktif = locate(book, "IKU4", "inputs.aktif", "2024")
    assert aktif.value == 137 and aktif.protection.locked is False
    decimal_ranges = [str(dv.sqref) for dv in sheet.data_validations.dataValidation if dv.type == "decimal"]
    assert any(aktif.coordinate in ranges.split() for ranges in decimal_ranges)
    assert locate(book, "IKU4", "inputs.aktif", "description").protection.locked is not False
    assert locate(book, "IKU4", "inputs.aktif", "node").protection.locked is not False
    # quarters open only where the node has quarterly data; budget on a sub kegiatan's first row
    assert locate(book, "P10", "realisasi", "TW2").value == 3.83
    assert locate(book, "P10", "realisasi", "TW2").protection.locked is False
    assert locate(book, "IKU4", "inputs.aktif", "TW2").protection.locked is not False
    assert locate(book, "P10.K2", "inputs.disalurkan", "TW1").value == 2675.57
    assert locate(book, "P01.K1.S1", "realisasi", "pagu").value == 46448200
    assert locate(book, "P01.K1.S1", "realisasi", "realisasi_anggaran").value == 43345570
    assert locate(book, "IKU4", "inputs.aktif", "pagu").protection.locked is not False
    # a series input: one row per key; a node not carried out keeps only its budget row
    assert locate(book, "IKU1", "inputs.stok.beras", "2024").value == 38684
    assert locate(book, "P02.K1.S1", "anggaran", "pagu").value == 24839000
    with pytest.raises(KeyError):
        locate(book, "IKU6", "realisasi", "2024")  # a roll-up: nothing to fill in


def test_template_in_english_and_as_csv(run_cli, seed_copy):
    book = load_workbook(template(run_cli, seed_copy, "isian-en.xlsx", YEAR, "--lang", "en"))
    assert book.sheetnames[0] == "Instructions"
    assert [c.value for c in book["SS1"][2]][:2] == ["Id (key)", "Field (key)"]
    rows = list(csv.reader(io.StringIO(template(run_cli, seed_copy, "isian.csv").read_text(encoding="utf-8"))))
    assert rows[0][:7] == ["node", "field", "level", "name", "description", "unit", "2024"]
    beras = next(r for r in rows if r[:2] == ["IKU1", "inputs.stok.beras"])
    assert beras[6] == "38684"


def test_template_escapes_workspace_text_against_formula_injection(run_cli, seed_copy):
    spec = seed_copy / "specs" / "program-13.yaml"
    text = spec.read_text(encoding="utf-8")
    name = (
        re.search(r"  - id: P13\n    kind: program\n    parent: IKU2[^\n]*\n    name: ([^\n#]+)", text).group(1).strip()
    )
    spec.write_text(edit(text, f"name: {name}", 'name: "=HYPERLINK(\\"http://x\\",\\"y\\")"'), encoding="utf-8")
    book = load_workbook(template(run_cli, seed_copy))
    cell = locate(book, "P13", "realisasi", "name")
    assert cell.value.startswith("'=HYPERLINK") and cell.data_type == "s"


def test_template_refuses_an_output_inside_the_workspace_or_of_another_kind(run_cli, seed_copy):
    before = file_digests(seed_copy)
    assert run_cli("template", YEAR, "-o", "data/isian.xlsx", cwd=seed_copy).exit_code == 2
    result = run_cli("template", YEAR, "-o", "isian.docx", cwd=seed_copy)
    assert result.exit_code == 2 and "LK403" in result.stderr
    assert file_digests(seed_copy) == before


# ---------------------------------------------------------------------------------------- the round trip


def test_fill_in_then_import_then_eval_shows_the_new_values(run_cli, seed_copy):
    book = template(run_cli, seed_copy)
    comments = comment_lines(seed_copy)
    fill(
        book,
        {
            ("IKU4", "inputs.aktif", "2024"): "140",  # 140 / 173 koperasi
            ("IKU2", "realisasi", "2024"): "0,15 %",
            ("P10", "realisasi", "TW2"): "3,5",  # quarterly, mean of the quarters
            ("P01.K1.S1", "realisasi", "pagu"): "Rp 46.500.000",
            ("P03.K1.S1", "realisasi", "realisasi_anggaran"): "171.200.000,5",
            ("P12", "inputs.diawasi", "2024"): 700,  # a numeric cell
            ("P05.K1.S1", "realisasi", "2024"): "32 orang",  # the row's unit is orang
        },
    )
    preview = run_cli("import", book, "--year", YEAR, "--dry-run", cwd=seed_copy)
    assert preview.exit_code == 0, preview
    assert "137" in preview.stdout and "140" in preview.stdout and "data/2024/iku-4.yaml" in preview.stdout
    assert not backups(seed_copy)

    result = run_cli("import", book, "--year", YEAR, cwd=seed_copy)
    assert result.exit_code == 0, result
    nodes = evaluated(run_cli, seed_copy)
    assert nodes["IKU4"]["realisasi"] == pytest.approx(140 / 173 * 100, abs=1e-6)
    assert nodes["IKU2"]["realisasi"] == 0.15
    assert nodes["P10"]["realisasi"] == pytest.approx((2.05 + 3.5 + 2.72 + 2.52) / 4)
    assert nodes["P01.K1.S1"]["pagu"] == 46500000
    assert nodes["P03.K1.S1"]["realisasi_anggaran"] == 171200000.5
    assert nodes["P12"]["realisasi"] == pytest.approx(13 / 700 * 100, abs=1e-6)
    assert nodes["P05.K1.S1"]["realisasi"] == 32
    # values not in the workbook are kept: IKU4's other input, the other quarters, the budget spent
    assert nodes["P01.K1.S1"]["realisasi_anggaran"] == 43345570
    # each changed file's previous version is kept beside it; every comment is still there
    kept = {p.name.split(".yaml")[0] for p in backups(seed_copy)}
    assert kept == {"iku-2-3", "iku-4", "sasaran-1", "sasaran-3"}
    assert comment_lines(seed_copy) == comments
    original = (Path(__file__).parent.parent / "data" / "2024" / "iku-4.yaml").read_text(encoding="utf-8")
    assert next(seed_copy.glob("data/2024/iku-4.yaml.*.bak")).read_text(encoding="utf-8") == original
    changed = (seed_copy / "data" / "2024" / "iku-4.yaml").read_text(encoding="utf-8").splitlines()
    differing = [new for old, new in zip(original.splitlines(), changed, strict=True) if old != new]
    assert differing == [
        "    aktif: 140                 # L2276, L2309 (annex chart L5880 per kecamatan: "
        "10+12+13+3+10+9+14+34+9+17+6 = 137)",
        "  realisasi_anggaran: 171200000.5 # L5222",
        "  realisasi: 32                # L2517, L2523, L3420",
    ]
    assert run_cli("validate", cwd=seed_copy).exit_code == 0


def test_importing_the_untouched_template_changes_nothing(run_cli, seed_copy):
    for name in ("isian.xlsx", "isian.csv"):
        form = template(run_cli, seed_copy, name)
        before = file_digests(seed_copy / "data")
        result = run_cli("import", form, "--year", YEAR, cwd=seed_copy)
        assert result.exit_code == 0, result
        assert "tidak ada perubahan" in result.stdout
        assert file_digests(seed_copy / "data") == before  # bytes identical, no backup written


def test_a_comment_ruamel_would_drop_survives_an_edit_of_its_file(run_cli, seed_copy):
    """ruamel.yaml's round trip (0.19) loses the comment lines inside P07.K1's `reported` list of
    data/2024/iku-2-3.yaml; the in-place edit keeps them."""
    book = template(run_cli, seed_copy)
    fill(book, {("P07.K1", "realisasi", "2024"): 40})
    assert run_cli("import", book, cwd=seed_copy).exit_code == 0
    text = (seed_copy / "data" / "2024" / "iku-2-3.yaml").read_text(encoding="utf-8")
    assert "    # section 3.5 prints the kegiatan with the program's pagu although" in text
    assert "  realisasi: 40                # L2162, L2167, L3123 Tabel 23, L3606" in text


def test_csv_with_semicolons_and_indonesian_numbers(run_cli, seed_copy):
    form = template(run_cli, seed_copy, "isian.csv")
    rows = list(csv.reader(io.StringIO(form.read_text(encoding="utf-8"))))
    header = rows[0]
    for row in rows[1:]:
        if row[:2] == ["IKU4", "inputs.aktif"]:
            row[header.index("2024")] = "150"
        if row[:2] == ["P10.K2", "inputs.disalurkan"]:
            row[header.index("TW1")] = "2.700,25"
        if row[:2] == ["P09.K1.S1", "realisasi"]:
            row[header.index("realisasi_anggaran")] = "Rp 12.800.000.000"
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)  # as Excel saves CSV in an Indonesian locale
    filled = seed_copy / "terisi.csv"
    filled.write_text(out.getvalue(), encoding="utf-8")
    result = run_cli("import", filled, "--year", YEAR, cwd=seed_copy)
    assert result.exit_code == 0, result
    nodes = evaluated(run_cli, seed_copy)
    assert nodes["IKU4"]["realisasi"] == pytest.approx(150 / 173 * 100, abs=1e-6)
    assert nodes["P09.K1.S1"]["realisasi_anggaran"] == 12800000000
    sums = (2700.25 + 8470.01 + 15411.84, 4800.04 + 5329.02 + 19204.30)
    text = (seed_copy / "data" / "2024" / "sasaran-1.yaml").read_text(encoding="utf-8")
    assert "1: {inputs: {disalurkan: 2700.25, diterima: 4800.04}}     # L757-758" in text
    # P10.K2's year comes from its annual inputs; up to TW III its quarters' inputs add up (cumulation: sum)
    quarterly = json.loads(run_cli("eval", YEAR, "--tw", "3", "--format", "json", cwd=seed_copy).stdout)
    p10k2 = next(n for n in quarterly["nodes"] if n["id"] == "P10.K2")
    assert p10k2["realisasi"] == pytest.approx(sums[0] / sums[1] * 100, abs=1e-4)


def test_a_new_year_goes_into_files_named_as_the_last_years(run_cli, seed_copy):
    form = template(run_cli, seed_copy, "isian-2025.xlsx", "2025")
    fill(
        form,
        {
            ("IKU4", "inputs.aktif", "2025"): 150,
            ("IKU4", "inputs.jumlah_koperasi", "2025"): 180,
            ("P10", "realisasi", "TW1"): "2,1",
            ("P01.K1.S1", "realisasi", "pagu"): "Rp 50.000.000",
        },
    )
    result = run_cli("import", form, cwd=seed_copy)  # the year is the form's
    assert result.exit_code == 0, result
    made = sorted(p.name for p in (seed_copy / "data" / "2025").iterdir())
    assert made == ["iku-4.yaml", "sasaran-1.yaml", "sasaran-3.yaml"]
    assert (
        (seed_copy / "data" / "2025" / "sasaran-1.yaml")
        .read_text(encoding="utf-8")
        .endswith("P10:\n  triwulan:\n    1: {realisasi: 2.1}\n")
    )
    nodes = evaluated(run_cli, seed_copy, "2025")
    assert nodes["IKU4"]["realisasi"] == pytest.approx(150 / 180 * 100, abs=1e-6)
    assert nodes["P10"]["realisasi"] == 2.1 and nodes["P10"]["reached"] == "TW1"
    assert nodes["P01.K1.S1"]["pagu"] == 50000000


def test_new_entries_go_beside_their_siblings(run_cli, seed_copy):
    """A new quarter between existing ones, a new field of a record, a new record after its tree predecessor."""
    path = seed_copy / "data" / "2024" / "sasaran-1.yaml"
    text = path.read_text(encoding="utf-8")
    text = edit(text, "    2: {realisasi: 474}   # L1069\n", "")  # P12.K1.S1 without TW2
    path.write_text(text, encoding="utf-8")
    form = seed_copy / "isian.csv"
    form.write_text(
        "node,field,2024,TW2,pagu\nP12.K1.S1,realisasi,,474,\nP12.K1,inputs.diawasi,,,\nP10.K1,anggaran,,,1000\n",
        encoding="utf-8",
    )
    result = run_cli("import", form, "--year", YEAR, cwd=seed_copy)
    assert result.exit_code == 0, result
    after = path.read_text(encoding="utf-8")
    assert "    1: {realisasi: 70}    # L924\n    2: {realisasi: 474}\n    3: {realisasi: 111}" in after
    assert re.search(r"P10\.K1:\n  inputs:\n(.*\n)*?  pagu: 1000\n  reported:", after)


# ---------------------------------------------------------------------------------- nothing changes when


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({("IKU4", "inputs.aktif", "2024"): "banyak"}, ["LK601 'banyak' bukan angka"]),
        ({("IKU4", "inputs.aktif", "2024"): "1.234"}, ["LK601 '1.234' bermakna ganda"]),
        ({("IKU2", "realisasi", "2024"): "Rp 5"}, ["LK603"]),
        (
            {("P05.K1.S1", "realisasi", "2024"): "3 laporan"},
            ["LK603 nilai ditulis dalam 'laporan', padahal satuan baris ini 'orang'"],
        ),
        ({("P01.K1.S1", "realisasi", "pagu"): -5}, ["LK602 nilai anggaran tidak boleh negatif"]),
        ({("IKU4", "inputs.aktif", "2024"): "1e30"}, ["LK602"]),
    ],
)
def test_a_wrong_value_changes_nothing_and_names_its_cell(run_cli, seed_copy, cells, expected):
    form = template(run_cli, seed_copy)
    refs = fill(form, {**cells, ("IKU4", "inputs.jumlah_koperasi", "2024"): 180})  # a good cell besides
    before = file_digests(seed_copy)
    result = run_cli("import", form, "--year", YEAR, cwd=seed_copy)
    assert result.exit_code == 1
    [ref] = [refs[key] for key in cells]
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{ref}: galat ")
    for text in expected:
        assert text in lines[0]
    assert file_digests(seed_copy) == before


def test_every_problem_is_listed_at_once(run_cli, seed_copy):
    form = template(run_cli, seed_copy)
    book = load_workbook(form)
    locate(book, "IKU4", "inputs.jumlah_koperasi", "2024").value = 180
    bad_node = locate(book, "IKU4", "inputs.jumlah_koperasi", "node")
    bad_node.value = "IKU44"
    locate(book, "IKU4", "inputs.aktif", "2024").value = "seratus"
    locate(book, "P10", "realisasi", "TW1").value = "=1/0"  # a formula never computed
    locate(book, "P03", "inputs.berkualitas", "2024").value = 60
    bad_field = locate(book, "P03", "inputs.berkualitas", "field")
    bad_field.value = "inputs.berkwalitas"
    book.save(form)
    before = file_digests(seed_copy)
    result = run_cli("import", form, "--year", YEAR, "--lang", "en", cwd=seed_copy)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert any(line.startswith(f"SS2!{bad_node.coordinate}: error LK604 no node 'IKU44'") for line in lines), lines
    assert any(f"SS2!{bad_field.coordinate}: error LK605 P03 has no input 'berkwalitas'" in line for line in lines)
    assert any("did you mean 'berkualitas'?" in line for line in lines)
    assert any(line.startswith("SS1!") and "a formula without a computed value" in line for line in lines)
    assert any("'seratus' is not a number" in line for line in lines)
    assert len(lines) == 4
    assert file_digests(seed_copy) == before


@pytest.mark.parametrize("kind", ["random bytes", "zip without sheets", "truncated workbook"])
def test_a_corrupt_workbook_changes_nothing(run_cli, seed_copy, kind):
    path = seed_copy / "rusak.xlsx"
    if kind == "random bytes":
        path.write_bytes(os.urandom(4096))
    elif kind == "zip without sheets":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("readme.txt", "no workbook here")
    else:
        good = template(run_cli, seed_copy).read_bytes()
        path.write_bytes(good[: len(good) // 2])
    before = file_digests(seed_copy / "data")
    result = run_cli("import", path, "--year", YEAR, cwd=seed_copy)
    assert result.exit_code == 1, result
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"{path}: galat LK600 ")
    assert file_digests(seed_copy / "data") == before


def test_a_form_of_another_year_or_two_values_for_one_figure_change_nothing(run_cli, seed_copy):
    form = template(run_cli, seed_copy, "isian.csv")
    before = file_digests(seed_copy / "data")
    result = run_cli("import", form, "--year", "2023", cwd=seed_copy)
    assert result.exit_code == 1 and "LK607" in result.stderr and "2024" in result.stderr
    twice = seed_copy / "dua.csv"
    twice.write_text("node,field,2024\nIKU4,inputs.aktif,140\nIKU4,inputs.aktif,141\n", encoding="utf-8")
    result = run_cli("import", twice, "--lang", "en", cwd=seed_copy)
    assert result.exit_code == 1
    assert result.stderr.startswith("dua.csv!C3: error LK606 IKU4 inputs.aktif: 141 here, 140 at dua.csv!C2")
    assert file_digests(seed_copy / "data") == before


def test_an_import_that_would_not_validate_is_refused(run_cli, seed_copy):
    """One input of a formula without the other: LK211 in the data as it would be; nothing is written."""
    form = template(run_cli, seed_copy, "isian-2025.csv", "2025")
    rows = list(csv.reader(io.StringIO(form.read_text(encoding="utf-8"))))
    kept = [rows[0]] + [r for r in rows[1:] if r[:2] == ["P10.K1", "inputs.terkendali"]]
    kept[1][rows[0].index("2025")] = "20"
    out = io.StringIO()
    csv.writer(out).writerows(kept)
    form.write_text(out.getvalue(), encoding="utf-8")
    before = file_digests(seed_copy)
    result = run_cli("import", form, cwd=seed_copy)
    assert result.exit_code == 1
    assert "LK608" in result.stderr and "LK211" in result.stderr and "data/2025/sasaran-1.yaml" in result.stderr
    assert file_digests(seed_copy) == before and not (seed_copy / "data" / "2025").exists()
    dry = run_cli("import", form, "--dry-run", cwd=seed_copy)
    assert dry.exit_code == 1 and "LK608" in dry.stderr


# ------------------------------------------------------------------------------------ a write that fails


def test_a_failure_in_the_middle_of_the_write_leaves_the_data_as_it_was(run_cli, seed_copy, monkeypatch):
    form = template(run_cli, seed_copy)
    fill(form, {("IKU4", "inputs.aktif", "2024"): 140, ("IKU2", "realisasi", "2024"): 0.2})  # two files
    before = file_digests(seed_copy / "data")
    real_replace = os.replace
    calls = []

    def failing_replace(src, dst, *args, **kwargs):
        calls.append(dst)
        if len(calls) == 2:  # the first file is in place, the second fails
            raise OSError(28, "No space left on device")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", failing_replace)
    result = run_cli("import", form, "--year", YEAR, cwd=seed_copy)
    assert result.exit_code == 1
    assert "LK610" in result.stderr and "disk penuh" in result.stderr
    assert len(calls) == 3  # the second write failed; the first file was put back
    assert file_digests(seed_copy / "data") == before  # no backup, no temporary file left either


def test_a_writer_that_raises_leaves_the_data_as_it_was(run_cli, seed_copy, monkeypatch):
    from lkip.cli import output

    form = template(run_cli, seed_copy)
    fill(form, {("IKU4", "inputs.aktif", "2024"): 140, ("IKU1", "inputs.stok.beras", "2024"): 40000})
    before = file_digests(seed_copy / "data")
    real = output.atomic_write
    written = []

    def writer(path, content):  # the second write fails; the others (the restore of the first) work
        written.append(path)
        if len(written) == 2:
            raise PermissionError(13, "Permission denied", str(path))
        real(path, content)

    monkeypatch.setattr(output, "atomic_write", writer)
    result = run_cli("import", form, "--year", YEAR, cwd=seed_copy)
    assert result.exit_code == 1 and "LK610" in result.stderr and "izin ditolak" in result.stderr
    assert len(written) == 3
    assert file_digests(seed_copy / "data") == before


def test_when_the_previous_file_cannot_be_put_back_its_backup_is_named(run_cli, seed_copy, monkeypatch):
    from lkip.cli import output

    form = template(run_cli, seed_copy)
    fill(form, {("IKU4", "inputs.aktif", "2024"): 140, ("IKU1", "inputs.stok.beras", "2024"): 40000})
    original = (seed_copy / "data" / "2024" / "iku-4.yaml").read_bytes()
    real = output.atomic_write
    written = []

    def writer(path, content):  # the first write works, every later one fails (the restore too)
        written.append(path)
        if len(written) > 1:
            raise OSError(5, "Input/output error")
        real(path, content)

    monkeypatch.setattr(output, "atomic_write", writer)
    result = run_cli("import", form, "--year", YEAR, cwd=seed_copy)
    assert result.exit_code == 1 and "LK610" in result.stderr
    [backup] = (seed_copy / "data" / "2024").glob("iku-4.yaml.*.bak")
    assert backup.read_bytes() == original and backup.name in result.stderr


def test_a_file_changed_during_the_import_is_not_overwritten(seed_copy, monkeypatch):
    from lkip.cli.import_cmd import commit
    from lkip.engine import api
    from lkip.engine.diagnostics import LkipError
    from lkip.engine.intake import Cell, Change

    monkeypatch.chdir(seed_copy)
    ws, _ = api.require(api.validate("specs", "data"))
    change = Change("IKU4", ("inputs", "aktif"), 137, 140, Cell("SS2", 34, 7), "inputs.aktif", "2024", None)
    plans = datafile.plan(ws, 2024, Path("data"), [change])
    target = seed_copy / "data" / "2024" / "iku-4.yaml"
    target.write_text(target.read_text(encoding="utf-8") + "# edited meanwhile\n", encoding="utf-8")
    before = file_digests(seed_copy / "data")
    with pytest.raises(LkipError) as raised:
        commit(plans, lambda: [])
    assert raised.value.diagnostics[0].code == "LK609"
    assert file_digests(seed_copy / "data") == before


# ------------------------------------------------------------------------------------ numbers and YAML


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("1.234,5", 1234.5, None),
        ("12,5 %", 12.5, "%"),
        ("12,5%", 12.5, "%"),
        ("Rp 1.000.000", 1000000, "Rp"),
        ("Rp. 1.000.000,-", 1000000, "Rp"),
        ("Rp 38.700", 38700, "Rp"),
        ("1.234.567,89", 1234567.89, None),
        ("0,125", 0.125, None),
        ("0.125", 0.125, None),
        ("12.5", 12.5, None),
        ("−2,5", -2.5, None),
        ("-11,15 %", -11.15, "%"),
        ("1,234,567", 1234567, None),
        ("30 laporan", 30, "laporan"),
        ("\u00a0140\u00a0", 140, None),
    ],
)
def test_indonesian_number_text(text, value, unit):
    parsed = parse_number(text)
    assert parsed.value == value and type(parsed.value) is type(value) and parsed.unit == unit


@pytest.mark.parametrize("text", ["1.234", "38.700 ton", "abc", "12 34", "1.2.3", "Rp 5 %", "--1"])
def test_text_that_is_not_one_number_is_refused(text):
    with pytest.raises(NotANumber):
        parse_number(text)


def test_the_yaml_editor_keeps_every_other_byte():
    text = (
        "# head\n"
        "A:\n"
        "  inputs:\n"
        "    x: 1      # one\n"
        "    s: {k1: 2, k2: 3}   # flow\n"
        "  triwulan:\n"
        "    1: {realisasi: 2.05}   # q1\n"
        "    4: {realisasi: 2.5}\n"
        "  reported:\n"
        "    - {source: L1, realisasi: 1}\n"
        "    # a comment between items\n"
        "    - {source: L2, realisasi: 1}\n"
        "\n"
        "# section B\n"
        "C:\n"
        "  realisasi: 5\n"
        "checks: []\n"
    )
    edits = [
        (("A", "inputs", "x"), 10),
        (("A", "inputs", "s", "k3"), 4.5),
        (("A", "inputs", "z"), 7),
        (("A", "triwulan", "2", "realisasi"), 3),
        (
            (
                "A",
                "pagu",
            ),
            100,
        ),
        (("B", "realisasi"), 9),
        (("C", "realisasi"), 12774823745.41),
    ]
    order = {"A": 0.0, "B": 1.0, "C": 2.0}

    def rank(container, key):
        if not container:
            return order.get(key, float("inf"))
        return datafile.record_order(container, key)

    after = datafile.edit_text(text, edits, rank)
    assert after == (
        "# head\n"
        "A:\n"
        "  inputs:\n"
        "    x: 10     # one\n"
        "    s: {k1: 2, k2: 3, k3: 4.5}   # flow\n"
        "    z: 7\n"
        "  triwulan:\n"
        "    1: {realisasi: 2.05}   # q1\n"
        "    2: {realisasi: 3}\n"
        "    4: {realisasi: 2.5}\n"
        "  pagu: 100\n"
        "  reported:\n"
        "    - {source: L1, realisasi: 1}\n"
        "    # a comment between items\n"
        "    - {source: L2, realisasi: 1}\n"
        "B:\n"
        "  realisasi: 9\n"
        "\n"
        "# section B\n"
        "C:\n"
        "  realisasi: 12774823745.41\n"
        "checks: []\n"
    )
    crlf = datafile.edit_text(text.replace("\n", "\r\n"), edits, rank)
    assert crlf == after.replace("\n", "\r\n")


@pytest.mark.parametrize(
    ("value", "text"), [(12, "12"), (12.0, "12"), (2.05, "2.05"), (1e-05, "0.00001"), (1.5e17, "150000000000000000")]
)
def test_numbers_are_written_as_plain_decimals(value, text):
    assert datafile.number_text(value) == text


def test_readme_examples_are_what_lkip_prints(run_cli, seed_copy):
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    form = template(run_cli, seed_copy)
    book = load_workbook(form)
    locate(book, "IKU4", "inputs.jumlah_koperasi", "2024").value = 180
    locate(book, "IKU4", "inputs.jumlah_koperasi", "node").value = "IKU99"
    locate(book, "IKU4", "inputs.aktif", "2024").value = "banyak"
    book.save(seed_copy / "salah.xlsx")
    errors = run_cli("import", seed_copy / "salah.xlsx", cwd=seed_copy, env={"COLUMNS": "200"}).stderr.splitlines()
    assert errors and all(line in readme for line in errors), errors
    fill(
        form,
        {
            ("IKU4", "inputs.aktif", "2024"): "140",
            ("P10", "realisasi", "TW2"): "3,5",
            ("P01.K1.S1", "realisasi", "pagu"): "Rp 46.500.000",
        },
    )
    preview = run_cli("import", form, "--dry-run", cwd=seed_copy).stdout.splitlines()
    block = "\n".join(preview[:-1]) + "\n"  # the last line: --dry-run's own
    assert block in readme, block


def _with_cached_values(path: Path, values: dict[str, str]) -> None:
    """The workbook as Excel saves it: each formula with its computed value (openpyxl writes none)."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    for name, data in parts.items():
        text = data.decode("utf-8") if name.endswith(".xml") else None
        if text is None:
            continue
        for formula, value in values.items():
            text = text.replace(f"<f>{formula}</f><v></v>", f"<f>{formula}</f><v>{value}</v>")
        parts[name] = text.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_a_formula_is_read_as_the_value_the_file_keeps_and_a_list_input_takes_its_element(run_cli, seed_copy):
    form = template(run_cli, seed_copy)
    fill(
        form,
        {
            ("IKU4", "inputs.aktif", "2024"): "=138+2",
            ("IKU3", "inputs.nilai_produksi[0]", "2024"): "Rp 340.000.000",
        },
    )
    _with_cached_values(form, {"138+2": "140"})
    result = run_cli("import", form, cwd=seed_copy)
    assert result.exit_code == 0, result
    nodes = evaluated(run_cli, seed_copy)
    assert nodes["IKU4"]["realisasi"] == pytest.approx(140 / 173 * 100, abs=1e-6)
    assert nodes["IKU3"]["realisasi"] == pytest.approx((340000000 - 300010000) / 300010000 * 100, abs=1e-6)
    text = (seed_copy / "data" / "2024" / "iku-2-3.yaml").read_text(encoding="utf-8")
    assert "    nilai_produksi: [340000000]       # 2024, Rp: L2017" in text


def test_monthly_and_half_year_data_get_their_own_columns(run_cli, small):
    nodes = """\
    nodes:
      - {id: S1, kind: sasaran, name: Sasaran}
      - {id: I1, kind: iku, parent: S1, name: Bulanan, unit: "%", direction: higher, targets: {2024: 80},
         cumulation: last}
      - {id: I2, kind: iku, parent: S1, name: Semesteran, unit: kasus, direction: lower, targets: {2024: 10},
         cumulation: sum}
    """
    data = {"2024": "I1:\n  bulan:\n    1: {realisasi: 70}   # Januari\nI2:\n  semester: {1: {realisasi: 4}}\n"}
    checked, root = small(nodes, data)
    assert checked.ok
    form = template(run_cli, root, "isian.xlsx")
    book = load_workbook(form)
    keys = [c.value for c in book["S1"][3]]
    assert keys[6:] == [
        "2024",
        "TW1",
        "TW2",
        "TW3",
        "TW4",
        "S1",
        "S2",
        *[f"B{n}" for n in range(1, 13)],
        "pagu",
        "realisasi_anggaran",
    ]
    assert locate(book, "I1", "realisasi", "B1").value == 70
    assert locate(book, "I1", "realisasi", "B2").protection.locked is False
    assert locate(book, "I1", "realisasi", "S1").protection.locked is not False
    fill(form, {("I1", "realisasi", "B2"): "75,5", ("I2", "realisasi", "S2"): 3})
    result = run_cli("import", form, cwd=root)
    assert result.exit_code == 0, result
    assert (root / "data" / "2024.yaml").read_text(encoding="utf-8") == (
        "I1:\n  bulan:\n    1: {realisasi: 70}   # Januari\n    2: {realisasi: 75.5}\nI2:\n"
        "  semester: {1: {realisasi: 4}, 2: {realisasi: 3}}\n"
    )
    nodes_2024 = evaluated(run_cli, root)
    assert nodes_2024["I1"]["realisasi"] == 75.5 and nodes_2024["I2"]["realisasi"] == 7


def test_a_node_without_data_goes_beside_its_family(run_cli, seed_copy):
    """A new sub kegiatan: after its tree predecessor in its kegiatan's file; a new sasaran in a new year: a file
    of its own in the year's folder."""
    spec = seed_copy / "specs" / "program-01.yaml"
    spec.write_text(
        edit(
            spec.read_text(encoding="utf-8"),
            "    targets: {2024: 10}   # L4128\n",
            "    targets: {2024: 10}   # L4128\n"
            "\n"
            "  - {id: P01.K1.S5, kind: sub_kegiatan, parent: P01.K1, name: Sub baru, unit: laporan,\n"
            "     direction: higher, targets: {2024: 2, 2025: 2}}\n",
        ),
        encoding="utf-8",
    )
    (seed_copy / "specs" / "sasaran-4.yaml").write_text(
        "nodes:\n"
        "  - {id: SS4, kind: sasaran, name: Sasaran baru}\n"
        "  - {id: IKU7, kind: iku, parent: SS4, name: IKU baru, unit: '%', direction: higher, targets: {2025: 50}}\n",
        encoding="utf-8",
    )
    form = seed_copy / "isian.csv"
    form.write_text('node,field,2024,pagu\nP01.K1.S5,realisasi,2,"Rp 1.500.000"\n', encoding="utf-8")
    assert run_cli("import", form, cwd=seed_copy).exit_code == 0
    text = (seed_copy / "data" / "2024" / "sasaran-3.yaml").read_text(encoding="utf-8")
    assert (
        '    - {source: "L4880 3.5 Realisasi Anggaran", pagu: 34281300, realisasi_anggaran: 32248594, serapan: 94.07}'
        "   # L4880-4882\nP01.K1.S5:\n  realisasi: 2\n  pagu: 1500000\n\n# ------------------------------------------"
    ) in text
    form.write_text("node,field,2025\nIKU7,realisasi,55\nIKU4,inputs.aktif,150\nIKU4,inputs.jumlah_koperasi,180\n")
    result = run_cli("import", form, cwd=seed_copy)
    assert result.exit_code == 0, result
    assert (seed_copy / "data" / "2025" / "ss4.yaml").read_text(encoding="utf-8").endswith("IKU7:\n  realisasi: 55\n")
    assert (seed_copy / "data" / "2025" / "iku-4.yaml").is_file()
    nodes = evaluated(run_cli, seed_copy, "2025")
    assert nodes["IKU7"]["capaian"] == 110
    assert evaluated(run_cli, seed_copy)["P01.K1.S5"]["pagu"] == 1500000


@pytest.mark.parametrize(("value", "text"), [(1.234, "1.2340"), (38.7, "38.7"), (0.125, "0.125"), (1234.5, "1234.5")])
def test_the_csv_form_writes_no_number_that_reads_as_thousands(value, text):
    from lkip.engine.render.form_book import csv_number

    assert csv_number(value) == text
    assert parse_number(text).value == value


# ------------------------------------------------------------------- as a child process, under OS limits


def test_template_under_a_file_size_limit_says_so_in_one_line(tmp_path):
    from tests.hostile import Sandbox

    box = Sandbox(tmp_path)
    child = box.run("template", YEAR, "-o", "isian.xlsx", file_size=4096)
    assert child.code == 1 and "Traceback" not in child.stderr, child
    [line] = child.stderr.strip().splitlines()
    assert line.startswith("isian.xlsx: galat LK012") and "batas ukuran berkas" in line
    box.untouched()


def test_import_under_a_file_size_limit_changes_nothing(tmp_path):
    """sasaran-1.yaml would grow past the limit: the check of the data after the import, which writes it into a
    temporary folder first, fails; nothing is written (test_a_failure_in_the_middle_of_the_write_... covers a
    write failing after the check)."""
    from tests.hostile import Sandbox

    box = Sandbox(tmp_path)
    assert box.run("template", YEAR, "-o", "isian.xlsx").code == 0
    fill(box.root / "isian.xlsx", {("IKU4", "inputs.aktif", "2024"): 140, ("P10", "realisasi", "TW2"): 3.8312345})
    limit = (box.root / "data" / "2024" / "sasaran-1.yaml").stat().st_size + 2
    child = box.run("import", "isian.xlsx", file_size=limit)
    assert child.code == 1 and "Traceback" not in child.stderr, child
    [line] = child.stderr.strip().splitlines()
    assert line.startswith("lkip: galat LK610 data sesudah impor tidak dapat diperiksa")
    assert "batas ukuran berkas" in line and "tidak ada yang ditulis" in line
    box.untouched("isian.xlsx")
