"""Load a workspace (specs/ and data/) into the model, collecting every problem with file:line:col."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import schema
from .cache import ParseCache
from .diagnostics import Diagnostic, Diagnostics
from .messages import Message
from .model import (
    NO_SCALE_ID,
    Band,
    CapaianMethod,
    CrossCheck,
    Cumulation,
    Derived,
    Direction,
    Into,
    Kind,
    NodeSpec,
    Organisation,
    Policy,
    Record,
    RencanaRule,
    Reported,
    Revision,
    Rollup,
    RollupMethod,
    Scale,
    Source,
    Status,
    Target,
    Term,
    Workspace,
    YearData,
)
from .yamlsrc import Document, YamlProblem, load_bytes, read_regular_file

ORGANISATION_FILE = "organisation.yaml"
SCALES_FILE = "scales.yaml"
ORGANISATION_KEY = "organisation"
CHECKS_KEY = "checks"  # a data file's declared identities (not a node)
_YEAR = re.compile(r"(19|20|21)[0-9]{2}")  # used with fullmatch: '2024\n' is not a year
_SUFFIXES = (".yaml", ".yml")


@dataclass
class Loaded:
    workspace: Workspace | None
    diagnostics: Diagnostics
    documents: dict[str, Document]


def _display(path: Path, base: Path) -> str:
    try:
        return str(path.resolve().relative_to(base.resolve()))
    except ValueError:
        return str(path)


@dataclass
class _Boundary:
    """The workspace's edge: files are read only from inside the specs and data folders (symlinks resolved).

    Every entry is classified with lstat before anything is opened: a symlink is followed only when its target
    lies inside one of the folders, a folder, FIFO, device or socket where a file is expected is reported, and
    an unreadable folder is one problem with its path."""

    roots: tuple[str, ...]
    base: Path
    problems: list[Diagnostic] = field(default_factory=list)

    def inside(self, real: str) -> bool:
        return any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in self.roots)

    def entry(self, path: Path, want: str = "file") -> Path | None:
        """The real path of `path` to read (want 'file') or list (want 'dir'); None after reporting why not
        (or, silently, when nothing is there)."""
        shown = _link_display(path, self.base)
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            return None
        except OSError as exc:
            self._unreadable(shown, exc)
            return None
        real = path
        if stat.S_ISLNK(info.st_mode):
            target = os.path.realpath(path)
            if not self.inside(target):
                self.problems.append(
                    Diagnostic(
                        code="LK010",
                        path=shown,
                        message=Message(
                            "a symbolic link that leads outside the specs and data folders; it is not followed",
                            "tautan simbolik yang mengarah ke luar folder specs dan data; tautan itu tidak diikuti",
                        ),
                        hint=Message(
                            "put the file itself into the workspace instead of a link",
                            "taruh berkasnya sendiri di dalam workspace, bukan tautan",
                        ),
                    )
                )
                return None
            try:
                info = os.stat(target)
            except OSError as exc:
                self._unreadable(shown, exc)
                return None
            real = Path(target)
        if want == "dir":
            return real if stat.S_ISDIR(info.st_mode) else None
        if stat.S_ISDIR(info.st_mode):
            self.problems.append(
                Diagnostic(
                    code="LK001",
                    path=shown,
                    message=Message("a folder, not a file", "sebuah folder, bukan berkas"),
                    hint=Message(
                        "rename the folder or move it out of the workspace",
                        "ganti nama folder itu atau pindahkan dari workspace",
                    ),
                )
            )
            return None
        if not stat.S_ISREG(info.st_mode):
            self.problems.append(
                Diagnostic(
                    code="LK001",
                    path=shown,
                    message=Message(
                        "not a regular file (a pipe, device or socket); it is not read",
                        "bukan berkas biasa (pipe, perangkat, atau soket); berkas itu tidak dibaca",
                    ),
                    hint=Message("replace it with a YAML file or remove it", "ganti dengan berkas YAML atau hapus"),
                )
            )
            return None
        return real

    def listing(self, folder: Path) -> list[str]:
        """The names in a folder, sorted; [] after reporting a folder that cannot be read."""
        try:
            return sorted(os.listdir(folder))
        except OSError as exc:
            self._unreadable(_link_display(folder, self.base), exc, folder=True)
            return []

    def _unreadable(self, shown: str, exc: OSError, folder: bool = False) -> None:
        reason = exc.strerror or type(exc).__name__
        what = (
            Message("cannot read the folder: {reason}", "folder tidak dapat dibaca: {reason}", reason=reason)
            if folder
            else Message("cannot read it: {reason}", "tidak dapat dibaca: {reason}", reason=reason)
        )
        self.problems.append(
            Diagnostic(
                code="LK001",
                path=shown,
                message=what,
                hint=Message(
                    "check that it exists and that you may read it", "periksa bahwa ia ada dan boleh Anda baca"
                ),
            )
        )


def _link_display(path: Path, base: Path) -> str:
    """Like _display, but naming a symlink itself rather than where it leads."""
    try:
        parent = Path(os.path.realpath(path.parent))
        return str((parent / path.name).relative_to(Path(os.path.realpath(base))))
    except ValueError:
        return str(path)


def _yaml_files(folder: Path, boundary: _Boundary) -> list[Path]:
    """The real paths of the folder's *.yaml and *.yml files that may be read."""
    found = []
    for name in boundary.listing(folder):
        if os.path.splitext(name)[1] in _SUFFIXES:
            real = boundary.entry(folder / name)
            if real is not None:
                found.append(real)
    return found


