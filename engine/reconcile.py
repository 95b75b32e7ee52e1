"""`lkip check`: every figure the report printed (data's `reported`) against what the engine computes.

Each difference beyond the tolerance gets a likely cause, tried in this order: rounding or truncation only; the
wrong direction rule; a value that follows from another printed value that is itself off; a result that does
not follow from its own inputs; two printed values that disagree; budget parts that do not add up to their
printed total; a predikat that does not match the scale; a printed target that is not the PK target."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from . import numbers
from .capaian import CapaianUndefined, capaian as rule
from .evaluate import Evaluation, NodeResult
from .model import Band, CapaianMethod, Direction, Reported, Scale

NUMERIC = ("target", "realisasi", "capaian", "pagu", "realisasi_anggaran", "serapan", "efisiensi")

CAUSES = {
    "rounding": "rounding or truncation only",
    "wrong_direction": "capaian computed with the wrong direction rule",
    "follows_printed": "follows from another printed value that is itself off",
    "not_from_inputs": "printed result does not follow from its own inputs",
    "printed_disagree": "the report prints another value for the same figure elsewhere",
    "budget_sum": "budget parts do not add up to the printed total",
    "predikat_scale": "predikat does not match the scale",
    "target_differs": "printed target is not the PK target in the specs",
    "aggregate": "headline aggregate does not follow from the tree",
    "other": "differs for another reason",
}


@dataclass
class Difference:
    node: str
    field: str
    printed: Any
    computed: Any
    sources: list[str]
    cause: str
    explanation: str
    at: list[str] = field(default_factory=list)

    @property
    def difference(self) -> float | None:
        if isinstance(self.printed, (int, float)) and isinstance(self.computed, (int, float)):
            return self.printed - self.computed
        return None

    def as_dict(self) -> dict[str, Any]:
        return {"node": self.node, "field": self.field, "printed": self.printed, "computed": self.computed,
                "difference": self.difference, "sources": self.sources, "at": self.at, "cause": self.cause,
                "cause_text": CAUSES[self.cause], "explanation": self.explanation}


def _close(a: float, b: float, tol: float) -> bool:
    return abs(a - b) <= tol + 1e-9


def rounding_only(printed: float, computed: float) -> bool:
    """Printed is the computed value rounded or truncated to 0-2 decimals (or off by one in the last digit)."""
    for digits in (2, 1, 0):
        scale = 10 ** digits
        if math.isclose(printed, round(computed, digits), abs_tol=1e-9):
            return True
        if math.isclose(printed, math.trunc(computed * scale) / scale, abs_tol=1e-9):
            return True
    return abs(printed - computed) <= 0.011


def band_of_text(text: str, scale: Scale) -> Band | None:
    """The band a printed predikat names ('Sangat Memuaskan (semakin kecil ...)' -> AA)."""
    word = text.split("(")[0].strip().rstrip(".").lower()
    for band in scale.bands:
        if word == band.code.lower():
            return band
    for band in scale.bands:
        names = [band.label.split(",")[0].split("(")[0].strip().lower()]
        if band.label_en:
            names.append(band.label_en.split(",")[0].strip().lower())
        if word in names:
            return band
    return None


def _computed(result: NodeResult, name: str) -> Any:
    if name == "predikat":
        return result.band
    return {"target": result.target, "realisasi": result.realisasi, "capaian": result.capaian, "pagu": result.pagu,
            "realisasi_anggaran": result.realisasi_anggaran, "serapan": result.serapan,
            "efisiensi": result.efisiensi}[name]


def _printed_other(entries: list[Reported], name: str, exclude: float | None = None) -> float | None:
    for entry in entries:
        value = entry.values.get(name)
        if isinstance(value, (int, float)) and value != exclude:
            return float(value)
    return None


def check(evaluation: Evaluation, tolerance: float = 0.01, lang: str = "en") -> list[Difference]:
    """Every printed figure that differs from the computed one by more than `tolerance` (explanations in lang)."""
    def fmt(value: float) -> str:
        return numbers.compact(value, lang)

    differences: list[Difference] = []
    for result in evaluation.results.values():
        entries = list(result.record.reported) if result.record else []
        extra = [rep for rep in evaluation.workspace.years.get(evaluation.year).organisation
                 if rep.values.get("program") == result.id or rep.values.get("sasaran") == result.id] \
            if evaluation.year in evaluation.workspace.years else []
        entries += extra
        if entries:
            differences.extend(_check_node(result, entries, evaluation, tolerance, fmt))
    differences.extend(_check_organisation(evaluation, tolerance))
    return differences


def _check_node(result: NodeResult, entries: list[Reported], evaluation: Evaluation, tol: float,
                fmt) -> list[Difference]:
    found: list[Difference] = []
    scale = evaluation.workspace.scale
    for name in NUMERIC + ("predikat",):
        computed = _computed(result, name)
        groups: dict[Any, list[Reported]] = {}
        for entry in entries:
            if name in entry.values:
                groups.setdefault(entry.values[name], []).append(entry)
        if computed is None or not groups:
            continue
        disagreement = _disagreement(result.id, name, groups, computed)
        if disagreement:
            found.append(disagreement)
        for printed, where in groups.items():
            sources = [e.source for e in where]
            at = [str(e.origin) for e in where]
            if name == "predikat":
                diff = _predikat(result, printed, where[0], entries, scale, fmt)
            else:
                if _close(float(printed), float(computed), tol):
                    continue
                diff = _rolled_up(result, float(printed), evaluation) if name == "capaian" and \
                    result.realisasi is None else None
                diff = diff or _numeric(result, name, float(printed), float(computed), where[0], entries, tol, fmt)
            if diff is None:
                continue
            cause, explanation = diff
            if cause in ("other", "printed_disagree") and disagreement is not None:
                continue  # the disagreement row already lists this printed value
            found.append(Difference(result.id, name, printed, computed if name != "predikat" else
                                    f"{computed.code} {computed.label.split(',')[0]}", sources, cause, explanation, at))
    return found


def _rolled_up(result: NodeResult, printed: float, evaluation: Evaluation) -> tuple[str, str] | None:
    """For a node whose capaian is a roll-up: is the printed value the mean of its descendants' printed capaian?"""
    ws = evaluation.workspace
    for kind in ("iku", "program", "kegiatan", "sub_kegiatan"):
        values = []
        for node in ws.descendants(result.id):
            if node.kind.value != kind:
                continue
            record = evaluation.results[node.id].record
            value = _printed_other(list(record.reported), "capaian") if record else None
            if value is not None:
                values.append(value)
        if len(values) > 1 and rounding_only(printed, sum(values) / len(values)):
            return "follows_printed", f"the mean of the printed capaian of its {len(values)} {kind}"
    return "aggregate", "does not follow from the capaian of what it rolls up"


