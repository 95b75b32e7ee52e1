"""The report's tables (chapter III and section 3.5) as data, and writers for Markdown, CSV and xlsx.

Tables are built once as typed rows; each writer formats them: Markdown for people (locale numbers), CSV for
machines (`plain`) or Indonesian spreadsheets (`id`), xlsx as a print-ready workbook (engine/render/workbook.py:
plain numbers with display formats)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..capaian import serapan
from ..compare import Comparison, compare_all
from ..evaluate import Evaluation, NodeResult, budget_totals, mean_capaian_iku
from ..model import Kind
from ..rencana import revision_text
from . import numbers, safe
from .labels import label
from .tree import DERIVED_MARK, REVISED_MARK, period_suffix, target_notes

TEXT, NUMBER, PERCENT, MONEY = "text", "number", "percent", "money"


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    kind: str = TEXT
    group: str = ""  # a header over several columns in the workbook ('Kinerja', 'Anggaran')
    printed: bool = True  # shown in the print-ready workbook (a parent id is shown there by indentation)
    repeat: bool = True  # False: the workbook leaves a value equal to the row above blank (a sasaran's name)


@dataclass
class ExportTable:
    name: str
    title: str
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)
    levels: list[int] = field(default_factory=list)  # each row's depth in the hierarchy (program 0, kegiatan 1, ...)
    totals: set[int] = field(default_factory=set)  # the indexes of total rows
    tree: str | None = None  # the column indented by level in the workbook
    marks: dict[tuple[int, str], str] = field(default_factory=dict)  # (row, column key) → marker after the cell (md)
    notes: list[str] = field(default_factory=list)  # what the markers mean, under the table (md)

    def add(self, row: list[Any], level: int = 0, total: bool = False) -> None:
        if total:
            self.totals.add(len(self.rows))
        self.rows.append(row)
        self.levels.append(level)

    def level(self, index: int) -> int:
        return self.levels[index] if index < len(self.levels) else 0

    def mark(self, result: NodeResult) -> None:
        """Mark the last row's target: ~ derived to date, * revised (PK perubahan)."""
        marker = ""
        if result.target is not None or result.target_range is not None:
            if result.target_basis is not None and result.target_basis.derived:
                marker += DERIVED_MARK
            if result.target_revised:
                marker += REVISED_MARK
        if marker:
            self.marks[(len(self.rows) - 1, "target")] = marker


def _t(lang: str, id_text: str, en_text: str) -> str:
    return id_text if lang == "id" else en_text


def _sasaran_of(evaluation: Evaluation, result: NodeResult) -> str:
    ws = evaluation.workspace
    current = result.spec
    while current.parent and current.parent in ws.nodes:
        current = ws.nodes[current.parent]
    return current.name if current.kind is Kind.SASARAN else ""


def _predikat(result: NodeResult, lang: str) -> str | None:
    if result.band is None:
        if result.out_of_scale:
            return label("out_of_scale", lang)
        return None if result.status.value == "ok" else label(result.status.value, lang)
    return result.band.shown(lang)


def _without_predikat(table: ExportTable) -> ExportTable:
    """The table without its predikat column (a workspace with `scale: none` gives no predikat)."""
    keep = [i for i, c in enumerate(table.columns) if c.key != "predikat"]
    return ExportTable(
        table.name,
        table.title,
        [table.columns[i] for i in keep],
        [[row[i] for i in keep] for row in table.rows],
        levels=list(table.levels),
        totals=set(table.totals),
        tree=table.tree,
        marks={(row, key): mark for (row, key), mark in table.marks.items() if key != "predikat"},
        notes=table.notes,
    )


def _target_columns(evaluation: Evaluation, ordered: list[NodeResult], lang: str) -> list[Column]:
    """Beside the target, when there is something to say: where a target to date comes from, and a revision."""
    columns = []
    if evaluation.within_year is not None:
        columns.append(Column("target_basis", label("target_basis", lang)))
    if any(r.target_revised for r in ordered):
        columns.append(Column("revision", label("revision", lang)))
    return columns


def _target_cells(result: NodeResult, columns: list[Column], lang: str) -> list[Any]:
    cells: list[Any] = []
    for column in columns:
        if column.key == "target_basis":
            basis = result.target_basis
            cells.append(label(f"basis_{basis.value}", lang) if basis is not None else None)
        elif column.key == "revision":
            cells.append(_revision(result, lang))
    return cells


