"""The audit trail of one figure: formula, inputs and their sources, steps, target, rule, predikat, roll-up,
budget, comparisons, parents, and what the report printed. Returns plain data; rendering is elsewhere."""

from __future__ import annotations

import ast
from typing import Any

from .capaian import CapaianUndefined, rule_text
from .capaian import capaian as compute_capaian
from .compare import compare
from .evaluate import Evaluation, NodeResult, natural_key
from .functions import Series
from .model import Band, BudgetFrom, RealisasiFrom, Reported, RollupMethod
from .reconcile import audit
from .rencana import basis_text, period_target
from .targets import range_text


def _plain(value: Any) -> Any:
    """Formula values as JSON: numbers, lists, or key -> number mappings."""
    if isinstance(value, Series):
        return dict(value.items()) if value.keys else list(value.values)
    return value


def _short(value: Any) -> str:
    if isinstance(value, dict):
        return f"[n={len(value)}]"
    if isinstance(value, (list, tuple)):
        return f"[n={len(value)}]" if len(value) > 4 else "[" + ", ".join(f"{v:g}" for v in value) + "]"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def substitute(formula: str, values: dict[str, Any]) -> str:
    """The formula with each input name replaced by its value (series shortened to their size)."""
    tree = ast.parse(formula, mode="eval")
    spots = sorted(
        ((n.col_offset, n.end_col_offset, n.id) for n in ast.walk(tree) if isinstance(n, ast.Name)), reverse=True
    )
    text = formula
    for start, end, name in spots:
        if name in values:
            text = text[:start] + _short(values[name]) + text[end:]
    return text


def _rollup(evaluation: Evaluation, result: NodeResult, depth: int) -> dict[str, Any]:
    """A roll-up and its members; a member that is itself a roll-up carries its own (e.g. SS3 → IKU6 → kegiatan)."""
    ws = evaluation.workspace
    rollup = result.rollup
    assert rollup is not None
    members = []
    for m in result.members:
        member: dict[str, Any] = {
            "id": m.id,
            "name": ws.nodes[m.id].name,
            "capaian": m.capaian,
            "realisasi": m.realisasi,
            "weight": m.weight,
            "status": m.status,
            "included": m.value(rollup.method) is not None,
            "used": m.used if not rollup.method.of_realisasi else None,
        }
        inner = evaluation.results.get(m.id)
        if inner is not None and inner.rollup is not None and depth < 3:
            member["rollup"] = _rollup(evaluation, inner, depth + 1)
        members.append(member)
    return {
        "method": rollup.method,
        "of": rollup.of_name,
        "into": rollup.into,
        "declared": rollup.declared,
        "members": members,
        "steps": [{"text": s.text, "value": _plain(s.value)} for s in result.steps]
        if rollup.method is RollupMethod.FORMULA
        else [],
    }


def _to_date(evaluation: Evaluation, result: NodeResult) -> dict[str, Any]:
    """Where the target comes from: the year's own, a quarter's declared in the rencana aksi, or derived by rule;
    beside a target to date, the year's target in force."""
    found = result.target_found
    period = evaluation.within_year
    annual_range = result.target_annual_range
    rule = found.rule if found is not None else None
    return {
        "basis": result.target_basis,
        "basis_text": basis_text(found, period) if found is not None else None,
        "rule": rule.value if rule is not None else None,
        "rule_declared": found.rule_declared if found is not None else False,
        "declared_at": str(found.source) if found is not None and found.source is not None else None,
        "why_none": found.reason if found is not None else None,
        "annual": annual_range.as_dict() if annual_range is not None else result.target_annual,
        "annual_shown": range_text(annual_range, result.spec.unit or "") if annual_range is not None else None,
        "revised": result.target_revised,
    }


