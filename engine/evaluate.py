"""Evaluate one year of a workspace: realisasi, capaian, predikat, status, roll-up and budget per node."""

from __future__ import annotations

import datetime
import math
import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .capaian import CapaianUndefined, rollup_text, rule_text
from .capaian import capaian as compute_capaian
from .capaian import serapan as compute_serapan
from .formula import ROLLUP, EvaluationError, Formula, Step, checked
from .functions import Series
from .messages import Message, Percent
from .model import (
    NO_POLICY,
    Band,
    BudgetFrom,
    Cumulation,
    Into,
    Kind,
    NodeSpec,
    Policy,
    RealisasiFrom,
    Record,
    Revision,
    Rollup,
    RollupMethod,
    Status,
    TargetBasis,
    Workspace,
)
from .periods import SERIES, Period
from .rencana import PeriodTarget, period_target
from .targets import TargetRange, range_capaian, range_rule, target_range
from .validation import Compiled, compile_formulas


@dataclass
class Member:
    """One descendant's part in a roll-up."""

    id: str
    capaian: float | None
    realisasi: float | None
    weight: float
    status: Status
    used: float | None = None  # the capaian the roll-up takes: after the member's policy floor and cap

    def value(self, method: RollupMethod) -> float | None:
        """What this member gives the roll-up: its realisasi for `sum`, else its capaian (as its policy counts it)."""
        return self.realisasi if method.of_realisasi else self.used


@dataclass
class NodeResult:
    spec: NodeSpec
    year: int
    status: Status = Status.NO_DATA
    reason: str | Message | None = None
    target: float | None = None
    target_range: TargetRange | None = None  # a range, limit or band target (then `target` is None)
    target_bound: float | None = None  # the bound the capaian was computed against (outside the range)
    target_basis: TargetBasis | None = None  # the year's own target, a declared quarter's, or one derived by rule
    target_annual: float | None = None  # the year's target in force (beside a target to date)
    target_annual_range: TargetRange | None = None
    target_revision: Revision | None = None  # the version of the target in force (PK perubahan), if it has history
    target_revised: bool = False  # the version in force is a revision, not the original PK
    target_found: PeriodTarget | None = None  # the whole finding (rule, source of a declared quarter)
    realisasi: float | None = None
    realisasi_from: RealisasiFrom | None = None
    capaian: float | None = None
    capaian_rule: Message | None = None
    band: Band | None = None
    pagu: float | None = None
    realisasi_anggaran: float | None = None
    budget_from: BudgetFrom | None = None
    serapan: float | None = None
    inputs: dict[str, Any] = field(default_factory=dict)
    steps: list[Step] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)
    rollup: Rollup | None = None  # the rule that gave this node its value, when it was rolled up
    quarters: dict[int, float] = field(default_factory=dict)  # triwulan values, by quarter (explain)
    periods: dict[str, float] = field(default_factory=dict)  # the period values cumulated, by code ('S1', 'TW2')
    reached: Period | None = None  # set when the data reaches only this period, before the one asked (partial)
    record: Record | None = None
    depth: int = 0
    policy: Policy = NO_POLICY  # the node's capaian policy (its own keys over the organisation's)
    capaian_used: float | None = None  # what roll-ups take: the capaian after the policy's floor and cap
    policy_notes: list[Message] = field(default_factory=list)  # what the policy did to this capaian
    out_of_scale: bool = False  # a capaian in no band of a partial scale: no predikat

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def efisiensi(self) -> float | None:
        if self.capaian is None or self.serapan is None:
            return None
        return self.capaian - self.serapan

    @property
    def cap(self) -> float | None:
        """The cap the capaian is shown with: the policy's (counts in roll-ups) or the node's own (display only)."""
        return self.policy.capaian_cap if self.policy.capaian_cap is not None else self.spec.capaian_cap

    @property
    def capaian_capped(self) -> float | None:
        """Capaian after the cap, if any (as shown)."""
        if self.capaian is None or self.cap is None:
            return self.capaian
        return min(self.capaian, self.cap)


