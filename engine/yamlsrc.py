"""Safe YAML loading that keeps line marks.

The loader accepts a strict subset of YAML: no anchors or aliases, no explicit tags, no duplicate keys, no
tab indentation, bounded size and depth. Scalars are resolved the YAML 1.2 way (only true/false are booleans,
only plain decimal numbers are numbers), so `no`, `on`, `1:30`, `010` and dates stay strings and the schema
says where a number was meant. Mapping keys are always strings (the text the user wrote).

A plain decimal must lie in lkip's range (0, or 10^-18 to 10^18 in size, see limits.py): `1e999` (infinity to
YAML), `1e-999` (0 to YAML) and integers too long to convert are errors at their line. Underscores (`1_0`, which
YAML 1.1 reads as 10), hexadecimal, octal, sexagesimal and `.inf`/`.nan` stay text: where a number is expected,
the schema's error carries `number_hints.number_hint`, which says what to write instead.
Files are opened without following a final symlink, without blocking on a FIFO, and read only when they are
regular files.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeAlias, cast

import yaml

from .diagnostics import Diagnostic
from .limits import in_range
from .messages import Message

# libyaml's C parser when PyYAML was built with it (same events and marks, many times faster)
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 32

JsonPath = tuple  # tuple of str keys and int indexes

# YAML 1.2 core schema numbers (used with fullmatch: no underscores, no other bases)
_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
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
    # decimals written beyond the number's shortest form ('100.00' -> 2), by (line, column); only those, so a
    # file of many numbers costs nothing here
    written: dict[tuple[int, int], int] = field(default_factory=dict, repr=False)

    def decimals(self, json_path: JsonPath, value: Any) -> int:
        """How many decimals the number at json_path was written with ('48.71' -> 2, '100.00' -> 2, '7' -> 0)."""
        return self.written.get(self.where(json_path), shortest_decimals(value))

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


# PyYAML's marks: the pure-Python parser's or the C parser's (types-PyYAML names both)
_YamlMark: TypeAlias = "yaml.error.Mark | yaml._yaml.Mark"


class YamlProblem(Exception):
    def __init__(self, diagnostic: Diagnostic):
        self.diagnostic = diagnostic
        super().__init__(diagnostic.format())


_NESTED = Message("nested more than {n} levels deep", "bersarang lebih dari {n} tingkat", n=MAX_DEPTH)
_FLATTEN = Message("flatten the structure", "sederhanakan strukturnya")
_CHECK_LINE = Message(
    "check indentation, colons and quotes on this line", "periksa indentasi, titik dua dan tanda kutip di baris ini"
)


def _problem(
    path: str, code: str, message: str | Message, line: int = 1, col: int = 1, hint: str | Message | None = None
) -> YamlProblem:
    return YamlProblem(Diagnostic(code=code, message=message, path=path, line=line, col=col, hint=hint))


def _mark(mark: _YamlMark | None) -> tuple[int, int]:
    assert mark is not None  # the parser gives every event its marks; the stubs allow None
    return (mark.line + 1, mark.column + 1)


def load_text(text: str, path: str) -> Document:
    """Load YAML text; raise YamlProblem with file:line on anything outside the accepted subset."""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            return_col = len(line) - len(stripped) + 1
            raise _problem(
                path,
                "LK006",
                Message("tab used for indentation", "tab dipakai untuk indentasi"),
                number,
                return_col,
                Message(
                    "indent with spaces; YAML does not allow tabs", "indentasi dengan spasi; YAML tidak membolehkan tab"
                ),
            )
    return _build(text, path)


def load_file(file: Path, display: str | None = None) -> Document:
    display = display or str(file)
    return load_bytes(read_regular_file(file, display), display)


def load_bytes(raw: bytes, display: str) -> Document:
    """Load a file's bytes (UTF-8, with or without a byte order mark)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _problem(
            display,
            "LK002",
            Message("invalid UTF-8 byte {byte}", "bita UTF-8 tidak sah {byte}", byte=f"0x{raw[exc.start]:02x}"),
            line,
            col,
            Message("save the file as UTF-8", "simpan berkas ini sebagai UTF-8"),
        ) from None
    return load_text(text, display)


_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
)


