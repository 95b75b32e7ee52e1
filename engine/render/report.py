"""Chapter III laid out once, for every writer: headings, paragraphs, numbered tables and charts, in a language.

engine/narrative.py gives the sentences; the tables are build_tables' (engine/render/exports.py) rows, picked and
joined per section and formatted for people (Indonesian numbers by default); the charts are charts.chart_set's.
The Word writer (report_docx) and the Markdown writer (report_md) walk the same blocks, so both say the same thing
in the same order, with the same table and chart numbers.

    3.1  the organisation: how capaian is measured, the predikat scale, the summary, every sasaran and IKU
    3.2  per sasaran: its IKU compared (previous year, renstra end target, national); per IKU its paragraphs, its
         chart and its programs; the sasaran's budget and efficiency, with its programs' budget table
    3.3  the budget: absorption and efficiency of every sasaran and program, the serapan chart
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..compare import Comparison
from ..evaluate import Evaluation, NodeResult
from ..model import Kind
from ..narrative import Chapter, IkuPart, SasaranPart, Sentence, chapter
from . import numbers
from .charts import Chart, chart_set
from .exports import ExportTable, build_tables
from .labels import label

CHAPTER = "3"  # chapter III: tables and charts are numbered 3.1, 3.2, ...


@dataclass(frozen=True)
class Heading:
    level: int  # 1 the chapter, 2 a section (3.1), 3 a sasaran (3.2.1), 4 an IKU
    text: str
    subtitle: str = ""  # the chapter's second line (AKUNTABILITAS KINERJA)


@dataclass(frozen=True)
class Paragraph:
    text: str
    key: str  # the template (docs/report-sentences.md)
    bullet: bool = False


@dataclass(frozen=True)
class Column:
    title: str
    numeric: bool = False  # right-aligned
    width: float = 2.0  # in cm, on an A4 portrait page (15.5 cm between the margins)


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]
    bold: bool = False  # a sasaran row, or the totals
    indent: int = 0  # depth below the table's top rows (kegiatan 1, sub kegiatan 2)


@dataclass(frozen=True)
class Table:
    label: str  # 'Tabel' / 'Table'
    number: int
    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    key: str = ""  # stable: 'scale', 'capaian', 'compare-SS1', 'budget-SS1', 'efficiency'

    @property
    def caption(self) -> str:
        return f"{self.label} {CHAPTER}.{self.number} {self.title}"


@dataclass(frozen=True)
class Figure:
    label: str  # 'Grafik' / 'Figure'
    number: int
    title: str
    chart: Chart
    data: str  # the chart's values as text (the Markdown report shows this instead of the picture)

    @property
    def caption(self) -> str:
        return f"{self.label} {CHAPTER}.{self.number} {self.title}"


Block = Heading | Paragraph | Table | Figure


@dataclass
class _Numbers:
    tables: int = 0
    figures: int = 0


@dataclass
class Report:
    year: int
    lang: str
    office: str
    short_name: str
    blocks: list[Block] = field(default_factory=list)
    chapter: Chapter | None = None

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def figures(self) -> list[Figure]:
        return [b for b in self.blocks if isinstance(b, Figure)]


def _t(lang: str, id_text: str, en_text: str) -> str:
    return id_text if lang == "id" else en_text


def build_report(evaluation: Evaluation, previous: Evaluation | None = None, lang: str = "id") -> Report:
    """Chapter III of the evaluated year as blocks, in `lang`; `previous` is the year before (for comparisons)."""
    ws = evaluation.workspace
    story = chapter(evaluation, previous)
    report = Report(evaluation.year, lang, ws.organisation.name, ws.organisation.short_name, chapter=story)
    count = _Numbers()
    charts = {c.key: c for c in chart_set(evaluation, lang=lang, previous=previous)}
    results = list(evaluation.results.values())
    out = report.blocks

    out.append(
        Heading(1, _t(lang, "BAB III", "CHAPTER III"), _t(lang, "AKUNTABILITAS KINERJA", "PERFORMANCE ACCOUNTABILITY"))
    )
    out += _paragraphs(story.intro, lang)
    out.append(Heading(2, _t(lang, "3.1 Capaian Kinerja Organisasi", "3.1 Performance of the organisation")))
    out += _paragraphs(story.rules, lang)
    if ws.has_predikat and ws.scale.bands:
        out.append(_scale_table(evaluation, lang, count))
    out += _paragraphs(story.summary, lang)
    tables = _tables(evaluation, results, lang, previous)
    out.append(_capaian_table(evaluation, tables["capaian_iku"], lang, count))
    if "capaian-iku" in charts:
        out.append(_figure(charts["capaian-iku"], charts["capaian-iku"].title, lang, count))

    out.append(Heading(2, _t(lang, "3.2 Analisis Capaian Kinerja", "3.2 Analysis of performance")))
    for part in story.sasaran:
        out += _sasaran_blocks(evaluation, previous, part, charts, lang, count)

    out.append(Heading(2, _t(lang, "3.3 Realisasi Anggaran dan Efisiensi", "3.3 Budget and efficiency")))
    out += _paragraphs(story.budget, lang)
    if "efisiensi" in tables:
        out.append(_efficiency_table(evaluation, tables["efisiensi"], lang, count))
    if "serapan-program" in charts:
        out.append(_figure(charts["serapan-program"], charts["serapan-program"].title, lang, count))
    return report


def _paragraphs(sentences: tuple[Sentence, ...], lang: str) -> list[Block]:
    return [Paragraph(s.text.render(lang), s.key, s.bullet) for s in sentences]


def _tables(
    evaluation: Evaluation,
    results: list[NodeResult],
    lang: str,
    previous: Evaluation | None = None,
    compare: tuple[str, ...] = (),
) -> dict[str, ExportTable]:
    return {t.name: t for t in build_tables(evaluation, results, lang, previous, compare)}


def _records(table: ExportTable, totals: bool = False) -> Iterator[dict[str, Any]]:
    """The table's rows as records: its node rows, and its total rows (no id) when asked for."""
    keys = [c.key for c in table.columns]
    for index, row in enumerate(table.rows):
        if totals or index not in table.totals:
            yield dict(zip(keys, row, strict=True))


