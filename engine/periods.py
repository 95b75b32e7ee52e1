"""Reporting periods: the year, semesters (S1, S2), quarters (TW1–TW4) and months (B1–B12).

A period is cumulative from January: TW2 is January to June, as planners report "s.d. TW II". Each period ends
in a month; periods that end in December are the year itself. Data may give values per semester (`semester:`),
quarter (`triwulan:`) or month (`bulan:`); a node's `cumulation` (sum | last | mean) makes the period's value
from those up to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .messages import Message

# data key, code prefix, number of periods in a year, months per period
SERIES = {"semester": ("S", 2, 6), "triwulan": ("TW", 4, 3), "bulan": ("B", 12, 1)}
_PREFIX = {prefix: key for key, (prefix, _, _) in SERIES.items()}
_CODE = re.compile(r"(S|TW|B)([0-9]{1,2})")
_EN = {"S": "H", "TW": "Q", "B": "M"}  # H1 (half-year), Q2 (quarter), M6 (month)
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_MONTHS_ID: tuple[str, ...] = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
)
_MONTHS_ID += ("November", "Desember")
_MONTHS_EN: tuple[str, ...] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
)
_MONTHS_EN += ("November", "December")


@dataclass(frozen=True)
class Period:
    """One period of a year: `series` is 'semester', 'triwulan' or 'bulan', `number` counts from 1."""

    series: str
    number: int

    @property
    def code(self) -> str:
        """'S1', 'TW2', 'B6': as the data and --period write it."""
        return f"{SERIES[self.series][0]}{self.number}"

    @property
    def end_month(self) -> int:
        return self.number * SERIES[self.series][2]

    @property
    def is_year(self) -> bool:
        return self.end_month == 12

    def shown(self) -> Message:
        """'TW2' / 'Q2' (Indonesian and English)."""
        return Message(f"{_EN[SERIES[self.series][0]]}{self.number}", self.code)

    def up_to(self) -> Message:
        """'s.d. TW2' / 'to Q2': a value cumulated from January up to this period."""
        prefix = SERIES[self.series][0]
        return Message(f"to {_EN[prefix]}{self.number}", f"s.d. {self.code}")

    def title(self) -> Message:
        """The period as planners write it: 'TW II', 'Semester I', 'Juni' / 'Q2', 'H1', 'June'."""
        if self.series == "triwulan":
            return Message(f"Q{self.number}", f"TW {_ROMAN[self.number]}")
        if self.series == "semester":
            return Message(f"H{self.number}", f"Semester {_ROMAN[self.number]}")
        return Message(_MONTHS_EN[self.number - 1], _MONTHS_ID[self.number - 1])

    def label(self) -> Message:
        """The period in headings, titles and JSON: 's.d. TW II' / 'to Q2' (January to the period's end)."""
        return Message("to {period}", "s.d. {period}", period=self.title())


def parse_period(text: str) -> Period | None:
    """'S1', 'TW2', 'B6' (any case, spaces ignored) → the period; None when it names no period."""
    match = _CODE.fullmatch(text.strip().upper().replace(" ", ""))
    if not match:
        return None
    series = _PREFIX[match.group(1)]
    number = int(match.group(2))
    return Period(series, number) if 1 <= number <= SERIES[series][1] else None


def period_of(series: str, number: int) -> Period:
    return Period(series, number)


PERIOD_CODES = "S1, S2, TW1–TW4, B1–B12"
