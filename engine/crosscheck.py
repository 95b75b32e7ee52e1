"""What check knows beyond one printed value against one computed value: derived values the report omits,
targets inferred because none is printed, declared identities between figures (data's `checks:`), and a
printed result computed with another input or denominator than the formula's (173 in place of 137)."""

from __future__ import annotations

import itertools
from typing import Any

from .capaian import CapaianUndefined
from .capaian import capaian as rule
from .evaluate import Evaluation, NodeResult
from .formula import EvaluationError, FormulaError, compile_formula
from .messages import Message
from .model import Term
from .precision import Agreement, compare, half_unit
from .reconcile import Cause, Difference, Finding

MAX_CANDIDATES = 400  # other inputs tried per figure: bounded, however large the workspace


def target_info(result: NodeResult, year: int) -> Any:
    """The node's target mapping for the year (value, source, inferred) when the workspace gives one."""
    info = getattr(result.spec, "target_info", None) or {}
    return info.get(year)


def target_source(result: NodeResult, year: int) -> str:
    """Where the node's target came from: its declared `source` (PK, Renstra, Tabel 23) or the spec's line."""
    info = target_info(result, year)
    if info is not None and getattr(info, "source", None):
        return str(info.source)
    where = result.spec.target_sources.get(year)
    return str(where) if where is not None else str(result.spec.source)


def target_cause(result: NodeResult, year: int, printed: float | None = None) -> Finding:
    """A printed target other than the recorded one, worded after where the recorded one came from (or, for a
    revised target, after the version of its history the printed one is)."""
    info = target_info(result, year)
    revisions = getattr(info, "revisions", ()) if info is not None else ()
    other = next(
        (r for r in revisions if printed is not None and r is not result.target_revision and r.value == printed),
        None,
    )
    if other is not None and result.target_revision is not None:
        current = result.target_revision
        return Cause.TARGET_DIFFERS, Message(
            "the printed target is the version of {date} ({document}); the one in force is {value} of {current}",
            "target tercetak adalah versi {date} ({document}); yang berlaku {value} sejak {current}",
            date=other.date,
            document=other.document or "PK",
            value=current.value,
            current=current.date,
        )
    if info is not None and getattr(info, "inferred", False):
        return Cause.TARGET_DIFFERS, Message(
            "the workspace's {year} target {value} is inferred, not printed",
            "target {year} {value} dalam workspace disimpulkan, tidak tercetak",
            year=year,
            value=result.target,
        )
    return Cause.TARGET_DIFFERS, Message(
        "the {year} target recorded from {source}",
        "target {year} yang dicatat dari {source}",
        year=year,
        source=target_source(result, year),
    )


def inferred_targets(evaluation: Evaluation) -> list[Difference]:
    """One minor finding per node whose target for the year is inferred (not printed)."""
    found = []
    for result in evaluation.results.values():
        info = target_info(result, evaluation.year)
        if info is None or not getattr(info, "inferred", False):
            continue
        found.append(
            Difference(
                result.id,
                "target",
                None,
                result.target,
                [target_source(result, evaluation.year)],
                Cause.TARGET_INFERRED,
                Message(
                    "the capaian rests on a target the report does not print",
                    "capaian bertumpu pada target yang tidak dicetak laporan",
                ),
                [str(result.spec.target_sources.get(evaluation.year, result.spec.source))],
            )
        )
    return found


def derived_findings(evaluation: Evaluation) -> list[Difference]:
    """One minor finding per derived value: the report omits it; its rule and sources are named."""
    found = []
    for result in evaluation.results.values():
        record = result.record
        if record is None:
            continue
        for name, derived in record.derived.items():
            value = getattr(record, name, None)
            missing = (
                Message("not printed in {where}; ", "tidak tercetak di {where}; ", where=derived.missing_in)
                if derived.missing_in
                else Message("", "")
            )
            found.append(
                Difference(
                    result.id,
                    name,
                    None,
                    value,
                    [derived.source],
                    Cause.DERIVED,
                    Message(
                        "{missing}derived: {rule}", "{missing}diturunkan: {rule}", missing=missing, rule=derived.rule
                    ),
                    [str(derived.origin)],
                    corrected=value,
                )
            )
    return found