def _revision(result: NodeResult, lang: str) -> str | None:
    """A revised target's history up to the version in force: '85 sejak 2024-01-31 (...) → 79,12 sejak ...'."""
    current = result.target_revision
    if not result.target_revised or current is None:
        return None
    declared = result.spec.target_info.get(result.year)
    history = list(declared.revisions) if declared is not None else [current]
    upto = history[: history.index(current) + 1] if current in history else [current]
    return " → ".join(revision_text(r).render(lang) for r in upto)


def _target(result: NodeResult, lang: str) -> float | str | None:
    """The target as a number, or a range, limit or band as the report prints it ('70–80', '≤ 5')."""
    if result.target_range is not None:
        return numbers.target(None, result.target_range, "", lang)
    return result.target


def build_tables(
    evaluation: Evaluation,
    results: list[NodeResult],
    lang: str = "id",
    previous: Evaluation | None = None,
    compare: tuple[str, ...] = (),
) -> list[ExportTable]:
    chosen = {r.id for r in results}
    ordered = [r for r in evaluation.results.values() if r.id in chosen]
    comparisons = compare_all(evaluation, previous) if compare else {}
    iku = _iku_table(evaluation, ordered, lang, compare, comparisons)
    program, budget = _program_and_budget_tables(evaluation, ordered, lang)
    efficiency = _efficiency_table(evaluation, ordered, lang)
    tables = [t for t in (iku, program, budget, efficiency) if t.rows]
    if not evaluation.workspace.has_predikat:
        tables = [_without_predikat(t) for t in tables]
    return tables


def _iku_table(
    evaluation: Evaluation,
    ordered: list[NodeResult],
    lang: str,
    compare: tuple[str, ...],
    comparisons: dict[str, Comparison],
) -> ExportTable:
    """Sasaran and IKU rows, with the --compare columns asked for."""
    year = evaluation.year
    suffix, title_suffix = period_suffix(evaluation, lang, dated=False), period_suffix(evaluation, lang)
    extra = _target_columns(evaluation, ordered, lang)
    iku_cols = [
        Column("id", label("id", lang)),
        Column("sasaran", label("sasaran", lang), repeat=False),
        Column("indicator", _t(lang, "Indikator kinerja", "Indicator")),
        Column("unit", _t(lang, "Satuan", "Unit")),
        Column("target", f"{label('target', lang)} {year}{suffix}", NUMBER),
        Column("realisasi", f"{label('realisasi', lang)}{suffix}", NUMBER),
        Column("capaian", label("capaian", lang), PERCENT),
        Column("predikat", label("predikat", lang)),
    ]
    if "prev" in compare:
        iku_cols += [
            Column("prev", f"{label('realisasi', lang)} {year - 1}", NUMBER),
            Column("change", _t(lang, "Perubahan", "Change"), NUMBER),
        ]
    if "renstra" in compare:
        end = evaluation.workspace.organisation.renstra_end
        shown_end = str(end) if end is not None else _t(lang, "(tidak ada renstra)", "(no renstra)")
        iku_cols += [
            Column("renstra", _t(lang, f"Target akhir renstra {shown_end}", f"Renstra end target {shown_end}"), NUMBER),
            Column("vs_renstra", _t(lang, "Terhadap target renstra", "Against renstra"), PERCENT),
            Column("renstra_assessment", _t(lang, "Penilaian terhadap renstra", "Against renstra, read")),
        ]
    if "national" in compare:
        iku_cols += [
            Column("national", _t(lang, "Nasional", "National"), NUMBER),
            Column("vs_national", _t(lang, "Selisih nasional", "Difference to national"), NUMBER),
        ]
    iku_cols += extra  # last: the columns before them keep their places
    iku = ExportTable(
        "capaian_iku",
        _t(lang, f"Capaian sasaran strategis dan IKU {year}", f"Strategic objectives and KPIs {year}") + title_suffix,
        iku_cols,
        tree="indicator",
    )
    for r in ordered:
        if r.spec.kind not in (Kind.SASARAN, Kind.IKU):
            continue
        row = [
            r.id,
            _sasaran_of(evaluation, r),
            r.spec.indicator or r.spec.name if r.spec.kind is Kind.IKU else _t(lang, "Capaian sasaran", "Objective"),
            r.spec.unit,
            _target(r, lang),
            r.realisasi,
            r.capaian,
            _predikat(r, lang),
        ]
        c = comparisons.get(r.id) or Comparison()
        if "prev" in compare:
            row += [c.prev_realisasi, c.change]
        if "renstra" in compare:
            words = c.renstra_words()
            row += [c.renstra_target, c.vs_renstra, words.render(lang) if words else None]
        if "national" in compare:
            row += [c.national, c.vs_national]
        row += _target_cells(r, extra, lang)
        iku.add(row, level=0 if r.spec.kind is Kind.SASARAN else 1)
        iku.mark(r)
    ikus = [r for r in ordered if r.spec.kind is Kind.IKU]
    mean = mean_capaian_iku(ikus)
    if mean is not None:
        total: list[Any] = [None] * len(iku_cols)
        total[2], total[6] = label("mean_iku", lang), mean
        iku.add(total, total=True)
    iku.notes = target_notes(evaluation, ordered, lang) if iku.marks else []
    return iku


