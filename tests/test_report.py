"""`lkip report`: chapter III as a Word document (read back with python-docx) and as Markdown.

The Word documents are made by the real command line on the seed workspace, once per language; their tables and
paragraphs must carry the numbers of `lkip eval 2024 --format json`, written in Indonesian (or English)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lkip.cli.main import app
from lkip.engine import api
from lkip.engine.narrative import TEMPLATES, chapter
from lkip.engine.render import numbers, safe
from lkip.engine.render.charts import chart_set
from lkip.engine.render.report import Paragraph, build_report
from tests.conftest import ROOT, SEED_DATA

docx = pytest.importorskip("docx", reason="python-docx is the report extra, which the test extra installs")

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
IKUS = [f"IKU{i}" for i in range(1, 7)]


def _lkip(*args: str, cwd: Path = ROOT) -> tuple[int, str, str]:
    """`lkip ARGS` in-process from `cwd` (the seed workspace by default)."""
    previous = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(app, list(args), env={"NO_COLOR": "1", "COLUMNS": "120"})
    finally:
        os.chdir(previous)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """The seed's report in both languages (docx and md) and its JSON evaluation with every comparison."""
    folder = tmp_path_factory.mktemp("report")
    out = {}
    for lang in ("id", "en"):
        path = folder / f"laporan-{lang}.docx"
        code, _, err = _lkip("report", "2024", "-o", str(path), "--lang", lang)
        assert code == 0, err
        out[lang] = path
        code, md, err = _lkip("report", "2024", "--format", "md", "--lang", lang)
        assert code == 0, err
        out[f"md-{lang}"] = md
    code, text, err = _lkip("eval", "2024", "--format", "json", "--compare", "prev,renstra,national")
    assert code == 0, err
    out["json"] = {n["id"]: n for n in json.loads(text)["nodes"]}
    return out


@pytest.fixture(scope="module")
def doc_id(made):
    return docx.Document(str(made["id"]))


@pytest.fixture(scope="module")
def doc_en(made):
    return docx.Document(str(made["en"]))


def plain(text: str) -> str:
    """The Word text with its no-break spaces (which keep '108,75 %' on one line) as spaces."""
    return text.replace("\u00a0", " ")