@dataclass
class Evaluation:
    year: int
    workspace: Workspace
    results: dict[str, NodeResult]  # tree order: each node followed by its subtree
    triwulan: int | None = None  # evaluated up to this quarter (None: the whole year)
    period: Period | None = None  # evaluated up to this period (None: the whole year)
    as_of: datetime.date | None = None  # targets in force on this date (None: the latest)

    @property
    def within_year(self) -> Period | None:
        """The period asked when it is not the whole year (TW4, S2, B12 are the year)."""
        return self.period if self.period is not None and not self.period.is_year else None

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
        """The mean capaian of the IKU, each as roll-ups count it (after a declared floor or cap)."""
        return mean_capaian_iku(self.results.values())

    def count_by_status(self, results: list[NodeResult] | None = None) -> dict[Status, int]:
        """How many of the nodes (all, or those shown) are in each status; the one place this is counted."""
        counts: dict[Status, int] = {}
        for r in self.results.values() if results is None else results:
            counts[r.status] = counts.get(r.status, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: list(Status).index(kv[0])))


def mean_capaian_iku(results: Iterable[NodeResult]) -> float | None:
    values = [r.capaian_used for r in results if r.spec.kind is Kind.IKU and r.capaian_used is not None]
    return statistics.fmean(values) if values else None


def budget_totals(results: list[NodeResult]) -> tuple[float | None, float | None]:
    """Pagu and realisasi anggaran summed over some nodes (None where none of them has any)."""
    pagu = [r.pagu for r in results if r.pagu is not None]
    spent = [r.realisasi_anggaran for r in results if r.realisasi_anggaran is not None]
    return (math.fsum(pagu) if pagu else None), (math.fsum(spent) if spent else None)


def evaluate(
    ws: Workspace,
    year: int,
    compiled: Compiled | None = None,
    trace: bool = False,
    triwulan: int | None = None,
    period: Period | None = None,
    as_of: datetime.date | None = None,
) -> Evaluation:
    """Evaluate every node for the year, or up to `period` (S1, TW2, B6; `triwulan` N is TWN) from the data's
    semester, triwulan or bulan values, against the targets to date (rencana aksi) in force on `as_of` (PK
    perubahan; None: the latest). A period that ends in December is the year.

    Never raises for bad data: a node gets an error status instead."""
    if period is None and triwulan is not None:
        period = Period("triwulan", triwulan)
    if compiled is None:
        compiled, _ = compile_formulas(ws)
    data = ws.years.get(year)
    records = data.records if data else {}
    order = _tree_order(ws)
    results: dict[str, NodeResult] = {}
    for node_id, depth in order:
        results[node_id] = NodeResult(
            ws.nodes[node_id], year, depth=depth, record=records.get(node_id), policy=ws.policy_of(node_id)
        )
    # children before parents: reverse of a pre-order walk
    asked = period if period is not None and not period.is_year else None
    for node_id, _ in reversed(order):
        _evaluate_node(results[node_id], ws, compiled, results, trace, asked, as_of)
    quarter = period.number if period is not None and period.series == "triwulan" else None
    return Evaluation(year, ws, results, quarter, period, as_of)


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


