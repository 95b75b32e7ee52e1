"""The print-ready workbook (`lkip eval YEAR -o laporan.xlsx`): chapter III's tables as the report prints them.

One sheet per table (engine/render/exports.py builds them): the office, the year and the table's number above it
("Tabel 3.2 ..."); a header (with a group row over the performance and budget columns) repeated on every printed
page; thin borders; names wrapped and indented by their place in the tree (program > kegiatan > sub kegiatan);
total rows; A4 landscape, one page wide; frozen panes under the header. Numbers stay numbers: the values of
`--format json` (rounded as it rounds them) with display formats, Indonesian separators under `--lang id`
(the format's locale tag makes LibreOffice show 105,49 % whatever its own locale; Excel takes the machine's).

A "Grafik" sheet draws engine/render/charts.py's charts (the same figures as the HTML and Word reports) as native
Excel bar charts, each beside the cells it reads.

Workspace text is data: every cell goes through safe.xlsx_cell (a leading '=' is no formula); the page header
doubles '&' (a header code otherwise).
"""

from __future__ import annotations

import errno
import io
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import safe
from .exports import MONEY, NUMBER, PERCENT, TEXT, Column, ExportTable

if TYPE_CHECKING:
    from openpyxl.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from .charts import Chart


@dataclass(frozen=True)
class Heading:
    """What stands above every table: the office, the year (and period), the chapter the tables are numbered in."""

    year: int
    office: str = ""
    short_name: str = ""
    period: str = ""  # 's.d. TW II' when the evaluation stops before the year's end (and the targets' date)
    chapter: str | None = "3"  # 'Tabel 3.1'; None: 'Tabel 1'


def _t(lang: str, id_text: str, en_text: str) -> str:
    return id_text if lang == "id" else en_text


# --- formats and layout ------------------------------------------------------------------------------------

_FORMATS = {PERCENT: '#,##0.00" %"', MONEY: '"Rp"#,##0', NUMBER: "#,##0.00"}
_WHOLE = "#,##0"
ID_LOCALE = "[$-421]"  # Indonesian (LCID 0x0421): LibreOffice shows 1.234,56 with it; Excel uses the machine's


def number_format(kind: str, lang: str, whole: bool = False) -> str:
    """The display format of a number column: percent '105,49 %', money 'Rp30.409.836.596', else '1.234,56' (a
    row whose numbers are all whole: '12')."""
    shown = _WHOLE if kind == NUMBER and whole else _FORMATS[kind]
    return (ID_LOCALE if lang == "id" else "") + shown


# Widths are in the workbook's width unit: the digit width of its default font (Arial 10, 7 pixels), which both
# Excel and LibreOffice (with the metric-compatible Liberation Sans) use. Text is 9-point Arial: about 1.15
# characters a unit, 1.1 in bold; a line is 11 points high (LibreOffice draws 10.4, Excel 12 for a lone line).
DEFAULT_FONT_SIZE = 10
FONT_NAME = "Arial"
FONT_SIZE = 9
LINE_POINTS = 11.0
CHARS_PER_UNIT = 1.2
BOLD_CHARS_PER_UNIT = 1.1
INDENT_UNITS = 1.6  # one indent step
PAGE_UNITS = 145.0  # what A4 landscape holds between the margins at 100 %
# the widest a text column gets (units); longer text wraps
_WIDTHS = {
    "name": 32,
    "indicator": 28,
    "sasaran": 28,
    "reading": 12,
    "office": 16,
    "predikat": 13,
    "kind": 11,
    "renstra_assessment": 24,
}
_NARROW_TEXT = 10.0
HEADER_FILL = "DDE4EE"
TOTAL_FILL = "EEEEEE"


def _font(size: float = FONT_SIZE, bold: bool = False) -> Any:
    from openpyxl.styles import Font

    return Font(name=FONT_NAME, size=size, bold=bold)


