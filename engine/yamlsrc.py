"""Safe YAML loading that keeps line marks.

The loader accepts a strict subset of YAML: no anchors or aliases, no explicit tags, no duplicate keys, no
tab indentation, bounded size and depth. Scalars are resolved the YAML 1.2 way (only true/false are booleans,
only plain decimal numbers are numbers), so `no`, `on`, `1:30`, `010` and dates stay strings and the schema
says where a number was meant. Mapping keys are always strings (the text the user wrote).
"""
from __future__ import annotations

import re
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic

# libyaml's C parser when PyYAML was built with it (same events and marks, many times faster)
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 32

JsonPath = tuple  # tuple of str keys and int indexes

_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_LEADING_ZERO = re.compile(r"^[-+]?0[0-9]")
_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}


class _Marks:
    """Where the members of one mapping or sequence stand, kept compactly (no YAML node stays alive).

    A mark is packed in one integer, line << 32 | column (1-based). For a mapping, `items` maps each key to
    its key's mark << 64 | its value's mark; for a sequence, `items` is an array of its items' marks. `inner`
    holds the marks of members that are themselves mappings or sequences."""

    __slots__ = ("items", "inner")

    def __init__(self, items: dict[str, int] | array) -> None:
        self.items = items
        self.inner: dict[Any, _Marks] | None = None


_LOW = (1 << 32) - 1
_VALUE = (1 << 64) - 1


def _unpack(mark: int) -> tuple[int, int]:
    return (mark >> 32) & _LOW, mark & _LOW


