"""The structure sheet as a workbook: write it (empty, or pre-filled from a workspace) and read a filled one.

Layout of the sheet "Struktur" (the reader finds the parts by their labels, so a planner may insert rows):

    row 1      title
    row 2      instructions (one merged cell)
    rows 4-9   the office: a label in column A, its value in column B (name, short name, region, target year,
               renstra start and end)
    row 11     the header of the node table (Tingkat, Kode, Kode induk, Nama, ...; engine/structure.py COLUMNS)
    row 12...  one row per node

Level and direction cells offer a list to choose from, target cells accept numbers only and year cells whole
years (data validation). Every text from a workspace goes through safe.xlsx_cell (no formula injection); the
reader takes the `'` it adds off again. openpyxl is imported inside the functions (`lkip --help` stays fast).
"""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, LkipError
from ..messages import Message
from ..model import Workspace
from ..scaffold import number
from ..structure import (
    COLUMNS,
    DIRECTION_SHOWN,
    LEVELS,
    MAX_COLUMNS,
    MAX_ROWS,
    ORG_FIELDS,
    ROLLUP_SHOWN,
    SHEET,
    RawSheet,
    Row,
    Structure,
    column_letter,
    parse_inputs,
    structure_of,
)
from . import safe

MAX_WORKBOOK_BYTES = 20 * 1024 * 1024
TITLE_ROW = 1
INSTRUCTIONS_ROW = 2
ORG_ROW = 4
HEADER_ROW = ORG_ROW + len(ORG_FIELDS) + 1
VALIDATED_ROWS = 2000  # empty rows below the filled ones that still get the lists and number checks

TITLE = {
    "id": "Struktur pohon kinerja: satu baris per simpul",
    "en": "Structure of the performance tree: one row per node",
}
INSTRUCTIONS = {
    "id": [
        "1. Isi nama perangkat daerah dan tahun target di bawah ini; periode Renstra boleh kosong.",
        "2. Satu baris per simpul: sasaran → iku → program → kegiatan → sub_kegiatan (urutan baris bebas).",
        "3. Kode: unik, diawali huruf (SS1, IKU1, P01, P01.K1, P01.K1.S1). Kode induk: simpul satu tingkat di atasnya "
        "(kosong untuk sasaran).",
        "4. Satuan dan Arah wajib bila ada target. Arah: naik (semakin tinggi semakin baik) atau turun (semakin rendah "
        "semakin baik).",
        "5. Target: angka saja, tanpa % atau Rp. Target akhir Renstra: target tahun akhir Renstra (boleh kosong).",
        "6. Rumus (boleh kosong: realisasi diisi langsung), mis. percent(selesai, masuk). Input: satu per baris, "
        "'nama: keterangan' (nama: huruf kecil, angka, _).",
        "7. Roll-up (boleh kosong): rata-rata, min, maks atau jumlah, boleh diikuti tingkat yang diambil "
        "('rata-rata iku'): nilai simpul dari simpul di bawahnya.",
        "8. Lalu jalankan: lkip init FOLDER --from-template BERKAS.xlsx (setiap sel diperiksa; tidak ada yang ditulis "
        "bila ada galat).",
    ],
    "en": [
        "1. Fill in the office's name and the target year below; the renstra period may stay empty.",
        "2. One row per node: sasaran → iku → program → kegiatan → sub_kegiatan (rows in any order).",
        "3. Id: unique, starting with a letter (SS1, IKU1, P01, P01.K1, P01.K1.S1). Parent id: the node one level up "
        "(empty for a sasaran).",
        "4. Unit and Direction are required with a target. Direction: higher (more is better) or lower (less is "
        "better); naik/turun are accepted too.",
        "5. Target: a number only, without % or Rp. Renstra end target: the target of the renstra's last year "
        "(may stay empty).",
        "6. Formula (empty: realisasi is given directly), e.g. percent(selesai, masuk). Inputs: one per line, "
        "'name: description' (names: lower-case letters, digits, _).",
        "7. Roll-up (may stay empty): mean, min, max or sum, optionally with the level taken ('mean of iku'): the "
        "node's value from the nodes below it.",
        "8. Then run: lkip init FOLDER --from-template FILE.xlsx (every cell is checked; nothing is written while "
        "there are errors).",
    ],
}
_LIST_ERROR = {
    "id": ("Pilih dari daftar", "Pilih salah satu nilai dari daftar."),
    "en": ("Choose from the list", "Choose one of the values in the list."),
}
_NUMBER_ERROR = {
    "id": ("Angka saja", "Tulis angkanya saja, tanpa satuan (% atau Rp)."),
    "en": ("A number only", "Write the number only, without the unit (% or Rp)."),
}
_YEAR_ERROR = {"id": ("Tahun", "Tulis tahun, mis. 2026."), "en": ("Year", "Write a year, e.g. 2026.")}


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "id"


