"""Chapter III's comparisons: with the previous year's realisasi, the renstra end target and a national figure.

The gap to the renstra end target stays (realisasi − end target) / end target × 100 (its sign says above or
below); whether that is better or worse follows the node's direction, and every view words it so:
"+15,38 % di atas target akhir (lebih buruk)" for a lower-is-better indicator above its end target."""

from __future__ import annotations

from dataclasses import dataclass

from .diagnostics import Diagnostic, UsageError
from .evaluate import Evaluation, NodeResult
from .messages import Message, SignedPercent
from .model import Direction

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
    renstra_declared: bool = True  # False: organisation.yaml declares no renstra
    renstra_document: str | None = None  # organisation.yaml's renstra.document
    direction: Direction | None = None

    @property
    def assessment(self) -> str | None:
        """'better', 'worse' or 'equal' against the renstra end target, by the node's direction; None unknown."""
        if self.vs_renstra is None or self.direction is None:
            return None
        if self.vs_renstra == 0:
            return "equal"
        above = self.vs_renstra > 0
        return "better" if above == (self.direction is Direction.HIGHER) else "worse"

    def renstra_words(self, short: bool = False) -> Message | None:
        """The gap to the end target in words: '+15,38 % above the end target (worse)'; None when there is none."""
        if not self.renstra_declared:
            return NO_RENSTRA
        if self.vs_renstra is None:
            return None
        judgement = _JUDGEMENT.get(self.assessment or "")
        if short:
            if judgement is None:
                return Message("{gap}", "{gap}", gap=SignedPercent(self.vs_renstra))
            return Message(
                "{gap} ({judgement})", "{gap} ({judgement})", gap=SignedPercent(self.vs_renstra), judgement=judgement
            )
        where = (
            Message("above", "di atas")
            if self.vs_renstra > 0
            else Message("below", "di bawah")
            if self.vs_renstra < 0
            else Message("at", "sama dengan")
        )
        text = Message(
            "{gap} {where} the end target",
            "{gap} {where} target akhir",
            gap=SignedPercent(self.vs_renstra),
            where=where,
        )
        if judgement is None:
            return text
        return Message("{text} ({judgement})", "{text} ({judgement})", text=text, judgement=judgement)

    def as_dict(self) -> dict:
        return {
            "prev": {"year": self.prev_year, "realisasi": self.prev_realisasi, "change": self.change},
            "renstra": {
                "declared": self.renstra_declared,
                "year": self.renstra_year,
                "document": self.renstra_document,
                "target": self.renstra_target,
                "vs_renstra": self.vs_renstra,
                "assessment": self.assessment,
                "text": self.renstra_words(),
            },
            "national": {"value": self.national, "difference": self.vs_national},
        }


NO_RENSTRA = Message("no renstra declared", "tidak ada renstra yang dideklarasikan")
_JUDGEMENT = {  # 'equal' needs no judgement: the words say 'at the end target'
    "better": Message("better", "lebih baik"),
    "worse": Message("worse", "lebih buruk"),
}


def compare(result: NodeResult, evaluation: Evaluation, previous: Evaluation | None) -> Comparison:
    ws = evaluation.workspace
    r = result.realisasi
    prev = previous.results.get(result.id) if previous else None
    prev_r = prev.realisasi if prev else None
    end_year = ws.organisation.renstra_end
    end_target = result.spec.targets.get(end_year) if end_year is not None else None
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
        renstra_declared=end_year is not None,
        renstra_document=ws.organisation.renstra_document,
        direction=result.spec.direction,
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
