"""The report's charts: target against realisasi per IKU, capaian per IKU and serapan per program.

Charts are built once as data (`Chart`: a title, category labels and named series of plain numbers) from an
evaluation, and every output draws the same data: the HTML report and the Word report as SVG/PNG drawn by
matplotlib (`render_svg`, `render_png`), the workbook as native Excel charts. Building the data needs nothing but
the engine; drawing needs the `report` extra (matplotlib), imported only when a chart is drawn.

Workspace strings are data here too: matplotlib's mathtext (`$...$`) is switched off for every text it draws.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..evaluate import Evaluation, NodeResult
from ..model import Kind
from . import numbers
from .labels import label
from .safe import visible

# Okabe–Ito colours: told apart with every common colour-vision deficiency, and dark enough on white for text.
TARGET_COLOR = "#0072B2"
REALISASI_COLOR = "#D55E00"
VALUE_COLOR = "#009E73"
REFERENCE_COLOR = "#555555"


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]
    color: str


@dataclass(frozen=True)
class Chart:
    """One bar chart: `categories` along one axis, a bar per series in each; `reference` draws a line (100 %)."""

    key: str  # stable: 'iku-IKU1', 'capaian-iku', 'serapan-program'
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str = ""
    node_id: str | None = None
    reference: float | None = None
    horizontal: bool = False

    @property
    def has_values(self) -> bool:
        return any(v is not None for s in self.series for v in s.values)


def _t(lang: str, id_text: str, en_text: str) -> str:
    return id_text if lang == "id" else en_text


def _of_kind(evaluation: Evaluation, kind: Kind, chosen: set[str] | None) -> list[NodeResult]:
    return [r for r in evaluation.results.values() if r.spec.kind is kind and (chosen is None or r.id in chosen)]


def iku_chart(result: NodeResult, lang: str, previous: Evaluation | None = None) -> Chart:
    """Target against realisasi of one IKU, the previous year beside this one when the data has it."""
    years: list[tuple[int, NodeResult]] = []
    before = previous.results.get(result.id) if previous is not None else None
    if before is not None and (before.target is not None or before.realisasi is not None):
        years.append((before.year, before))
    years.append((result.year, result))
    name = result.spec.indicator or result.spec.name
    unit = result.spec.unit or ""
    return Chart(
        key=f"iku-{result.id}",
        title=f"{result.id} {name}",
        categories=tuple(str(year) for year, _ in years),
        series=(
            Series(label("target", lang), tuple(r.target for _, r in years), TARGET_COLOR),
            Series(label("realisasi", lang), tuple(r.realisasi for _, r in years), REALISASI_COLOR),
        ),
        unit=unit,
        node_id=result.id,
    )


def capaian_chart(evaluation: Evaluation, lang: str, chosen: set[str] | None = None) -> Chart:
    rows = _of_kind(evaluation, Kind.IKU, chosen)
    return Chart(
        key="capaian-iku",
        title=_t(lang, f"Capaian IKU {evaluation.year}", f"KPI achievement {evaluation.year}"),
        categories=tuple(r.id for r in rows),
        series=(Series(label("capaian", lang), tuple(r.capaian for r in rows), VALUE_COLOR),),
        unit="%",
        reference=100.0,
        horizontal=True,
    )


def serapan_chart(evaluation: Evaluation, lang: str, chosen: set[str] | None = None) -> Chart:
    rows = [r for r in _of_kind(evaluation, Kind.PROGRAM, chosen) if r.pagu]
    return Chart(
        key="serapan-program",
        title=_t(
            lang,
            f"Serapan anggaran per program {evaluation.year}",
            f"Budget absorption per program {evaluation.year}",
        ),
        categories=tuple(r.id for r in rows),
        series=(Series(label("serapan", lang), tuple(r.serapan for r in rows), TARGET_COLOR),),
        unit="%",
        reference=100.0,
        horizontal=True,
    )


def chart_set(
    evaluation: Evaluation,
    results: Iterable[NodeResult] | None = None,
    lang: str = "id",
    previous: Evaluation | None = None,
) -> list[Chart]:
    """The report's charts for the chosen nodes (all by default): the two overviews, then one chart per IKU."""
    chosen = {r.id for r in results} if results is not None else None
    charts = [capaian_chart(evaluation, lang, chosen), serapan_chart(evaluation, lang, chosen)]
    charts += [iku_chart(r, lang, previous) for r in _of_kind(evaluation, Kind.IKU, chosen)]
    return [c for c in charts if c.categories and c.has_values]