def _lines(text: str, width: float, indent: int = 0, bold: bool = False) -> int:
    """How many lines a wrapped text takes in a column `width` units wide: an estimate on the safe side (a row too
    short hides text, one too tall only wastes a little paper). Neither Excel nor LibreOffice fits the height of a
    row they did not write themselves, so the workbook sets it."""
    import textwrap

    per_unit = BOLD_CHARS_PER_UNIT if bold else CHARS_PER_UNIT
    per_line = max(4, int((width - 1.0 - indent * INDENT_UNITS) * per_unit))
    return sum(max(1, len(textwrap.wrap(part, per_line))) for part in text.split("\n"))


def _round(value: Any, kind: str) -> Any:
    """A cell's number as `--format json` writes it: 6 decimals (money as it is)."""
    if isinstance(value, float) and kind != MONEY:
        return round(value, 6)
    return value


def _row_points(lines: int) -> float:
    return lines * LINE_POINTS + 3


def _shown_length(value: Any, kind: str) -> int:
    """About how many characters a value takes in its cell."""
    if value is None:
        return 1
    if isinstance(value, str):
        return len(value)
    if kind == MONEY:
        return len(f"Rp{abs(value):,.0f}") + (value < 0)
    digits = len(f"{abs(value):,.0f}") + (value < 0)
    return digits + (5 if kind == PERCENT else 3)


def _width(column: Column, values: list[Any]) -> float:
    """A column's width in units: numbers fit (digits are about a unit wide); text wraps within its cap; the
    header wraps between its words."""
    longest_word = max((len(w) for w in column.title.split()), default=4) / BOLD_CHARS_PER_UNIT + 2
    if column.kind == TEXT:
        longest = max([_shown_length(v, TEXT) for v in values] or [1]) / CHARS_PER_UNIT + 2
        return round(max(longest_word, min(_WIDTHS.get(column.key, _NARROW_TEXT), longest), 6.0), 1)
    longest = max([_shown_length(v, column.kind) for v in values] or [1]) + 2
    return round(max(longest, longest_word, 8.0), 1)


def _widen(widths: list[float], columns: list[Column], values: list[list[Any]]) -> list[float]:
    """A table narrower than the page gives the room left to its wrapped text columns (fewer lines, fewer pages),
    each up to what its longest text needs."""
    room = PAGE_UNITS - sum(widths)
    wants = [
        max(0.0, max([_shown_length(v, TEXT) for v in values[i]] or [1]) / CHARS_PER_UNIT + 2 - widths[i])
        if c.kind == TEXT
        else 0.0
        for i, c in enumerate(columns)
    ]
    if room <= 0 or not any(wants):
        return widths
    share = min(1.0, room / sum(wants))
    return [round(w + want * share, 1) for w, want in zip(widths, wants, strict=True)]


def _new_book() -> Workbook:
    """A workbook whose default font is Arial 10: the unit of its column widths is then the same in Excel and in
    LibreOffice (Calibri, openpyxl's default, is missing where LibreOffice runs and its stand-in is wider)."""
    from openpyxl import Workbook
    from openpyxl.utils.indexed_list import IndexedList

    book = Workbook()
    default = _font(DEFAULT_FONT_SIZE)
    book._fonts = IndexedList([default])  # type: ignore[attr-defined]  # the fonts' list: index 0 is the default
    book._named_styles["Normal"].font = default  # type: ignore[attr-defined]
    if book.active is not None:
        book.remove(book.active)
    return book


# --- one sheet per table -----------------------------------------------------------------------------------


def to_xlsx(
    tables: list[ExportTable],
    heading: Heading | None = None,
    charts: Sequence[Chart] = (),
    lang: str = "id",
    names: dict[str, str] | None = None,
) -> bytes:
    """The workbook: a sheet per table, then the chart sheet when there are charts (`names`: the node names behind
    the charts' category ids, shown beside the chart data)."""
    book = _new_book()
    for number, table in enumerate(tables, start=1):
        _table_sheet(book, table, number, heading, lang)
    if charts:
        _chart_sheet(book, list(charts), heading, lang, names or {})
    return _save(book)


