"""`lkip check`: every figure the report printed (data's `reported`) against what the engine computes.

Each difference beyond the tolerance gets a likely cause, tried in this order: rounding or truncation only; the
wrong direction rule; a value that follows from another printed value that is itself off; a result that does
not follow from its own inputs; two printed values that disagree; budget parts that do not add up to their
printed total; a predikat that does not match the scale; a printed target that is not the PK target."""

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
from .model import Band, BudgetFrom, CapaianMethod, Direction, RealisasiFrom, Reported, Scale
from .periods import Period, parse_period

Finding = tuple["Cause", "Message | None"]

NUMERIC = ("target", "realisasi", "capaian", "pagu", "realisasi_anggaran", "serapan", "efisiensi")


class Cause(str, enum.Enum):
    """The likely cause of a difference, in the order they are tried."""

    ROUNDING = "rounding"
    WRONG_DIRECTION = "wrong_direction"
    FOLLOWS_PRINTED = "follows_printed"
    NOT_FROM_INPUTS = "not_from_inputs"
    PRINTED_DISAGREE = "printed_disagree"
    BUDGET_SUM = "budget_sum"
    PREDIKAT_SCALE = "predikat_scale"
    TARGET_DIFFERS = "target_differs"
    AGGREGATE = "aggregate"
    OTHER = "other"

    @property
    def text(self) -> Message:
        return CAUSES[self]


CAUSES: dict[Cause, Message] = {
    Cause.ROUNDING: Message("rounding or truncation only", "pembulatan atau pemotongan angka saja"),
    Cause.WRONG_DIRECTION: Message(
        "capaian computed with the wrong direction rule", "capaian dihitung dengan rumus arah yang salah"
    ),
    Cause.FOLLOWS_PRINTED: Message(
        "follows from another printed value that is itself off", "mengikuti angka tercetak lain yang juga keliru"
    ),
    Cause.NOT_FROM_INPUTS: Message(
        "printed result does not follow from its own inputs",
        "hasil tercetak tidak sesuai dengan data masukannya sendiri",
    ),
    Cause.PRINTED_DISAGREE: Message(
        "the report prints another value for the same figure elsewhere",
        "laporan mencetak nilai lain untuk angka yang sama di tempat lain",
    ),
    Cause.BUDGET_SUM: Message(
        "budget parts do not add up to the printed total", "rincian anggaran tidak berjumlah sama dengan total tercetak"
    ),
    Cause.PREDIKAT_SCALE: Message("predikat does not match the scale", "predikat tidak sesuai skala"),
    Cause.TARGET_DIFFERS: Message(
        "printed target is not the PK target in the specs", "target tercetak bukan target PK dalam spesifikasi"
    ),
    Cause.AGGREGATE: Message(
        "headline aggregate does not follow from the tree", "angka agregat tidak sesuai dengan pohon kinerja"
    ),
    Cause.OTHER: Message("differs for another reason", "berbeda karena alasan lain"),
}


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
    unit: str | None = None  # printed and computed are in this printed unit (`reported: unit`), not the node's
    factor: float = 1.0  # printed = node-unit value × factor (computed is shown multiplied by it)

    @property
    def difference(self) -> float | None:
        if isinstance(self.printed, (int, float)) and isinstance(self.computed, (int, float)):
            return self.printed - self.computed
        return None


FROM_INPUTS = Message("computed from its inputs", "dihitung dari data masukannya")


def _close(a: float, b: float, tol: float) -> bool:
    return abs(a - b) <= tol + 1e-9


def rounding_only(printed: float, computed: float) -> bool:
    """Printed is the computed value rounded or truncated to 0-2 decimals (or off by one in the last digit)."""
    for digits in (2, 1, 0):
        scale = 10**digits
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
        names = {band.title("id").lower(), band.title("en").lower(), band.label.lower()}
        if word in names:
            return band
    return None


def _computed(result: NodeResult, name: str) -> Any:
    if name == "predikat":
        return result.band
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


def check(evaluation: Evaluation, tolerance: float = 0.01) -> list[Difference]:
    """Every printed figure that differs from the computed one by more than `tolerance`."""
    differences: list[Difference] = []
    year_data = evaluation.workspace.years.get(evaluation.year)
    named: dict[str, list[Reported]] = {}  # the organisation's printed rows by the program or sasaran they name
    for rep in year_data.organisation if year_data is not None else ():
        for node_id in dict.fromkeys(rep.values.get(key) for key in ("program", "sasaran")):
            if isinstance(node_id, str):
                named.setdefault(node_id, []).append(rep)
    period = evaluation.period
    for result in evaluation.results.values():
        entries = list(result.record.reported) if result.record else []
        entries += named.get(result.id, [])
        entries = [e for e in entries if applies(e, period)]
        if entries:
            differences.extend(_check_node(result, entries, evaluation, tolerance))
    differences.extend(_check_organisation(evaluation, tolerance))
    return differences


