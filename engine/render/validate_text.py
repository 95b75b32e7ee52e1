"""`lkip validate` and every command's problems as text: one line per diagnostic, then the summary line."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Group
from rich.text import Text

from ..diagnostics import Diagnostic, Severity
from ..messages import Message
from . import safe


def diagnostic_lines(diagnostics: Iterable[Diagnostic], lang: str = "id") -> Group:
    """Each problem in the one text form of a diagnostic, colored by severity (never read as markup)."""
    return Group(
        *(safe.text(d.format(lang), style="red" if d.severity is Severity.ERROR else "yellow") for d in diagnostics)
    )


def render_validate(
    diagnostics: list[Diagnostic], strict: bool, nodes: int, years: list[int], lang: str = "id"
) -> Group:
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    warnings = len(diagnostics) - errors
    failing = errors > 0 or (strict and warnings > 0)
    summary = Message(
        "{errors} error(s), {warnings} warning(s) in {nodes} nodes; data years: {years}",
        "{errors} galat, {warnings} peringatan dalam {nodes} simpul; tahun data: {years}",
        errors=errors,
        warnings=warnings,
        nodes=nodes,
        years=", ".join(str(y) for y in years) or "–",
    ).render(lang)
    line = Text("✗ " if failing else "✓ ", style="red" if failing else "green")
    safe.append(line, summary)
    return Group(*diagnostic_lines(diagnostics, lang).renderables, line)