def load_workspace(
    specs_dir: Path | str = "specs",
    data_dir: Path | str = "data",
    base: Path | str | None = None,
    cache: ParseCache | None = None,
    shared: Path | None = None,
) -> Loaded:
    """Read and check every file; a workspace is returned only when the specs could be built."""
    specs_dir, data_dir = Path(specs_dir), Path(data_dir)
    base = Path(base) if base else Path.cwd()
    diags = Diagnostics()
    boundary = _Boundary((os.path.realpath(specs_dir), os.path.realpath(data_dir)), base)
    reader = _Reader(base, diags, cache)
    documents = reader.documents
    if not specs_dir.is_dir():
        if specs_dir.exists():
            message = Message(
                "specs folder '{folder}' is a file, not a folder",
                "folder spesifikasi '{folder}' adalah berkas, bukan folder",
                folder=str(specs_dir),
            )
        else:
            message = Message(
                "specs folder '{folder}' not found",
                "folder spesifikasi '{folder}' tidak ditemukan",
                folder=str(specs_dir),
            )
        diags.add(
            Diagnostic(
                code="LK001",
                message=message,
                path=str(specs_dir),
                hint=Message(
                    "run lkip in a workspace folder or pass --specs DIR",
                    "jalankan lkip di folder ruang kerja atau beri --specs FOLDER",
                ),
            )
        )
        return Loaded(None, diags, documents)

    organisation = _read_organisation(reader, boundary, specs_dir, shared)
    no_predikat = organisation is not None and organisation.scale == NO_SCALE_ID
    scales = _read_scales(reader, boundary, specs_dir, optional=no_predikat, shared=shared)
    nodes, invalid, complete = _read_nodes(reader, boundary, specs_dir)
    years = _read_years(reader, boundary, data_dir)
    diags.extend(boundary.problems)

    if organisation is None or not (scales or no_predikat):
        return Loaded(None, diags, documents)
    invalid = {node_id: parent for node_id, parent in invalid.items() if node_id not in nodes}
    workspace = Workspace(organisation, scales, nodes, years, str(specs_dir), str(data_dir), complete, invalid)
    return Loaded(workspace, diags, documents)