# --- cells -------------------------------------------------------------------------------------------------


def _quantity(value: Any, unit: str | None, lang: str) -> str:
    """A target or realisasi with its unit ('97,00 %', '1 dokumen'); a range target as build_tables wrote it."""
    if isinstance(value, str):
        return value
    return numbers.quantity(value, unit, lang)


def _signed(value: float | None, lang: str) -> str:
    if value is None:
        return "–"
    text = numbers.percent(value, lang)
    return "+" + text if value > 0 else text


def _money(value: float | None, lang: str, currency: str) -> str:
    return numbers.money(value, lang, currency)


# --- the tables ----------------------------------------------------------------------------------------------


def _scale_table(evaluation: Evaluation, lang: str, count: _Numbers) -> Table:
    scale = evaluation.workspace.scale
    count.tables += 1
    rows = tuple(Row((band.code, band.describe(), band.interpretation(lang))) for band in scale.bands)
    return Table(
        _t(lang, "Tabel", "Table"),
        count.tables,
        _t(lang, "Skala predikat capaian kinerja", "Grading scale of achievement"),
        (
            Column(label("predikat", lang), width=2.2),
            Column(_t(lang, "Capaian (%)", "Achievement (%)"), width=3.0),
            Column(_t(lang, "Interpretasi", "Interpretation"), width=10.3),
        ),
        rows,
        "scale",
    )


