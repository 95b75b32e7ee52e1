"""The `lkip` command line: parse options, call the engine, print, return an exit code.

Exit codes: 0 success, 1 problems found in specs/data (or differences found by check), 2 usage error.
"""

from __future__ import annotations

import contextlib
import enum
import io
import os
import sys
from functools import partial
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.console import Console

from lkip.engine import api
from lkip.engine import schema as schemas
from lkip.engine.cache import ParseCache
from lkip.engine.compare import Comparison, compare_all, parse_comparisons
from lkip.engine.diagnostics import Diagnostic, LkipError, UsageError, did_you_mean
from lkip.engine.evaluate import Evaluation, NodeResult
from lkip.engine.explain import explain
from lkip.engine.messages import Message
from lkip.engine.model import Workspace
from lkip.engine.offices import Describe, discover, evaluate_offices, ranking
from lkip.engine.reconcile import Severity, at_least
from lkip.engine.reconcile import audit as reconcile
from lkip.engine.render import safe
from lkip.engine.render.explain_text import render_explain
from lkip.engine.render.exports import build_tables, table_csv, to_csv, to_markdown, to_xlsx
from lkip.engine.render.jsonout import check_document, dumps, eval_document, explain_document, validate_document
from lkip.engine.render.offices import office_iku, offices_iku_table, ranking_table, render_ranking
from lkip.engine.render.reconcile_text import render_check, render_check_md
from lkip.engine.render.safe import html_page
from lkip.engine.render.select import select
from lkip.engine.render.table import render_table
from lkip.engine.render.tree import period_suffix, render_tree
from lkip.engine.render.validate_text import render_validate
from lkip.engine.render.workbook import Heading
from lkip.engine.validation import Compiled

from . import import_cmd, init_cmd, offices_json, report_cmd, template_cmd
from .offices_json import Spool
from .output import (
    Content,
    Streamed,
    atomic_write,
    console_width,
    print_diagnostics,
    private_tempdir,
    produce,
    resolve_output,
    run_safely,
    write_error,
    write_stdout,
)
from .texts import Command, Group, detect, h, usage_line

ABOUT = h(
    "Compute, explain and check an LKIP performance tree declared in YAML (specs/ and data/).",
    "Hitung, jelaskan dan periksa pohon kinerja LKIP yang dideklarasikan dalam YAML (specs/ dan data/).",
)