@dataclass
class _Reader:
    """Reads the workspace's files: keeps every document read (for the views' line lookups), reports problems."""

    base: Path
    diags: Diagnostics
    cache: ParseCache | None = None
    documents: dict[str, Document] = field(default_factory=dict)

    def read_parts(self, file: Path, schema_name: str) -> tuple[Document | None, schema.Checked]:
        """The document (None when it cannot be read or is not a mapping) and its schema problems, all reported."""
        display = _display(file, self.base)
        try:
            raw = read_regular_file(file, display)
            key = self.cache.key(display, raw, schema_name) if self.cache is not None else None
            cached = self.cache.get(key) if self.cache is not None and key is not None else None
            if cached is not None:
                doc, checked = cached
                self.documents[display] = doc
                self.diags.extend(checked.diagnostics)
                return doc, checked
            doc = load_bytes(raw, display)
        except YamlProblem as problem:
            self.diags.add(problem.diagnostic)
            return None, schema.Checked()
        self.documents[display] = doc
        if doc.data is None:
            self.diags.add(
                Diagnostic(
                    code="LK009",
                    message=Message("file is empty", "berkas kosong"),
                    path=display,
                    line=1,
                    col=1,
                    hint=Message("remove the file or give it content", "hapus berkas itu atau beri isi"),
                )
            )
            return None, schema.Checked()
        if not isinstance(doc.data, dict):
            self.diags.add(
                Diagnostic(
                    code="LK009",
                    message=Message(
                        "the file must be a mapping (key: value) at the top",
                        "berkas harus berupa pemetaan (kunci: nilai) di tingkat teratas",
                    ),
                    path=display,
                    line=1,
                    col=1,
                )
            )
            return None, schema.Checked()
        checked = schema.check(doc, schema_name)
        self.diags.extend(checked.diagnostics)
        if self.cache is not None and key is not None:
            self.cache.put(key, (doc, checked))
        return doc, checked

    def read(self, file: Path, schema_name: str) -> Document | None:
        """A document whose every part is valid, or None."""
        doc, checked = self.read_parts(file, schema_name)
        return None if checked.paths else doc


def _read_required(
    reader: _Reader, boundary: _Boundary, specs_dir: Path, name: str, hint: Message, optional: bool = False
) -> Document | None:
    """A file every workspace has (organisation.yaml, scales.yaml): its document, or None (reported) when it is
    missing or invalid. An optional one (scales.yaml under `scale: none`) may be missing."""
    file = specs_dir / name
    real = boundary.entry(file)
    if real is not None:
        return reader.read(real, name.removesuffix(".yaml"))
    if not optional and not os.path.lexists(file):  # a link or odd entry there was already reported by the boundary
        reader.diags.add(
            Diagnostic(
                code="LK001",
                message=Message("{file} not found", "{file} tidak ditemukan", file=name),
                path=_display(specs_dir, reader.base),
                hint=hint,
            )
        )
    return None


# What an office takes from the root's organisation.yaml (`--root`) when its own does not say it: the pemda's
# region, renstra, scale, currency and policy keys. Never its name: that is the office's own.
INHERITED = ("region", "renstra", "scale", "currency", "policy")


def _read_organisation(
    reader: _Reader, boundary: _Boundary, specs_dir: Path, shared: Path | None = None
) -> Organisation | None:
    hint = Message(
        "create {path} with at least a name",
        "buat {path} berisi paling sedikit name",
        path=str(specs_dir / ORGANISATION_FILE),
    )
    doc = _read_required(reader, boundary, specs_dir, ORGANISATION_FILE, hint)
    if doc is None:
        return None
    common = Path(shared) / ORGANISATION_FILE if shared is not None else None
    if common is None or not common.is_file():
        return _organisation(doc.data)
    defaults = reader.read(common, "organisation")
    if defaults is None:  # the root's file is broken: reported (under every office), and no office guesses
        return None
    return _organisation(inherit(defaults.data, doc.data))


def inherit(defaults: dict, own: dict) -> dict:
    """An office's organisation over the root's defaults: its own keys win; `policy` is merged key by key."""
    merged = {key: defaults[key] for key in INHERITED if key in defaults}
    merged.update(own)
    if isinstance(defaults.get("policy"), dict) and isinstance(own.get("policy"), dict):
        merged["policy"] = {**defaults["policy"], **own["policy"]}
    return merged


def _read_scales(
    reader: _Reader, boundary: _Boundary, specs_dir: Path, optional: bool = False, shared: Path | None = None
) -> dict[str, Scale]:
    """The scales of specs/scales.yaml; when the office has none, those of `shared` (the folder of many offices,
    `--root`), so that a kabupaten's offices share one scale."""
    common = Path(shared) / SCALES_FILE if shared is not None else None
    if common is not None and not os.path.lexists(specs_dir / SCALES_FILE) and common.is_file():
        doc = reader.read(common, "scales")
        return _scales(doc) if doc else {}
    hint = Message(
        "create {path} with at least one scale, or write scale: none in organisation.yaml",
        "buat {path} berisi paling sedikit satu skala, atau tulis scale: none di organisation.yaml",
        path=str(specs_dir / SCALES_FILE),
    )
    doc = _read_required(reader, boundary, specs_dir, SCALES_FILE, hint, optional)
    return _scales(doc) if doc else {}


