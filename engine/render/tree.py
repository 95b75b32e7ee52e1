"""The colored achievement tree (a rich renderable; only the command line prints it)."""

from __future__ import annotations

from rich.columns import Columns
from rich.console import Group, RenderableType
from rich.text import Text

from ..capaian import serapan
from ..compare import NO_RENSTRA
from ..evaluate import Evaluation, NodeResult, budget_totals, mean_capaian_iku
from ..model import Status
from ..rencana import revision_text
from . import numbers, safe
from .labels import label

KIND_STYLE = {"sasaran": "bold", "iku": "bold cyan", "program": "bold", "kegiatan": "", "sub_kegiatan": "dim"}
NAME_MIN = 10  # below this the names say nothing: the line folds instead (numbers are never cut)
STATUS_STYLE = {
    Status.ERROR: "bold red",
    Status.NO_DATA: "yellow",
    Status.NO_TARGET: "yellow",
    Status.ZERO_TARGET: "yellow",
    Status.NOT_IMPLEMENTED: "dim italic",
    Status.NOT_COMPUTABLE: "yellow",
}


def guides(results: list[NodeResult]) -> list[str]:
    """Tree guide prefixes ('├─ ', '│  └─ ', ...) for nodes in pre-order.

    One pass from the end: `last[level]` says whether the next node at or above `level` (after the current
    one) leaves that level, i.e. whether the current node's ancestor-or-self at `level` is the last sibling."""
    base = min((r.depth for r in results), default=0)
    depths = [r.depth - base for r in results]
    prefixes = [""] * len(depths)
    last: list[bool] = [True]  # index = level; levels beyond the list are "last"
    for i in range(len(depths) - 1, -1, -1):
        depth = depths[i]
        if depth > 0:
            if len(last) <= depth:
                last.extend([True] * (depth + 1 - len(last)))
            parts = ["   " if last[level] else "│  " for level in range(1, depth)]
            parts.append("└─ " if last[depth] else "├─ ")
            prefixes[i] = "".join(parts)
        del last[depth + 1 :]
        if len(last) <= depth:
            last.extend([True] * (depth + 1 - len(last)))
        last[depth] = False
    return prefixes


def status_text(result: NodeResult, lang: str) -> Text:
    word = label(result.status.value, lang)
    return Text(word, style=STATUS_STYLE.get(result.status, ""), no_wrap=True, overflow="ellipsis")


def predikat_text(result: NodeResult, lang: str, short: bool = False) -> Text:
    if short and result.band is not None:
        return safe.text(result.band.code, style=safe.style(result.band.color, bold=True))
    if result.band is None:
        if result.out_of_scale:
            return Text(label("out_of_scale", lang), style="italic", no_wrap=True, overflow="ellipsis")
        if result.status is Status.OK:
            return Text("–")
        return status_text(result, lang)
    return safe.text(
        result.band.shown(lang), style=safe.style(result.band.color, bold=True), no_wrap=True, overflow="ellipsis"
    )


def _status_only(result: NodeResult, lang: str) -> Text:
    """Without predikat (`scale: none`): the state of a node without capaian, nothing for one that is ok."""
    return Text("") if result.status is Status.OK else status_text(result, lang)


def realisasi_text(result: NodeResult, lang: str) -> str:
    """The realisasi with its unit; a partial one says how far its data reaches: '45,00 % (s.d. TW2)'."""
    text = numbers.quantity(result.realisasi, result.spec.unit, lang)
    if result.reached is not None and result.realisasi is not None:
        text += f" ({result.reached.up_to().render(lang)})"
    return text


DERIVED_MARK = "~"  # a target to date derived from the annual target by a rule (not a declared rencana aksi figure)
REVISED_MARK = "*"  # a target revised by a PK perubahan


def period_suffix(evaluation: Evaluation, lang: str, dated: bool = True) -> str:
    """What a title adds for the period and (`dated`) the targets' date: ' s.d. TW II (target per 2024-06-30)'."""
    text = ""
    if evaluation.within_year is not None:
        text += " " + evaluation.within_year.label().render(lang)
    if dated and evaluation.as_of is not None:
        text += f" ({label('as_of', lang, date=evaluation.as_of.isoformat())})"
    return text


def target_text(result: NodeResult, lang: str) -> str:
    """The target with its unit, marked when it is derived (~) or revised (*)."""
    text = numbers.target(result.target, result.target_range, result.spec.unit, lang)
    if result.target is None and result.target_range is None:
        return text
    if result.target_basis is not None and result.target_basis.derived:
        text += DERIVED_MARK
    if result.target_revised:
        text += REVISED_MARK
    return text


