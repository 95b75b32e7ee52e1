"""The structure sheet (lembar "Struktur"): a spreadsheet's rows <-> a workspace's specs.

One row per node of the tree, with its level, id, parent, name, indicator, unit, direction, the year's target, the
renstra end target, a formula with its inputs, a roll-up and a note; above the rows, a small block names the
office, the target year and the renstra period. This module is the pure part: reading the cells' values (given
by engine/render/structure_sheet.py, which owns openpyxl) into a `Structure`, every problem named by its cell
(`Struktur!C7: ...`, all at once); a `Structure` from a workspace (to pre-fill the sheet); and the spec files a
`Structure` makes (one per sasaran and one per program, as the seed has them).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from .diagnostics import Diagnostic, LkipError, Severity, did_you_mean
from .formula import FormulaError, compile_formula
from .limits import in_range
from .messages import Message
from .model import NO_POLICY, Direction, Kind, RollupMethod, Target, Workspace
from .number_hints import DECIMAL_COMMA
from .scaffold import SCALES, number, organisation_yaml, quoted, scalar

SHEET = "Struktur"
MAX_ROWS = 20_000  # rows read from the sheet: far above any office's tree (the seed has 105 nodes)
MAX_COLUMNS = 40
ID_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9_.-]{0,63}")  # schema/specs.schema.json's node id
INPUT_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,47}")  # and its input names
RESERVED_IDS = ("organisation", "checks")  # keys of a data file that are not node ids


# ------------------------------------------------------------------------------------------ vocabulary


@dataclass(frozen=True)
class Column:
    """A column of the node table: its field, its header in both languages (and other accepted spellings)."""

    field: str
    en: str
    id: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    width: int = 14

    def header(self, lang: str) -> str:
        return self.en if lang == "en" else self.id


COLUMNS = (
    Column("level", "Level", "Tingkat", ("kind", "jenis"), True, 22),  # wide enough for the office labels above
    Column("id", "Id", "Kode", ("node id", "kode simpul"), True, 14),
    Column("parent", "Parent id", "Kode induk", ("parent", "induk"), False, 14),
    Column("name", "Name", "Nama", (), True, 44),
    Column("indicator", "Indicator", "Indikator", (), False, 44),
    Column("unit", "Unit", "Satuan", (), False, 11),
    Column("direction", "Direction", "Arah", (), False, 10),
    Column("target", "Target", "Target", (), False, 12),  # the header may carry the year: "Target 2026"
    Column("renstra_target", "Renstra end target", "Target akhir Renstra", (), False, 14),
    Column("formula", "Formula", "Rumus", (), False, 30),
    Column("inputs", "Inputs", "Input", ("input",), False, 44),
    Column("rollup", "Roll-up", "Roll-up", ("rollup",), False, 18),
    Column("note", "Note", "Catatan", (), False, 44),
)
BY_FIELD = {column.field: column for column in COLUMNS}
_TARGET_HEADER = re.compile(r"target\s*(?:\(?\s*((?:19|20|21)[0-9]{2})\s*\)?)?")


@dataclass(frozen=True)
class OrgField:
    field: str
    en: str
    id: str
    required: bool = False


ORG_FIELDS = (
    OrgField("name", "Office name", "Nama perangkat daerah", True),
    OrgField("short_name", "Short name", "Nama singkat"),
    OrgField("region", "Region", "Wilayah"),
    OrgField("year", "Target year", "Tahun target", True),
    OrgField("renstra_start", "Renstra start", "Renstra awal"),
    OrgField("renstra_end", "Renstra end", "Renstra akhir"),
)

LEVELS = tuple(kind.value for kind in Kind)
DIRECTION_WORDS = {
    "naik": Direction.HIGHER,
    "higher": Direction.HIGHER,
    "turun": Direction.LOWER,
    "lower": Direction.LOWER,
}
DIRECTION_SHOWN = {
    "id": {Direction.HIGHER: "naik", Direction.LOWER: "turun"},
    "en": {Direction.HIGHER: "higher", Direction.LOWER: "lower"},
}
ROLLUP_WORDS = {
    "mean": RollupMethod.MEAN,
    "rata-rata": RollupMethod.MEAN,
    "ratarata": RollupMethod.MEAN,
    "rerata": RollupMethod.MEAN,
    "min": RollupMethod.MIN,
    "minimum": RollupMethod.MIN,
    "max": RollupMethod.MAX,
    "maks": RollupMethod.MAX,
    "maksimum": RollupMethod.MAX,
    "maximum": RollupMethod.MAX,
    "sum": RollupMethod.SUM,
    "jumlah": RollupMethod.SUM,
}
ROLLUP_SHOWN = {
    "id": {
        RollupMethod.MEAN: "rata-rata",
        RollupMethod.MIN: "min",
        RollupMethod.MAX: "maks",
        RollupMethod.SUM: "jumlah",
    },
    "en": {RollupMethod.MEAN: "mean", RollupMethod.MIN: "min", RollupMethod.MAX: "max", RollupMethod.SUM: "sum"},
}
_OF_WORDS = ("of", "dari")
_CHILDREN_WORDS = ("children", "anak")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _norm(text: str) -> str:
    """A header, label or word compared loosely: case, spaces, a trailing colon and '*' do not matter."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip().rstrip(":*").strip().casefold()


def _level_word(text: str) -> str:
    word = re.sub(r"[\s-]+", "_", _norm(text))
    return "sub_kegiatan" if word in ("subkegiatan", "sub_kegiatan") else word


# ------------------------------------------------------------------------------------------ the model


@dataclass(frozen=True)
class Organisation:
    name: str
    year: int
    short_name: str = ""
    region: str = ""
    renstra: tuple[int, int] | None = None


