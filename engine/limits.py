"""The range of numbers lkip accepts: in specs and data, and for what it computes for a node.

Specs and data hold only plain decimal numbers that are 0 or between 10^-18 and 10^18 in size (money in
rupiah, percentages, counts: far inside that range). What lkip computes for a node (a formula's result, a
roll-up, a capaian) must be finite and at most 10^18 in size too. With both bounds no sum, mean, ratio or
comparison lkip makes later can overflow, so no infinity or NaN ever reaches an output.
"""

from __future__ import annotations

import math

MAX_NUMBER = 1e18
MIN_NUMBER = 1e-18  # the smallest size of a number other than 0


def in_range(value: float) -> bool:
    """A number lkip accepts in specs and data: finite, 0 or 10^-18 ≤ |x| ≤ 10^18."""
    if not math.isfinite(value):
        return False
    size = abs(value)
    return size == 0 or MIN_NUMBER <= size <= MAX_NUMBER


def computable(value: float) -> bool:
    """A value lkip keeps for a node: finite and at most 10^18 in size."""
    return math.isfinite(value) and abs(value) <= MAX_NUMBER
