"""Read a filled form (a workbook from `lkip template`, or a CSV of the same columns) and check every cell.

`read_table` turns the file into sheets of raw cell values; `check` maps each filled cell to a place in a node's
data record (engine/form.py) and checks it: the row's keys (a node the specs declare, a field the node takes),
the column's key, the value's type (a number, or Indonesian number text: "1.234,5", "12,5 %", "Rp 1.000.000"),
its range and its unit. Every problem is collected, named by its cell (`SS1!G12`); nothing is decided before
the whole file is read. What remains is the list of changes: (node, place, old value, new value, cell).
"""

from __future__ import annotations

import csv
import datetime
import io
import math
import os
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic, LkipError, UsageError, did_you_mean
from .form import (
    BUDGET_COLUMNS,
    FIELD,
    INFO_COLUMNS,
    NODE,
    Field,
    data_path,
    is_number,
    lookup,
    parse_field,
    record_view,
)
from .form import (
    Path as DataPath,
)
from .limits import in_range
from .messages import Message
from .model import Status, Workspace
from .periods import parse_period

MAX_FILE_BYTES = 20 * 1024 * 1024  # the workbook or CSV itself
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # a workbook's parts unpacked (a zip bomb stops here)
MAX_ROWS = 100_000  # a form has a row per value of a node: far fewer
MAX_COLUMNS = 64  # a form has at most 27
_KEY_ROW_SEARCH = 20  # the key row is among the first rows of a sheet


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class Cell:
    """A cell of the file: its sheet (the file name for a CSV), row and column, 1-based."""

    sheet: str
    row: int
    column: int

    @property
    def ref(self) -> str:
        sheet = self.sheet
        if not re.fullmatch(r"[A-Za-z0-9_.-]+", sheet):
            sheet = "'" + sheet.replace("'", "''") + "'"
        return f"{sheet}!{column_letter(self.column)}{self.row}"


@dataclass(frozen=True)
class Raw:
    """One cell's content: a value as the file holds it, and what kind of cell it is."""

    value: Any
    formula: bool = False  # a formula cell; `value` is its computed value (None when the file keeps none)
    error: bool = False  # a spreadsheet error value (#DIV/0!, #N/A, ...)


@dataclass
class Sheet:
    name: str
    rows: list[list[Raw]]


def _unreadable(path: Path, message: Message, hint: Message | None = None, usage: bool = False) -> LkipError:
    kind = UsageError if usage else LkipError
    return kind([Diagnostic(code="LK600", path=str(path), message=message, hint=hint)])


_FORMATS = Message(
    "give the workbook made by lkip template (.xlsx), or a CSV of its columns (.csv)",
    "berikan workbook buatan lkip template (.xlsx), atau CSV dengan kolom-kolomnya (.csv)",
)