def _save(book: Workbook) -> bytes:
    """The workbook's bytes. lxml (which openpyxl writes its temporary sheet files with, when installed) reports a
    full disk or the file-size limit as SerialisationError('IO_EFBIG'): raised here as the OSError Python would
    raise, so the caller reports it in one line and keeps the previous file; the writer it leaves half-open is
    closed at once, quietly (it would repeat the error as 'Exception ignored' when collected at exit)."""
    buffer = io.BytesIO()
    failure: OSError | None = None
    try:
        book.save(buffer)
    except Exception as exc:
        failure = _as_os_error(exc)
        if failure is None:
            raise
    if failure is not None:
        _collect_quietly()
        raise failure
    return buffer.getvalue()


def _as_os_error(exc: Exception) -> OSError | None:
    name = str(exc).strip()
    if type(exc).__name__ != "SerialisationError" or not name.startswith("IO_"):
        return None
    code = getattr(errno, name[3:], None)
    return OSError(code, os.strerror(code)) if isinstance(code, int) else None


def _collect_quietly() -> None:
    import gc
    import sys

    previous = sys.unraisablehook

    def hook(unraisable: Any) -> None:
        if type(unraisable.exc_value).__name__ != "SerialisationError":
            previous(unraisable)

    sys.unraisablehook = hook
    try:
        gc.collect()
    finally:
        sys.unraisablehook = previous


def table_number(heading: Heading | None, number: int, lang: str) -> str:
    word = _t(lang, "Tabel", "Table")
    chapter = heading.chapter if heading is not None else None
    return f"{word} {chapter}.{number}" if chapter else f"{word} {number}"


def _title_lines(heading: Heading | None, lang: str) -> list[str]:
    """The office and the report's year above every table."""
    if heading is None:
        return []
    lines = [heading.office] if heading.office else []
    year = f"{heading.year} {heading.period}" if heading.period else str(heading.year)
    lines.append(
        _t(
            lang,
            f"Laporan Kinerja Instansi Pemerintah (LKIP) Tahun {year}",
            f"Government Institution Performance Report (LKIP) {year}",
        )
    )
    return lines


