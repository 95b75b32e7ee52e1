"""`lkip check`: every figure the report printed (data's `reported`) against what the engine computes.

A printed value agrees when it is the computed value rounded to the decimals it was printed with (precision.py);
one cut instead of rounded is a minor finding. Each other difference gets a likely cause, tried in this order:
rounding of an input only; the wrong direction rule; a value that follows from another printed value that is
itself off; another input or denominator than the formula's; a result that does not follow from its own inputs;
two places or tables that disagree; budget parts that do not add up to their printed total; a predikat that does
not match the scale; a printed target other than the one recorded (worded after where it came from). Derived
values, inferred targets and declared identities (crosscheck.py) add their own findings. Every finding has a
severity (material or minor), and the audit counts the printed figures compared and says why others were not."""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from .capaian import HIGHER, INVERSE, LOWER, CapaianUndefined, of_text, rule_for
from .capaian import capaian as rule
from .evaluate import Evaluation, NodeResult
from .messages import Message
from .model import Band, BudgetFrom, CapaianMethod, Direction, RealisasiFrom, Reported, Scale, Status
from .periods import Period, parse_period
from .precision import Agreement, compare, same_figure

Finding = tuple["Cause", "Message | None"]

NUMERIC = ("target", "realisasi", "capaian", "pagu", "realisasi_anggaran", "serapan", "efisiensi", "national")


class Severity(str, enum.Enum):
    """material: a printed figure is wrong or cannot be traced; minor: presentation only (a cut decimal, a value
    that follows from a rounded one, a row or target the report omits while its totals hold)."""

    MATERIAL = "material"
    MINOR = "minor"

    @property
    def text(self) -> Message:
        return SEVERITIES[self]


SEVERITIES = {
    Severity.MATERIAL: Message("material", "material"),
    Severity.MINOR: Message("minor", "minor"),
}


class Cause(str, enum.Enum):
    """The likely cause of a difference, in the order they are tried."""

    ROUNDING = "rounding"
    TRUNCATED = "truncated"
    WRONG_DIRECTION = "wrong_direction"
    FOLLOWS_PRINTED = "follows_printed"
    OTHER_INPUT = "other_input"
    NOT_FROM_INPUTS = "not_from_inputs"
    PRINTED_DISAGREE = "printed_disagree"
    TABLES_DISAGREE = "tables_disagree"
    BUDGET_SUM = "budget_sum"
    PREDIKAT_SCALE = "predikat_scale"
    TARGET_DIFFERS = "target_differs"
    TARGET_INFERRED = "target_inferred"
    DERIVED = "derived"
    IDENTITY = "identity"
    AGGREGATE = "aggregate"
    OTHER = "other"

    @property
    def text(self) -> Message:
        return CAUSES[self]

    @property
    def severity(self) -> Severity:
        return Severity.MINOR if self in MINOR_CAUSES else Severity.MATERIAL