app = typer.Typer(
    name="lkip",
    help=ABOUT,
    cls=Group,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Lang(str, enum.Enum):
    id = "id"
    en = "en"


class EvalFormat(str, enum.Enum):
    tree = "tree"
    table = "table"
    json = "json"
    md = "md"
    csv = "csv"
    xlsx = "xlsx"
    html = "html"
    html_terminal = "html-terminal"


class CsvDialect(str, enum.Enum):
    plain = "plain"
    id = "id"


class TextOrJson(str, enum.Enum):
    text = "text"
    json = "json"


class CheckFormat(str, enum.Enum):
    text = "text"
    json = "json"
    md = "md"


class MinSeverity(str, enum.Enum):
    minor = "minor"
    material = "material"


LangOpt = typer.Option(
    Lang.id,
    "--lang",
    envvar="LKIP_LANG",
    help=h(
        "Language of messages, labels and numbers: id (Indonesian) or en.",
        "Bahasa pesan, label dan angka: id (Indonesia) atau en (Inggris).",
    ),
)
SpecsOpt = typer.Option(
    Path("specs"),
    "--specs",
    envvar="LKIP_SPECS",
    help=h("Folder of the declared tree.", "Folder pohon kinerja yang dideklarasikan."),
    show_default=True,
)
DataOpt = typer.Option(
    Path("data"),
    "--data",
    envvar="LKIP_DATA",
    help=h("Folder of the yearly data.", "Folder data tahunan."),
    show_default=True,
)
NoColorOpt = typer.Option(
    False, "--no-color", help=h("No colors (NO_COLOR is honoured too).", "Tanpa warna (NO_COLOR juga dipatuhi).")
)
FormatOpt = typer.Option(TextOrJson.text, "--format", "-f", help=h("text or json.", "text atau json."))
PeriodOpt = typer.Option(
    None,
    "--period",
    metavar="S1|TW2|B6",
    help=h(
        "Evaluate up to this period from the period data: S1, S2, TW1-TW4, B1-B12 (without it: the year).",
        "Evaluasi sampai periode ini dari data periode: S1, S2, TW1-TW4, B1-B12 (tanpanya: setahun).",
    ),
)
TwOpt = typer.Option(
    None,
    "--tw",
    min=1,
    max=4,
    help=h(
        "Evaluate up to this quarter (1-4) from the quarterly (triwulan) data; the same as --period TWN.",
        "Evaluasi sampai triwulan ini (1-4) dari data triwulan; sama dengan --period TWN.",
    ),
)
AsOfOpt = typer.Option(
    None,
    "--as-of",
    metavar="YYYY-MM-DD",
    help=h(
        "Use the targets in force on this date (PK perubahan: a target's revisions before it); without it: the "
        "latest targets.",
        "Pakai target yang berlaku pada tanggal ini (PK perubahan: revisi target sebelum tanggal itu); tanpanya: "
        "target terbaru.",
    ),
)


def _package_version() -> str:
    """lkip's installed version; LookupError from a source tree. importlib.metadata is imported here, not at
    start-up: it costs about 20 ms, a tenth of a command."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("lkip")
    except PackageNotFoundError as error:
        raise LookupError("lkip is not installed") from error


def _generator() -> str:
    """'lkip 0.1.0': what a written report names as its maker."""
    try:
        return f"lkip {_package_version()}"
    except LookupError:
        return "lkip"


def _version(value: bool) -> None:
    if value:
        try:
            typer.echo(f"lkip {_package_version()}")
        except LookupError:  # pragma: no cover - running from a source tree
            typer.echo("lkip (not installed)")
        raise typer.Exit(0)


@app.callback()
def main(
    version: bool = typer.Option(
        False,
        "--version",
        callback=_version,
        is_eager=True,
        help=h("Show the version and exit.", "Tampilkan versi lalu keluar."),
    ),
    lang: Lang | None = typer.Option(
        None, "--lang", help=h("Language of every command: id or en.", "Bahasa untuk semua perintah: id atau en.")
    ),
    no_cache: bool = typer.Option(
        False,
        "--no-cache",
        help=h(
            "Parse and check every file again, without the cache of unchanged files (also LKIP_NO_CACHE=1).",
            "Urai dan periksa ulang setiap berkas, tanpa cache berkas yang tidak berubah (juga LKIP_NO_CACHE=1).",
        ),
    ),
) -> None:
    if lang is not None:  # `lkip --lang en eval 2024`: the commands read LKIP_LANG
        os.environ["LKIP_LANG"] = lang.value
    if no_cache:
        os.environ["LKIP_NO_CACHE"] = "1"


def _cache() -> ParseCache | None:
    """The cache of parsed files, unless --no-cache or LKIP_NO_CACHE says otherwise."""
    return None if os.environ.get("LKIP_NO_CACHE", "") not in ("", "0") else ParseCache()


def _console(no_color: bool = False, stderr: bool = False) -> Console:
    return Console(
        stderr=stderr,
        no_color=no_color or "NO_COLOR" in os.environ,
        highlight=False,
        soft_wrap=False,
        width=console_width(),
    )


def _fail(error: LkipError, no_color: bool = False, lang: str = "id") -> NoReturn:
    """Print the problems, one line each; exit 1 for problems in files, 2 for a usage error."""
    print_diagnostics(_console(no_color, stderr=True), error.diagnostics, lang)
    raise typer.Exit(error.exit_code)


def _evaluated(
    specs: Path,
    data: Path,
    year: int,
    no_color: bool,
    lang: str,
    trace: bool = False,
    node_id: str | None = None,
    only: str | None = None,
    triwulan: int | None = None,
    shared: Path | None = None,
    period: str | None = None,
    as_of: str | None = None,
) -> tuple[Workspace, Compiled, Evaluation]:
    """The checked workspace and the year's (or --period's) evaluation, with the targets in force on --as-of; on
    problems, print them and exit (1 or 2)."""
    try:
        asked = api.period_option(period, triwulan)
        day = api.as_of_option(as_of)
        ws, compiled = api.require(api.validate(specs, data, _cache(), shared))
        if node_id is not None:
            api.require_node(ws, node_id)
        if only is not None:
            api.require_node(ws, only, "--only")
        return ws, compiled, api.evaluate_year(ws, compiled, year, trace=trace, period=asked, as_of=day)
    except LkipError as error:
        _fail(error, no_color, lang)


@app.command(
    "eval",
    cls=Command,
    help=h(
        "Evaluate YEAR and print the colored achievement tree (or a table, JSON, or the report's tables).",
        "Evaluasi TAHUN dan tampilkan pohon capaian berwarna (atau tabel, JSON, atau tabel-tabel laporan).",
    ),
)
def eval_command(
    year: int = typer.Argument(
        ..., metavar=h("YEAR", "TAHUN"), help=h("The year to evaluate, e.g. 2024.", "Tahun yang dievaluasi, mis. 2024.")
    ),
    format: EvalFormat | None = typer.Option(
        None,
        "--format",
        "-f",
        help=h(
            "Output format: tree, table, json, md (report tables), csv, xlsx, html (a report page with "
            "the tree and charts), html-terminal (the terminal's tree as a page); by default --output's "
            "extension, else tree.",
            "Format keluaran: tree, table, json, md (tabel laporan), csv, xlsx, html (halaman laporan "
            "berisi pohon dan grafik), html-terminal (pohon terminal sebagai halaman); bawaannya ekstensi "
            "--output, selain itu tree.",
        ),
    ),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        help=h(
            "Write to this regular file (atomically) instead of the terminal; "
            ".xlsx .md .csv .json .html .txt set the format.",
            "Tulis ke berkas biasa ini (secara atomik), bukan ke terminal; "
            ".xlsx .md .csv .json .html .txt menentukan format.",
        ),
    ),
    depth: int | None = typer.Option(
        None,
        "--depth",
        min=0,
        help=h(
            "Show only this many levels below the first (0 = the top only).",
            "Tampilkan hanya sekian tingkat di bawah yang pertama (0 = puncak saja).",
        ),
    ),
    only: str | None = typer.Option(
        None,
        "--only",
        help=h("Show only the subtree of this node id.", "Tampilkan hanya cabang simpul dengan kode ini."),
    ),
    compare: str | None = typer.Option(
        None,
        "--compare",
        help=h(
            "Add comparisons: prev, renstra, national (comma-separated).",
            "Tambahkan perbandingan: prev, renstra, national (pisahkan dengan koma).",
        ),
    ),
    tw: int | None = TwOpt,
    root: Path | None = typer.Option(
        None,
        "--root",
        help=h(
            "A folder of office workspaces (sub-folders with specs/ and data/): rank the offices, or show one "
            "with --office.",
            "Folder berisi ruang kerja perangkat daerah (sub-folder dengan specs/ dan data/): peringkat semua, "
            "atau tampilkan satu dengan --office.",
        ),
    ),
    office: str | None = typer.Option(
        None,
        "--office",
        help=h(
            "With --root: the office (sub-folder name) to show.",
            "Dengan --root: perangkat daerah (nama sub-folder) yang ditampilkan.",
        ),
    ),
    jobs: int | None = typer.Option(
        None,
        "--jobs",
        "-j",
        min=1,
        help=h(
            "With --root: offices evaluated in this many processes at once (default: the machine's cores).",
            "Dengan --root: perangkat daerah dievaluasi dalam sekian proses sekaligus (bawaan: jumlah inti mesin).",
        ),
    ),
    csv_dialect: CsvDialect | None = typer.Option(
        None,
        "--csv-dialect",
        help=h(
            "With --format csv: plain (comma, dot decimals: for scripts; the default) or id (semicolon, decimal comma, "
            "whole rupiah, UTF-8 with BOM: for Excel in Indonesian).",
            "Dengan --format csv: plain (koma, desimal titik: untuk skrip; bawaan) atau id (titik koma, desimal koma, "
            "rupiah bulat, UTF-8 dengan BOM: untuk Excel berbahasa Indonesia).",
        ),
    ),
    period: str | None = PeriodOpt,
    as_of: str | None = AsOfOpt,
    lang: Lang = LangOpt,
    no_color: bool = NoColorOpt,
    specs: Path = SpecsOpt,
    data: Path = DataOpt,
) -> None:
    try:
        chosen = parse_comparisons(compare)
        if office is not None:
            specs, data = _office_folders(root, office)
    except UsageError as error:
        _fail(error, no_color, lang.value)
    dialect = (csv_dialect or CsvDialect.plain).value
    if root is not None and office is None:
        output, format = _eval_format(output, format, (root,), no_color, lang.value, csv_dialect)
        _eval_offices(root, year, format, output, jobs or os.cpu_count() or 1, no_color, lang.value, dialect)
        return
    output, format = _eval_format(output, format, (specs, data), no_color, lang.value, csv_dialect)
    shared = root if office is not None else None  # --office: the root's scales.yaml serves an office without one
    ws, compiled, evaluation = _evaluated(
        specs, data, year, no_color, lang.value, only=only, triwulan=tw, shared=shared, period=period, as_of=as_of
    )
    # the workbook's and the html report's charts put the previous year beside this one, as --compare prev does
    charted = format in (EvalFormat.xlsx, EvalFormat.html)
    previous = api.previous_year(ws, compiled, year) if chosen or charted else None
    results = select(evaluation, only=only, depth=depth)
    comparisons = compare_all(evaluation, previous) if chosen else {}
    if format is EvalFormat.html:  # the report page: tree, charts (previous year beside this one), summary
        from lkip.engine.render.html_report import html_report

        opened = None if depth is not None or only is not None else 3  # a chosen part opens whole; else to programs
        page = html_report(
            evaluation, results, lang.value, previous, comparisons, chosen, _generator(), open_levels=opened
        )
        _emit(page, output, lang.value)
    elif format in (EvalFormat.json, EvalFormat.csv, EvalFormat.md, EvalFormat.xlsx):
        heading = f"{ws.organisation.name} — LKIP {year}{period_suffix(evaluation, lang.value)}"
        _emit_document(format, evaluation, results, previous, comparisons, chosen, heading, output, lang.value, dialect)
    else:
        _show(format, evaluation, results, comparisons, chosen, output, no_color, lang.value)


def _office_folders(root: Path | None, office: str) -> tuple[Path, Path]:
    """specs/ and data/ of --office under --root (UsageError: --office without --root, or an unknown office)."""
    if root is None:
        raise UsageError(
            [
                Diagnostic(
                    code="LK403",
                    message=Message("--office needs --root", "--office memerlukan --root"),
                    hint=Message("give --root DIR", "beri --root FOLDER"),
                )
            ]
        )
    keys = [o.key for o in discover(root)]
    if office not in keys:
        raise UsageError(
            [
                Diagnostic(
                    code="LK401",
                    path=str(root),
                    message=Message(
                        "--office: no office '{key}'", "--office: tidak ada perangkat daerah '{key}'", key=office
                    ),
                    hint=did_you_mean(office, keys)
                    or Message("offices: {keys}", "perangkat daerah: {keys}", keys=keys),
                )
            ]
        )
    return root / office / "specs", root / office / "data"


def _eval_offices(
    root: Path,
    year: int,
    format: EvalFormat,
    output: Path | None,
    jobs: int,
    no_color: bool,
    lang: str,
    dialect: str = "plain",
) -> None:
    """The ranking of the offices under root (tree/table: a table; json: schema/offices.schema.json), then each
    office's problems under its name; exit 1 when an office could not be evaluated."""
    try:
        with private_tempdir() as spool:  # --format json: each office's document waits there, not in memory
            document: Describe | None = None
            if format is EvalFormat.json:
                document = Spool(spool, lang)
            elif format in (EvalFormat.md, EvalFormat.xlsx, EvalFormat.html):
                document = partial(office_iku, lang=lang)  # each office's IKU rows, after the ranking
            standings = ranking(evaluate_offices(root, year, cache=_cache(), document=document, jobs=jobs))
            if format is EvalFormat.json:
                _emit(Streamed(partial(offices_json.chunks, year, standings, lang)), output, lang)
    except UsageError as error:
        _fail(error, no_color, lang)
    if format in (EvalFormat.md, EvalFormat.csv, EvalFormat.xlsx):
        table = ranking_table(year, standings, lang)
        if format is EvalFormat.csv:
            _emit(table_csv(table, dialect), output, lang)
        else:
            tables = [table, offices_iku_table(year, standings, lang)]
            if format is EvalFormat.md:
                _emit(to_markdown(tables, lang, f"LKIP {year}"), output, lang)
            else:
                _emit(lambda: to_xlsx(tables, heading=Heading(year, chapter=None), lang=lang), output, lang)
    elif format is EvalFormat.html:
        from lkip.engine.render.html_offices import offices_html

        _emit(offices_html(year, standings, lang, _generator()), output, lang)
    elif format is not EvalFormat.json:  # written above, while the spooled documents were there
        terminal = format is EvalFormat.html_terminal  # the ranking as the terminal shows it, as a colored page
        console = _console(no_color)
        if output is not None or terminal:
            console = Console(
                record=True, width=200, no_color=not terminal, force_terminal=terminal, file=io.StringIO()
            )
        console.print(render_ranking(year, standings, lang, console.width))
        if terminal:
            _emit(html_page(console), output, lang)
        elif output is not None:
            _emit(console.export_text(), output, lang)
    broken = [s.result for s in standings if s.result.problems]
    errors = _console(no_color, stderr=True)
    for result in broken:
        errors.print(safe.text(f"{result.office.key}:"), soft_wrap=True)
        print_diagnostics(errors, result.problems, lang)
    if broken:
        raise typer.Exit(1)


