"""Capaian (achievement, percent) from target, realisasi and direction; predikat from a scale."""
from __future__ import annotations

from .limits import computable
from .messages import Message
from .model import CapaianMethod, Direction


class CapaianUndefined(ValueError):
    """Capaian cannot be computed (e.g. realisasi 0 with the inverse rule)."""


def capaian(target: float, realisasi: float, direction: Direction,
            method: CapaianMethod = CapaianMethod.STANDARD) -> float:
    """Capaian in percent. Target must be non-zero (a zero target is its own state, decided by the caller).

    higher:            R / T × 100
    lower (standard):  (2T − R) / T × 100   (PermenPAN-RB: 1 + (1 − R/T))
    lower (inverse):   T / R × 100
    """
    if target == 0:
        raise CapaianUndefined("target is 0")
    if direction is Direction.HIGHER:
        value = realisasi / target * 100.0
    elif method is CapaianMethod.INVERSE:
        if realisasi == 0:
            raise CapaianUndefined("realisasi is 0: target/realisasi is undefined")
        value = target / realisasi * 100.0
    else:
        value = (2.0 * target - realisasi) / target * 100.0
    if not computable(value):  # a tiny divisor: no capaian lkip can keep (finite, at most 10^18 in size)
        raise CapaianUndefined(Message("capaian is larger than 10^18 in size: check the target and the realisasi",
                                       "capaian lebih besar dari 10^18: periksa target dan realisasinya"))
    return value


def rule_text(direction: Direction, method: CapaianMethod = CapaianMethod.STANDARD) -> str:
    if direction is Direction.HIGHER:
        return "realisasi / target × 100"
    if method is CapaianMethod.INVERSE:
        return "target / realisasi × 100"
    return "(2 × target − realisasi) / target × 100"


def serapan(pagu: float | None, realisasi_anggaran: float | None) -> float | None:
    """Budget absorption in percent, or None when there is no budget."""
    if pagu is None or realisasi_anggaran is None or pagu == 0:
        return None
    return realisasi_anggaran / pagu * 100.0