CAUSES: dict[Cause, Message] = {
    Cause.ROUNDING: Message("follows from a rounded value only", "hanya akibat nilai yang dibulatkan"),
    Cause.TRUNCATED: Message("truncated, not rounded", "dipotong, bukan dibulatkan"),
    Cause.WRONG_DIRECTION: Message(
        "capaian computed with the wrong direction rule", "capaian dihitung dengan rumus arah yang salah"
    ),
    Cause.FOLLOWS_PRINTED: Message(
        "follows from another printed value that is itself off", "mengikuti angka tercetak lain yang juga keliru"
    ),
    Cause.OTHER_INPUT: Message(
        "computed with a different denominator or input than the formula's",
        "dihitung dengan penyebut atau masukan lain daripada rumusnya",
    ),
    Cause.NOT_FROM_INPUTS: Message(
        "printed result does not follow from its own inputs",
        "hasil tercetak tidak sesuai dengan data masukannya sendiri",
    ),
    Cause.PRINTED_DISAGREE: Message(
        "the data records another value than the printed one", "data mencatat nilai lain daripada yang tercetak"
    ),
    Cause.TABLES_DISAGREE: Message(
        "two tables (or places) of the report disagree", "dua tabel (atau bagian) laporan tidak sama"
    ),
    Cause.BUDGET_SUM: Message(
        "budget parts do not add up to the printed total", "rincian anggaran tidak berjumlah sama dengan total tercetak"
    ),
    Cause.PREDIKAT_SCALE: Message("predikat does not match the scale", "predikat tidak sesuai skala"),
    Cause.TARGET_DIFFERS: Message(
        "printed target differs from the target the workspace records",
        "target tercetak berbeda dari target yang dicatat workspace",
    ),
    Cause.TARGET_INFERRED: Message("target not printed (inferred)", "target tidak tercetak (disimpulkan)"),
    Cause.DERIVED: Message("the report omits this value (derived)", "laporan tidak mencetak nilai ini (diturunkan)"),
    Cause.IDENTITY: Message(
        "figures that must be equal differ (declared check)", "angka yang seharusnya sama berbeda (pemeriksaan)"
    ),
    Cause.AGGREGATE: Message(
        "headline aggregate does not follow from the tree", "angka agregat tidak sesuai dengan pohon kinerja"
    ),
    Cause.OTHER: Message("differs for another reason", "berbeda karena alasan lain"),
}

# minor: presentation only. A cut decimal; a value that follows from a rounded one or from another printed figure
# (the root is its own, material finding, and correcting it corrects this one); a row or a target the report
# omits while the printed totals hold.
MINOR_CAUSES = frozenset({Cause.ROUNDING, Cause.TRUNCATED, Cause.FOLLOWS_PRINTED, Cause.TARGET_INFERRED, Cause.DERIVED})


@dataclass
class Difference:
    node: str
    field: str
    printed: Any
    computed: Any
    sources: list[str]
    cause: Cause
    explanation: Message | None
    at: list[str] = dataclass_field(default_factory=list)
    tried: list[tuple[str | Message, float | None]] = dataclass_field(default_factory=list)  # rules tried, their values
    corrected: Any = None  # the figure the report should print, when it is not the computed one

    unit: str | None = None  # printed and computed are in this printed unit (`reported: unit`), not the node's
    factor: float = 1.0  # printed = node-unit value × factor (computed is shown multiplied by it)

    @property
    def severity(self) -> Severity:
        return self.cause.severity

    @property
    def difference(self) -> float | None:
        if isinstance(self.printed, (int, float)) and isinstance(self.computed, (int, float)):
            return self.printed - self.computed
        return None


FROM_INPUTS = Message("computed from its inputs", "dihitung dari data masukannya")


@dataclass
class NotCompared:
    """A printed figure check could not compare, and why."""

    node: str
    field: str
    printed: Any
    sources: list[str]
    reason: Message


@dataclass
class Audit:
    """What `lkip check` found: the findings, how many printed figures it compared, and those it could not."""

    differences: list[Difference]
    compared: int
    not_compared: list[NotCompared]


def _close(a: float, b: float, tol: float) -> bool:
    return abs(a - b) <= tol + 1e-9


def rounding_only(printed: float, computed: float, decimals: int = 2) -> bool:
    """Printed (with `decimals` decimals) is the computed value rounded or cut at that precision."""
    return compare(printed, decimals, computed) is not Agreement.DIFFERS


def band_of_text(text: str, scale: Scale) -> Band | None:
    """The band a printed predikat names ('Sangat Memuaskan (semakin kecil ...)' -> AA)."""
    word = text.split("(")[0].strip().rstrip(".").lower()
    for band in scale.bands:
        if word == band.code.lower():
            return band
    for band in scale.bands:
        names = {band.title("id").lower(), band.title("en").lower(), band.label.lower()}
        if word in names:
            return band
    return None