@dataclass(frozen=True)
class Row:
    """One node as the sheet gives it (`cells`: field -> the cell it was read from, e.g. 'C7')."""

    kind: Kind
    id: str
    name: str
    parent: str | None = None
    indicator: str = ""
    unit: str = ""
    direction: Direction | None = None
    target: float | None = None
    renstra_target: float | None = None
    formula: str = ""
    inputs: Mapping[str, str] = field(default_factory=dict)
    rollup: tuple[RollupMethod, Kind | None] | None = None
    note: str = ""
    row: int = 0
    cells: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Structure:
    organisation: Organisation
    rows: tuple[Row, ...]

    def by_id(self) -> dict[str, Row]:
        return {row.id: row for row in self.rows}


@dataclass(frozen=True)
class RawSheet:
    """A sheet's cells as read: (row number, values from column A on); `formulas`: the cells holding a
    spreadsheet formula (e.g. 'H12') rather than a value."""

    name: str
    rows: tuple[tuple[int, tuple[Any, ...]], ...]
    formulas: frozenset[str] = frozenset()


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# ------------------------------------------------------------------------------------------ reading


class _Problems:
    def __init__(self, sheet: str) -> None:
        self.sheet = sheet
        self.items: list[Diagnostic] = []

    def add(self, code: str, ref: str, message: Message, hint: Message | None = None, node: str | None = None) -> None:
        self.items.append(Diagnostic(code=code, path=f"{self.sheet}!{ref}", message=message, hint=hint, node_id=node))


def _unescaped(value: Any) -> Any:
    """A text lkip wrote with a `'` in front (against formula injection, engine/render/safe.py) read back as it was."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(_FORMULA_START):
        return value[1:]
    return value


def _text(value: Any) -> str:
    value = _unescaped(value)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_PLAIN_NUMBER = re.compile(r"[-+]?[0-9]+(\.[0-9]+)?")
_THOUSANDS_DOTS = re.compile(r"[-+]?[0-9]{1,3}(\.[0-9]{3})+(,[0-9]+)?")


def _number(value: Any) -> float | None:
    """A cell's number: a number cell, or a text '97', '97,5', '97.5', '1.234.567,5', '97 %'; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if not isinstance(value, str):
        return None
    text = value.replace("\u00a0", " ").strip().removesuffix("%").strip()
    if _PLAIN_NUMBER.fullmatch(text):
        return float(text)
    if DECIMAL_COMMA.fullmatch(text):
        return float(text.replace(",", "."))
    if _THOUSANDS_DOTS.fullmatch(text):
        return float(text.replace(".", "").replace(",", "."))
    return None


def _year(value: Any) -> int | None:
    number_ = _number(value)
    if number_ is None or not number_.is_integer() or not 1900 <= number_ <= 2199:
        return None
    return int(number_)


def parse_structure(raw: RawSheet) -> Structure:
    """The structure of a filled sheet; LkipError naming every problem's cell (all of them, nothing half-read)."""
    problems = _Problems(raw.name)
    rows = [(number_, tuple(values)) for number_, values in raw.rows]
    header_at = _header_row(rows)
    if header_at is None:
        problems.add(
            "LK622",
            "A1",
            Message(
                "no header row: a row with the columns Level and Id (Tingkat, Kode) is needed",
                "tidak ada baris judul kolom: perlu baris dengan kolom Tingkat dan Kode (Level, Id)",
            ),
            Message(
                "start from the sheet `lkip init --structure-template FILE.xlsx` writes",
                "mulai dari lembar yang ditulis `lkip init --structure-template BERKAS.xlsx`",
            ),
        )
        raise LkipError(problems.items)
    header_index = next(i for i, (number_, _) in enumerate(rows) if number_ == header_at)
    header_cells = rows[header_index][1]
    columns, header_year = _columns(header_cells, header_at, raw, problems)
    organisation = _organisation(rows[:header_index], header_year, header_at, columns, raw, problems)
    parsed: list[Row] = []
    declared: list[_Declared] = []
    for number_, values in rows[header_index + 1 :]:
        row = _row(number_, values, columns, raw, problems, declared)
        if row is not None:
            parsed.append(row)
    if not parsed and not problems.items:
        problems.add(
            "LK629",
            f"A{header_at + 1}",
            Message("no node rows below the header", "tidak ada baris simpul di bawah judul kolom"),
            Message("fill one row per node, a sasaran first", "isi satu baris per simpul, mulai dari sasaran"),
        )
    _check_ids(declared, problems)
    _check_parents(declared, problems)
    _check_rollups(parsed, problems)
    if organisation is not None:
        _check_renstra_targets(parsed, organisation, problems)
    if problems.items or organisation is None:
        raise LkipError(sorted(problems.items, key=_cell_order))
    return Structure(organisation, tuple(parsed))


_REF = re.compile(r"!([A-Z]+)([0-9]+)$")


def _cell_order(problem: Diagnostic) -> tuple[int, int]:
    """Problems in reading order: by row, then column."""
    found = _REF.search(problem.path or "")
    if not found:
        return (0, 0)
    letters, row = found.groups()
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - 64
    return (int(row), column)


@dataclass(frozen=True)
class _Declared:
    """What a row declares for the checks across rows (even a row with problems): its id, level and parent."""

    id: str
    kind: Kind | None
    parent: str | None
    row: int
    cells: Mapping[str, str]
    parent_given: bool = False  # the parent cell is not empty (when `parent` is None: not a valid id)


def _header_row(rows: Sequence[tuple[int, tuple[Any, ...]]]) -> int | None:
    """The number of the first row that names both the level and the id column."""
    level, ident = BY_FIELD["level"], BY_FIELD["id"]
    for number_, values in rows:
        words = {_norm(v) for v in values if isinstance(v, str)}
        if words & _spellings(level) and words & _spellings(ident):
            return number_
    return None


def _spellings(column: Column) -> set[str]:
    return {_norm(column.en), _norm(column.id), *(_norm(a) for a in column.aliases)}


