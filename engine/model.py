"""The declared model: organisation, scales, nodes, and a year's data. Frozen, built by workspace.py."""

from __future__ import annotations

import datetime
import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any


class Kind(str, enum.Enum):
    SASARAN = "sasaran"
    IKU = "iku"
    PROGRAM = "program"
    KEGIATAN = "kegiatan"
    SUB_KEGIATAN = "sub_kegiatan"

    @property
    def level(self) -> int:
        return list(Kind).index(self)


class Direction(str, enum.Enum):
    HIGHER = "higher"
    LOWER = "lower"


class CapaianMethod(str, enum.Enum):
    STANDARD = "standard"
    INVERSE = "inverse"


class Cumulation(str, enum.Enum):
    """How quarterly values make the year's: counts add up, end-of-period values take the last, or the mean."""

    SUM = "sum"
    LAST = "last"
    MEAN = "mean"


class RencanaRule(str, enum.Enum):
    """How a node's target to date within the year (rencana aksi) follows from its annual target, where no
    quarter's target is declared: `proportional` (annual × months / 12, for counts that add up), `annual` (the annual
    target throughout the year, for levels and percentages) or `none` (no target before the year's end)."""

    PROPORTIONAL = "proportional"
    ANNUAL = "annual"
    NONE = "none"


class TargetBasis(str, enum.Enum):
    """Where the target a node is measured against comes from: the year's own target, a quarter's target the
    rencana aksi declares, or one derived from the annual target by a rule (never printed as such)."""

    YEAR = "year"
    DECLARED = "declared"
    ANNUAL = "annual"
    PROPORTIONAL = "proportional"

    @property
    def derived(self) -> bool:
        return self in (TargetBasis.ANNUAL, TargetBasis.PROPORTIONAL)


class RollupMethod(str, enum.Enum):
    MEAN = "mean"
    WEIGHTED = "weighted"
    MIN = "min"
    MAX = "max"
    SUM = "sum"
    FORMULA = "formula"

    @property
    def of_realisasi(self) -> bool:
        """`sum` adds its members' realisasi; every other method combines their capaian."""
        return self is RollupMethod.SUM


class Into(str, enum.Enum):
    """What a roll-up gives its node: the realisasi (then judged against the node's target) or the capaian."""

    REALISASI = "realisasi"
    CAPAIAN = "capaian"


class RealisasiFrom(str, enum.Enum):
    FORMULA = "formula"
    GIVEN = "given"
    TRIWULAN = "triwulan"
    SEMESTER = "semester"
    BULAN = "bulan"
    ROLLUP = "rollup"


class BudgetFrom(str, enum.Enum):
    DATA = "data"
    CHILDREN = "children"


class Status(str, enum.Enum):
    OK = "ok"
    NO_DATA = "no_data"
    NO_TARGET = "no_target"
    ZERO_TARGET = "zero_target"
    NOT_IMPLEMENTED = "not_implemented"
    NOT_COMPUTABLE = "not_computable"  # a rule that cannot give a number here (inverse rule with realisasi 0)
    ERROR = "error"


@dataclass(frozen=True)
class Source:
    """Where something was declared: file and line."""

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Band:
    code: str
    label: str
    color: str
    min: float | None = None
    max: float | None = None
    min_inclusive: bool = False
    max_inclusive: bool = True
    label_en: str | None = None
    name: str | None = None  # the band's short name ("Memuaskan"); the label is its full interpretation
    name_en: str | None = None

    def title(self, lang: str = "id") -> str:
        """The short name shown beside the code: declared `name`, else the whole label (never cut from it)."""
        if lang == "en":
            return self.name_en or self.label_en or self.name or self.label
        return self.name or self.label

    def interpretation(self, lang: str = "id") -> str:
        return (self.label_en or self.label) if lang == "en" else self.label

    def shown(self, lang: str = "id") -> str:
        """'A Memuaskan': the code and the short name, as every view shows a predikat ('Baik', not 'Baik Baik',
        when the name is the code)."""
        return shown_predikat(self.code, self.title(lang))

    def contains(self, value: float) -> bool:
        if self.min is not None and (value < self.min or (value == self.min and not self.min_inclusive)):
            return False
        return not (self.max is not None and (value > self.max or (value == self.max and not self.max_inclusive)))

    def describe(self) -> str:
        low = "" if self.min is None else (f"≥ {self.min:g}" if self.min_inclusive else f"> {self.min:g}")
        high = "" if self.max is None else (f"≤ {self.max:g}" if self.max_inclusive else f"< {self.max:g}")
        return ", ".join(part for part in (low, high) if part) or "any"