def _computed(result: NodeResult, name: str) -> Any:
    if name == "predikat":
        return result.band
    if name == "national":
        return result.record.national if result.record else None
    return {
        "target": result.target,
        "realisasi": result.realisasi,
        "capaian": result.capaian,
        "pagu": result.pagu,
        "realisasi_anggaran": result.realisasi_anggaran,
        "serapan": result.serapan,
        "efisiensi": result.efisiensi,
    }[name]


def _printed_other(entries: list[Reported], name: str, exclude: float | None = None) -> float | None:
    for entry in entries:
        value = entry.in_node_unit(name)
        if isinstance(value, (int, float)) and value != exclude:
            return float(value)
    return None


def _factor(entry: Reported, name: str) -> float:
    """A reported entry's `factor` (printed = value in the node's unit × factor; target and realisasi only)."""
    if name not in ("target", "realisasi"):
        return 1.0
    factor = getattr(entry, "factor", None)
    if factor is None:
        factor = entry.values.get("factor")
    return float(factor) if isinstance(factor, (int, float)) and not isinstance(factor, bool) and factor > 0 else 1.0


def _value_of(entry: Reported, name: str) -> Any:
    """The printed value in the node's unit (printed / factor)."""
    value = entry.values[name]
    factor = _factor(entry, name)
    return value / factor if factor != 1.0 and isinstance(value, (int, float)) else value


def _entry_places(entry: Reported, name: str) -> int:
    """The decimals of the printed value in the node's unit (0,02 printed for 2 % has 0 there, 186 per 100.000
    for 0,186 % has 3)."""
    factor = _factor(entry, name)
    shift = 0 if factor == 1.0 else round(math.log10(factor))
    return max(0, entry.places(name) + shift)


def _places(where: list[Reported], name: str) -> int:
    """The finest precision the figure was printed with among the places that print this value."""
    return max(_entry_places(e, name) for e in where)


def _period(entry: Reported) -> str | None:
    period = getattr(entry, "period", None) or entry.values.get("period")
    return str(period) if period else None


def check(evaluation: Evaluation, tolerance: float = 0.0) -> list[Difference]:
    """Every printed figure that the computation does not reproduce at its printed precision, with its cause."""
    return audit(evaluation, tolerance).differences


def audit(evaluation: Evaluation, tolerance: float = 0.0) -> Audit:
    """The whole check: findings, the count of printed figures compared, and those not compared with why."""
    from .crosscheck import derived_findings, identity_findings, inferred_targets

    result = Audit([], 0, [])
    year_data = evaluation.workspace.years.get(evaluation.year)
    named: dict[str, list[Reported]] = {}  # the organisation's printed rows by the program or sasaran they name
    for rep in year_data.organisation if year_data is not None else ():
        for node_id in dict.fromkeys(rep.values.get(key) for key in ("program", "sasaran")):
            if isinstance(node_id, str):
                named.setdefault(node_id, []).append(rep)
    for node in evaluation.results.values():
        entries = list(node.record.reported) if node.record else []
        entries += named.get(node.id, [])
        if entries:
            _check_node(node, entries, evaluation, tolerance, result)
    _check_organisation(evaluation, tolerance, result)
    result.differences.extend(derived_findings(evaluation))
    result.differences.extend(inferred_targets(evaluation))
    found, compared = identity_findings(evaluation)
    result.differences.extend(found)
    result.compared += compared
    return result


def _not_compared_reason(node: NodeResult, name: str) -> Message:
    if node.status is Status.NOT_IMPLEMENTED:
        return Message("not carried out this year", "tidak dilaksanakan tahun ini")
    if name == "national":
        return Message("no national figure in the data", "tidak ada angka nasional dalam data")
    if name in ("pagu", "realisasi_anggaran", "serapan", "efisiensi") and node.pagu is None:
        return Message("no budget in the data", "tidak ada anggaran dalam data")
    if name in ("target", "capaian", "predikat", "efisiensi") and node.target is None and node.capaian is None:
        return Message("no target for this year", "tidak ada target untuk tahun ini")
    if node.status in (Status.NO_DATA, Status.ERROR):
        return Message("node not computed", "simpul tidak terhitung")
    return Message("not computed", "tidak terhitung")