def category_names(evaluation: Evaluation, chart: Chart) -> dict[str, str]:
    """The node names behind a chart's category ids (IKU1 → its indicator), for a legend or a table."""
    out = {}
    for category in chart.categories:
        result = evaluation.results.get(category)
        if result is not None:  # an IKU is known by its indicator, a program by its name
            iku = result.spec.kind is Kind.IKU
            out[category] = (result.spec.indicator if iku else None) or result.spec.name
    return out


# --- drawing (matplotlib, the `report` extra) -------------------------------------------------------------


class ChartsUnavailable(RuntimeError):
    """matplotlib is not installed: the caller tells the user to install lkip[report]."""


def _figure(chart: Chart, lang: str, width: float, height: float) -> Any:
    try:
        from matplotlib.figure import Figure
        from matplotlib.ticker import FuncFormatter
    except ImportError as exc:  # pragma: no cover - the test extra installs it
        raise ChartsUnavailable(str(exc)) from exc
    import textwrap

    # a workspace's control characters are spelt out (`\x1b`): XML forbids most of them (the SVG would not parse)
    chart = Chart(
        chart.key,
        visible(chart.title),
        tuple(visible(c) for c in chart.categories),
        tuple(Series(visible(s.name), s.values, s.color) for s in chart.series),
        visible(chart.unit),
        chart.node_id,
        chart.reference,
        chart.horizontal,
    )
    fig = Figure(figsize=(width, height), dpi=100)
    ax = fig.add_subplot()
    n = len(chart.series)
    span = 0.8 / max(n, 1)
    positions = range(len(chart.categories))
    for i, s in enumerate(chart.series):
        offsets = [p - 0.4 + span * (i + 0.5) for p in positions]
        heights = [v if v is not None else 0.0 for v in s.values]
        bars = (ax.barh if chart.horizontal else ax.bar)(offsets, heights, span, label=s.name, color=s.color)
        shown = [numbers.number(v, lang) if v is not None else "–" for v in s.values]
        ax.bar_label(bars, labels=shown, padding=2, fontsize=8)
    ticks = list(positions)
    wrapped = [textwrap.fill(c, 18) for c in chart.categories]
    fmt = FuncFormatter(lambda v, _pos: numbers.number(v, lang))
    if chart.horizontal:
        ax.set_yticks(ticks, wrapped)
        ax.invert_yaxis()
        ax.xaxis.set_major_formatter(fmt)
        if chart.reference is not None:
            ax.axvline(chart.reference, color=REFERENCE_COLOR, linestyle="--", linewidth=1)
        ax.margins(x=0.15)
    else:
        ax.set_xticks(ticks, wrapped)
        ax.yaxis.set_major_formatter(fmt)
        if chart.reference is not None:
            ax.axhline(chart.reference, color=REFERENCE_COLOR, linestyle="--", linewidth=1)
        ax.margins(y=0.15)
    if chart.unit:
        (ax.set_xlabel if chart.horizontal else ax.set_ylabel)(chart.unit)
    ax.set_title(textwrap.fill(chart.title, 70), fontsize=10)
    ax.spines[["top", "right"]].set_visible(False)
    if n > 1:
        ax.legend(fontsize=8, frameon=False)
    fig.tight_layout()
    return fig


def _size(chart: Chart) -> tuple[float, float]:
    if chart.horizontal:
        return 7.0, max(2.2, 0.9 + 0.32 * len(chart.categories) * len(chart.series))
    return 6.0, 3.4


def _draw(chart: Chart, lang: str, fmt: str, dpi: int) -> bytes:
    try:
        import matplotlib
    except ImportError as exc:
        raise ChartsUnavailable(str(exc)) from exc
    settings = {
        "text.parse_math": False,  # a workspace's '$' is text, never mathtext
        "svg.fonttype": "none",  # text stays text in the SVG (searchable, readable by screen readers)
        "svg.hashsalt": "lkip",  # the same chart gives the same bytes
        "font.family": "DejaVu Sans",
    }
    with matplotlib.rc_context(settings), warnings.catch_warnings():  # type: ignore[arg-type]  # stubs: literal keys
        # a glyph the font lacks (a workspace's emoji or CJK name) is drawn as a box: not a warning on the terminal
        warnings.filterwarnings("ignore", message="Glyph .* missing from", category=UserWarning)
        fig = _figure(chart, lang, *_size(chart))
        buffer = io.BytesIO()
        fig.savefig(buffer, format=fmt, dpi=dpi, metadata={"Date": None} if fmt == "svg" else None)
    return buffer.getvalue()


def render_svg(chart: Chart, lang: str = "id") -> str:
    """The chart as an SVG document (text kept as text; no scripts, no external references)."""
    svg = _draw(chart, lang, "svg", 100).decode("utf-8")
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg  # inline: without the XML declaration and doctype


def render_png(chart: Chart, lang: str = "id", dpi: int = 150) -> bytes:
    return _draw(chart, lang, "png", dpi)