def _evaluate_node(
    result: NodeResult,
    ws: Workspace,
    compiled: Compiled,
    results: dict[str, NodeResult],
    trace: bool,
    quarter: Period | None,
    as_of: datetime.date | None = None,
) -> None:
    spec, record = result.spec, result.record
    _target(result, ws, quarter, as_of)
    _budget(result, results, quarter, ws)
    if record is not None and record.status is Status.NOT_IMPLEMENTED:
        result.status = Status.NOT_IMPLEMENTED
        result.reason = Message("not carried out this year", "tidak dilaksanakan tahun ini")
        return
    try:
        into = _realisasi(result, ws, compiled, results, trace, quarter)
    except EvaluationError as exc:
        result.status = Status.ERROR
        result.reason = exc.reason
        return
    if into is Into.CAPAIAN:
        return
    if result.realisasi is None:
        result.status = Status.NO_DATA
        result.reason = result.reason or Message("no data for this year", "tidak ada data tahun ini")
        return
    if result.target_range is not None:
        _range_capaian(result, result.target_range, result.realisasi, ws)
        return
    if result.target is None:
        result.status = Status.NO_TARGET
        found = result.target_found
        result.reason = (found.reason if found is not None else None) or Message(
            "no target for {year}", "tidak ada target tahun {year}", year=result.year
        )
        return
    if result.target == 0:
        result.status = Status.ZERO_TARGET
        result.reason = Message("target is 0: capaian is undefined", "target 0: capaian tidak terdefinisi")
        return
    if spec.direction is None:
        result.status = Status.ERROR
        result.reason = Message(
            "no direction declared: a node with a target needs one",
            "direction tidak diisi: simpul bertarget memerlukannya",
        )
        return
    try:
        result.capaian = compute_capaian(result.target, result.realisasi, spec.direction, spec.capaian_method)
        result.capaian_rule = rule_text(spec.direction, spec.capaian_method)
    except CapaianUndefined as exc:
        if not exc.zero_realisasi:
            result.status = Status.ERROR
            result.reason = exc.reason
            return
        if not _inverse_zero(result):
            result.status = Status.NOT_COMPUTABLE
            result.reason = Message(
                "realisasi is 0 and the capaian rule is target / realisasi: no capaian (declare policy "
                "inverse_zero, e.g. 120, or a capaian_cap)",
                "realisasi 0 dan rumus capaian target / realisasi: capaian tidak dapat dihitung (deklarasikan "
                "kebijakan inverse_zero, mis. 120, atau capaian_cap)",
            )
            return
    _judge(result, ws)


def _target(result: NodeResult, ws: Workspace, period: Period | None, as_of: datetime.date | None) -> None:
    """The target the node is measured against: the year's in force on `as_of`, or its target to `period`."""
    found = period_target(ws, result.spec.id, result.year, period, as_of)
    scale = ws.scale if ws.scales else None
    result.target_found = found
    result.target = found.target.value if found.target is not None else None
    result.target_range = target_range(found.target, scale)
    result.target_basis = found.basis
    result.target_annual = found.annual.value if found.annual is not None else None
    result.target_annual_range = target_range(found.annual, scale)
    result.target_revision = found.revision
    result.target_revised = found.revised


def _inverse_zero(result: NodeResult) -> bool:
    """Realisasi 0 under target / realisasi (the best outcome): the capaian the policy gives, or False."""
    declared = result.policy.inverse_zero
    value = declared if declared is not None else result.cap
    if value is None:
        return False
    result.capaian = value
    result.capaian_rule = (
        Message(
            "realisasi is 0 under target / realisasi: capaian {v} by policy inverse_zero",
            "realisasi 0 dengan target / realisasi: capaian {v} menurut kebijakan inverse_zero",
            v=Percent(value),
        )
        if declared is not None
        else Message(
            "realisasi is 0 under target / realisasi: capaian is the cap {v}",
            "realisasi 0 dengan target / realisasi: capaian sama dengan batas atas {v}",
            v=Percent(value),
        )
    )
    return True


