"""Capaian (achievement, percent) from target, realisasi and direction; predikat from a scale."""
from __future__ import annotations

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
        return realisasi / target * 100.0
    if method is CapaianMethod.INVERSE:
        if realisasi == 0:
            raise CapaianUndefined("realisasi is 0: target/realisasi is undefined")
        return target / realisasi * 100.0
    return (2.0 * target - realisasi) / target * 100.0


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
