"""A flat table of every field (a rich renderable)."""
from __future__ import annotations

from rich.table import Table

from .. import numbers
from ..evaluate import Evaluation, NodeResult
from .labels import label
from .tree import capaian_text, predikat_text


def render_table(evaluation: Evaluation, results: list[NodeResult], lang: str = "id") -> Table:
    currency = evaluation.workspace.organisation.currency
    table = Table(title=label("title", lang, year=evaluation.year), header_style="bold")
    for key, justify in (("id", "left"), ("kind", "left"), ("name", "left"), ("target", "right"),
                         ("realisasi", "right"), ("capaian", "right"), ("predikat", "left"), ("pagu", "right"),
                         ("realisasi_anggaran", "right"), ("serapan", "right"), ("efisiensi", "right")):
        table.add_column(label(key, lang), justify=justify, overflow="fold" if key == "name" else "ellipsis")
    for r in results:
        table.add_row(
            r.spec.id, label(r.spec.kind.value, lang), r.spec.name,
            numbers.quantity(r.target, r.spec.unit, lang),
            numbers.quantity(r.realisasi, r.spec.unit, lang),
            capaian_text(r, lang), predikat_text(r, lang),
            numbers.money(r.pagu, lang, currency), numbers.money(r.realisasi_anggaran, lang, currency),
            numbers.percent(r.serapan, lang), numbers.number(r.efisiensi, lang, trim=False),
        )
    return table