# ---- declared identities -------------------------------------------------------------------------------------


def _value(term: Term, evaluation: Evaluation) -> Any:
    """A term's value: a number, a series (dict or list), or None when it cannot be had."""
    if term.parts:
        values = [_value(part, evaluation) for part in term.parts]
        if any(not isinstance(v, (int, float)) for v in values):
            return None
        return sum(values) * term.factor
    if term.printed is not None:
        return term.printed * term.factor
    result = evaluation.results.get(term.node or "")
    if result is None:
        return None
    if term.input is not None:
        value = result.record.inputs.get(term.input) if result.record else None
    else:
        value = getattr(result, term.field or "", None)
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return value * term.factor
    if isinstance(value, dict):
        return {k: v * term.factor for k, v in value.items()}
    if isinstance(value, list):
        return [v * term.factor for v in value]
    return None


def _decimals(term: Term) -> int | None:
    """The precision a term was printed with (None: a computed value, exact)."""
    if term.parts:
        printed = [d for d in (_decimals(p) for p in term.parts) if d is not None]
        return min(printed) if printed else None
    return term.decimals if term.printed is not None else None


def _label(term: Term) -> str:
    if term.parts:
        return " + ".join(_label(p) for p in term.parts)
    if term.printed is not None:
        return f"{term.printed:g} [{term.source}]" if term.source else f"{term.printed:g}"
    what = term.input or term.field or ""
    text = f"{term.node} {what}"
    return f"{text} [{term.source}]" if term.source else text


def _sources(term: Term, evaluation: Evaluation) -> list[str]:
    """Where a term's figure is printed or recorded: its `source`, else its input's (or record's) data line."""
    if term.parts:
        return [s for p in term.parts for s in _sources(p, evaluation)]
    if term.source:
        return [term.source]
    result = evaluation.results.get(term.node or "")
    record = result.record if result is not None else None
    if record is not None and term.input is not None:
        return [str(record.input_sources.get(term.input, record.source))]
    return [str(record.source if record is not None else term.origin)]


def _equal(a: Any, b: Any, tolerance: float) -> list[str]:
    """Where two values differ: [] when equal; for series the keys (or positions) that differ."""
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return [] if abs(a - b) <= tolerance + 1e-9 * max(1.0, abs(a), abs(b)) else [""]
    if isinstance(a, dict) and isinstance(b, dict):
        keys = list(dict.fromkeys([*a, *b]))
        return [str(k) for k in keys if k not in a or k not in b or _equal(a[k], b[k], tolerance)]
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return ["n"]
        return [str(i + 1) for i, (x, y) in enumerate(zip(a, b, strict=True)) if _equal(x, y, tolerance)]
    return ["?"]


def identity_findings(evaluation: Evaluation) -> tuple[list[Difference], int]:
    """The declared `checks:` of the year: a finding for each term that differs from the first; how many compared."""
    data = evaluation.workspace.years.get(evaluation.year)
    found: list[Difference] = []
    compared = 0
    for check in data.checks if data is not None else ():
        first, *others = check.terms
        base = _value(first, evaluation)
        if base is None:
            continue
        for term in others:
            value = _value(term, evaluation)
            if value is None:
                continue
            compared += 1
            places = [d for d in (_decimals(first), _decimals(term)) if d is not None]
            tolerance = half_unit(min(places)) if places else 0.0
            where = _equal(base, value, tolerance)
            if not where:
                continue
            all_printed = (
                _decimals(first) is not None and _decimals(term) is not None and not (first.parts or term.parts)
            )
            cause = Cause.TABLES_DISAGREE if all_printed else Cause.IDENTITY
            keys = [k for k in where if k]
            numeric = isinstance(base, (int, float)) and isinstance(value, (int, float))
            explanation = Message(
                "{about}: {a}{va} ≠ {b}{vb}{keys}",
                "{about}: {a}{va} ≠ {b}{vb}{keys}",
                about=check.about,
                a=_label(first),
                b=_label(term),
                va=Message(" = {v}", " = {v}", v=float(base)) if numeric else "",
                vb=Message(" = {v}", " = {v}", v=float(value)) if numeric else "",
                keys=f" ({', '.join(keys[:12])})" if keys else "",
            )
            node = first.node or term.node or next((p.node for p in first.parts if p.node), None) or "checks"
            found.append(
                Difference(
                    node,
                    "check",
                    value if numeric else None,
                    base if numeric else None,
                    _sources(first, evaluation) + _sources(term, evaluation),
                    cause,
                    explanation,
                    [str(check.origin)],
                )
            )
    return found, compared