def shown_predikat(code: str, title: str) -> str:
    """A predikat as shown: code and short name, or the code alone when the name only repeats it."""
    return code if title.strip().casefold() == code.strip().casefold() else f"{code} {title}"


@dataclass(frozen=True)
class Scale:
    id: str
    name: str
    bands: tuple[Band, ...]
    default: bool = False
    source: Source | None = None
    partial: bool = False  # bands need not cover every capaian: one in no band has no predikat (out of the scale)

    def band_for(self, capaian: float) -> Band | None:
        for band in self.bands:
            if band.contains(capaian):
                return band
        return None


@dataclass(frozen=True)
class Rollup:
    """A node's value from its descendants, resolved once when the specs load.

    `of` is None for the node's children, else a kind below it; `into` is decided here, once: a declared
    `into`, else the realisasi when the node has targets (it is then judged against them), else the capaian.
    A node with children and no data of its own gets the implicit rule (mean of the children's capaian)."""

    method: RollupMethod = RollupMethod.MEAN
    of: Kind | None = None
    weights: Mapping[str, float] = field(default_factory=dict)
    formula: str | None = None
    into: Into = Into.CAPAIAN
    into_declared: bool = False
    declared: bool = True

    @property
    def of_name(self) -> str:
        return self.of.value if self.of is not None else "children"


IMPLICIT_ROLLUP = Rollup(declared=False)

NO_SCALE_ID = "none"  # organisation.yaml `scale: none`: the workspace gives no predikat at all
NO_SCALE = Scale(NO_SCALE_ID, "", ())


@dataclass(frozen=True)
class Policy:
    """Capaian policies (organisation.yaml `policy:`, overridable per node under the node's `policy:`).

    `capaian_cap`: capaian above it counts as the cap (shown capped; in roll-ups too when `cap_rollup`, the
    default). `capaian_floor`: capaian below it counts as the floor in roll-ups (the node still shows its own).
    `inverse_zero`: the capaian when realisasi is 0 under the inverse rule (target / realisasi). None = not
    declared."""

    capaian_cap: float | None = None
    cap_rollup: bool | None = None
    capaian_floor: float | None = None
    inverse_zero: float | None = None

    def over(self, base: Policy) -> Policy:
        """This policy's declared keys over `base` (a node's over its organisation's)."""
        return Policy(
            capaian_cap=self.capaian_cap if self.capaian_cap is not None else base.capaian_cap,
            cap_rollup=self.cap_rollup if self.cap_rollup is not None else base.cap_rollup,
            capaian_floor=self.capaian_floor if self.capaian_floor is not None else base.capaian_floor,
            inverse_zero=self.inverse_zero if self.inverse_zero is not None else base.inverse_zero,
        )

    @property
    def caps_rollup(self) -> bool:
        return self.capaian_cap is not None and self.cap_rollup is not False


NO_POLICY = Policy()


@dataclass(frozen=True)
class Revision:
    """One version of a year's target (PK perubahan): the value in force from `date` (ISO text as written,
    YYYY-MM-DD), the document that set it, why, and optionally its own quarterly targets (rencana aksi)."""

    value: float
    date: str
    document: str = ""
    reason: str = ""
    triwulan: Mapping[int, float] = field(default_factory=dict)
    source: Source = Source("?")  # the revision's entry
    date_source: Source = Source("?")  # its date

    @property
    def day(self) -> datetime.date | None:
        """The date, or None when it is not a valid ISO date (validation reports it, LK236)."""
        return iso_date(self.date)


def iso_date(text: Any) -> datetime.date | None:
    """'2024-07-15' → the date; None for anything else (another layout, a day that does not exist)."""
    if not isinstance(text, str) or not _ISO_DATE.fullmatch(text):
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class Target:
    """A year's target as declared: a plain `value`, a range or limit (`min`, `max`) or a band of the scale
    (`band`); where it was printed (`source`, e.g. "L423 Tabel 1") and whether the workspace author inferred it
    (`inferred`: not printed in the report). Validation makes sure exactly one of the three forms is given.

    `triwulan`: the rencana aksi's targets to date by quarter (TW N = January to the end of quarter N);
    `revisions`: the target's history (PK and PK perubahan), in date order, the last one in force by default."""

    value: float | None = None
    min: float | None = None
    max: float | None = None
    band: str | None = None
    source: str = ""
    inferred: bool = False
    triwulan: Mapping[int, float] = field(default_factory=dict)
    quarter_sources: Mapping[int, Source] = field(default_factory=dict, compare=False)
    revisions: tuple[Revision, ...] = ()
    value_given: bool = True  # False: `value` was left out and is the latest revision's

    @property
    def forms(self) -> list[str]:
        """Which of the three forms the declaration uses: 'value', 'range' (min/max) and/or 'band'."""
        found = ["value"] if self.value is not None else []
        if self.min is not None or self.max is not None:
            found.append("range")
        if self.band is not None:
            found.append("band")
        return found


