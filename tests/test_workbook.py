"""The print-ready workbook (issue 11 item 1) read back with openpyxl and printed to PDF by LibreOffice; the CSV
dialects (item 5) parsed back. Every number is compared with `lkip eval --format json`'s."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from lkip.engine.render.exports import csv_value
from lkip.engine.render.numbers import parse
from lkip.engine.render.workbook import _header_text
from tests.conftest import SEED_DATA, SEED_SPECS

SEED = ["--specs", str(SEED_SPECS), "--data", str(SEED_DATA)]
OFFICE = "Dinas Perdagangan, Koperasi, Usaha Kecil Menengah dan Perindustrian Kabupaten Luwu Timur"
TABLES = ["capaian_iku", "capaian_program", "realisasi_anggaran", "efisiensi"]


@pytest.fixture(scope="module")
def seed_document():
    from typer.testing import CliRunner

    from lkip.cli.main import app

    result = CliRunner().invoke(app, ["eval", "2024", "--format", "json", *SEED])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def nodes(seed_document):
    return {n["id"]: n for n in seed_document["nodes"]}


@pytest.fixture(scope="module")
def workbook_file(tmp_path_factory):
    from typer.testing import CliRunner

    from lkip.cli.main import app

    out = tmp_path_factory.mktemp("workbook") / "laporan.xlsx"
    result = CliRunner().invoke(app, ["eval", "2024", "-o", str(out), *SEED])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def book(workbook_file):
    return load_workbook(workbook_file)


def header_rows(sheet: Worksheet) -> tuple[int, int]:
    """The first and last header row: what the sheet repeats on every printed page ('$5:$6')."""
    first, last = (int(n) for n in re.findall(r"\d+", sheet.print_title_rows))
    return first, last


def table(sheet: Worksheet) -> list[dict]:
    """The sheet's rows as dicts by column title (a grouped column's title is in the last header row), with the
    row number and the cells themselves under '_row' and '_cells'."""
    first, last = header_rows(sheet)
    titles = []
    for col in range(1, sheet.max_column + 1):
        below, above = sheet.cell(row=last, column=col).value, sheet.cell(row=first, column=col).value
        titles.append(below if below is not None else above)
    rows = []
    for number in range(last + 1, sheet.max_row + 1):
        cells = [sheet.cell(row=number, column=col) for col in range(1, sheet.max_column + 1)]
        row = {t: c.value for t, c in zip(titles, cells, strict=True)}
        row["_row"], row["_cells"] = number, dict(zip(titles, cells, strict=True))
        rows.append(row)
    return rows


def by_id(sheet: Worksheet) -> dict[str, dict]:
    return {r["Kode"]: r for r in table(sheet) if r["Kode"]}


def totals(sheet: Worksheet) -> list[dict]:
    return [r for r in table(sheet) if not r["Kode"]]


# --- titles, print settings, layout ------------------------------------------------------------------------


def test_a_sheet_per_table_and_the_chart_sheet(book):
    assert book.sheetnames == [*TABLES, "Grafik"]


@pytest.mark.parametrize("number, name", list(enumerate(TABLES, start=1)))
def test_titles_name_the_office_the_year_and_the_table(book, number, name):
    sheet = book[name]
    assert sheet["A1"].value == OFFICE
    assert sheet["A2"].value == "Laporan Kinerja Instansi Pemerintah (LKIP) Tahun 2024"
    assert sheet["A3"].value.startswith(f"Tabel 3.{number} ") and "2024" in sheet["A3"].value
    assert sheet["A1"].font.bold and sheet["A3"].font.bold
    assert any(str(m).startswith("A1:") for m in sheet.merged_cells.ranges)  # the title spans the table


@pytest.mark.parametrize("name", [*TABLES, "Grafik"])
def test_print_settings(book, name):
    sheet = book[name]
    setup = sheet.page_setup
    assert setup.orientation == "landscape"
    assert int(setup.paperSize) == 9  # A4
    assert int(setup.fitToWidth) == 1 and int(setup.fitToHeight) == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.oddHeader.left.text == "Disdagkoperin Luwu Timur" and sheet.oddHeader.right.text == "LKIP 2024"
    assert sheet.oddFooter.center.text == "Halaman &P dari &N"
    if name != "Grafik":
        first, last = header_rows(sheet)
        assert sheet.print_title_rows == f"${first}:${last}"
        assert sheet.freeze_panes == f"A{last + 1}"  # frozen under the header
        assert sheet.cell(row=first, column=1).value == "Kode" and sheet.cell(row=first, column=1).font.bold


def test_the_program_sheet_has_performance_and_budget_side_by_side(book):
    sheet = book["capaian_program"]
    first, last = header_rows(sheet)
    assert (first, last) == (5, 6)
    groups = [c.value for c in sheet[first] if c.value]
    assert groups[:6] == ["Kode", "Jenis", "Program/Kegiatan/Sub Kegiatan", "Indikator kinerja", "Satuan", "Kinerja"]
    assert groups[6:] == ["Anggaran", "Predikat"]
    titles = [c.value for c in sheet[last]]
    assert titles[5:11] == [
        "Target 2024",
        "Realisasi",
        "% Capaian kinerja",
        "Pagu",
        "Realisasi keuangan",
        "% Capaian keuangan",
    ]
    assert "Induk" not in [c.value for c in sheet[first]]  # the parent is shown by indentation


def test_names_wrap_and_are_indented_by_the_tree(book, nodes):
    program = by_id(book["capaian_program"])
    indents = {"program": 0, "kegiatan": 2, "sub_kegiatan": 4}
    for node_id, row in program.items():
        cell = row["_cells"]["Program/Kegiatan/Sub Kegiatan"]
        assert cell.alignment.indent == indents[nodes[node_id]["kind"]], node_id
        assert cell.alignment.wrap_text and cell.border.left.style == "thin"
        assert cell.font.bold == (nodes[node_id]["kind"] == "program")
    # a row is high enough for its wrapped name: the longest names take several lines
    long_row = program["P10.K1.S1"]
    assert book["capaian_program"].row_dimensions[long_row["_row"]].height >= 3 * 11
    iku = by_id(book["capaian_iku"])
    assert iku["SS1"]["_cells"]["Indikator kinerja"].alignment.indent == 0
    assert iku["IKU1"]["_cells"]["Indikator kinerja"].alignment.indent == 2
    # the sasaran's name once, above its IKU (as the report prints it), not repeated on every row
    assert iku["SS2"]["Sasaran"].startswith("Meningkatnya pertumbuhan") and iku["IKU3"]["Sasaran"] is None


# --- numbers -----------------------------------------------------------------------------------------------


def test_iku_numbers_equal_the_json(book, nodes):
    rows = by_id(book["capaian_iku"])
    assert set(rows) == {n for n, v in nodes.items() if v["kind"] in ("sasaran", "iku")}
    for node_id, row in rows.items():
        node = nodes[node_id]
        assert row["Target 2024"] == node["target"], node_id
        assert row["Realisasi"] == node["realisasi"], node_id
        assert row["Capaian"] == node["capaian"], node_id
    assert rows["IKU1"]["Capaian"] == 108.750721  # the seed's IKU1 (printed 108,74 %)
    assert rows["IKU1"]["_cells"]["Capaian"].number_format == '[$-421]#,##0.00" %"'
    assert rows["IKU1"]["_cells"]["Target 2024"].number_format == "[$-421]#,##0.00"


def test_program_numbers_equal_the_json(book, nodes):
    rows = by_id(book["capaian_program"])
    assert len(rows) == 96  # 15 programs, 25 kegiatan, 56 sub kegiatan
    pairs = {
        "Target 2024": "target",
        "Realisasi": "realisasi",
        "% Capaian kinerja": "capaian",
        "Pagu": "pagu",
        "Realisasi keuangan": "realisasi_anggaran",
        "% Capaian keuangan": "serapan",
    }
    for node_id, row in rows.items():
        for title, key in pairs.items():
            assert row[title] == nodes[node_id][key], (node_id, title)
    p07 = rows["P07"]
    assert p07["Realisasi keuangan"] == 569115040 and isinstance(p07["Realisasi keuangan"], (int, float))
    assert p07["_cells"]["Pagu"].number_format == '[$-421]"Rp"#,##0'
    # counts show no decimals ('12 laporan'), percentages keep theirs
    assert rows["P10.K1.S1"]["_cells"]["Target 2024"].number_format == "[$-421]#,##0"
    assert rows["P15"]["_cells"]["Target 2024"].number_format == "[$-421]#,##0.00"


def test_budget_and_efficiency_numbers_equal_the_json(book, nodes):
    for row in by_id(book["realisasi_anggaran"]).values():
        node = nodes[row["Kode"]]
        assert (row["Pagu (Rp)"], row["Realisasi (Rp)"], row["%"]) == (
            node["pagu"],
            node["realisasi_anggaran"],
            node["serapan"],
        )
    rows = by_id(book["efisiensi"])
    assert {nodes[i]["kind"] for i in rows} == {"sasaran", "program"}
    for node_id, row in rows.items():
        assert row["Efisiensi"] == nodes[node_id]["efisiensi"] and row["Capaian"] == nodes[node_id]["capaian"]
    assert rows["SS1"]["Efisiensi"] == pytest.approx(108.750721 - 85.886619, abs=1e-6)


def test_totals_equal_the_json_summary(book, seed_document):
    summary = seed_document["summary"]
    for name, pagu, spent, serapan in (
        ("capaian_program", "Pagu", "Realisasi keuangan", "% Capaian keuangan"),
        ("realisasi_anggaran", "Pagu (Rp)", "Realisasi (Rp)", "%"),
        ("efisiensi", "Pagu", "Realisasi anggaran", "Serapan"),
    ):
        (total,) = totals(book[name])
        assert total[pagu] == summary["pagu"] == 30409836596
        assert total[spent] == pytest.approx(summary["realisasi_anggaran"], abs=1e-6)
        assert total[serapan] == summary["serapan"]
        label = next(v for v in total.values() if v == "Jumlah")
        assert label and all(c.font.bold for c in total["_cells"].values())
    (mean,) = totals(book["capaian_iku"])
    assert mean["Indikator kinerja"] == "Rata-rata capaian IKU" and mean["Capaian"] == summary["mean_capaian_iku"]


# --- the chart sheet ---------------------------------------------------------------------------------------


def _cells(sheet: Worksheet, reference: str) -> list:
    """The values of a chart's cell range ('Grafik'!$C$7:$C$12)."""
    area = reference.split("!")[1].replace("$", "")
    if ":" not in area:
        return [sheet[area].value]
    return [c.value for row in sheet[area] for c in row]


