"""Evaluate one year of a workspace: realisasi, capaian, predikat, status, roll-up and budget per node."""
from __future__ import annotations

import math
import re
import statistics
from dataclasses import dataclass, field
from typing import Any

from .capaian import CapaianUndefined, capaian as compute_capaian, rule_text, serapan as compute_serapan
from .validation import Compiled, compile_formulas, rollup_members
from .formula import ROLLUP, EvaluationError, Formula, Step, checked
from .functions import Series
from .model import Band, Kind, NodeSpec, Record, Status, Workspace


@dataclass
class Member:
    """One descendant's part in a roll-up."""

    id: str
    capaian: float | None
    realisasi: float | None
    weight: float
    status: Status


@dataclass
class NodeResult:
    spec: NodeSpec
    year: int
    status: Status = Status.NO_DATA
    reason: str | None = None
    target: float | None = None
    realisasi: float | None = None
    realisasi_from: str | None = None  # formula | given | triwulan | rollup
    capaian: float | None = None
    capaian_rule: str | None = None
    band: Band | None = None
    pagu: float | None = None
    realisasi_anggaran: float | None = None
    budget_from: str | None = None  # data | children
    serapan: float | None = None
    inputs: dict[str, Any] = field(default_factory=dict)
    steps: list[Step] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)
    rollup_method: str | None = None
    quarters: dict[int, float] = field(default_factory=dict)
    record: Record | None = None
    depth: int = 0

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def efisiensi(self) -> float | None:
        if self.capaian is None or self.serapan is None:
            return None
        return self.capaian - self.serapan

    @property
    def capaian_shown(self) -> float | None:
        """Capaian after the node's declared cap (policy), if any."""
        if self.capaian is None or self.spec.capaian_cap is None:
            return self.capaian
        return min(self.capaian, self.spec.capaian_cap)


