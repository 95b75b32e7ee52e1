"""Range, limit and band targets (issue 9 point 13): what counts as meeting them and the capaian they give.

A range `{min: 70, max: 80}`, a limit `{max: 5}` (≤ 5) or `{min: 90}` (≥ 90), or a band `{band: B}` (the band's
range in the workspace's scale). The rule:

- realisasi within the range (a limit: the limit met) → capaian 100 %;
- outside → the node's direction rule (R/T, (2T−R)/T or T/R) against the nearest bound: below the range of a
  higher-is-better indicator gives less than 100 %, above it more than 100 % (as a plain target exceeded does).
"""

from __future__ import annotations

from dataclasses import dataclass

from .capaian import capaian, rule_for
from .messages import Message
from .model import CapaianMethod, Direction, Scale, Target


@dataclass(frozen=True)
class TargetRange:
    """The bounds a range, limit or band target sets (None: open on that side)."""

    low: float | None
    high: float | None
    low_inclusive: bool = True
    high_inclusive: bool = True
    band: str | None = None

    def contains(self, value: float) -> bool:
        if self.low is not None and (value < self.low or (value == self.low and not self.low_inclusive)):
            return False
        return not (self.high is not None and (value > self.high or (value == self.high and not self.high_inclusive)))

    def nearest(self, value: float) -> float:
        """The bound nearest to a value outside the range."""
        if self.low is not None and value <= self.low:
            return self.low
        assert self.high is not None  # outside and not below: above the upper bound
        return self.high

    def as_dict(self) -> dict:
        out: dict = {"min": self.low, "max": self.high}
        if self.band is not None:
            out["band"] = self.band
        return out


def target_range(target: Target | None, scale: Scale | None) -> TargetRange | None:
    """The range of a range, limit or band target; None for a plain value (or an unknown band)."""
    if target is None or target.value is not None:
        return None
    if target.band is not None:
        band = next((b for b in scale.bands if b.code == target.band), None) if scale else None
        if band is None:
            return None
        return TargetRange(band.min, band.max, band.min_inclusive, band.max_inclusive, band.code)
    if target.min is None and target.max is None:
        return None
    return TargetRange(target.min, target.max)


def range_capaian(
    bounds: TargetRange, realisasi: float, direction: Direction, method: CapaianMethod = CapaianMethod.STANDARD
) -> tuple[float, float | None]:
    """Capaian against a range, and the bound it was computed against (None: within the range, 100 %)."""
    if bounds.contains(realisasi):
        return 100.0, None
    bound = bounds.nearest(realisasi)
    return capaian(bound, realisasi, direction, method), bound


def range_text(bounds: TargetRange, unit: str = "") -> Message:
    """The target as planners write it, numbers in the reader's locale: '70–80 %', '≤ 5 %', '≥ 90 %',
    'BB (70–80)'; money as 'Rp70–80'."""
    money = unit.lower() in ("rp", "rupiah")
    pre, post = ("Rp", "") if money else ("", f" {unit}" if unit else "")
    if bounds.low is not None and bounds.high is not None:
        text = Message(
            "{pre}{low}–{high}{post}", "{pre}{low}–{high}{post}", pre=pre, low=bounds.low, high=bounds.high, post=post
        )
    elif bounds.high is not None:
        sign = "≤" if bounds.high_inclusive else "<"
        text = Message(
            "{sign} {pre}{high}{post}", "{sign} {pre}{high}{post}", sign=sign, pre=pre, high=bounds.high, post=post
        )
    else:
        sign = "≥" if bounds.low_inclusive else ">"
        text = Message(
            "{sign} {pre}{low}{post}", "{sign} {pre}{low}{post}", sign=sign, pre=pre, low=bounds.low, post=post
        )
    if bounds.band is None:
        return text
    return Message("band {band} ({range})", "predikat {band} ({range})", band=bounds.band, range=text)


def range_rule(
    bounds: TargetRange, bound: float | None, direction: Direction, method: CapaianMethod, unit: str = ""
) -> Message:
    """The capaian rule in words, for explain: met → 100 %, else the direction's rule against the nearest bound."""
    if bound is None:
        return Message(
            "realisasi within the target {range}: capaian 100 %",
            "realisasi memenuhi target {range}: capaian 100 %",
            range=range_text(bounds, unit),
        )
    return Message(
        "realisasi outside the target {range}: {rule} against the nearest bound, target = {bound}",
        "realisasi di luar target {range}: {rule} terhadap batas terdekat, target = {bound}",
        range=range_text(bounds, unit),
        rule=rule_for(direction, method).text,
        bound=bound,
    )
