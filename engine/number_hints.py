"""What to write instead: the one place that recognises a text meant as a number and says how to write it.

YAML reads `12,5`, `1.234.567`, `97%`, `Rp 1.500.000`, `1_0`, `0x1F`, `010`, `1:30` and `.inf` as text (lkip's
loader keeps them so, see yamlsrc); where the schema expects a number, its error carries this hint."""

from __future__ import annotations

import re

from .messages import Message

_SPECIAL = {
    ".inf",
    "+.inf",
    "-.inf",
    ".Inf",
    "+.Inf",
    "-.Inf",
    ".INF",
    "+.INF",
    "-.INF",
    ".nan",
    ".NaN",
    ".NAN",
    "inf",
    "-inf",
    "+inf",
    "nan",
    "NaN",
    "infinity",
    "Infinity",
    "-Infinity",
    "+Infinity",
}
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_LEADING_ZERO = re.compile(r"^[-+]?0[0-9]")
_UNDERSCORED = re.compile(r"[-+]?[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?")
_BASED = re.compile(r"([-+]?)0([xXoObB])([0-9a-fA-F_]+)")
_SEXAGESIMAL = re.compile(r"[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?")
DECIMAL_COMMA = re.compile(r"[-+]?[0-9]+,[0-9]+")
_THOUSANDS_DOTS = re.compile(r"[-+]?[0-9]{1,3}(\.[0-9]{3})+(,[0-9]+)?")
_THOUSANDS_COMMAS = re.compile(r"[-+]?[0-9]{1,3}(,[0-9]{3}){2,}")
_PLAIN = re.compile(r"[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
_RUPIAH = re.compile(r"(?i)rp\.?\s*(.*?)\s*(,-)?")


def number_hint(text: str) -> Message | None:
    """What to write instead of a text that was meant as a number (None when it does not look like one)."""
    text = text.strip()
    if text in _SPECIAL:
        return Message(
            "infinity and NaN are not numbers lkip accepts: write a finite number, or leave the value out",
            "tak hingga dan NaN bukan bilangan yang diterima lkip: tulis bilangan terhingga, atau hapus nilainya",
        )
    if "_" in text and _UNDERSCORED.fullmatch(text):
        return Message(
            "write {plain}: numbers are plain decimals, without underscores",
            "tulis {plain}: bilangan ditulis sebagai desimal biasa, tanpa garis bawah",
            plain=text.replace("_", ""),
        )
    based = _BASED.fullmatch(text)
    if based:
        return _based(*based.groups())
    if _LEADING_ZERO.match(text) and _FLOAT.fullmatch(text):
        sign = text[0] if text[0] in "+-" else ""
        plain = sign + (text.lstrip("+-").lstrip("0") or "0")
        if plain.lstrip("+-").startswith("."):
            plain = plain.replace(".", "0.", 1)
        return Message(
            "write {plain}, without leading zeros (YAML 1.1 would read 010 as the octal number 8)",
            "tulis {plain}, tanpa nol di depan (YAML 1.1 akan membaca 010 sebagai bilangan oktal 8)",
            plain=plain,
        )
    if _SEXAGESIMAL.fullmatch(text):
        return Message(
            "{text} is not a number here (YAML 1.1 reads it in base 60): write a plain decimal",
            "{text} bukan bilangan di sini (YAML 1.1 membacanya dalam basis 60): tulis desimal biasa",
            text=text,
        )
    if DECIMAL_COMMA.fullmatch(text):
        return decimal_comma(text)
    if _THOUSANDS_DOTS.fullmatch(text) or _THOUSANDS_COMMAS.fullmatch(text):
        return Message(
            "write {plain}, without thousands separators", "tulis {plain}, tanpa pemisah ribuan", plain=_plain(text)
        )
    percent = _plain(text[:-1].strip()) if text.endswith("%") else None
    if percent is not None:
        return Message(
            "write {plain} without '%'; the unit is declared in the node's 'unit'",
            "tulis {plain} tanpa '%'; satuannya dideklarasikan di 'unit' simpul",
            plain=percent,
        )
    rupiah = _RUPIAH.fullmatch(text)
    amount = _plain(rupiah.group(1)) if rupiah and rupiah.group(1) else None
    if amount is not None:
        return Message(
            "write {plain} without 'Rp'; amounts are plain numbers in rupiah",
            "tulis {plain} tanpa 'Rp'; nilai uang ditulis sebagai bilangan biasa dalam rupiah",
            plain=amount,
        )
    return None


def decimal_comma(text: str) -> Message:
    return Message(
        "decimal comma: write {dot}", "koma desimal: tulis {dot}, bukan {text}", dot=text.replace(",", "."), text=text
    )


def _based(sign: str, kind: str, digits: str) -> Message | None:
    base = {"x": 16, "o": 8, "b": 2}[kind.lower()]
    try:
        value = int(sign + digits.replace("_", ""), base)
    except ValueError:
        return None
    if abs(value) <= 10**18:
        return Message(
            "a number in base {base} is not read as a number: write {value}",
            "bilangan berbasis {base} tidak dibaca sebagai bilangan: tulis {value}",
            base=base,
            value=value,
        )
    return Message(
        "a number in base {base} is not read as a number: write it as a plain decimal",
        "bilangan berbasis {base} tidak dibaca sebagai bilangan: tulis sebagai desimal biasa",
        base=base,
    )


def _plain(text: str) -> str | None:
    """The plain number a slip stands for (12,5 -> 12.5; 1.234.567 -> 1234567), or None."""
    if _PLAIN.fullmatch(text):
        return text
    if DECIMAL_COMMA.fullmatch(text):
        return text.replace(",", ".")
    if _THOUSANDS_DOTS.fullmatch(text):
        return text.replace(".", "").replace(",", ".")
    if _THOUSANDS_COMMAS.fullmatch(text):
        return text.replace(",", "")
    return None