def _capaian_table(evaluation: Evaluation, table: ExportTable, lang: str, count: _Numbers) -> Table:
    """Every sasaran (bold, its capaian) and IKU (target, realisasi, capaian, predikat)."""
    has_predikat = evaluation.workspace.has_predikat
    rows = []
    for rec in _records(table):
        result = evaluation.results[rec["id"]]
        is_sasaran = result.spec.kind is Kind.SASARAN
        name = result.spec.name if is_sasaran else rec["indicator"]
        target = (
            numbers.target(None, result.target_range, rec["unit"], lang)
            if result.target_range is not None
            else _quantity(rec["target"], rec["unit"], lang)
        )
        cells = [
            rec["id"],
            name,
            "" if is_sasaran else target,
            "" if is_sasaran else _quantity(rec["realisasi"], rec["unit"], lang),
            numbers.percent(rec["capaian"], lang),
        ]
        if has_predikat:
            cells.append(rec.get("predikat") or "–")
        rows.append(Row(tuple(cells), bold=is_sasaran, indent=0 if is_sasaran else 1))
    columns = [
        Column(label("id", lang), width=1.5),
        Column(_t(lang, "Sasaran strategis / Indikator kinerja", "Strategic objective / indicator"), width=5.5),
        Column(f"{label('target', lang)} {evaluation.year}", True, 1.9),
        Column(label("realisasi", lang), True, 1.9),
        Column(label("capaian", lang), True, 2.0),
    ]
    if has_predikat:
        columns.append(Column(label("predikat", lang), width=2.7))
    else:
        columns[1] = Column(columns[1].title, width=8.3)
    count.tables += 1
    return Table(
        _t(lang, "Tabel", "Table"),
        count.tables,
        _t(
            lang,
            f"Capaian sasaran strategis dan indikator kinerja utama tahun {evaluation.year}",
            f"Achievement of the strategic objectives and key indicators, {evaluation.year}",
        ),
        tuple(columns),
        tuple(rows),
        "capaian",
    )


def _compare_table(
    evaluation: Evaluation,
    previous: Evaluation | None,
    part: SasaranPart,
    lang: str,
    count: _Numbers,
) -> Table:
    """The sasaran's IKU against the previous year, the renstra end target and the national figure."""
    year = evaluation.year
    ws = evaluation.workspace
    table = _tables(evaluation, list(part.subtree), lang, previous, ("prev", "renstra", "national"))["capaian_iku"]
    comparisons: dict[str, Comparison] = {iku.result.id: iku.comparison for iku in part.ikus}
    end = ws.organisation.renstra_end
    rows = []
    for rec in _records(table):
        result = evaluation.results[rec["id"]]
        if result.spec.kind is not Kind.IKU:
            continue
        unit = rec["unit"]
        c = comparisons.get(result.id) or Comparison()
        words = c.renstra_words(short=True) if c.renstra_declared and c.vs_renstra is not None else None
        rows.append(
            Row(
                (
                    rec["id"],
                    rec["indicator"],
                    _quantity(rec["prev"], unit, lang),
                    _quantity(rec["realisasi"], unit, lang),
                    _quantity(rec["renstra"], unit, lang),
                    words.render(lang) if words is not None else "–",
                    _quantity(rec["national"], unit, lang),
                )
            )
        )
    columns = [
        Column(label("id", lang), width=1.4),
        Column(_t(lang, "Indikator kinerja", "Indicator"), width=4.3),
        Column(f"{label('realisasi', lang)} {year - 1}", True, 1.9),
        Column(f"{label('realisasi', lang)} {year}", True, 1.9),
        Column(_t(lang, f"Target akhir Renstra {end}", f"Renstra end target {end}"), True, 1.9),
        Column(_t(lang, "Terhadap target akhir", "Against the end target"), True, 2.3),
        Column(_t(lang, "Angka nasional", "National figure"), True, 1.8),
    ]
    title = _t(
        lang,
        f"Realisasi IKU sasaran strategis {part.number} dibandingkan dengan tahun {year - 1}, target akhir "
        f"Renstra dan angka nasional",
        f"The key indicators of strategic objective {part.number} against {year - 1}, the renstra end target "
        f"and the national figure",
    )
    if end is None:  # no renstra declared (the chapter says so once): no end-target columns
        columns = [*columns[:1], Column(columns[1].title, width=8.5), *columns[2:4], columns[6]]
        rows = [Row(row.cells[:4] + row.cells[6:]) for row in rows]
        title = _t(
            lang,
            f"Realisasi IKU sasaran strategis {part.number} dibandingkan dengan tahun {year - 1} dan angka nasional",
            f"The key indicators of strategic objective {part.number} against {year - 1} and the national figure",
        )
    count.tables += 1
    return Table(
        _t(lang, "Tabel", "Table"), count.tables, title, tuple(columns), tuple(rows), f"compare-{part.result.id}"
    )