def target_notes(evaluation: Evaluation, results: list[NodeResult], lang: str) -> list[str]:
    """The notes under a view for its marked targets: derived targets to date, revised targets (each named)."""
    notes = []
    period = evaluation.within_year
    shown = [r for r in results if r.target is not None or r.target_range is not None]
    if period is not None and any(r.target_basis is not None and r.target_basis.derived for r in shown):
        notes.append(label("derived_note", lang, period=period.label().render(lang)))
    revised = [r for r in shown if r.target_revised and r.target_revision is not None]
    if revised:
        named = "; ".join(
            f"{r.id} {revision_text(r.target_revision).render(lang)}" for r in revised if r.target_revision
        )
        notes.append(f"{label('revised_note', lang)}: {named}")
    return notes


def capaian_text(result: NodeResult, lang: str) -> Text:
    if result.capaian is None:
        return Text("–")
    value = result.capaian_capped
    text = numbers.percent(value, lang)
    if value != result.capaian:
        text += "*"
    return Text(text, style=safe.style(result.band.color if result.band else None))


def render_tree(
    evaluation: Evaluation,
    results: list[NodeResult],
    lang: str = "id",
    width: int | None = None,
    comparisons: dict | None = None,
    compare: tuple[str, ...] = (),
) -> Group:
    """The tree as aligned lines: numbers keep their full width; names (then predikat labels) give way to `width`."""
    ws = evaluation.workspace
    rows = []
    for prefix, result in zip(guides(results), results, strict=True):
        spec = result.spec
        name = Text(no_wrap=True, overflow="ellipsis")
        name.append(prefix, style="dim")
        safe.append(name, spec.id, style=KIND_STYLE.get(spec.kind.value, ""))
        safe.append(name, " " + (spec.indicator if spec.kind.value == "iku" and spec.indicator else spec.name))
        rows.append(
            [
                name,
                safe.text(target_text(result, lang)),
                safe.text(realisasi_text(result, lang)),
                capaian_text(result, lang),
                predikat_text(result, lang) if ws.has_predikat else _status_only(result, lang),
                Text(numbers.percent(result.serapan, lang) if result.serapan is not None else "–"),
            ]
        )
    period = period_suffix(evaluation, lang)
    title = safe.text(
        f"{ws.organisation.short_name or ws.organisation.name} — {label('title', lang, year=evaluation.year)}{period}",
        style="table.title",
    )
    extra_headers, extra = _comparison_cells(results, comparisons or {}, compare, lang)
    extra_widths = [max([len(h)] + [row[i].cell_len for row in extra]) for i, h in enumerate(extra_headers)]
    # `scale: none`: no predikat; the column then names only the states without capaian, or goes when all are ok
    fifth = "predikat" if ws.has_predikat else "status"
    keep_fifth = ws.has_predikat or any(r.status is not Status.OK for r in results)
    keys = ("indicator", "target", "realisasi", "capaian", fifth, "serapan")
    widths = [max([row[i].cell_len for row in rows] + [len(label(key, lang))]) for i, key in enumerate(keys)]
    name_w, pred_w = widths[0], min(widths[4], 20)
    if width is not None:
        available = width - sum(widths[1:4]) - widths[5] - (len(keys) - 1) - sum(w + 1 for w in extra_widths)
        pred_w = pred_w if available - pred_w >= 40 else available - 40
        if not keep_fifth:
            pred_w = -1  # no column, nor the space before it
        elif not ws.has_predikat:
            pred_w = max(1, min(widths[4], available - NAME_MIN))
        elif pred_w < min(16, widths[4]):  # too narrow for labels: codes only (the legend explains them)
            pred_w = max(4, max((len(b.code) for b in ws.scale.bands), default=2))
            for row, result in zip(rows, results, strict=True):
                row[4] = predikat_text(result, lang, short=True)
        name_w = max(NAME_MIN, min(name_w, available - pred_w))
    narrow = ws.has_predikat and pred_w < min(16, widths[4])
    headers = [label(key, lang) for key in keys] + extra_headers
    if narrow:
        headers[4] = headers[4][:pred_w]
    columns = [
        (name_w, False),
        (widths[1], True),
        (widths[2], True),
        (widths[3], True),
        (pred_w, False),
        (widths[5], True),
    ] + [(w, True) for w in extra_widths]
    if not keep_fifth:
        del headers[4], columns[4]
        for row in rows:
            del row[4]
    lines = [_line([Text(h, style="bold") for h in headers], columns)]
    lines += [_line(row + more, columns) for row, more in zip(rows, extra, strict=True)]
    total = sum(w for w, _ in columns) + len(columns) - 1
    if title.cell_len <= total:
        title.align("center", total)
    parts: list[RenderableType] = [title, *lines, Text("")]
    if "renstra" in compare and not ws.organisation.has_renstra:
        parts.append(Text(f"vs renstra: {NO_RENSTRA.render(lang)}"))
    parts += [safe.text(note) for note in target_notes(evaluation, results, lang)]
    if ws.has_predikat:
        parts.append(legend(evaluation, lang))
    return Group(*parts, totals(evaluation, results, lang))