def _check_node(node: NodeResult, entries: list[Reported], evaluation: Evaluation, tol: float, out: Audit) -> None:
    scale = evaluation.workspace.scale
    for entry in entries:
        period = _period(entry)
        if not applies(entry, evaluation.period):
            for name, value in entry.values.items():
                if name in NUMERIC + ("predikat",):
                    out.not_compared.append(
                        NotCompared(
                            node.id,
                            name,
                            value,
                            [entry.source],
                            Message(
                                "another period ({p})",
                                "periode lain ({p})",
                                p=period or Message("the year", "tahunan"),
                            ),
                        )
                    )
    entries = [e for e in entries if applies(e, evaluation.period)]
    for name in NUMERIC + ("predikat",):
        computed = _computed(node, name)
        groups: dict[Any, list[Reported]] = {}
        for entry in entries:
            if name in entry.values:
                groups.setdefault(_value_of(entry, name), []).append(entry)
        if not groups:
            continue
        if computed is None:
            for printed, where in groups.items():
                out.not_compared.append(
                    NotCompared(node.id, name, printed, [e.source for e in where], _not_compared_reason(node, name))
                )
            continue
        out.compared += sum(len(where) for where in groups.values())
        disagreement = _disagreement(node.id, name, groups, computed)
        if disagreement:
            out.differences.append(disagreement)
        for printed, where in groups.items():
            sources = [e.source for e in where]
            at = [str(e.origin) for e in where]
            tried: list[tuple[str | Message, float | None]] = []
            if name == "predikat":
                diff = _predikat(node, printed, where[0], entries, scale)
            else:
                agreement = compare(float(printed), _places(where, name), float(computed), tol)
                if agreement is Agreement.AGREES:
                    continue
                if agreement is Agreement.TRUNCATED:
                    diff = (
                        Cause.TRUNCATED,
                        Message(
                            "{computed} cut at {d} decimals",
                            "{computed} dipotong pada {d} desimal",
                            computed=float(computed),
                            d=_places(where, name),
                        ),
                    )
                else:
                    diff = (
                        _rolled_up(node, float(printed), evaluation)
                        if name == "capaian" and node.realisasi is None
                        else None
                    )
                    diff = diff or _numeric(node, name, float(printed), float(computed), where, entries, evaluation)
                    if diff[0] in (Cause.OTHER, Cause.NOT_FROM_INPUTS) and name == "capaian":
                        # no rule explains the printed capaian: every rule tried, so the reader sees none fits
                        tried = _tried(node, where[0], entries)
                        if tried:
                            diff = (diff[0], _tried_text(tried))
            if diff is None:
                continue
            cause, explanation = diff
            if cause in (Cause.OTHER, Cause.PRINTED_DISAGREE, Cause.TABLES_DISAGREE) and disagreement is not None:
                continue  # the disagreement row already lists this printed value
            factor = _factor(where[0], name)
            if factor != 1.0 and isinstance(computed, (int, float)):  # shown as printed, in the printed unit
                out.differences.append(
                    Difference(
                        node.id,
                        name,
                        where[0].values[name],
                        computed * factor,
                        sources,
                        cause,
                        explanation,
                        at,
                        tried,
                        unit=getattr(where[0], "unit", None),
                        factor=factor,
                    )
                )
                continue
            out.differences.append(Difference(node.id, name, printed, computed, sources, cause, explanation, at, tried))