def _read_nodes(
    reader: _Reader, boundary: _Boundary, specs_dir: Path
) -> tuple[dict[str, NodeSpec], dict[str, str | None], bool]:
    """The valid nodes of every spec file, the ids left out (with their declared parent), and whether every file's
    ids are known."""
    diags = reader.diags
    nodes: dict[str, NodeSpec] = {}
    invalid: dict[str, str | None] = {}  # nodes left out for a problem in their spec: id -> declared parent
    complete = True  # False once a spec file's ids are unknown
    specs_real = Path(os.path.realpath(specs_dir))
    for name in boundary.listing(specs_real):
        if os.path.splitext(name)[1] not in _SUFFIXES or name in (ORGANISATION_FILE, SCALES_FILE):
            continue
        file = boundary.entry(specs_real / name)
        if file is None:  # refused (reported with the boundary's problems) and never opened, so its ids are unknown
            complete = False
            continue
        doc, checked = reader.read_parts(file, "specs")
        items = doc.data.get("nodes") if doc else None
        if doc is None or not isinstance(items, list):
            declared = _declared_ids(file)  # the file's nodes are unknown: read their ids from its lines
            complete = complete and declared is not None
            invalid.update(declared or {})
            continue
        bad = checked.bad_parts("nodes")
        for index, raw in enumerate(items):
            if index in bad:  # a problem in this node leaves out this node only
                if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                    parent = raw.get("parent")
                    invalid[raw["id"]] = parent if isinstance(parent, str) else None
                continue
            node = _node(raw, doc, ("nodes", index))
            if node.id in nodes:
                first = nodes[node.id].source
                line, col = doc.where(("nodes", index, "id"))
                diags.add(
                    Diagnostic(
                        code="LK201",
                        message=Message(
                            "duplicate node id '{id}' (first declared at {first})",
                            "kode simpul '{id}' ganda (pertama dideklarasikan di {first})",
                            id=node.id,
                            first=str(first),
                        ),
                        path=doc.path,
                        line=line,
                        col=col,
                        node_id=node.id,
                        hint=Message("give each node its own id", "beri setiap simpul kodenya sendiri"),
                    )
                )
                continue
            nodes[node.id] = node
    return nodes, invalid, complete


def _read_years(reader: _Reader, boundary: _Boundary, data_dir: Path) -> dict[int, YearData]:
    """Every year's data, from data/<YEAR>.yaml and data/<YEAR>/*.yaml."""
    diags = reader.diags
    years: dict[int, YearData] = {}
    if data_dir.is_dir():
        for year, files in _year_files(Path(os.path.realpath(data_dir)), boundary):
            parts = [(d, c) for d, c in (reader.read_parts(f, "data") for f in files) if d]
            years[year] = _year(year, parts, diags)
    elif data_dir.exists():
        diags.add(
            Diagnostic(
                code="LK001",
                message=Message(
                    "data path '{path}' is not a folder", "jalur data '{path}' bukan folder", path=str(data_dir)
                ),
                path=str(data_dir),
            )
        )
    return years


def _year_files(data_dir: Path, boundary: _Boundary) -> list[tuple[int, list[Path]]]:
    """data/<YEAR>.yaml files and data/<YEAR>/*.yaml, by year; other names are not looked at."""
    found: dict[int, list[Path]] = {}
    for name in boundary.listing(data_dir):
        stem, suffix = os.path.splitext(name)
        if suffix in _SUFFIXES and _YEAR.fullmatch(stem):
            real = boundary.entry(data_dir / name)
            if real is not None:
                found.setdefault(int(stem), []).append(real)
        elif _YEAR.fullmatch(name):
            folder = boundary.entry(data_dir / name, want="dir")
            if folder is not None:
                found.setdefault(int(name), []).extend(_yaml_files(folder, boundary))
    return sorted(found.items())


