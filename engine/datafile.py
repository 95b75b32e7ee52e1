"""Write imported values into the data YAML, keeping every other byte of the files as it was.

**Where a value goes.** A value whose field the node's record of the year already gives (its `inputs`,
`realisasi`, `triwulan`, `pagu`, ...) is written where that field is, in whichever file of the year holds it (a
field appears in one file only, LK215). A new field of a node goes into the node's home file: the year's file that
gives the node's values, else the one that names the node at all; a node the year's files never name goes into its
nearest ancestor's home file (a new sub kegiatan beside its kegiatan), in the tree's order among that file's
records. When no file of the year names the node or an ancestor (a new year, a new sasaran), the value goes into a
file of the same name as the node's (or ancestor's) home in the latest earlier year, in the year's layout
(`data/2025/sasaran-1.yaml` when 2024 had `data/2024/sasaran-1.yaml`), else into the year's single file
`data/<YEAR>.yaml`, else `data/<YEAR>/<sasaran id>.yaml` in a year folder.

**How it is written.** Not by loading and dumping the file: a round trip through a YAML library re-emits every
line, and ruamel.yaml's round trip (0.19) drops a comment line that follows a flow-style item of a block sequence
(seed data/2024/iku-2-3.yaml, the comment of P07.K1's `reported` list). Instead the file is parsed once with the
same parser lkip loads it with, which gives where every value starts and ends, and the text is edited in place:
a changed number replaces exactly the characters of the old one (its end-of-line comment stays), a new key is
inserted after its siblings with their indentation (or inside a flow mapping `{...}` before its brace), a new
record after the record of the node that precedes it in the tree. Comments, order, quoting and layout of
everything else stay byte for byte. The result is loaded again with lkip's strict loader and must hold exactly
the old data with the new values, or nothing is written (LK609).
"""

from __future__ import annotations

import copy
import json
import math
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic, LkipError
from .form import PERIOD_SERIES
from .intake import Change
from .messages import Message
from .model import Workspace
from .yamlsrc import Loader, YamlProblem, load_bytes, load_text

Number = int | float
Key = str | int
Path_ = tuple[Key, ...]

# The order of a record's fields, as the seed writes them: values first, what was printed last.
RECORD_ORDER = (
    "status",
    "inputs",
    "realisasi",
    "semester",
    "triwulan",
    "bulan",
    "pagu",
    "realisasi_anggaran",
    "national",
    "derived",
    "note",
    "reported",
)
VALUE_FIELDS = {
    "inputs",
    "realisasi",
    "status",
    "triwulan",
    "semester",
    "bulan",
    "pagu",
    "realisasi_anggaran",
    "national",
}
NOT_NODES = ("organisation", "checks")
_SUFFIXES = (".yaml", ".yml")


class EditError(Exception):
    """The text cannot be edited as asked (a number expected where the file has a mapping, ...)."""


def number_text(value: Number) -> str:
    """A number as YAML text lkip reads back exactly: 12, 2.05, 12774823745.41 (never an exponent)."""
    if isinstance(value, bool):
        raise EditError("a boolean is not a number")
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        raise EditError("not a finite number")
    if value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    text = repr(value)
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    return text


_PLAIN_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_RESERVED = {"true", "false", "null", "yes", "no", "on", "off", "y", "n"}


def key_text(key: Key) -> str:
    text = str(key)
    if _PLAIN_KEY.fullmatch(text) and text.lower() not in _RESERVED:
        return text
    return json.dumps(text, ensure_ascii=False)


# ------------------------------------------------------------------------------- where values stand


@dataclass
class _Node:
    kind: str  # "map" | "seq" | "scalar"
    flow: bool
    start: int
    col: int
    end: int = 0  # exclusive: a scalar's or flow collection's last character + 1; a block collection's content end
    close: int = 0  # a flow collection's closing bracket
    keys: list[str] = field(default_factory=list)
    key_starts: list[int] = field(default_factory=list)
    items: list[_Node] = field(default_factory=list)

    def child(self, step: Key) -> _Node | None:
        if self.kind == "map" and isinstance(step, str) and step in self.keys:
            return self.items[self.keys.index(step)]
        if self.kind == "seq" and isinstance(step, int) and 0 <= step < len(self.items):
            return self.items[step]
        return None