def _budget_table(evaluation: Evaluation, part: SasaranPart, lang: str, count: _Numbers) -> Table:
    """The sasaran's programs, kegiatan and sub kegiatan: capaian beside pagu, realisasi anggaran and serapan,
    with the programs' total (build_tables' program and budget tables, joined by id)."""
    tables = _tables(evaluation, list(part.subtree), lang)
    capaian = {rec["id"]: rec for rec in _records(tables["capaian_program"])} if "capaian_program" in tables else {}
    currency = evaluation.workspace.organisation.currency
    rows = []
    top = None
    for rec in _records(tables["realisasi_anggaran"], totals=True) if "realisasi_anggaran" in tables else ():
        if not rec["id"]:  # the totals
            rows.append(
                Row(
                    (
                        "",
                        rec["name"],
                        "",
                        _money(rec["pagu"], lang, currency),
                        _money(rec["realisasi_anggaran"], lang, currency),
                        numbers.percent(rec["serapan"], lang),
                    ),
                    bold=True,
                )
            )
            continue
        result = evaluation.results[rec["id"]]
        top = result.depth if top is None else min(top, result.depth)
        perf = capaian.get(rec["id"], {})
        shown = numbers.percent(perf.get("capaian"), lang)
        if perf.get("capaian") is None and result.status.value != "ok":
            shown = label(result.status.value, lang)
        rows.append(
            Row(
                (
                    rec["id"],
                    rec["name"],
                    shown,
                    _money(rec["pagu"], lang, currency),
                    _money(rec["realisasi_anggaran"], lang, currency),
                    numbers.percent(rec["serapan"], lang),
                ),
                bold=result.spec.kind is Kind.PROGRAM,
                indent=result.depth - (top or 0),
            )
        )
    count.tables += 1
    return Table(
        _t(lang, "Tabel", "Table"),
        count.tables,
        _t(
            lang,
            f"Capaian kinerja dan realisasi anggaran program, kegiatan dan sub kegiatan sasaran strategis "
            f"{part.number} tahun {evaluation.year}",
            f"Achievement and budget of the programs, activities and sub-activities of strategic objective "
            f"{part.number}, {evaluation.year}",
        ),
        (
            Column(label("id", lang), width=1.8),
            Column(_t(lang, "Program / Kegiatan / Sub kegiatan", "Program / activity / sub-activity"), width=4.7),
            Column(label("capaian", lang), True, 2.0),
            Column(label("pagu", lang), True, 2.6),
            Column(label("realisasi_anggaran", lang), True, 2.6),
            Column(label("serapan", lang), True, 1.8),
        ),
        tuple(rows),
        f"budget-{part.result.id}",
    )