def _table_sheet(book: Workbook, table: ExportTable, number: int, heading: Heading | None, lang: str) -> Worksheet:
    from openpyxl.styles import Alignment, Border, PatternFill, Side
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(table.name[:31])
    shown = [i for i, c in enumerate(table.columns) if c.printed]
    columns = [table.columns[i] for i in shown]
    last = get_column_letter(len(columns))
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    font = _font()
    bold = _font(bold=True)
    by_column = [[r[i] for r in table.rows] for i in shown]
    widths = _widen([_width(c, by_column[i]) for i, c in enumerate(columns)], columns, by_column)

    # titles: office, report and year, table number and title
    row = 1
    lines = _title_lines(heading, lang)
    for index, line in enumerate(lines):
        sheet.cell(row=row, column=1, value=safe.xlsx_cell(line)).font = _font(11 if index == 0 else 10, True)
        row += 1
    title = f"{table_number(heading, number, lang)} {table.title}"
    sheet.cell(row=row, column=1, value=safe.xlsx_cell(title)).font = _font(11, True)
    for r in range(1, row + 1):
        sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(columns))
        sheet.cell(row=r, column=1).alignment = Alignment(horizontal="center", wrap_text=True)
    row += 2  # a blank line before the header

    # header: one row, or two with the groups ('Kinerja', 'Anggaran') above their columns
    first_header = row
    grouped = any(c.group for c in columns)
    last_header = first_header + (1 if grouped else 0)
    header_style = {
        "font": bold,
        "border": border,
        "fill": PatternFill("solid", fgColor=HEADER_FILL),
        "alignment": Alignment(horizontal="center", vertical="center", wrap_text=True),
    }
    for col, column in enumerate(columns, start=1):
        for r in range(first_header, last_header + 1):
            cell = sheet.cell(row=r, column=col)
            for name, value in header_style.items():
                setattr(cell, name, value)
        if column.group:
            sheet.cell(row=last_header, column=col, value=safe.xlsx_cell(column.title))
        else:
            sheet.cell(row=first_header, column=col, value=safe.xlsx_cell(column.title))
            if grouped:
                sheet.merge_cells(start_row=first_header, start_column=col, end_row=last_header, end_column=col)
    header_lines = max(_lines(c.title, widths[i], bold=True) for i, c in enumerate(columns))
    sheet.row_dimensions[last_header].height = _row_points(header_lines)
    col = 1
    while col <= len(columns):  # a group's header spans its columns
        group = columns[col - 1].group
        end = col
        while group and end < len(columns) and columns[end].group == group:
            end += 1
        if group:
            sheet.cell(row=first_header, column=col, value=safe.xlsx_cell(group))
            if end > col:
                sheet.merge_cells(start_row=first_header, start_column=col, end_row=first_header, end_column=end)
        col = end + 1

    # rows
    tree = next((i for i, c in enumerate(columns) if c.key == table.tree), None)
    deepest = max((table.level(i) for i in range(len(table.rows))), default=0)
    numeric = [c.kind != TEXT for c in columns]
    row = last_header + 1
    previous: list[Any] = [None] * len(columns)
    for index, values in enumerate(table.rows):
        cells = [values[i] for i in shown]
        total = index in table.totals
        level = table.level(index)
        # counts without decimals when all of the row's are whole ('12 laporan'); percentages keep theirs (97,00)
        whole = all(
            isinstance(v, (int, float)) and float(v).is_integer()
            for v, c in zip(cells, columns, strict=True)
            if c.kind == NUMBER and v is not None and not isinstance(v, str)
        ) and not any(c.key == "unit" and v == "%" for v, c in zip(cells, columns, strict=True))
        emphasis = total or (deepest > 0 and level == 0)
        height = 1
        for col, (value, column) in enumerate(zip(cells, columns, strict=True), start=1):
            shown_value = value
            if not column.repeat and not total and value == previous[col - 1]:
                shown_value = None  # the sasaran's name once, over its IKU
            cell = sheet.cell(row=row, column=col, value=safe.xlsx_cell(_round(shown_value, column.kind)))
            cell.border = border
            cell.font = bold if emphasis else font
            indent = level * 2 if col - 1 == tree and not total else 0
            if numeric[col - 1] and not isinstance(value, str):
                cell.number_format = number_format(column.kind, lang, whole)
                cell.alignment = Alignment(vertical="top", horizontal="right")
            else:
                horizontal = "right" if numeric[col - 1] else ("right" if total and col - 1 == tree else "left")
                cell.alignment = Alignment(vertical="top", horizontal=horizontal, wrap_text=True, indent=indent)
                if isinstance(cell.value, str):
                    height = max(height, _lines(cell.value, widths[col - 1], indent, emphasis))
            if total:
                cell.fill = PatternFill("solid", fgColor=TOTAL_FILL)
        sheet.row_dimensions[row].height = _row_points(height)
        previous = cells
        row += 1
    last_row = row - 1

    # widths, panes, printing
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = f"A{last_header + 1}"
    _print_setup(sheet, heading, lang, f"{first_header}:{last_header}")
    sheet.print_area = f"A1:{last}{max(last_row, last_header)}"
    return sheet


def _header_text(value: str) -> str:
    """Workspace text in a page header: '&' starts a header code (&P, &"font"), so it is doubled; one line."""
    return safe.visible(value).replace("&", "&&")[:80]


def _print_setup(sheet: Worksheet, heading: Heading | None, lang: str, title_rows: str | None) -> None:
    """A4 landscape, one page wide and as many pages long as needed, the header rows on every page, the office and
    year in the page header, 'Halaman 2 dari 5' in the footer."""
    from openpyxl.worksheet.page import PageMargins
    from openpyxl.worksheet.properties import PageSetupProperties

    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    if title_rows:
        sheet.print_title_rows = title_rows
    sheet.print_options.horizontalCentered = True
    sheet.page_margins = PageMargins(left=0.5, right=0.5, top=0.7, bottom=0.7, header=0.3, footer=0.3)
    page_header, page_footer = sheet.oddHeader, sheet.oddFooter
    if page_header is None or page_footer is None:  # pragma: no cover - openpyxl makes both with the sheet
        return
    if heading is not None:
        left = heading.short_name or heading.office
        if left:
            page_header.left.text = _header_text(left)
            page_header.left.size = 8
        page_header.right.text = _header_text(f"LKIP {heading.year}")
        page_header.right.size = 8
    page_footer.center.text = _t(lang, "Halaman &P dari &N", "Page &P of &N")
    page_footer.center.size = 8