def _offsets(text: str) -> list[int]:
    starts = [0]
    for match in re.finditer("\n", text):
        starts.append(match.end())
    return starts


def parse_tree(text: str) -> _Node | None:
    """The document's top mapping or sequence with every value's place (None for an empty document)."""
    lines = _offsets(text)

    def index(mark: Any) -> int:
        return int(lines[mark.line] + mark.column)

    def column(mark: Any) -> int:
        return int(mark.column)

    top: _Node | None = None
    stack: list[tuple[_Node, list[str | None]]] = []  # open collections, with a pending key (maps)

    def place(node: _Node) -> None:
        nonlocal top
        if not stack:
            top = node
            return
        parent, pending = stack[-1]
        if parent.kind == "map":
            assert pending[0] is not None
            parent.keys.append(pending[0])
            pending[0] = None
        parent.items.append(node)

    for event in yaml.parse(text, Loader=Loader):
        if isinstance(event, yaml.ScalarEvent):
            start, end = index(event.start_mark), index(event.end_mark)
            if stack and stack[-1][0].kind == "map" and stack[-1][1][0] is None:
                stack[-1][0].key_starts.append(start)
                stack[-1][1][0] = event.value
                continue
            place(_Node("scalar", False, start, column(event.start_mark), end=end))
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if stack and stack[-1][0].kind == "map" and stack[-1][1][0] is None:
                raise EditError("a mapping key that is not a plain value")
            kind = "map" if isinstance(event, yaml.MappingStartEvent) else "seq"
            node = _Node(kind, bool(event.flow_style), index(event.start_mark), column(event.start_mark))
            place(node)
            stack.append((node, [None]))
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            node, _ = stack.pop()
            if node.flow:
                node.close = index(event.start_mark)
                node.end = index(event.end_mark)
            else:
                node.end = max([node.start, *(item.end for item in node.items)])
        elif isinstance(event, yaml.AliasEvent):
            raise EditError("a YAML alias")
    return top


# --------------------------------------------------------------------------------------------- editing

Order = Callable[[Path_, str], float | None]


def record_order(container: Path_, key: str) -> float | None:
    """Where a new key goes among its siblings (None: after them): a record's fields in RECORD_ORDER, periods
    by number."""
    if len(container) == 1:
        return float(RECORD_ORDER.index(key)) if key in RECORD_ORDER else None
    if len(container) == 2 and container[1] in PERIOD_SERIES and key.isdigit():
        return float(int(key))
    return None


def _line_end(text: str, at: int) -> int:
    """Where the line holding `at` ends: its line break (\r\n or \n), or the end of the text."""
    found = text.find("\n", at)
    if found < 0:
        return len(text)
    return found - 1 if found > at and text[found - 1] == "\r" else found


def _line_start(text: str, at: int) -> int:
    return text.rfind("\n", 0, at) + 1


def _nested(rest: Path_, value: Number) -> Any:
    """The new structure for the steps not in the file yet: ('stok', 'beras') -> {'stok': {'beras': v}}."""
    result: Any = value
    for step in reversed(rest):
        result = {step: result}
    return result


def _merge(target: dict, addition: dict) -> None:
    for key, value in addition.items():
        if key in target and isinstance(target[key], dict) and isinstance(value, dict):
            _merge(target[key], value)
        else:
            target[key] = value


def _as_yaml(value: Any) -> Any:
    """Pending additions (int keys are list positions) as the YAML value: lists for int keys."""
    if isinstance(value, dict):
        if value and all(isinstance(k, int) for k in value):
            return [_as_yaml(value[k]) for k in sorted(value)]
        return {k: _as_yaml(v) for k, v in value.items()}
    return value


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key_text(k)}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return number_text(value)


def _block(key: Key, value: Any, indent: int, step: int, container: Path_) -> list[str]:
    """Lines for a new key of a block mapping: nested mappings in block style, a period's entry (the value of
    `triwulan: {2: ...}`) and lists in flow style, as the seed writes them."""
    pad = " " * indent
    if isinstance(value, dict) and not (len(container) >= 1 and container[-1] in PERIOD_SERIES):
        lines = [f"{pad}{key_text(key)}:"]
        for child, inner in value.items():
            lines += _block(child, inner, indent + step, step, (*container, key))
        return lines
    return [f"{pad}{key_text(key)}: {_flow(value)}"]


