"""Numbers for people, in their locale: id → 105,48 % and Rp30.409.836.596; en → 105.48 % and Rp30,409,836,596.

Babel gives each locale's symbols (decimal, group, minus) and parses; rounding is half-up (as planners round by
hand, Babel itself rounds half-to-even), done with Decimal; the digits are laid out by Python's own format, which is
fast enough for a 100,000-row tree (Babel's formatter re-reads the locale's pattern on every call).
"""

from __future__ import annotations

import functools
from decimal import ROUND_HALF_UP, Context, Decimal

from babel.numbers import get_decimal_symbol, get_group_symbol, get_minus_sign_symbol, parse_decimal

from ..targets import TargetRange, range_text

LOCALES = {"id": "id_ID", "en": "en_US"}


def _locale(lang: str) -> str:
    return LOCALES.get(lang, lang)


def round_half_up(value: float, digits: int = 2) -> Decimal:
    quantum = Decimal(1).scaleb(-digits)
    # a context wide enough for any finite float (the default 28 digits fail from 10^26 on)
    return Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP, context=_WIDE)


_WIDE = Context(prec=400)


@functools.cache
def _symbols(lang: str) -> dict[int, str]:
    """Python's ',', '.' and '-' mapped to the locale's group, decimal and minus symbols."""
    locale = _locale(lang)
    return str.maketrans(
        {",": get_group_symbol(locale), ".": get_decimal_symbol(locale), "-": get_minus_sign_symbol(locale)}
    )


def _layout(rounded: Decimal, lang: str) -> str:
    return format(rounded, ",f").translate(_symbols(lang))


def number(value: float | None, lang: str = "id", digits: int = 2, trim: bool = True) -> str:
    """A plain number; integers lose their decimals when trim is set."""
    if value is None:
        return "–"
    rounded = round_half_up(value, digits)
    if trim and rounded == rounded.to_integral_value():
        rounded = rounded.quantize(Decimal(1), context=_WIDE)
    return _layout(rounded, lang)


def compact(value: float | None, lang: str = "id", digits: int = 4) -> str:
    """Up to `digits` decimals, without trailing zeros: 99,1 and 85,8865."""
    if value is None:
        return "–"
    text = format(round_half_up(value, digits), ",f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.translate(_symbols(lang))


def percent(value: float | None, lang: str = "id", digits: int = 2) -> str:
    if value is None:
        return "–"
    return f"{number(value, lang, digits, trim=False)} %"


def money(value: float | None, lang: str = "id", currency: str = "Rp") -> str:
    if value is None:
        return "–"
    if value < 0:
        return f"-{currency}{number(-value, lang, 0)}"
    return f"{currency}{number(value, lang, 0)}"


def quantity(value: float | None, unit: str, lang: str = "id") -> str:
    """A target or realisasi with its unit: '105,48 %', '12 laporan', 'Rp1.234'."""
    if value is None:
        return "–"
    if unit == "%":
        return percent(value, lang)
    if unit.lower() in ("rp", "rupiah"):
        return money(value, lang)
    return f"{number(value, lang)} {unit}"


def target(value: float | None, bounds: TargetRange | None, unit: str, lang: str = "id") -> str:
    """A target as the report prints it: '97,00 %', or a range, limit or band: '70–80 %', '≤ 5 %', '≥ 90 %'."""
    if bounds is not None:
        return range_text(bounds, unit).render(lang)
    return quantity(value, unit, lang)


def parse(text: str, lang: str = "id") -> Decimal:
    """Parse a number written in the locale's style (e.g. '1.234.567,89' in id)."""
    return parse_decimal(text.replace("Rp", "").replace("%", "").strip(), locale=_locale(lang), strict=True)
