"""`lkip template YEAR -o isian.xlsx`: the workbook (or CSV) a planner fills in, read back by `lkip import`."""

import errno
import gc
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

from lkip.engine.diagnostics import Diagnostic, LkipError, UsageError
from lkip.engine.messages import Message

from .texts import Command, h


def register(app: typer.Typer) -> None:
    """Add `lkip template` to the application (cli/main.py calls this once)."""
    from .main import DataOpt, Lang, LangOpt, NoColorOpt, SpecsOpt, _cache, _console, _fail
    from .output import atomic_write, check_target, produce, write_error

    @app.command(
        "template",
        cls=Command,
        help=h(
            "Write a workbook to fill in for YEAR: a sheet per sasaran, a row per input or realisasi given directly, "
            "quarters and budget as columns, the values recorded now filled in; read it back with lkip import.",
            "Tulis workbook isian untuk TAHUN: satu lembar per sasaran, satu baris per input atau realisasi yang diisi "
            "langsung, triwulan dan anggaran sebagai kolom, nilai yang tercatat sekarang sudah terisi; baca kembali "
            "dengan lkip import.",
        ),
    )
    def template_command(
        year: int = typer.Argument(
            ...,
            metavar=h("YEAR", "TAHUN"),
            min=1900,
            max=2199,
            help=h("The year to fill in, e.g. 2024.", "Tahun yang diisi, mis. 2024."),
        ),
        output: Path = typer.Option(
            ...,
            "--output",
            "-o",
            help=h(
                "The file to write (atomically): .xlsx (a workbook) or .csv (the same columns, one table).",
                "Berkas yang ditulis (secara atomik): .xlsx (workbook) atau .csv (kolom yang sama, satu tabel).",
            ),
        ),
        all_quarters: bool = typer.Option(
            False,
            "--all-quarters",
            help=h(
                "Open the quarter columns (TW I-IV) on every indicator row, not only for nodes with quarterly data.",
                "Buka kolom triwulan (TW I-IV) di setiap baris indikator, tidak hanya untuk simpul yang berdata "
                "triwulan.",
            ),
        ),
        lang: Lang = LangOpt,
        no_color: bool = NoColorOpt,
        specs: Path = SpecsOpt,
        data: Path = DataOpt,
    ) -> None:
        from lkip.engine import api
        from lkip.engine.form import build_form
        from lkip.engine.render.form_book import form_csv, form_xlsx

        language = lang.value
        suffix = output.suffix.lower()
        try:
            if suffix not in (".xlsx", ".csv"):
                raise UsageError(
                    [
                        Diagnostic(
                            code="LK403",
                            path=str(output),
                            message=Message(
                                "lkip template writes a .xlsx workbook or a .csv file, not '{ext}'",
                                "lkip template menulis workbook .xlsx atau berkas .csv, bukan '{ext}'",
                                ext=suffix or output.name,
                            ),
                            hint=Message("name the file isian.xlsx", "beri nama berkas isian.xlsx"),
                        )
                    ]
                )
            check_target(output, (specs, data))
            ws, _ = api.require(api.validate(specs, data, _cache()))
        except LkipError as error:
            _fail(error, no_color, language)
        form = build_form(ws, year, all_quarters=all_quarters)
        content = (lambda: form_xlsx(form, language)) if suffix == ".xlsx" else form_csv(form, language)
        failed = _write(output, content, atomic_write, produce)
        if failed is not None:
            _fail(write_error(output, failed), no_color, language)
        rows = sum(len(sheet.rows) for sheet in form.sheets)
        _console(no_color, stderr=True).print(
            Message(
                "{file}: the form of {year}, {sheets} sheet(s), {rows} row(s) to fill in",
                "{file}: isian tahun {year}, {sheets} lembar, {rows} baris isian",
                file=str(output),
                year=year,
                sheets=len(form.sheets),
                rows=rows,
            ).render(language),
            markup=False,
            highlight=False,
        )


def _write(output: Path, content: Any, atomic_write: Callable, produce: Callable) -> OSError | None:
    """Write the form; the OSError that stopped it, or None. With lxml installed, openpyxl reports a failed write
    (file-size limit, full disk) as lxml's SerialisationError, and its abandoned sheet writer raises it once more
    when collected: both become the one OSError they stand for, never a traceback."""
    saved = sys.unraisablehook

    def quiet(unraisable: Any) -> None:
        if type(unraisable.exc_value).__name__ != "SerialisationError":
            saved(unraisable)

    sys.unraisablehook = quiet
    try:
        try:
            atomic_write(output, produce(content))
        except OSError as exc:
            return exc
        except Exception as exc:
            if type(exc).__name__ != "SerialisationError":
                raise
            text = str(exc)
            code = errno.EFBIG if "EFBIG" in text else errno.ENOSPC if "NOSPC" in text else errno.EIO
            return OSError(code, os.strerror(code))
        finally:
            gc.collect()
        return None
    finally:
        sys.unraisablehook = saved