def _rolled_up(result: NodeResult, printed: float, evaluation: Evaluation) -> Finding | None:
    """For a node whose capaian is a roll-up: is the printed value the mean of its descendants' printed capaian?"""
    descendants = evaluation.workspace.descendants(result.id)
    for kind in ("iku", "program", "kegiatan", "sub_kegiatan"):
        values = []
        for node in descendants:
            if node.kind.value != kind:
                continue
            record = evaluation.results[node.id].record
            value = _printed_other(list(record.reported), "capaian") if record else None
            if value is not None:
                values.append(value)
        if len(values) > 1 and rounding_only(printed, sum(values) / len(values)):
            return Cause.FOLLOWS_PRINTED, Message(
                "the mean of the printed capaian of its {n} {kind}",
                "rata-rata capaian tercetak dari {n} {kind}",
                n=len(values),
                kind=kind,
            )
    return Cause.AGGREGATE, Message(
        "does not follow from the capaian of what it rolls up", "tidak sesuai dengan capaian yang dihitungnya"
    )


def _disagreement(node: str, name: str, groups: dict[Any, list[Reported]], computed: Any) -> Difference | None:
    """One finding when the report prints the same figure with different values (beyond rounding)."""
    values = list(groups)
    if name == "predikat":
        if len({str(v).split("(")[0].strip().lower() for v in values}) < 2:
            return None
    else:
        places = {v: _places(groups[v], name) for v in values}
        if all(same_figure(float(a), places[a], float(b), places[b]) for a in values for b in values):
            return None
    sources = [e.source for v in values for e in groups[v]]
    named = "; ".join(f"{v} [{', '.join(e.source for e in groups[v])}]" for v in values)
    return Difference(
        node,
        name,
        values,
        computed,
        sources,
        Cause.TABLES_DISAGREE,
        Message("printed {n} ways: {named}", "tercetak dengan {n} nilai berbeda: {named}", n=len(values), named=named),
        [str(e.origin) for v in values for e in groups[v]],
    )


def _numeric(
    result: NodeResult,
    name: str,
    printed: float,
    computed: float,
    where: list[Reported],
    entries: list[Reported],
    evaluation: Evaluation,
) -> Finding:
    """The likely cause of a numeric difference: by the kind of figure, after rounding is ruled out."""
    from .crosscheck import other_input, target_cause

    entry = where[0]
    if name == "target":
        return target_cause(result, evaluation.year, printed)
    if name in ("pagu", "realisasi_anggaran"):
        return _budget_cause(result, name, printed, entries, where)
    if name == "national":
        return Cause.PRINTED_DISAGREE, Message(
            "the data records the national figure {value}", "data mencatat angka nasional {value}", value=computed
        )
    if name == "serapan":
        return _serapan_cause(result, printed, entry)
    if name == "efisiensi":
        return _efisiensi_cause(printed, entry)
    if name in ("realisasi", "capaian"):
        swapped = other_input(result, name, printed, _entry_places(entry, name), evaluation)
        if swapped is not None:
            return Cause.OTHER_INPUT, swapped
    if name == "realisasi":
        return _realisasi_cause(result)
    if name == "capaian":
        return _capaian_cause(result, printed, entry, entries)
    return Cause.OTHER, None


def _budget_cause(
    result: NodeResult, name: str, printed: float, entries: list[Reported], where: list[Reported]
) -> Finding:
    """A budget total off: two tables printing it differently, or parts that do not add up."""
    computed = _computed(result, name)
    agreeing = [
        e
        for e in entries
        if isinstance(e.values.get(name), (int, float))
        and compare(float(e.values[name]), e.places(name), float(computed)) is Agreement.AGREES
    ]
    if agreeing and result.budget_from is BudgetFrom.CHILDREN:
        return Cause.TABLES_DISAGREE, Message(
            "{a} prints {x}, {b} prints {y} (= the sum of its parts)",
            "{a} mencetak {x}, {b} mencetak {y} (= jumlah rinciannya)",
            a=", ".join(e.source for e in where),
            x=printed,
            b=", ".join(e.source for e in agreeing),
            y=float(computed),
        )
    if result.budget_from is BudgetFrom.CHILDREN:
        return Cause.BUDGET_SUM, Message("the sum of its parts", "jumlah rinciannya")
    return Cause.PRINTED_DISAGREE, Message(
        "the data records another printed figure", "data mencatat angka tercetak yang lain"
    )


