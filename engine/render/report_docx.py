"""Chapter III as a Word document (python-docx, the `report` extra): what a planner edits and hands on.

A4 portrait, the page of the LKIP it goes into (margins 3 cm left for binding, 2.5 cm elsewhere); every table fits
its 15.5 cm (the widest, money beside percentages, in 8 pt with narrow cell margins), so no section has to turn
landscape. Word's own styles, so the planner restyles the whole chapter at once: Heading 1-4 (the navigation pane
and a table of contents pick them up), Caption for "Tabel 3.n" and "Grafik 3.n" (numbered by SEQ fields, which
Word renumbers when a table is added), List Bullet, and the built-in "Table Grid" table style with a shaded
header row that repeats on every page. Numbers are in the language's format (Indonesian by default) and
right-aligned; the footer has the page number (a PAGE field). The charts are PNG pictures drawn by
engine/render/charts.py at 200 dpi.

Workspace text is data: python-docx escapes markup, and safe.docx_text spells out the control characters XML
forbids.
"""

from __future__ import annotations

import dataclasses
import io
from typing import Any

from . import safe
from .charts import Chart, render_png
from .report import Figure, Heading, Paragraph, Report, Table

PAGE_WIDTH_CM, PAGE_HEIGHT_CM = 21.0, 29.7
MARGIN_LEFT_CM, MARGIN_CM = 3.0, 2.5
TEXT_WIDTH_CM = PAGE_WIDTH_CM - MARGIN_LEFT_CM - MARGIN_CM  # 15.5
FONT = "Arial"
BODY_PT, TABLE_PT, CAPTION_PT = 11, 8, 10
HEADER_FILL = "D9D9D9"
DPI = 200
LANGUAGE = {"id": "id-ID", "en": "en-GB"}
TABLE_STYLE = "Table Grid"


class DocxUnavailable(RuntimeError):
    """python-docx is not installed: the caller tells the user to install lkip[report]."""


def to_docx(report: Report) -> bytes:
    """The report's blocks as a .docx file (bytes)."""
    try:
        from docx import Document
    except ImportError as exc:
        raise DocxUnavailable(str(exc)) from exc
    document = Document()
    _page(document, report)
    _styles(document, report.lang)
    for block in report.blocks:
        if isinstance(block, Heading):
            _heading(document, block)
        elif isinstance(block, Paragraph):
            _paragraph(document, block)
        elif isinstance(block, Table):
            _table(document, block)
        elif isinstance(block, Figure):
            _figure(document, block, report.lang)
    props = document.core_properties
    props.title = _clean(f"{_title(report)} — {report.office}")
    props.subject = _clean(f"LKIP {report.year}")
    props.author = "lkip"
    props.last_modified_by = "lkip"
    props.language = LANGUAGE.get(report.lang, "id-ID")
    props.comments = ""
    props.keywords = "LKIP, SAKIP"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _title(report: Report) -> str:
    return "BAB III Akuntabilitas Kinerja" if report.lang == "id" else "Chapter III Performance accountability"


def _clean(text: Any) -> str:
    """Workspace-safe text; a number keeps its '%' on the same line (a no-break space: '108,75 %')."""
    return safe.docx_text(text).replace(" %", "\u00a0%")


# --- page and styles -----------------------------------------------------------------------------------------


def _page(document: Any, report: Report) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(PAGE_HEIGHT_CM)
    section.left_margin = Cm(MARGIN_LEFT_CM)
    section.right_margin = section.top_margin = section.bottom_margin = Cm(MARGIN_CM)
    section.header_distance = section.footer_distance = Cm(1.25)
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    name = report.short_name or report.office
    running = f"LKIP {name} {report.year}" if report.lang == "en" else f"LKIP {name} Tahun {report.year}"
    run = header.add_run(_clean(running))
    run.font.size = Pt(8)
    run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(footer, "PAGE", "1", size=9)


def _styles(document: Any, lang: str) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    styles = document.styles
    normal = styles["Normal"]
    _font(normal, BODY_PT)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    # the language of the text, for Word's spelling and hyphenation (Indonesian by default)
    defaults = styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")) if defaults is not None else None
    if r_pr is not None:
        for old in r_pr.findall(qn("w:lang")):
            r_pr.remove(old)
        language = OxmlElement("w:lang")
        language.set(qn("w:val"), LANGUAGE.get(lang, "id-ID"))
        r_pr.append(language)
    sizes = {1: 14, 2: 12, 3: 11, 4: 11}
    for level, size in sizes.items():
        style = styles[f"Heading {level}"]
        _font(style, size)
        style.font.bold = True
        style.font.italic = level == 4
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(18 if level <= 2 else 12)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
    styles["Heading 1"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    styles["Heading 1"].paragraph_format.space_after = Pt(18)
    caption = styles["Caption"]
    _font(caption, CAPTION_PT)
    caption.font.bold = True
    caption.font.italic = False
    caption.font.color.rgb = RGBColor(0, 0, 0)
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.space_before = Pt(6)
    caption.paragraph_format.space_after = Pt(6)
    _font(styles["List Bullet"], BODY_PT)
    if "Table Text" not in [s.name for s in styles]:
        cell = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
        cell.base_style = normal
        _font(cell, TABLE_PT)
        cell.paragraph_format.space_before = Pt(1)
        cell.paragraph_format.space_after = Pt(1)
        cell.paragraph_format.line_spacing = 1.0
        cell.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT


def _font(style: Any, size: float) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style.font.name = FONT
    style.font.size = Pt(size)
    r_pr = style.element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is not None:  # the same font for every script, and no theme font overriding it
        for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attribute), FONT)
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            fonts.attrib.pop(qn(attribute), None)