def _program_and_budget_tables(
    evaluation: Evaluation, ordered: list[NodeResult], lang: str
) -> tuple[ExportTable, ExportTable]:
    """Programs, kegiatan and sub kegiatan: their performance, and their budget with the programs' total."""
    year = evaluation.year
    performance, money = _t(lang, "Kinerja", "Performance"), _t(lang, "Anggaran", "Budget")
    suffix, title_suffix = period_suffix(evaluation, lang, dated=False), period_suffix(evaluation, lang)
    extra = _target_columns(evaluation, ordered, lang)
    program = ExportTable(
        "capaian_program",
        _t(
            lang,
            f"Capaian indikator kinerja dan anggaran program, kegiatan dan sub kegiatan {year}",
            f"Performance and budget of programs, activities and sub-activities {year}",
        )
        + title_suffix,
        [
            Column("id", label("id", lang)),
            Column("kind", label("kind", lang)),
            Column("parent", _t(lang, "Induk", "Parent"), printed=False),
            Column("name", _t(lang, "Program/Kegiatan/Sub Kegiatan", "Program/activity/sub-activity")),
            Column("indicator", _t(lang, "Indikator kinerja", "Indicator")),
            Column("unit", _t(lang, "Satuan", "Unit")),
            Column("target", f"{label('target', lang)} {year}{suffix}", NUMBER, performance),
            Column("realisasi", f"{label('realisasi', lang)}{suffix}", NUMBER, performance),
            Column("capaian", _t(lang, "% Capaian kinerja", "Achievement %"), PERCENT, performance),
            Column("pagu", _t(lang, "Pagu", "Budget"), MONEY, money),
            Column("realisasi_anggaran", _t(lang, "Realisasi keuangan", "Spent") + suffix, MONEY, money),
            Column("serapan", _t(lang, "% Capaian keuangan", "Absorption %"), PERCENT, money),
            Column("predikat", label("predikat", lang)),
            *extra,  # last: the columns before them keep their places
        ],
        tree="name",
    )
    budget = ExportTable(
        "realisasi_anggaran",
        _t(lang, f"Realisasi anggaran {year}", f"Budget {year}") + title_suffix,
        [
            Column("id", label("id", lang)),
            Column("kind", label("kind", lang)),
            Column("name", _t(lang, "Program/Kegiatan/Sub Kegiatan", "Program/activity/sub-activity")),
            Column("pagu", _t(lang, "Pagu (Rp)", "Budget (Rp)"), MONEY),
            Column("realisasi_anggaran", _t(lang, "Realisasi (Rp)", "Spent (Rp)"), MONEY),
            Column("serapan", "%", PERCENT),
        ],
        tree="name",
    )
    for r in ordered:
        if r.spec.kind in LEVELS:
            level = LEVELS[r.spec.kind]
            program.add(
                [
                    r.id,
                    label(r.spec.kind.value, lang),
                    r.spec.parent,
                    r.spec.name,
                    r.spec.indicator,
                    r.spec.unit,
                    _target(r, lang),
                    r.realisasi,
                    r.capaian,
                    r.pagu,
                    r.realisasi_anggaran,
                    r.serapan,
                    _predikat(r, lang),
                    *_target_cells(r, extra, lang),
                ],
                level,
            )
            program.mark(r)
            budget.add(
                [r.id, label(r.spec.kind.value, lang), r.spec.name, r.pagu, r.realisasi_anggaran, r.serapan], level
            )
    programs = [r for r in ordered if r.spec.kind is Kind.PROGRAM and r.pagu is not None]
    if programs:
        pagu, spent = budget_totals(programs)
        total: list[Any] = [None] * len(program.columns)
        total[3], total[9], total[10], total[11] = label("totals", lang), pagu, spent, serapan(pagu, spent)
        program.add(total, total=True)
        budget.add(["", "", label("totals", lang), pagu, spent, serapan(pagu, spent)], total=True)
    program.notes = target_notes(evaluation, ordered, lang) if program.marks else []
    return program, budget


