"""Numbers for people, in their locale: id → 105,48 % and Rp30.409.836.596; en → 105.48 % and Rp30,409,836,596.

Babel gives each locale's symbols (decimal, group, minus) and parses; rounding is half-up (as planners round by
hand, Babel itself rounds half-to-even), done with Decimal; the digits are laid out by Python's own format, which is
fast enough for a 100,000-row tree (Babel's formatter re-reads the locale's pattern on every call).

Rounding never hides a bound: a number strictly below 100 is never shown as 100,00 (a serapan of 99,9977 % is
Rp1.510 unspent), nor one strictly above 0 (or below 0) as 0,00. Such a number gets more decimals, up to
MAX_DIGITS, until it differs from the bound (99,998 %); closer still it is shown as the bound with a sign
(< 100,00 %, > 0,00, < 0,00). Numbers shown without decimals (money) are not concerned.
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


# Babel's group, decimal and minus symbols of lkip's two languages, as Babel gives them (a test compares): loading
# a locale's data from Babel costs about 30 ms, a third of a whole `lkip eval` of the seed. Other locales ask Babel.
KNOWN_SYMBOLS = {"id_ID": (".", ",", "-"), "en_US": (",", ".", "-")}


def babel_symbols(locale: str) -> tuple[str, str, str]:
    return get_group_symbol(locale), get_decimal_symbol(locale), get_minus_sign_symbol(locale)


@functools.cache
def _symbols(lang: str) -> dict[int, str]:
    """Python's ',', '.' and '-' mapped to the locale's group, decimal and minus symbols."""
    locale = _locale(lang)
    group, decimal, minus = KNOWN_SYMBOLS.get(locale) or babel_symbols(locale)
    return str.maketrans({",": group, ".": decimal, "-": minus})


def _layout(rounded: Decimal, lang: str) -> str:
    return format(rounded, ",f").translate(_symbols(lang))


MAX_DIGITS = 6  # the most decimals a number gets so that rounding does not show it as a bound it is not
_HUNDRED = Decimal(100)


def _hides_bound(value: float, rounded: Decimal) -> bool:
    """Whether the rounded number shows a bound the value is not: 100 from below, or 0 from either side."""
    return (value < 100 and rounded >= _HUNDRED) or (value != 0 and rounded == 0)


def _honest(value: float, digits: int) -> tuple[Decimal, str]:
    """The value rounded to `digits` decimals, or to more (up to MAX_DIGITS) where that would hide a bound; with
    the sign ('<' or '>') to put before the bound when even MAX_DIGITS decimals hide it."""
    rounded = round_half_up(value, digits)
    if digits < 1 or not _hides_bound(value, rounded):
        return rounded, ""
    for more in range(digits + 1, MAX_DIGITS + 1):
        finer = round_half_up(value, more)
        if not _hides_bound(value, finer):
            return _at_least(finer, digits), ""
    bound = _HUNDRED if value < 100 and rounded >= _HUNDRED else Decimal(0)
    return bound.quantize(Decimal(1).scaleb(-digits), context=_WIDE), "<" if value < bound else ">"


def _at_least(rounded: Decimal, digits: int) -> Decimal:
    """Without trailing zeros beyond `digits` decimals: 99,99800 → 99,998."""
    exponent = rounded.normalize(context=_WIDE).as_tuple().exponent
    shown = max(digits, -exponent) if isinstance(exponent, int) else digits
    return rounded.quantize(Decimal(1).scaleb(-shown), context=_WIDE)


def number(value: float | None, lang: str = "id", digits: int = 2, trim: bool = True) -> str:
    """A plain number; integers lose their decimals when trim is set. Never shows a bound it is not (above)."""
    if value is None:
        return "–"
    rounded, sign = _honest(value, digits)
    if not sign and trim and rounded == rounded.to_integral_value() and rounded == round_half_up(value, digits):
        rounded = rounded.quantize(Decimal(1), context=_WIDE)
    text = _layout(rounded, lang)
    return f"{sign} {text}" if sign else text


def compact(value: float | None, lang: str = "id", digits: int = 4) -> str:
    """Up to `digits` decimals, without trailing zeros: 99,1 and 85,8865 (more where rounding would hide a bound)."""
    if value is None:
        return "–"
    rounded, sign = _honest(value, digits)
    text = format(rounded, ",f")
    if "." in text and not sign:
        text = text.rstrip("0").rstrip(".")
    text = text.translate(_symbols(lang))
    return f"{sign} {text}" if sign else text


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


def quantity(value: float | None, unit: str | None, lang: str = "id") -> str:
    """A target or realisasi with its unit: '105,48 %', '12 laporan', 'Rp1.234' (no unit declared: the number)."""
    if value is None:
        return "–"
    if not unit:
        return number(value, lang)
    if unit == "%":
        return percent(value, lang)
    if unit.lower() in ("rp", "rupiah"):
        return money(value, lang)
    return f"{number(value, lang)} {unit}"


def target(value: float | None, bounds: TargetRange | None, unit: str | None, lang: str = "id") -> str:
    """A target as the report prints it: '97,00 %', or a range, limit or band: '70–80 %', '≤ 5 %', '≥ 90 %'."""
    if bounds is not None:
        return range_text(bounds, unit or "").render(lang)
    return quantity(value, unit, lang)


def parse(text: str, lang: str = "id") -> Decimal:
    """Parse a number written in the locale's style (e.g. '1.234.567,89' in id)."""
    return parse_decimal(text.replace("Rp", "").replace("%", "").strip(), locale=_locale(lang), strict=True)