@dataclass
class _Addition:
    node: _Node
    container: Path_
    new: dict = field(default_factory=dict)


def edit_text(text: str, edits: Sequence[tuple[Path_, Number]], order: Order = record_order) -> str:
    """`text` with each (path, number) set: numbers replaced in place, missing keys inserted. EditError when the
    file's shape does not allow it (a mapping where a number is to go)."""
    top = parse_tree(text)
    if top is None or top.kind != "map":
        raise EditError("the file is not a mapping at the top")
    newline = "\r\n" if "\r\n" in text else "\n"
    step = _indent_step(top)
    replacements: list[tuple[int, int, str]] = []
    additions: dict[int, _Addition] = {}
    for path, value in edits:
        node, depth = top, 0
        while depth < len(path):
            child = node.child(path[depth])
            if child is None:
                break
            node, depth = child, depth + 1
        if depth == len(path):
            if node.kind != "scalar":
                raise EditError(f"{'.'.join(map(str, path))} holds a {node.kind}, not a number")
            replacements.append(_replacement(text, node, number_text(value)))
            continue
        if node.kind == "scalar":
            raise EditError(f"{'.'.join(map(str, path[:depth]))} holds a number, not a mapping")
        key = path[depth]
        if node.kind == "seq" and not (isinstance(key, int) and key >= len(node.items)):
            raise EditError("a list takes new values at its end only")
        if node.kind == "map" and not isinstance(key, str):
            raise EditError("a mapping takes text keys")
        pending = additions.setdefault(id(node), _Addition(node, path[:depth]))
        _merge(pending.new, {key: _nested(path[depth + 1 :], value)})
    inserts: list[tuple[int, str]] = []
    for pending in additions.values():
        inserts += _insertions(text, pending, step, newline, order)
    pieces = [(start, end, new) for start, end, new in replacements] + [(at, at, new) for at, new in inserts]
    # from the end backwards, so earlier positions stay valid; at one position the insertion goes first
    pieces.sort(key=lambda p: (p[0], p[1]), reverse=True)
    result = text
    for start, end, new in pieces:
        if start == end and start > 0 and result[start - 1] == ":" and new and not new[0].isspace():
            new = " " + new  # an empty value `key:` becoming a number
        result = result[:start] + new + result[end:]
    return result


def _replacement(text: str, node: _Node, new: str) -> tuple[int, int, str]:
    """The old number's characters replaced by the new one's; an end-of-line comment after it keeps its column
    (the spaces before it grow or shrink, at least one stays)."""
    gap = re.match(r" +(?=#)", text[node.end :])
    if gap is None:
        return (node.start, node.end, new)
    spaces = max(1, len(gap.group(0)) - (len(new) - (node.end - node.start)))
    return (node.start, node.end + len(gap.group(0)), new + " " * spaces)


def _indent_step(top: _Node) -> int:
    for item in top.items:
        if item.kind == "map" and not item.flow:
            return max(1, item.col - top.col)
    return 2


def _insertions(text: str, pending: _Addition, step: int, newline: str, order: Order) -> list[tuple[int, str]]:
    node, container = pending.node, pending.container
    new = _as_yaml(pending.new) if node.kind == "map" else pending.new
    if node.kind == "seq":
        values = [_as_yaml(new[k]) for k in sorted(new)]
        if node.flow:
            at = node.items[-1].end if node.items else node.close
            return [(at, (", " if node.items else "") + ", ".join(_flow(v) for v in values))]
        pad = " " * node.col
        at = _line_end(text, max(node.end - 1, node.start))
        return [(at, "".join(f"{newline}{pad}- {_flow(v)}" for v in values))]
    if node.flow:
        at = node.items[-1].end if node.items else node.close
        body = ", ".join(f"{key_text(k)}: {_flow(v)}" for k, v in new.items())
        return [(at, (", " if node.items else "") + body)]
    # a block mapping: each new key after the last sibling that sorts before it
    existing = [order(container, k) for k in node.keys]
    groups: dict[int, list[tuple[float, int, str]]] = {}
    for position, key in enumerate(new):
        rank = order(container, key)
        anchor = len(node.keys) - 1
        if rank is not None:
            before = [i for i, r in enumerate(existing) if r is not None and r < rank]
            after = [i for i, r in enumerate(existing) if r is not None and r > rank]
            if before:
                anchor = max(before)
            elif after:
                anchor = min(after) - 1
        groups.setdefault(anchor, []).append((rank if rank is not None else math.inf, position, key))
    inserts = []
    for anchor, keys in groups.items():
        lines: list[str] = []
        for _, _, key in sorted(keys):
            lines += _block(key, new[key], node.col, step, container)
        if anchor >= 0:
            item = node.items[anchor]
            at = _line_end(text, max(item.end - 1, node.key_starts[anchor]))
            inserts.append((at, "".join(newline + line for line in lines)))
        else:
            at = _line_start(text, node.key_starts[0])
            inserts.append((at, "".join(line + newline for line in lines)))
    return inserts