_DECLARED = re.compile(r"""(?:^|[\s{,])(id|parent)\s*:\s*["']?([A-Za-z][A-Za-z0-9_.-]*)""")


def _declared_ids(file: Path) -> dict[str, str | None] | None:
    """The ids (and parents) a spec file that could not be loaded seems to declare, read from its lines; None when
    the file cannot be read at all."""
    try:
        text = read_regular_file(file, str(file)).decode("utf-8", errors="replace")
    except YamlProblem:  # unreadable, not a regular file, or too large: already reported when it was loaded
        return None
    found: dict[str, str | None] = {}
    current = None
    for line in text.splitlines():
        for match in _DECLARED.finditer(line.split("#")[0]):
            if match.group(1) == "id":
                current = match.group(2)
                found[current] = None
            elif current is not None:
                found[current] = match.group(2)
    return found


def _organisation(data: dict) -> Organisation:
    renstra = data.get("renstra") or {}
    return Organisation(
        name=data["name"],
        short_name=data.get("short_name", ""),
        region=data.get("region", ""),
        renstra_start=renstra.get("start"),
        renstra_end=renstra.get("end"),
        renstra_document=renstra.get("document"),
        scale=data.get("scale"),
        currency=data.get("currency", "Rp"),
        policy=_policy(data.get("policy") or {}),
    )


def _policy(raw: dict) -> Policy:
    """The declared policy keys (schema-checked); absent keys stay None (not declared)."""

    def number(key: str) -> float | None:
        return float(raw[key]) if raw.get(key) is not None else None

    return Policy(
        capaian_cap=number("capaian_cap"),
        cap_rollup=raw.get("cap_rollup"),
        capaian_floor=number("capaian_floor"),
        inverse_zero=number("inverse_zero"),
    )


def _scales(doc: Document) -> dict[str, Scale]:
    scales = {}
    for index, raw in enumerate(doc.data["scales"]):
        bands = tuple(
            Band(
                code=b["code"],
                label=b["label"],
                color=b["color"],
                min=b.get("min"),
                max=b.get("max"),
                min_inclusive=b.get("min_inclusive", False),
                max_inclusive=b.get("max_inclusive", True),
                label_en=b.get("label_en"),
                name=b.get("name"),
                name_en=b.get("name_en"),
            )
            for b in raw["bands"]
        )
        line, col = doc.where(("scales", index))
        scales[raw["id"]] = Scale(
            raw["id"],
            raw["name"],
            bands,
            raw.get("default", False),
            Source(doc.path, line, col),
            partial=raw.get("partial", False),
        )
    return scales


def _node(raw: dict, doc: Document, at: tuple) -> NodeSpec:
    line, col = doc.where(at)
    target_info = {
        int(year): _target(value, doc, at + ("targets", year)) for year, value in raw.get("targets", {}).items()
    }
    targets = {year: t.value for year, t in target_info.items() if t.value is not None}
    rollup = _rollup(raw["rollup"], bool(target_info)) if "rollup" in raw else None
    target_sources = {
        int(year): Source(doc.path, *doc.where(at + ("targets", year))) for year in raw.get("targets", {})
    }
    formula_source = Source(doc.path, *doc.where(at + ("formula",))) if "formula" in raw else None
    return NodeSpec(
        id=raw["id"],
        kind=Kind(raw["kind"]),
        name=raw["name"],
        unit=raw.get("unit"),
        direction=Direction(raw["direction"]) if "direction" in raw else None,
        parent=raw.get("parent"),
        indicator=raw.get("indicator", ""),
        capaian_method=CapaianMethod(raw.get("capaian_method", "standard")),
        inputs={name: (spec or {}).get("description", "") for name, spec in raw.get("inputs", {}).items()},
        formula=raw.get("formula"),
        targets=targets,
        cumulation=Cumulation(raw.get("cumulation", "last")),
        rencana=RencanaRule(raw["rencana"]) if "rencana" in raw else None,
        rollup=rollup,
        capaian_cap=raw.get("capaian_cap"),
        policy=_policy(raw.get("policy") or {}),
        note=raw.get("note", ""),
        source=Source(doc.path, line, col),
        target_sources=target_sources,
        target_info=target_info,
        formula_source=formula_source,
    )