def _disagreement(node: str, name: str, groups: dict[Any, list[Reported]], computed: Any) -> Difference | None:
    """One finding when the report prints the same figure with different values (beyond rounding)."""
    values = list(groups)
    if name == "predikat":
        if len({str(v).split("(")[0].strip().lower() for v in values}) < 2:
            return None
    else:
        numeric = [float(v) for v in values]
        if max(numeric) - min(numeric) < 0.011 * max(1.0, max(abs(v) for v in numeric)) or \
                all(rounding_only(a, b) or rounding_only(b, a) for a in numeric for b in numeric):
            return None
    printed = values
    sources = [e.source for v in values for e in groups[v]]
    shown = computed if name != "predikat" else f"{computed.code} {computed.label.split(',')[0]}"
    return Difference(node, name, printed, shown, sources, "printed_disagree", f"printed {len(values)} ways",
                      [str(e.origin) for v in values for e in groups[v]])


def _numeric(result: NodeResult, name: str, printed: float, computed: float, entry: Reported,
             entries: list[Reported], tol: float, fmt) -> tuple[str, str] | None:
    spec = result.spec
    if name == "target":
        return "target_differs", f"the specs' {result.year} target"
    if name in ("pagu", "realisasi_anggaran"):
        if abs(printed - computed) < 1:
            return "rounding", "cents only"
        if result.budget_from == "children":
            return "budget_sum", "the sum of its parts"
        return "printed_disagree", "the data records another printed figure"
    if rounding_only(printed, computed):
        return "rounding", ""
    if name == "serapan":
        pagu, spent = entry.values.get("pagu"), entry.values.get("realisasi_anggaran")
        if isinstance(pagu, (int, float)) and isinstance(spent, (int, float)) and pagu:
            own = spent / pagu * 100
            if not _close(printed, own, 0.01) and not rounding_only(printed, own):
                return "not_from_inputs", f"its own printed budget gives {fmt(own)}"
            return "follows_printed", "the printed budget beside it"
        return ("budget_sum", "the budget behind it does not add up") if result.budget_from == "children" else \
            ("other", "")
    if name == "efisiensi":
        cap, ser = entry.values.get("capaian"), entry.values.get("serapan")
        if isinstance(cap, (int, float)) and isinstance(ser, (int, float)) and _close(printed, cap - ser, 0.011):
            return "follows_printed", f"printed capaian {fmt(cap)} − printed serapan {fmt(ser)}"
        return "other", "efisiensi = capaian − serapan"
    if name == "realisasi":
        if result.realisasi_from in ("formula", "triwulan"):
            return "not_from_inputs", "computed from its inputs"
        if result.realisasi_from == "rollup":
            return "not_from_inputs", f"rolled up from its {spec.rollup.of if spec.rollup else 'children'}"
        return "other", "the data gives another value"
    if name == "capaian":
        realisasi = entry.values.get("realisasi")
        realisasi = float(realisasi) if isinstance(realisasi, (int, float)) else \
            _printed_other(entries, "realisasi") or result.realisasi
        target = entry.values.get("target")
        target = float(target) if isinstance(target, (int, float)) else result.target
        if realisasi is None or not target:
            return "other", ""
        try:
            own = rule(target, realisasi, spec.direction, spec.capaian_method)
        except CapaianUndefined:
            own = None
        if own is not None and rounding_only(printed, own):
            if _close(realisasi, result.realisasi or 0.0, 0.011) and _close(target, result.target or 0.0, tol):
                return "rounding", f"computed from the rounded realisasi {fmt(realisasi)}"
            return "follows_printed", f"printed realisasi {fmt(realisasi)}, target {fmt(target)}"
        wrong = _wrong_rule(spec.direction, spec.capaian_method, target, realisasi, printed, fmt)
        if wrong:
            return "wrong_direction", wrong
        if result.realisasi_from in ("formula", "triwulan", "rollup"):
            return "not_from_inputs", "computed from its inputs"
        return "other", ""
    return "other", ""


