"""Every JSON document lkip writes, built here and only here: eval, check, validate and explain.

Each has a JSON Schema under schema/ (eval.schema.json, check.schema.json, validate.schema.json,
explain.schema.json) and a test that validates real output against it. Numbers are plain JSON numbers (never
NaN or Infinity); words from the engine (Message) are rendered in the chosen language."""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable
from typing import Any

from ..capaian import rule_for
from ..compare import Comparison
from ..diagnostics import Diagnostic, Severity
from ..evaluate import Evaluation, NodeResult
from ..messages import Message, render
from ..model import Band, CapaianMethod, Direction, Source
from ..reconcile import Audit, at_least, severities
from ..reconcile import Severity as FindingSeverity
from ..reconcile import summary as check_summary
from . import safe
from .labels import label

FORMAT_VERSION = 1


def _round(value: float | None, digits: int = 6) -> float | None:
    return None if value is None else round(value, digits)


def plain(value: Any, lang: str) -> Any:
    """Engine values as JSON: messages in the language, enums by value, bands by code, sources as text."""
    if isinstance(value, Message):
        return value.render(lang)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Band):
        return value.code
    if isinstance(value, Source):
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(plain(k, lang)): plain(v, lang) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v, lang) for v in value]
    return value


def dumps(document: dict[str, Any]) -> str:
    """Strict JSON text (allow_nan=False: a non-finite number is a bug, never 'Infinity' in the output), with
    every control character escaped (safe.json_text)."""
    return safe.json_text(document)


def node_dict(r: NodeResult, lang: str = "id") -> dict[str, Any]:
    spec = r.spec
    return {
        "id": spec.id,
        "kind": spec.kind.value,
        "parent": spec.parent,
        "name": spec.name,
        "indicator": spec.indicator,
        "unit": spec.unit,
        "direction": spec.direction.value if spec.direction else None,
        "capaian_method": spec.capaian_method.value,
        "target": r.target_range.as_dict() if r.target_range is not None else r.target,
        "target_basis": r.target_basis.value if r.target_basis is not None else None,
        "target_annual": r.target_annual_range.as_dict() if r.target_annual_range is not None else r.target_annual,
        "target_revised": r.target_revised,
        "realisasi": _round(r.realisasi),
        "reached": r.reached.code if r.reached is not None else None,
        "realisasi_from": plain(r.realisasi_from, lang),
        "capaian": _round(r.capaian),
        "capaian_capped": _round(r.capaian_capped) if r.cap is not None else None,
        "capaian_used": _round(r.capaian_used),
        "predikat": r.band.code if r.band else None,
        "predikat_label": r.band.title(lang) if r.band else label("out_of_scale", lang) if r.out_of_scale else None,
        "status": r.status.value,
        "reason": render(r.reason, lang),
        "pagu": r.pagu,
        "realisasi_anggaran": r.realisasi_anggaran,
        "serapan": _round(r.serapan),
        "efisiensi": _round(r.efisiensi),
        "depth": r.depth,
    }


def eval_document(
    evaluation: Evaluation,
    results: list[NodeResult],
    lang: str = "id",
    comparisons: dict[str, Comparison] | None = None,
    chosen: Iterable[str] = (),
) -> dict[str, Any]:
    """`lkip eval --format json`: the stable contract (README, schema/eval.schema.json)."""
    org = evaluation.workspace.organisation
    chosen = tuple(chosen)
    nodes = []
    for r in results:
        node = node_dict(r, lang)
        if chosen and comparisons is not None:
            full = comparisons[r.id].as_dict()
            node["compare"] = plain({k: full[k] for k in chosen}, lang)
        nodes.append(node)
    return {
        "format": FORMAT_VERSION,
        "year": evaluation.year,
        "triwulan": evaluation.triwulan,
        "period": evaluation.within_year.code if evaluation.within_year is not None else None,
        "period_label": evaluation.within_year.label().render(lang) if evaluation.within_year is not None else None,
        "as_of": evaluation.as_of.isoformat() if evaluation.as_of is not None else None,
        "organisation": {"name": org.name, "short_name": org.short_name, "region": org.region},
        "scale": evaluation.workspace.scale.id if evaluation.workspace.has_predikat else None,
        "summary": {
            "pagu": evaluation.total_pagu,
            "realisasi_anggaran": evaluation.total_realisasi_anggaran,
            "serapan": _round(evaluation.total_serapan),
            "mean_capaian_iku": _round(evaluation.mean_capaian_iku),
            "status": plain(evaluation.count_by_status(), lang),
        },
        "nodes": nodes,
    }