def set_path(data: Any, path: Path_, value: Number) -> None:
    """Set path in plain data (what lkip's loader returns), creating mappings and lists on the way."""
    current = data
    for depth, step in enumerate(path):
        last = depth == len(path) - 1
        following: Any = value if last else ([] if isinstance(path[depth + 1], int) else {})
        if isinstance(current, list):
            assert isinstance(step, int)
            if step == len(current):
                current.append(following)
            elif last:
                current[step] = value
        else:
            if last:
                current[step] = value
            elif step not in current:
                current[step] = following
        current = current[step]


# ------------------------------------------------------------------------------------- the year's files


@dataclass
class _File:
    path: Path  # where it is (as listed)
    display: str
    raw: bytes | None  # None: a file to create
    data: dict = field(default_factory=dict)
    link: bool = False
    edits: list[tuple[Path_, Number]] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)


@dataclass(frozen=True)
class FilePlan:
    """One data file to write: where, its bytes now (None: a new file) and after, and the changes it takes."""

    path: Path
    display: str
    before: bytes | None
    after: bytes
    changes: tuple[Change, ...]


def _display(path: Path, base: Path) -> str:
    try:
        return str(Path(os.path.abspath(path)).relative_to(Path(os.path.abspath(base))))
    except ValueError:
        return str(path)


def _year_files(data_dir: Path, year: int) -> list[Path]:
    """data/<YEAR>.yaml (or .yml) and the YAML files of data/<YEAR>/, as the loader reads them."""
    found = []
    for suffix in _SUFFIXES:
        single = data_dir / f"{year}{suffix}"
        if os.path.lexists(single):
            found.append(single)
    folder = data_dir / str(year)
    if folder.is_dir():
        found += sorted(folder / name for name in os.listdir(folder) if os.path.splitext(name)[1] in _SUFFIXES)
    return found


def _refused(display: str, message: Message, hint: Message | None = None) -> LkipError:
    return LkipError([Diagnostic(code="LK609", path=display, message=message, hint=hint)])


def _load(path: Path, display: str) -> _File:
    link = os.path.islink(path)
    try:
        raw = path.read_bytes()
        doc = load_bytes(raw, display)
    except YamlProblem as problem:
        raise LkipError([problem.diagnostic]) from None
    except OSError as exc:
        why = exc.strerror or str(exc)
        raise _refused(display, Message("cannot read: {why}", "tidak dapat dibaca: {why}", why=why)) from None
    data = doc.data if isinstance(doc.data, dict) else {}
    return _File(path, display, raw, data, link)