def headings(document) -> list[str]:
    return [plain(p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]


def body(document) -> list[str]:
    return [plain(p.text) for p in document.paragraphs if p.style.name in ("Normal", "List Bullet") and p.text.strip()]


def rows_by_id(table) -> dict[str, list[str]]:
    return {row.cells[0].text: [plain(c.text) for c in row.cells] for row in table.rows[1:]}


def table_titled(document, words: str):
    """The table whose caption (the paragraph just before it) contains `words`."""
    body_elements = list(document.element.body.iterchildren())
    for index, element in enumerate(body_elements):
        if element.tag == f"{W}tbl":
            caption = "".join(t.text or "" for t in body_elements[index - 1].iter(f"{W}t"))
            if words in caption:
                return next(t for t in document.tables if t._tbl is element)
    raise AssertionError(f"no table captioned {words!r}")


# --- structure ------------------------------------------------------------------------------------------------


def test_the_chapter_has_its_headings_and_a_section_per_sasaran_and_iku(doc_id, made):
    shown = headings(doc_id)
    assert shown[0] == "BAB III\nAKUNTABILITAS KINERJA"
    assert "3.1 Capaian Kinerja Organisasi" in shown
    assert "3.2 Analisis Capaian Kinerja" in shown
    assert "3.3 Realisasi Anggaran dan Efisiensi" in shown
    nodes = made["json"]
    sasaran = [n for n in nodes.values() if n["kind"] == "sasaran"]
    assert len(sasaran) == 3
    for number, node in enumerate(sasaran, start=1):
        assert f"3.2.{number} Sasaran Strategis {number}: {node['name']}" in shown
        assert f"Efisiensi penggunaan anggaran sasaran strategis {number}" in shown
    for iku in IKUS:
        assert f"{iku} {nodes[iku]['indicator']}" in shown
    levels = {p.text: p.style.name for p in doc_id.paragraphs if p.style.name.startswith("Heading")}
    assert levels["3.1 Capaian Kinerja Organisasi"] == "Heading 2"
    assert levels["IKU1 Persentase ketersediaan barang pokok sepanjang tahun"] == "Heading 4"


def test_the_page_is_a4_portrait_with_page_numbers_in_the_footer(doc_id):
    section = doc_id.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    assert round(section.left_margin.cm, 1) == 3.0 and round(section.right_margin.cm, 1) == 2.5
    footer = section.footer._element
    instructions = [t.text.strip() for t in footer.iter(f"{W}instrText")]
    assert instructions == ["PAGE"]
    assert [f.get(f"{W}fldCharType") for f in footer.iter(f"{W}fldChar")] == ["begin", "separate", "end"]
    assert "Disdagkoperin Luwu Timur" in section.header.paragraphs[0].text


def test_tables_are_word_tables_with_a_repeated_header_and_right_aligned_numbers(doc_id):
    assert len(doc_id.tables) == 9  # scale, capaian, per sasaran a comparison and a budget table, efficiency
    for table in doc_id.tables:
        assert table.style.name == "Table Grid"
        header = table.rows[0]._tr
        assert header.find(f"{W}trPr/{W}tblHeader") is not None, "the header row repeats on each page"
        properties = [child.tag.replace(W, "") for child in table._tbl.tblPr]
        assert properties.index("tblCellMar") < properties.index("tblLook"), "Word wants the schema's order"
        for row in table.rows[1:]:
            assert row._tr.find(f"{W}trPr/{W}tblHeader") is None
    capaian = table_titled(doc_id, "Capaian sasaran strategis dan indikator kinerja utama tahun 2024")
    titles = [c.text for c in capaian.rows[0].cells]
    assert titles == [
        "Kode",
        "Sasaran strategis / Indikator kinerja",
        "Target 2024",
        "Realisasi",
        "Capaian",
        "Predikat",
    ]
    iku1 = next(row for row in capaian.rows if row.cells[0].text == "IKU1")
    alignments = [c.paragraphs[0].alignment for c in iku1.cells]
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    assert alignments[2:5] == [WD_ALIGN_PARAGRAPH.RIGHT] * 3
    assert alignments[1] == WD_ALIGN_PARAGRAPH.LEFT


def test_the_capaian_table_carries_the_json_numbers_in_indonesian(doc_id, made):
    nodes = made["json"]
    rows = rows_by_id(table_titled(doc_id, "Capaian sasaran strategis dan indikator kinerja utama tahun 2024"))
    assert rows["IKU1"] == [
        "IKU1",
        "Persentase ketersediaan barang pokok sepanjang tahun",
        "97,00 %",
        "105,49 %",
        "108,75 %",
        "AA Sangat memuaskan",
    ]
    assert rows["IKU5"][3:6] == ["-28,32 %", "-226,58 %", "D Sangat kurang"]
    assert rows["SS2"][4] == "23,11 %"
    for node_id in [*IKUS, "SS1", "SS2", "SS3"]:
        node = nodes[node_id]
        assert rows[node_id][4] == numbers.percent(node["capaian"], "id")
        if node["kind"] == "iku":
            assert rows[node_id][2] == numbers.quantity(node["target"], node["unit"], "id")
            assert rows[node_id][3] == numbers.quantity(node["realisasi"], node["unit"], "id")


def test_the_comparison_tables_carry_the_previous_year_the_renstra_and_the_national_figure(doc_id, made):
    nodes = made["json"]
    rows = rows_by_id(table_titled(doc_id, "Realisasi IKU sasaran strategis 2 dibandingkan dengan tahun 2023"))
    assert list(rows) == ["IKU2", "IKU3", "IKU4", "IKU5"]
    assert rows["IKU4"][2:] == ["78,03 %", "79,19 %", "80,00 %", "-1,01 % (lebih buruk)", "99,88 %"]
    for node_id, row in rows.items():
        compare = nodes[node_id]["compare"]
        assert row[2] == numbers.quantity(compare["prev"]["realisasi"], "%", "id")
        assert row[4] == numbers.quantity(compare["renstra"]["target"], "%", "id")
    iku1 = rows_by_id(table_titled(doc_id, "Realisasi IKU sasaran strategis 1"))["IKU1"]
    assert iku1[2:] == ["109,77 %", "105,49 %", "100,00 %", "+5,49 % (lebih baik)", "97,81 %"]


def test_the_budget_tables_carry_pagu_spending_and_totals(doc_id, made):
    nodes = made["json"]
    rows = rows_by_id(table_titled(doc_id, "sasaran strategis 1 tahun 2024"))
    assert rows["P10"][2:] == ["164,36 %", "Rp645.883.156", "Rp542.121.777", "83,93 %"]
    total = table_titled(doc_id, "sasaran strategis 1 tahun 2024").rows[-1]
    assert [plain(c.text) for c in total.cells][1:] == ["Jumlah", "", "Rp803.249.256", "Rp689.883.627", "85,89 %"]
    ss2 = table_titled(doc_id, "sasaran strategis 2 tahun 2024")
    ss2_rows = rows_by_id(ss2)
    assert ss2_rows["P02"][2] == "tidak dilaksanakan"
    assert [plain(c.text) for c in ss2.rows[-1].cells][3:] == [
        numbers.money(nodes["SS2"]["pagu"], "id"),
        numbers.money(nodes["SS2"]["realisasi_anggaran"], "id"),
        numbers.percent(nodes["SS2"]["serapan"], "id"),
    ]
    del ss2_rows[""]  # the totals
    for node_id, row in ss2_rows.items():  # every program, kegiatan and sub kegiatan of SS2, with its budget
        assert row[3] == numbers.money(nodes[node_id]["pagu"], "id"), node_id
    efficiency = rows_by_id(table_titled(doc_id, "Efisiensi penggunaan anggaran per sasaran strategis dan program"))
    assert efficiency["SS2"][2:] == ["Rp24.417.856.326", "Rp16.214.987.383", "66,41 %", "23,11 %", "-43,30"]
    assert efficiency["P11"][-1] == "-166,85"


# --- paragraphs -------------------------------------------------------------------------------------------------


def test_each_of_the_six_iku_has_its_paragraphs(doc_id, made):
    nodes = made["json"]
    text = body(doc_id)
    for iku in IKUS:
        node = nodes[iku]
        [capaian] = [p for p in text if p.startswith(f"Realisasi {iku}, ")]
        assert f"adalah {numbers.quantity(node['realisasi'], '%', 'id')}" in capaian
        assert f"dari target {numbers.quantity(node['target'], '%', 'id')}" in capaian
        assert f"capaian kinerjanya {numbers.percent(node['capaian'], 'id')}" in capaian
        assert node["predikat_label"] in capaian
    assert (
        "Realisasi IKU1, Persentase ketersediaan barang pokok sepanjang tahun, pada tahun 2024 adalah 105,49 % dari "
        "target 97,00 %, sehingga capaian kinerjanya 108,75 % dengan predikat AA Sangat memuaskan; target "
        "terlampaui." in text
    )
    assert "target belum tercapai" in next(p for p in text if p.startswith("Realisasi IKU5, "))


def test_each_iku_is_compared_with_the_previous_year_the_renstra_and_the_national_figure(doc_id, made):
    nodes = made["json"]
    text = body(doc_id)
    previous = [p for p in text if p.startswith("Dibandingkan dengan tahun 2023, realisasi ")]
    assert len(previous) == 6  # the seed's 2023 data has every IKU's realisasi
    for iku, paragraph in zip(IKUS, previous, strict=True):
        prev = nodes[iku]["compare"]["prev"]
        assert f"dari {numbers.quantity(prev['realisasi'], '%', 'id')} menjadi" in paragraph
        assert numbers.number(abs(prev["change"]), "id") + " poin persen" in paragraph
    assert previous[0] == (
        "Dibandingkan dengan tahun 2023, realisasi turun sebesar 4,28 poin persen, dari 109,77 % menjadi 105,49 % "
        "(memburuk)."
    )
    assert "Capaian tahun 2023 adalah 104,17 % dari target 0,12 %." in text  # IKU2: the only IKU with a 2023 target
    renstra = [p for p in text if p.startswith("Target akhir Renstra tahun 2026")]
    assert len(renstra) == 6
    for iku, paragraph in zip(IKUS, renstra, strict=True):
        assert nodes[iku]["compare"]["renstra"]["text"] in paragraph
    national = [p for p in text if p.startswith("Angka nasional untuk indikator ini adalah")]
    assert national == [
        "Angka nasional untuk indikator ini adalah 97,81 %; realisasi tahun 2024 7,68 poin persen di atas angka "
        "nasional (lebih baik).",
        "Angka nasional untuk indikator ini adalah 99,88 %; realisasi tahun 2024 20,69 poin persen di bawah angka "
        "nasional (lebih buruk).",
    ]
    assert text.count("Data tidak memuat angka nasional untuk indikator ini.") == 4  # never an invented figure


def test_each_iku_lists_its_programs_with_capaian_and_budget(doc_id):
    bullets = [plain(p.text) for p in doc_id.paragraphs if p.style.name == "List Bullet"]
    assert len(bullets) == 15  # the seed's 15 programs, each under its IKU
    assert (
        "P10 Stabilisasi Harga Barang Kebutuhan Pokok dan Barang Penting: capaian kinerja 164,36 % (AA Sangat "
        "memuaskan); pagu Rp645.883.156, realisasi anggaran Rp542.121.777, serapan 83,93 %." in bullets
    )
    assert any(
        b.startswith("P02 Pelayanan Izin Usaha Simpan Pinjam: tidak dilaksanakan; pagu Rp24.839.000") for b in bullets
    )


def test_each_sasaran_has_its_efficiency_paragraph(doc_id, made):
    nodes = made["json"]
    text = body(doc_id)
    efficiency = [p for p in text if "tingkat efisiensi (capaian kinerja − serapan anggaran)" in p]
    assert len(efficiency) == 3
    for node_id, paragraph in zip(("SS1", "SS2", "SS3"), efficiency, strict=True):
        node = nodes[node_id]
        assert f"= {numbers.number(node['efisiensi'], 'id', trim=False)} poin" in paragraph
        assert numbers.percent(node["capaian"], "id") in paragraph
    assert "108,75 − 85,89 = 22,86 poin: penggunaan anggaran efisien" in efficiency[0]
    assert "23,11 − 66,41 = -43,30 poin: tidak efisien" in efficiency[1]
    budget = [p for p in text if p.startswith("Anggaran untuk mendukung sasaran strategis")]
    assert budget[1] == (
        "Anggaran untuk mendukung sasaran strategis 2 terdiri dari 12 program dengan pagu Rp24.417.856.326 dan "
        "realisasi Rp16.214.987.383, sehingga serapan anggaran 66,41 %."
    )


def test_a_picture_per_chart_each_with_its_numbered_caption(doc_id, seed_checked, seed_2024):
    previous = api.previous_year(seed_checked.workspace, seed_checked.compiled, 2024)
    charts = chart_set(seed_2024, lang="id", previous=previous)
    assert len(charts) == 8  # the capaian of the IKU, the serapan of the programs, one per IKU
    assert len(doc_id.inline_shapes) == len(charts)
    captions = [p for p in doc_id.paragraphs if p.style.name == "Caption"]
    figures = [p.text for p in captions if p.text.startswith("Grafik 3.")]
    assert [f.split(" ", 2)[1] for f in figures] == [f"3.{n}" for n in range(1, 9)]
    assert (
        "Grafik 3.2 Target dan realisasi IKU1 Persentase ketersediaan barang pokok sepanjang tahun, 2023–2024"
        in figures
    )
    tables = [p.text for p in captions if p.text.startswith("Tabel 3.")]
    assert [t.split(" ", 2)[1] for t in tables] == [f"3.{n}" for n in range(1, 10)]
    seq = [t.text.strip() for p in captions for t in p._p.iter(f"{W}instrText")]
    assert seq.count("SEQ Grafik \\* ARABIC") == 8 and seq.count("SEQ Tabel \\* ARABIC") == 9


# --- English ----------------------------------------------------------------------------------------------------


def test_english_gives_english_headings_sentences_and_numbers(doc_en, made):
    shown = headings(doc_en)
    assert shown[0] == "CHAPTER III\nPERFORMANCE ACCOUNTABILITY"
    assert "3.1 Performance of the organisation" in shown and "3.3 Budget and efficiency" in shown
    assert any(h.startswith("3.2.2 Strategic objective 2: ") for h in shown)
    text = body(doc_en)
    assert (
        "In 2024 IKU1, Persentase ketersediaan barang pokok sepanjang tahun, reached 105.49 % against a target of "
        "97.00 %: an achievement of 108.75 %, graded AA Very satisfactory; the target was exceeded." in text
    )
    assert (
        "Compared with 2023, the result fell by 4.28 percentage points, from 109.77 % to 105.49 % (a decline)." in text
    )
    assert sum("the efficiency (achievement − absorption) is" in p for p in text) == 3
    rows = rows_by_id(table_titled(doc_en, "Achievement of the strategic objectives and key indicators, 2024"))
    assert rows["IKU1"][2:] == ["97.00 %", "105.49 %", "108.75 %", "AA Very satisfactory"]
    assert [p.text.split(" ", 2)[0] for p in doc_en.paragraphs if p.style.name == "Caption"].count("Figure") == 8
    assert doc_en.core_properties.language == "en-GB"


# --- Markdown ---------------------------------------------------------------------------------------------------


def test_markdown_says_the_same_sentences_as_the_word_document(doc_id, doc_en, made):
    for document, md in ((doc_id, made["md-id"]), (doc_en, made["md-en"])):
        for paragraph in body(document):
            assert safe.md(paragraph) in md, paragraph
    md = made["md-id"]
    assert md.startswith("# BAB III AKUNTABILITAS KINERJA\n")
    assert "| IKU1 | Persentase ketersediaan barang pokok sepanjang tahun | 97,00 % | 105,49 % | 108,75 % |" in md
    assert "**Grafik 3.2 Target dan realisasi IKU1" in md
    assert "Realisasi: 2023 109,77 %, 2024 105,49 %" in md  # the chart's values as text


def test_markdown_to_a_file(tmp_path):
    target = tmp_path / "bab3.md"
    code, out, err = _lkip("report", "2024", "-o", str(target))
    assert code == 0 and out == "", err
    assert "Realisasi IKU6, Persentase capaian kinerja program perangkat daerah" in target.read_text(encoding="utf-8")


def test_every_sentence_is_a_documented_template(seed_2024, seed_checked):
    """The chapter uses only TEMPLATES, and docs/report-sentences.md (generated, checked by cog) lists them all."""
    previous = api.previous_year(seed_checked.workspace, seed_checked.compiled, 2024)
    used = {s.key for s in chapter(seed_2024, previous).sentences()}
    assert used <= set(TEMPLATES)
    page = (ROOT / "docs" / "report-sentences.md").read_text(encoding="utf-8")
    for key, (en, id_) in TEMPLATES.items():
        assert f"**`{key}`**" in page and id_ in page and en in page, key
    run = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", "-I", "docs", "docs/report-sentences.md"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, "docs/report-sentences.md is out of date: run `cog -r -I docs docs/report-sentences.md`"


def test_the_report_blocks_are_the_docx_paragraphs(doc_id, seed_2024, seed_checked):
    previous = api.previous_year(seed_checked.workspace, seed_checked.compiled, 2024)
    report = build_report(seed_2024, previous, "id")
    assert [b.text for b in report.blocks if isinstance(b, Paragraph)] == body(doc_id)


# --- what is missing is said, not invented ----------------------------------------------------------------------


def test_without_the_previous_year_each_iku_says_it_cannot_be_compared(seed_copy):
    shutil.rmtree(seed_copy / "data" / "2023")
    code, md, err = _lkip("report", "2024", "--format", "md", cwd=seed_copy)
    assert code == 0, err
    assert md.count("Data tahun 2023 tidak memuat realisasi IKU ini") == 6
    assert "Dibandingkan dengan tahun 2023" not in md
    assert "Realisasi 2023" in md and "| IKU1 | Persentase ketersediaan barang pokok sepanjang tahun | – |" in md


# --- hostile text, usage errors, a missing extra ----------------------------------------------------------------

HOSTILE = "Harga\x00\x01\x07\x1b[31m\x0b\x0c\x1f <w:p/>&amp;</w:t>]]> {year} {0} $x$"


def test_a_hostile_name_does_not_break_the_document(seed_copy, tmp_path):
    spec = seed_copy / "specs" / "sasaran-1.yaml"
    text = spec.read_text(encoding="utf-8")
    old = "name: Meningkatnya Kelancaran Distribusi dan Jaminan Pasokan Barang Kebutuhan Pokok dan Barang Penting"
    assert text.count(old) == 1
    text = text.replace(old, f"name: {json.dumps(HOSTILE)}")
    old = "indicator: Persentase ketersediaan barang pokok sepanjang tahun"
    assert text.count(old) == 1
    spec.write_text(text.replace(old, f"indicator: {json.dumps(HOSTILE + ' indikator')}"), encoding="utf-8")
    target = tmp_path / "out.docx"
    code, _, err = _lkip("report", "2024", "-o", str(target), cwd=seed_copy)
    assert code == 0, err
    document = docx.Document(str(target))  # opens again: well-formed XML
    shown = safe.docx_text(HOSTILE)
    assert shown == "Harga\\x00\\x01\\x07\\x1b[31m\\x0b\\x0c\\x1f <w:p/>&amp;</w:t>]]> {year} {0} $x$"
    assert f"3.2.1 Sasaran Strategis 1: {shown}" in headings(document)  # markup and braces stay text
    assert any(f"“{shown}”" in p for p in body(document))
    assert f"IKU1 {shown} indikator" in headings(document)
    assert len(document.inline_shapes) == 8  # the chart titled with the name is drawn too
    for paragraph in document.paragraphs:
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", paragraph.text)
    code, md, err = _lkip("report", "2024", "--format", "md", cwd=seed_copy)
    assert code == 0, err
    assert safe.md(f"3.2.1 Sasaran Strategis 1: {HOSTILE}") in md and "<w:p/>" not in md


def test_a_word_report_needs_an_output_file():
    code, out, err = _lkip("report", "2024")
    assert code == 2 and out == ""
    assert "LK420" in err and "-o laporan.docx" in err and "Traceback" not in err


def test_the_format_must_agree_with_the_extension_and_the_output_stays_out_of_the_workspace(tmp_path):
    code, _, err = _lkip("report", "2024", "--format", "docx", "-o", str(tmp_path / "x.md"))
    assert code == 2 and "LK405" in err
    code, _, err = _lkip("report", "2024", "-o", str(SEED_DATA / "bab3.docx"))
    assert code == 2 and "LK404" in err
    assert not (SEED_DATA / "bab3.docx").exists()
    code, _, err = _lkip("report", "1999", "-o", str(tmp_path / "x.docx"))
    assert code == 2 and "LK402" in err and not (tmp_path / "x.docx").exists()


@pytest.mark.parametrize("missing", ["docx", "matplotlib"])
def test_without_the_report_extra_one_line_says_what_to_install(missing, monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, missing, None)  # `import docx` / `import matplotlib` now fails
    target = tmp_path / "laporan.docx"
    code, out, err = _lkip("report", "2024", "-o", str(target))
    assert code == 1, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "LK421" in err and "pip install 'lkip[report]'" in err
    assert not target.exists()
    code, md, err = _lkip("report", "2024", "--format", "md")  # Markdown needs neither
    assert code == 0 and "BAB III" in md


# --- LibreOffice ----------------------------------------------------------------------------------------------


def _convert(source: Path, folder: Path) -> Path | None:
    profile = folder / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    pdf = folder / (source.stem + ".pdf")
    return pdf if pdf.exists() else None


def _pages(pdf: Path) -> int:
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=60).stdout
        return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))