# ---- another input or denominator ------------------------------------------------------------------------------


def _digit_swaps(value: Any) -> list[float]:
    """The other orders of a whole number's digits (137 → 173, 317 ...), for numbers of 2 to 6 digits."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value) or value < 10:
        return []
    digits = str(int(value))
    if len(digits) > 6:
        return []
    return sorted({float("".join(p)) for p in itertools.permutations(digits) if p[0] != "0"} - {float(value)})


def _candidates(result: NodeResult, evaluation: Evaluation) -> list[tuple[str, float, Message]]:
    """(input, other value, what it is): digit swaps, the node's other inputs, other nodes' inputs of the year."""
    record = result.record
    if record is None:
        return []
    found: list[tuple[str, float, Message]] = []
    scalars = {k: v for k, v in record.inputs.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
    for name, value in scalars.items():
        for other in _digit_swaps(value):
            found.append((name, other, Message("its digits swapped", "digitnya tertukar")))
        for other_name, other in scalars.items():
            if other_name != name and other != value:
                found.append((name, float(other), Message("the input {o}", "input {o}", o=other_name)))
    data = evaluation.workspace.years.get(evaluation.year)
    for node_id, other_record in (data.records if data is not None else {}).items():
        if node_id == result.id:
            continue
        for other_name, other in other_record.inputs.items():
            if isinstance(other, bool) or not isinstance(other, (int, float)):
                continue
            for name, value in scalars.items():
                if other != value:
                    found.append((name, float(other), Message("{o} of {n}", "{o} milik {n}", o=other_name, n=node_id)))
        if len(found) > MAX_CANDIDATES:
            break
    seen: set[tuple[str, float]] = set()
    unique = []
    for name, value, what in found:
        if (name, value) not in seen:
            seen.add((name, value))
            unique.append((name, value, what))
    return unique[:MAX_CANDIDATES]


def other_input(result: NodeResult, name: str, printed: float, places: int, evaluation: Evaluation) -> Message | None:
    """Is the printed realisasi (or capaian) the formula's result with one input replaced by another number?"""
    spec, record = result.spec, result.record
    if not spec.formula or record is None or not record.inputs or result.target is None and name == "capaian":
        return None
    if spec.direction is None and name == "capaian":  # a roll-up-only node has no capaian rule to try
        return None
    try:
        formula = compile_formula(spec.formula, spec.inputs)
    except FormulaError:
        return None
    for input_name, other, what in _candidates(result, evaluation):
        values = dict(record.inputs)
        values[input_name] = other
        try:
            value, _ = formula.evaluate(values)
            if name == "capaian":
                assert spec.direction is not None
                value = rule(result.target or 0.0, value, spec.direction, spec.capaian_method)
        except (EvaluationError, CapaianUndefined, ZeroDivisionError):
            continue
        if compare(printed, places, value) is not Agreement.DIFFERS:
            return Message(
                "{other} in place of {input} {value} ({what}) gives {result}",
                "{other} sebagai pengganti {input} {value} ({what}) memberi {result}",
                other=other,
                input=input_name,
                value=float(record.inputs[input_name]),
                what=what,
                result=value,
            )
    return None
