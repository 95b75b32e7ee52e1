"""Many offices as one HTML page (`lkip eval YEAR --root DIR -o peringkat.html`): the ranking, then every office's
sasaran and IKU rows, then the problems of the offices that could not be evaluated.

The same page rules as the one-office report (engine/render/html_report.py): one self-contained file under the
same Content-Security-Policy, the same stylesheet, predikat badges of readable contrast, every workspace string
escaped. The tables are the ones md and xlsx write (ranking_table, offices_iku_table), formatted for `lang`.
"""

from __future__ import annotations

from ..messages import Message
from ..offices import Standing
from .exports import TEXT, ExportTable, formatted_rows
from .html_report import _badge, esc, page
from .labels import label
from .offices import offices_iku_table, ranking_table

EXTRA_STYLE = "\ntd:first-child, td:nth-child(2) { white-space: nowrap; }\n"
_PROBLEMS = Message("Offices that could not be evaluated", "Perangkat daerah yang tidak dapat dihitung")
_NONE = Message("Every office was evaluated.", "Setiap perangkat daerah terhitung.")
_MADE_BY = Message(
    "Made by {generator} from each office's specs and data: every figure is computed from its inputs.",
    "Dibuat oleh {generator} dari specs dan data setiap perangkat daerah: setiap angka dihitung dari inputnya.",
)
_COUNT = Message("{n} offices, {ranked} ranked", "{n} perangkat daerah, {ranked} diperingkat")


def _table(table: ExportTable, lang: str, badges: list[str | None] | None = None) -> str:
    numeric = [c.kind != TEXT for c in table.columns]
    head = "".join(
        f'<th class="n">{esc(c.title)}</th>' if n else f"<th>{esc(c.title)}</th>"
        for c, n in zip(table.columns, numeric, strict=True)
    )
    rows = []
    for i, (row, cells) in enumerate(zip(table.rows, formatted_rows(table, lang), strict=True)):
        shown = []
        for value, cell, column, n in zip(row, cells, table.columns, numeric, strict=True):
            badge = badges[i] if badges and column.key == "predikat" else None
            if badge is not None:
                shown.append(f"<td>{badge}</td>")
            elif n and not isinstance(value, str):
                shown.append(f'<td class="n">{esc(cell)}</td>')
            else:
                shown.append(f"<td>{esc(cell)}</td>")
        rows.append(f"<tr>{''.join(shown)}</tr>")
    return (
        f"<h2>{esc(table.title)}</h2>\n<table><thead><tr>{head}</tr></thead>\n<tbody>\n"
        + "\n".join(rows)
        + "\n</tbody></table>"
    )


def offices_html(year: int, standings: list[Standing], lang: str = "id", generator: str = "lkip") -> str:
    """The page; each office's IKU rows come from the documents evaluate_offices built with office_iku."""
    ranking = ranking_table(year, standings, lang)
    badges = [_badge(s.band, lang) if s.band is not None else None for s in standings]
    broken = [s.result for s in standings if s.result.problems]
    problems = []
    for result in broken:
        items = "".join(f"<li>{esc(d.format(lang))}</li>" for d in result.problems)
        problems.append(f"<h3>{esc(result.office.key)}</h3><ul>{items}</ul>")
    title = label("ranking", lang, year=year)
    ranked = sum(1 for s in standings if s.rank is not None)
    body = [
        "<header>",
        f"<h1>LKIP {year}</h1>",
        f'<p class="meta">{esc(Message(_COUNT.en, _COUNT.id, n=len(standings), ranked=ranked).render(lang))}</p>',
        "</header>",
        _table(ranking, lang, badges),
        _table(offices_iku_table(year, standings, lang), lang),
        f"<h2>{esc(_PROBLEMS.render(lang))}</h2>",
        "\n".join(problems) if problems else f"<p>{esc(_NONE.render(lang))}</p>",
        f"<footer><p>{esc(Message(_MADE_BY.en, _MADE_BY.id, generator=generator).render(lang))}</p></footer>",
    ]
    return page(title, body, lang, generator, EXTRA_STYLE)
