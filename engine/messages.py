"""Words for people, in both languages: the engine builds a Message, a view renders it in the user's language.

The engine never picks a language and never formats a number for a locale: a Message keeps its two templates
and its parameters; `render(lang)` fills them in, numbers formatted for that language (105,48 in id).

    Message("parent '{parent}' does not exist", "induk '{parent}' tidak ada", parent="IKU9")
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

LANGS = ("id", "en")
DEFAULT_LANG = "id"


@dataclass(frozen=True)
class Message:
    """One sentence in English and Indonesian, with named parameters (`{name}` in both templates)."""

    en: str
    id: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __init__(self, en: str, id: str, /, **params: Any) -> None:  # noqa: A002 - the language code
        object.__setattr__(self, "en", en)
        object.__setattr__(self, "id", id)
        object.__setattr__(self, "params", params)

    def render(self, lang: str = DEFAULT_LANG) -> str:
        template = self.en if lang == "en" else self.id
        if not self.params:
            return template
        return template.format(**{k: _shown(v, lang) for k, v in self.params.items()})

    def __str__(self) -> str:
        return self.render("en")


def render(text: str | Message | None, lang: str = DEFAULT_LANG) -> str | None:
    """A Message in the language, a plain string as it is (ids, names, formulas are not translated)."""
    if text is None:
        return None
    return text.render(lang) if isinstance(text, Message) else text


class Percent(float):
    """A number a message shows as a percentage with two decimals (105,48 %), not as a plain number."""


class SignedPercent(Percent):
    """A percentage shown with its sign, '+' too: +15,38 %."""


@dataclass(frozen=True)
class Quantity:
    """A number with its unit, shown as the tables show a target or realisasi: 105,49 %, 1 dokumen, Rp1.234.

    `unit` may itself be a Message ('poin persen' / 'percentage points'); without a unit, the number alone."""

    value: float
    unit: str | Message | None = None


def _shown(value: Any, lang: str) -> str:
    if isinstance(value, Message):
        return value.render(lang)
    if isinstance(value, Quantity):
        from .render.numbers import quantity

        unit = value.unit.render(lang) if isinstance(value.unit, Message) else value.unit
        return quantity(value.value, unit, lang)
    if isinstance(value, Percent):
        from .render.numbers import percent

        text = percent(float(value), lang)
        return "+" + text if isinstance(value, SignedPercent) and value > 0 else text
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return str(value)  # years, counts, lines: never grouped (2024, not 2.024)
    if isinstance(value, float):
        from .render.numbers import compact  # formatting is the views' job: only a view calls render()

        return compact(value, lang)
    if isinstance(value, (list, tuple)):
        return ", ".join(_shown(v, lang) for v in value)
    return str(value)