def _eval_format(
    output: Path | None,
    format: EvalFormat | None,
    protected: tuple[Path, ...],
    no_color: bool,
    lang: str,
    csv_dialect: CsvDialect | None = None,
) -> tuple[Path | None, EvalFormat]:
    """The output file and the format (--format, else --output's extension, else tree); xlsx needs a file;
    --csv-dialect only goes with csv."""
    try:
        output, resolved = resolve_output(output, format, protected)
    except UsageError as error:
        _fail(error, no_color, lang)
    chosen = EvalFormat(resolved)
    if csv_dialect is not None and chosen is not EvalFormat.csv:
        _fail(
            UsageError(
                [
                    Diagnostic(
                        code="LK410",
                        message=Message(
                            "--csv-dialect {dialect} applies to csv, not to {fmt}",
                            "--csv-dialect {dialect} berlaku untuk csv, bukan untuk {fmt}",
                            dialect=csv_dialect.value,
                            fmt=chosen.value,
                        ),
                        hint=Message(
                            "add --format csv (or write to a .csv file), or drop --csv-dialect",
                            "tambahkan --format csv (atau tulis ke berkas .csv), atau hapus --csv-dialect",
                        ),
                    )
                ]
            ),
            no_color,
            lang,
        )
    if chosen is EvalFormat.xlsx and output is None:
        _fail(
            UsageError(
                [
                    Diagnostic(
                        code="LK403",
                        message=Message("--format xlsx writes a workbook", "--format xlsx menulis sebuah workbook"),
                        hint=Message("give --output FILE.xlsx", "beri --output BERKAS.xlsx"),
                    )
                ]
            ),
            no_color,
            lang,
        )
    return output, chosen