def _columns(
    cells: tuple[Any, ...], at: int, raw: RawSheet, problems: _Problems
) -> tuple[dict[str, int], tuple[int, str] | None]:
    """field -> column index, and the year a 'Target 2026' header names (with its cell)."""
    found: dict[str, int] = {}
    year: tuple[int, str] | None = None
    known = {spelling: column.field for column in COLUMNS for spelling in _spellings(column)}
    for index, value in enumerate(cells):
        ref = f"{column_letter(index)}{at}"
        text = _text(value)
        if not text:
            continue
        word = _norm(text)
        target = _TARGET_HEADER.fullmatch(word)
        name = "target" if target else known.get(word)
        if name is None:
            problems.add(
                "LK622",
                ref,
                Message("unknown column '{text}'", "kolom '{text}' tidak dikenal", text=text),
                did_you_mean(word, known)
                or Message(
                    "remove the column, or name it one of: {names}",
                    "hapus kolom itu, atau beri nama salah satu dari: {names}",
                    names=[c.header("id") for c in COLUMNS],
                ),
            )
            continue
        if name in found:
            problems.add(
                "LK622",
                ref,
                Message(
                    "column '{text}' is given twice (also {other})",
                    "kolom '{text}' ada dua kali (juga {other})",
                    text=text,
                    other=f"{column_letter(found[name])}{at}",
                ),
                Message("keep one of them", "pertahankan salah satunya"),
            )
            continue
        found[name] = index
        if target and target.group(1):
            year = (int(target.group(1)), ref)
    for column in COLUMNS:
        if column.required and column.field not in found:
            problems.add(
                "LK622",
                f"A{at}",
                Message(
                    "the header row has no column '{en}' ('{id}')",
                    "baris judul kolom tidak punya kolom '{id}' ('{en}')",
                    en=column.en,
                    id=column.id,
                ),
                Message("add the column", "tambahkan kolom itu"),
            )
    return found, year


def _organisation(
    rows: Sequence[tuple[int, tuple[Any, ...]]],
    header_year: tuple[int, str] | None,
    header_at: int,
    columns: Mapping[str, int],
    raw: RawSheet,
    problems: _Problems,
) -> Organisation | None:
    """The office block above the header: a label in column A, its value in column B."""
    labels = {_norm(s): f.field for f in ORG_FIELDS for s in (f.en, f.id)}
    values: dict[str, tuple[Any, str]] = {}
    for number_, cells in rows:
        if not cells or not isinstance(cells[0], str):
            continue
        name = labels.get(_norm(cells[0]))
        if name is None:
            continue
        ref = f"B{number_}"
        if ref in raw.formulas:
            _formula_cell(problems, ref)
            values[name] = (None, ref)
            continue
        values[name] = (_unescaped(cells[1]) if len(cells) > 1 else None, ref)
    where = {f.field: values.get(f.field, (None, f"A{header_at}"))[1] for f in ORG_FIELDS}
    before = len(problems.items)
    name = _text(values.get("name", (None, ""))[0])
    if not name:
        problems.add(
            "LK623",
            where["name"],
            Message("the office's name is missing", "nama perangkat daerah belum diisi"),
            Message(
                "fill the cell beside 'Nama perangkat daerah' above the table",
                "isi sel di samping 'Nama perangkat daerah' di atas tabel",
            ),
        )
    raw_year = values.get("year", (None, ""))[0]
    year = _year(raw_year)
    if raw_year not in (None, "") and year is None:
        problems.add(
            "LK623",
            where["year"],
            Message(
                "the target year '{value}' is not a year", "tahun target '{value}' bukan tahun", value=_text(raw_year)
            ),
            Message("write the year as a number, e.g. 2026", "tulis tahunnya sebagai angka, mis. 2026"),
        )
    elif year is None and header_year is None:
        problems.add(
            "LK623",
            where["year"],
            Message("the target year is missing", "tahun target belum diisi"),
            Message(
                "fill the cell beside 'Tahun target' (the year of the Target column)",
                "isi sel di samping 'Tahun target' (tahun kolom Target)",
            ),
        )
    elif year is not None and header_year is not None and header_year[0] != year:
        problems.add(
            "LK623",
            header_year[1],
            Message(
                "the Target column is headed {header} but the target year is {year}",
                "kolom Target berjudul tahun {header} tetapi tahun targetnya {year}",
                header=header_year[0],
                year=year,
            ),
            Message("make the two years the same", "samakan kedua tahun itu"),
        )
    renstra = _renstra(values, where, problems)
    if len(problems.items) > before or not name:
        return None
    chosen = year if year is not None else header_year[0] if header_year else 0
    return Organisation(
        name=name,
        year=chosen,
        short_name=_text(values.get("short_name", (None, ""))[0]),
        region=_text(values.get("region", (None, ""))[0]),
        renstra=renstra,
    )


def _renstra(
    values: Mapping[str, tuple[Any, str]], where: Mapping[str, str], problems: _Problems
) -> tuple[int, int] | None:
    start_raw = values.get("renstra_start", (None, ""))[0]
    end_raw = values.get("renstra_end", (None, ""))[0]
    if start_raw in (None, "") and end_raw in (None, ""):
        return None
    start, end = _year(start_raw), _year(end_raw)
    for value, parsed, name in ((start_raw, start, "renstra_start"), (end_raw, end, "renstra_end")):
        if parsed is None:
            problems.add(
                "LK623",
                where[name],
                Message(
                    "the renstra period needs a start and an end year ('{value}' is not a year)",
                    "periode Renstra memerlukan tahun awal dan akhir ('{value}' bukan tahun)",
                    value=_text(value),
                ),
                Message("write both years, e.g. 2025 and 2029", "tulis kedua tahun, mis. 2025 dan 2029"),
            )
    if start is None or end is None:
        return None
    if start > end:
        problems.add(
            "LK623",
            where["renstra_end"],
            Message(
                "the renstra ends ({end}) before it starts ({start})",
                "Renstra berakhir ({end}) sebelum dimulai ({start})",
                start=start,
                end=end,
            ),
        )
        return None
    return start, end


def _formula_cell(problems: _Problems, ref: str) -> None:
    problems.add(
        "LK632",
        ref,
        Message(
            "a spreadsheet formula where a value is expected",
            "rumus spreadsheet di tempat yang seharusnya berisi nilai",
        ),
        Message(
            "type the value itself (copy, then paste values only)",
            "ketik nilainya sendiri (salin, lalu tempel nilai saja)",
        ),
    )