LEVELS = {Kind.PROGRAM: 0, Kind.KEGIATAN: 1, Kind.SUB_KEGIATAN: 2}


def _efficiency_table(evaluation: Evaluation, ordered: list[NodeResult], lang: str) -> ExportTable:
    """Sasaran and programs: spending against achievement."""
    year = evaluation.year
    efficiency = ExportTable(
        "efisiensi",
        _t(lang, f"Efisiensi penggunaan sumber daya {year}", f"Efficiency of resources {year}")
        + period_suffix(evaluation, lang),
        [
            Column("id", label("id", lang)),
            Column("kind", label("kind", lang)),
            Column("name", label("name", lang)),
            Column("pagu", label("pagu", lang), MONEY),
            Column("realisasi_anggaran", label("realisasi_anggaran", lang), MONEY),
            Column("serapan", label("serapan", lang), PERCENT),
            Column("capaian", label("capaian", lang), PERCENT),
            Column("efisiensi", label("efisiensi", lang), NUMBER),
            Column("reading", _t(lang, "Keterangan", "Reading")),
        ],
        tree="name",
    )
    for r in ordered:
        if r.spec.kind in (Kind.SASARAN, Kind.PROGRAM):
            reading = None
            if r.efisiensi is not None:
                reading = (
                    _t(lang, "efisien", "efficient") if r.efisiensi >= 0 else _t(lang, "tidak efisien", "not efficient")
                )
            efficiency.add(
                [
                    r.id,
                    label(r.spec.kind.value, lang),
                    r.spec.name,
                    r.pagu,
                    r.realisasi_anggaran,
                    r.serapan,
                    r.capaian,
                    r.efisiensi,
                    reading,
                ],
                0 if r.spec.kind is Kind.SASARAN else 1,
            )
    programs = [r for r in ordered if r.spec.kind is Kind.PROGRAM and r.pagu is not None]
    if programs:
        pagu, spent = budget_totals(programs)
        efficiency.add(["", "", label("totals", lang), pagu, spent, serapan(pagu, spent), None, None, None], total=True)
    return efficiency


def _cell(value: Any, kind: str, lang: str, trim: bool = True) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):  # a range target in a number column, already written for the reader
        return value
    if kind == PERCENT:
        return numbers.percent(value, lang)
    if kind == MONEY:
        return numbers.money(value, lang)
    if kind == NUMBER:
        return numbers.number(value, lang, trim=trim)
    return str(value)


def _whole(table: ExportTable, index: int) -> bool:
    """Whether a number column holds whole numbers only (then none is shown with decimals)."""
    return all(not isinstance(v, float) or v.is_integer() for v in (row[index] for row in table.rows))


def _trims(table: ExportTable, row: list[Any], whole: list[bool]) -> list[bool]:
    """Per cell, whether a whole number loses its decimals: always in a column of whole numbers; never in a row
    whose unit is a percentage, so that percentages read alike (97,00 above 12,50, never 97); counts (1 dokumen)
    stay whole."""
    unit_at = next((i for i, c in enumerate(table.columns) if c.key == "unit"), None)
    percent = unit_at is not None and isinstance(row[unit_at], str) and "%" in row[unit_at]
    return [w or not percent for w in whole]


def formatted_rows(table: ExportTable, lang: str) -> Iterator[list[str]]:
    """Each row's cells as people read them (locale numbers, percentages alike, counts whole), for md and html."""
    whole = [c.kind != NUMBER or _whole(table, i) for i, c in enumerate(table.columns)]
    for row in table.rows:
        trims = _trims(table, row, whole)
        yield [_cell(v, c.kind, lang, trim) for v, c, trim in zip(row, table.columns, trims, strict=True)]


def to_markdown(tables: list[ExportTable], lang: str, heading: str) -> str:
    out = [f"# {safe.md(heading)}", ""]
    for table in tables:
        out += [f"## {safe.md(table.title)}", ""]
        out.append("| " + " | ".join(safe.md(c.title) for c in table.columns) + " |")
        out.append("|" + "|".join("---:" if c.kind != TEXT else "---" for c in table.columns) + "|")
        for i, cells in enumerate(formatted_rows(table, lang)):
            marked = [cell + table.marks.get((i, c.key), "") for cell, c in zip(cells, table.columns, strict=True)]
            out.append("| " + " | ".join(safe.md(cell) for cell in marked) + " |")
        out.append("")
        if table.notes:
            out += [safe.md(note) + "  " for note in table.notes[:-1]] + [safe.md(table.notes[-1]), ""]
    return "\n".join(out)


