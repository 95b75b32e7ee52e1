"""`lkip check` as text: one row per difference, then the count per likely cause."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.text import Text

from ..messages import Message
from ..model import Band
from ..reconcile import Cause, Difference, summary
from . import numbers, safe

MONEY_FIELDS = ("pagu", "realisasi_anggaran")


def _value(value: Any, field: str, lang: str) -> str:
    if isinstance(value, list):
        return " / ".join(_value(v, field, lang) for v in value)
    if isinstance(value, Band):
        return value.shown(lang)
    if isinstance(value, bool) or value is None:
        return "–"
    if isinstance(value, (int, float)):
        return numbers.money(value, lang) if field in MONEY_FIELDS else numbers.compact(value, lang, 2)
    return str(value)


def render_check(differences: list[Difference], tolerance: float, lang: str = "id") -> Group:
    def t(en: str, id_: str) -> str:
        return Message(en, id_).render(lang)

    if not differences:
        return Group(
            Text(
                f"✓ {t('No differences', 'Tidak ada selisih')} "
                f"({t('tolerance', 'toleransi')} {numbers.compact(tolerance, lang)})",
                style="green",
            )
        )
    lines: list[Text] = []
    for d in differences:
        head = safe.text(d.node, style="bold")
        safe.append(head, f" {d.field}: ")
        unit = f" {d.unit}" if d.unit else ""  # a figure printed in another unit: shown as printed, with it
        safe.append(head, f"{t('printed', 'tercetak')} {_value(d.printed, d.field, lang)}{unit}")
        safe.append(head, f", {t('computed', 'dihitung')} {_value(d.computed, d.field, lang)}{unit}")
        if d.difference is not None:
            safe.append(head, f", {t('difference', 'selisih')} {_value(d.difference, d.field, lang)}{unit}")
        safe.append(head, f"  [{'; '.join(d.sources)}]", style="dim")
        cause = Text("  → ")
        cause.append(d.cause.text.render(lang), style="yellow" if d.cause is Cause.ROUNDING else "red")
        if d.explanation:
            safe.append(cause, f": {d.explanation.render(lang)}")
        lines += [head, cause]
    total = Text(f"\n{len(differences)} {t('difference(s)', 'selisih')}: ", style="bold")
    total.append(", ".join(f"{n} {c.text.render(lang)}" for c, n in summary(differences).items()))
    return Group(*lines, total)
