"""A flat table of every field (a rich renderable), one line per node.

Numbers keep their full width; the name gives way first, then the least needed columns are left out
(efisiensi, kind, the budget) so that the table fits the terminal."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from ..evaluate import Evaluation, NodeResult
from . import numbers, safe
from .labels import label
from .tree import capaian_text, period_suffix, predikat_text, realisasi_text, target_notes, target_text

KIND_SHORT = {"sasaran": "SS", "iku": "IKU", "program": "P", "kegiatan": "K", "sub_kegiatan": "SK"}
COLUMNS = (
    "id",
    "kind",
    "name",
    "target",
    "realisasi",
    "capaian",
    "predikat",
    "pagu",
    "realisasi_anggaran",
    "serapan",
    "efisiensi",
)
DROP_ORDER = ("efisiensi", "kind", "realisasi_anggaran", "pagu", "predikat")
NAME_MIN = 16


def _cells(r: NodeResult, lang: str, currency: str) -> dict[str, Text]:
    return {
        "id": safe.text(r.spec.id),
        "kind": Text(KIND_SHORT[r.spec.kind.value]),
        "name": safe.text(r.spec.name, no_wrap=True, overflow="ellipsis"),
        "target": safe.text(target_text(r, lang)),
        "realisasi": safe.text(realisasi_text(r, lang)),
        "capaian": capaian_text(r, lang),
        "predikat": predikat_text(r, lang, short=True),
        "pagu": safe.text(numbers.money(r.pagu, lang, currency)),
        "realisasi_anggaran": safe.text(numbers.money(r.realisasi_anggaran, lang, currency)),
        "serapan": Text(numbers.percent(r.serapan, lang)),
        "efisiensi": Text(numbers.number(r.efisiensi, lang, trim=False)),
    }


def render_table(
    evaluation: Evaluation, results: list[NodeResult], lang: str = "id", width: int | None = None
) -> Table:
    currency = evaluation.workspace.organisation.currency
    rows = [_cells(r, lang, currency) for r in results]
    widths = {key: max([len(label(key, lang))] + [row[key].cell_len for row in rows]) for key in COLUMNS}
    shown = [key for key in COLUMNS if key != "predikat" or evaluation.workspace.has_predikat]
    if width is not None:

        def fixed() -> int:
            return sum(widths[k] for k in shown if k != "name") + (len(shown) - 1)

        for key in DROP_ORDER:
            if width - fixed() >= NAME_MIN:
                break
            if key in shown:
                shown.remove(key)
        widths["name"] = max(NAME_MIN, min(widths["name"], width - fixed()))
    table = Table(
        title=label("title", lang, year=evaluation.year) + period_suffix(evaluation, lang),
        caption="\n".join(target_notes(evaluation, results, lang)) or None,
        caption_justify="left",
        header_style="bold underline",
        box=None,
        pad_edge=False,
        show_edge=False,
        collapse_padding=True,
    )
    for key in shown:
        right = key not in ("id", "kind", "name", "predikat")
        table.add_column(
            label(key, lang), justify="right" if right else "left", no_wrap=True, overflow="ellipsis", width=widths[key]
        )
    for row in rows:
        table.add_row(*(row[key] for key in shown))
    return table