def _emit_document(
    format: EvalFormat,
    evaluation: Evaluation,
    results: list[NodeResult],
    previous: Evaluation | None,
    comparisons: dict[str, Comparison],
    chosen: tuple[str, ...],
    heading: str,
    output: Path | None,
    lang: str,
    dialect: str = "plain",
) -> None:
    """The data formats: json, csv, and the report's tables as md or the print-ready xlsx."""
    if format is EvalFormat.json:
        _emit(dumps(eval_document(evaluation, results, lang, comparisons, chosen)), output, lang)
    elif format is EvalFormat.csv:
        document = eval_document(evaluation, results, lang)
        nodes, predikat = document["nodes"], evaluation.workspace.has_predikat
        _emit(to_csv(nodes, predikat=predikat, dialect=dialect, document=document), output, lang)
    else:
        tables = build_tables(evaluation, results, lang, previous, chosen)
        if format is EvalFormat.md:
            _emit(to_markdown(tables, lang, heading), output, lang)
        else:
            _emit(lambda: _workbook(evaluation, results, tables, previous, lang), output, lang)  # temporary files too


def _workbook(
    evaluation: Evaluation, results: list[NodeResult], tables: list[Any], previous: Evaluation | None, lang: str
) -> bytes:
    """The print-ready workbook: the tables under the office and year, and the charts' sheet."""
    from lkip.engine.render.charts import category_names, chart_set

    org = evaluation.workspace.organisation
    heading = Heading(evaluation.year, org.name, org.short_name or "", period_suffix(evaluation, lang).strip())
    charts = chart_set(evaluation, results, lang, previous)
    names = {k: v for chart in charts for k, v in category_names(evaluation, chart).items()}
    return to_xlsx(tables, heading=heading, charts=charts, lang=lang, names=names)


