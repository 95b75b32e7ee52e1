"""Many offices at once: a root folder whose sub-folders are office workspaces (each with specs/ and data/).

Each office is loaded, validated and evaluated on its own, so one office's broken files never stop the others:
its problems are kept under its name. The standing of the offices (mean IKU capaian, predikat, serapan,
efisiensi) is what a kabupaten's evaluators rank.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from . import api
from .cache import ParseCache
from .diagnostics import Diagnostic, LkipError, UsageError
from .evaluate import Evaluation, natural_key
from .messages import Message
from .model import Band


@dataclass(frozen=True)
class Office:
    key: str  # the sub-folder's name: how commands name the office (--office)
    specs: Path
    data: Path


@dataclass
class OfficeResult:
    office: Office
    evaluation: Evaluation | None = None
    problems: list[Diagnostic] = field(default_factory=list)  # what stopped the office (errors, no data)
    warnings: int = 0

    @property
    def name(self) -> str:
        return self.evaluation.workspace.organisation.name if self.evaluation else self.office.key

    @property
    def short_name(self) -> str:
        return (self.evaluation.workspace.organisation.short_name or self.name) if self.evaluation else self.office.key


@dataclass(frozen=True)
class Standing:
    """One office's line in the ranking."""

    rank: int | None  # None for an office that could not be evaluated
    result: OfficeResult
    capaian: float | None  # mean capaian of the office's IKU
    band: Band | None
    serapan: float | None
    efisiensi: float | None  # capaian − serapan, as for a node


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
        Office(name, root / name / "specs", root / name / "data")
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


def evaluate_office(office: Office, year: int, strict: bool = False, cache: ParseCache | None = None) -> OfficeResult:
    """One office's evaluation of the year, or its problems; never raises for the office's files."""
    checked = api.validate(office.specs, office.data, cache)
    result = OfficeResult(office, warnings=len(checked.diagnostics.warnings))
    try:
        ws, compiled = api.require(checked, strict=strict)
        result.evaluation = api.evaluate_year(ws, compiled, year)
    except LkipError as error:  # a UsageError too: no data for the year
        result.problems = list(error.diagnostics)
    return result


def evaluate_offices(
    root: Path, year: int, strict: bool = False, cache: ParseCache | None = None
) -> list[OfficeResult]:
    return [evaluate_office(office, year, strict, cache) for office in discover(root)]


def ranking(results: list[OfficeResult]) -> list[Standing]:
    """Offices by mean IKU capaian, highest first (ties by name); offices that could not be evaluated last."""
    standings = []
    for result in results:
        evaluation = result.evaluation
        capaian = evaluation.mean_capaian_iku if evaluation else None
        serapan = evaluation.total_serapan if evaluation else None
        band = evaluation.workspace.scale.band_for(capaian) if evaluation and capaian is not None else None
        efisiensi = capaian - serapan if capaian is not None and serapan is not None else None
        standings.append((result, capaian, band, serapan, efisiensi))
    standings.sort(key=lambda s: (s[1] is None, -(s[1] or 0.0), s[0].name.casefold(), s[0].office.key))
    ranked = []
    for position, (result, capaian, band, serapan, efisiensi) in enumerate(standings, start=1):
        rank = position if capaian is not None else None
        ranked.append(Standing(rank, result, capaian, band, serapan, efisiensi))
    return ranked
