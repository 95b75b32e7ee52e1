"""The report's tables (chapter III and section 3.5) as data, and writers for Markdown, CSV and xlsx.

Tables are built once as typed rows; each writer formats them: Markdown for people (locale numbers), CSV and
xlsx for machines and spreadsheets (plain numbers; xlsx adds display formats)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from ..capaian import serapan
from ..compare import Comparison, compare_all
from ..evaluate import Evaluation, NodeResult, budget_totals
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


@dataclass
class ExportTable:
    name: str
    title: str
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)
    marks: dict[tuple[int, str], str] = field(default_factory=dict)  # (row, column key) → marker after the cell (md)
    notes: list[str] = field(default_factory=list)  # what the markers mean, under the table (md)

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
        table.marks,
        table.notes,
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
        Column("sasaran", label("sasaran", lang)),
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
        iku.rows.append(row)
        iku.mark(r)
    iku.notes = target_notes(evaluation, ordered, lang) if iku.marks else []
    return iku


def _program_and_budget_tables(
    evaluation: Evaluation, ordered: list[NodeResult], lang: str
) -> tuple[ExportTable, ExportTable]:
    """Programs, kegiatan and sub kegiatan: their performance, and their budget with the programs' total."""
    year = evaluation.year
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
            Column("parent", _t(lang, "Induk", "Parent")),
            Column("name", _t(lang, "Program/Kegiatan/Sub Kegiatan", "Program/activity/sub-activity")),
            Column("indicator", _t(lang, "Indikator kinerja", "Indicator")),
            Column("unit", _t(lang, "Satuan", "Unit")),
            Column("target", f"{label('target', lang)} {year}{suffix}", NUMBER),
            Column("realisasi", f"{label('realisasi', lang)}{suffix}", NUMBER),
            Column("capaian", _t(lang, "% Capaian kinerja", "Achievement %"), PERCENT),
            Column("realisasi_anggaran", _t(lang, "Realisasi keuangan", "Spent") + suffix, MONEY),
            Column("serapan", _t(lang, "% Capaian keuangan", "Absorption %"), PERCENT),
            Column("predikat", label("predikat", lang)),
            *extra,  # last: the columns before them keep their places
        ],
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
    )
    for r in ordered:
        if r.spec.kind in (Kind.PROGRAM, Kind.KEGIATAN, Kind.SUB_KEGIATAN):
            program.rows.append(
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
                    r.realisasi_anggaran,
                    r.serapan,
                    _predikat(r, lang),
                    *_target_cells(r, extra, lang),
                ]
            )
            program.mark(r)
            budget.rows.append(
                [r.id, label(r.spec.kind.value, lang), r.spec.name, r.pagu, r.realisasi_anggaran, r.serapan]
            )
    programs = [r for r in ordered if r.spec.kind is Kind.PROGRAM and r.pagu is not None]
    if programs:
        pagu, spent = budget_totals(programs)
        budget.rows.append(["", "", label("totals", lang), pagu, spent, serapan(pagu, spent)])
    program.notes = target_notes(evaluation, ordered, lang) if program.marks else []
    return program, budget


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
    )
    for r in ordered:
        if r.spec.kind in (Kind.SASARAN, Kind.PROGRAM):
            reading = None
            if r.efisiensi is not None:
                reading = (
                    _t(lang, "efisien", "efficient") if r.efisiensi >= 0 else _t(lang, "tidak efisien", "not efficient")
                )
            efficiency.rows.append(
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
                ]
            )
    return efficiency


def _cell(value: Any, kind: str, lang: str) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):  # a range target in a number column, already written for the reader
        return value
    if kind == PERCENT:
        return numbers.percent(value, lang)
    if kind == MONEY:
        return numbers.money(value, lang)
    if kind == NUMBER:
        return numbers.number(value, lang)
    return str(value)


def to_markdown(tables: list[ExportTable], lang: str, heading: str) -> str:
    out = [f"# {safe.md(heading)}", ""]
    for table in tables:
        out += [f"## {safe.md(table.title)}", ""]
        out.append("| " + " | ".join(safe.md(c.title) for c in table.columns) + " |")
        out.append("|" + "|".join("---:" if c.kind != TEXT else "---" for c in table.columns) + "|")
        for i, row in enumerate(table.rows):
            cells = [
                safe.md(_cell(v, c.kind, lang) + table.marks.get((i, c.key), ""))
                for v, c in zip(row, table.columns, strict=True)
            ]
            out.append("| " + " | ".join(cells) + " |")
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


def to_csv(node_dicts: list[dict[str, Any]], predikat: bool = True, document: dict[str, Any] | None = None) -> str:
    """All shown nodes, one row each, plain numbers (a dot for decimals), for spreadsheets and scripts; without
    the predikat column when the workspace gives none (`scale: none`). Each row names the period evaluated (the
    eval document's `period` and `period_label`; empty for the year) and where its target comes from."""
    fields = [k for k in CSV_FIELDS if predikat or k != "predikat"]
    period = {k: (document or {}).get(k) for k in ("period", "period_label")}
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for node in node_dicts:
        writer.writerow({k: _csv_value(period[k] if k in period else node.get(k)) for k in fields})
    return buffer.getvalue()


def _csv_value(value: Any) -> Any:
    """A CSV field: plain numbers; a range target as '70-80', '<=5', '>=90' (plain numbers, ASCII)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):  # a range, limit or band target (jsonout.node_dict)
        low, high = value.get("min"), value.get("max")
        if low is not None and high is not None:
            value = f"{low:g}-{high:g}"
        else:
            value = f"<={high:g}" if high is not None else f">={low:g}"
    return safe.csv_field(value)


XLSX_FORMATS = {PERCENT: '#,##0.00" %"', MONEY: '"Rp"#,##0', NUMBER: "#,##0.00"}


def to_xlsx(tables: list[ExportTable]) -> bytes:
    """One sheet per table; numbers stay numbers with Indonesian-style display formats; header frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    if book.active is not None:
        book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(table.name[:31])
        sheet.append([safe.xlsx_cell(c.title) for c in table.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in table.rows:
            sheet.append([safe.xlsx_cell(v) for v in row])
        for index, column in enumerate(table.columns, start=1):
            letter = get_column_letter(index)
            if column.kind in XLSX_FORMATS:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = XLSX_FORMATS[column.kind]
            longest = max([len(column.title)] + [len(_cell(r[index - 1], column.kind, "id")) for r in table.rows])
            sheet.column_dimensions[letter].width = min(60, max(8, longest + 2))
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