@dataclass(frozen=True)
class NodeSpec:
    id: str
    kind: Kind
    name: str
    unit: str | None  # None: not declared (a node whose value is only a roll-up of capaian)
    direction: Direction | None
    parent: str | None = None
    indicator: str = ""
    capaian_method: CapaianMethod = CapaianMethod.STANDARD
    inputs: Mapping[str, str] = field(default_factory=dict)  # name -> description
    formula: str | None = None
    targets: Mapping[int, float] = field(default_factory=dict)
    cumulation: Cumulation = Cumulation.LAST
    rencana: RencanaRule | None = None  # declared rule for targets to date (None: the annual target, by default)
    rollup: Rollup | None = None
    capaian_cap: float | None = None  # display only (the node-level key); a policy cap is under `policy`
    policy: Policy = NO_POLICY  # the node's own policy keys (over the organisation's)
    note: str = ""
    source: Source = Source("?")
    target_sources: Mapping[int, Source] = field(default_factory=dict)
    target_info: Mapping[int, Target] = field(default_factory=dict)  # every declared target, plain or not
    formula_source: Source | None = None


@dataclass(frozen=True)
class Organisation:
    name: str
    renstra_start: int | None = None  # None: no renstra declared
    renstra_end: int | None = None
    short_name: str = ""
    region: str = ""
    scale: str | None = None  # "none": no predikat at all
    currency: str = "Rp"
    renstra_document: str | None = None
    policy: Policy = NO_POLICY

    @property
    def has_renstra(self) -> bool:
        return self.renstra_end is not None


@dataclass(frozen=True)
class Reported:
    """One place where the report printed figures: `values` as printed; target and realisasi are in `unit` and
    equal the node-unit value × `factor`; `period` is the period they are for (None: the year)."""

    source: str
    values: Mapping[str, Any]
    origin: Source
    decimals: Mapping[str, int] = field(default_factory=dict)  # per printed number: the decimals it was printed with
    unit: str | None = None
    factor: float = 1.0
    period: str | None = None

    def places(self, name: str) -> int:
        """The decimals the value `name` was printed with (as written in the data, or its `decimals:`)."""
        return self.decimals.get(name, 0)

    SCALED = ("target", "realisasi")  # the figures `factor` applies to

    def in_node_unit(self, name: str) -> Any:
        """A printed figure in the node's unit (target and realisasi divided by the factor)."""
        value = self.values.get(name)
        if (
            self.factor != 1.0
            and name in self.SCALED
            and isinstance(value, (int, float))
            and not isinstance(value, bool)
        ):
            return value / self.factor
        return value


@dataclass(frozen=True)
class Derived:
    """A value the report does not print, recorded with the rule it follows from and the lines it uses."""

    field: str
    rule: str
    source: str  # the printed figures it comes from ('L288 Tabel 2.4; L3177 Tabel 23')
    missing_in: str = ""  # where the report should have printed it ('3.5 Realisasi Anggaran, L5308-L5345')
    origin: Source = Source("?")


@dataclass(frozen=True)
class Term:
    """One side of a declared identity: a computed figure or input of a node, a printed number, or a sum."""

    node: str | None = None
    field: str | None = None  # a computed figure (realisasi, capaian, pagu ...)
    input: str | None = None  # an input of the node's data (a number or a series)
    printed: float | None = None
    decimals: int = 0
    source: str = ""
    factor: float = 1.0  # the term's value × factor is compared
    parts: tuple[Term, ...] = ()  # a sum of terms
    origin: Source = Source("?")


@dataclass(frozen=True)
class CrossCheck:
    """A declared identity: every term equals the first (within the printed precision)."""

    about: str
    terms: tuple[Term, ...]
    origin: Source = Source("?")


