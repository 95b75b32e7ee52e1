"""Chapter III's comparisons: with the previous year's realisasi, the renstra end target and a national figure."""

from __future__ import annotations

from dataclasses import dataclass

from .diagnostics import Diagnostic, UsageError
from .evaluate import Evaluation, NodeResult
from .messages import Message

COMPARISONS = ("prev", "renstra", "national")  # --compare: which of chapter III's comparisons


@dataclass(frozen=True)
class Comparison:
    prev_year: int | None = None
    prev_realisasi: float | None = None
    change: float | None = None  # realisasi − previous realisasi (in the node's unit)
    renstra_year: int | None = None
    renstra_target: float | None = None
    vs_renstra: float | None = None  # (realisasi − end target) / end target × 100
    national: float | None = None
    vs_national: float | None = None  # realisasi − national figure

    def as_dict(self) -> dict:
        return {
            "prev": {"year": self.prev_year, "realisasi": self.prev_realisasi, "change": self.change},
            "renstra": {"year": self.renstra_year, "target": self.renstra_target, "vs_renstra": self.vs_renstra},
            "national": {"value": self.national, "difference": self.vs_national},
        }


def compare(result: NodeResult, evaluation: Evaluation, previous: Evaluation | None) -> Comparison:
    ws = evaluation.workspace
    r = result.realisasi
    prev = previous.results.get(result.id) if previous else None
    prev_r = prev.realisasi if prev else None
    end_year = ws.organisation.renstra_end
    end_target = result.spec.targets.get(end_year)
    national = result.record.national if result.record else None
    return Comparison(
        prev_year=previous.year if previous else None,
        prev_realisasi=prev_r,
        change=(r - prev_r) if r is not None and prev_r is not None else None,
        renstra_year=end_year,
        renstra_target=end_target,
        vs_renstra=((r - end_target) / end_target * 100) if r is not None and end_target else None,
        national=national,
        vs_national=(r - national) if r is not None and national is not None else None,
    )


def compare_all(evaluation: Evaluation, previous: Evaluation | None) -> dict[str, Comparison]:
    return {node_id: compare(r, evaluation, previous) for node_id, r in evaluation.results.items()}


def parse_comparisons(text: str | None) -> tuple[str, ...]:
    """'prev,renstra' -> ('prev', 'renstra'); UsageError (LK403) naming an unknown kind."""
    if not text:
        return ()
    chosen = tuple(k.strip() for k in text.split(",") if k.strip())
    for kind in chosen:
        if kind not in COMPARISONS:
            raise UsageError(
                [
                    Diagnostic(
                        code="LK403",
                        message=Message(
                            "--compare: unknown comparison '{kind}'",
                            "--compare: perbandingan '{kind}' tidak dikenal",
                            kind=kind,
                        ),
                        hint=Message("choose from {names}", "pilih dari {names}", names=list(COMPARISONS)),
                    )
                ]
            )
    return chosen
