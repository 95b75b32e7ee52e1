"""`lkip import`'s preview: what changes, cell by cell (node, field, old → new), file by file."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table

from ..datafile import FilePlan
from ..form import BUDGET_COLUMNS
from ..intake import Change, Intake
from ..messages import Message
from . import safe
from .form_book import column_label
from .numbers import compact


def _value(value: float | None, lang: str) -> str:
    return "–" if value is None else compact(float(value), lang, digits=6)


def what(change: Change, year: int, lang: str) -> str:
    """The value's place as people read it: 'inputs.aktif', 'realisasi (TW II)', 'Pagu (Rp)'."""
    if change.column in BUDGET_COLUMNS:
        return column_label(change.column, year, lang)
    if change.column == str(year):
        return change.field
    return f"{change.field} ({column_label(change.column, year, lang)})"


def render_preview(plans: Sequence[FilePlan], intake: Intake, lang: str = "id") -> Group:
    """Per file, a table of its changes; then a summary line."""
    en = lang == "en"
    parts: list[RenderableType] = []
    count = 0
    for plan in plans:
        heading = (
            Message("{file} (new file)", "{file} (berkas baru)", file=plan.display) if plan.before is None else None
        )
        parts.append(safe.text(heading.render(lang) if heading else plan.display, "bold"))
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        table.add_column("Cell" if en else "Sel", no_wrap=True)
        table.add_column("Id" if en else "Kode", no_wrap=True)
        table.add_column("Field" if en else "Isian", overflow="fold")
        table.add_column("Old" if en else "Lama", justify="right", no_wrap=True)
        table.add_column("", no_wrap=True)
        table.add_column("New" if en else "Baru", justify="right", no_wrap=True)
        for change in plan.changes:
            count += 1
            table.add_row(
                safe.text(change.cell.ref),
                safe.text(change.node_id),
                safe.text(what(change, intake.year, lang)),
                _value(change.old, lang),
                "→",
                safe.text(_value(change.new, lang), style="bold"),
            )
        parts.append(table)
    summary = Message(
        "{n} value(s) change in {files} file(s); {same} filled cell(s) equal the data already",
        "{n} nilai berubah di {files} berkas; {same} sel terisi sudah sama dengan data",
        n=count,
        files=len(plans),
        same=intake.unchanged,
    ).render(lang)
    parts.append(safe.text(summary))
    return Group(*parts)