# --- the chart sheet ---------------------------------------------------------------------------------------

ROW_POINTS = 15.0  # a title or header row of the chart sheet
PAGE_POINTS = 480.0  # what one landscape A4 page holds between its margins (595 points less 2 × 0.7 inch)
CHART_WIDTH_CM = 15
NAME_WIDTH = 28.0
SERIES_WIDTH = 11.0
POINTS_PER_CM = 72 / 2.54


def _chart_height(chart: Chart) -> float:
    """The chart's height in centimetres: a horizontal chart grows with its bars."""
    if chart.horizontal:
        return max(6.0, 2.0 + 0.6 * len(chart.categories) * len(chart.series))
    return 7.0


def _chart_sheet(
    book: Workbook, charts: list[Chart], heading: Heading | None, lang: str, names: dict[str, str]
) -> None:
    """Each chart's numbers in cells (category, name, one column per series) and a native bar chart beside them;
    a page break before a chart that would not fit on the page, so that no chart is cut."""
    from openpyxl.styles import Alignment, Border, PatternFill, Side
    from openpyxl.worksheet.pagebreak import Break

    sheet = book.create_sheet(_t(lang, "Grafik", "Charts"))
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    row = 1
    lines = [*_title_lines(heading, lang), _t(lang, "Grafik capaian dan serapan", "Charts of achievement and budget")]
    for index, line in enumerate(lines):
        size = 10 if 0 < index < len(lines) - 1 else 11
        sheet.cell(row=row, column=1, value=safe.xlsx_cell(line)).font = _font(size, True)
        sheet.row_dimensions[row].height = ROW_POINTS
        row += 1
    sheet.row_dimensions[row].height = ROW_POINTS
    row += 1
    used = (row - 1) * ROW_POINTS
    widest = max(len(c.series) for c in charts)
    chart_column = 3 + widest + 1  # after the data (category, name, the series) and a narrow gap
    for chart in charts:
        chart_points = _chart_height(chart) * POINTS_PER_CM
        heights = [_row_points(_lines(names.get(c, ""), NAME_WIDTH)) for c in chart.categories]
        block = ROW_POINTS + max(2 * ROW_POINTS + sum(heights), chart_points) + ROW_POINTS
        if used + block > PAGE_POINTS and used > 0:
            sheet.row_breaks.append(Break(id=row - 1))
            used = 0.0
        used += block
        sheet.cell(row=row, column=1, value=safe.xlsx_cell(chart.title)).font = _font(bold=True)
        sheet.row_dimensions[row].height = ROW_POINTS
        row += 1
        named = any(names.get(c) for c in chart.categories)  # overviews name their ids; an IKU's years take its unit
        first = _t(lang, "Tahun", "Year") if chart.node_id is not None else _t(lang, "Kategori", "Category")
        second = label_name(lang) if named else _t(lang, "Satuan", "Unit")
        header = [first, second] + [s.name for s in chart.series]
        for col, text in enumerate(header, start=1):
            cell = sheet.cell(row=row, column=col, value=safe.xlsx_cell(text))
            cell.font = _font(bold=True)
            cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
            cell.border = border
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.row_dimensions[row].height = 2 * ROW_POINTS
        header_row = row
        for category_index, category in enumerate(chart.categories):
            row += 1
            second_value = names.get(category) if named else chart.unit or None
            values = [category, second_value] + [s.values[category_index] for s in chart.series]
            for col, value in enumerate(values, start=1):
                cell = sheet.cell(row=row, column=col, value=safe.xlsx_cell(_round(value, NUMBER)))
                cell.border = border
                cell.font = _font()
                if col > 2:
                    cell.number_format = number_format(NUMBER, lang)
                    cell.alignment = Alignment(vertical="top")
                else:
                    cell.alignment = Alignment(vertical="top", wrap_text=True)
            sheet.row_dimensions[row].height = heights[category_index]
        sheet.add_chart(_bar_chart(sheet, chart, header_row, row, lang), f"{_letter(chart_column)}{header_row}")
        row += 1
        rest = chart_points - (2 * ROW_POINTS + sum(heights))  # the chart is taller than its numbers: a spacer row
        sheet.row_dimensions[row].height = max(ROW_POINTS, rest + ROW_POINTS)
        row += 1
    sheet.column_dimensions["A"].width = 10
    sheet.column_dimensions["B"].width = NAME_WIDTH
    for col in range(3, 3 + widest):
        sheet.column_dimensions[_letter(col)].width = SERIES_WIDTH
    sheet.column_dimensions[_letter(chart_column - 1)].width = 2
    sheet.print_area = f"A1:{_letter(chart_column + 11)}{row}"
    _print_setup(sheet, heading, lang, None)