def _serapan_cause(result: NodeResult, printed: float, entry: Reported) -> Finding:
    pagu, spent = entry.values.get("pagu"), entry.values.get("realisasi_anggaran")
    if isinstance(pagu, (int, float)) and isinstance(spent, (int, float)) and pagu:
        from_budget = spent / pagu * 100
        if not rounding_only(printed, from_budget, entry.places("serapan")):
            return Cause.NOT_FROM_INPUTS, Message(
                "its own printed budget gives {value}",
                "anggaran tercetak di sampingnya memberi {value}",
                value=from_budget,
            )
        return Cause.FOLLOWS_PRINTED, Message("the printed budget beside it", "anggaran tercetak di sampingnya")
    if result.budget_from is BudgetFrom.CHILDREN:
        return Cause.BUDGET_SUM, Message(
            "the budget behind it does not add up", "anggaran di baliknya tidak berjumlah sama"
        )
    return Cause.OTHER, None


def _efisiensi_cause(printed: float, entry: Reported) -> Finding:
    cap, ser = entry.values.get("capaian"), entry.values.get("serapan")
    if isinstance(cap, (int, float)) and isinstance(ser, (int, float)) and _close(printed, cap - ser, 0.011):
        return Cause.FOLLOWS_PRINTED, Message(
            "printed capaian {cap} − printed serapan {ser}",
            "capaian tercetak {cap} − serapan tercetak {ser}",
            cap=cap,
            ser=ser,
        )
    return Cause.OTHER, Message("efisiensi = capaian − serapan", "efisiensi = capaian − serapan")


def _realisasi_cause(result: NodeResult) -> Finding:
    if result.realisasi_from in (RealisasiFrom.FORMULA, RealisasiFrom.TRIWULAN):
        return Cause.NOT_FROM_INPUTS, FROM_INPUTS
    if result.realisasi_from is RealisasiFrom.ROLLUP:
        of = of_text(result.rollup) if result.rollup else Message("children", "turunannya")
        return Cause.NOT_FROM_INPUTS, Message("rolled up from its {of}", "dihitung dari {of}", of=of)
    return Cause.OTHER, Message("the data gives another value", "data memberi nilai lain")


def _capaian_cause(result: NodeResult, printed: float, entry: Reported, entries: list[Reported]) -> Finding:
    """A printed capaian: from the printed realisasi and target? by another rule? or not from its inputs?"""
    spec = result.spec
    places = entry.places("capaian")
    given = entry.values.get("realisasi")
    realisasi = (
        float(given) if isinstance(given, (int, float)) else _printed_other(entries, "realisasi") or result.realisasi
    )
    printed_target = entry.in_node_unit("target")
    target = float(printed_target) if isinstance(printed_target, (int, float)) else result.target
    if realisasi is None or not target or spec.direction is None:
        return Cause.OTHER, None
    own: float | None
    try:
        own = rule(target, realisasi, spec.direction, spec.capaian_method)
    except CapaianUndefined:
        own = None
    if own is not None and rounding_only(printed, own, places):
        same_target = math.isclose(target, result.target or 0.0, abs_tol=1e-9)
        if result.realisasi is not None and same_target and rounding_only(realisasi, result.realisasi, 2):
            return Cause.ROUNDING, Message(
                "computed from the rounded realisasi {r}", "dihitung dari realisasi yang dibulatkan {r}", r=realisasi
            )
        return Cause.FOLLOWS_PRINTED, Message(
            "printed realisasi {r}, target {t}", "realisasi tercetak {r}, target {t}", r=realisasi, t=target
        )
    wrong = _wrong_rule(spec.direction, spec.capaian_method, target, realisasi, printed, places)
    if wrong:
        return Cause.WRONG_DIRECTION, wrong
    if result.realisasi_from is not None and result.realisasi_from is not RealisasiFrom.GIVEN:
        return Cause.NOT_FROM_INPUTS, FROM_INPUTS
    return Cause.OTHER, None