CSV_FIELDS = [
    "id",
    "kind",
    "parent",
    "name",
    "indicator",
    "unit",
    "direction",
    "target",
    "realisasi",
    "capaian",
    "predikat",
    "status",
    "reason",
    "pagu",
    "realisasi_anggaran",
    "serapan",
    "efisiensi",
    "period",
    "period_label",
    "target_basis",
    "target_annual",
    "target_revised",
]


MONEY_FIELDS = ("pagu", "realisasi_anggaran")
DIALECTS = ("plain", "id")


def to_csv(
    node_dicts: list[dict[str, Any]],
    predikat: bool = True,
    dialect: str = "plain",
    document: dict[str, Any] | None = None,
) -> str:
    """All shown nodes, one row each, without the predikat column when the workspace gives none (`scale: none`).
    Each row names the period evaluated (the eval document's `period` and `period_label`; empty for the year)
    and where its target comes from.

    `plain` (for scripts): commas, a dot for decimals, the numbers of `--format json` (rupiah as integers when
    whole). `id` (for a spreadsheet in Indonesian): semicolons, a decimal comma and a dot between thousands
    (1.234,5), rupiah rounded to whole rupiah, UTF-8 with a byte order mark so that Excel reads the names right."""
    fields = [k for k in CSV_FIELDS if predikat or k != "predikat"]
    period = {k: (document or {}).get(k) for k in ("period", "period_label")}
    rows = [
        [
            csv_value(period[k] if k in period else node.get(k), MONEY if k in MONEY_FIELDS else NUMBER, dialect)
            for k in fields
        ]
        for node in node_dicts
    ]
    return _csv_text(fields, rows, dialect)


def table_csv(table: ExportTable, dialect: str = "plain") -> str:
    """A table as CSV: its column keys as the header, numbers as `dialect` writes them, text made safe."""
    rows = [[csv_value(v, c.kind, dialect) for v, c in zip(row, table.columns, strict=True)] for row in table.rows]
    return _csv_text([c.key for c in table.columns], rows, dialect)


def _csv_text(header: list[str], rows: list[list[Any]], dialect: str) -> str:
    buffer = io.StringIO()
    if dialect == "id":
        buffer.write("\ufeff")  # Excel reads a CSV without it in the machine's code page (mangling 'é', '–')
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    else:
        writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def csv_value(value: Any, kind: str = NUMBER, dialect: str = "plain") -> Any:
    """A CSV field: a number as `dialect` writes it; a range target as '70-80', '<=5', '>=90' (ASCII); text made
    safe (a leading '=' is not a formula)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):  # a range, limit or band target (jsonout.node_dict)
        low, high = (_bound(value.get(k), dialect) for k in ("min", "max"))
        if low is not None and high is not None:
            value = f"{low}-{high}"
        else:
            value = f"<={high}" if high is not None else f">={low}"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return safe.csv_field(value)
    if kind == MONEY:
        return _csv_money(value, dialect)
    return _csv_number(value, dialect)


_ID_SYMBOLS = str.maketrans({",": ".", ".": ","})


def _bound(value: float | None, dialect: str) -> str | None:
    """A range's bound: 5, 82.5 (82,5 in `id`), without a thousands separator (the '-' between bounds stays clear)."""
    if value is None:
        return None
    text = str(int(value)) if float(value).is_integer() else repr(float(value))
    return text.replace(".", ",") if dialect == "id" else text


def _csv_number(value: float, dialect: str) -> str:
    """`plain`: Python's shortest repr (108.750721, 97.0); `id`: the same digits, 108,750721 and 1.234,5."""
    if dialect != "id":
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, int) or value.is_integer():
        return format(int(value), ",d").translate(_ID_SYMBOLS)
    return format(Decimal(repr(value)), ",f").translate(_ID_SYMBOLS)


def _csv_money(value: float, dialect: str) -> str:
    """Rupiah: `plain` an integer when whole (803249256), else its exact value; `id` whole rupiah (half up)."""
    if dialect == "id":
        whole = int(Decimal(repr(float(value))).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        return format(whole, ",d").translate(_ID_SYMBOLS)
    if isinstance(value, int) or value.is_integer():
        return str(int(value))
    return repr(value)


XLSX_FORMATS = {PERCENT: '#,##0.00" %"', MONEY: '"Rp"#,##0', NUMBER: "#,##0.00"}


def to_xlsx(tables: list[ExportTable], **options: Any) -> bytes:
    """The tables as a print-ready workbook (engine/render/workbook.py)."""
    from .workbook import to_xlsx as workbook

    return workbook(tables, **options)
