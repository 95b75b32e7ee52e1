"""Semantic checks of a loaded workspace, and compilation of every formula (once, when the specs load)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .diagnostics import Diagnostic, Severity, did_you_mean
from .formula import Formula, FormulaError, compile_formula
from .messages import Message
from .messages import Message as M
from .model import Direction, Into, Kind, NodeSpec, RollupMethod, Source, Status, Workspace
from .plausibility import check_plausibility
from .policies import check_policies
from .rencana import check_period_spending, check_rencana

ROLLUP_NAMES = ("capaian",)


@dataclass
class Compiled:
    """Formulas of the workspace, compiled once."""

    formulas: dict[str, Formula] = field(default_factory=dict)
    rollups: dict[str, Formula] = field(default_factory=dict)


def _error(
    code: str,
    message: Message,
    source: Source,
    hint: str | Message | None = None,
    node_id: str | None = None,
    col: int | None = None,
) -> Diagnostic:
    return Diagnostic(
        code=code,
        message=message,
        path=source.path,
        line=source.line,
        col=col or source.col,
        hint=hint,
        severity=Severity.ERROR,
        node_id=node_id,
    )


def _warning(
    code: str, message: Message, source: Source, hint: Message | None = None, node_id: str | None = None
) -> Diagnostic:
    return Diagnostic(
        code=code,
        message=message,
        path=source.path,
        line=source.line,
        col=source.col,
        hint=hint,
        severity=Severity.WARNING,
        node_id=node_id,
    )


def compile_formulas(ws: Workspace) -> tuple[Compiled, list[Diagnostic]]:
    compiled = Compiled()
    problems: list[Diagnostic] = []
    for node in ws.nodes.values():
        if node.formula is not None:
            try:
                formula = compile_formula(node.formula, node.inputs)
            except FormulaError as exc:
                src = node.formula_source or node.source
                problems.append(
                    _error(
                        exc.code,
                        M("{id}: {what}", "{id}: {what}", id=node.id, what=exc.message),
                        src,
                        exc.hint,
                        node.id,
                        _formula_col(src, exc.col),
                    )
                )
                continue
            compiled.formulas[node.id] = formula
            for unused in sorted(set(node.inputs) - formula.names):
                problems.append(
                    _warning(
                        "LK214",
                        M(
                            "{id}: input '{name}' is declared but not used by the formula",
                            "{id}: input '{name}' dideklarasikan tetapi tidak dipakai rumus",
                            id=node.id,
                            name=unused,
                        ),
                        node.source,
                        M("use it in the formula or remove it", "pakai di rumus atau hapus"),
                        node.id,
                    )
                )
        elif node.inputs:
            problems.append(
                _warning(
                    "LK214",
                    M(
                        "{id}: inputs are declared but there is no formula",
                        "{id}: input dideklarasikan tetapi tidak ada rumus",
                        id=node.id,
                    ),
                    node.source,
                    M("add a formula over the inputs", "tambahkan rumus atas input tersebut"),
                    node.id,
                )
            )
        if node.rollup and node.rollup.method is RollupMethod.FORMULA:
            if not node.rollup.formula:
                problems.append(
                    _error(
                        "LK207",
                        M(
                            "{id}: rollup method 'formula' needs a 'formula'",
                            "{id}: rollup dengan method 'formula' memerlukan 'formula'",
                            id=node.id,
                        ),
                        node.source,
                        M("add rollup.formula, e.g. mean(capaian)", "tambahkan rollup.formula, mis. mean(capaian)"),
                        node.id,
                    )
                )
                continue
            try:
                compiled.rollups[node.id] = compile_formula(node.rollup.formula, ROLLUP_NAMES)
            except FormulaError as exc:
                problems.append(
                    _error(
                        exc.code,
                        M("{id}: rollup {what}", "{id}: rollup {what}", id=node.id, what=exc.message),
                        node.source,
                        exc.hint,
                        node.id,
                    )
                )
    return compiled, problems


def _formula_col(src: Source, col: int | None) -> int | None:
    # the formula's value starts at src.col; point inside it when the parser told us where
    return (src.col + col - 1) if col else src.col


class _Suggestions:
    """'did you mean' compares a word with every candidate: a budget of comparisons per check keeps a workspace
    with thousands of unknown ids linear (3,000 orphans took 80 s); the first problems get the suggestion."""

    def __init__(self, budget: int = 200_000) -> None:
        self.left = budget

    def __call__(self, word: str, candidates: Mapping[str, object]) -> Message | None:
        if len(candidates) > self.left:
            return None
        self.left -= len(candidates)
        return did_you_mean(word, candidates)


def check_tree(ws: Workspace) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    suggest = _Suggestions()
    for node in ws.nodes.values():
        if node.kind is Kind.SASARAN:
            if node.parent is not None:
                problems.append(
                    _error(
                        "LK206",
                        M(
                            "{id}: a sasaran is a root and has no parent",
                            "{id}: sasaran adalah akar dan tidak punya induk",
                            id=node.id,
                        ),
                        node.source,
                        M("remove 'parent'", "hapus 'parent'"),
                        node.id,
                    )
                )
            continue
        if node.parent is None:
            problems.append(
                _error(
                    "LK206",
                    M(
                        "{id}: a {kind} needs a parent",
                        "{id}: {kind} memerlukan induk",
                        id=node.id,
                        kind=node.kind.value,
                    ),
                    node.source,
                    M(
                        "add 'parent:' with the id of its {parent}",
                        "tambahkan 'parent:' berisi kode {parent} induknya",
                        parent=_expected_parent(node.kind),
                    ),
                    node.id,
                )
            )
            continue
        parent = ws.nodes.get(node.parent)
        if parent is None and (node.parent in ws.invalid or not ws.complete):
            continue  # not an orphan: its parent is left out (or in a file not read) for a problem already reported
        if parent is None:
            problems.append(
                _error(
                    "LK202",
                    M(
                        "{id}: parent '{parent}' does not exist",
                        "{id}: induk '{parent}' tidak ada",
                        id=node.id,
                        parent=node.parent,
                    ),
                    node.source,
                    suggest(node.parent, ws.nodes)
                    or M("declare that node or fix the id", "deklarasikan simpul itu atau perbaiki kodenya"),
                    node.id,
                )
            )
            continue
        if parent.kind.level != node.kind.level - 1:
            problems.append(
                _error(
                    "LK203",
                    M(
                        "{id}: a {kind}'s parent must be a {expected}, '{parent}' is a {other}",
                        "{id}: induk {kind} harus {expected}, '{parent}' adalah {other}",
                        id=node.id,
                        kind=node.kind.value,
                        expected=_expected_parent(node.kind),
                        parent=parent.id,
                        other=parent.kind.value,
                    ),
                    node.source,
                    M(
                        "kinds go sasaran → iku → program → kegiatan → sub_kegiatan",
                        "urutan jenis: sasaran → iku → program → kegiatan → sub_kegiatan",
                    ),
                    node.id,
                )
            )
    problems.extend(_cycles(ws))
    problems.extend(_rollups(ws))
    problems.extend(_target_trends(ws))
    problems.extend(_target_forms(ws))
    return problems


def _expected_parent(kind: Kind) -> str:
    kinds = list(Kind)
    return kinds[kind.level - 1].value if kind.level > 0 else "-"


def _cycles(ws: Workspace) -> list[Diagnostic]:
    """LK204 once per cycle of parents. Each node is walked once: a walk stops at a node already settled
    (colour marking over the parent pointers), so the check is linear in the number of nodes."""
    problems = []
    settled: set[str] = set()
    for start in ws.nodes.values():
        if start.id in settled:
            continue
        walk: dict[str, int] = {}  # this walk's nodes, in order (dicts keep insertion order)
        current: NodeSpec | None = start
        while current is not None and current.parent is not None and current.id not in settled:
            if current.id in walk:
                cycle = list(walk)[walk[current.id] :]
                if len(cycle) > 12:  # a long cycle is named by its ends
                    cycle = cycle[:6] + ["…"] + cycle[-5:]
                problems.append(
                    _error(
                        "LK204",
                        M(
                            "{id}: cycle in parents: {chain}",
                            "{id}: induk berputar: {chain}",
                            id=current.id,
                            chain=" → ".join(cycle + [current.id]),
                        ),
                        current.source,
                        M("a node cannot be its own ancestor", "simpul tidak boleh menjadi leluhurnya sendiri"),
                        current.id,
                    )
                )
                break
            walk[current.id] = len(walk)
            current = ws.nodes.get(current.parent)
        settled.update(walk)
    return problems


def _rollups(ws: Workspace) -> list[Diagnostic]:
    problems = []
    for node in ws.nodes.values():
        rollup = node.rollup
        if rollup is None:
            continue
        if rollup.of is not None and rollup.of.level <= node.kind.level:
            problems.append(
                _error(
                    "LK207",
                    M(
                        "{id}: rollup of '{of}' but those are not below a {kind}",
                        "{id}: rollup atas '{of}' padahal jenis itu tidak di bawah {kind}",
                        id=node.id,
                        of=rollup.of_name,
                        kind=node.kind.value,
                    ),
                    node.source,
                    M("roll up a kind below the node", "hitung dari jenis di bawah simpul ini"),
                    node.id,
                )
            )
            continue
        if rollup.method.of_realisasi and rollup.into is Into.CAPAIAN:
            why = (
                M("it declares into: capaian", "ia menyatakan into: capaian")
                if rollup.into_declared
                else M("it has no targets", "ia tidak punya target")
            )
            problems.append(
                _error(
                    "LK217",
                    M(
                        "{id}: a sum of realisasi cannot be a capaian ({why})",
                        "{id}: jumlah realisasi tidak bisa menjadi capaian ({why})",
                        id=node.id,
                        why=why,
                    ),
                    node.source,
                    M(
                        "give the node targets (the sum is then its realisasi, judged against them) "
                        "or roll up with method mean",
                        "beri simpul ini target (jumlahnya menjadi realisasi yang dibandingkan dengan "
                        "target) atau pakai method mean",
                    ),
                    node.id,
                )
            )
        members = ws.rollup_members(node.id)
        if not members and not _left_out_below(ws, node.id):
            problems.append(
                _error(
                    "LK207",
                    M(
                        "{id}: rollup has no {of} to roll up",
                        "{id}: rollup tidak punya {of} untuk dihitung",
                        id=node.id,
                        of=rollup.of_name,
                    ),
                    node.source,
                    M("add child nodes or remove the rollup", "tambahkan simpul anak atau hapus rollup"),
                    node.id,
                )
            )
        ids = {m.id for m in members}
        for weighted in rollup.weights:
            if weighted not in ids:
                problems.append(
                    _error(
                        "LK207",
                        M(
                            "{id}: rollup weight for '{w}', which is not one of its {of}",
                            "{id}: bobot rollup untuk '{w}', yang bukan salah satu {of}-nya",
                            id=node.id,
                            w=weighted,
                            of=rollup.of_name,
                        ),
                        node.source,
                        did_you_mean(weighted, ids),
                        node.id,
                    )
                )
        if rollup.method.of_realisasi:
            units = sorted({m.unit or "–" for m in members})
            if len(units) > 1:
                problems.append(
                    _error(
                        "LK208",
                        M(
                            "{id}: rollup sums {of} of different units ({units})",
                            "{id}: rollup menjumlahkan {of} dengan satuan berbeda ({units})",
                            id=node.id,
                            of=rollup.of_name,
                            units=units,
                        ),
                        node.source,
                        M("sum only like units", "jumlahkan hanya satuan yang sama"),
                        node.id,
                    )
                )
    return problems


def _left_out_below(ws: Workspace, node_id: str) -> bool:
    """Whether a node left out for a problem in its spec (or in a file not read) may hang below this node."""
    parents = set(ws.invalid.values())
    return (
        not ws.complete
        or bool(parents)
        and (node_id in parents or any(d.id in parents for d in ws.descendants(node_id)))
    )


def rollup_members(ws: Workspace, node: NodeSpec) -> list[NodeSpec]:
    return ws.rollup_members(node.id)


def _target_trends(ws: Workspace) -> list[Diagnostic]:
    problems = []
    for node in ws.nodes.values():
        if node.direction is None:
            continue  # LK218 asks for the direction
        years = sorted(node.targets)
        for before, after in zip(years, years[1:], strict=False):
            a, b = node.targets[before], node.targets[after]
            against = (b < a) if node.direction is Direction.HIGHER else (b > a)
            if against:
                word = M("falls", "turun") if node.direction is Direction.HIGHER else M("rises", "naik")
                problems.append(
                    _warning(
                        "LK209",
                        M(
                            "{id}: target {word} from {a} ({before}) to {b} ({after}) although "
                            "direction is '{direction}'",
                            "{id}: target {word} dari {a} ({before}) ke {b} ({after}) padahal direction '{direction}'",
                            id=node.id,
                            word=word,
                            a=a,
                            b=b,
                            before=before,
                            after=after,
                            direction=node.direction.value,
                        ),
                        node.target_sources.get(after, node.source),
                        M("check the targets or the direction", "periksa target atau direction"),
                        node.id,
                    )
                )
    return problems


def _target_forms(ws: Workspace) -> list[Diagnostic]:
    """LK225 a target mapping with none or several of value / min-max / band, or min above max; LK226 a band
    target naming no band of the scale; LK227 a one-sided limit that contradicts the direction."""
    problems = []
    codes = {b.code for b in ws.scale.bands} if ws.scales else None
    for node in ws.nodes.values():
        for year, target in sorted(node.target_info.items()):
            where = node.target_sources.get(year, node.source)
            forms = target.forms
            if len(forms) != 1:
                problems.append(
                    _error(
                        "LK225",
                        M(
                            "{id}: the {year} target gives {given} instead of one of value, min/max or band",
                            "{id}: target {year} berisi {given}, seharusnya satu dari value, min/max atau band",
                            id=node.id,
                            year=year,
                            given=forms or M("none of them", "tidak satu pun"),
                        ),
                        where,
                        M(
                            "write {value: 97}, {min: 70, max: 80}, {max: 5}, {min: 90} or {band: B}",
                            "tulis {value: 97}, {min: 70, max: 80}, {max: 5}, {min: 90} atau {band: B}",
                        ),
                        node.id,
                    )
                )
            elif target.min is not None and target.max is not None and target.min > target.max:
                problems.append(
                    _error(
                        "LK225",
                        M(
                            "{id}: the {year} target's min {low} is above its max {high}",
                            "{id}: min target {year} ({low}) di atas max-nya ({high})",
                            id=node.id,
                            year=year,
                            low=target.min,
                            high=target.max,
                        ),
                        where,
                        M("swap min and max", "tukar min dan max"),
                        node.id,
                    )
                )
            elif target.band is not None and codes is not None and target.band not in codes:
                problems.append(
                    _error(
                        "LK226",
                        M(
                            "{id}: the {year} target names band '{band}', which scale '{scale}' does not have",
                            "{id}: target {year} menyebut predikat '{band}' yang tidak ada di skala '{scale}'",
                            id=node.id,
                            year=year,
                            band=target.band,
                            scale=ws.scale.id,
                        ),
                        where,
                        did_you_mean(target.band, sorted(codes))
                        or M("use one of: {codes}", "pakai salah satu: {codes}", codes=sorted(codes)),
                        node.id,
                    )
                )
            elif (target.min is None) != (target.max is None):
                against = Direction.LOWER if target.max is None else Direction.HIGHER
                if node.direction is against:
                    sign = "≥" if target.max is None else "≤"
                    problems.append(
                        _error(
                            "LK227",
                            M(
                                "{id}: a target {sign} {limit} for {year} but direction '{direction}': "
                                "meeting the limit would be the worse outcome",
                                "{id}: target {sign} {limit} untuk {year} padahal direction '{direction}': "
                                "memenuhi batas justru hasil yang lebih buruk",
                                id=node.id,
                                sign=sign,
                                limit=target.min if target.max is None else target.max,
                                year=year,
                                direction=node.direction.value,
                            ),
                            where,
                            M(
                                "a {max: ...} limit needs direction lower, a {min: ...} limit direction higher",
                                "batas {max: ...} memerlukan direction lower, batas {min: ...} direction higher",
                            ),
                            node.id,
                        )
                    )
    return problems


_JOIN_BANDS = M(
    "make one band's max the next band's min", "jadikan max satu predikat sama dengan min predikat berikutnya"
)


def check_scales(ws: Workspace) -> list[Diagnostic]:
    problems = []
    if ws.organisation.scale and ws.has_predikat and ws.organisation.scale not in ws.scales:
        problems.append(
            Diagnostic(
                code="LK213",
                message=M(
                    "organisation scale '{scale}' is not in scales.yaml",
                    "skala organisasi '{scale}' tidak ada di scales.yaml",
                    scale=ws.organisation.scale,
                ),
                path=f"{ws.specs_dir}/organisation.yaml",
                line=1,
                col=1,
                hint=did_you_mean(ws.organisation.scale, ws.scales),
            )
        )
    for scale in ws.scales.values():
        src = scale.source or Source("scales.yaml")
        bands = sorted(scale.bands, key=lambda b: float("-inf") if b.min is None else b.min)
        # a partial scale names only some bands: capaian outside them has no predikat; overlaps stay errors
        covers = not scale.partial
        if covers and bands[0].min is not None:
            problems.append(
                _error(
                    "LK212",
                    M(
                        "scale '{scale}': capaian below {v} falls in no band",
                        "skala '{scale}': capaian di bawah {v} tidak masuk predikat mana pun",
                        scale=scale.id,
                        v=bands[0].min,
                    ),
                    src,
                    M("give band '{code}' min: null", "beri predikat '{code}' min: null", code=bands[0].code),
                )
            )
        if covers and bands[-1].max is not None:
            problems.append(
                _error(
                    "LK212",
                    M(
                        "scale '{scale}': capaian above {v} falls in no band",
                        "skala '{scale}': capaian di atas {v} tidak masuk predikat mana pun",
                        scale=scale.id,
                        v=bands[-1].max,
                    ),
                    src,
                    M("give band '{code}' max: null", "beri predikat '{code}' max: null", code=bands[-1].code),
                )
            )
        for low, high in zip(bands, bands[1:], strict=False):
            if low.max is None or high.min is None or low.max < high.min:
                if not covers and low.max is not None and high.min is not None:
                    continue  # a gap a partial scale may have
                problems.append(
                    _error(
                        "LK212",
                        M(
                            "scale '{scale}': gap between bands '{a}' and '{b}'",
                            "skala '{scale}': ada celah (gap) antara predikat '{a}' dan '{b}'",
                            scale=scale.id,
                            a=low.code,
                            b=high.code,
                        ),
                        src,
                        _JOIN_BANDS,
                    )
                )
            elif low.max > high.min:
                problems.append(
                    _error(
                        "LK212",
                        M(
                            "scale '{scale}': bands '{a}' and '{b}' overlap",
                            "skala '{scale}': predikat '{a}' dan '{b}' tumpang tindih (overlap)",
                            scale=scale.id,
                            a=low.code,
                            b=high.code,
                        ),
                        src,
                        _JOIN_BANDS,
                    )
                )
            elif low.max_inclusive == high.min_inclusive and (covers or low.max_inclusive):
                which = (
                    M("both include", "keduanya memuat")
                    if low.max_inclusive
                    else M("neither includes", "tidak satu pun memuat")
                )
                problems.append(
                    _error(
                        "LK212",
                        M(
                            "scale '{scale}': bands '{a}' and '{b}' {which} {v}",
                            "skala '{scale}': predikat '{a}' dan '{b}' {which} {v}",
                            scale=scale.id,
                            a=low.code,
                            b=high.code,
                            which=which,
                            v=low.max,
                        ),
                        src,
                        M(
                            "exactly one of max_inclusive/min_inclusive must be true",
                            "tepat satu dari max_inclusive/min_inclusive harus true",
                        ),
                    )
                )
    return problems


def check_data(ws: Workspace, compiled: Compiled) -> list[Diagnostic]:
    problems = []
    suggest = _Suggestions()
    for year, data in ws.years.items():
        for node_id, record in data.records.items():
            node = ws.nodes.get(node_id)
            if node is None:
                if node_id in ws.invalid or not ws.complete:
                    continue  # the node is left out for a problem in its spec (or file), already reported
                problems.append(
                    _error(
                        "LK210",
                        M(
                            "data for {year} names '{id}', which no spec declares",
                            "data {year} menyebut '{id}', yang tidak dideklarasikan di spesifikasi",
                            year=year,
                            id=node_id,
                        ),
                        record.source,
                        suggest(node_id, ws.nodes)
                        or M("declare the node or remove the record", "deklarasikan simpulnya atau hapus datanya"),
                        node_id,
                    )
                )
                continue
            declared = set(node.inputs)
            given = set(record.inputs)
            for extra in sorted(given - declared):
                src = record.input_sources.get(extra, record.source)
                problems.append(
                    _error(
                        "LK211",
                        M(
                            "{id} ({year}): input '{name}' is not declared in the spec",
                            "{id} ({year}): input '{name}' tidak dideklarasikan di spesifikasi",
                            id=node_id,
                            year=year,
                            name=extra,
                        ),
                        src,
                        did_you_mean(extra, declared)
                        or M("declare it under the node's inputs", "deklarasikan di bawah inputs simpulnya"),
                        node_id,
                    )
                )
            if given and node.formula:
                for missing in sorted(declared - given):
                    if node_id in compiled.formulas and missing not in compiled.formulas[node_id].names:
                        continue
                    problems.append(
                        _error(
                            "LK211",
                            M(
                                "{id} ({year}): input '{name}' has no value",
                                "{id} ({year}): input '{name}' tidak diisi",
                                id=node_id,
                                year=year,
                                name=missing,
                            ),
                            record.source,
                            M("add inputs.{name}", "tambahkan inputs.{name}", name=missing),
                            node_id,
                        )
                    )
            if given and record.realisasi is not None and node.formula:
                problems.append(
                    _warning(
                        "LK216",
                        M(
                            "{id} ({year}): realisasi given beside the formula's inputs; the formula wins",
                            "{id} ({year}): realisasi diisi di samping input rumus; rumus yang dipakai",
                            id=node_id,
                            year=year,
                        ),
                        record.source,
                        M("remove one of them", "hapus salah satunya"),
                        node_id,
                    )
                )
        problems += _check_derived(data.records, year)
        problems += _check_identities(ws, data, year)
    return problems


def _check_derived(records: Any, year: int) -> list[Diagnostic]:
    """LK235: a `derived:` entry for a value the record does not give."""
    problems = []
    for node_id, record in records.items():
        for name, derived in record.derived.items():
            if getattr(record, name, None) is None:
                problems.append(
                    _error(
                        "LK235",
                        M(
                            "{id} ({year}): 'derived' explains '{name}', but the record gives no {name}",
                            "{id} ({year}): 'derived' menjelaskan '{name}', tetapi datanya tidak mengisi {name}",
                            id=node_id,
                            year=year,
                            name=name,
                        ),
                        derived.origin,
                        M("add the derived value beside it", "tambahkan nilai turunannya di sampingnya"),
                        node_id,
                    )
                )
    return problems


def _check_identities(ws: Workspace, data: Any, year: int) -> list[Diagnostic]:
    """LK233: a check's term names no declared node; LK234: an input the node's data does not give."""
    problems = []
    stack = [term for check in data.checks for term in check.terms]
    while stack:
        term = stack.pop()
        stack.extend(term.parts)
        if term.node is None:
            continue
        if term.node not in ws.nodes:
            problems.append(
                _error(
                    "LK233",
                    M(
                        "check ({year}) names '{id}', which no spec declares",
                        "pemeriksaan ({year}) menyebut '{id}', yang tidak dideklarasikan di spesifikasi",
                        year=year,
                        id=term.node,
                    ),
                    term.origin,
                    did_you_mean(term.node, ws.nodes) or M("use a declared node id", "pakai id simpul yang ada"),
                    term.node,
                )
            )
            continue
        record = data.records.get(term.node)
        if term.input is not None and (record is None or term.input not in record.inputs):
            problems.append(
                _error(
                    "LK234",
                    M(
                        "check ({year}): {id} has no input '{name}' in the data",
                        "pemeriksaan ({year}): {id} tidak punya input '{name}' dalam data",
                        year=year,
                        id=term.node,
                        name=term.input,
                    ),
                    term.origin,
                    M("name an input given in the node's data", "sebut input yang diisi dalam data simpul itu"),
                    term.node,
                )
            )
    return problems


def check_targets(ws: Workspace, year: int, every_node: bool) -> list[Diagnostic]:
    """LK205 for nodes without a target in `year`: those with data, or with every_node all of them."""
    problems = []
    data = ws.years.get(year)
    for node in ws.nodes.values():
        if (
            node.kind is Kind.SASARAN
            or year in node.target_info
            or node.rollup is not None
            and node.rollup.into is Into.CAPAIAN
        ):
            continue
        record = data.records.get(node.id) if data else None
        if record is not None and record.status is Status.NOT_IMPLEMENTED:
            continue
        has_data = record is not None and (record.inputs or record.realisasi is not None or record.series())
        if not (has_data or every_node):
            continue
        problems.append(
            _warning(
                "LK205",
                M("{id}: no target for {year}", "{id}: tidak ada target tahun {year}", id=node.id, year=year),
                node.source,
                M("add targets: {{{year}: ...}}", "tambahkan targets: {{{year}: ...}}", year=year),
                node.id,
            )
        )
    return problems


def check_workspace(ws: Workspace) -> tuple[Compiled, list[Diagnostic]]:
    compiled, problems = compile_formulas(ws)
    problems = list(problems)
    problems.extend(check_tree(ws))
    problems.extend(check_scales(ws))
    problems.extend(check_policies(ws))
    problems.extend(check_data(ws, compiled))
    problems.extend(check_rencana(ws))
    problems.extend(check_period_spending(ws))
    latest = max(ws.years, default=None)
    if latest is not None:
        # the latest year is the one reported; earlier years are history kept for comparisons (--compare prev)
        problems.extend(check_targets(ws, latest, every_node=True))
    problems.extend(check_plausibility(ws))
    return compiled, problems
