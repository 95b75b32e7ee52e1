"""Safe YAML loading that keeps line marks.

The loader accepts a strict subset of YAML: no anchors or aliases, no explicit tags, no duplicate keys, no
tab indentation, bounded size and depth. Scalars are resolved the YAML 1.2 way (only true/false are booleans,
only plain decimal numbers are numbers), so `no`, `on`, `1:30`, `010` and dates stay strings and the schema
says where a number was meant. Mapping keys are always strings (the text the user wrote).
"""
from __future__ import annotations

import re
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


@dataclass
class Document:
    """One loaded YAML file: its data and where each value and key stands."""

    path: str
    data: Any
    values: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)

    def where(self, json_path: JsonPath, key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the value (or key) at json_path, or of its nearest ancestor."""
        table = self.keys if key else self.values
        path = tuple(json_path)
        if path in table:
            return table[path]
        while path:
            path = path[:-1]
            if path in self.values:
                return self.values[path]
        return (1, 1)


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
    _check_events(text, path)
    try:
        node = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:  # pragma: no cover - _check_events parses first
        raise _yaml_error(exc, path) from None
    doc = Document(path=path, data=None)
    if node is None:
        return doc
    doc.data = _construct(node, (), doc)
    return doc


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


def _check_events(text: str, path: str) -> None:
    """One pass over the event stream (iterative, so deep nesting cannot exhaust the stack)."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=Loader):
            if isinstance(event, yaml.AliasEvent):
                line, col = _mark(event.start_mark)
                raise _problem(path, "LK005", f"YAML alias '*{event.anchor}' is not allowed", line, col,
                               "write the value out in full")
            anchor = getattr(event, "anchor", None)
            if anchor:
                line, col = _mark(event.start_mark)
                raise _problem(path, "LK005", f"YAML anchor '&{anchor}' is not allowed", line, col,
                               "remove the anchor and write values out in full")
            tag = getattr(event, "tag", None)
            if tag is not None and not (isinstance(event, yaml.ScalarEvent) and tag == "!"):
                line, col = _mark(event.start_mark)
                raise _problem(path, "LK008", f"explicit YAML tag '{tag}' is not allowed", line, col,
                               "remove the tag; quote the value if it must be a string")
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    line, col = _mark(event.start_mark)
                    raise _problem(path, "LK007", f"nested more than {MAX_DEPTH} levels deep", line, col,
                                   "flatten the structure")
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(exc, path) from None
    except yaml.YAMLError as exc:
        raise _problem(path, "LK003", f"YAML error: {exc}") from None


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


def _construct(node: yaml.Node, path: JsonPath, doc: Document) -> Any:
    doc.values[path] = _mark(node.start_mark)
    if isinstance(node, yaml.ScalarNode):
        return resolve_scalar(node.value, plain=node.style in (None, ""))
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, path + (i,), doc) for i, item in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                line, col = _mark(key_node.start_mark)
                raise _problem(doc.path, "LK003", "a mapping key must be a plain word or number", line, col)
            key = key_node.value
            if key == "<<" and key_node.style in (None, ""):
                line, col = _mark(key_node.start_mark)
                raise _problem(doc.path, "LK005", "YAML merge key '<<' is not allowed", line, col,
                               "write the keys out in full")
            if key in result:
                line, col = _mark(key_node.start_mark)
                first = doc.keys[path + (key,)][0]
                raise _problem(doc.path, "LK004", f"duplicate key '{key}' (first given on line {first})",
                               line, col, "remove one of them")
            doc.keys[path + (key,)] = _mark(key_node.start_mark)
            result[key] = _construct(value_node, path + (key,), doc)
        return result
    raise _problem(doc.path, "LK003", "unsupported YAML node")  # pragma: no cover
