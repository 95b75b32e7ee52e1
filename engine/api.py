"""One call from folders to a checked workspace: what every command starts with."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from .cache import ParseCache
from .diagnostics import Diagnostic, Diagnostics, LkipError, UsageError, did_you_mean
from .evaluate import Evaluation, evaluate
from .messages import Message
from .model import Workspace, iso_date
from .periods import PERIOD_CODES, Period, parse_period
from .validation import Compiled, check_workspace
from .workspace import load_workspace


@dataclass
class Validated:
    workspace: Workspace | None
    compiled: Compiled | None
    diagnostics: Diagnostics

    @property
    def ok(self) -> bool:
        return self.workspace is not None and not self.diagnostics.errors


def validate(
    specs_dir: Path | str = "specs",
    data_dir: Path | str = "data",
    cache: ParseCache | None = None,
    shared: Path | None = None,
) -> Validated:
    """Load and validate; never raises for a user's files (every problem is a diagnostic). With a cache, files
    read before with the same content are not parsed and schema-checked again (engine/cache.py). `shared`: the
    folder of many offices, whose scales.yaml serves an office that has none."""
    loaded = load_workspace(specs_dir, data_dir, cache=cache, shared=shared)
    diagnostics = loaded.diagnostics
    if loaded.workspace is None:
        return Validated(None, None, diagnostics)
    compiled, problems = check_workspace(loaded.workspace)
    diagnostics.extend(problems)
    return Validated(loaded.workspace, compiled, diagnostics)


def require(checked: Validated, strict: bool = False) -> tuple[Workspace, Compiled]:
    """The workspace, or LkipError with the problems that prevent using it."""
    blocking = checked.diagnostics.errors + (checked.diagnostics.warnings if strict else [])
    if checked.workspace is None or checked.compiled is None or blocking:
        raise LkipError(
            sorted(blocking, key=lambda d: (d.path or "", d.line or 0))
            or [
                Diagnostic(
                    code="LK001", message=Message("the workspace could not be loaded", "ruang kerja tidak dapat dimuat")
                )
            ]
        )
    return checked.workspace, checked.compiled


def require_node(ws: Workspace, node_id: str, option: str | None = None) -> None:
    """UsageError (exit 2) when the workspace has no node with that id, with the closest ids as a hint."""
    if node_id in ws.nodes:
        return
    where = f"{option}: " if option else ""
    raise UsageError(
        [
            Diagnostic(
                code="LK401",
                message=Message("{where}no node '{id}'", "{where}tidak ada simpul '{id}'", where=where, id=node_id),
                hint=did_you_mean(node_id, ws.nodes)
                or Message("lkip eval YEAR lists the ids", "lkip eval TAHUN menampilkan semua kode"),
            )
        ]
    )


def period_option(text: str | None, tw: int | None = None) -> Period | None:
    """--period S1|TW2|B6 (or --tw N, its alias for TWN) → the period; UsageError (LK403) naming a bad value."""
    if text is None:
        return Period("triwulan", tw) if tw is not None else None
    period = parse_period(text)
    if period is None or (tw is not None and period != Period("triwulan", tw)):
        raise UsageError(
            [
                Diagnostic(
                    code="LK403",
                    message=Message(
                        "--period: '{value}' is not a period", "--period: '{value}' bukan periode", value=text
                    )
                    if period is None
                    else Message("--period and --tw disagree", "--period dan --tw tidak sama"),
                    hint=Message(
                        "give one of {codes}; without it, the whole year",
                        "beri salah satu dari {codes}; tanpa opsi ini, setahun penuh",
                        codes=PERIOD_CODES,
                    ),
                )
            ]
        )
    return period


def as_of_option(text: str | None) -> datetime.date | None:
    """--as-of YYYY-MM-DD → the date; UsageError (LK403) naming a value that is not one."""
    if text is None:
        return None
    day = iso_date(text.strip())
    if day is None:
        raise UsageError(
            [
                Diagnostic(
                    code="LK403",
                    message=Message("--as-of: '{value}' is not a date", "--as-of: '{value}' bukan tanggal", value=text),
                    hint=Message(
                        "write the date as year-month-day, e.g. 2024-06-30; without it, the latest targets",
                        "tulis tanggal sebagai tahun-bulan-tanggal, mis. 2024-06-30; tanpa opsi ini, target terbaru",
                    ),
                )
            ]
        )
    return day


def evaluate_year(
    ws: Workspace,
    compiled: Compiled,
    year: int,
    trace: bool = False,
    triwulan: int | None = None,
    period: Period | None = None,
    as_of: datetime.date | None = None,
) -> Evaluation:
    """The year's evaluation; UsageError (exit 2) when the workspace has no data for that year."""
    if year not in ws.years:
        have = ", ".join(str(y) for y in sorted(ws.years)) or "–"
        raise UsageError(
            [
                Diagnostic(
                    code="LK402",
                    path=ws.data_dir,
                    message=Message(
                        "no data for {year} in {folder}/ (years with data: {have})",
                        "tidak ada data tahun {year} di {folder}/ (tahun yang ada datanya: {have})",
                        year=year,
                        folder=ws.data_dir,
                        have=have,
                    ),
                    hint=Message(
                        "add {folder}/{year}.yaml or a folder {folder}/{year}/",
                        "tambahkan {folder}/{year}.yaml atau folder {folder}/{year}/",
                        folder=ws.data_dir,
                        year=year,
                    ),
                )
            ]
        )
    return evaluate(ws, year, compiled, trace=trace, triwulan=triwulan, period=period, as_of=as_of)


def previous_year(ws: Workspace, compiled: Compiled, year: int, trace: bool = False) -> Evaluation | None:
    """The previous year's evaluation, when the workspace has data for it."""
    if year - 1 not in ws.years:
        return None
    return evaluate(ws, year - 1, compiled, trace=trace)
