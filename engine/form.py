"""The fill-in form of a year: what `lkip template` lays out and what `lkip import` reads back.

A form has one sheet per sasaran strategis: the sasaran with its IKU, programs, kegiatan and sub kegiatan, in the
tree's order. A sheet per sasaran (not per level) because one bidang answers for one sasaran: its sheet can be
handed to that bidang whole, and a sub kegiatan's budget row stays beside the indicators it serves (a sheet per
level would put a program and its kegiatan on different sheets).

Each row is one value the data gives directly, keyed by two columns that import maps back without guessing:

- `node`: the node id;
- `field`: `realisasi` (a realisasi given directly), `inputs.NAME` (one input of the formula), `inputs.NAME.KEY`
  (one entry of a series input: a commodity, a kecamatan), `inputs.NAME[I]` (one element of a list input), or
  `anggaran` (a row that holds only the node's budget).

The value columns are keyed too (the sheet's hidden key row, the CSV's header): the year (`2024`: the value of the
year), the periods (`TW1`..`TW4`, and `S1` `S2` or `B1`..`B12` where a node of the sheet has such data), and the
budget (`pagu`, `realisasi_anggaran`). A (field, column) pair is one place in the node's data record
(`data_path`): `inputs.stok.beras` under `TW2` is `triwulan: {2: {inputs: {stok: {beras: …}}}}`.

Which rows a node gets, and their shape (the keys of a series, the length of a list, whether it is quarterly),
follows its data of the year, else of the nearest earlier year with a record for it (a new year's form has the
rows of the last one, empty), else its spec (one row per declared input; a realisasi row for a node measured
directly). Quarter columns are open where the node has quarterly data (`--all-quarters`: for every indicator row);
budget columns on the first row of every sub kegiatan and of any node whose data gives a pagu.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from .messages import Message
from .model import Kind, NodeSpec, Record, Status, Workspace
from .periods import SERIES, parse_period

NODE = "node"
FIELD = "field"
INFO_COLUMNS = ("level", "name", "description", "unit")
KEY_COLUMNS = (NODE, FIELD)
PAGU = "pagu"
SPENT = "realisasi_anggaran"
BUDGET_COLUMNS = (PAGU, SPENT)
REALISASI = "realisasi"
BUDGET_ROW = "anggaran"
INPUTS = "inputs"
PERIOD_SERIES = tuple(SERIES)  # semester, triwulan, bulan

_FIELD = re.compile(r"inputs\.([a-z][a-z0-9_]{0,47})(?:\.(.+)|\[([0-9]{1,5})\])?")

Number = int | float
Path = tuple[str | int, ...]  # a place in a node's data record: ("inputs", "stok", "beras"), ("triwulan", "2", ...)


@dataclass(frozen=True)
class Field:
    """What a row holds: the realisasi, an input (or one entry of it), or only the budget."""

    kind: str  # "realisasi" | "input" | "budget"
    input: str | None = None
    key: str | None = None  # an entry of a series input (a mapping)
    index: int | None = None  # an element of a list input

    def text(self) -> str:
        if self.kind == "realisasi":
            return REALISASI
        if self.kind == "budget":
            return BUDGET_ROW
        if self.key is not None:
            return f"{INPUTS}.{self.input}.{self.key}"
        if self.index is not None:
            return f"{INPUTS}.{self.input}[{self.index}]"
        return f"{INPUTS}.{self.input}"

    def tail(self) -> Path:
        """The place of the value inside a record or a period entry: ("realisasi",), ("inputs", "stok", "beras")."""
        if self.kind == "realisasi":
            return (REALISASI,)
        assert self.input is not None
        if self.key is not None:
            return (INPUTS, self.input, self.key)
        if self.index is not None:
            return (INPUTS, self.input, self.index)
        return (INPUTS, self.input)


def parse_field(text: str) -> Field | None:
    """A row's field key as the form writes it; None when it is not one."""
    text = text.strip()
    if text == REALISASI:
        return Field("realisasi")
    if text == BUDGET_ROW:
        return Field("budget")
    match = _FIELD.fullmatch(text)
    if not match:
        return None
    name, key, index = match.groups()
    return Field("input", name, key=key, index=int(index) if index is not None else None)


def period_codes(series: str) -> tuple[str, ...]:
    prefix, count, _ = SERIES[series]
    return tuple(f"{prefix}{n}" for n in range(1, count + 1))


def column_period(column: str) -> tuple[str, str] | None:
    """('triwulan', '2') for the column TW2; None for a column that is not a period."""
    if not column or column[0] not in "STB":
        return None
    period = parse_period(column)
    if period is None or period.code != column:
        return None
    return period.series, str(period.number)


