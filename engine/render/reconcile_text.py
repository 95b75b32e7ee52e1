"""`lkip check` as text (one row per finding, then the counts) and as markdown (an audit findings list)."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.text import Text

from ..messages import Message
from ..model import Band
from ..reconcile import Audit, Cause, Difference, NotCompared, Severity, at_least, severities, summary
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


def _t(lang: str, en: str, id_: str) -> str:
    return Message(en, id_).render(lang)


def counts_line(found: Audit, shown: list[Difference], lang: str, causes: str = "") -> str:
    """'Compared 412 printed figures: 97 findings (80 material, 17 minor) — 40 two tables ..., 23 ...; 23 not
    compared.' (the causes, when given, right after the findings they count)."""
    by = severities(shown)
    return Message(
        "Compared {n} printed figures: {f} finding(s) ({material} material, {minor} minor){causes}; {skipped} not "
        "compared",
        "Dibandingkan {n} angka tercetak: {f} temuan ({material} material, {minor} minor){causes}; {skipped} tidak "
        "dibandingkan",
        causes=causes,
        n=found.compared,
        f=len(shown),
        material=by[Severity.MATERIAL],
        minor=by[Severity.MINOR],
        skipped=len(found.not_compared),
    ).render(lang)


def _by_reason(items: list[NotCompared], lang: str) -> dict[str, list[NotCompared]]:
    groups: dict[str, list[NotCompared]] = {}
    for item in items:
        groups.setdefault(item.reason.render(lang), []).append(item)
    return groups


def render_check(found: Audit, tolerance: float, lang: str = "id", minimum: Severity = Severity.MINOR) -> Group:
    shown = at_least(found.differences, minimum)
    lines: list[Text] = []
    if not shown:
        lines.append(
            Text(
                f"✓ {_t(lang, 'No differences', 'Tidak ada selisih')} "
                f"({_t(lang, 'at the printed precision', 'pada presisi cetaknya')}"
                + (f", {_t(lang, 'tolerance', 'toleransi')} {numbers.compact(tolerance, lang)}" if tolerance else "")
                + ")",
                style="green",
            )
        )
    for d in shown:
        head = safe.text(d.node, style="bold")
        safe.append(head, f" {d.field}: ")
        unit = f" {d.unit}" if d.unit else ""  # a figure printed in another unit: shown as printed, with it
        if d.printed is not None:
            safe.append(head, f"{_t(lang, 'printed', 'tercetak')} {_value(d.printed, d.field, lang)}{unit}, ")
        safe.append(head, f"{_t(lang, 'computed', 'dihitung')} {_value(d.computed, d.field, lang)}{unit}")
        if d.difference is not None:
            safe.append(head, f", {_t(lang, 'difference', 'selisih')} {_value(d.difference, d.field, lang)}{unit}")
        safe.append(head, f"  [{'; '.join(d.sources)}]", style="dim")
        cause = Text("  → ")
        cause.append(f"[{d.severity.text.render(lang)}] ", style="dim")
        minor = d.severity is Severity.MINOR
        cause.append(d.cause.text.render(lang), style="yellow" if minor else "red")
        if d.explanation:
            safe.append(cause, f": {d.explanation.render(lang)}")
        lines += [head, cause]
    causes = " — " + ", ".join(f"{n} {c.text.render(lang)}" for c, n in summary(shown).items()) if shown else ""
    lines.append(Text(f"\n{counts_line(found, shown, lang, causes)}", style="bold"))
    for reason, items in _by_reason(found.not_compared, lang).items():
        row = Text(f"  {_t(lang, 'not compared', 'tidak dibandingkan')} — ")
        safe.append(row, f"{reason} ({len(items)}): ")
        shown_items = items[:NOT_COMPARED_SHOWN]
        safe.append(row, ", ".join(f"{i.node} {i.field} [{'; '.join(i.sources)}]" for i in shown_items), style="dim")
        if len(items) > len(shown_items):  # a period check leaves every yearly figure out: the count says enough
            rest = len(items) - len(shown_items)
            safe.append(
                row,
                _t(
                    lang,
                    f" … and {rest} more (--format json lists them)",
                    f" … dan {rest} lainnya (--format json mendaftar semuanya)",
                ),
            )
        lines.append(row)
    return Group(*lines)


NOT_COMPARED_SHOWN = 12  # figures named per reason in the text view; JSON and md list every one


SEVERITY_TITLES = {
    Severity.MATERIAL: Message("Material findings", "Temuan material"),
    Severity.MINOR: Message("Minor findings", "Temuan minor"),
}


def _corrected(d: Difference, lang: str) -> str:
    """The figure the report should print: the computed one (or the derived value)."""
    value = d.corrected if d.corrected is not None else d.computed
    return _value(value, d.field, lang)


def render_check_md(year: int, found: Audit, minimum: Severity = Severity.MINOR, lang: str = "id") -> str:
    """An audit findings list to attach: grouped by severity and cause, each with its lines and corrected figure."""
    shown = at_least(found.differences, minimum)
    title = Message(
        "Audit findings: printed figures of the {year} LKIP", "Temuan audit: angka tercetak LKIP {year}", year=year
    )
    out = [f"# {safe.md(title.render(lang))}", ""]
    out += [safe.md(counts_line(found, shown, lang)) + ".", ""]
    head = [
        _t(lang, "Node", "Simpul"),
        _t(lang, "Figure", "Angka"),
        _t(lang, "Printed", "Tercetak"),
        _t(lang, "Corrected figure", "Angka koreksi"),
        _t(lang, "Lines in the report", "Baris di laporan"),
        _t(lang, "Data", "Data"),
        _t(lang, "Explanation", "Keterangan"),
    ]
    for severity in Severity:
        of_severity = [d for d in shown if d.severity is severity]
        if not of_severity:
            continue
        out += [f"## {safe.md(SEVERITY_TITLES[severity].render(lang))} ({len(of_severity)})", ""]
        causes: dict[Cause, list[Difference]] = {}
        for d in of_severity:
            causes.setdefault(d.cause, []).append(d)
        for cause, listed in causes.items():
            out += [f"### {safe.md(cause.text.render(lang))} ({len(listed)})", ""]
            out.append("| " + " | ".join(safe.md(h) for h in head) + " |")
            out.append("|" + "---|" * len(head))
            for d in listed:
                cells = [
                    d.node,
                    d.field,
                    _value(d.printed, d.field, lang),
                    _corrected(d, lang),
                    "; ".join(d.sources),
                    "; ".join(d.at),
                    d.explanation.render(lang) if d.explanation else "",
                ]
                out.append("| " + " | ".join(safe.md(c) for c in cells) + " |")
            out.append("")
    if found.not_compared:
        out += [f"## {safe.md(_t(lang, 'Not compared', 'Tidak dibandingkan'))} ({len(found.not_compared)})", ""]
        for reason, items in _by_reason(found.not_compared, lang).items():
            names = ", ".join(f"{i.node} {i.field} ({'; '.join(i.sources)})" for i in items)
            out.append(f"- {safe.md(reason)} ({len(items)}): {safe.md(names)}")
        out.append("")
    return "\n".join(out)