def _field(paragraph: Any, instruction: str, shown: str, size: float | None = None, bold: bool = False) -> None:
    """A Word field (PAGE, SEQ ...) with the value shown until Word or LibreOffice updates it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    def run_with(element: Any) -> Any:
        run = paragraph.add_run()
        run._r.append(element)
        return run

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    runs = [run_with(begin)]
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    runs.append(run_with(text))
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    runs.append(run_with(separate))
    runs.append(paragraph.add_run(shown))
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    runs.append(run_with(end))
    for run in runs:
        if size is not None:
            run.font.size = Pt(size)
        run.font.bold = bold or None


# --- blocks --------------------------------------------------------------------------------------------------


def _heading(document: Any, block: Heading) -> None:
    paragraph = document.add_heading(level=block.level)
    paragraph.add_run(_clean(block.text))
    if block.subtitle:
        paragraph.add_run().add_break()
        paragraph.add_run(_clean(block.subtitle))


def _paragraph(document: Any, block: Paragraph) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    style = "List Bullet" if block.bullet else None
    paragraph = document.add_paragraph(_clean(block.text), style=style)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if block.text.endswith(":"):  # it introduces what follows (a list, a table)
        paragraph.paragraph_format.keep_with_next = True


def _caption(document: Any, label: str, number: int, title: str, keep_with_next: bool) -> None:
    """'Tabel 3.2 Capaian ...': the number a SEQ field (Word renumbers the chapter's tables and charts)."""
    paragraph = document.add_paragraph(style="Caption")
    paragraph.add_run(_clean(f"{label} 3."))
    _field(paragraph, f"SEQ {label} \\* ARABIC", str(number))
    paragraph.add_run(_clean(f" {title}"))
    paragraph.paragraph_format.keep_with_next = keep_with_next


def _table(document: Any, block: Table) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    _caption(document, block.label, block.number, block.title, keep_with_next=True)
    table = document.add_table(rows=1, cols=len(block.columns))
    table.style = document.styles[TABLE_STYLE]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _cell_margins(table, left_cm=0.1, right_cm=0.1)
    header = table.rows[0]
    _row_flags(header, repeat=True)
    for cell, column in zip(header.cells, block.columns, strict=True):
        _cell_text(cell, column.title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        _shade(cell, HEADER_FILL)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for row in block.rows:
        cells = table.add_row().cells
        _row_flags(table.rows[-1], repeat=False)
        for index, (cell, column, text) in enumerate(zip(cells, block.columns, row.cells, strict=True)):
            align = WD_ALIGN_PARAGRAPH.RIGHT if column.numeric else WD_ALIGN_PARAGRAPH.LEFT
            paragraph = _cell_text(cell, text, bold=row.bold, align=align)
            if index == 1 and row.indent:
                paragraph.paragraph_format.left_indent = Cm(0.3 * row.indent)
    for index, column in enumerate(block.columns):
        table.columns[index].width = Cm(column.width)
        for cell in table.columns[index].cells:
            cell.width = Cm(column.width)
    document.add_paragraph().paragraph_format.space_after = 0  # room below the table before the next text


def _cell_text(cell: Any, text: str, bold: bool, align: Any) -> Any:
    paragraph = cell.paragraphs[0]
    paragraph.style = "Table Text"
    paragraph.alignment = align
    run = paragraph.add_run(_clean(text))
    run.font.bold = bold or None
    return paragraph


def _row_flags(row: Any, repeat: bool) -> None:
    """Rows never split over two pages; the header row repeats on every page the table runs onto."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    cant_split = OxmlElement("w:cantSplit")
    tr_pr.append(cant_split)
    if repeat:
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        tr_pr.append(header)


def _shade(cell: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _cell_margins(table: Any, left_cm: float, right_cm: float) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side, cm in (("left", left_cm), ("right", right_cm)):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(round(cm * 567)))  # twentieths of a point: 567 a centimetre
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    # in the schema's order (Word refuses a misplaced element): after tblLayout, before tblLook
    tbl_pr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")


def _figure(document: Any, block: Figure, lang: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    chart = _clean_chart(block.chart)
    picture = render_png(chart, lang, dpi=DPI)
    width = TEXT_WIDTH_CM if chart.horizontal else 14.0
    document.add_picture(io.BytesIO(picture), width=Cm(width))
    paragraph = document.paragraphs[-1]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.keep_with_next = True  # the caption below stays with its chart
    paragraph.paragraph_format.space_before = Cm(0.2)
    _caption(document, block.label, block.number, block.title, keep_with_next=False)


def _clean_chart(chart: Chart) -> Chart:
    """The chart with its workspace text (title, category and series names) free of control characters."""
    return dataclasses.replace(
        chart,
        title=safe.visible(chart.title),
        categories=tuple(safe.visible(c) for c in chart.categories),
        series=tuple(dataclasses.replace(s, name=safe.visible(s.name)) for s in chart.series),
    )