def _check_node(result: NodeResult, entries: list[Reported], evaluation: Evaluation, tol: float) -> list[Difference]:
    found: list[Difference] = []
    scale = evaluation.workspace.scale
    for name in NUMERIC + ("predikat",):
        computed = _computed(result, name)
        groups: dict[Any, list[Reported]] = {}
        for entry in entries:
            if name in entry.values:  # grouped in the node's unit: 0.186 % and 186 per 100.000 (× 1000) agree
                groups.setdefault(entry.in_node_unit(name), []).append(entry)
        if computed is None or not groups:
            continue
        disagreement = _disagreement(result.id, name, groups, computed)
        if disagreement:
            found.append(disagreement)
        for value, where in groups.items():
            sources = [e.source for e in where]
            at = [str(e.origin) for e in where]
            # compared as printed, in the printed unit: the computed value × the entry's factor
            printed, factor = where[0].values[name], where[0].factor if name in Reported.SCALED else 1.0
            shown = computed * factor if factor != 1.0 else computed
            if name == "predikat":
                diff = _predikat(result, value, where[0], entries, scale)
            else:
                if _close(float(printed), float(shown), tol):
                    continue
                diff = (
                    _rolled_up(result, float(printed), evaluation)
                    if name == "capaian" and result.realisasi is None
                    else None
                )
                diff = diff or _numeric(result, name, float(printed), float(shown), where[0], entries, tol)
            if diff is None:
                continue
            cause, explanation = diff
            if cause in (Cause.OTHER, Cause.PRINTED_DISAGREE) and disagreement is not None:
                continue  # the disagreement row already lists this printed value
            found.append(
                Difference(
                    result.id,
                    name,
                    printed,
                    shown,
                    sources,
                    cause,
                    explanation,
                    at,
                    unit=where[0].unit if name in Reported.SCALED else None,
                    factor=factor,
                )
            )
    return found


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
        numeric = [float(v) for v in values]
        if max(numeric) - min(numeric) < 0.011 * max(1.0, max(abs(v) for v in numeric)) or all(
            rounding_only(a, b) or rounding_only(b, a) for a in numeric for b in numeric
        ):
            return None
    printed = values
    sources = [e.source for v in values for e in groups[v]]
    shown = computed
    return Difference(
        node,
        name,
        printed,
        shown,
        sources,
        Cause.PRINTED_DISAGREE,
        Message("printed {n} ways", "tercetak dengan {n} nilai berbeda", n=len(values)),
        [str(e.origin) for v in values for e in groups[v]],
    )


def _numeric(
    result: NodeResult, name: str, printed: float, computed: float, entry: Reported, entries: list[Reported], tol: float
) -> Finding | None:
    """The likely cause of a numeric difference: by the kind of figure, after rounding is ruled out."""
    if name == "target":
        return Cause.TARGET_DIFFERS, Message(
            "the specs' {year} target", "target {year} dalam spesifikasi", year=result.year
        )
    if name in ("pagu", "realisasi_anggaran"):
        return _budget_cause(result, printed, computed)
    if rounding_only(printed, computed):
        return Cause.ROUNDING, None
    if name == "serapan":
        return _serapan_cause(result, printed, entry)
    if name == "efisiensi":
        return _efisiensi_cause(printed, entry)
    if name == "realisasi":
        return _realisasi_cause(result)
    if name == "capaian":
        return _capaian_cause(result, printed, entry, entries, tol)
    return Cause.OTHER, None


def _budget_cause(result: NodeResult, printed: float, computed: float) -> Finding:
    if abs(printed - computed) < 1:
        return Cause.ROUNDING, Message("cents only", "selisih sen saja")
    if result.budget_from is BudgetFrom.CHILDREN:
        return Cause.BUDGET_SUM, Message("the sum of its parts", "jumlah rinciannya")
    return Cause.PRINTED_DISAGREE, Message(
        "the data records another printed figure", "data mencatat angka tercetak yang lain"
    )


