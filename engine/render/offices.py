"""Views of many offices: the ranking table (a rich renderable) and the JSON document (schema/offices.schema.json)."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.table import Table
from rich.text import Text

from ..evaluate import Evaluation
from ..offices import Standing
from . import numbers, safe
from .exports import NUMBER, PERCENT, Column, ExportTable, build_tables
from .jsonout import FORMAT_VERSION, _round, eval_document
from .labels import label


def render_ranking(year: int, standings: list[Standing], lang: str = "id", width: int | None = None) -> Table:
    """One line per office: rank, office, name, mean IKU capaian, predikat, serapan, efisiensi, problems.

    Every column keeps its full width but the name, which gives way (with an ellipsis) on a narrow terminal;
    below 100 columns the predikat is its code alone."""
    narrow = width is not None and width < 100
    rows = []
    for s in standings:
        problems = len(s.result.problems)
        band = s.band.code if s.band and narrow else s.band.shown(lang) if s.band else None
        rows.append(
            [
                Text(str(s.rank) if s.rank is not None else "–"),
                safe.text(s.result.office.key),
                safe.text(s.result.short_name),
                Text(numbers.percent(s.capaian, lang)),
                safe.text(band, safe.style(s.band.color)) if s.band and band else Text("–"),
                Text(numbers.percent(s.serapan, lang)),
                Text(numbers.number(s.efisiensi, lang, trim=False)),
                Text(str(problems), style="red" if problems else ""),
            ]
        )
    headers = ["#", "office", "name", "iku_capaian", "predikat", "serapan", "efisiensi", "problems"]
    titles = [key if key == "#" else label(key, lang) for key in headers]
    fits = [max([len(title)] + [row[i].cell_len for row in rows]) for i, title in enumerate(titles)]
    shown = list(range(len(headers)))
    name = headers.index("name")
    if (
        width is not None
    ):  # the name takes what the other columns leave; efisiensi, then problems, go when it would be < 8
        for drop in (None, headers.index("efisiensi"), headers.index("problems")):
            if drop is not None:
                shown.remove(drop)
            room = width - sum(fits[i] for i in shown if i != name) - 2 * len(shown)
            if room >= 8:
                break
        fits[name] = max(8, min(fits[name], room))
        for row in rows:
            row[name].truncate(fits[name], overflow="ellipsis")
    table = Table(
        title=label("ranking", lang, year=year),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        padding=(0, 1, 0, 0),
    )
    for i in shown:
        right = headers[i] not in ("office", "name", "predikat")
        table.add_column(
            titles[i], justify="right" if right else "left", no_wrap=True, min_width=fits[i], max_width=fits[i]
        )
    for row in rows:
        table.add_row(*(row[i] for i in shown))
    return table


def office_document(evaluation: Evaluation, lang: str = "id") -> dict[str, Any]:
    """One office's part of the document: its whole eval document (a module-level function: worker processes
    build it with functools.partial(office_document, lang=...))."""
    return eval_document(evaluation, list(evaluation.results.values()), lang)


def office_iku(evaluation: Evaluation, lang: str = "id") -> dict[str, Any]:
    """One office's sasaran and IKU table (its report's first table) as plain columns and rows, for the md and
    xlsx of many offices (module-level, like office_document, so worker processes can build it)."""
    tables = build_tables(evaluation, list(evaluation.results.values()), lang)
    iku = next((t for t in tables if t.name == "capaian_iku"), None)
    if iku is None:
        return {"columns": [], "rows": []}
    return {"columns": [(c.key, c.title, c.kind) for c in iku.columns], "rows": iku.rows}


def offices_iku_table(year: int, standings: list[Standing], lang: str = "id") -> ExportTable:
    """Every office's sasaran and IKU rows in ranking order, its folder first (built from office_iku's
    documents); a column one office lacks (no predikat under `scale: none`) is left empty in its rows."""
    columns = [Column("office", label("office", lang))]
    known = {"office"}
    for s in standings:
        for key, title, kind in (s.result.document or {}).get("columns", []):
            if key not in known:
                known.add(key)
                columns.append(Column(key, title, kind))
    rows = []
    for s in standings:
        part = s.result.document or {}
        keys = [key for key, _, _ in part.get("columns", [])]
        for row in part.get("rows", []):
            values = dict(zip(keys, row, strict=True))
            values["office"] = s.result.office.key
            rows.append([values.get(c.key) for c in columns])
    title = label("offices_iku", lang, year=year)
    return ExportTable("capaian_iku_offices", title, columns, rows)


def offices_document(year: int, standings: list[Standing], lang: str = "id") -> dict[str, Any]:
    """`lkip eval YEAR --root DIR --format json`; each office's `evaluation` is the document evaluate_offices was
    asked to build (office_document), or null."""
    offices = []
    for s in standings:
        offices.append(
            {
                "office": s.result.office.key,
                "name": s.result.name,
                "rank": s.rank,
                "capaian": _round(s.capaian),
                "predikat": s.band.code if s.band else None,
                "serapan": _round(s.serapan),
                "efisiensi": _round(s.efisiensi),
                "warnings": s.result.warnings,
                "problems": [d.as_dict(lang) for d in s.result.problems],
                "evaluation": s.result.document,
            }
        )
    return {"format": FORMAT_VERSION, "year": year, "offices": offices}


def ranking_table(year: int, standings: list[Standing], lang: str = "id") -> ExportTable:
    """The ranking as a report table (md, csv, xlsx): plain numbers, formatted by each writer."""
    columns = [
        Column("rank", "#", NUMBER),
        Column("office", label("office", lang)),
        Column("name", label("name", lang)),
        Column("capaian", label("iku_capaian", lang), PERCENT),
        Column("predikat", label("predikat", lang)),
        Column("serapan", label("serapan", lang), PERCENT),
        Column("efisiensi", label("efisiensi", lang), NUMBER),
        Column("problems", label("problems", lang), NUMBER),
    ]
    rows = [
        [
            s.rank,
            s.result.office.key,
            s.result.name,
            s.capaian,
            s.band.shown(lang) if s.band else None,
            s.serapan,
            s.efisiensi,
            len(s.result.problems),
        ]
        for s in standings
    ]
    return ExportTable("ranking", label("ranking", lang, year=year), columns, rows)