def read_table(path: Path) -> list[Sheet]:
    """The sheets of a .xlsx workbook or a .csv file; LkipError LK600 when it cannot be read as one."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".csv"):
        raise _unreadable(
            path,
            Message(
                "lkip import reads .xlsx and .csv files, not '{ext}'",
                "lkip import membaca berkas .xlsx dan .csv, bukan '{ext}'",
                ext=suffix or path.name,
            ),
            _FORMATS,
            usage=True,
        )
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not os.path.isfile(path) or (info.st_mode & 0o170000) != 0o100000:
                raise _unreadable(path, Message("not a regular file", "bukan berkas biasa"), _FORMATS, usage=True)
            if info.st_size > MAX_FILE_BYTES:
                raise _unreadable(
                    path,
                    Message(
                        "the file is {size} bytes; the limit is {limit}",
                        "berkas ini {size} bita; batasnya {limit}",
                        size=float(info.st_size),
                        limit=float(MAX_FILE_BYTES),
                    ),
                )
            raw = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise _unreadable(path, Message("file not found", "berkas tidak ditemukan"), _FORMATS, usage=True) from None
    except IsADirectoryError:
        raise _unreadable(
            path, Message("a folder, not a file", "sebuah folder, bukan berkas"), _FORMATS, usage=True
        ) from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise _unreadable(
            path, Message("cannot read the file: {reason}", "berkas tidak dapat dibaca: {reason}", reason=reason)
        ) from None
    if len(raw) > MAX_FILE_BYTES:
        raise _unreadable(path, Message("the file is too large", "berkas terlalu besar"))
    if suffix == ".csv":
        return [_read_csv(raw, path)]
    return _read_workbook(raw, path)


_CORRUPT_HINT = Message(
    "open it in Excel or LibreOffice and save it again as .xlsx, or make a new one with lkip template",
    "buka di Excel atau LibreOffice lalu simpan lagi sebagai .xlsx, atau buat yang baru dengan lkip template",
)


def _read_workbook(raw: bytes, path: Path) -> list[Sheet]:
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        raise _unreadable(
            path,
            Message(
                "not a workbook: the file is not an .xlsx (zip) file", "bukan workbook: berkas ini bukan .xlsx (zip)"
            ),
            _CORRUPT_HINT,
        )
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
            unpacked = sum(m.file_size for m in members)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _unreadable(
            path, Message("a damaged zip file: {why}", "berkas zip rusak: {why}", why=str(exc)), _CORRUPT_HINT
        ) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise _unreadable(
            path,
            Message(
                "the workbook unpacks to {size} bytes; the limit is {limit}",
                "workbook ini terurai menjadi {size} bita; batasnya {limit}",
                size=float(unpacked),
                limit=float(MAX_UNPACKED_BYTES),
            ),
        )
    if "xl/workbook.xml" not in names:
        raise _unreadable(
            path,
            Message(
                "a zip file without a workbook inside (no xl/workbook.xml)",
                "berkas zip tanpa workbook di dalamnya (tidak ada xl/workbook.xml)",
            ),
            _CORRUPT_HINT,
        )
    try:
        formulas = _load_sheets(raw, data_only=False)
        computed = _load_sheets(raw, data_only=True) if _has_formulas(formulas) else None
    except LkipError:
        raise
    except Exception as exc:  # openpyxl raises many kinds (KeyError, XML errors, ValueError) for a damaged file
        raise _unreadable(
            path,
            Message(
                "the workbook cannot be read: {why}",
                "workbook tidak dapat dibaca: {why}",
                why=f"{type(exc).__name__}: {exc}"[:200],
            ),
            _CORRUPT_HINT,
        ) from None
    sheets = []
    for name, rows in formulas:
        if len(rows) > MAX_ROWS:
            raise _unreadable(
                path,
                Message(
                    "sheet '{sheet}' has more than {n} rows",
                    "lembar '{sheet}' lebih dari {n} baris",
                    sheet=name,
                    n=MAX_ROWS,
                ),
            )
        values = dict(computed).get(name) if computed is not None else None
        cells: list[list[Raw]] = []
        for r, row in enumerate(rows):
            line = []
            for c, (value, kind) in enumerate(row):
                if kind == "f":
                    cached = values[r][c][0] if values is not None and r < len(values) and c < len(values[r]) else None
                    line.append(Raw(cached, formula=True))
                else:
                    line.append(Raw(value, error=kind == "e"))
            cells.append(line)
        sheets.append(Sheet(name, cells))
    if not sheets:
        raise _unreadable(
            path, Message("the workbook has no sheets", "workbook ini tidak berisi lembar"), _CORRUPT_HINT
        )
    return sheets


def _load_sheets(raw: bytes, data_only: bool) -> list[tuple[str, list[list[tuple[Any, str]]]]]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(raw), read_only=True, data_only=data_only)
    try:
        found = []
        for sheet in book.worksheets:
            rows = []
            for row in sheet.iter_rows():
                cells = [(getattr(c, "value", None), getattr(c, "data_type", "n")) for c in row[:MAX_COLUMNS]]
                while cells and cells[-1][0] is None and cells[-1][1] != "f":
                    cells.pop()  # trailing empty cells
                rows.append(cells)
                if len(rows) > MAX_ROWS:
                    break
            found.append((sheet.title, rows))
        return found
    finally:
        book.close()


def _has_formulas(sheets: list[tuple[str, list[list[tuple[Any, str]]]]]) -> bool:
    return any(kind == "f" for _, rows in sheets for row in rows for _, kind in row)


def _read_csv(raw: bytes, path: Path) -> Sheet:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # what Excel saves as "CSV" on a Windows in Indonesian
    if "\x00" in text:
        raise _unreadable(path, Message("not a text (CSV) file", "bukan berkas teks (CSV)"), _FORMATS)
    delimiter = _delimiter(text)
    try:
        rows = []
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            rows.append([Raw(value if value.strip() != "" else None) for value in row[:MAX_COLUMNS]])
            if len(rows) > MAX_ROWS:
                raise _unreadable(path, Message("more than {n} rows", "lebih dari {n} baris", n=MAX_ROWS))
    except csv.Error as exc:
        raise _unreadable(
            path, Message("not a valid CSV file: {why}", "bukan berkas CSV yang sah: {why}", why=str(exc))
        ) from None
    return Sheet(path.name, rows)


def _delimiter(text: str) -> str:
    """The CSV's delimiter: the one that makes a row start with the keys node, field (Excel in Indonesian writes
    ';')."""
    head = text[:20000]
    for delimiter in (",", ";", "\t"):
        try:
            for row in csv.reader(io.StringIO(head, newline=""), delimiter=delimiter):
                if [c.strip().lower() for c in row[:2]] == [NODE, FIELD]:
                    return delimiter
        except csv.Error:
            continue
    return ","


# ------------------------------------------------------------------------------------- numbers in cells

_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "\u2212": "-"})
_INT = re.compile(r"[-+]?[0-9]+")
_ID_GROUPED = re.compile(r"[-+]?[1-9][0-9]{0,2}(\.[0-9]{3})+(,[0-9]+)?")
_ID_DECIMAL = re.compile(r"[-+]?[0-9]+,[0-9]+")
_PLAIN = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+)")
_EN_GROUPED = re.compile(r"[-+]?[1-9][0-9]{0,2}(,[0-9]{3})+\.[0-9]+|[-+]?[1-9][0-9]{0,2}(,[0-9]{3}){2,}")
_EXPONENT = re.compile(r"[-+]?([0-9]+([.,][0-9]*)?|[.,][0-9]+)[eE][-+]?[0-9]+")
_AMBIGUOUS = re.compile(r"[-+]?[1-9][0-9]{0,2}\.[0-9]{3}")
_RUPIAH = re.compile(r"(?i)^([-+]?)\s*rp\.?\s*")
_UNIT_WORD = re.compile(r"([-+]?[0-9][0-9.,]*)\s+([^\W\d_][\w ./()-]*)")


class NotANumber(Exception):
    def __init__(self, message: Message, hint: Message | None = None, code: str = "LK601") -> None:
        super().__init__(message.render("en"))
        self.message = message
        self.hint = hint
        self.code = code


@dataclass(frozen=True)
class Parsed:
    value: int | float
    unit: str | None  # the unit the text carried: "%", "Rp", or a word after the number ("12 laporan")


def parse_number(text: str) -> Parsed:
    """A number from a cell's text, Indonesian style first: "1.234,5", "12,5 %", "Rp 1.000.000", "-3", "0,125";
    plain decimals ("12.5") too. A dot followed by exactly three digits ("1.234") is ambiguous and refused."""
    s = text.translate(_SPACES).strip()
    unit = None
    rupiah = _RUPIAH.match(s)
    if rupiah:
        unit = "Rp"
        s = rupiah.group(1) + s[rupiah.end() :]
        s = re.sub(r"[,.]-$", "", s).strip()  # "Rp 1.000.000,-"
    if s.endswith("%"):
        if unit is not None:
            raise NotANumber(Message("both 'Rp' and '%' in one number", "'Rp' dan '%' sekaligus dalam satu angka"))
        unit = "%"
        s = s[:-1].strip()
    worded = _UNIT_WORD.fullmatch(s) if unit is None else None
    if worded:  # "12 laporan", "38.700 ton": the unit after the number
        s, unit = worded.group(1), worded.group(2).strip()
    if " " in s:
        raise NotANumber(
            Message(
                "'{text}' is not a number (spaces inside)", "'{text}' bukan angka (ada spasi di dalamnya)", text=text
            ),
            Message("write 1.234,5 or 1234.5", "tulis 1.234,5 atau 1234,5"),
        )
    value: int | float
    if _INT.fullmatch(s):
        value = int(s) if len(s.lstrip("+-")) <= 19 else float(s)
    elif _AMBIGUOUS.fullmatch(s) and unit != "Rp":  # rupiah have no thousandths: Rp 38.700 is 38700
        whole = s.replace(".", "")
        raise NotANumber(
            Message(
                "'{text}' is ambiguous: {thousands} (a thousands dot) or {decimal} (a decimal point)",
                "'{text}' bermakna ganda: {thousands} (titik ribuan) atau {decimal} (titik desimal)",
                text=text,
                thousands=whole,
                decimal=float(s),
            ),
            Message(
                "type {thousands}, or {comma} with a decimal comma, or type it into the cell as a number",
                "ketik {thousands}, atau {comma} dengan koma desimal, atau ketik sebagai angka di sel",
                thousands=whole,
                comma=repr(float(s)).replace(".", ","),
            ),
        )
    elif _ID_GROUPED.fullmatch(s):
        value = _decimal(s.replace(".", "").replace(",", "."))
    elif _ID_DECIMAL.fullmatch(s):
        value = float(s.replace(",", "."))
    elif _PLAIN.fullmatch(s):
        value = float(s)
    elif _EN_GROUPED.fullmatch(s):
        value = _decimal(s.replace(",", ""))
    elif _EXPONENT.fullmatch(s):
        value = float(s.replace(",", "."))
    else:
        raise NotANumber(
            Message("'{text}' is not a number", "'{text}' bukan angka", text=_shorten(text)),
            Message(
                "type a number: 1234,5 or Indonesian text 1.234,5 / 12,5 % / Rp 1.000.000",
                "ketik angka: 1234,5 atau teks gaya Indonesia 1.234,5 / 12,5 % / Rp 1.000.000",
            ),
        )
    return Parsed(value, unit)


def _decimal(text: str) -> int | float:
    return int(text) if "." not in text else float(text)


def _shorten(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "…"


def cell_number(raw: Raw) -> Parsed:
    """The number in a cell (a numeric cell, or text); NotANumber says why not."""
    value = raw.value
    if raw.error:
        raise NotANumber(
            Message("a spreadsheet error value {value}", "nilai galat spreadsheet {value}", value=str(value)),
            Message("correct the formula or type the number", "perbaiki rumusnya atau ketik angkanya"),
        )
    if raw.formula and value is None:
        raise NotANumber(
            Message("a formula without a computed value", "rumus tanpa nilai hasil hitung"),
            Message(
                "open the file in Excel or LibreOffice and save it (that computes the formula), or type the number",
                "buka berkas di Excel atau LibreOffice lalu simpan (rumusnya dihitung), atau ketik angkanya",
            ),
        )
    if isinstance(value, bool):
        raise NotANumber(Message("a true/false value, not a number", "nilai benar/salah, bukan angka"))
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time, datetime.timedelta)):
        raise NotANumber(
            Message("a date or time, not a number", "tanggal atau waktu, bukan angka"),
            Message(
                "the spreadsheet read what was typed as a date: format the cell as a number and type it again",
                "spreadsheet membaca ketikan sebagai tanggal: format sel sebagai angka lalu ketik ulang",
            ),
        )
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise NotANumber(Message("not a finite number", "bukan angka terhingga"), code="LK602")
        return Parsed(value, None)
    if isinstance(value, str):
        return parse_number(value)
    raise NotANumber(Message("not a number", "bukan angka"))


# ------------------------------------------------------------------------------------------- checking


@dataclass(frozen=True)
class Change:
    """One value to write: the node, the place in its record, the value recorded now and the new one."""

    node_id: str
    path: DataPath
    old: int | float | None
    new: int | float
    cell: Cell
    field: str  # the row's field key
    column: str  # the column's key
    unit: str | None


@dataclass
class Intake:
    year: int
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0  # filled cells equal to what the data holds
    problems: list[Diagnostic] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)  # the sheets read (those with a key row)


def _problem(
    cell: Cell, code: str, message: Message, hint: Message | None = None, node: str | None = None
) -> Diagnostic:
    return Diagnostic(code=code, path=cell.ref, message=message, hint=hint, node_id=node)


def _text(raw: Raw | None) -> str:
    if raw is None or raw.value is None:
        return ""
    value = raw.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _filled(raw: Raw | None) -> bool:
    return raw is not None and (raw.value is not None and _text(raw) != "" or raw.error or raw.formula)


def _key_row(sheet: Sheet) -> int | None:
    for index, row in enumerate(sheet.rows[:_KEY_ROW_SEARCH]):
        if [_text(c).lower() for c in row[:2]] == [NODE, FIELD]:
            return index
    return None


def year_of(sheets: Iterable[Sheet]) -> set[int]:
    """The years the sheets' year columns name (a form's key row has one year column)."""
    found = set()
    for sheet in sheets:
        index = _key_row(sheet)
        if index is None:
            continue
        for raw in sheet.rows[index]:
            text = _text(raw)
            if re.fullmatch(r"(19|20|21)[0-9]{2}", text):
                found.add(int(text))
    return found


def _column_keys(sheet: Sheet, key_index: int, year: int, problems: list[Diagnostic]) -> dict[int, str]:
    """Column index (0-based) -> key, for the value columns; problems for unknown, repeated or other-year keys."""
    keys: dict[int, str] = {}
    seen: dict[str, Cell] = {}
    for c, raw in enumerate(sheet.rows[key_index]):
        text = _text(raw)
        if not text:
            continue
        cell = Cell(sheet.name, key_index + 1, c + 1)
        key = text if not text.upper().startswith(("TW", "S", "B")) else text.upper().replace(" ", "")
        if key.lower() in (NODE, FIELD, *INFO_COLUMNS):
            key = key.lower()
        if key in seen:
            problems.append(
                _problem(
                    cell,
                    "LK607",
                    Message(
                        "column key '{key}' given twice (first at {first})",
                        "kunci kolom '{key}' ada dua kali (pertama di {first})",
                        key=text,
                        first=seen[key].ref,
                    ),
                )
            )
            continue
        seen[key] = cell
        if key in (NODE, FIELD, *INFO_COLUMNS):
            if key in (NODE, FIELD):
                keys[c] = key
            continue
        if re.fullmatch(r"(19|20|21)[0-9]{2}", key):
            if int(key) != year:
                problems.append(
                    _problem(
                        cell,
                        "LK607",
                        Message(
                            "this column holds values of {other}, the import is for {year}",
                            "kolom ini berisi nilai tahun {other}, impor ini untuk tahun {year}",
                            other=int(key),
                            year=year,
                        ),
                        Message(
                            "import with --year {other}, or make a form of {year} with lkip template {year}",
                            "impor dengan --year {other}, atau buat isian tahun {year} dengan lkip template {year}",
                            other=int(key),
                            year=year,
                        ),
                    )
                )
                continue
            keys[c] = key
            continue
        period = parse_period(key)
        if key in BUDGET_COLUMNS or (period is not None and period.code == key):
            keys[c] = key
            continue
        problems.append(
            _problem(
                cell,
                "LK607",
                Message("unknown column key '{key}'", "kunci kolom '{key}' tidak dikenal", key=_shorten(text)),
                Message(
                    "the keys are node, field, level, name, description, unit, the year, TW1-TW4, S1-S2, B1-B12, "
                    "pagu and realisasi_anggaran",
                    "kuncinya node, field, level, name, description, unit, tahun, TW1-TW4, S1-S2, B1-B12, pagu dan "
                    "realisasi_anggaran",
                ),
            )
        )
    return keys


def _input_problem(ws: Workspace, node_id: str, row_field: Field, cell: Cell) -> Diagnostic | None:
    """Whether the node takes this field, and its shape agrees with the data's (a number, a series, a list)."""
    spec = ws.nodes[node_id]
    if row_field.kind != "input":
        return None
    assert row_field.input is not None
    if row_field.input not in spec.inputs:
        declared = list(spec.inputs)
        return _problem(
            cell,
            "LK605",
            Message("{id} has no input '{name}'", "{id} tidak punya input '{name}'", id=node_id, name=row_field.input),
            did_you_mean(row_field.input, declared)
            or (
                Message("its inputs: {names}", "inputnya: {names}", names=", ".join(declared))
                if declared
                else Message(
                    "its realisasi is given directly: field realisasi", "realisasinya diisi langsung: field realisasi"
                )
            ),
            node_id,
        )
    return None