def _show(
    format: EvalFormat,
    evaluation: Evaluation,
    results: list[NodeResult],
    comparisons: dict[str, Comparison],
    chosen: tuple[str, ...],
    output: Path | None,
    no_color: bool,
    lang: str,
) -> None:
    """The tree or the table: on the terminal, as text in --output, or as the terminal's colored tree in an html
    page (html-terminal)."""
    html = format is EvalFormat.html_terminal
    console = _console(no_color)
    if output is not None or html:
        console = Console(record=True, width=200, no_color=not html, force_terminal=html, file=io.StringIO())
    renderable = (
        render_tree(evaluation, results, lang, console.width, comparisons, chosen)
        if format in (EvalFormat.tree, EvalFormat.html_terminal)
        else render_table(evaluation, results, lang, console.width)
    )
    console.print(renderable)
    if html:  # the colored tree as a standalone page
        _emit(html_page(console), output, lang)
    elif output is not None:
        _emit(console.export_text(), output, lang)


@app.command(
    "explain",
    cls=Command,
    help=h(
        "Show the audit trail of one figure: formula, inputs, steps, target, rule, predikat, roll-up, budget.",
        "Tampilkan jejak audit satu angka: rumus, input, langkah, target, aturan, predikat, roll-up, anggaran.",
    ),
)
def explain_command(
    node_id: str = typer.Argument(
        ..., metavar="ID", help=h("The node to explain, e.g. IKU1.", "Simpul yang dijelaskan, mis. IKU1.")
    ),
    year: int = typer.Argument(..., metavar=h("YEAR", "TAHUN"), help=h("The year, e.g. 2024.", "Tahun, mis. 2024.")),
    format: TextOrJson = FormatOpt,
    period: str | None = PeriodOpt,
    tw: int | None = TwOpt,
    as_of: str | None = AsOfOpt,
    lang: Lang = LangOpt,
    no_color: bool = NoColorOpt,
    specs: Path = SpecsOpt,
    data: Path = DataOpt,
) -> None:
    ws, compiled, evaluation = _evaluated(
        specs, data, year, no_color, lang.value, trace=True, node_id=node_id, triwulan=tw, period=period, as_of=as_of
    )
    trail = explain(evaluation, node_id, api.previous_year(ws, compiled, year))
    if format is TextOrJson.json:
        _emit(dumps(explain_document(trail, lang.value)), None)
        return
    _console(no_color).print(render_explain(trail, lang.value))