def test_the_chart_sheet_draws_native_bar_charts_of_the_json_numbers(book, nodes):
    sheet = book["Grafik"]
    charts = sheet._charts
    assert [c.tagname for c in charts] == ["barChart"] * 8  # capaian per IKU, serapan per program, 6 IKU
    assert [len(c.series) for c in charts] == [1, 1, 2, 2, 2, 2, 2, 2]
    assert [c.type for c in charts] == ["bar", "bar"] + ["col"] * 6
    capaian, serapan, iku1 = charts[0], charts[1], charts[2]
    ids = _cells(sheet, capaian.series[0].cat.strRef.f)
    assert ids == ["IKU1", "IKU2", "IKU3", "IKU4", "IKU5", "IKU6"]
    assert _cells(sheet, capaian.series[0].val.numRef.f) == [nodes[i]["capaian"] for i in ids]
    programs = _cells(sheet, serapan.series[0].cat.strRef.f)
    assert len(programs) == 15 and _cells(sheet, serapan.series[0].val.numRef.f) == [
        nodes[p]["serapan"] for p in programs
    ]
    # IKU1: target and realisasi, 2023 beside 2024 (109,77 printed for 2023)
    assert _cells(sheet, iku1.series[0].cat.strRef.f) == ["2023", "2024"]
    target, realisasi = (_cells(sheet, s.val.numRef.f) for s in iku1.series)
    assert target[1] == nodes["IKU1"]["target"] and realisasi == [109.77, nodes["IKU1"]["realisasi"]]
    assert [_cells(sheet, s.tx.strRef.f) for s in iku1.series] == [["Target"], ["Realisasi"]]