def default_year(ws: Workspace | None, this_year: int) -> int:
    """The year a pre-filled sheet shows targets for: the workspace's latest data year, else this year."""
    if ws is not None and ws.years:
        return max(ws.years)
    return this_year


def add_structure_sheet(
    workbook: Any, workspace: Workspace | None, lang: str, year: int | None = None
) -> list[Diagnostic]:
    """Add the sheet "Struktur" to an openpyxl workbook: empty, or pre-filled from `workspace` with the targets of
    `year` (default: its latest data year). Returns a warning (LK633) per node whose declaration holds more than
    the sheet can."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    lang = _lang(lang)
    structure: Structure | None = None
    dropped: list[Diagnostic] = []
    if workspace is not None:
        structure, dropped = structure_of(workspace, year if year is not None else default_year(workspace, 0))
    shown_year = structure.organisation.year if structure is not None else year
    sheet = workbook.create_sheet(SHEET)
    bold = Font(bold=True)
    top = Alignment(wrap_text=True, vertical="top")
    to_fill = PatternFill("solid", fgColor="FFF2CC")
    header_fill = PatternFill("solid", fgColor="D9E1F2")
    last_column = column_letter(len(COLUMNS) - 1)

    sheet.cell(TITLE_ROW, 1, TITLE[lang]).font = Font(bold=True, size=14)
    sheet.cell(INSTRUCTIONS_ROW, 1, "\n".join(INSTRUCTIONS[lang])).alignment = top
    sheet.merge_cells(f"A{INSTRUCTIONS_ROW}:{last_column}{INSTRUCTIONS_ROW}")
    sheet.row_dimensions[INSTRUCTIONS_ROW].height = 16 * len(INSTRUCTIONS[lang])

    org = structure.organisation if structure is not None else None
    org_values: dict[str, Any] = {}
    if org is not None:
        org_values = {
            "name": org.name,
            "short_name": org.short_name,
            "region": org.region,
            "year": org.year,
            "renstra_start": org.renstra[0] if org.renstra else None,
            "renstra_end": org.renstra[1] if org.renstra else None,
        }
    elif year is not None:
        org_values["year"] = year
    for offset, org_field in enumerate(ORG_FIELDS):
        row = ORG_ROW + offset
        label = sheet.cell(row, 1, org_field.en if lang == "en" else org_field.id)
        label.font = bold
        value = sheet.cell(row, 2, safe.xlsx_cell(org_values.get(org_field.field)))
        value.fill = to_fill
    years = DataValidation(type="whole", operator="between", formula1="1900", formula2="2199", allow_blank=True)
    _explain(years, _YEAR_ERROR[lang])
    sheet.add_data_validation(years)
    years.add(f"B{ORG_ROW + 3}:B{ORG_ROW + 5}")

    for index, column in enumerate(COLUMNS, start=1):
        title = column.header(lang)
        if column.field == "target" and shown_year:
            title = f"{title} {shown_year}"
        cell = sheet.cell(HEADER_ROW, index, title)
        cell.font = bold
        cell.fill = header_fill
        cell.alignment = top
        sheet.column_dimensions[column_letter(index - 1)].width = column.width
    rows = structure.rows if structure is not None else ()
    for offset, node in enumerate(rows, start=1):
        for index, value in enumerate(_cells(node, lang), start=1):
            cell = sheet.cell(HEADER_ROW + offset, index, safe.xlsx_cell(value))
            cell.alignment = top

    first, last = HEADER_ROW + 1, HEADER_ROW + len(rows) + VALIDATED_ROWS
    positions = {column.field: column_letter(i) for i, column in enumerate(COLUMNS)}
    levels = DataValidation(type="list", formula1='"' + ",".join(LEVELS) + '"', allow_blank=True)
    directions = DataValidation(
        type="list", formula1='"' + ",".join(DIRECTION_SHOWN[lang].values()) + '"', allow_blank=True
    )
    numbers = DataValidation(type="decimal", operator="between", formula1="-1E+18", formula2="1E+18", allow_blank=True)
    for validation, texts, fields in (
        (levels, _LIST_ERROR[lang], ("level",)),
        (directions, _LIST_ERROR[lang], ("direction",)),
        (numbers, _NUMBER_ERROR[lang], ("target", "renstra_target")),
    ):
        _explain(validation, texts)
        sheet.add_data_validation(validation)
        for name in fields:
            validation.add(f"{positions[name]}{first}:{positions[name]}{last}")
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last_column}{max(HEADER_ROW + len(rows), HEADER_ROW + 1)}"
    return dropped


def _explain(validation: Any, texts: tuple[str, str]) -> None:
    validation.showErrorMessage = True
    validation.errorTitle, validation.error = texts


def _cells(node: Row, lang: str) -> list[Any]:
    """A node's row: the values in COLUMNS' order (texts as they are, numbers as numbers)."""
    rollup = ""
    if node.rollup is not None:
        method, of = node.rollup
        rollup = ROLLUP_SHOWN[lang][method] + (f" {of.value}" if of is not None and lang == "id" else "")
        if of is not None and lang == "en":
            rollup += f" of {of.value}"
    inputs = "\n".join(
        f"{name}: {' '.join(description.split())}" if description else name for name, description in node.inputs.items()
    )
    if inputs and "\n" not in inputs and len(parse_inputs(inputs)) > 1:
        inputs += "\n"  # one input whose description holds '; word:': a second line keeps the ';' in it
    values = {
        "level": node.kind.value,
        "id": node.id,
        "parent": node.parent or "",
        "name": node.name,
        "indicator": node.indicator,
        "unit": node.unit,
        "direction": DIRECTION_SHOWN[lang][node.direction] if node.direction is not None else "",
        "target": _shown_number(node.target),
        "renstra_target": _shown_number(node.renstra_target),
        "formula": node.formula,
        "inputs": inputs,
        "rollup": rollup,
        "note": " ".join(node.note.split()),
    }
    return [values[column.field] or None for column in COLUMNS]


def _shown_number(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else float(number(value))


def structure_workbook(
    workspace: Workspace | None, lang: str, year: int | None = None
) -> tuple[bytes, list[Diagnostic]]:
    """A workbook holding only the structure sheet, as bytes, and the warnings of add_structure_sheet."""
    from openpyxl import Workbook

    book = Workbook()
    if book.active is not None:
        book.remove(book.active)
    dropped = add_structure_sheet(book, workspace, lang, year)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), dropped


# ------------------------------------------------------------------------------------------ reading


def _unreadable(display: str, why: Message, hint: Message | None = None) -> LkipError:
    return LkipError(
        [
            Diagnostic(
                code="LK621",
                path=display,
                message=why,
                hint=hint
                or Message(
                    "give a workbook (.xlsx) with a sheet 'Struktur': `lkip init --structure-template FILE.xlsx` "
                    "writes one",
                    "beri workbook (.xlsx) dengan lembar 'Struktur': `lkip init --structure-template BERKAS.xlsx` "
                    "menulisnya",
                ),
            )
        ]
    )


def _read_bytes(path: Path, display: str) -> bytes:
    """The workbook's bytes: a regular file of at most MAX_WORKBOOK_BYTES (a FIFO never blocks)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise _unreadable(
            display, Message("cannot be read: {why}", "tidak dapat dibaca: {why}", why=exc.strerror or str(exc))
        ) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _unreadable(display, Message("not a regular file", "bukan berkas biasa"))
        if info.st_size > MAX_WORKBOOK_BYTES:
            raise _unreadable(
                display,
                Message(
                    "larger than {mb} MB: not a structure sheet",
                    "lebih besar dari {mb} MB: bukan lembar struktur",
                    mb=MAX_WORKBOOK_BYTES // (1024 * 1024),
                ),
            )
        with os.fdopen(os.dup(fd), "rb") as handle:
            return handle.read(MAX_WORKBOOK_BYTES + 1)
    except OSError as exc:
        raise _unreadable(
            display, Message("cannot be read: {why}", "tidak dapat dibaca: {why}", why=exc.strerror or str(exc))
        ) from None
    finally:
        os.close(fd)