def test_libreoffice_converts_the_word_report_to_pdf(made, tmp_path):
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed: the PDF conversion is not checked here")
    plain = tmp_path / "plain.docx"
    document = docx.Document()
    document.add_paragraph("LibreOffice Writer")
    document.save(str(plain))
    if _convert(plain, tmp_path) is None:
        pytest.skip("LibreOffice has no Writer (Debian: libreoffice-writer-nogui): it converts no Word file at all")
    for lang in ("id", "en"):
        pdf = _convert(made[lang], tmp_path)
        assert pdf is not None, f"LibreOffice could not convert the {lang} report"
        assert _pages(pdf) >= 8  # the seed's chapter: about 15 A4 pages


# --- another office: what its data lacks is said, in both outputs -----------------------------------------------

SPARSE = """\
nodes:
  - {id: S1, kind: sasaran, name: Sasaran satu, unit: "%", direction: higher}
  - {id: I1, kind: iku, parent: S1, name: Cakupan, unit: "%", direction: higher, targets: {2024: {min: 70, max: 80}}}
  - {id: I2, kind: iku, parent: S1, name: Tanpa data, unit: dokumen, direction: lower, targets: {2024: 5}}
  - {id: I3, kind: iku, parent: S1, name: Tanpa target, unit: "%", direction: higher}
  - {id: S2, kind: sasaran, name: Sasaran tanpa IKU, unit: "%", direction: higher}
"""


