"""`lkip check` as text: one row per difference, then the count per likely cause."""
from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.text import Text

from .. import numbers
from ..reconcile import CAUSES, Difference, summary

MONEY_FIELDS = ("pagu", "realisasi_anggaran")


def _value(value: Any, field: str, lang: str) -> str:
    if isinstance(value, list):
        return " / ".join(_value(v, field, lang) for v in value)
    if isinstance(value, bool) or value is None:
        return "–"
    if isinstance(value, (int, float)):
        return numbers.money(value, lang) if field in MONEY_FIELDS else numbers.compact(value, lang, 2)
    return str(value)


def render_check(differences: list[Difference], tolerance: float, lang: str = "id") -> Group:
    if not differences:
        word = "Tidak ada selisih" if lang == "id" else "No differences"
        return Group(Text(f"✓ {word} (tolerance {numbers.compact(tolerance, lang)})", style="green"))
    lines: list[Text] = []
    for d in differences:
        head = Text(d.node, style="bold")
        head.append(f" {d.field}: ")
        head.append(f"printed {_value(d.printed, d.field, lang)}")
        head.append(f", computed {_value(d.computed, d.field, lang)}")
        if d.difference is not None:
            head.append(f", difference {_value(d.difference, d.field, lang)}")
        head.append(f"  [{'; '.join(d.sources)}]", style="dim")
        cause = Text("  → ")
        cause.append(CAUSES[d.cause], style="yellow" if d.cause == "rounding" else "red")
        if d.explanation:
            cause.append(f": {d.explanation}")
        lines += [head, cause]
    counts = summary(differences)
    total = Text(f"\n{len(differences)} difference(s): ", style="bold")
    total.append(", ".join(f"{n} {CAUSES[c]}" for c, n in sorted(counts.items(), key=lambda kv: -kv[1])))
    return Group(*lines, total)