def test_in_english_the_labels_and_formats_follow(run_cli, tmp_path):
    out = tmp_path / "report.xlsx"
    assert run_cli("eval", "2024", "-o", out, "--lang", "en", *SEED).exit_code == 0
    book = load_workbook(out)
    assert book.sheetnames[-1] == "Charts"
    sheet = book["capaian_iku"]
    assert sheet["A2"].value == "Government Institution Performance Report (LKIP) 2024"
    assert sheet["A3"].value.startswith("Table 3.1 ")
    assert sheet.oddFooter.center.text == "Page &P of &N"
    row = next(r for r in sheet.iter_rows() if r[0].value == "IKU1")
    assert row[6].number_format == '#,##0.00" %"'  # no Indonesian locale tag


def test_a_subtree_makes_a_smaller_workbook(run_cli, tmp_path, nodes):
    out = tmp_path / "ss1.xlsx"
    assert run_cli("eval", "2024", "-o", out, "--only", "SS1", *SEED).exit_code == 0
    book = load_workbook(out)
    program = by_id(book["capaian_program"])
    assert set(program) == {"P10", "P10.K1", "P10.K1.S1", "P10.K1.S2", "P10.K2", "P10.K2.S1", "P12"} | {
        "P12.K1",
        "P12.K1.S1",
    }
    (total,) = totals(book["capaian_program"])
    assert total["Pagu"] == nodes["SS1"]["pagu"]
    assert len(book["Grafik"]._charts) == 3  # capaian, serapan, IKU1