def read_regular_file(file: Path, display: str) -> bytes:
    """The bytes of a regular file of at most MAX_FILE_BYTES; YamlProblem (LK001, LK007) for anything else.

    A final symlink is not followed and a FIFO never blocks (O_NOFOLLOW, O_NONBLOCK); what was opened is checked
    with fstat, so a file swapped for a FIFO or a folder after the workspace was listed is refused too."""
    try:
        fd = os.open(file, _OPEN_FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise YamlProblem(
                Diagnostic(
                    code="LK010",
                    message=Message("a symbolic link; it is not followed", "tautan simbolik; tautan itu tidak diikuti"),
                    path=display,
                )
            ) from None
        raise _unreadable(display, exc) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise YamlProblem(
                Diagnostic(
                    code="LK001",
                    message=Message("a folder, not a file", "sebuah folder, bukan berkas"),
                    path=display,
                    hint=Message(
                        "rename the folder or move it out of the workspace",
                        "ganti nama folder itu atau pindahkan dari workspace",
                    ),
                )
            )
        if not stat.S_ISREG(info.st_mode):
            raise YamlProblem(
                Diagnostic(
                    code="LK001",
                    message=Message(
                        "not a regular file (a pipe, device or socket); it is not read",
                        "bukan berkas biasa (pipe, perangkat, atau soket); berkas itu tidak dibaca",
                    ),
                    path=display,
                    hint=Message("replace it with a YAML file or remove it", "ganti dengan berkas YAML atau hapus"),
                )
            )
        if info.st_size > MAX_FILE_BYTES:
            raise _too_large(display, info.st_size)
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            size += len(chunk)
            if size > MAX_FILE_BYTES:  # it grew after fstat
                raise _too_large(display, size)
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise _unreadable(display, exc) from None
    finally:
        os.close(fd)


def _unreadable(display: str, exc: OSError) -> YamlProblem:
    reason = exc.strerror or type(exc).__name__
    return YamlProblem(
        Diagnostic(
            code="LK001",
            message=Message("cannot read the file: {reason}", "berkas tidak dapat dibaca: {reason}", reason=reason),
            path=display,
            hint=Message(
                "check that the file exists and that you may read it",
                "periksa bahwa berkas itu ada dan boleh Anda baca",
            ),
        )
    )


def _too_large(display: str, size: int) -> YamlProblem:
    return _problem(
        display,
        "LK007",
        Message(
            "the file is {size} bytes; the limit is {limit}",
            "berkas ini {size} bita; batasnya {limit}",
            size=float(size),
            limit=float(MAX_FILE_BYTES),
        ),
        hint=Message("split it into smaller files", "pecah menjadi beberapa berkas yang lebih kecil"),
    )


def _yaml_error(exc: yaml.MarkedYAMLError, path: str) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    line, col = _mark(mark) if mark else (1, 1)
    problem = exc.problem or exc.context or "invalid YAML"
    if "nesting depth" in problem:  # libyaml's own limit, met before ours when it parses ahead
        return _problem(path, "LK007", _NESTED, line, col, _FLATTEN)
    return _problem(
        path,
        "LK003",
        Message("YAML syntax error: {problem}", "kesalahan sintaks YAML: {problem}", problem=problem),
        line,
        col,
        _CHECK_LINE,
    )


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
                # `type() is` keeps this loop fast; mypy does not narrow on it, hence the casts
                node = cast("yaml.ScalarEvent | yaml.CollectionStartEvent", event)
                if node.anchor:
                    line, col = _mark(event.start_mark)
                    raise _problem(
                        path,
                        "LK005",
                        Message(
                            "YAML anchor '&{name}' is not allowed",
                            "anchor YAML '&{name}' tidak boleh dipakai",
                            name=node.anchor,
                        ),
                        line,
                        col,
                        Message(
                            "remove the anchor and write values out in full",
                            "hapus anchor itu dan tulis nilainya lengkap",
                        ),
                    )
                tag = node.tag
                if tag is not None and not (kind is yaml.ScalarEvent and tag == "!"):
                    line, col = _mark(event.start_mark)
                    raise _problem(
                        path,
                        "LK008",
                        Message(
                            "explicit YAML tag '{tag}' is not allowed",
                            "tag YAML eksplisit '{tag}' tidak boleh dipakai",
                            tag=tag,
                        ),
                        line,
                        col,
                        Message(
                            "remove the tag; quote the value if it must be a string",
                            "hapus tag itu; beri tanda kutip bila nilainya harus teks",
                        ),
                    )
                start = event.start_mark
                assert start is not None  # as in _mark
                mark = (start.line + 1) << 32 | (start.column + 1)
                top = stack[-1] if stack else None
                if top is not None and type(top[0]) is dict and top[2] is None:
                    _key(event, mark, top, path)  # a mapping's key
                    continue
                if kind is yaml.ScalarEvent:
                    scalar = cast(yaml.ScalarEvent, event)
                    value: Any = resolve_scalar(scalar.value, plain=scalar.style in (None, ""), path=path, mark=start)
                    inner = None
                    if type(value) is float and scalar.value.endswith("0") and "." in scalar.value:
                        written = written_decimals(scalar.value)
                        if written is not None and written != shortest_decimals(value):
                            doc.written[_mark(start)] = written
                else:
                    if len(stack) >= MAX_DEPTH:
                        line, col = _mark(event.start_mark)
                        raise _problem(
                            path,
                            "LK007",
                            _NESTED,
                            line,
                            col,
                            _FLATTEN,
                        )
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
                raise _problem(
                    path,
                    "LK005",
                    Message(
                        "YAML alias '*{name}' is not allowed",
                        "alias YAML '*{name}' tidak boleh dipakai",
                        name=cast(yaml.AliasEvent, event).anchor,
                    ),
                    line,
                    col,
                    Message("write the value out in full", "tulis nilainya lengkap"),
                )
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    line, col = _mark(event.start_mark)
                    raise _problem(
                        path,
                        "LK003",
                        Message(
                            "YAML syntax error: a second document in the file",
                            "kesalahan sintaks YAML: ada dokumen kedua dalam berkas",
                        ),
                        line,
                        col,
                        _CHECK_LINE,
                    )
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(exc, path) from None
    except yaml.YAMLError as exc:
        raise _problem(path, "LK003", Message("YAML error: {why}", "kesalahan YAML: {why}", why=str(exc))) from None
    return doc


def _key(event: Any, mark: int, top: list, path: str) -> None:
    """A mapping key: a plain or quoted scalar, not the merge key, not given twice."""
    if type(event) is not yaml.ScalarEvent:
        line, col = _mark(event.start_mark)
        raise _problem(
            path,
            "LK003",
            Message("a mapping key must be a plain word or number", "kunci pemetaan harus kata atau bilangan biasa"),
            line,
            col,
        )
    key = event.value
    if key == "<<" and event.style in (None, ""):
        line, col = _mark(event.start_mark)
        raise _problem(
            path,
            "LK005",
            Message("YAML merge key '<<' is not allowed", "kunci gabung YAML '<<' tidak boleh dipakai"),
            line,
            col,
            Message("write the keys out in full", "tulis kunci-kuncinya lengkap"),
        )
    if key in top[0]:
        line, col = _mark(event.start_mark)
        first = top[1].items[key] >> 96
        raise _problem(
            path,
            "LK004",
            Message(
                "duplicate key '{key}' (first given on line {first})",
                "kunci ganda '{key}' (pertama kali di baris {first})",
                key=key,
                first=first,
            ),
            line,
            col,
            Message("remove one of them", "hapus salah satunya"),
        )
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


def written_decimals(text: str) -> int | None:
    """Decimals of a plain decimal as written ('100.00' -> 2); None with an exponent."""
    if "e" in text.lower():
        return None
    return len(text.split(".", 1)[1]) if "." in text else 0


def shortest_decimals(value: Any) -> int:
    """Decimals of a number's shortest form: 48.71 -> 2, 100.0 -> 0 (as a float's text loses trailing zeros)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return 0
    if isinstance(value, int):
        return 0
    text = repr(value)
    if "e" in text or "E" in text:
        mantissa, _, exponent = text.lower().partition("e")
        digits = len(mantissa.split(".", 1)[1]) if "." in mantissa else 0
        return max(0, digits - int(exponent))
    decimals = text.split(".", 1)[1]
    return 0 if decimals == "0" else len(decimals)


def resolve_scalar(value: str, plain: bool, path: str | None = None, mark: _YamlMark | None = None) -> Any:
    """YAML 1.2 core resolution for plain scalars; quoted scalars are always strings.

    A plain decimal outside lkip's range raises YamlProblem (at `mark` in `path` when given)."""
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
    if _INT.fullmatch(value):
        number: int | float | None = int(value) if len(value) <= 20 else None  # never int() a huge string
    elif _FLOAT.fullmatch(value) and any(c.isdigit() for c in value):
        number = float(value)
        if number == 0 and any(c in "123456789" for c in re.split("[eE]", value)[0]):
            number = -1.0 if value.startswith("-") else 1.0  # underflow: marked with a size below the range
            number *= 1e-300
    else:
        return value  # 1_0, 0x1F, 1:30, .inf, 12,5 ...: text; the schema says where a number was meant
    if number is None or not in_range(number):
        line, col = _mark(mark) if mark is not None else (1, 1)
        raise YamlProblem(
            Diagnostic(
                code="LK011",
                message=_out_of_range(value, number),
                path=path or "?",
                line=line,
                col=col,
                hint=Message(
                    "write a plain decimal number in that range, e.g. 105.48",
                    "tulis bilangan desimal biasa dalam rentang itu, mis. 105.48",
                ),
            )
        )
    return number


def _out_of_range(text: str, number: int | float | None) -> Message:
    shown = text if len(text) <= 24 else f"{text[:12]}…{text[-6:]} ({len(text)} characters)"
    if number is None or (isinstance(number, float) and abs(number) == float("inf")) or abs(number) > 1:
        return Message(
            "the number {text} is too large: lkip accepts numbers up to 10^18 in size (0 or between 10^-18 and 10^18)",
            "bilangan {text} terlalu besar: lkip menerima bilangan sampai sebesar 10^18 (0 atau antara "
            "10^-18 dan 10^18)",
            text=shown,
        )
    return Message(
        "the number {text} is too small: a number other than 0 must be at least 10^-18 in size (YAML "
        "would read it as 0 or nearly 0)",
        "bilangan {text} terlalu kecil: bilangan selain 0 harus paling sedikit sebesar 10^-18 (YAML "
        "membacanya sebagai 0 atau hampir 0)",
        text=shown,
    )