def read_structure_sheet(path: Path, display: str | None = None) -> RawSheet:
    """The cells of the sheet "Struktur" of a workbook; LkipError (LK621) when it is not a readable .xlsx workbook
    with that sheet, or when the sheet is far larger than a structure."""
    display = display or str(path)
    if Path(path).suffix.lower() not in (".xlsx", ".xlsm"):
        raise _unreadable(
            display,
            Message("not an .xlsx workbook", "bukan workbook .xlsx"),
            Message(
                "save the sheet as Excel Workbook (.xlsx) and give that file",
                "simpan lembar itu sebagai Excel Workbook (.xlsx) lalu beri berkas tersebut",
            ),
        )
    data = _read_bytes(Path(path), display)
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # a corrupt or foreign file: zip, XML and openpyxl's own errors alike
        raise _unreadable(
            display,
            Message(
                "is not a readable .xlsx workbook ({why})",
                "bukan workbook .xlsx yang dapat dibaca ({why})",
                why=type(exc).__name__,
            ),
        ) from None
    try:
        name = next((n for n in book.sheetnames if n.strip().casefold() == SHEET.casefold()), None)
        if name is None:
            raise _unreadable(
                display,
                Message(
                    "has no sheet '{sheet}' (sheets: {names})",
                    "tidak punya lembar '{sheet}' (lembar yang ada: {names})",
                    sheet=SHEET,
                    names=[safe.visible(n) for n in book.sheetnames] or "–",
                ),
            )
        rows: list[tuple[int, tuple[Any, ...]]] = []
        formulas: set[str] = set()
        try:
            for number_, cells in enumerate(book[name].iter_rows(max_col=MAX_COLUMNS), start=1):
                if number_ > MAX_ROWS:
                    raise _unreadable(
                        display,
                        Message(
                            "the sheet '{sheet}' has more than {n} rows: not a structure sheet",
                            "lembar '{sheet}' lebih dari {n} baris: bukan lembar struktur",
                            sheet=SHEET,
                            n=MAX_ROWS,
                        ),
                    )
                values = []
                for index, cell in enumerate(cells):
                    value = getattr(cell, "value", None)
                    if getattr(cell, "data_type", None) == "f":
                        formulas.add(f"{column_letter(index)}{number_}")
                    values.append(value)
                while values and values[-1] is None:
                    values.pop()
                if values:
                    rows.append((number_, tuple(values)))
        except LkipError:
            raise
        except Exception as exc:  # a sheet whose XML breaks half-way
            raise _unreadable(
                display,
                Message(
                    "the sheet '{sheet}' cannot be read ({why})",
                    "lembar '{sheet}' tidak dapat dibaca ({why})",
                    sheet=SHEET,
                    why=type(exc).__name__,
                ),
            ) from None
        return RawSheet(name=name, rows=tuple(rows), formulas=frozenset(formulas))
    finally:
        book.close()