def _row(
    number_: int,
    values: tuple[Any, ...],
    columns: Mapping[str, int],
    raw: RawSheet,
    problems: _Problems,
    declared: list[_Declared],
) -> Row | None:
    """One node row (None for an empty row, or one with problems, all of them reported)."""
    cells: dict[str, str] = {}
    given: dict[str, Any] = {}
    for name, index in columns.items():
        ref = f"{column_letter(index)}{number_}"
        cells[name] = ref
        value = values[index] if index < len(values) else None
        if ref in raw.formulas:
            _formula_cell(problems, ref)
            given[name] = _Bad
            continue
        given[name] = _unescaped(value)
    if all(v is None or (isinstance(v, str) and not v.strip()) for v in given.values()):
        return None
    before = len(problems.items)
    node_id = _text(given.get("id"))
    shown = node_id or f"#{number_}"

    def add(code: str, name: str, message: Message, hint: Message | None = None) -> None:
        problems.add(code, cells.get(name, f"A{number_}"), message, hint, node_id or None)

    kind = None
    level = given.get("level")
    if level is not _Bad:
        word = _level_word(_text(level))
        if not word:
            add(
                "LK624",
                "level",
                Message("{id}: the level is missing", "{id}: tingkat belum diisi", id=shown),
                Message("one of {levels}", "salah satu dari {levels}", levels=list(LEVELS)),
            )
        elif word not in LEVELS:
            add(
                "LK624",
                "level",
                Message(
                    "{id}: unknown level '{word}'", "{id}: tingkat '{word}' tidak dikenal", id=shown, word=_text(level)
                ),
                did_you_mean(word, LEVELS)
                or Message("one of {levels}", "salah satu dari {levels}", levels=list(LEVELS)),
            )
        else:
            kind = Kind(word)
    if given.get("id") is not _Bad:
        if not node_id:
            add(
                "LK625",
                "id",
                Message("row {row}: the id is missing", "baris {row}: kode belum diisi", row=number_),
                Message("give each node a unique id, e.g. IKU1", "beri setiap simpul kode unik, mis. IKU1"),
            )
        elif not ID_PATTERN.fullmatch(node_id):
            add(
                "LK625",
                "id",
                Message("'{id}' is not a valid id", "'{id}' bukan kode yang sah", id=node_id),
                Message(
                    "letters, digits, '.', '_' and '-', starting with a letter (e.g. P01.K1)",
                    "huruf, angka, '.', '_' dan '-', diawali huruf (mis. P01.K1)",
                ),
            )
        elif node_id in RESERVED_IDS:
            add(
                "LK625",
                "id",
                Message("'{id}' is reserved in data files", "'{id}' adalah kata khusus di berkas data", id=node_id),
                Message("choose another id", "pilih kode lain"),
            )
    name = _text(given.get("name")) if given.get("name") is not _Bad else "?"
    if not name:
        add("LK629", "name", Message("{id}: the name is missing", "{id}: nama belum diisi", id=shown))
    parent = _text(given.get("parent")) if given.get("parent") is not _Bad else None
    if parent and not ID_PATTERN.fullmatch(parent):
        add(
            "LK626",
            "parent",
            Message(
                "{id}: '{parent}' is not a valid id", "{id}: '{parent}' bukan kode yang sah", id=shown, parent=parent
            ),
        )
    direction = None
    raw_direction = given.get("direction")
    if raw_direction is not _Bad and _text(raw_direction):
        direction = DIRECTION_WORDS.get(_norm(_text(raw_direction)))
        if direction is None:
            add(
                "LK627",
                "direction",
                Message(
                    "{id}: direction '{word}' is not naik/turun (higher/lower)",
                    "{id}: arah '{word}' bukan naik/turun (higher/lower)",
                    id=shown,
                    word=_text(raw_direction),
                ),
                Message(
                    "naik: more is better; turun: less is better",
                    "naik: semakin tinggi semakin baik; turun: semakin rendah semakin baik",
                ),
            )
    target = _target_cell(given.get("target"), "target", add, shown)
    renstra_target = _target_cell(given.get("renstra_target"), "renstra_target", add, shown)
    unit = _text(given.get("unit")) if given.get("unit") is not _Bad else "?"
    if target is not None or renstra_target is not None:
        if not unit:
            add(
                "LK629",
                "unit",
                Message(
                    "{id}: a node with a target needs a unit", "{id}: simpul yang bertarget memerlukan satuan", id=shown
                ),
                Message("e.g. %, laporan, dokumen, Rp", "mis. %, laporan, dokumen, Rp"),
            )
        if direction is None and raw_direction is not _Bad and not _text(raw_direction):
            add(
                "LK629",
                "direction",
                Message(
                    "{id}: a node with a target needs a direction",
                    "{id}: simpul yang bertarget memerlukan arah",
                    id=shown,
                ),
                Message(
                    "naik (more is better) or turun (less is better)",
                    "naik (semakin tinggi semakin baik) atau turun (semakin rendah semakin baik)",
                ),
            )
    formula, inputs = _formula(given, add, shown)
    rollup = _rollup(given.get("rollup"), add, shown)
    if rollup is not None and formula:
        add(
            "LK631",
            "rollup",
            Message(
                "{id}: give either a formula or a roll-up, not both",
                "{id}: beri rumus atau roll-up, tidak keduanya",
                id=shown,
            ),
        )
    if node_id and ID_PATTERN.fullmatch(node_id):
        valid_parent = parent if parent and ID_PATTERN.fullmatch(parent) else None
        declared.append(_Declared(node_id, kind, valid_parent, number_, cells, parent is None or bool(parent)))
    if len(problems.items) > before or kind is None:
        return None
    return Row(
        kind=kind,
        id=node_id,
        name=name,
        parent=parent or None,
        indicator=_text(given.get("indicator")),
        unit=unit,
        direction=direction,
        target=target,
        renstra_target=renstra_target,
        formula=formula,
        inputs=inputs,
        rollup=rollup,
        note=_text(given.get("note")),
        row=number_,
        cells=cells,
    )


