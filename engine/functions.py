"""The whitelisted formula functions, and the Series value they work on.

A series is a sequence of numbers, optionally keyed (one value per commodity, per quarter ...). ratio, percent,
growth and abs work element by element on series of the same keys; aggregates (sum, mean, ...) reduce them.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from .messages import Message
from .messages import Message as M

MAX_SERIES = 10_000


class FormulaValueError(ValueError):
    """A formula function was given values it cannot work with."""


@dataclass(frozen=True)
class Series:
    values: tuple[float, ...]
    keys: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if len(self.values) > MAX_SERIES:
            raise FormulaValueError(M("series longer than {n}", "deret lebih panjang dari {n}", n=MAX_SERIES))

    def __len__(self) -> int:
        return len(self.values)

    def items(self) -> Iterator[tuple[str, float]]:
        keys = self.keys or tuple(str(i + 1) for i in range(len(self.values)))
        return zip(keys, self.values, strict=True)


def as_value(raw: Any) -> float | Series:
    """Turn a data value (number, list, mapping) into a formula value."""
    if isinstance(raw, bool):
        raise FormulaValueError(M("a boolean is not a number", "nilai boolean bukan bilangan"))
    if isinstance(raw, (int, float)):
        return _number(raw)
    if isinstance(raw, (list, tuple)):
        return Series(tuple(_number(v) for v in raw))
    if isinstance(raw, dict):
        return Series(tuple(_number(v) for v in raw.values()), tuple(str(k) for k in raw))
    if isinstance(raw, Series):
        return raw
    raise FormulaValueError(
        M("not a number or series: {what}", "bukan bilangan atau deret: {what}", what=type(raw).__name__)
    )


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise FormulaValueError(M("not a number: {value}", "bukan bilangan: {value}", value=repr(value)[:40]))
    try:
        number = float(value)
    except OverflowError:  # an integer too large for a float
        number = math.inf
    if not math.isfinite(number):
        raise FormulaValueError(
            Message("a value is not a finite number (overflow)", "sebuah nilai bukan bilangan terhingga (overflow)")
        )
    return number


def _series(value: Any, name: str) -> Series:
    if isinstance(value, Series):
        return value
    if isinstance(value, (list, tuple)):
        return Series(tuple(_number(v) for v in value))
    raise FormulaValueError(
        M(
            "{name}() needs a series (a list or a keyed mapping of numbers)",
            "{name}() memerlukan deret (daftar atau pemetaan kunci ke bilangan)",
            name=name,
        )
    )


def _elementwise(name: str, op: Callable[[float, float], float]) -> Callable[[Any, Any], Any]:
    def apply(a: Any, b: Any) -> Any:
        if isinstance(a, (list, tuple)):
            a = _series(a, name)
        if isinstance(b, (list, tuple)):
            b = _series(b, name)
        if isinstance(a, Series) and isinstance(b, Series):
            if len(a) != len(b):
                raise FormulaValueError(
                    M(
                        "{name}(): series of different lengths ({a} and {b})",
                        "{name}(): panjang deret berbeda ({a} dan {b})",
                        name=name,
                        a=len(a),
                        b=len(b),
                    )
                )
            if a.keys and b.keys and a.keys != b.keys:
                missing = sorted(set(a.keys) ^ set(b.keys))
                if missing:
                    raise FormulaValueError(
                        M(
                            "{name}(): series keys differ: {keys}",
                            "{name}(): kunci deret berbeda: {keys}",
                            name=name,
                            keys=missing[:5],
                        )
                    )
                lookup = dict(zip(b.keys, b.values, strict=True))
                b = Series(tuple(lookup[k] for k in a.keys), a.keys)
            return Series(tuple(op(x, y) for x, y in zip(a.values, b.values, strict=True)), a.keys or b.keys)
        if isinstance(a, Series):
            return Series(tuple(op(x, _number(b)) for x in a.values), a.keys)
        if isinstance(b, Series):
            return Series(tuple(op(_number(a), y) for y in b.values), b.keys)
        return op(_number(a), _number(b))

    apply.__name__ = name
    return apply


def _divide(a: float, b: float) -> float:
    if b == 0:
        raise ZeroDivisionError(M("division by zero", "pembagian dengan nol"))
    return a / b


ratio = _elementwise("ratio", _divide)
percent = _elementwise("percent", lambda a, b: _divide(a, b) * 100.0)
growth = _elementwise("growth", lambda new, old: _divide(new - old, old) * 100.0)


def _values(args: tuple, name: str) -> tuple[float, ...]:
    if len(args) == 1:
        only = args[0]
        values = _series(only, name).values if isinstance(only, (Series, list, tuple)) else (_number(only),)
    else:
        values = tuple(_number(a) for a in args)
    if not values:
        raise FormulaValueError(M("{name}() of an empty series", "{name}() atas deret kosong", name=name))
    return values


def f_sum(*args: Any) -> float:
    return math.fsum(_values(args, "sum")) if args else 0.0


def f_mean(*args: Any) -> float:
    return statistics.fmean(_values(args, "mean"))


def f_min(*args: Any) -> float:
    return min(_values(args, "min"))


def f_max(*args: Any) -> float:
    return max(_values(args, "max"))


def f_len(value: Any) -> float:
    if isinstance(value, (Series, list, tuple)):
        return float(len(value))
    raise FormulaValueError(M("len() needs a series", "len() memerlukan deret"))


def f_abs(value: Any) -> Any:
    if isinstance(value, Series):
        return Series(tuple(abs(v) for v in value.values), value.keys)
    return abs(_number(value))


def f_round(value: Any, digits: Any = 0) -> float:
    digits = int(_number(digits))
    if not -10 <= digits <= 10:
        raise FormulaValueError(
            M("round(): digits must be between -10 and 10", "round(): jumlah digit harus antara -10 dan 10")
        )
    return round(_number(value), digits)


def f_sqrt(value: Any) -> float:
    value = _number(value)
    if value < 0:
        raise FormulaValueError(M("sqrt() of a negative number", "sqrt() atas bilangan negatif"))
    return math.sqrt(value)


def f_stdev(*args: Any) -> float:
    values = _values(args, "stdev")
    if len(values) < 2:
        raise FormulaValueError(M("stdev() needs at least two values", "stdev() memerlukan paling sedikit dua nilai"))
    return statistics.stdev(values)


def f_cv(*args: Any) -> float:
    values = _values(args, "cv")
    mean = statistics.fmean(values)
    if mean == 0:
        raise ZeroDivisionError(M("cv(): mean is zero", "cv(): rata-ratanya nol"))
    return f_stdev(*args) / mean * 100.0


FUNCTIONS: dict[str, Callable] = {
    "sum": f_sum,
    "mean": f_mean,
    "min": f_min,
    "max": f_max,
    "len": f_len,
    "abs": f_abs,
    "round": f_round,
    "sqrt": f_sqrt,
    "growth": growth,
    "ratio": ratio,
    "percent": percent,
    "stdev": f_stdev,
    "cv": f_cv,
}
