"""Workspace text is data, never markup: one escaping helper per kind of output.

Every string that comes from a workspace (names, short names, indicators, units, notes, band labels, scale
names, ids, reported sources, printed values) passes through one of these before it reaches an output:

- terminal (rich): `text()` builds a rich Text (never parsed as markup) with control characters and terminal
  escapes shown visibly (`\\x1b`, `\\r`, `\\u202e`); `markup()` for the few rich APIs that only take markup;
  `style()` puts only a validated band color into a style;
- HTML: `html_page()` exports a recorded console (text escaped by rich) and drops any link;
- Markdown: `md()` escapes pipes and markup characters, so a name cannot break a table or make a link;
- CSV and xlsx: `cell()` neutralises a text that a spreadsheet would read as a formula (OWASP's CSV-injection
  rule: a leading `= + - @`, tab or CR gets a `'` in front); numbers stay numbers; `xlsx_cell()` also replaces
  what XML forbids;
- Word (docx): `docx_text()` puts text on one line and spells out the control characters XML forbids (python-docx
  escapes markup itself);
- JSON: `json_text()` is strict JSON with the C1 controls and Unicode line/bidi controls escaped too.
"""

from __future__ import annotations

import json
import re
from typing import Any

from rich.markup import escape as _rich_escape
from rich.style import Style
from rich.text import Text

# Band colors a scale may use (schema/scales.schema.json lists the same names; a test checks they agree).
COLOR_NAMES = (
    "black",
    "red",
    "green",
    "yellow",
    "blue",
    "magenta",
    "cyan",
    "white",
    "bright_black",
    "bright_red",
    "bright_green",
    "bright_yellow",
    "bright_blue",
    "bright_magenta",
    "bright_cyan",
    "bright_white",
    "dark_orange",
    "orange1",
    "dark_red",
    "dark_green",
    "gold1",
    "purple",
    "grey50",
)
_HEX = re.compile(r"#[0-9a-fA-F]{6}")

# Characters a terminal acts on instead of showing: C0 controls, DEL, C1 controls (\x9b is CSI on its own),
# Unicode line/paragraph separators, the bidirectional overrides ("Trojan source"), lone surrogates (which no
# encoder accepts) and the noncharacters U+FFFE/U+FFFF (which XML forbids).
_SHORT = {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}
_INVISIBLE: dict[int, str] = {cp: _SHORT.get(cp, f"\\x{cp:02x}") for cp in (*range(0x20), *range(0x7F, 0xA0))}
_INVISIBLE.update(
    {
        cp: f"\\u{cp:04x}"
        for cp in (
            0x061C,
            0x200E,
            0x200F,
            0x2028,
            0x2029,
            *range(0x202A, 0x202F),
            *range(0x2066, 0x206A),
            *range(0xD800, 0xE000),
            0xFFFE,
            0xFFFF,
        )
    }
)
_TABLES: dict[str, dict[int, str]] = {"": _INVISIBLE}


def visible(value: Any, keep: str = "") -> str:
    """`value` as text with every control character spelt out (`\\x1b`), except the characters in `keep`."""
    table = _TABLES.get(keep)
    if table is None:
        table = _TABLES[keep] = {cp: s for cp, s in _INVISIBLE.items() if chr(cp) not in keep}
    return ("" if value is None else str(value)).translate(table)


# ---------------------------------------------------------------------------------------------- terminal


def is_color(value: Any) -> bool:
    """Whether `value` is a band color lkip accepts: `#rrggbb` or one of COLOR_NAMES."""
    return isinstance(value, str) and (value in COLOR_NAMES or _HEX.fullmatch(value) is not None)


def style(color: Any = None, *, bold: bool = False) -> Style:
    """A rich Style from a (workspace) color: an unvalidated color gives no color, never a parsed style string."""
    return Style(color=color if is_color(color) else None, bold=bold or None)


def text(value: Any, style: str | Style = "", *, keep: str = "", **options: Any) -> Text:
    """A rich Text of `value` for the terminal: not markup, control characters visible."""
    return Text(visible(value, keep), style=style, **options)


def append(target: Text, value: Any, style: str | Style | None = None) -> Text:
    """Append workspace text to a rich Text (visible controls, no markup)."""
    target.append(visible(value), style=style)
    return target


def markup(value: Any) -> str:
    """`value` escaped for the rich APIs that read markup (control characters visible, `[` escaped)."""
    return _rich_escape(visible(value))


# -------------------------------------------------------------------------------------------------- HTML

_LINK = re.compile(r"</?a\b[^>]*>")
# The page needs nothing but its inline styles: no script, image, frame, form or request may run from it.
_CSP = (
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
    "form-action 'none'; base-uri 'none'\">"
)


def html_page(console: Any) -> str:
    """A recorded console as a standalone HTML page: rich escapes the text; links are dropped (lkip makes none,
    so a link could only come from a workspace); a content security policy forbids scripts and requests."""
    page = _LINK.sub("", console.export_html(inline_styles=True))
    return page.replace("<head>", f"<head>\n{_CSP}", 1)


# ---------------------------------------------------------------------------------------------- Markdown

_MD_ESCAPE = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#!&~$"})
_MD_AUTOLINK = re.compile(r"(://|@|(?<![A-Za-z0-9])www\.)", re.IGNORECASE)


def md(value: Any) -> str:
    """Text for a Markdown table cell or heading: one line, pipes and markup characters escaped, no autolink."""
    flat = ("" if value is None else str(value)).replace("\r\n", " ").replace("\n", " ")
    escaped = visible(flat).translate(_MD_ESCAPE)
    return _MD_AUTOLINK.sub(
        lambda m: m.group(0)[:3] + "\\." if m.group(0).lower() == "www." else "\\" + m.group(0), escaped
    )


# ------------------------------------------------------------------------------------------ spreadsheets

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """A CSV field or sheet cell: a text a spreadsheet would read as a formula gets a leading `'`
    (OWASP's CSV-injection rule); numbers, None and booleans are returned as they are."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_field(value: Any) -> Any:
    """A CSV field: controls visible (tab and newline kept: the csv writer quotes them), formulas neutralised."""
    return cell(visible(value, keep="\t\n")) if isinstance(value, str) else value


def xlsx_cell(value: Any) -> Any:
    """A sheet cell: controls spelt out (XML forbids most of them: openpyxl refuses them), formulas neutralised."""
    return cell(visible(value, keep="\t\n")) if isinstance(value, str) else value


# -------------------------------------------------------------------------------------------------- Word

_FLAT = {0x09: " ", 0x0A: " ", 0x0D: " "}


def docx_text(value: Any) -> str:
    """Text for a Word document: tabs and line breaks become spaces, every other control character is spelt out
    (`\\x1b`: XML 1.0 forbids most of them and python-docx refuses them), as in the other outputs; markup
    characters stay text (python-docx escapes them)."""
    return visible(("" if value is None else str(value)).translate(_FLAT))


# -------------------------------------------------------------------------------------------------- JSON

_JSON_ESCAPE = {cp: f"\\u{cp:04x}" for cp in _INVISIBLE if cp >= 0x7F}


def json_text(document: Any) -> str:
    """Strict JSON (no NaN or Infinity), UTF-8 kept readable, but every control character escaped."""
    return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False).translate(_JSON_ESCAPE) + "\n"