@dataclass
class Evaluation:
    year: int
    workspace: Workspace
    results: dict[str, NodeResult]  # tree order: each node followed by its subtree
    tw: int | None = None  # evaluated up to this quarter (None: the whole year)

    def roots(self) -> list[NodeResult]:
        return [r for r in self.results.values() if r.depth == 0]

    @property
    def total_pagu(self) -> float | None:
        return budget_totals(self.roots())[0]

    @property
    def total_realisasi_anggaran(self) -> float | None:
        return budget_totals(self.roots())[1]

    @property
    def total_serapan(self) -> float | None:
        return compute_serapan(self.total_pagu, self.total_realisasi_anggaran)

    @property
    def mean_capaian_iku(self) -> float | None:
        values = [r.capaian for r in self.results.values() if r.spec.kind is Kind.IKU and r.capaian is not None]
        return statistics.fmean(values) if values else None

    def count_by_status(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for r in self.results.values():
            counts[r.status.value] = counts.get(r.status.value, 0) + 1
        return counts


def budget_totals(results: list[NodeResult]) -> tuple[float | None, float | None]:
    """Pagu and realisasi anggaran summed over some nodes (None where none of them has any)."""
    pagu = [r.pagu for r in results if r.pagu is not None]
    spent = [r.realisasi_anggaran for r in results if r.realisasi_anggaran is not None]
    return (math.fsum(pagu) if pagu else None), (math.fsum(spent) if spent else None)


def evaluate(ws: Workspace, year: int, compiled: Compiled | None = None, trace: bool = False,
             tw: int | None = None) -> Evaluation:
    """Evaluate every node for the year (or up to quarter `tw`, from quarterly data only).

    Never raises for bad data: a node gets an error status instead."""
    if compiled is None:
        compiled, _ = compile_formulas(ws)
    data = ws.years.get(year)
    records = data.records if data else {}
    order = _tree_order(ws)
    results: dict[str, NodeResult] = {}
    for node_id, depth in order:
        results[node_id] = NodeResult(ws.nodes[node_id], year, depth=depth, record=records.get(node_id))
    # children before parents: reverse of a pre-order walk
    quarter = tw if tw is not None and tw < 4 else None
    for node_id, _ in reversed(order):
        _evaluate_node(results[node_id], ws, compiled, results, trace, quarter)
    return Evaluation(year, ws, results, tw)


def _tree_order(ws: Workspace) -> list[tuple[str, int]]:
    children: dict[str | None, list[str]] = {}
    for node in ws.nodes.values():
        parent = node.parent if node.parent in ws.nodes else None
        children.setdefault(parent, []).append(node.id)
    for siblings in children.values():
        siblings.sort(key=natural_key)
    order: list[tuple[str, int]] = []
    seen: set[str] = set()
    stack = [(node_id, 0) for node_id in reversed(children.get(None, []))]
    while stack:
        node_id, depth = stack.pop()
        if node_id in seen:
            continue
        seen.add(node_id)
        order.append((node_id, depth))
        for child in reversed(children.get(node_id, [])):
            stack.append((child, depth + 1))
    # nodes caught in a cycle are unreachable from a root: list them last, flat
    order.extend((node_id, 0) for node_id in ws.nodes if node_id not in seen)
    return order


def natural_key(node_id: str) -> list:
    """Order ids as people do: P2 before P10, IKU4 before IKU5."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", node_id) if part]


def _evaluate_node(result: NodeResult, ws: Workspace, compiled: Compiled,
                   results: dict[str, NodeResult], trace: bool, quarter: int | None) -> None:
    spec, record = result.spec, result.record
    result.target = spec.targets.get(result.year)
    _budget(result, results, quarter)
    if record is not None and record.status == "not_implemented":
        result.status = Status.NOT_IMPLEMENTED
        result.reason = "not carried out this year"
        return
    try:
        into = _realisasi(result, ws, compiled, results, trace, quarter)
    except (EvaluationError, ArithmeticError) as exc:  # OverflowError: never a traceback
        result.status = Status.ERROR
        result.reason = str(exc)
        return
    if into == "capaian":
        return
    if result.realisasi is None:
        result.status = Status.NO_DATA
        result.reason = result.reason or "no data for this year"
        return
    if result.target is None:
        result.status = Status.NO_TARGET
        result.reason = f"no target for {result.year}"
        return
    if result.target == 0:
        result.status = Status.ZERO_TARGET
        result.reason = "target is 0: capaian is undefined"
        return
    try:
        result.capaian = compute_capaian(result.target, result.realisasi, spec.direction, spec.capaian_method)
    except CapaianUndefined as exc:
        result.status = Status.ERROR
        result.reason = str(exc)
        return
    result.capaian_rule = rule_text(spec.direction, spec.capaian_method)
    result.band = ws.scale.band_for(result.capaian)
    result.status = Status.OK


def _realisasi(result: NodeResult, ws: Workspace, compiled: Compiled, results: dict[str, NodeResult],
               trace: bool, quarter: int | None = None) -> str:
    """Set result.realisasi (or capaian for a roll-up into capaian); return 'realisasi' or 'capaian'."""
    spec, record = result.spec, result.record
    formula = compiled.formulas.get(spec.id)
    if quarter is not None and record is not None and (record.inputs or record.realisasi is not None
                                                       or record.triwulan):
        if any(q <= quarter for q in record.triwulan):
            result.realisasi = _cumulate(result, formula, quarter, trace)
            result.realisasi_from = "triwulan"
        else:
            result.reason = f"no quarterly data up to TW {quarter}"
        return "realisasi"
    if record is not None and record.inputs and formula is not None:
        result.inputs = dict(record.inputs)
        result.realisasi, result.steps = formula.evaluate(record.inputs, trace=trace)
        result.realisasi_from = "formula"
        return "realisasi"
    if record is not None and record.realisasi is not None:
        result.realisasi = float(record.realisasi)
        result.realisasi_from = "given"
        return "realisasi"
    if record is not None and record.triwulan:
        result.realisasi = _cumulate(result, formula, None, trace)
        result.realisasi_from = "triwulan"
        return "realisasi"
    if spec.rollup is not None or (ws.children(spec.id) and (record is None or not record.inputs)):
        return _rollup(result, ws, compiled, results)
    if record is not None and spec.formula and not record.inputs:
        result.reason = "no inputs given for the formula"
    return "realisasi"


def _cumulate(result: NodeResult, formula: Formula | None, quarter: int | None, trace: bool) -> float:
    """The year's (or the first quarters') realisasi from quarterly values, by the spec's cumulation rule.

    Quarterly realisasi: sum, last or mean of the values. Quarterly inputs with `sum`: the inputs are added up
    over the quarters and the formula applied once (a ratio of sums, not a sum of ratios); with `last`: the
    formula on the last quarter's inputs; with `mean`: the mean of the quarterly results."""
    quarters = {q: e for q, e in sorted(result.record.triwulan.items()) if quarter is None or q <= quarter}
    values: dict[int, float] = {}
    for q, entry in quarters.items():
        if "inputs" in entry and formula is not None:
            values[q], _ = formula.evaluate(entry["inputs"])
        elif "realisasi" in entry:
            values[q] = float(entry["realisasi"])
    if not values:
        raise EvaluationError("triwulan given without realisasi or inputs")
    result.quarters = values
    rule = result.spec.cumulation
    with_inputs = [e["inputs"] for e in quarters.values() if "inputs" in e]
    if formula is not None and with_inputs and len(with_inputs) == len(quarters):
        if rule == "sum":
            result.inputs = _add_inputs(with_inputs)
            value, result.steps = formula.evaluate(result.inputs, trace=trace)
            return value
        if rule == "last":
            result.inputs = dict(with_inputs[-1])
            value, result.steps = formula.evaluate(result.inputs, trace=trace)
            return value
    if rule == "sum":
        return math.fsum(values.values())
    if rule == "mean":
        return statistics.fmean(values.values())
    return values[max(values)]