def render_json(evaluation: Evaluation, results: list[NodeResult], lang: str = "id") -> dict[str, Any]:
    return eval_document(evaluation, results, lang)


def check_document(
    year: int, tolerance: float, found: Audit, lang: str = "id", minimum: FindingSeverity = FindingSeverity.MINOR
) -> dict[str, Any]:
    """`lkip check --format json` (schema/check.schema.json)."""

    def value(v: Any) -> Any:
        if isinstance(v, Band):
            return v.shown(lang)
        return plain(v, lang)

    shown = at_least(found.differences, minimum)
    return {
        "format": FORMAT_VERSION,
        "year": year,
        "tolerance": tolerance,
        "min_severity": minimum.value,
        "compared": found.compared,
        "differences": [
            {
                "node": d.node,
                "field": d.field,
                "printed": value(d.printed),
                "computed": value(d.computed),
                "difference": d.difference,
                "sources": d.sources,
                "at": d.at,
                "severity": d.severity.value,
                "cause": d.cause.value,
                "cause_text": d.cause.text.render(lang),
                "explanation": render(d.explanation, lang),
                "tried": [{"rule": render(text, lang), "value": _round(v)} for text, v in d.tried],
                "unit": d.unit,
                "factor": d.factor,
            }
            for d in shown
        ],
        "not_compared": [
            {
                "node": n.node,
                "field": n.field,
                "printed": value(n.printed),
                "sources": n.sources,
                "reason": n.reason.render(lang),
            }
            for n in found.not_compared
        ],
        "summary": {cause.value: n for cause, n in check_summary(shown).items()},
        "severity": {s.value: n for s, n in severities(shown).items()},
    }


def validate_document(
    diagnostics: list[Diagnostic], strict: bool, nodes: int, years: list[int], lang: str = "id"
) -> dict[str, Any]:
    """`lkip validate --format json` (schema/validate.schema.json)."""
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    warnings = len(diagnostics) - errors
    return {
        "format": FORMAT_VERSION,
        "ok": errors == 0 and (not strict or warnings == 0),
        "strict": strict,
        "errors": errors,
        "warnings": warnings,
        "nodes": nodes,
        "years": years,
        "problems": [d.as_dict(lang) for d in diagnostics],
    }


def explain_document(trail: dict[str, Any], lang: str = "id") -> dict[str, Any]:
    """`lkip explain --format json` (schema/explain.schema.json): the audit trail with the capaian worked out."""
    document = {"format": FORMAT_VERSION, **plain(trail, lang)}
    predikat = trail.get("predikat")
    if predikat:
        document["predikat"]["label"] = predikat["band"].title(lang)
        del document["predikat"]["band"]
    document["capaian"]["computation"] = computation(trail, lambda v: f"{v:.6g}", lambda v: f"{v:.4f}")
    return document


def computation(trail: dict[str, Any], number: Any, result: Any) -> str | None:
    """The capaian rule with the node's numbers put in, formatted by the caller ('2.78 / 7.8 × 100 = 35.6410')."""
    target, realisasi, capaian = trail["target"]["value"], trail["realisasi"]["value"], trail["capaian"]["value"]
    if target is None:
        target = trail["target"].get("bound")  # a range target missed: the rule against its nearest bound
    if capaian is None or target is None or realisasi is None or trail["direction"] is None:
        return None
    rule = rule_for(Direction(trail["direction"]), CapaianMethod(trail["capaian_method"]))
    if rule.key == "inverse" and realisasi == 0:
        return None  # target / 0: the capaian came from the policy (its rule says so)
    return rule.computation(number(target), number(realisasi), result(capaian))
