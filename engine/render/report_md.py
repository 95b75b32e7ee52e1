"""Chapter III as Markdown (`lkip report YEAR --format md`): the same blocks as the Word report, the charts as
their captions and values in text (Markdown carries no picture here; the Word report draws them)."""

from __future__ import annotations

from . import safe
from .report import Figure, Heading, Paragraph, Report, Table


def to_markdown(report: Report) -> str:
    out: list[str] = []
    for block in report.blocks:
        if isinstance(block, Heading):
            text = f"{block.text} {block.subtitle}" if block.subtitle else block.text
            out += [f"{'#' * block.level} {safe.md(text)}", ""]
        elif isinstance(block, Paragraph):
            out += [f"- {safe.md(block.text)}" if block.bullet else safe.md(block.text), ""]
        elif isinstance(block, Table):
            out += _table(block)
        elif isinstance(block, Figure):
            note = (
                "grafiknya digambar di laporan Word, lkip report -o laporan.docx"
                if report.lang == "id"
                else "the chart is drawn in the Word report, lkip report -o report.docx"
            )
            out += [f"**{safe.md(block.caption)}** ({note}). {safe.md(block.data)}", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _table(block: Table) -> list[str]:
    out = [f"**{safe.md(block.caption)}**", ""]
    out.append("| " + " | ".join(safe.md(c.title) for c in block.columns) + " |")
    out.append("|" + "|".join("---:" if c.numeric else "---" for c in block.columns) + "|")
    for row in block.rows:
        cells = [safe.md(text) if text else " " for text in row.cells]
        if row.bold:
            cells = [f"**{cell}**" if cell.strip() else cell for cell in cells]
        out.append("| " + " | ".join(cells) + " |")
    out.append("")
    return out