def _line(cells: list[Text], columns: list[tuple[int, bool]]) -> Text:
    """One row of the tree: each cell cut with an ellipsis or padded to its column, one space between columns.

    Laid out here rather than by rich's Table, whose layout of 50,000 rows costs tens of seconds."""
    line = Text(overflow="fold", end="\n")  # too narrow for the numbers: the line folds, never cuts a number
    for i, (cell, (width, right)) in enumerate(zip(cells, columns, strict=True)):
        piece = cell.copy()
        piece.truncate(width, overflow="ellipsis")
        piece.align("right" if right else "left", width)
        if i:
            line.append(" ")
        line.append_text(piece)
    line.rstrip()
    return line


def _comparison_cells(
    results: list[NodeResult], comparisons: dict, compare: tuple[str, ...], lang: str
) -> tuple[list[str], list[list[Text]]]:
    """Headers and cells for --compare: previous year's realisasi, gap to the renstra end target, national."""
    headers: list[str] = []
    year = results[0].year if results else 0
    if "prev" in compare:
        headers.append(str(year - 1))
    if "renstra" in compare:
        headers.append("vs renstra")
    if "national" in compare:
        headers.append("nasional" if lang == "id" else "national")
    cells: list[list[Text]] = []
    for result in results:
        c = comparisons.get(result.id)
        row = []
        if "prev" in compare:
            row.append(safe.text(numbers.quantity(c.prev_realisasi, result.spec.unit, lang) if c else "–"))
        if "renstra" in compare:  # without a renstra: '–' here, and the note below the tree says why
            words = c.renstra_words(short=True) if c and c.renstra_declared else None
            row.append(Text(words.render(lang) if words else "–"))
        if "national" in compare:
            row.append(safe.text(numbers.quantity(c.national, result.spec.unit, lang) if c else "–"))
        cells.append(row)
    return headers, cells


def legend(evaluation: Evaluation, lang: str = "id") -> Group:
    scale = evaluation.workspace.scale
    items = []
    for band in scale.bands:
        item = safe.text(band.code, style=safe.style(band.color, bold=True))
        item.append(f" {band.describe()}")
        items.append(item)
    if scale.partial:  # the bands leave some capaian out: say what those are shown as
        items.append(Text(f"{label('out_of_scale', lang)}: {label('other_capaian', lang)}", style="italic"))
    return Group(safe.text(f"{label('legend', lang)} ({scale.id}):", style="bold"), Columns(items, padding=(0, 2)))


def totals(evaluation: Evaluation, results: list[NodeResult], lang: str = "id") -> Text:
    """Totals of what is shown: the budget of the top shown nodes, the mean capaian of the IKU shown."""
    counts = evaluation.count_by_status(results)
    top = min((r.depth for r in results), default=0)
    tops = [r for r in results if r.depth == top]
    pagu_total, spent_total = budget_totals(tops)
    iku_mean = mean_capaian_iku(results)  # as roll-ups count each IKU (after a declared floor or cap)
    currency = evaluation.workspace.organisation.currency
    text = Text(f"{label('totals', lang)}: ", style="bold")
    safe.append(text, f"{label('pagu', lang)} {numbers.money(pagu_total, lang, currency)}, ")
    safe.append(text, f"{label('realisasi_anggaran', lang)} {numbers.money(spent_total, lang, currency)}, ")
    text.append(f"{label('serapan', lang)} {numbers.percent(serapan(pagu_total, spent_total), lang)}")
    if iku_mean is not None:
        text.append(f"; {label('mean_iku', lang)} {numbers.percent(iku_mean, lang)}")
    text.append(f"; {len(results)} {label('nodes', lang)}: ")
    text.append(", ".join(f"{n} {label(status.value, lang)}" for status, n in counts.items()))
    return text