def _serapan_cause(result: NodeResult, printed: float, entry: Reported) -> Finding:
    pagu, spent = entry.values.get("pagu"), entry.values.get("realisasi_anggaran")
    if isinstance(pagu, (int, float)) and isinstance(spent, (int, float)) and pagu:
        from_budget = spent / pagu * 100
        if not _close(printed, from_budget, 0.01) and not rounding_only(printed, from_budget):
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


def _capaian_cause(result: NodeResult, printed: float, entry: Reported, entries: list[Reported], tol: float) -> Finding:
    """A printed capaian: from the printed realisasi and target? by another rule? or not from its inputs?"""
    spec = result.spec
    given = entry.in_node_unit("realisasi")
    realisasi = (
        float(given) if isinstance(given, (int, float)) else _printed_other(entries, "realisasi") or result.realisasi
    )
    printed_target = entry.in_node_unit("target")
    target = float(printed_target) if isinstance(printed_target, (int, float)) else result.target
    if realisasi is None or not target:
        return Cause.OTHER, None
    own: float | None
    try:
        own = rule(target, realisasi, spec.direction, spec.capaian_method)
    except CapaianUndefined:
        own = None
    if own is not None and rounding_only(printed, own):
        if _close(realisasi, result.realisasi or 0.0, 0.011) and _close(target, result.target or 0.0, tol):
            return Cause.ROUNDING, Message(
                "computed from the rounded realisasi {r}", "dihitung dari realisasi yang dibulatkan {r}", r=realisasi
            )
        return Cause.FOLLOWS_PRINTED, Message(
            "printed realisasi {r}, target {t}", "realisasi tercetak {r}, target {t}", r=realisasi, t=target
        )
    wrong = _wrong_rule(spec.direction, spec.capaian_method, target, realisasi, printed)
    if wrong:
        return Cause.WRONG_DIRECTION, wrong
    if result.realisasi_from is not None and result.realisasi_from is not RealisasiFrom.GIVEN:
        return Cause.NOT_FROM_INPUTS, FROM_INPUTS
    return Cause.OTHER, None


def _wrong_rule(
    direction: Direction, method: CapaianMethod, target: float, realisasi: float, printed: float
) -> Message | None:
    """The other rules, tried on the printed numbers: which one did the report use?"""
    own = rule_for(direction, method)
    candidates = [LOWER] if own is HIGHER else [r for r in (HIGHER, LOWER, INVERSE) if r is not own]
    for candidate in candidates:
        try:
            value = candidate.apply(target, realisasi)
        except CapaianUndefined:
            continue
        if rounding_only(printed, value):
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


def _check_organisation(evaluation: Evaluation, tol: float) -> list[Difference]:
    data = evaluation.workspace.years.get(evaluation.year)
    if data is None:
        return []
    computed = {
        "pagu": evaluation.total_pagu,
        "realisasi_anggaran": evaluation.total_realisasi_anggaran,
        "serapan": evaluation.total_serapan,
        "capaian": evaluation.mean_capaian_iku,
    }
    found = []
    for entry in data.organisation:
        if "program" in entry.values or "sasaran" in entry.values or not applies(entry, evaluation.period):
            continue
        for name, value in computed.items():
            printed = entry.values.get(name)
            if not isinstance(printed, (int, float)) or value is None or _close(printed, value, tol):
                continue
            cause = (
                Cause.ROUNDING
                if name in ("serapan", "capaian") and rounding_only(printed, value)
                else Cause.BUDGET_SUM
                if name in ("pagu", "realisasi_anggaran")
                else Cause.AGGREGATE
            )
            found.append(
                Difference(
                    "organisation",
                    name,
                    printed,
                    value,
                    [entry.source],
                    cause,
                    AGGREGATE_RULES[name],
                    [str(entry.origin)],
                )
            )
    return found


def applies(entry: Reported, period: Period | None) -> bool:
    """Whether a printed entry is about the evaluated period (None: the year); an entry without `period` is
    about the year. A period that ends in December (S2, TW4, B12) is the year."""
    asked = None if period is None or period.is_year else period.code
    given = parse_period(entry.period) if entry.period else None
    return asked == (None if given is None or given.is_year else given.code)


@dataclass(frozen=True)
class NotCompared:
    """A printed entry `lkip check` left out, and why."""

    node: str
    source: str
    at: str
    reason: Message


ANOTHER_PERIOD = Message("another period ({period})", "periode lain ({period})")


def not_compared(evaluation: Evaluation) -> list[NotCompared]:
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
                NotCompared(
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