def _judge(result: NodeResult, ws: Workspace) -> None:
    """A node with a capaian: what roll-ups take of it under its policy (floor, cap), its predikat, status ok."""
    assert result.capaian is not None
    policy, raw = result.policy, result.capaian
    used = raw
    if policy.capaian_floor is not None and used < policy.capaian_floor:
        used = policy.capaian_floor
        result.policy_notes.append(
            Message(
                "{v} counts as {floor} in roll-ups (policy capaian_floor)",
                "{v} dihitung sebagai {floor} dalam roll-up (kebijakan capaian_floor)",
                v=Percent(raw),
                floor=Percent(used),
            )
        )
    cap = result.cap
    if cap is not None and raw > cap:
        if policy.caps_rollup:
            result.policy_notes.append(
                Message(
                    "{v} capped to {cap} (policy capaian_cap, also in roll-ups)",
                    "{v} dibatasi menjadi {cap} (kebijakan capaian_cap, juga dalam roll-up)",
                    v=Percent(raw),
                    cap=Percent(cap),
                )
            )
        else:
            result.policy_notes.append(
                Message(
                    "{v} shown capped to {cap}; roll-ups take {v}",
                    "{v} ditampilkan dibatasi menjadi {cap}; roll-up memakai {v}",
                    v=Percent(raw),
                    cap=Percent(cap),
                )
            )
    if policy.caps_rollup and policy.capaian_cap is not None:
        used = min(used, policy.capaian_cap)
    result.capaian_used = used
    # the predikat follows the capaian as shown under a policy cap; a display-only cap does not change it
    graded = min(raw, policy.capaian_cap) if policy.capaian_cap is not None else raw
    result.band = ws.scale.band_for(graded)
    result.out_of_scale = result.band is None and ws.has_predikat
    result.status = Status.OK


def _range_capaian(result: NodeResult, bounds: TargetRange, realisasi: float, ws: Workspace) -> None:
    """Capaian against a range, limit or band target: 100 % within it, else the direction's rule against the
    nearest bound (engine/targets.py)."""
    spec = result.spec
    assert spec.direction is not None  # a node with targets declares its direction (LK218)
    try:
        result.capaian, result.target_bound = range_capaian(bounds, realisasi, spec.direction, spec.capaian_method)
    except CapaianUndefined as exc:
        result.status = Status.ERROR
        result.reason = exc.reason
        return
    result.capaian_rule = range_rule(bounds, result.target_bound, spec.direction, spec.capaian_method, spec.unit or "")
    _judge(result, ws)  # the policy (floor, cap), the predikat and the status, as for a plain target


def _realisasi(
    result: NodeResult,
    ws: Workspace,
    compiled: Compiled,
    results: dict[str, NodeResult],
    trace: bool,
    quarter: Period | None = None,
) -> Into:
    """Set the node's realisasi (or, for a roll-up into capaian, its capaian) and say which of the two it set.

    Precedence: period data up to `quarter` (with --period); the formula over the year's inputs; a realisasi
    given in data; the year's period values (semester, triwulan or bulan); the node's roll-up rule (declared,
    or implicit for a parent). Period data that stops before the period asked marks the result partial."""
    spec, record = result.spec, result.record
    formula = compiled.formulas.get(spec.id)
    if (
        quarter is not None
        and record is not None
        and (record.inputs or record.realisasi is not None or record.series())
    ):
        chosen = _series_up_to(record, quarter.end_month)
        if chosen is not None:
            result.realisasi = _cumulate(result, chosen[0], chosen[1], formula, quarter.end_month, trace)
            result.realisasi_from = RealisasiFrom(chosen[0])
        else:
            result.reason = Message(
                "no data for a period up to {period}",
                "tidak ada data periode sampai {period}",
                period=quarter.shown(),
            )
        return Into.REALISASI
    if record is not None and record.inputs and formula is not None:
        result.inputs = dict(record.inputs)
        result.realisasi, result.steps = formula.evaluate(record.inputs, trace=trace)
        result.realisasi_from = RealisasiFrom.FORMULA
        return Into.REALISASI
    if record is not None and record.realisasi is not None:
        result.realisasi = float(record.realisasi)
        result.realisasi_from = RealisasiFrom.GIVEN
        return Into.REALISASI
    chosen = _series_up_to(record, 12) if record is not None else None
    if chosen is not None:
        result.realisasi = _cumulate(result, chosen[0], chosen[1], formula, 12, trace)
        result.realisasi_from = RealisasiFrom(chosen[0])
        return Into.REALISASI
    rollup = ws.rollup_of(spec.id)
    if rollup is not None:
        return _rollup(result, rollup, ws, compiled, results)
    if record is not None and spec.formula and not record.inputs:
        result.reason = Message("no inputs given for the formula", "input rumus tidak diisi")
    return Into.REALISASI