def _target(raw: Any, doc: Document | None = None, at: tuple = ()) -> Target:
    """One year's target: a plain number, or the mapping form {value | min/max | band, source, inferred, triwulan
    (the rencana aksi's targets to date), revisions (PK perubahan)}."""
    if not isinstance(raw, dict):
        return Target(value=float(raw))

    def number(key: str) -> float | None:
        value = raw.get(key)
        return float(value) if value is not None else None

    def where(*path: Any) -> Source:
        return Source(doc.path, *doc.where(at + path)) if doc is not None else Source("?")

    revisions = tuple(
        Revision(
            value=float(entry["value"]),
            date=str(entry["date"]),
            document=str(entry.get("document", "")),
            reason=str(entry.get("reason", "")),
            triwulan={int(q): float(v) for q, v in (entry.get("triwulan") or {}).items()},
            source=where("revisions", i),
            date_source=where("revisions", i, "date"),
        )
        for i, entry in enumerate(raw.get("revisions") or [])
    )
    value = number("value")
    given = value is not None
    if value is None and revisions and raw.get("min") is None and raw.get("max") is None and "band" not in raw:
        value = revisions[-1].value  # the target in force: the latest revision
    band = raw.get("band")
    quarters = raw.get("triwulan") or {}
    return Target(
        value=value,
        min=number("min"),
        max=number("max"),
        band=str(band) if band is not None else None,
        source=str(raw.get("source", "")),
        inferred=bool(raw.get("inferred", False)),
        triwulan={int(q): float(v) for q, v in quarters.items()},
        quarter_sources={int(q): where("triwulan", q) for q in quarters},
        revisions=revisions,
        value_given=given,
    )


def _rollup(raw: dict, has_targets: bool) -> Rollup:
    """The declared roll-up, resolved: its method, the kind it rolls up and what it gives the node (`into`)."""
    of = raw.get("of", "children")
    declared_into = raw.get("into")
    into = Into(declared_into) if declared_into else Into.REALISASI if has_targets else Into.CAPAIAN
    return Rollup(
        method=RollupMethod(raw.get("method", "mean")),
        of=None if of == "children" else Kind(of),
        weights={str(k): float(v) for k, v in raw.get("weights", {}).items()},
        formula=raw.get("formula"),
        into=into,
        into_declared=declared_into is not None,
    )


_ABOUT_PRINTED = ("source", "decimals", "unit", "factor", "period")  # about a reported entry, not figures it printed
_SINGLE_FIELDS = (
    "inputs",
    "realisasi",
    "status",
    "triwulan",
    "semester",
    "bulan",
    "pagu",
    "realisasi_anggaran",
    "national",
    "note",
    "derived",
)


