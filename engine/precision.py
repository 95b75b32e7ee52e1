"""A printed number against a computed one, at the precision it was printed with.

A value printed with d decimals agrees with a computed value when it equals the computed value rounded half-up
to d decimals; one equal to the computed value cut (truncated) at d decimals is its own, minor finding; any other
value differs. The computed value is first rounded to 9 decimals, so float noise (0.1 + 0.2) never decides."""

from __future__ import annotations

import enum
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation

_NOISE = Decimal(1).scaleb(-9)


class Agreement(str, enum.Enum):
    AGREES = "agrees"
    TRUNCATED = "truncated"
    DIFFERS = "differs"


def _exact(value: float) -> Decimal:
    try:
        return Decimal(repr(float(value))).quantize(_NOISE, rounding=ROUND_HALF_UP)
    except InvalidOperation:  # beyond 28 digits: lkip's numbers never are (at most 10^18)
        return Decimal(repr(float(value)))


def rounded(value: float, decimals: int) -> Decimal:
    """value rounded half-up to `decimals` (as planners round: 89,535 → 89,54)."""
    return _exact(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def truncated(value: float, decimals: int) -> Decimal:
    """value cut at `decimals` (toward zero: 48,7179 → 48,71)."""
    return _exact(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_DOWN)


def compare(printed: float, decimals: int, computed: float, tolerance: float = 0.0) -> Agreement:
    """Does `printed` (printed with `decimals` decimals) show `computed`?"""
    decimals = max(0, min(decimals, 9))
    shown = rounded(printed, decimals)
    if shown == rounded(computed, decimals) or abs(printed - computed) <= tolerance:
        return Agreement.AGREES
    if shown == truncated(computed, decimals):
        return Agreement.TRUNCATED
    return Agreement.DIFFERS


def same_figure(a: float, a_decimals: int, b: float, b_decimals: int) -> bool:
    """Two printed values show the same figure: equal at the coarser precision (rounded or cut)."""
    coarse = min(a_decimals, b_decimals)
    finer, finer_decimals, other = (a, a_decimals, b) if a_decimals >= b_decimals else (b, b_decimals, a)
    del finer_decimals
    return compare(other, coarse, finer) is not Agreement.DIFFERS


def half_unit(decimals: int) -> float:
    """Half of the last printed digit: the largest difference a correct rounding can hide."""
    return 0.5 * 10.0 ** (-max(0, decimals))