def _revisions(evaluation: Evaluation, result: NodeResult) -> list[dict[str, Any]]:
    """The target's history (PK, PK perubahan), each version with the capaian the realisasi gives against it."""
    spec = result.spec
    declared = spec.target_info.get(evaluation.year)
    if declared is None or not declared.revisions:
        return []
    out = []
    for revision in declared.revisions:
        against = period_target(
            evaluation.workspace, spec.id, evaluation.year, evaluation.within_year, revision.day
        ).target
        value = None
        if (
            against is not None
            and against.value is not None
            and result.realisasi is not None
            and spec.direction is not None
        ):
            try:
                value = compute_capaian(against.value, result.realisasi, spec.direction, spec.capaian_method)
            except CapaianUndefined:
                value = None
        out.append(
            {
                "value": revision.value,
                "date": revision.date,
                "document": revision.document or None,
                "reason": revision.reason or None,
                "in_force": revision is result.target_revision,
                "not_yet": evaluation.as_of is not None
                and revision.day is not None
                and revision.day > evaluation.as_of,
                "target": against.value if against is not None else None,
                "capaian": value,
                "at": str(revision.source),
            }
        )
    return out


def _about(rep: Reported) -> dict[str, Any]:
    """A reported entry's unit, factor and period, when it declares them."""
    about: dict[str, Any] = {
        "unit": rep.unit,
        "factor": rep.factor if rep.factor != 1.0 else None,
        "period": rep.period,
    }
    return {k: v for k, v in about.items() if v is not None}


