"""Capaian (achievement, percent) from target, realisasi and direction; the one place its rules are worded.

higher:            R / T × 100
lower (standard):  (2T − R) / T × 100   (PermenPAN-RB: 1 + (1 − R/T))
lower (inverse):   T / R × 100
"""

from __future__ import annotations

from dataclasses import dataclass

from .limits import computable
from .messages import Message
from .model import CapaianMethod, Direction, Rollup


class CapaianUndefined(ValueError):
    """Capaian cannot be computed (e.g. realisasi 0 with the inverse rule)."""

    def __init__(self, reason: Message, zero_realisasi: bool = False):
        self.reason = reason
        self.zero_realisasi = zero_realisasi  # the inverse rule met realisasi 0 (the policy inverse_zero applies)
        super().__init__(str(reason))


@dataclass(frozen=True)
class Rule:
    """One capaian rule: its formula over T and R, as text (`template` takes the numbers as {t} and {r})."""

    key: str
    template: str

    @property
    def text(self) -> str:
        """The rule in words: 'realisasi / target × 100'."""
        return self.template.format(t="target", r="realisasi")

    def computation(self, target: str, realisasi: str, capaian: str) -> str:
        """The rule with the numbers put in (already formatted by the view): '2,78 / 7,8 × 100 = 35,64'."""
        return f"{self.template.format(t=target, r=realisasi)} = {capaian}"

    def apply(self, target: float, realisasi: float) -> float:
        if target == 0:
            raise CapaianUndefined(Message("target is 0", "target 0"))
        if self.key == "higher":
            return realisasi / target * 100.0
        if self.key == "inverse":
            if realisasi == 0:
                raise CapaianUndefined(
                    Message(
                        "realisasi is 0: target / realisasi is undefined",
                        "realisasi 0: target / realisasi tidak terdefinisi",
                    ),
                    zero_realisasi=True,
                )
            return target / realisasi * 100.0
        return (2.0 * target - realisasi) / target * 100.0


HIGHER = Rule("higher", "{r} / {t} × 100")
LOWER = Rule("lower", "(2 × {t} − {r}) / {t} × 100")
INVERSE = Rule("inverse", "{t} / {r} × 100")


def rule_for(direction: Direction, method: CapaianMethod = CapaianMethod.STANDARD) -> Rule:
    if direction is Direction.HIGHER:
        return HIGHER
    return INVERSE if method is CapaianMethod.INVERSE else LOWER


def capaian(
    target: float, realisasi: float, direction: Direction, method: CapaianMethod = CapaianMethod.STANDARD
) -> float:
    """Capaian in percent. Target must be non-zero (a zero target is its own state, decided by the caller)."""
    value = rule_for(direction, method).apply(target, realisasi)
    if not computable(value):  # a tiny divisor: no capaian lkip can keep (finite, at most 10^18 in size)
        raise CapaianUndefined(
            Message(
                "capaian is larger than 10^18 in size: check the target and the realisasi",
                "capaian lebih besar dari 10^18: periksa target dan realisasinya",
            )
        )
    return value


def rule_text(direction: Direction, method: CapaianMethod = CapaianMethod.STANDARD) -> Message:
    text = rule_for(direction, method).text
    return Message(text, text)


def rollup_text(rollup: Rollup) -> Message:
    """'mean of the capaian of kegiatan' — the rule of a capaian that was rolled up."""
    return Message(
        "{method} of the capaian of {of}", "{method} capaian {of}", method=method_text(rollup), of=of_text(rollup)
    )


def method_text(rollup: Rollup) -> Message:
    return Message(rollup.method.value, _METHOD_ID[rollup.method.value])


def of_text(rollup: Rollup) -> Message:
    """What a roll-up combines: 'children' / 'turunannya', or a kind ('kegiatan')."""
    if rollup.of is None:
        return Message("children", "turunannya")
    return Message(rollup.of.value, rollup.of.value)


_METHOD_ID = {
    "mean": "rata-rata",
    "weighted": "rata-rata berbobot",
    "min": "minimum",
    "max": "maksimum",
    "sum": "jumlah",
    "formula": "rumus",
}


def serapan(pagu: float | None, realisasi_anggaran: float | None) -> float | None:
    """Budget absorption in percent, or None when there is no budget."""
    if pagu is None or realisasi_anggaran is None or pagu == 0:
        return None
    return realisasi_anggaran / pagu * 100.0
