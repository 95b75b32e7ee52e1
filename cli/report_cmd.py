"""`lkip report YEAR`: a draft of the LKIP's chapter III, as a Word document to edit (-o laporan.docx) or as
Markdown (--format md, to standard output or -o laporan.md).

The workspace is loaded and checked as `lkip eval` does; the year before is evaluated too when the data has it
(the comparisons). The Word document needs the `report` extra (python-docx, matplotlib), imported only here: a
missing one is one line telling what to install (LK421), never a traceback.

No `from __future__ import annotations` here: typer reads the command's annotations, which name the options of
cli/main.py that register() receives when main calls it.
"""

import enum
from pathlib import Path

import typer

from lkip.engine.diagnostics import Diagnostic, LkipError, UsageError
from lkip.engine.messages import Message

from .output import OutputRefused, check_target, produce
from .texts import Command, h


class ReportFormat(str, enum.Enum):
    docx = "docx"
    md = "md"


EXTENSIONS = {".docx": ReportFormat.docx, ".md": ReportFormat.md, ".markdown": ReportFormat.md}

HELP = h(
    "Write a draft of the LKIP's chapter III: tables, charts and the comparison paragraphs (Word, or Markdown).",
    "Tulis draf bab III LKIP: tabel, grafik dan paragraf perbandingan (Word, atau Markdown).",
)


def register(app: typer.Typer) -> None:
    """Add `lkip report` to the app (cli/main.py calls this once its shared options are defined)."""
    from . import main as cli

    @app.command("report", cls=Command, help=HELP)
    def report_command(
        year: int = typer.Argument(
            ...,
            metavar=h("YEAR", "TAHUN"),
            help=h("The year to report, e.g. 2024.", "Tahun yang dilaporkan, mis. 2024."),
        ),
        output: Path | None = typer.Option(
            None,
            "--output",
            "-o",
            help=h(
                "Write to this regular file (atomically): .docx a Word document, .md Markdown; "
                "without it, Markdown goes to the terminal.",
                "Tulis ke berkas biasa ini (secara atomik): .docx dokumen Word, .md Markdown; "
                "tanpanya, Markdown ke terminal.",
            ),
        ),
        format: ReportFormat | None = typer.Option(
            None,
            "--format",
            "-f",
            help=h(
                "docx (a Word document, needs --output) or md; by default --output's extension, else docx.",
                "docx (dokumen Word, perlu --output) atau md; bawaannya ekstensi --output, selain itu docx.",
            ),
        ),
        lang: cli.Lang = cli.LangOpt,
        no_color: bool = cli.NoColorOpt,
        specs: Path = cli.SpecsOpt,
        data: Path = cli.DataOpt,
    ) -> None:
        try:
            chosen = resolve_format(output, format, (specs, data))
        except UsageError as error:
            cli._fail(error, no_color, lang.value)
        ws, compiled, evaluation = cli._evaluated(specs, data, year, no_color, lang.value)
        from lkip.engine import api
        from lkip.engine.render.report import build_report

        previous = api.previous_year(ws, compiled, year)
        report = build_report(evaluation, previous, lang.value)
        if chosen is ReportFormat.md:
            from lkip.engine.render.report_md import to_markdown

            cli._emit(to_markdown(report), output, lang.value)
            return
        from lkip.engine.render.charts import ChartsUnavailable
        from lkip.engine.render.report_docx import DocxUnavailable, to_docx

        try:
            document = produce(lambda: to_docx(report))  # matplotlib's temporary files in a private folder
        except (DocxUnavailable, ChartsUnavailable) as exc:
            cli._fail(missing_extra(str(exc)), no_color, lang.value)
        cli._emit(document, output, lang.value)


def resolve_format(output: Path | None, format: ReportFormat | None, protected: tuple[Path, ...]) -> ReportFormat:
    """--format, else --output's extension, else docx; a Word document needs --output (LK420); a --format that
    contradicts the extension is LK405, and --output must be a regular file outside the workspace (LK404)."""
    implied = EXTENSIONS.get(output.suffix.lower()) if output is not None else None
    if format is not None and implied is not None and format is not implied:
        assert output is not None
        raise OutputRefused(
            "LK405",
            output,
            Message(
                "--format {fmt} contradicts the extension {ext}",
                "--format {fmt} bertentangan dengan ekstensi {ext}",
                fmt=format.value,
                ext=output.suffix,
            ),
            Message("drop --format, or rename the file", "hapus --format, atau ganti nama berkas"),
        )
    chosen = format or implied or ReportFormat.docx
    if chosen is ReportFormat.docx and output is None:
        raise UsageError(
            [
                Diagnostic(
                    code="LK420",
                    message=Message(
                        "the Word report is a file: it needs --output",
                        "laporan Word berupa berkas: perlu --output",
                    ),
                    hint=Message(
                        "give -o laporan.docx, or --format md for Markdown on the terminal",
                        "beri -o laporan.docx, atau --format md untuk Markdown di terminal",
                    ),
                )
            ]
        )
    if output is not None:
        check_target(output, protected)
    return chosen


def missing_extra(why: str) -> LkipError:
    """One line (exit 1): the Word report needs the `report` extra."""
    return LkipError(
        [
            Diagnostic(
                code="LK421",
                message=Message(
                    "the Word report needs python-docx and matplotlib, which are not installed ({why})",
                    "laporan Word memerlukan python-docx dan matplotlib, yang belum terpasang ({why})",
                    why=why,
                ),
                hint=Message(
                    "pip install 'lkip[report]', or --format md for Markdown",
                    "pip install 'lkip[report]', atau --format md untuk Markdown",
                ),
            )
        ]
    )