def _efficiency_table(evaluation: Evaluation, table: ExportTable, lang: str, count: _Numbers) -> Table:
    currency = evaluation.workspace.organisation.currency
    rows = []
    for rec in _records(table):
        result = evaluation.results[rec["id"]]
        is_sasaran = result.spec.kind is Kind.SASARAN
        efisiensi = rec["efisiensi"]
        rows.append(
            Row(
                (
                    rec["id"],
                    rec["name"],
                    _money(rec["pagu"], lang, currency),
                    _money(rec["realisasi_anggaran"], lang, currency),
                    numbers.percent(rec["serapan"], lang),
                    numbers.percent(rec["capaian"], lang),
                    numbers.number(efisiensi, lang, trim=False) if efisiensi is not None else "–",
                ),
                bold=is_sasaran,
                indent=0 if is_sasaran else 1,
            )
        )
    count.tables += 1
    return Table(
        _t(lang, "Tabel", "Table"),
        count.tables,
        _t(
            lang,
            f"Efisiensi penggunaan anggaran per sasaran strategis dan program tahun {evaluation.year} "
            "(efisiensi = capaian kinerja − serapan anggaran)",
            f"Efficiency of the budget per strategic objective and program, {evaluation.year} "
            "(efficiency = achievement − absorption)",
        ),
        (
            Column(label("id", lang), width=1.2),
            Column(_t(lang, "Sasaran strategis / Program", "Strategic objective / program"), width=3.7),
            Column(label("pagu", lang), True, 2.6),
            Column(label("realisasi_anggaran", lang), True, 2.6),
            Column(label("serapan", lang), True, 1.8),
            Column(label("capaian", lang), True, 2.0),
            Column(label("efisiensi", lang), True, 1.6),
        ),
        tuple(rows),
        "efficiency",
    )


# --- sections ------------------------------------------------------------------------------------------------


def _sasaran_blocks(
    evaluation: Evaluation,
    previous: Evaluation | None,
    part: SasaranPart,
    charts: dict[str, Chart],
    lang: str,
    count: _Numbers,
) -> list[Block]:
    out: list[Block] = [
        Heading(
            3,
            _t(
                lang,
                f"3.2.{part.number} Sasaran Strategis {part.number}: {part.result.spec.name}",
                f"3.2.{part.number} Strategic objective {part.number}: {part.result.spec.name}",
            ),
        )
    ]
    out += _paragraphs(part.intro, lang)
    if part.ikus:
        out.append(_compare_table(evaluation, previous, part, lang, count))
    for iku in part.ikus:
        out += _iku_blocks(iku, charts, lang, count)
    out.append(
        Heading(
            4,
            _t(
                lang,
                f"Efisiensi penggunaan anggaran sasaran strategis {part.number}",
                f"Efficiency of the budget of strategic objective {part.number}",
            ),
        )
    )
    out += _paragraphs(part.efficiency, lang)
    budget = _budget_table(evaluation, part, lang, count)
    if budget.rows:
        out.append(budget)
    return out


def _iku_blocks(iku: IkuPart, charts: dict[str, Chart], lang: str, count: _Numbers) -> list[Block]:
    result = iku.result
    out: list[Block] = [Heading(4, f"{result.id} {result.spec.indicator or result.spec.name}")]
    out += _paragraphs(iku.sentences, lang)
    chart = charts.get(f"iku-{result.id}")
    if chart is not None:
        years = "–".join(chart.categories)
        title = _t(
            lang,
            f"Target dan realisasi {result.id} {result.spec.indicator or result.spec.name}, {years}",
            f"Target and result of {result.id} {result.spec.indicator or result.spec.name}, {years}",
        )
        out.append(_figure(chart, title, lang, count))
    out += _paragraphs(iku.support, lang)
    return out


def _figure(chart: Chart, title: str, lang: str, count: _Numbers) -> Figure:
    count.figures += 1
    return Figure(_t(lang, "Grafik", "Figure"), count.figures, title, chart, chart_data(chart, lang))


def chart_data(chart: Chart, lang: str) -> str:
    """The chart's values as one line of text: 'Target: 2023 0,12 %, 2024 0,13 %; Realisasi: ...'."""
    parts = []
    for series in chart.series:
        values = ", ".join(
            f"{category} {numbers.quantity(value, chart.unit, lang)}"
            for category, value in zip(chart.categories, series.values, strict=True)
        )
        parts.append(f"{series.name}: {values}")
    return "; ".join(parts)