def explain(evaluation: Evaluation, node_id: str, previous: Evaluation | None = None) -> dict[str, Any]:
    result = evaluation.results[node_id]
    spec, record = result.spec, result.record
    ws = evaluation.workspace
    out: dict[str, Any] = {
        "id": spec.id,
        "kind": spec.kind.value,
        "name": spec.name,
        "indicator": spec.indicator,
        "unit": spec.unit,
        "direction": spec.direction.value if spec.direction else None,
        "capaian_method": spec.capaian_method.value,
        "year": evaluation.year,
        "spec": str(spec.source),
        "data": str(record.source) if record else None,
        "status": result.status,
        "reason": result.reason,
        "note": spec.note or None,
        "period": {"code": evaluation.within_year.code, "label": evaluation.within_year.label()}
        if evaluation.within_year is not None
        else None,
        "as_of": evaluation.as_of.isoformat() if evaluation.as_of is not None else None,
    }
    realisasi: dict[str, Any] = {"value": result.realisasi, "from": result.realisasi_from}
    if spec.formula:
        realisasi["formula"] = spec.formula
        realisasi["formula_source"] = str(spec.formula_source) if spec.formula_source else None
    if result.realisasi_from is RealisasiFrom.FORMULA and record is not None and spec.formula:
        realisasi["inputs"] = [
            {
                "name": name,
                "description": spec.inputs.get(name, ""),
                "value": value,
                "source": str(record.input_sources.get(name, record.source)),
            }
            for name, value in result.inputs.items()
        ]
        realisasi["substituted"] = substitute(spec.formula, result.inputs)
        realisasi["steps"] = [{"text": s.text, "value": _plain(s.value)} for s in result.steps]
    if result.quarters:
        realisasi["quarters"] = result.quarters
    if result.periods:
        realisasi["periods"] = result.periods
        realisasi["cumulation"] = spec.cumulation
    if result.reached is not None:
        realisasi["reached"] = result.reached.code
        realisasi["partial"] = result.reached.up_to()
    out["realisasi"] = realisasi
    info = spec.target_info.get(evaluation.year)
    out["target"] = {
        "value": result.target,
        "year": evaluation.year,
        "source": str(result.target_revision.source)
        if result.target_revision is not None
        else str(spec.target_sources[evaluation.year])
        if evaluation.year in spec.target_sources
        else None,
        "range": result.target_range.as_dict() if result.target_range is not None else None,
        "shown": range_text(result.target_range, spec.unit or "") if result.target_range is not None else None,
        "bound": result.target_bound,
        "printed": info.source or None if info else None,
        "inferred": info.inferred if info else False,
        **_to_date(evaluation, result),
        "revisions": _revisions(evaluation, result),
    }
    out["capaian"] = {
        "value": result.capaian,
        "capped": result.capaian_capped if result.cap is not None else None,
        "used": result.capaian_used,
        "cap": result.cap,
        "cap_rollup": result.policy.caps_rollup,
        "floor": result.policy.capaian_floor,
        "policy": list(result.policy_notes),
        "out_of_scale": result.out_of_scale,
        "rule": result.capaian_rule
        or (
            rule_text(spec.direction, spec.capaian_method)
            if result.target is not None and spec.direction is not None
            else None
        ),
        "met": result.target_bound is None if result.target_range is not None and result.capaian is not None else None,
        "rolled_up": result.realisasi is None and result.capaian is not None,
    }
    out["predikat"] = (
        {"code": result.band.code, "band": result.band, "range": result.band.describe(), "scale": ws.scale.id}
        if result.band
        else None
    )
    if result.rollup is not None:
        out["rollup"] = _rollup(evaluation, result, depth=0)
    kids = sorted(ws.children(spec.id), key=lambda c: natural_key(c.id))  # tree order, from the index
    children = [evaluation.results[c.id] for c in kids if evaluation.results[c.id].pagu is not None]
    out["budget"] = {
        "pagu": result.pagu,
        "realisasi_anggaran": result.realisasi_anggaran,
        "serapan": result.serapan,
        "efisiensi": result.efisiensi,
        "from": result.budget_from,
        "children": [{"id": c.id, "pagu": c.pagu, "realisasi_anggaran": c.realisasi_anggaran} for c in children]
        if result.budget_from is BudgetFrom.CHILDREN
        else [],
    }
    out["comparisons"] = compare(result, evaluation, previous).as_dict()
    parents: list[dict[str, Any]] = []
    current = ws.nodes.get(spec.parent) if spec.parent else None
    while current is not None and len(parents) < 10:
        parent = evaluation.results.get(current.id)
        parents.append(
            {
                "id": current.id,
                "kind": current.kind.value,
                "name": current.name,
                "capaian": parent.capaian if parent else None,
            }
        )
        current = ws.nodes.get(current.parent) if current.parent else None
    out["parents"] = parents
    out["reported"] = [
        {"source": rep.source, **dict(rep.values), **_about(rep), "at": str(rep.origin)}
        for rep in (record.reported if record else ())
    ]
    out["budget"]["derived"] = _derived(evaluation, spec.id)
    out["check"] = _findings(evaluation, spec.id)
    return out


def _derived(evaluation: Evaluation, node_id: str) -> list[dict[str, Any]]:
    """The derived values (not printed) inside this node's figures: its own and its descendants'."""
    ws = evaluation.workspace
    found = []
    for node in [ws.nodes[node_id], *ws.descendants(node_id)]:
        record = evaluation.results[node.id].record
        for name, derived in (record.derived if record else {}).items():
            found.append(
                {
                    "id": node.id,
                    "field": name,
                    "value": getattr(record, name, None),
                    "rule": derived.rule,
                    "from": derived.source,
                    "missing_in": derived.missing_in or None,
                }
            )
    return found


def _findings(evaluation: Evaluation, node_id: str) -> list[dict[str, Any]]:
    """What `lkip check` finds for this node's printed figures (same findings, same causes)."""
    return [
        {
            "field": d.field,
            "printed": d.printed if not isinstance(d.printed, Band) else d.printed.code,
            "computed": d.computed.shown() if isinstance(d.computed, Band) else d.computed,
            "severity": d.severity,
            "cause": d.cause,
            "cause_text": d.cause.text,
            "explanation": d.explanation,
            "sources": d.sources,
        }
        for d in audit(evaluation).differences
        if d.node == node_id
    ]