@app.command(
    "check",
    cls=Command,
    help=h(
        "Compare every computed figure with what the report printed; exit 1 when any differs.",
        "Bandingkan setiap angka hasil hitung dengan yang tercetak di laporan; keluar dengan kode 1 bila ada selisih.",
    ),
)
def check_command(
    year: int = typer.Argument(..., metavar=h("YEAR", "TAHUN"), help=h("The year, e.g. 2024.", "Tahun, mis. 2024.")),
    tolerance: float = typer.Option(
        0.0,
        "--tolerance",
        min=0,
        help=h(
            "A further difference that is not reported (in the figure's unit), beyond the printed precision.",
            "Selisih tambahan yang tidak dilaporkan (dalam satuan angkanya), di luar presisi cetaknya.",
        ),
    ),
    min_severity: MinSeverity = typer.Option(
        MinSeverity.minor,
        "--min-severity",
        help=h(
            "minor (every finding) or material (only those that make a printed figure wrong).",
            "minor (semua temuan) atau material (hanya yang membuat angka tercetak salah).",
        ),
    ),
    format: CheckFormat = typer.Option(
        CheckFormat.text,
        "--format",
        "-f",
        help=h("text, json, or md (an audit findings list).", "text, json, atau md (daftar temuan audit)."),
    ),
    period: str | None = PeriodOpt,
    tw: int | None = TwOpt,
    as_of: str | None = AsOfOpt,
    lang: Lang = LangOpt,
    no_color: bool = NoColorOpt,
    specs: Path = SpecsOpt,
    data: Path = DataOpt,
) -> None:
    _, _, evaluation = _evaluated(specs, data, year, no_color, lang.value, triwulan=tw, period=period, as_of=as_of)
    found = reconcile(evaluation, tolerance)
    minimum = Severity(min_severity.value)
    shown = at_least(found.differences, minimum)
    if format is CheckFormat.json:
        _emit(dumps(check_document(year, tolerance, found, lang.value, minimum)), None)
    elif format is CheckFormat.md:
        _emit(render_check_md(year, found, minimum, lang.value), None)
    else:
        _console(no_color).print(render_check(found, tolerance, lang.value, minimum), soft_wrap=True)
    raise typer.Exit(1 if shown else 0)


