"""Issue 9 point 11: rounding never shows a bound a number is not. Strictly below 100 is never 100,00; strictly
above 0 (or below 0) never 0,00: more decimals (up to 6), then the bound with '<' or '>'."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lkip.engine.render import numbers


def _value(text: str, lang: str) -> tuple[str, Decimal]:
    """The sign ('<', '>' or '') and the number of a shown text, parsed in its locale."""
    sign = ""
    if text[:2] in ("< ", "> "):
        sign, text = text[0], text[2:]
    return sign, numbers.parse(text.removesuffix(" %"), lang)


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), st.sampled_from(["id", "en"]))
def test_no_number_is_shown_as_a_bound_it_is_not(value, lang):
    for text in (numbers.percent(value, lang), numbers.number(value, lang), numbers.compact(value, lang)):
        sign, shown = _value(text, lang)
        if value < 100:
            assert not (shown == 100 and sign == ""), (value, text)
        if value != 0:
            assert not (shown == 0 and sign == ""), (value, text)
        if sign == "<":
            assert value < shown
        if sign == ">":
            assert value > shown
        if not sign:  # the shown number is the value rounded to the decimals it shows
            decimals = max(0, -shown.as_tuple().exponent)
            assert abs(Decimal(repr(value)) - shown) <= Decimal(1).scaleb(-decimals) / 2


@given(st.floats(min_value=99.0, max_value=100.0, exclude_max=True))
def test_just_below_100_percent(value):
    text = numbers.percent(value, "id")
    assert text != "100,00 %"
    assert text.startswith("< 100,00") or numbers.parse(text.removesuffix(" %"), "id") < 100


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (99.9977, "99,998 %"),  # the serapan: Rp1.510 unspent
        (99.99999, "99,99999 %"),
        (99.9999999, "< 100,00 %"),
        (0.001, "0,001 %"),
        (1e-9, "> 0,00 %"),
        (-0.004, "-0,004 %"),
        (-1e-9, "< 0,00 %"),
        (100.0, "100,00 %"),
        (100.004, "100,00 %"),  # above 100 rounds as ever
        (105.48, "105,48 %"),
        (0.0, "0,00 %"),
    ],
)
def test_examples(value, shown):
    assert numbers.percent(value, "id") == shown


def test_money_keeps_whole_rupiah():
    assert numbers.money(0.4) == "Rp0" and numbers.money(99.6) == "Rp100"


@pytest.mark.parametrize("locale", sorted(numbers.KNOWN_SYMBOLS))
def test_the_known_symbols_are_babel_s(locale):
    """The group, decimal and minus symbols kept for id and en (to spare loading Babel's locale data on every
    run) are the ones Babel gives."""
    assert numbers.KNOWN_SYMBOLS[locale] == numbers.babel_symbols(locale)