def _shape_problem(current: Any, path: DataPath, cell: Cell, node_id: str, row_field: Field) -> Diagnostic | None:
    """A value whose place clashes with the data's shape: a number where the data has a series, or an entry of a
    series (or list) where the data has one number; a list element beyond the end."""
    for depth in range(1, len(path) + 1):
        found = lookup(current, path[:depth])
        if found is None:
            if isinstance(path[depth - 1], int):
                parent = lookup(current, path[: depth - 1])
                if isinstance(parent, list) and path[depth - 1] != len(parent):
                    return _gap(cell, node_id, row_field, len(parent))
                if parent is None and path[depth - 1] != 0:
                    return _gap(cell, node_id, row_field, 0)
            return None
        last = depth == len(path)
        if last and not is_number(found):
            shown = (
                Message("a series (keys {keys})", "deret (kunci {keys})", keys=", ".join(map(str, list(found)[:6])))
                if isinstance(found, Mapping)
                else Message("a list of {n} values", "daftar {n} nilai", n=len(found))
                if isinstance(found, list)
                else Message("not a number", "bukan angka")
            )
            return _problem(
                cell,
                "LK605",
                Message(
                    "{id} {field}: the data holds {shown} here, not one number",
                    "{id} {field}: data berisi {shown} di sini, bukan satu angka",
                    id=node_id,
                    field=row_field.text(),
                    shown=shown,
                ),
                Message(
                    "give one row per entry (inputs.NAME.KEY or inputs.NAME[I]), as lkip template lays out",
                    "beri satu baris per entri (inputs.NAMA.KUNCI atau inputs.NAMA[I]), seperti susunan lkip template",
                ),
                node_id,
            )
        if not last and is_number(found):
            return _problem(
                cell,
                "LK605",
                Message(
                    "{id} {field}: the data holds one number for input '{name}', not a series or list",
                    "{id} {field}: data berisi satu angka untuk input '{name}', bukan deret atau daftar",
                    id=node_id,
                    field=row_field.text(),
                    name=row_field.input or "",
                ),
                Message(
                    "give it as field inputs.{name}", "isi sebagai field inputs.{name}", name=row_field.input or ""
                ),
                node_id,
            )
    return None