PERFORMANCE = ("realisasi", "inputs")  # what a period entry gives of the performance (beside its spending)


def _series_up_to(
    record: Record, end_month: int, fields: tuple[str, ...] = PERFORMANCE
) -> tuple[str, dict[int, Any]] | None:
    """The series (semester, triwulan or bulan) whose periods up to `end_month` reach furthest, with those periods;
    on a tie the coarser series (a semester report's own figure before its months). Only the periods that give
    one of `fields` count (the performance, or the spending). None: no period fits."""
    best: tuple[int, str, dict[int, Any]] | None = None
    for name, values in record.series().items():
        months = SERIES[name][2]
        upto = {n: e for n, e in sorted(values.items()) if n * months <= end_month and any(f in e for f in fields)}
        if upto and (best is None or max(upto) * months > best[0]):
            best = (max(upto) * months, name, upto)
    return (best[1], best[2]) if best is not None else None


def spent_up_to(record: Record, end_month: int) -> float | None:
    """Realisasi anggaran from January to `end_month`: the periods' spending added up, when the data's spending
    reaches exactly that month (None: unknown so far)."""
    chosen = _series_up_to(record, end_month, ("realisasi_anggaran",))
    if chosen is None or max(chosen[1]) * SERIES[chosen[0]][2] != end_month:
        return None
    return math.fsum(float(entry["realisasi_anggaran"]) for entry in chosen[1].values())


def _cumulate(
    result: NodeResult, series: str, periods: dict[int, Any], formula: Formula | None, end_month: int, trace: bool
) -> float:
    """The period's (or the year's) realisasi from the values of one series up to it, by the spec's cumulation.

    Period realisasi: sum, last or mean of the values. Period inputs with `sum`: the inputs are added up over
    the periods and the formula applied once (a ratio of sums, not a sum of ratios); with `last`: the formula on
    the last period's inputs; with `mean`: the mean of the period results. Data that stops before `end_month`
    marks the result partial (`reached`)."""
    quarters = periods
    last = Period(series, max(quarters))
    if last.end_month < end_month:
        result.reached = last
    values: dict[int, float] = {}
    for q, entry in quarters.items():
        if "inputs" in entry and formula is not None:
            values[q], _ = formula.evaluate(entry["inputs"])
        elif "realisasi" in entry:
            values[q] = float(entry["realisasi"])
    if not values:
        raise EvaluationError(
            Message(
                "{series} given without realisasi or inputs", "{series} diisi tanpa realisasi atau input", series=series
            )
        )
    if series == "triwulan":
        result.quarters = values
    result.periods = {Period(series, n).code: v for n, v in values.items()}
    rule = result.spec.cumulation
    with_inputs = [e["inputs"] for e in quarters.values() if "inputs" in e]
    if formula is not None and with_inputs and len(with_inputs) == len(quarters):
        if rule is Cumulation.SUM:
            result.inputs = _add_inputs(with_inputs)
            value, result.steps = formula.evaluate(result.inputs, trace=trace)
            return value
        if rule is Cumulation.LAST:
            result.inputs = dict(with_inputs[-1])
            value, result.steps = formula.evaluate(result.inputs, trace=trace)
            return value
    if rule is Cumulation.SUM:
        return math.fsum(values.values())
    if rule is Cumulation.MEAN:
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
                total[name] = [a + b for a, b in zip(total[name], value, strict=True)]
            elif isinstance(value, dict) and isinstance(total[name], dict) and value.keys() == total[name].keys():
                total[name] = {k: total[name][k] + value[k] for k in value}
            else:
                raise EvaluationError(
                    Message(
                        "quarterly input '{name}' changes shape between quarters",
                        "input triwulan '{name}' berubah bentuk antartriwulan",
                        name=name,
                    )
                )
    return total


