"""Many offices at once: a root folder whose sub-folders are office workspaces (each with specs/ and data/).

Each office is loaded, validated and evaluated on its own, so one office's broken files never stop the others:
its problems are kept under its name. The standing of the offices (mean IKU capaian, predikat, serapan,
efisiensi) is what a kabupaten's evaluators rank.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from . import api
from .cache import ParseCache
from .diagnostics import Diagnostic, LkipError, UsageError
from .evaluate import Evaluation, natural_key
from .messages import Message
from .model import Band

PER_WORKER = 4  # offices per job below which a process pool costs more than it saves


@dataclass(frozen=True)
class Office:
    key: str  # the sub-folder's name: how commands name the office (--office)
    specs: Path
    data: Path
    root: Path  # the folder of all offices: its scales.yaml serves an office that has none


@dataclass
class OfficeResult:
    """What the ranking needs of one office, computed where the office was evaluated (in a worker process
    too): its standing figures, its problems and, when asked for, its own eval document."""

    office: Office
    evaluated: bool = False
    name: str = ""
    short_name: str = ""
    capaian: float | None = None  # mean capaian of the office's IKU
    band: Band | None = None
    serapan: float | None = None
    problems: list[Diagnostic] = field(default_factory=list)  # what stopped the office (errors, no data)
    warnings: int = 0
    document: dict[str, Any] | None = None  # the office's eval document (--format json)

    @classmethod
    def of(
        cls, office: Office, evaluation: Evaluation, warnings: int = 0, document: Describe | None = None
    ) -> OfficeResult:
        organisation = evaluation.workspace.organisation
        capaian = evaluation.mean_capaian_iku
        return cls(
            office,
            evaluated=True,
            name=organisation.name,
            short_name=organisation.short_name or organisation.name,
            capaian=capaian,
            band=evaluation.workspace.scale.band_for(capaian) if capaian is not None else None,
            serapan=evaluation.total_serapan,
            warnings=warnings,
            document=document(evaluation) if document is not None else None,
        )


# Builds an office's document from its evaluation; must be a module-level function (or a partial of one) so
# that worker processes can be given it.
Describe = Callable[[Evaluation], dict[str, Any]]


@dataclass(frozen=True)
class Standing:
    """One office's line in the ranking."""

    rank: int | None  # None for an office that could not be evaluated
    result: OfficeResult

    @property
    def capaian(self) -> float | None:
        return self.result.capaian

    @property
    def band(self) -> Band | None:
        return self.result.band

    @property
    def serapan(self) -> float | None:
        return self.result.serapan

    @property
    def efisiensi(self) -> float | None:
        """capaian − serapan, as for a node."""
        r = self.result
        return r.capaian - r.serapan if r.capaian is not None and r.serapan is not None else None


def discover(root: Path) -> list[Office]:
    """The offices under root: its sub-folders that hold a specs/ folder, in natural order of their names.

    UsageError (exit 2) when root is not a folder or holds no office."""
    if not root.is_dir():
        raise UsageError(
            [
                Diagnostic(
                    code="LK403",
                    path=str(root),
                    message=Message("--root: not a folder", "--root: bukan folder"),
                    hint=Message(
                        "give a folder whose sub-folders each hold specs/ and data/",
                        "beri folder yang tiap sub-foldernya berisi specs/ dan data/",
                    ),
                )
            ]
        )
    with os.scandir(root) as entries:
        names = [e.name for e in entries if e.is_dir(follow_symlinks=False) and not e.name.startswith(".")]
    offices = [
        Office(name, root / name / "specs", root / name / "data", root)
        for name in sorted(names, key=natural_key)
        if (root / name / "specs").is_dir()
    ]
    if not offices:
        raise UsageError(
            [
                Diagnostic(
                    code="LK403",
                    path=str(root),
                    message=Message("--root: no office folder found", "--root: tidak ada folder perangkat daerah"),
                    hint=Message(
                        "each office is a sub-folder with its own specs/ and data/",
                        "tiap perangkat daerah adalah sub-folder dengan specs/ dan data/ sendiri",
                    ),
                )
            ]
        )
    return offices


def evaluate_office(
    office: Office,
    year: int,
    strict: bool = False,
    cache: ParseCache | None = None,
    document: Describe | None = None,
) -> OfficeResult:
    """One office's standing for the year, or its problems; never raises for the office's files."""
    checked = api.validate(office.specs, office.data, cache, shared=office.root)
    warnings = len(checked.diagnostics.warnings)
    try:
        ws, compiled = api.require(checked, strict=strict)
        evaluation = api.evaluate_year(ws, compiled, year)
    except LkipError as error:  # a UsageError too: no data for the year
        return OfficeResult(
            office, name=office.key, short_name=office.key, problems=list(error.diagnostics), warnings=warnings
        )
    return OfficeResult.of(office, evaluation, warnings, document)


def evaluate_offices(
    root: Path,
    year: int,
    strict: bool = False,
    cache: ParseCache | None = None,
    document: Describe | None = None,
    jobs: int = 1,
) -> list[OfficeResult]:
    """Every office under root, in discovery order; with jobs > 1 and enough offices to pay for starting the
    workers (PER_WORKER per job), in a pool of that many processes — the same results as one by one."""
    offices = discover(root)
    work = partial(evaluate_office, year=year, strict=strict, cache=cache, document=document)
    if jobs <= 1 or len(offices) < PER_WORKER * jobs:
        return [work(office) for office in offices]
    from concurrent.futures import ProcessPoolExecutor  # here: multiprocessing costs ~20 ms of every command's start

    chunk = max(1, len(offices) // (jobs * 4))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(work, offices, chunksize=chunk))


def ranking(results: list[OfficeResult]) -> list[Standing]:
    """Offices by mean IKU capaian, highest first (ties by name); offices that could not be evaluated last."""
    ordered = sorted(results, key=lambda r: (r.capaian is None, -(r.capaian or 0.0), r.name.casefold(), r.office.key))
    return [
        Standing(position if result.capaian is not None else None, result)
        for position, result in enumerate(ordered, start=1)
    ]