def test_workspace_text_cannot_break_the_page_header():
    assert _header_text("Dinas A & B") == "Dinas A && B"  # '&B' would turn bold on
    assert _header_text("x\x1b[31m") == "x\\x1b[31m"


# --- printed by LibreOffice --------------------------------------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
POPPLER = shutil.which("pdftotext") and shutil.which("pdfinfo")


@pytest.fixture(scope="module")
def pdf(workbook_file, tmp_path_factory):
    if not SOFFICE or not POPPLER:  # .ci/run installs libreoffice-calc-nogui and poppler-utils when missing
        pytest.skip("LibreOffice (soffice) or poppler-utils (pdftotext, pdfinfo) is not installed")
    folder = tmp_path_factory.mktemp("pdf")
    profile = folder / "profile"
    env = {**os.environ, "HOME": str(folder)}  # a profile of its own: no clash with a running LibreOffice
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(workbook_file),
        ],
        check=True,
        capture_output=True,
        timeout=300,
        env=env,
    )
    out = folder / "laporan.pdf"
    assert out.is_file()
    return out


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def test_every_page_is_a4_landscape(pdf):
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert sizes and len(sizes) <= 25  # the old workbook printed as 31 portrait pages
    for width, height in sizes:
        assert (round(float(width)), round(float(height))) == (842, 595)  # A4, landscape


def test_no_table_is_split_column_wise(pdf, book):
    """Every page of a table carries its header (first and last column) and the page header and footer: a table
    cut column-wise would print pages with the right-hand columns only, or without the last column."""
    pages = _pages(pdf)
    last_titles = {}
    for name in TABLES:
        sheet = book[name]
        first, last = header_rows(sheet)
        last_titles[sheet["A3"].value.split()[1]] = (
            sheet.cell(row=last, column=sheet.max_column).value or sheet.cell(row=first, column=sheet.max_column).value
        )
    current = None
    seen = set()
    for number, page in enumerate(pages, start=1):
        assert "Disdagkoperin Luwu Timur" in page and "LKIP 2024" in page, number
        assert f"Halaman {number} dari {len(pages)}" in page
        found = re.search(r"Tabel (3\.\d)", page)
        if found:
            current = found.group(1)
        if "Grafik capaian dan serapan" in page:
            current = None
        if current is None:
            continue
        seen.add(current)
        assert re.search(r"^\s*Kode\s", page, re.MULTILINE), (number, current)
        assert last_titles[current] in page, (number, current)
    assert seen == {"3.1", "3.2", "3.3", "3.4"}
    assert "Rata-rata capaian IKU" in pages[0] and "51,18 %" in pages[0]  # Indonesian formats, also in LibreOffice
    assert sum("Rp30.409.836.596" in p for p in pages) == 3  # the total of the program, budget and efficiency tables


def test_the_charts_are_printed(pdf):
    text = "".join(_pages(pdf))
    assert "Capaian IKU 2024" in text and "Serapan anggaran per program" in text
    for number in range(1, 7):
        assert f"IKU{number} " in text


# --- CSV ---------------------------------------------------------------------------------------------------