class _Placement:
    """Which file of the year takes each change (module docstring)."""

    def __init__(self, ws: Workspace, year: int, data_dir: Path, base: Path) -> None:
        self.ws, self.year, self.data_dir, self.base = ws, year, data_dir, base
        self.files = [_load(p, _display(p, base)) for p in _year_files(data_dir, year)]
        self.new_files: dict[Path, _File] = {}

    def _owner(self, node_id: str, key: str) -> _File | None:
        for each in self.files:
            record = each.data.get(node_id)
            if isinstance(record, dict) and key in record:
                return each
        return None

    def _home(self, files: list[_File], members: Sequence[str]) -> _File | None:
        """The first member's home among the files: the file giving its values (inputs, realisasi, budget, ...);
        failing that for every member, the first file naming one at all (its `reported` entries only)."""
        for strict in (True, False):
            for member in members:
                for each in files:
                    record = each.data.get(member)
                    if strict and isinstance(record, dict) and VALUE_FIELDS & set(record):
                        return each
                    if not strict and member in each.data:
                        return each
        return None

    def _family(self, node_id: str) -> list[str]:
        """The node, its ancestors up to the sasaran, then its descendants in the tree's order."""
        chain = [node_id]
        seen = {node_id}
        parent = self.ws.nodes[node_id].parent
        while parent is not None and parent in self.ws.nodes and parent not in seen:
            chain.append(parent)
            seen.add(parent)
            parent = self.ws.nodes[parent].parent
        return chain + [d.id for d in self.ws.descendants(node_id) if d.id not in seen]

    def target(self, change: Change) -> _File:
        owner = self._owner(change.node_id, str(change.path[0]))
        if owner is not None:
            return owner
        family = self._family(change.node_id)
        home = self._home(self.files, family)
        return home if home is not None else self._new_file(family)

    def _new_file(self, family: list[str]) -> _File:
        """A file of the year for a node no file of the year names, nor any of its ancestors (module docstring)."""
        folder = self.data_dir / str(self.year)
        root = next((m for m in family if self.ws.nodes[m].parent is None), family[0])
        singles = [p for p in (self.data_dir / f"{self.year}{s}" for s in _SUFFIXES) if os.path.lexists(p)]
        earlier = sorted((y for y in self.ws.years if y < self.year), reverse=True)
        name = None
        layout_folder = None
        for other in earlier:
            files = [_load(p, _display(p, self.base)) for p in _year_files(self.data_dir, other)]
            home = self._home(files, family)
            if home is not None:
                name = home.path.name
                layout_folder = home.path.parent.name == str(other)
                break
        # the year's layout: its folder or single file as it is; for a new year, the latest earlier year's
        planned = any(p.parent == folder for p in self.new_files)
        earlier_folder = bool(earlier) and (self.data_dir / str(earlier[0])).is_dir()
        if folder.is_dir() or (not singles and (planned or earlier_folder)):
            path = folder / (name if name and layout_folder else f"{root.lower()}.yaml")
        elif singles:
            path = singles[0]
        else:
            path = self.data_dir / f"{self.year}.yaml"
        for each in self.files:
            if each.path == path:
                return each
        if path not in self.new_files:
            self.new_files[path] = _File(path, _display(path, self.base), None)
        return self.new_files[path]


def _tree_position(ws: Workspace) -> dict[str, int]:
    order: dict[str, int] = {}
    stack = list(reversed(ws.roots()))
    while stack:
        node = stack.pop()
        if node.id in order:
            continue
        order[node.id] = len(order)
        stack.extend(reversed(ws.children(node.id)))
    return order


def plan(
    ws: Workspace, year: int, data_dir: Path, changes: Sequence[Change], base: Path | None = None
) -> list[FilePlan]:
    """The files to write for the changes, each with its new bytes, checked by loading them back; LkipError
    (LK609) when a file cannot be edited faithfully (nothing is written then)."""
    base = base or Path.cwd()
    placement = _Placement(ws, year, Path(data_dir), base)
    for change in changes:
        target = placement.target(change)
        target.edits.append(((change.node_id, *change.path), change.new))
        target.changes.append(change)
    position = _tree_position(ws)

    def order(container: Path_, key: str) -> float | None:
        if not container:
            if key == "organisation":
                return -1.0
            if key == "checks":
                return math.inf
            return float(position[key]) if key in position else None
        return record_order(container, key)

    plans = []
    for each in [*placement.files, *placement.new_files.values()]:
        if not each.edits:
            continue
        if each.link:
            raise _refused(
                each.display,
                Message(
                    "a symbolic link: lkip import does not write through links",
                    "tautan simbolik: lkip import tidak menulis melalui tautan",
                ),
                Message("replace the link with the file itself", "ganti tautan itu dengan berkasnya sendiri"),
            )
        before_text = each.raw.decode("utf-8-sig") if each.raw is not None else None
        bom = each.raw is not None and each.raw.startswith(b"\xef\xbb\xbf")
        try:
            if before_text is None:
                after_text = new_file_text(each.path, year, each.edits, order)
                expected: dict = {}
            else:
                after_text = edit_text(before_text, each.edits, order)
                expected = copy.deepcopy(load_text(before_text, each.display).data)
            for path, value in each.edits:
                set_path(expected, path, value)
            written = load_text(after_text, each.display).data
        except (EditError, YamlProblem, yaml.YAMLError) as why:
            raise _refused(
                each.display,
                Message(
                    "the new values cannot be written into this file faithfully ({why}); nothing was written",
                    "nilai baru tidak dapat ditulis ke berkas ini dengan tepat ({why}); tidak ada yang ditulis",
                    why=str(why)[:200],
                ),
                Message("enter these values in the YAML by hand", "isi nilai-nilai ini langsung di YAML"),
            ) from None
        if written != expected:
            raise _refused(
                each.display,
                Message(
                    "the edited file would not hold exactly the new values; nothing was written",
                    "berkas yang disunting tidak akan berisi tepat nilai barunya; tidak ada yang ditulis",
                ),
                Message("enter these values in the YAML by hand", "isi nilai-nilai ini langsung di YAML"),
            )
        after = (b"\xef\xbb\xbf" if bom else b"") + after_text.encode("utf-8")
        if after != each.raw:
            plans.append(FilePlan(each.path, each.display, each.raw, after, tuple(each.changes)))
    return plans