def label_name(lang: str) -> str:
    return _t(lang, "Nama", "Name")


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


def _chart_title(text: str) -> Any:
    """A chart title in 11-point bold (Excel's default, 14 points, crowds a long indicator name)."""
    from openpyxl.chart.text import RichText, Text
    from openpyxl.chart.title import Title
    from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties, RegularTextRun

    style = CharacterProperties(sz=1100, b=True)
    run = RegularTextRun(rPr=style, t=text)
    return Title(tx=Text(rich=RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=style), r=[run])])), overlay=False)


def _bar_chart(sheet: Worksheet, chart: Chart, header_row: int, last_row: int, lang: str) -> Any:
    """A clustered bar chart of the block's series (columns C...), its categories from column A."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.chart.data_source import AxDataSource, StrRef
    from openpyxl.chart.label import DataLabelList

    bars = BarChart()
    bars.type = "bar" if chart.horizontal else "col"
    bars.grouping = "clustered"
    bars.title = _chart_title(safe.visible(chart.title))
    bars.width = CHART_WIDTH_CM
    bars.height = _chart_height(chart)  # centimetres
    data = Reference(sheet, min_col=3, max_col=2 + len(chart.series), min_row=header_row, max_row=last_row)
    categories = Reference(sheet, min_col=1, min_row=header_row + 1, max_row=last_row)
    bars.add_data(data, titles_from_data=True)
    for drawn in bars.series:  # the categories are text (ids, years): a string reference, not a numeric one
        drawn.cat = AxDataSource(strRef=StrRef(f=str(categories)))
    for drawn, series in zip(bars.series, chart.series, strict=True):
        drawn.graphicalProperties.solidFill = series.color.lstrip("#")
        drawn.graphicalProperties.line.solidFill = series.color.lstrip("#")
    bars.dataLabels = DataLabelList(
        numFmt=number_format(NUMBER, lang),
        showVal=True,
        showSerName=False,
        showCatName=False,
        showLegendKey=False,
        showPercent=False,
    )
    value_axis, category_axis = bars.y_axis, bars.x_axis
    values = [abs(v) for s in chart.series for v in s.values if v is not None]
    value_axis.numFmt = number_format(NUMBER, lang, whole=max(values, default=0) >= 10)  # 0,05 steps need decimals
    value_axis.delete = False  # openpyxl hides both axes unless told
    category_axis.delete = False
    category_axis.tickLblSkip = 1  # every category named, not every other one
    category_axis.tickLblPos = "low"  # names beside the axis, not over the bars of a negative value
    if all(v is None or v >= 0 for s in chart.series for v in s.values):
        value_axis.scaling.min = 0  # bars from zero: a bar's length is its value
    if chart.unit:
        value_axis.title = safe.visible(chart.unit)
    if chart.horizontal:
        category_axis.scaling.orientation = "maxMin"  # the first category on top, as in the table
        value_axis.crosses = "max"  # ... and the values along the bottom still
    if len(chart.series) < 2:
        bars.legend = None
    else:
        bars.legend.position = "b"
    return bars