def data_path(row_field: Field, column: str, year_column: str) -> Path | None:
    """The place in the node's record of the value in (row, column); None where the row takes no such value
    (an indicator column of a budget-only row)."""
    if column in BUDGET_COLUMNS:
        return (column,)
    if row_field.kind == "budget":
        return None
    if column == year_column:
        return row_field.tail()
    period = column_period(column)
    if period is None:
        return None
    return (period[0], period[1], *row_field.tail())


def record_view(record: Record | None) -> dict[str, Any]:
    """A node's merged record as the data file writes it (period numbers as text keys), for lookups by path."""
    if record is None:
        return {}
    view: dict[str, Any] = {}
    if record.inputs:
        view[INPUTS] = record.inputs
    if record.realisasi is not None:
        view[REALISASI] = record.realisasi
    for series, values in record.series().items():
        view[series] = {str(n): entry for n, entry in values.items()}
    if record.pagu is not None:
        view[PAGU] = record.pagu
    if record.realisasi_anggaran is not None:
        view[SPENT] = record.realisasi_anggaran
    return view


_MISSING = object()


def lookup(view: Any, path: Path) -> Any:
    """The value at path (None when any step is missing)."""
    current = view
    for step in path:
        if isinstance(step, int):
            if not isinstance(current, list) or not 0 <= step < len(current):
                return None
            current = current[step]
        elif isinstance(current, Mapping) and step in current:
            current = current[step]
        else:
            return None
    return current


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# --------------------------------------------------------------------------------------------- the form


@dataclass(frozen=True)
class FormRow:
    node: NodeSpec
    field: Field
    description: Message
    unit: str | None
    values: Mapping[str, Number | None]  # by column key: the value recorded now (pre-filled)
    open: frozenset[str]  # the value columns this row takes


@dataclass(frozen=True)
class FormSheet:
    root: NodeSpec  # the sasaran
    columns: tuple[str, ...]  # the value columns, in order
    rows: tuple[FormRow, ...]


@dataclass(frozen=True)
class Form:
    year: int
    organisation: str
    sheets: tuple[FormSheet, ...]

    @property
    def year_column(self) -> str:
        return str(self.year)

    def rows(self) -> Iterator[FormRow]:
        for sheet in self.sheets:
            yield from sheet.rows


def reference_record(ws: Workspace, year: int, node_id: str) -> Record | None:
    """The node's record of the year, else of the nearest earlier year that has one, else of the nearest later."""
    years = sorted(ws.years)
    order = [year] + sorted((y for y in years if y < year), reverse=True) + [y for y in years if y > year]
    for each in order:
        data = ws.years.get(each)
        if data is not None and node_id in data.records:
            return data.records[node_id]
    return None


def _series_keys(current: Any, reference: Any) -> list[Any] | None:
    """The shape of an input: the keys of a series (list of str), the indexes of a list (list of int), or None for
    one number; the year's own value first, else the reference year's."""
    for value in (current, reference):
        if isinstance(value, Mapping):
            return [str(k) for k in value]
        if isinstance(value, list):
            return list(range(len(value)))
    return None


def _period_entries(record: Record | None) -> list[Mapping[str, Any]]:
    if record is None:
        return []
    return [entry for values in record.series().values() for entry in values.values()]


def _input_rows(spec: NodeSpec, current: Record | None, reference: Record | None) -> list[Field]:
    fields: list[Field] = []
    for name in spec.inputs:
        now = current.inputs.get(name) if current is not None else None
        before = reference.inputs.get(name) if reference is not None else None
        shape = _series_keys(now, before)
        if shape is None:  # the periods may give the series when the year does not
            for entry in _period_entries(current) + _period_entries(reference):
                shape = _series_keys(entry.get(INPUTS, {}).get(name), None)
                if shape is not None:
                    break
        if shape is None:
            fields.append(Field("input", name))
            continue
        extra: list[Any] = []
        if isinstance(now, Mapping):  # keys the periods add to the year's own
            for entry in _period_entries(current):
                value = entry.get(INPUTS, {}).get(name)
                if isinstance(value, Mapping):
                    extra += [str(k) for k in value if str(k) not in shape and str(k) not in extra]
        for key in [*shape, *extra]:
            fields.append(Field("input", name, index=key) if isinstance(key, int) else Field("input", name, key=key))
    return fields


def _gives_realisasi(record: Record | None) -> bool:
    if record is None:
        return False
    return record.realisasi is not None or any(REALISASI in entry for entry in _period_entries(record))