def _year(year: int, docs: list[tuple[Document, schema.Checked]], diags: Diagnostics) -> YearData:
    merged: dict[str, dict[str, Any]] = {}
    organisation: list[Reported] = []
    checks: list[CrossCheck] = []
    for doc, checked in docs:
        bad = checked.bad_parts()
        for node_id, raw in doc.data.items():
            if node_id in bad:
                continue  # a problem in a record leaves out that record only
            line, col = doc.where((node_id,), key=True)
            if node_id == CHECKS_KEY:
                checks.extend(_checks(doc, raw))
                continue
            reported = tuple(
                Reported(
                    entry["source"],
                    {k: v for k, v in entry.items() if k not in _ABOUT_PRINTED},
                    Source(doc.path, *doc.where((node_id, "reported", i))),
                    _decimals(doc, (node_id, "reported", i), entry),
                    unit=entry.get("unit"),
                    factor=float(entry.get("factor", 1.0)),
                    period=entry.get("period"),
                )
                for i, entry in enumerate(raw.get("reported", []))
            )
            if node_id == ORGANISATION_KEY:
                organisation.extend(reported)
                extra = [k for k in raw if k != "reported"]
                if extra:
                    diags.add(
                        Diagnostic(
                            code="LK101",
                            message=Message(
                                "'{org}' takes only 'reported', not '{key}'",
                                "'{org}' hanya berisi 'reported', bukan '{key}'",
                                org=ORGANISATION_KEY,
                                key=extra[0],
                            ),
                            path=doc.path,
                            line=line,
                            col=col,
                        )
                    )
                continue
            entry = merged.setdefault(
                node_id, {"reported": [], "origins": {}, "source": Source(doc.path, line, col), "input_sources": {}}
            )
            entry["reported"].extend(reported)
            for key in _SINGLE_FIELDS:
                if key not in raw:
                    continue
                if key in entry["origins"]:
                    kline, kcol = doc.where((node_id, key), key=True)
                    diags.add(
                        Diagnostic(
                            code="LK215",
                            message=Message(
                                "'{key}' of {id} for {year} already given at {first}",
                                "'{key}' milik {id} untuk {year} sudah diisi di {first}",
                                key=key,
                                id=node_id,
                                year=year,
                                first=str(entry["origins"][key]),
                            ),
                            path=doc.path,
                            line=kline,
                            col=kcol,
                            node_id=node_id,
                            hint=Message("give each field once per year", "isi setiap kolom sekali per tahun"),
                        )
                    )
                    continue
                entry["origins"][key] = Source(doc.path, *doc.where((node_id, key), key=True))
                if key == "derived":
                    entry["derived_at"] = {
                        name: Source(doc.path, *doc.where((node_id, key, name), key=True)) for name in raw[key]
                    }
                entry[key] = raw[key]
                if key == "inputs":
                    entry["input_sources"] = {
                        name: Source(doc.path, *doc.where((node_id, "inputs", name))) for name in raw["inputs"]
                    }
    records = {}
    for node_id, entry in merged.items():
        records[node_id] = Record(
            id=node_id,
            inputs=entry.get("inputs", {}),
            realisasi=entry.get("realisasi"),
            status=Status(entry["status"]) if entry.get("status") else None,
            triwulan={int(q): v for q, v in entry.get("triwulan", {}).items()},
            semester={int(q): v for q, v in entry.get("semester", {}).items()},
            bulan={int(q): v for q, v in entry.get("bulan", {}).items()},
            pagu=entry.get("pagu"),
            realisasi_anggaran=entry.get("realisasi_anggaran"),
            national=entry.get("national"),
            reported=tuple(entry["reported"]),
            note=entry.get("note", ""),
            source=entry["source"],
            input_sources=entry["input_sources"],
            derived={
                name: Derived(
                    name,
                    d["rule"],
                    d["from"],
                    d.get("missing_in", ""),
                    entry.get("derived_at", {}).get(name, entry["source"]),
                )
                for name, d in entry.get("derived", {}).items()
            },
        )
    return YearData(year, records, tuple(organisation), tuple(checks))


def _decimals(doc: Document, place: tuple, entry: dict) -> dict[str, int]:
    """The decimals each printed number of a reported entry was printed with: as written, or its `decimals:`."""
    given = entry.get("decimals")
    found = {}
    for name, value in entry.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        if isinstance(given, int):
            found[name] = given
        elif isinstance(given, dict) and name in given:
            found[name] = int(given[name])
        else:
            found[name] = doc.decimals((*place, name), value)
    return found


def _term(doc: Document, raw: dict, place: tuple) -> Term:
    origin = Source(doc.path, *doc.where(place))
    factor = float(raw.get("factor", 1))
    if "sum" in raw:
        parts = tuple(_term(doc, part, (*place, "sum", i)) for i, part in enumerate(raw["sum"]))
        return Term(parts=parts, factor=factor, source=raw.get("source", ""), origin=origin)
    if "printed" in raw:
        return Term(
            printed=float(raw["printed"]),
            decimals=int(raw["decimals"]) if "decimals" in raw else doc.decimals((*place, "printed"), raw["printed"]),
            source=raw.get("source", ""),
            factor=factor,
            origin=origin,
        )
    return Term(
        node=raw.get("node"),
        field=raw.get("field"),
        input=raw.get("input"),
        source=raw.get("source", ""),
        factor=factor,
        origin=origin,
    )


def _checks(doc: Document, raw: list) -> list[CrossCheck]:
    """The declared identities of a data file's `checks:` (the schema has checked their shape)."""
    return [
        CrossCheck(
            item["about"],
            tuple(_term(doc, term, (CHECKS_KEY, i, "equal", j)) for j, term in enumerate(item["equal"])),
            Source(doc.path, *doc.where((CHECKS_KEY, i))),
        )
        for i, item in enumerate(raw)
    ]