def _add_inputs(quarters: list[dict]) -> dict:
    """Inputs added up over quarters: numbers, lists element by element, mappings key by key."""
    total: dict = {}
    for inputs in quarters:
        for name, value in inputs.items():
            if name not in total:
                total[name] = value
            elif isinstance(value, (int, float)) and isinstance(total[name], (int, float)):
                total[name] = total[name] + value
            elif isinstance(value, list) and isinstance(total[name], list) and len(value) == len(total[name]):
                total[name] = [a + b for a, b in zip(total[name], value)]
            elif isinstance(value, dict) and isinstance(total[name], dict) and value.keys() == total[name].keys():
                total[name] = {k: total[name][k] + value[k] for k in value}
            else:
                raise EvaluationError(f"quarterly input '{name}' changes shape between quarters")
    return total


def _rollup(result: NodeResult, ws: Workspace, compiled: Compiled, results: dict[str, NodeResult]) -> str:
    spec = result.spec
    rollup = spec.rollup
    members = rollup_members(ws, spec)
    method = rollup.method if rollup else "mean"
    weights = rollup.weights if rollup else {}
    result.rollup_method = method
    result.members = [Member(m.id, results[m.id].capaian, results[m.id].realisasi, float(weights.get(m.id, 1.0)),
                             results[m.id].status) for m in members if m.id in results]
    into = (rollup.into if rollup and rollup.into else None) or (
        "realisasi" if rollup is not None and result.target is not None else "capaian")
    usable = [m for m in result.members if (m.realisasi if method == "sum" else m.capaian) is not None]
    if not usable:
        result.status = Status.NO_DATA
        result.reason = "no child has a value to roll up"
        return "capaian"
    if method == "sum":
        value = math.fsum(m.realisasi for m in usable)
    elif method == "weighted":
        total = math.fsum(m.weight for m in usable)
        if total == 0:
            raise EvaluationError("rollup weights add up to 0")
        value = math.fsum(m.capaian * m.weight for m in usable) / total
    elif method == "min":
        value = min(m.capaian for m in usable)
    elif method == "max":
        value = max(m.capaian for m in usable)
    elif method == "formula":
        formula = compiled.rollups.get(spec.id)
        if formula is None:
            raise EvaluationError("rollup formula did not compile")
        value, result.steps = formula.evaluate({"capaian": Series(tuple(m.capaian for m in usable),
                                                                   tuple(m.id for m in usable))}, trace=True)
    else:
        value = statistics.fmean(m.capaian for m in usable)
    value = checked(value, ROLLUP)
    skipped = [m.id for m in result.members if m not in usable]
    if skipped:
        result.reason = f"rolled up without {', '.join(skipped)} (no value)"
    if into == "realisasi":
        result.realisasi = value
        result.realisasi_from = "rollup"
        return "realisasi"
    result.capaian = value
    result.capaian_rule = f"{method} of the capaian of {rollup.of if rollup else 'children'}"
    result.band = ws.scale.band_for(value)
    result.status = Status.OK
    return "capaian"


def _budget(result: NodeResult, results: dict[str, NodeResult], quarter: int | None = None) -> None:
    record = result.record
    if record is not None and record.pagu is not None:
        result.pagu = float(record.pagu)
        spent = record.realisasi_anggaran if quarter is None else None  # the data holds the year's spending only
        result.realisasi_anggaran = float(spent) if spent is not None else None
        result.budget_from = "data"
    else:
        children = [r for r in results.values() if r.spec.parent == result.spec.id and r.pagu is not None]
        if children:
            result.pagu = math.fsum(c.pagu for c in children)
            spent = [c.realisasi_anggaran for c in children if c.realisasi_anggaran is not None]
            result.realisasi_anggaran = math.fsum(spent) if spent else None
            result.budget_from = "children"
    result.serapan = compute_serapan(result.pagu, result.realisasi_anggaran)