def new_file_text(path: Path, year: int, edits: Sequence[tuple[Path_, Number]], order: Order) -> str:
    """A new data file holding the records of the edits, in the tree's order."""
    records: dict = {}
    for full, value in edits:
        _merge(records, {full[0]: _nested(full[1:], value)})
    lines = []
    schema = Path(os.path.abspath(path)).parent
    for _ in range(3):  # data/<YEAR>.yaml or data/<YEAR>/x.yaml: the workspace's schema/ folder, when it has one
        schema = schema.parent
        candidate = schema / "schema" / "data.schema.json"
        if candidate.is_file():
            relative = os.path.relpath(candidate, Path(os.path.abspath(path)).parent)
            lines.append(f"# yaml-language-server: $schema={Path(relative).as_posix()}")
            break
    lines.append(f"# Data {year}, written by lkip import.")
    lines.append("")
    ranked = sorted(records, key=lambda k: (order((), k) if order((), k) is not None else math.inf, k))
    for node_id in ranked:
        record = _as_yaml(records[node_id])
        fields = sorted(record, key=lambda k: (record_order((node_id,), k) or math.inf, k))
        lines.append(f"{key_text(node_id)}:")
        for key in fields:
            lines += _block(key, record[key], 2, 2, (node_id,))
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------------- the data after it


def _mirror(source: Path, target: Path) -> None:
    """The folder's YAML files (and sub-folders) under target: hard links, no bytes copied; copies across file
    systems. Links are followed (a file linked into the data folder is read through its link, as the loader does)."""
    target.mkdir()
    if not source.is_dir():
        return
    for name in sorted(os.listdir(source)):
        path = source / name
        if path.is_dir():
            _mirror(path, target / name)
        elif path.is_file() and path.suffix in _SUFFIXES:
            try:
                os.link(os.path.realpath(path), target / name)
            except OSError:
                shutil.copyfile(path, target / name)


def validate_after(
    specs_dir: Path, data_dir: Path, plans: Sequence[FilePlan], base: Path | None = None
) -> list[Diagnostic]:
    """What `lkip validate` would report about the workspace once the plans are written: the data folder is
    mirrored in a temporary folder (hard links where the file system allows, else copies), the new bytes written
    there in place of the links, the mirror validated with the real specs. Paths in the problems name the real
    data folder. OSError when the temporary folder cannot be written (the caller says so; nothing is written)."""
    from . import api  # api imports evaluation; only the import needs it here

    base = base or Path.cwd()
    data_dir = Path(data_dir)
    with tempfile.TemporaryDirectory(prefix="lkip-import-") as folder:
        copy_dir = Path(folder) / "data"
        _mirror(data_dir, copy_dir)
        for each in plans:
            relative = Path(os.path.abspath(each.path)).relative_to(Path(os.path.abspath(data_dir)))
            target = copy_dir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            if os.path.lexists(target):
                target.unlink()  # a hard link to the real file: never write through it
            target.write_bytes(each.after)
        checked = api.validate(specs_dir, copy_dir, None)
        shown = _display(data_dir, base)
        real = str(Path(os.path.realpath(copy_dir)))
        mapped = []
        for diagnostic in checked.diagnostics.sorted():
            path = diagnostic.path
            if path is not None:
                for prefix in (real, str(copy_dir)):
                    if path.startswith(prefix):
                        path = shown + path[len(prefix) :]
                        break
            mapped.append(replace(diagnostic, path=path))
        return mapped