def _description(ws: Workspace, spec: NodeSpec, row_field: Field, year: int, quarterly: bool) -> Message:
    if row_field.kind == "budget":
        text = Message("Budget (pagu and realisasi anggaran, Rp)", "Anggaran (pagu dan realisasi anggaran, Rp)")
    elif row_field.kind == "realisasi":
        text = Message("Realisasi: {what}", "Realisasi: {what}", what=spec.indicator or spec.name)
    else:
        assert row_field.input is not None
        about = spec.inputs.get(row_field.input, "") or row_field.input
        part = row_field.key if row_field.key is not None else row_field.index
        if part is None:
            text = Message("Input {name}: {about}", "Input {name}: {about}", name=row_field.input, about=about)
        else:
            text = Message(
                "Input {name} [{part}]: {about}",
                "Input {name} [{part}]: {about}",
                name=row_field.input,
                part=str(part),
                about=about,
            )
    if quarterly and row_field.kind != "budget":
        rule = spec.cumulation.value
        words = {
            "sum": Message("the quarters add up to the year", "triwulan dijumlahkan menjadi setahun"),
            "last": Message("the year is the last quarter", "setahun = triwulan terakhir"),
            "mean": Message("the year is the mean of the quarters", "setahun = rata-rata triwulan"),
        }[rule]
        text = Message("{text} ({rule})", "{text} ({rule})", text=text, rule=words)
    return text


def _node_rows(ws: Workspace, spec: NodeSpec, year: int, all_quarters: bool) -> list[FormRow]:
    data = ws.years.get(year)
    current = data.records.get(spec.id) if data is not None else None
    reference = reference_record(ws, year, spec.id)
    not_implemented = current is not None and current.status is Status.NOT_IMPLEMENTED
    fields: list[Field] = []
    if not not_implemented:
        if spec.inputs:
            fields += _input_rows(spec, current, reference)
        measured = spec.formula is None and ws.rollup_of(spec.id) is None
        if _gives_realisasi(current) or _gives_realisasi(reference) or (measured and not spec.inputs):
            fields.insert(0, Field("realisasi"))
    has_budget = (
        spec.kind is Kind.SUB_KEGIATAN
        or any(r is not None and r.pagu is not None for r in (current, reference))
        or (current is not None and current.realisasi_anggaran is not None)
    )
    if not fields and has_budget:
        fields.append(Field("budget"))
    # the period series the node uses: its own of the year, else the reference year's
    shape = current if current is not None and current.series() else reference
    series = set(shape.series()) if shape is not None else set()
    if all_quarters and fields and fields[0].kind != "budget":
        series.add("triwulan")
    year_column = str(year)
    view = record_view(current)
    rows = []
    for position, row_field in enumerate(fields):
        open_columns: set[str] = set()
        if row_field.kind != "budget":
            open_columns.add(year_column)
            for name in series:
                open_columns.update(period_codes(name))
        if has_budget and position == 0:
            open_columns.update(BUDGET_COLUMNS)
        values = {}
        for column in open_columns:
            path = data_path(row_field, column, year_column)
            found = lookup(view, path) if path is not None else None
            values[column] = found if is_number(found) else None
        description = _description(ws, spec, row_field, year, "triwulan" in series)
        if not_implemented:
            description = Message(
                "{text} — not carried out in {year}",
                "{text} — tidak dilaksanakan tahun {year}",
                text=description,
                year=year,
            )
        unit = "Rp" if row_field.kind == "budget" else spec.unit if row_field.kind == "realisasi" else None
        rows.append(FormRow(spec, row_field, description, unit, values, frozenset(open_columns)))
    return rows


def _subtree(ws: Workspace, root: NodeSpec) -> Iterator[NodeSpec]:
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(ws.children(node.id)))


def value_columns(year: int, series: set[str]) -> tuple[str, ...]:
    """The value columns of a sheet: the year, the quarters, the semesters and months in use, the budget."""
    columns = [str(year), *period_codes("triwulan")]
    for name in ("semester", "bulan"):
        if name in series:
            columns += period_codes(name)
    return (*columns, *BUDGET_COLUMNS)


def build_form(ws: Workspace, year: int, all_quarters: bool = False) -> Form:
    """The form of the year: a sheet per sasaran (the roots of the tree), rows in the tree's order."""
    sheets = []
    for root in ws.roots():
        rows: list[FormRow] = []
        for node in _subtree(ws, root):
            rows += _node_rows(ws, node, year, all_quarters)
        used = {
            series
            for row in rows
            for series in ("semester", "bulan")
            if any(code in row.open for code in period_codes(series))
        }
        sheets.append(FormSheet(root, value_columns(year, used), tuple(rows)))
    return Form(year, ws.organisation.name, tuple(sheets))


@dataclass
class SheetNames:
    """Sheet names Excel accepts: at most 31 characters, unique whatever the case, none of `[]:*?/\\`."""

    taken: set[str] = field(default_factory=set)

    def name(self, wanted: str) -> str:
        base = re.sub(r"[\[\]:*?/\\']", "_", wanted).strip() or "Sheet"
        base = base[:31]
        candidate, number = base, 2
        while candidate.lower() in self.taken or candidate.lower() == "history":
            suffix = f"~{number}"
            candidate = base[: 31 - len(suffix)] + suffix
            number += 1
        self.taken.add(candidate.lower())
        return candidate