def _emit(content: Content, output: Path | None, lang: str = "id") -> None:
    """To standard output as UTF-8, or atomically into the output file (text, or a workbook's bytes or maker)."""
    if output is None:
        write_stdout(produce(content))
        return
    try:
        atomic_write(output, produce(content))
    except OSError as exc:
        _fail(write_error(output, exc), lang=lang)


@app.command(
    "validate",
    cls=Command,
    help=h(
        "Check specs and data against the schema and the rules; exit 1 on problems (for CI and pre-commit).",
        "Periksa spesifikasi dan data terhadap skema dan aturan; keluar dengan kode 1 bila ada masalah (untuk CI dan "
        "pre-commit).",
    ),
)
def validate_command(
    strict: bool = typer.Option(
        False, "--strict", help=h("Treat warnings as errors.", "Perlakukan peringatan sebagai galat.")
    ),
    format: TextOrJson = typer.Option(
        TextOrJson.text, "--format", "-f", help=h("text (path:line:col) or json.", "text (path:baris:kolom) atau json.")
    ),
    root: Path | None = typer.Option(
        None,
        "--root",
        help=h(
            "Validate every office workspace under this folder (sub-folders with specs/ and data/).",
            "Validasi setiap ruang kerja perangkat daerah di folder ini (sub-folder dengan specs/ dan data/).",
        ),
    ),
    lang: Lang = LangOpt,
    no_color: bool = NoColorOpt,
    specs: Path = SpecsOpt,
    data: Path = DataOpt,
) -> None:
    if root is not None:
        _validate_offices(root, strict, format, no_color, lang.value)
    checked = api.validate(specs, data, _cache())
    diagnostics = checked.diagnostics.sorted()
    nodes = len(checked.workspace.nodes) if checked.workspace else 0
    years = sorted(checked.workspace.years) if checked.workspace else []
    document = validate_document(diagnostics, strict, nodes, years, lang.value)
    if format is TextOrJson.json:
        _emit(dumps(document), None)
    else:
        _console(no_color).print(render_validate(diagnostics, strict, nodes, years, lang.value), soft_wrap=True)
    raise typer.Exit(0 if document["ok"] else 1)


def _validate_offices(root: Path, strict: bool, format: TextOrJson, no_color: bool, lang: str) -> NoReturn:
    """Each office's problems under its name, and a line per office; exit 1 when any office is not clean."""
    try:
        offices = discover(root)
    except UsageError as error:
        _fail(error, no_color, lang)
    console = _console(no_color)
    documents: list[dict[str, Any]] = []
    for office in offices:
        checked = api.validate(office.specs, office.data, _cache(), shared=root)
        diagnostics = checked.diagnostics.sorted()
        nodes = len(checked.workspace.nodes) if checked.workspace else 0
        years = sorted(checked.workspace.years) if checked.workspace else []
        documents.append(
            {"office": office.key, "validation": validate_document(diagnostics, strict, nodes, years, lang)}
        )
        if format is TextOrJson.text:
            console.print(safe.text(f"{office.key}:", "bold"), soft_wrap=True)
            console.print(render_validate(diagnostics, strict, nodes, years, lang), soft_wrap=True)
    clean = all(d["validation"]["ok"] for d in documents)
    if format is TextOrJson.json:
        _emit(dumps({"format": 1, "ok": clean, "strict": strict, "offices": documents}), None)
    raise typer.Exit(0 if clean else 1)