def test_plain_csv_is_for_machines(run_cli, nodes):
    run = run_cli("eval", "2024", "--format", "csv", *SEED)
    assert run.exit_code == 0 and not run.stdout.startswith("\ufeff")
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(run.stdout))}
    assert rows["SS1"]["pagu"] == "803249256" and rows["SS1"]["realisasi_anggaran"] == "689883627"
    assert rows["IKU1"]["capaian"] == "108.750721"
    for node_id, row in rows.items():
        for field in ("target", "realisasi", "capaian", "pagu", "realisasi_anggaran", "serapan", "efisiensi"):
            value = nodes[node_id][field]
            if value is None or isinstance(value, dict):
                continue
            assert float(row[field]) == value, (node_id, field)
            if field in ("pagu", "realisasi_anggaran") and float(value).is_integer():
                assert re.fullmatch(r"-?\d+", row[field]), (node_id, field, row[field])


def test_id_csv_is_for_a_spreadsheet_in_indonesian(run_cli, nodes, tmp_path):
    out = tmp_path / "laporan.csv"
    run = run_cli("eval", "2024", "-o", out, "--csv-dialect", "id", *SEED)
    assert run.exit_code == 0, run
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data  # UTF-8 with BOM: Excel reads it as UTF-8
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("id;kind;parent;name;")
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(text), delimiter=";")}
    assert len(rows) == 105
    assert rows["IKU1"]["capaian"] == "108,750721" and rows["IKU1"]["target"] == "97"
    assert rows["SS1"]["pagu"] == "803.249.256"
    assert rows["IKU5"]["realisasi"] == "-28,318042" or rows["IKU5"]["realisasi"].startswith("-28,")
    for node_id, row in rows.items():
        for field in ("target", "realisasi", "capaian", "serapan", "efisiensi"):
            value = nodes[node_id][field]
            if value is None or isinstance(value, dict):
                continue
            assert parse(row[field], "id") == Decimal(repr(value)), (node_id, field)
        for field in ("pagu", "realisasi_anggaran"):
            value = nodes[node_id][field]
            if value is None:
                continue
            assert re.fullmatch(r"-?\d{1,3}(\.\d{3})*", row[field]), row[field]  # whole rupiah, no decimals
            assert int(row[field].replace(".", "")) == int(Decimal(repr(value)).to_integral_value("ROUND_HALF_UP"))
    spent = rows["SS2"]["realisasi_anggaran"]  # the seed has cents here: rounded to whole rupiah
    assert "," not in spent


def test_csv_numbers_in_each_dialect():
    assert csv_value(1234.5, dialect="id") == "1.234,5"
    assert csv_value(1234.5) == "1234.5"
    assert csv_value(-0.25, dialect="id") == "-0,25"
    assert csv_value(21842688638.41, "money", "id") == "21.842.688.638"
    assert csv_value(21842688638.5, "money", "id") == "21.842.688.639"  # half up, as planners round
    assert csv_value(803249256.0, "money") == "803249256"
    assert csv_value(12.75, "money") == "12.75"  # not whole: the exact value, for machines
    assert csv_value({"min": 70, "max": 82.5}, dialect="id") == "70-82,5"
    assert csv_value({"max": 5.0}, dialect="plain") == "<=5"
    assert csv_value({"min": 1500}, dialect="id") == ">=1500"
    assert csv_value("=HYPERLINK()", dialect="id") == "'=HYPERLINK()"


def test_csv_dialect_goes_with_csv_only(run_cli, tmp_path):
    run = run_cli("eval", "2024", "-o", tmp_path / "x.xlsx", "--csv-dialect", "id", *SEED)
    assert run.exit_code == 2 and "LK410" in run.stderr and "--csv-dialect" in run.stderr
    assert not (tmp_path / "x.xlsx").exists()


def test_the_chart_sheet_names_each_chart_s_rows(book):
    """An overview's rows carry the names behind its ids (a program by its name); an IKU's rows are years, with
    the IKU's unit beside them rather than an empty name column."""
    rows = list(book["Grafik"].iter_rows(values_only=True))
    serapan_head = next(i for i, r in enumerate(rows) if r[0] == "Kategori" and rows[i + 1][0] == "P10")
    assert rows[serapan_head][1] == "Nama"
    assert rows[serapan_head + 1][1] == "Stabilisasi Harga Barang Kebutuhan Pokok dan Barang Penting"
    year_heads = [i for i, r in enumerate(rows) if r[0] == "Tahun"]
    assert len(year_heads) == 6  # one per IKU chart
    first = year_heads[0]
    assert rows[first][1] == "Satuan" and rows[first + 1][:2] == ("2023", "%")