@dataclass(frozen=True)
class Record:
    """One node's data for one year (merged over the year's files)."""

    id: str
    inputs: Mapping[str, Any] = field(default_factory=dict)
    realisasi: float | None = None
    status: Status | None = None  # only Status.NOT_IMPLEMENTED is declared in data
    triwulan: Mapping[int, Mapping[str, Any]] = field(default_factory=dict)
    semester: Mapping[int, Mapping[str, Any]] = field(default_factory=dict)
    bulan: Mapping[int, Mapping[str, Any]] = field(default_factory=dict)
    pagu: float | None = None
    realisasi_anggaran: float | None = None
    national: float | None = None
    reported: tuple[Reported, ...] = ()
    note: str = ""
    source: Source = Source("?")
    input_sources: Mapping[str, Source] = field(default_factory=dict)
    derived: Mapping[str, Derived] = field(default_factory=dict)

    def series(self) -> dict[str, Mapping[int, Mapping[str, Any]]]:
        """The record's values per period, by series ('semester', 'triwulan', 'bulan'), those given only."""
        found = {"semester": self.semester, "triwulan": self.triwulan, "bulan": self.bulan}
        return {name: values for name, values in found.items() if values}


@dataclass(frozen=True)
class YearData:
    year: int
    records: Mapping[str, Record]
    organisation: tuple[Reported, ...] = ()
    checks: tuple[CrossCheck, ...] = ()


@dataclass(frozen=True)
class Workspace:
    organisation: Organisation
    scales: Mapping[str, Scale]
    nodes: Mapping[str, NodeSpec]  # in declaration order
    years: Mapping[int, YearData]
    specs_dir: str = "specs"
    data_dir: str = "data"
    complete: bool = True  # False when a spec file could not be read at all (the ids it declares are unknown)
    # nodes left out because their spec has a problem (id -> declared parent): their children are not orphans and
    # their data is not unknown, so the checks stay quiet about them instead of adding knock-on problems
    invalid: Mapping[str, str | None] = field(default_factory=dict)

    @property
    def has_predikat(self) -> bool:
        return self.organisation.scale != NO_SCALE_ID

    def policy_of(self, node_id: str) -> Policy:
        """The node's policy: its own keys over the organisation's."""
        return self.nodes[node_id].policy.over(self.organisation.policy)

    @property
    def scale(self) -> Scale:
        """The predikat scale: organisation.yaml's, else the default one; NO_SCALE (no bands) for `scale: none`."""
        if not self.has_predikat or not self.scales:
            return NO_SCALE
        if self.organisation.scale and self.organisation.scale in self.scales:
            return self.scales[self.organisation.scale]
        for scale in self.scales.values():
            if scale.default:
                return scale
        return next(iter(self.scales.values()))

    @cached_property
    def _children(self) -> dict[str, list[NodeSpec]]:
        """Each parent id's children in declaration order, indexed once (the workspace is frozen)."""
        index: dict[str, list[NodeSpec]] = {}
        for node in self.nodes.values():
            if node.parent is not None:
                index.setdefault(node.parent, []).append(node)
        return index

    @cached_property
    def _position(self) -> dict[str, int]:
        return {node_id: i for i, node_id in enumerate(self.nodes)}

    def children(self, node_id: str) -> list[NodeSpec]:
        return list(self._children.get(node_id, ()))

    def descendants(self, node_id: str) -> list[NodeSpec]:
        found: list[NodeSpec] = []
        stack = [node_id]
        seen = {node_id}
        while stack:
            current = stack.pop()
            for child in self._children.get(current, ()):
                if child.id not in seen:
                    seen.add(child.id)
                    found.append(child)
                    stack.append(child.id)
        position = self._position
        return sorted(found, key=lambda n: position[n.id])

    def rollup_of(self, node_id: str) -> Rollup | None:
        """The node's roll-up rule: declared, or the implicit mean of its children's capaian, or None (a leaf)."""
        node = self.nodes[node_id]
        if node.rollup is not None:
            return node.rollup
        return IMPLICIT_ROLLUP if node_id in self._children else None

    def rollup_members(self, node_id: str) -> list[NodeSpec]:
        """The nodes a roll-up combines: the children, or every descendant of the declared kind."""
        rollup = self.rollup_of(node_id)
        if rollup is None:
            return []
        if rollup.of is None:
            return self.children(node_id)
        return [d for d in self.descendants(node_id) if d.kind is rollup.of]

    def roots(self) -> list[NodeSpec]:
        return [n for n in self.nodes.values() if n.parent is None or n.parent not in self.nodes]