def _wrong_rule(direction: Direction, method: CapaianMethod, target: float, realisasi: float,
                printed: float, fmt) -> str | None:
    candidates = []
    if direction is Direction.LOWER:
        candidates.append(("realisasi / target × 100, the higher-is-better rule",
                           realisasi / target * 100))
        other = CapaianMethod.INVERSE if method is CapaianMethod.STANDARD else CapaianMethod.STANDARD
        try:
            candidates.append((f"the lower '{other.value}' rule", rule(target, realisasi, direction, other)))
        except CapaianUndefined:
            pass
    else:
        candidates.append(("(2T − R) / T × 100, a lower-is-better rule", (2 * target - realisasi) / target * 100))
    for text, value in candidates:
        if rounding_only(printed, value):
            return f"= {text} with printed realisasi {fmt(realisasi)}, target {fmt(target)}"
    return None


def _predikat(result: NodeResult, printed: str, entry: Reported, entries: list[Reported],
              scale: Scale, fmt) -> tuple[str, str] | None:
    band = band_of_text(str(printed), scale)
    if band is None:
        return "predikat_scale", f"'{printed}' is not a band of the scale '{scale.id}'"
    if result.band is not None and band.code == result.band.code:
        return None
    capaian = entry.values.get("capaian")
    if not isinstance(capaian, (int, float)):
        capaian = _printed_other(entries, "capaian")
    if capaian is not None:
        expected = scale.band_for(float(capaian))
        if expected is not None and expected.code != band.code:
            return "predikat_scale", f"printed capaian {fmt(capaian)} is band {expected.code} ({expected.describe()})"
        return "follows_printed", f"matches the printed capaian {fmt(capaian)}"
    return "other", ""


def _check_organisation(evaluation: Evaluation, tol: float) -> list[Difference]:
    data = evaluation.workspace.years.get(evaluation.year)
    if data is None:
        return []
    computed = {"pagu": evaluation.total_pagu, "realisasi_anggaran": evaluation.total_realisasi_anggaran,
                "serapan": evaluation.total_serapan, "capaian": evaluation.mean_capaian_iku}
    why = {"pagu": "the sum of the programs", "realisasi_anggaran": "the sum of the programs",
           "serapan": "total realisasi anggaran / total pagu", "capaian": "the mean capaian of the IKU"}
    found = []
    for entry in data.organisation:
        if "program" in entry.values or "sasaran" in entry.values:
            continue
        for name, value in computed.items():
            printed = entry.values.get(name)
            if not isinstance(printed, (int, float)) or value is None or _close(printed, value, tol):
                continue
            cause = "rounding" if name in ("serapan", "capaian") and rounding_only(printed, value) else \
                "budget_sum" if name in ("pagu", "realisasi_anggaran") else "aggregate"
            found.append(Difference("organisation", name, printed, value, [entry.source], cause,
                                    why[name], [str(entry.origin)]))
    return found


def summary(differences: list[Difference]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for d in differences:
        counts[d.cause] = counts.get(d.cause, 0) + 1
    return counts