def _tried(result: NodeResult, entry: Reported, entries: list[Reported]) -> list[tuple[str | Message, float | None]]:
    """The capaian rules tried on the printed (else computed) realisasi and target, with what each gives."""
    given, printed_target = entry.values.get("realisasi"), entry.values.get("target")
    realisasi = (
        float(given) if isinstance(given, (int, float)) else _printed_other(entries, "realisasi") or result.realisasi
    )
    target = float(printed_target) if isinstance(printed_target, (int, float)) else result.target
    if realisasi is None or target is None:
        return []
    tried: list[tuple[str | Message, float | None]] = []
    for candidate in (HIGHER, LOWER, INVERSE):
        try:
            tried.append((candidate.text, candidate.apply(target, realisasi)))
        except CapaianUndefined:
            tried.append((candidate.text, None))
    return tried


def _tried_text(tried: list[tuple[str | Message, float | None]]) -> Message:
    """'no rule gives the printed value: R / T × 100 = 75; (2T − R) / T × 100 = 125; T / R × 100 = 133,33'."""
    params: dict[str, Any] = {}
    for i, (text, value) in enumerate(tried):
        params[f"r{i}"], params[f"v{i}"] = text, "–" if value is None else round(value, 2)
    rules = "; ".join(f"{{r{i}}} = {{v{i}}}" for i in range(len(tried)))
    return Message(
        "no rule gives the printed value: " + rules, "tidak ada rumus yang memberi nilai tercetak: " + rules, **params
    )


def _wrong_rule(
    direction: Direction, method: CapaianMethod, target: float, realisasi: float, printed: float, places: int = 2
) -> Message | None:
    """The other rules, tried on the printed numbers: which one did the report use?"""
    own = rule_for(direction, method)
    candidates = [LOWER] if own is HIGHER else [r for r in (HIGHER, LOWER, INVERSE) if r is not own]
    for candidate in candidates:
        try:
            value = candidate.apply(target, realisasi)
        except CapaianUndefined:
            continue
        if rounding_only(printed, value, places):
            which = (
                Message("the higher-is-better rule", "rumus semakin tinggi semakin baik")
                if candidate is HIGHER
                else Message("a lower-is-better rule", "rumus semakin rendah semakin baik")
            )
            return Message(
                "= {rule}, {which}, with printed realisasi {r}, target {t}",
                "= {rule}, {which}, dengan realisasi tercetak {r}, target {t}",
                rule=candidate.text,
                which=which,
                r=realisasi,
                t=target,
            )
    return None


def _predikat(
    result: NodeResult, printed: str, entry: Reported, entries: list[Reported], scale: Scale
) -> Finding | None:
    band = band_of_text(str(printed), scale)
    if band is None:
        return Cause.PREDIKAT_SCALE, Message(
            "'{printed}' is not a band of the scale '{scale}'",
            "'{printed}' bukan predikat pada skala '{scale}'",
            printed=str(printed),
            scale=scale.id,
        )
    if result.band is not None and band.code == result.band.code:
        return None
    capaian = entry.values.get("capaian")
    if not isinstance(capaian, (int, float)):
        capaian = _printed_other(entries, "capaian")
    if capaian is not None:
        expected = scale.band_for(float(capaian))
        if expected is not None and expected.code != band.code:
            return Cause.PREDIKAT_SCALE, Message(
                "printed capaian {c} is band {code} ({range})",
                "capaian tercetak {c} berpredikat {code} ({range})",
                c=float(capaian),
                code=expected.code,
                range=expected.describe(),
            )
        return Cause.FOLLOWS_PRINTED, Message(
            "matches the printed capaian {c}", "sesuai capaian tercetak {c}", c=float(capaian)
        )
    return Cause.OTHER, None