def test_a_sparse_workspace_without_renstra_scale_budget_or_previous_year(small, tmp_path):
    from tests.conftest import ORGANISATION

    organisation = ORGANISATION.replace("renstra: {start: 2021, end: 2026}\n", "").replace("scale: akip", "scale: none")
    checked, root = small(SPARSE, {2024: "I1: {realisasi: 75}\nI3: {realisasi: 12}\n"}, organisation=organisation)
    assert checked.ok, [d.format() for d in checked.diagnostics]
    code, md, err = _lkip("report", "2024", "--format", "md", cwd=root)
    assert code == 0, err
    assert "Ruang kerja tidak mendeklarasikan Renstra (organisation.yaml)" in md
    assert "Target akhir Renstra" not in md  # said once for the chapter, not per IKU
    assert "Realisasi I1, Cakupan, pada tahun 2024 adalah 75,00 % dari target 70–80 %" in md
    assert "Data tahun 2024 tidak memuat realisasi I2, Tanpa data, sehingga capaiannya belum dapat dihitung." in md
    assert "spesifikasi tidak memuat target tahun 2024" in md
    assert "IKU yang capaiannya tidak dapat dihitung: I2 (tidak ada data), I3 (tidak ada target)." in md
    assert "Data tahun 2024 tidak memuat pagu anggaran." in md
    assert "Sasaran strategis 2, “Sasaran tanpa IKU”, tidak memiliki IKU dalam spesifikasi." in md
    assert "Data tidak memuat anggaran program sasaran strategis 1" in md
    assert md.count("Data tahun 2023 tidak memuat realisasi IKU ini") == 2  # I1, I3; I2 has no realisasi at all
    assert "predikat" not in md.lower().replace("predikatnya", "")  # scale: none gives no predikat anywhere
    target = tmp_path / "sparse.docx"
    code, _, err = _lkip("report", "2024", "-o", str(target), cwd=root)
    assert code == 0, err
    document = docx.Document(str(target))
    assert "Realisasi I1, Cakupan, pada tahun 2024 adalah 75,00 % dari target 70–80 %" in " ".join(body(document))