def _gap(cell: Cell, node_id: str, row_field: Field, length: int) -> Diagnostic:
    return _problem(
        cell,
        "LK605",
        Message(
            "{id} {field}: a list input takes its elements in order, without gaps (it has {n} now)",
            "{id} {field}: input daftar diisi berurutan, tanpa celah (sekarang {n} elemen)",
            id=node_id,
            field=row_field.text(),
            n=length,
        ),
        None,
        node_id,
    )


def _unit_problem(parsed: Parsed, unit: str | None, cell: Cell, node_id: str) -> Diagnostic | None:
    if parsed.unit is None or unit is None:
        return None
    rupiah = ("rp", "rupiah")
    if parsed.unit.lower() == unit.lower() or (parsed.unit.lower() in rupiah and unit.lower() in rupiah):
        return None
    return _problem(
        cell,
        "LK603",
        Message(
            "the value is written in '{given}', but this row's unit is '{unit}'",
            "nilai ditulis dalam '{given}', padahal satuan baris ini '{unit}'",
            given=parsed.unit,
            unit=unit,
        ),
        Message("write the number without '{given}'", "tulis angkanya tanpa '{given}'", given=parsed.unit),
        node_id,
    )


def check(ws: Workspace, year: int, sheets: list[Sheet], source: str) -> Intake:
    """Every filled cell of every sheet with lkip's key row, checked; the changes it makes to the year's data."""
    intake = Intake(year)
    problems = intake.problems
    data = ws.years.get(year)
    keyed = [(sheet, index) for sheet in sheets if (index := _key_row(sheet)) is not None]
    if not keyed:
        problems.append(
            Diagnostic(
                code="LK607",
                path=source,
                message=Message(
                    "no sheet has lkip's key row (node, field, ...): is this a form made by lkip template?",
                    "tidak ada lembar dengan baris kunci lkip (node, field, ...): apakah ini isian buatan "
                    "lkip template?",
                ),
                hint=Message(
                    "make the form with lkip template {year} -o isian.xlsx and fill that one",
                    "buat isian dengan lkip template {year} -o isian.xlsx lalu isi berkas itu",
                    year=year,
                ),
            )
        )
        return intake
    year_column = str(year)
    entries: dict[tuple[str, DataPath], tuple[int | float, Cell]] = {}
    for sheet, key_index in keyed:
        intake.sheets.append(sheet.name)
        columns = _column_keys(sheet, key_index, year, problems)
        by_key = {key: c for c, key in columns.items()}
        node_col, field_col = by_key[NODE], by_key[FIELD]
        values = {c: key for c, key in columns.items() if key not in (NODE, FIELD)}
        info = _info_columns(sheet, key_index)
        for r in range(key_index + 1, len(sheet.rows)):
            row = sheet.rows[r]
            cells = {c: row[c] for c in range(len(row))}
            node_id = _text(cells.get(node_col))
            field_text = _text(cells.get(field_col))
            filled = [c for c in values if _filled(cells.get(c))]
            stray = [c for c in cells if c not in columns and c not in info and _filled(cells.get(c))]
            for c in stray:
                problems.append(
                    _problem(
                        Cell(sheet.name, r + 1, c + 1),
                        "LK611",
                        Message("a value in a column without a key", "nilai di kolom tanpa kunci"),
                        Message(
                            "values go into the columns the form made; remove this one",
                            "nilai diisi di kolom buatan isian; hapus nilai ini",
                        ),
                    )
                )
            if not node_id and not field_text:
                for c in filled:
                    problems.append(
                        _problem(
                            Cell(sheet.name, r + 1, c + 1),
                            "LK611",
                            Message(
                                "a value in a row without its keys (node, field)",
                                "nilai di baris tanpa kuncinya (node, field)",
                            ),
                            Message(
                                "put values in the rows the form made; do not add rows",
                                "isi nilai di baris buatan isian; jangan menambah baris",
                            ),
                        )
                    )
                continue
            if not filled:
                continue
            node_cell = Cell(sheet.name, r + 1, node_col + 1)
            field_cell = Cell(sheet.name, r + 1, field_col + 1)
            if node_id not in ws.nodes:
                problems.append(
                    _problem(
                        node_cell,
                        "LK604",
                        Message(
                            "no node '{id}' in the specs",
                            "tidak ada simpul '{id}' di spesifikasi",
                            id=_shorten(node_id),
                        )
                        if node_id
                        else Message("the node id is empty", "kode simpul kosong"),
                        did_you_mean(node_id, ws.nodes) if node_id else None,
                    )
                )
                continue
            row_field = parse_field(field_text)
            if row_field is None:
                problems.append(
                    _problem(
                        field_cell,
                        "LK605",
                        Message("unknown field '{field}'", "field '{field}' tidak dikenal", field=_shorten(field_text)),
                        Message(
                            "a field is realisasi, inputs.NAME, inputs.NAME.KEY, inputs.NAME[I] or anggaran",
                            "field berupa realisasi, inputs.NAMA, inputs.NAMA.KUNCI, inputs.NAMA[I] atau anggaran",
                        ),
                        node_id,
                    )
                )
                continue
            record = data.records.get(node_id) if data is not None else None
            view = record_view(record)
            problem = _input_problem(ws, node_id, row_field, field_cell)
            if problem is not None:
                problems.append(problem)
                continue
            spec = ws.nodes[node_id]
            for c in filled:
                column = values[c]
                cell = Cell(sheet.name, r + 1, c + 1)
                path = data_path(row_field, column, year_column)
                if path is None:
                    problems.append(
                        _problem(
                            cell,
                            "LK605",
                            Message(
                                "this row holds only the budget (pagu, realisasi anggaran)",
                                "baris ini hanya untuk anggaran (pagu, realisasi anggaran)",
                            ),
                            None,
                            node_id,
                        )
                    )
                    continue
                if record is not None and record.status is Status.NOT_IMPLEMENTED and column not in BUDGET_COLUMNS:
                    problems.append(
                        _problem(
                            cell,
                            "LK605",
                            Message(
                                "{id} is recorded as not carried out in {year} (status: not_implemented)",
                                "{id} tercatat tidak dilaksanakan tahun {year} (status: not_implemented)",
                                id=node_id,
                                year=year,
                            ),
                            Message(
                                "remove the status from its data first, or leave the cell empty",
                                "hapus dulu status itu dari datanya, atau kosongkan sel ini",
                            ),
                            node_id,
                        )
                    )
                    continue
                unit = "Rp" if column in BUDGET_COLUMNS else spec.unit if row_field.kind == "realisasi" else None
                try:
                    parsed = cell_number(cells[c])
                except NotANumber as why:
                    problems.append(_problem(cell, why.code, why.message, why.hint, node_id))
                    continue
                found = _unit_problem(parsed, unit, cell, node_id) or _range_problem(parsed, column, cell, node_id)
                found = found or _shape_problem(view, path, cell, node_id, row_field)
                if found is not None:
                    problems.append(found)
                    continue
                key = (node_id, path)
                if key in entries:
                    first_value, first_cell = entries[key]
                    if float(first_value) != float(parsed.value):
                        problems.append(
                            _problem(
                                cell,
                                "LK606",
                                Message(
                                    "{id} {what}: {new} here, {old} at {first}",
                                    "{id} {what}: {new} di sini, {old} di {first}",
                                    id=node_id,
                                    what=_place(path),
                                    new=float(parsed.value),
                                    old=float(first_value),
                                    first=first_cell.ref,
                                ),
                                Message("give the value once", "isi nilainya sekali saja"),
                                node_id,
                            )
                        )
                    continue
                entries[key] = (parsed.value, cell)
                old = lookup(view, path)
                if is_number(old) and float(old) == float(parsed.value):
                    intake.unchanged += 1
                    continue
                intake.changes.append(
                    Change(
                        node_id,
                        path,
                        old if is_number(old) else None,
                        parsed.value,
                        cell,
                        row_field.text(),
                        column,
                        unit,
                    )
                )
    return intake


def _info_columns(sheet: Sheet, key_index: int) -> set[int]:
    """Columns whose key is informational (level, name, ...) or blank in a template's own layout: never checked."""
    found = set()
    for c, raw in enumerate(sheet.rows[key_index]):
        if _text(raw).lower() in INFO_COLUMNS:
            found.add(c)
    return found


def _range_problem(parsed: Parsed, column: str, cell: Cell, node_id: str) -> Diagnostic | None:
    value = float(parsed.value)
    if not in_range(value):
        return _problem(
            cell,
            "LK602",
            Message(
                "{value} is outside the accepted range (0, or 10^-18 to 10^18 in size)",
                "{value} di luar rentang yang diterima (0, atau sebesar 10^-18 sampai 10^18)",
                value=repr(parsed.value),
            ),
            None,
            node_id,
        )
    if column in BUDGET_COLUMNS and value < 0:
        return _problem(
            cell,
            "LK602",
            Message("a budget amount cannot be negative", "nilai anggaran tidak boleh negatif"),
            None,
            node_id,
        )
    return None


def _place(path: DataPath) -> str:
    """A place in a record as people read it: inputs.stok.beras, triwulan 2 realisasi."""
    return ".".join(str(step) for step in path)