class _BadCell:
    """A cell already reported (a spreadsheet formula): its field is not checked again."""


_Bad: Any = _BadCell()


def _target_cell(value: Any, name: str, add: Any, shown: str) -> float | None:
    if value is _Bad or value is None or (isinstance(value, str) and not value.strip()):
        return None
    parsed = _number(value)
    if parsed is None:
        add(
            "LK628",
            name,
            Message(
                "{id}: the target '{value}' is not a number",
                "{id}: target '{value}' bukan angka",
                id=shown,
                value=_text(value),
            ),
            Message(
                "write a number only, without the unit (97,5 or 97.5)",
                "tulis angkanya saja, tanpa satuan (97,5 atau 97.5)",
            ),
        )
        return None
    if not in_range(parsed):
        add(
            "LK628",
            name,
            Message(
                "{id}: the target {value} is outside the accepted range (0, or 10^-18 to 10^18 in size)",
                "{id}: target {value} di luar rentang yang diterima (0, atau 10^-18 sampai 10^18)",
                id=shown,
                value=_text(value),
            ),
        )
        return None
    return parsed


def formula_names(text: str) -> set[str]:
    """The input names a formula uses (every name that is not called as a function), or set() if unparsable."""
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return set()
    called = {id(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and id(node) not in called}


_INPUT_SPLIT = re.compile(r";\s*(?=[A-Za-z_][A-Za-z0-9_]*\s*(?::|$))")


def parse_inputs(text: str) -> list[tuple[str, str]]:
    """'name: description' one per line (or, in a one-line cell, separated by ';'): the (name, description) pairs
    as written."""
    pairs = []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for line in lines:
        for part in _INPUT_SPLIT.split(line) if len(lines) == 1 else [line]:  # ';' only on a one-line cell
            if not part.strip():
                continue
            name, _, description = part.partition(":")
            pairs.append((name.strip(), description.strip()))
    return pairs


def _formula(given: Mapping[str, Any], add: Any, shown: str) -> tuple[str, dict[str, str]]:
    """The formula and its inputs (name -> description): every name the formula uses is an input."""
    raw_formula, raw_inputs = given.get("formula"), given.get("inputs")
    if raw_formula is _Bad or raw_inputs is _Bad:
        return "", {}
    formula = _text(raw_formula)
    listed = parse_inputs(raw_inputs if isinstance(raw_inputs, str) else _text(raw_inputs))  # lines kept
    inputs: dict[str, str] = {}
    for name, description in listed:
        if not INPUT_PATTERN.fullmatch(name):
            add(
                "LK630",
                "inputs",
                Message(
                    "{id}: '{name}' is not a valid input name",
                    "{id}: '{name}' bukan nama input yang sah",
                    id=shown,
                    name=name,
                ),
                Message(
                    "lower-case letters, digits and '_', starting with a letter; one 'name: description' per line",
                    "huruf kecil, angka dan '_', diawali huruf; satu 'nama: keterangan' per baris",
                ),
            )
        elif name in inputs:
            add(
                "LK630",
                "inputs",
                Message(
                    "{id}: input '{name}' is listed twice",
                    "{id}: input '{name}' tertulis dua kali",
                    id=shown,
                    name=name,
                ),
            )
        else:
            inputs[name] = description
    if not formula:
        if listed:
            add(
                "LK630",
                "inputs",
                Message("{id}: inputs without a formula", "{id}: ada input tetapi tidak ada rumus", id=shown),
                Message(
                    "write the formula over them, or clear the inputs (realisasi is then given directly)",
                    "tulis rumus atas input itu, atau kosongkan input (realisasi lalu diisi langsung)",
                ),
            )
        return "", {}
    if formula.startswith("="):
        add(
            "LK630",
            "formula",
            Message("{id}: an lkip formula has no '=' in front", "{id}: rumus lkip tidak diawali '='", id=shown),
            Message("write e.g. percent(selesai, masuk)", "tulis mis. percent(selesai, masuk)"),
        )
        return "", {}
    used = formula_names(formula)
    if not listed:
        invalid = sorted(n for n in used if not INPUT_PATTERN.fullmatch(n))
        for name in invalid:
            add(
                "LK630",
                "formula",
                Message(
                    "{id}: '{name}' is not a valid input name",
                    "{id}: '{name}' bukan nama input yang sah",
                    id=shown,
                    name=name,
                ),
                Message(
                    "input names are lower-case letters, digits and '_', starting with a letter",
                    "nama input: huruf kecil, angka dan '_', diawali huruf",
                ),
            )
        if invalid:
            return "", {}
    allowed = set(inputs) if listed else used
    try:
        compile_formula(formula, allowed)
    except FormulaError as exc:
        add(
            "LK630",
            "formula",
            Message("{id}: {what}", "{id}: {what}", id=shown, what=exc.message),
            exc.hint if isinstance(exc.hint, Message) else None,
        )
        return "", {}
    for name in sorted(set(inputs) - used):
        add(
            "LK630",
            "inputs",
            Message(
                "{id}: input '{name}' is not used by the formula",
                "{id}: input '{name}' tidak dipakai rumus",
                id=shown,
                name=name,
            ),
            Message("use it in the formula or remove it", "pakai di rumus atau hapus"),
        )
    if not listed:
        inputs = {name: "" for name in sorted(used)}
    return formula, {name: description for name, description in inputs.items() if name in used}


def _rollup(value: Any, add: Any, shown: str) -> tuple[RollupMethod, Kind | None] | None:
    if value is _Bad:
        return None
    text = _text(value)
    if not text:
        return None
    words = [w for w in re.split(r"[\s,]+", text.casefold()) if w]
    method = ROLLUP_WORDS.get(words[0]) if words else None
    rest = [w for w in words[1:] if w not in _OF_WORDS]
    of_word = _level_word(" ".join(rest)) if rest else ""
    of: Kind | None = None
    known = of_word in ("", *_CHILDREN_WORDS) or of_word in LEVELS
    if of_word in LEVELS:
        of = Kind(of_word)
    if method is None or not known:
        add(
            "LK631",
            "rollup",
            Message(
                "{id}: roll-up '{text}' is not one lkip knows",
                "{id}: roll-up '{text}' tidak dikenal",
                id=shown,
                text=text,
            ),
            Message(
                "rata-rata, min, maks or jumlah (mean, min, max, sum), optionally with the level taken: "
                "'rata-rata iku', 'mean of kegiatan'",
                "rata-rata, min, maks atau jumlah (mean, min, max, sum), boleh diikuti tingkat yang diambil: "
                "'rata-rata iku', 'mean of kegiatan'",
            ),
        )
        return None
    return method, of


def _check_ids(declared: list[_Declared], problems: _Problems) -> None:
    """Each id once: the second and later rows with an id are named (and left out of the other checks)."""
    seen: dict[str, _Declared] = {}
    for row in list(declared):
        first = seen.get(row.id)
        if first is None:
            seen[row.id] = row
            continue
        problems.add(
            "LK625",
            row.cells["id"],
            Message(
                "id '{id}' is given twice (also row {row})",
                "kode '{id}' dipakai dua kali (juga baris {row})",
                id=row.id,
                row=first.row,
            ),
            Message("give each node its own id", "beri setiap simpul kode sendiri"),
            row.id,
        )
        declared.remove(row)


def _check_parents(declared: Sequence[_Declared], problems: _Problems) -> None:
    """Each node's parent is in the sheet and one level up (rows with an unknown level are not judged)."""
    index = {row.id: row for row in declared}
    for row in declared:
        if row.kind is None:
            continue
        ref = row.cells.get("parent", f"A{row.row}")
        if row.kind is Kind.SASARAN:
            if row.parent is not None:
                problems.add(
                    "LK626",
                    ref,
                    Message(
                        "{id}: a sasaran is a root and has no parent",
                        "{id}: sasaran adalah akar dan tidak punya induk",
                        id=row.id,
                    ),
                    Message("clear the cell", "kosongkan sel itu"),
                    row.id,
                )
            continue
        expected = list(Kind)[row.kind.level - 1]
        if row.parent is None:
            if row.parent_given:
                continue  # the cell holds something that is not an id: named already
            problems.add(
                "LK626",
                ref,
                Message(
                    "{id}: a {kind} needs a parent (the id of its {expected})",
                    "{id}: {kind} memerlukan induk (kode {expected} induknya)",
                    id=row.id,
                    kind=row.kind.value,
                    expected=expected.value,
                ),
                node=row.id,
            )
            continue
        parent = index.get(row.parent)
        if parent is None:
            problems.add(
                "LK626",
                ref,
                Message(
                    "{id}: parent '{parent}' is not in the sheet",
                    "{id}: induk '{parent}' tidak ada di lembar ini",
                    id=row.id,
                    parent=row.parent,
                ),
                did_you_mean(row.parent, [r.id for r in declared if r.kind is expected])
                or Message("add that node's row or fix the id", "tambahkan baris simpul itu atau perbaiki kodenya"),
                row.id,
            )
        elif parent.kind is not None and parent.kind is not expected:
            problems.add(
                "LK626",
                ref,
                Message(
                    "{id}: a {kind}'s parent must be a {expected}, '{parent}' is a {other}",
                    "{id}: induk {kind} harus {expected}, '{parent}' adalah {other}",
                    id=row.id,
                    kind=row.kind.value,
                    expected=expected.value,
                    parent=parent.id,
                    other=parent.kind.value,
                ),
                Message(
                    "levels go sasaran → iku → program → kegiatan → sub_kegiatan",
                    "urutan tingkat: sasaran → iku → program → kegiatan → sub_kegiatan",
                ),
                row.id,
            )


def _check_rollups(rows: Sequence[Row], problems: _Problems) -> None:
    for row in rows:
        if row.rollup is None or row.rollup[1] is None:
            continue
        of = row.rollup[1]
        if of.level <= row.kind.level:
            problems.add(
                "LK631",
                row.cells["rollup"],
                Message(
                    "{id}: a roll-up takes a level below the node's; {of} is not below {kind}",
                    "{id}: roll-up mengambil tingkat di bawah simpul; {of} tidak di bawah {kind}",
                    id=row.id,
                    of=of.value,
                    kind=row.kind.value,
                ),
                node=row.id,
            )


def _check_renstra_targets(rows: Sequence[Row], organisation: Organisation, problems: _Problems) -> None:
    given = [row for row in rows if row.renstra_target is not None]
    if not given:
        return
    if organisation.renstra is None:
        problems.add(
            "LK623",
            given[0].cells["renstra_target"],
            Message(
                "renstra end targets are given but the renstra period is not",
                "target akhir Renstra diisi tetapi periode Renstra belum",
            ),
            Message(
                "fill 'Renstra awal' and 'Renstra akhir' above the table",
                "isi 'Renstra awal' dan 'Renstra akhir' di atas tabel",
            ),
        )
        return
    end = organisation.renstra[1]
    if end != organisation.year:
        return
    for row in given:
        if row.target is not None and row.target != row.renstra_target:
            problems.add(
                "LK628",
                row.cells["renstra_target"],
                Message(
                    "{id}: the target year is the renstra's last ({year}) but the two targets differ",
                    "{id}: tahun target adalah tahun akhir Renstra ({year}) tetapi kedua target berbeda",
                    id=row.id,
                    year=end,
                ),
                node=row.id,
            )


# ------------------------------------------------------------------------------------------ from a workspace


def structure_of(ws: Workspace, year: int) -> tuple[Structure, list[Diagnostic]]:
    """The structure of a workspace for `year` (to pre-fill the sheet), and a warning (LK633) for each node whose
    declaration holds more than the sheet can (other years' targets, cumulation, a weighted roll-up, ...)."""
    org = ws.organisation
    renstra = (org.renstra_start, org.renstra_end) if org.renstra_start and org.renstra_end else None
    organisation = Organisation(org.name, year, org.short_name, org.region, renstra)
    rows = []
    dropped: list[Diagnostic] = []
    for node in _tree_order(ws):
        left_out: list[str] = []
        target = _plain_target(node.target_info.get(year), left_out, year)
        end = renstra[1] if renstra else None
        renstra_target = (
            _plain_target(node.target_info.get(end), left_out, end) if end is not None and end != year else None
        )
        left_out.extend(f"target {y}" for y in sorted(node.target_info) if y not in (year, end))
        rollup = None
        if node.rollup is not None:
            if node.rollup.method in ROLLUP_SHOWN["en"] and not node.rollup.into_declared:
                rollup = (node.rollup.method, node.rollup.of)
            else:
                left_out.append("rollup")
        if node.capaian_method.value != "standard":
            left_out.append("capaian_method")
        if node.cumulation.value != "last":
            left_out.append("cumulation")
        if node.capaian_cap is not None:
            left_out.append("capaian_cap")
        if node.policy != NO_POLICY:
            left_out.append("policy")
        rows.append(
            Row(
                kind=node.kind,
                id=node.id,
                name=node.name,
                parent=node.parent,
                indicator=node.indicator,
                unit=node.unit or "",
                direction=node.direction,
                target=target,
                renstra_target=renstra_target,
                formula=node.formula or "",
                inputs=dict(node.inputs),
                rollup=rollup,
                note=node.note,
            )
        )
        if left_out:
            dropped.append(
                Diagnostic(
                    code="LK633",
                    path=node.source.path,
                    line=node.source.line,
                    severity=Severity.WARNING,
                    node_id=node.id,
                    message=Message(
                        "{id}: the structure sheet does not hold {what}",
                        "{id}: lembar Struktur tidak memuat {what}",
                        id=node.id,
                        what=left_out,
                    ),
                    hint=Message(
                        "add it to the spec again after `lkip init --from-template`",
                        "tambahkan lagi ke spesifikasi setelah `lkip init --from-template`",
                    ),
                )
            )
    return Structure(organisation, tuple(rows)), dropped


def _plain_target(target: Target | None, left_out: list[str], year: int | None) -> float | None:
    """A target's plain value; its range, band, source or 'inferred' is noted as left out."""
    if target is None:
        return None
    extra = [form for form in target.forms if form != "value"]
    extra += ["source"] * bool(target.source) + ["inferred"] * target.inferred
    if extra:
        left_out.append(f"target {year} ({', '.join(extra)})")
    return target.value


def _tree_order(ws: Workspace) -> list[Any]:
    """The nodes from each sasaran down, children in declaration order; then any node not reached."""
    order: list[Any] = []
    seen: set[str] = set()

    def walk(node_id: str) -> None:
        stack = [node_id]
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            order.append(ws.nodes[current])
            stack.extend(reversed([c.id for c in ws.children(current)]))

    for node in ws.roots():
        walk(node.id)
    for node_id in ws.nodes:
        if node_id not in seen:
            walk(node_id)
    return order


# ------------------------------------------------------------------------------------------ to spec files


_LEGEND = {
    "id": "# kind: sasaran | iku | program | kegiatan | sub_kegiatan; direction: higher (naik: semakin tinggi semakin\n"
    "# baik) | lower (turun); targets: {tahun: target}; formula: realisasi dari inputs (tanpa formula: realisasi\n"
    "# diisi langsung di data/); rollup: nilai simpul dari simpul di bawahnya.",
    "en": "# kind: sasaran | iku | program | kegiatan | sub_kegiatan; direction: higher (more is better) | lower\n"
    "# (less is better); targets: {year: target}; formula: realisasi from the inputs (without one, realisasi is given\n"
    "# directly in data/); rollup: the node's value from the nodes below it.",
}
_ORIGIN = {
    "id": "# {what}, dibuat oleh `lkip init` dari lembar Struktur{source}.",
    "en": "# {what}, made by `lkip init` from the structure sheet{source}.",
}
_WHAT = {
    ("id", Kind.SASARAN): "Sasaran {id} dan IKU-nya",
    ("en", Kind.SASARAN): "Sasaran {id} and its IKU",
    ("id", Kind.PROGRAM): "Program {id}, kegiatan dan sub kegiatannya",
    ("en", Kind.PROGRAM): "Program {id}, its kegiatan and sub kegiatan",
}
_DATA_README = {
    "id": """\
Data tahun {year}: satu atau beberapa berkas YAML di folder ini, per kode simpul, berisi realisasi tahun itu.
Simpul yang memiliki rumus (formula) diisi nilai inputnya; simpul tanpa rumus diisi realisasinya langsung;
sub kegiatan juga pagu dan realisasi_anggaran. Desimal ditulis dengan titik, tanpa titik ribuan. Contoh:

{example}
Setelah mengisi: lkip validate --specs specs --data data, lalu lkip eval {year} --specs specs --data data.
""",
    "en": """\
The data of {year}: one or more YAML files in this folder, per node id, holding that year's realisasi.
A node with a formula takes the values of its inputs; a node without one its realisasi directly; a sub
kegiatan also its pagu and realisasi_anggaran. Decimals take a dot, no thousands separators. For example:

{example}
Then: lkip validate --specs specs --data data, and lkip eval {year} --specs specs --data data.
""",
}


def _slug(node_id: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", node_id.casefold()).strip("-") or "x"


def _clean_comment(text: str) -> str:
    return re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", "?", text)


def spec_files(structure: Structure, lang: str = "id", source: str = "") -> dict[str, str]:
    """The workspace's files (relative path -> text): organisation, scales, one spec file per sasaran (with its
    IKU) and per program (with its kegiatan and sub kegiatan), and the year's (empty) data folder's README."""
    lang = "en" if lang == "en" else "id"
    org = structure.organisation
    files = {
        "specs/organisation.yaml": organisation_yaml(lang, org.name, org.short_name, org.region, org.renstra),
        "specs/scales.yaml": SCALES[lang],
    }
    children: dict[str | None, list[Row]] = {}
    for row in structure.rows:
        children.setdefault(row.parent if row.kind is not Kind.SASARAN else None, []).append(row)
    used: set[str] = set()
    origin = _ORIGIN[lang].format(what="{what}", source=f" ({_clean_comment(source)})" if source else "")
    for sasaran in children.get(None, []):
        ikus = [r for r in children.get(sasaran.id, []) if r.kind is Kind.IKU]
        files[_file_name("sasaran", sasaran.id, used)] = _spec_text([sasaran, *ikus], structure, lang, origin)
        for iku in ikus:
            for program in (r for r in children.get(iku.id, []) if r.kind is Kind.PROGRAM):
                members = [program, *_below(program.id, children)]
                files[_file_name("program", program.id, used)] = _spec_text(members, structure, lang, origin)
    readme = "BACA-SAYA.txt" if lang == "id" else "README.txt"
    files[f"data/{org.year}/{readme}"] = _DATA_README[lang].format(year=org.year, example=_data_example(structure))
    return files


def _below(node_id: str, children: Mapping[str | None, list[Row]]) -> list[Row]:
    found: list[Row] = []
    stack = list(reversed(children.get(node_id, [])))
    seen = {node_id}
    while stack:
        row = stack.pop()
        if row.id in seen:
            continue
        seen.add(row.id)
        found.append(row)
        stack.extend(reversed(children.get(row.id, [])))
    return found


def _file_name(prefix: str, node_id: str, used: set[str]) -> str:
    base = f"specs/{prefix}-{_slug(node_id)}"
    name, n = f"{base}.yaml", 1
    while name.casefold() in used:
        n += 1
        name = f"{base}-{n}.yaml"
    used.add(name.casefold())
    return name


def _spec_text(rows: Iterable[Row], structure: Structure, lang: str, origin: str) -> str:
    rows = list(rows)
    what = _WHAT[lang, rows[0].kind].format(id=_clean_comment(rows[0].id))
    lines = [
        "# yaml-language-server: $schema=../schema/specs.schema.json",
        origin.format(what=what),
        _LEGEND[lang],
        "nodes:",
    ]
    for i, row in enumerate(rows):
        if i:
            lines.append("")
        lines.extend(_node_lines(row, structure.organisation))
    return "\n".join(lines) + "\n"


def _node_lines(row: Row, org: Organisation) -> list[str]:
    out = [f"  - id: {row.id}", f"    kind: {row.kind.value}"]
    if row.parent is not None and row.kind is not Kind.SASARAN:
        out.append(f"    parent: {row.parent}")
    out.append(f"    name: {scalar(row.name)}")
    if row.indicator:
        out.append(f"    indicator: {scalar(row.indicator)}")
    if row.unit:
        out.append(f"    unit: {scalar(row.unit)}")
    if row.direction is not None:
        out.append(f"    direction: {row.direction.value}")
    if row.inputs:
        out.append("    inputs:")
        for name, description in row.inputs.items():
            out.append(f"      {name}: " + ("{description: " + quoted(description) + "}" if description else "{}"))
    if row.formula:
        out.append(f"    formula: {scalar(row.formula)}")
    targets: dict[int, float] = {}
    if row.target is not None:
        targets[org.year] = row.target
    if row.renstra_target is not None and org.renstra is not None:
        targets.setdefault(org.renstra[1], row.renstra_target)
    if targets:
        out.append("    targets: {" + ", ".join(f"{y}: {number(targets[y])}" for y in sorted(targets)) + "}")
    if row.rollup is not None:
        method, of = row.rollup
        out.append("    rollup: {method: " + method.value + (f", of: {of.value}" if of else "") + "}")
    if row.note:
        out.append(f"    note: {scalar(row.note)}")
    return out


def _data_example(structure: Structure) -> str:
    """A record for the first node with a formula and the first sub kegiatan, as YAML the data folder takes."""
    lines = []
    computed = next((r for r in structure.rows if r.formula), None)
    if computed is not None:
        lines += [f"{computed.id}:", "  inputs:"] + [f"    {name}: 0" for name in computed.inputs]
    leaf = next((r for r in structure.rows if r.kind is Kind.SUB_KEGIATAN and not r.formula), None)
    if leaf is not None:
        lines += [f"{leaf.id}:", "  realisasi: 0", "  pagu: 0", "  realisasi_anggaran: 0"]
    return "\n".join("    " + line for line in lines) + "\n" if lines else ""


# ------------------------------------------------------------------------------------------ problems at cells

# Which column a validation problem of a node is about, by its code.
_CODE_FIELDS = {
    "LK201": "id",
    "LK202": "parent",
    "LK203": "parent",
    "LK204": "parent",
    "LK206": "parent",
    "LK205": "target",
    "LK209": "target",
    "LK225": "target",
    "LK226": "target",
    "LK227": "target",
    "LK502": "target",
    "LK207": "rollup",
    "LK208": "rollup",
    "LK217": "rollup",
    "LK214": "inputs",
    "LK218": "unit",
}


def at_cells(problems: Iterable[Diagnostic], structure: Structure, sheet: str = SHEET) -> list[Diagnostic]:
    """Problems of the workspace built from the sheet, named by the cell of the row they are about."""
    rows = structure.by_id()
    placed = []
    for problem in problems:
        row = rows.get(problem.node_id or "")
        if row is None:
            placed.append(problem)
            continue
        name = "formula" if problem.code.startswith("LK3") else _CODE_FIELDS.get(problem.code, "level")
        if name == "unit" and row.unit:
            name = "direction"
        ref = row.cells.get(name) or row.cells.get("level") or f"A{row.row}"
        hint = problem.hint
        if problem.code == "LK205":  # the validator's hint names the YAML key; here the planner fills a cell
            hint = Message(
                "fill the Target cell, or leave it empty knowingly", "isi sel Target, atau biarkan kosong dengan sadar"
            )
        placed.append(replace(problem, path=f"{sheet}!{ref}", line=None, col=None, hint=hint))
    return placed