AGGREGATE_RULES = {
    "pagu": Message("the sum of the programs", "jumlah seluruh program"),
    "realisasi_anggaran": Message("the sum of the programs", "jumlah seluruh program"),
    "serapan": Message("total spending / total budget", "total realisasi anggaran / total pagu"),
    "capaian": Message("the mean capaian of the IKU", "rata-rata capaian IKU"),
}


def _check_organisation(evaluation: Evaluation, tol: float, out: Audit) -> None:
    data = evaluation.workspace.years.get(evaluation.year)
    if data is None:
        return
    computed = {
        "pagu": evaluation.total_pagu,
        "realisasi_anggaran": evaluation.total_realisasi_anggaran,
        "serapan": evaluation.total_serapan,
        "capaian": evaluation.mean_capaian_iku,
    }
    for entry in data.organisation:
        if "program" in entry.values or "sasaran" in entry.values or not applies(entry, evaluation.period):
            continue
        for name, value in entry.values.items():
            if name not in computed or not isinstance(value, (int, float)) or isinstance(value, bool):
                continue
            total = computed[name]
            if total is None:
                out.not_compared.append(
                    NotCompared(
                        "organisation",
                        name,
                        value,
                        [entry.source],
                        Message("not computed", "tidak terhitung"),
                    )
                )
                continue
            out.compared += 1
            agreement = compare(float(value), entry.places(name), total, tol)
            if agreement is Agreement.AGREES:
                continue
            cause = (
                Cause.TRUNCATED
                if agreement is Agreement.TRUNCATED
                else Cause.BUDGET_SUM
                if name in ("pagu", "realisasi_anggaran")
                else Cause.AGGREGATE
            )
            out.differences.append(
                Difference(
                    "organisation",
                    name,
                    value,
                    total,
                    [entry.source],
                    cause,
                    AGGREGATE_RULES[name],
                    [str(entry.origin)],
                )
            )


def applies(entry: Reported, period: Period | None) -> bool:
    """Whether a printed entry is about the evaluated period (None: the year); an entry without `period` is
    about the year. A period that ends in December (S2, TW4, B12) is the year."""
    asked = None if period is None or period.is_year else period.code
    given = parse_period(entry.period) if entry.period else None
    return asked == (None if given is None or given.is_year else given.code)


@dataclass(frozen=True)
class OtherPeriod:
    """A printed entry about another period than the one checked (compared only when check runs for it)."""

    node: str
    source: str
    at: str
    reason: Message


ANOTHER_PERIOD = Message("another period ({period})", "periode lain ({period})")


def not_compared(evaluation: Evaluation) -> list[OtherPeriod]:
    """The printed entries about another period than the one evaluated (compared only when check runs for it)."""
    data = evaluation.workspace.years.get(evaluation.year)
    if data is None:
        return []
    out = []
    entries = [(node_id, e) for node_id, r in data.records.items() for e in r.reported]
    entries += [("organisation", e) for e in data.organisation]
    for node_id, entry in entries:
        if not applies(entry, evaluation.period):
            out.append(
                OtherPeriod(
                    node_id,
                    entry.source,
                    str(entry.origin),
                    Message(
                        ANOTHER_PERIOD.en, ANOTHER_PERIOD.id, period=entry.period or Message("the year", "tahunan")
                    ),
                )
            )
    return out


def summary(differences: list[Difference]) -> dict[Cause, int]:
    """How many differences per likely cause, most frequent first."""
    counts: dict[Cause, int] = {}
    for d in differences:
        counts[d.cause] = counts.get(d.cause, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: -kv[1]))


def severities(differences: list[Difference]) -> dict[Severity, int]:
    """How many findings of each severity (both always present)."""
    return {s: sum(1 for d in differences if d.severity is s) for s in Severity}


def at_least(differences: list[Difference], minimum: Severity) -> list[Difference]:
    """The findings of `minimum` severity or above (material ⊂ minor)."""
    if minimum is Severity.MINOR:
        return list(differences)
    return [d for d in differences if d.severity is Severity.MATERIAL]