report_cmd.register(app)  # lkip report: chapter III as Word or Markdown (cli/report_cmd.py)
template_cmd.register(app)  # lkip template (cli/template_cmd.py)
import_cmd.register(app)  # lkip import (cli/import_cmd.py)
init_cmd.register(app)  # lkip init (cli/init_cmd.py)


@app.command(
    "schema",
    cls=Command,
    help=h(
        "Print a JSON Schema (Draft 2020-12), or write them all into a folder for editors and CI.",
        "Cetak sebuah JSON Schema (Draft 2020-12), atau tulis semuanya ke sebuah folder untuk editor dan CI.",
    ),
)
def schema_command(
    name: str | None = typer.Argument(
        None,
        help=h(
            "One schema: " + ", ".join(schemas.SCHEMA_NAMES) + ".",
            "Satu skema: " + ", ".join(schemas.SCHEMA_NAMES) + ".",
        ),
    ),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        help=h(
            "Write every schema as <name>.schema.json into this folder.",
            "Tulis setiap skema sebagai <nama>.schema.json ke folder ini.",
        ),
    ),
    lang: Lang = LangOpt,
) -> None:
    if name is not None and name not in schemas.SCHEMA_NAMES:
        _fail(
            UsageError(
                [
                    Diagnostic(
                        code="LK403",
                        message=Message("unknown schema '{name}'", "skema '{name}' tidak dikenal", name=name),
                        hint=Message("choose from {names}", "pilih dari {names}", names=list(schemas.SCHEMA_NAMES)),
                    )
                ]
            ),
            lang=lang.value,
        )
    if output is not None:
        names = (name,) if name else schemas.SCHEMA_NAMES
        try:
            output.mkdir(parents=True, exist_ok=True)
            for each in names:
                atomic_write(output / f"{each}.schema.json", schemas.schema_text(each))
        except OSError as exc:
            _fail(
                LkipError(
                    [
                        Diagnostic(
                            code="LK001",
                            path=str(output),
                            message=Message(
                                "cannot write: {why}", "tidak dapat menulis: {why}", why=exc.strerror or str(exc)
                            ),
                        )
                    ]
                ),
                lang=lang.value,
            )
        typer.echo(
            Message(
                "wrote {n} schema(s) to {folder}", "{n} skema ditulis ke {folder}", n=len(names), folder=str(output)
            ).render(lang.value)
        )
        return
    _emit(schemas.schema_text(name or "specs"), None)


def _main() -> None:
    """The app with the parser's usage errors as one line (exit 2) instead of typer's boxed panel."""
    try:
        code = app(standalone_mode=False)
    except Exception as exc:  # the parser's errors (click's UsageError), found by their shape: typer vendors click
        message, exit_code = getattr(exc, "format_message", None), getattr(exc, "exit_code", None)
        if not callable(message) or not isinstance(exit_code, int):
            raise
        ctx = getattr(exc, "ctx", None)
        if type(exc).__name__ == "NoArgsIsHelpError":  # `lkip` alone: the help, as typer shows it
            with contextlib.suppress(SystemExit):
                app(["--help"] if ctx is None or ctx.parent is None else [ctx.info_name, "--help"])
            raise SystemExit(exit_code) from None
        command = ctx.command_path if ctx is not None else "lkip"
        sys.stderr.write(usage_line(str(message()), command, detect()) + "\n")
        raise SystemExit(exit_code) from None
    raise SystemExit(code if isinstance(code, int) else 0)


def run() -> None:
    """Console-script entry point: never a traceback for a user's mistake."""
    run_safely(_main)