@dataclass
class Document:
    """One loaded YAML file: its data and where each value and key stands."""

    path: str
    data: Any
    root_mark: int | None = None  # packed mark of the top value
    marks: _Marks | None = field(default=None, repr=False)  # of the top mapping or sequence

    def where(self, json_path: JsonPath, key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the value (or key) at json_path, or of its nearest ancestor."""
        path = tuple(json_path)
        if self.root_mark is None or (key and not path):
            return (1, 1)
        found = self.root_mark  # the value of the deepest step found so far
        marks = self.marks
        last = len(path) - 1
        for depth, step in enumerate(path):
            if marks is None:
                break
            items = marks.items
            if isinstance(items, dict):
                entry = items.get(step) if isinstance(step, str) else None
                if entry is None:
                    break
                if key and depth == last:
                    return _unpack(entry >> 64)
                found = entry & _VALUE
            else:
                if not isinstance(step, int) or not 0 <= step < len(items) or (key and depth == last):
                    break  # not there (or, asked for its key, an item that has none): its sequence's place
                found = items[step]
            marks = marks.inner.get(step) if marks.inner else None
        return _unpack(found)


class YamlProblem(Exception):
    def __init__(self, diagnostic: Diagnostic):
        self.diagnostic = diagnostic
        super().__init__(diagnostic.format())


def _problem(path: str, code: str, message: str, line: int = 1, col: int = 1, hint: str | None = None):
    return YamlProblem(Diagnostic(code=code, message=message, path=path, line=line, col=col, hint=hint))


def _mark(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def load_text(text: str, path: str) -> Document:
    """Load YAML text; raise YamlProblem with file:line on anything outside the accepted subset."""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            return_col = len(line) - len(stripped) + 1
            raise _problem(path, "LK006", "tab used for indentation", number, return_col,
                           "indent with spaces; YAML does not allow tabs")
    return _build(text, path)


def load_file(file: Path, display: str | None = None) -> Document:
    display = display or str(file)
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _problem(display, "LK007", f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}",
                           hint="split it into smaller files")
        raw = file.read_bytes()
    except OSError as exc:
        raise _problem(display, "LK001", f"cannot read file: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _problem(display, "LK002", f"invalid UTF-8 byte 0x{raw[exc.start]:02x}", line, col,
                       "save the file as UTF-8") from None
    return load_text(text, display)


def _yaml_error(exc: yaml.MarkedYAMLError, path: str) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    line, col = _mark(mark) if mark else (1, 1)
    problem = exc.problem or exc.context or "invalid YAML"
    if "nesting depth" in problem:  # libyaml's own limit, met before ours when it parses ahead
        return _problem(path, "LK007", f"nested more than {MAX_DEPTH} levels deep", line, col,
                        "flatten the structure")
    return _problem(path, "LK003", f"YAML syntax error: {problem}", line, col,
                    "check indentation, colons and quotes on this line")


def _build(text: str, path: str) -> Document:
    """One pass over the event stream: check the accepted subset and build the data with compact marks.

    Iterative (an explicit stack), so deep nesting cannot exhaust Python's; no node graph is composed, so memory
    holds the data and one packed integer per value (eight bytes per sequence item)."""
    doc = Document(path=path, data=None)
    # open mappings and sequences: [container, marks, pending key or None, pending key's mark]
    stack: list[list] = []
    documents = 0
    try:
        for event in yaml.parse(text, Loader=Loader):
            kind = type(event)
            if kind is yaml.ScalarEvent or kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if event.anchor:
                    line, col = _mark(event.start_mark)
                    raise _problem(path, "LK005", f"YAML anchor '&{event.anchor}' is not allowed", line, col,
                                   "remove the anchor and write values out in full")
                tag = event.tag
                if tag is not None and not (kind is yaml.ScalarEvent and tag == "!"):
                    line, col = _mark(event.start_mark)
                    raise _problem(path, "LK008", f"explicit YAML tag '{tag}' is not allowed", line, col,
                                   "remove the tag; quote the value if it must be a string")
                start = event.start_mark
                mark = (start.line + 1) << 32 | (start.column + 1)
                top = stack[-1] if stack else None
                if top is not None and type(top[0]) is dict and top[2] is None:
                    _key(event, mark, top, path)  # a mapping's key
                    continue
                if kind is yaml.ScalarEvent:
                    value: Any = resolve_scalar(event.value, plain=event.style in (None, ""))
                    inner = None
                else:
                    if len(stack) >= MAX_DEPTH:
                        line, col = _mark(event.start_mark)
                        raise _problem(path, "LK007", f"nested more than {MAX_DEPTH} levels deep", line, col,
                                       "flatten the structure")
                    value = {} if kind is yaml.MappingStartEvent else []
                    inner = _Marks({} if kind is yaml.MappingStartEvent else array("Q"))
                if top is None:
                    doc.data, doc.root_mark, doc.marks = value, mark, inner
                else:
                    _place(top, value, mark, inner)
                if inner is not None:
                    stack.append([value, inner, None, 0])
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                stack.pop()
            elif kind is yaml.AliasEvent:
                line, col = _mark(event.start_mark)
                raise _problem(path, "LK005", f"YAML alias '*{event.anchor}' is not allowed", line, col,
                               "write the value out in full")
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    line, col = _mark(event.start_mark)
                    raise _problem(path, "LK003", "YAML syntax error: but found another document", line, col,
                                   "check indentation, colons and quotes on this line")
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(exc, path) from None
    except yaml.YAMLError as exc:
        raise _problem(path, "LK003", f"YAML error: {exc}") from None
    return doc


def _key(event: Any, mark: int, top: list, path: str) -> None:
    """A mapping key: a plain or quoted scalar, not the merge key, not given twice."""
    if type(event) is not yaml.ScalarEvent:
        line, col = _mark(event.start_mark)
        raise _problem(path, "LK003", "a mapping key must be a plain word or number", line, col)
    key = event.value
    if key == "<<" and event.style in (None, ""):
        line, col = _mark(event.start_mark)
        raise _problem(path, "LK005", "YAML merge key '<<' is not allowed", line, col, "write the keys out in full")
    if key in top[0]:
        line, col = _mark(event.start_mark)
        first = top[1].items[key] >> 96
        raise _problem(path, "LK004", f"duplicate key '{key}' (first given on line {first})", line, col,
                       "remove one of them")
    top[2], top[3] = key, mark


def _place(top: list, value: Any, mark: int, inner: _Marks | None) -> None:
    """Put a value into the open mapping (under its pending key) or sequence, with its mark."""
    container, marks = top[0], top[1]
    if type(container) is dict:
        step = top[2]
        container[step] = value
        marks.items[step] = top[3] << 64 | mark
        top[2] = None
    else:
        step = len(container)
        container.append(value)
        marks.items.append(mark)
    if inner is not None:
        if marks.inner is None:
            marks.inner = {}
        marks.inner[step] = inner


def resolve_scalar(value: str, plain: bool) -> Any:
    """YAML 1.2 core resolution for plain scalars; quoted scalars are always strings."""
    if not plain:
        return value
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _LEADING_ZERO.match(value):
        return value
    if _INT.match(value):
        return int(value.replace("_", ""))
    if _FLOAT.match(value) and any(c.isdigit() for c in value):
        number = float(value.replace("_", ""))
        return number
    if value in {".inf", "+.inf", ".Inf", "-.inf", ".nan", ".NaN"}:
        return value  # not a planner's number: keep the text, the schema rejects it
    return value