def _rollup(
    result: NodeResult, rollup: Rollup, ws: Workspace, compiled: Compiled, results: dict[str, NodeResult]
) -> Into:
    spec = result.spec
    result.rollup = rollup
    result.members = [
        Member(
            m.id,
            results[m.id].capaian,
            results[m.id].realisasi,
            float(rollup.weights.get(m.id, 1.0)),
            results[m.id].status,
            results[m.id].capaian_used,
        )
        for m in ws.rollup_members(spec.id)
        if m.id in results
    ]
    usable = [m for m in result.members if m.value(rollup.method) is not None]
    if not usable:
        result.status = Status.NO_DATA
        result.reason = Message("no member has a value to roll up", "tidak ada anggota yang bernilai untuk dihitung")
        return Into.CAPAIAN
    value, steps = _combine(rollup, usable, compiled.rollups.get(spec.id))
    value = checked(value, ROLLUP)  # e.g. a sum of realisasi beyond 10^18
    result.steps = steps
    skipped = [m.id for m in result.members if m.value(rollup.method) is None]  # not `in usable`: quadratic
    if skipped:
        result.reason = Message(
            "rolled up without {ids} (no value)", "dihitung tanpa {ids} (tidak bernilai)", ids=skipped
        )
    if rollup.into is Into.REALISASI:
        result.realisasi = value
        result.realisasi_from = RealisasiFrom.ROLLUP
        return Into.REALISASI
    result.capaian = value
    result.capaian_rule = rollup_text(rollup)
    _judge(result, ws)
    return Into.CAPAIAN


def _combine(rollup: Rollup, usable: list[Member], formula: Formula | None) -> tuple[float, list[Step]]:
    """The members' values combined by the roll-up's method (realisasi for sum, capaian otherwise)."""
    values = [m.value(rollup.method) for m in usable]
    numbers = [v for v in values if v is not None]
    method = rollup.method
    if method is RollupMethod.SUM:
        return math.fsum(numbers), []
    if method is RollupMethod.WEIGHTED:
        total = math.fsum(m.weight for m in usable)
        if total == 0:
            raise EvaluationError(Message("rollup weights add up to 0", "bobot roll-up berjumlah 0"))
        return math.fsum(v * m.weight for v, m in zip(numbers, usable, strict=True)) / total, []
    if method is RollupMethod.MIN:
        return min(numbers), []
    if method is RollupMethod.MAX:
        return max(numbers), []
    if method is RollupMethod.FORMULA:
        if formula is None:
            raise EvaluationError(Message("rollup formula did not compile", "rumus roll-up tidak dapat dikompilasi"))
        return formula.evaluate({"capaian": Series(tuple(numbers), tuple(m.id for m in usable))}, trace=True)
    return statistics.fmean(numbers), []


def _budget(result: NodeResult, results: dict[str, NodeResult], quarter: Period | None, ws: Workspace) -> None:
    """Pagu (annual) and realisasi anggaran of the year, or to `quarter` from the periods' spending; a parent sums
    its children (to a period only when every child's spending to it is known)."""
    record = result.record
    if record is not None and record.pagu is not None:
        result.pagu = float(record.pagu)
        spent = record.realisasi_anggaran if quarter is None else spent_up_to(record, quarter.end_month)
        result.realisasi_anggaran = float(spent) if spent is not None else None
        result.budget_from = BudgetFrom.DATA
    else:
        children = [results[c.id] for c in ws.children(result.spec.id) if results[c.id].pagu is not None]
        if children:
            result.pagu = math.fsum(c.pagu for c in children if c.pagu is not None)  # all are (the filter above)
            spending = [c.realisasi_anggaran for c in children if c.realisasi_anggaran is not None]
            known = bool(spending) and (quarter is None or len(spending) == len(children))
            result.realisasi_anggaran = math.fsum(spending) if known else None
            result.budget_from = BudgetFrom.CHILDREN
    result.serapan = compute_serapan(result.pagu, result.realisasi_anggaran)
