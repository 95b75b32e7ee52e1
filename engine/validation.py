"""Semantic checks of a loaded workspace, and compilation of every formula (once, when the specs load)."""
from __future__ import annotations

from dataclasses import dataclass, field

from .diagnostics import Diagnostic, Severity, did_you_mean
from .formula import Formula, FormulaError, compile_formula
from .model import Direction, Kind, NodeSpec, Source, Workspace
from .plausibility import check_plausibility

ROLLUP_NAMES = ("capaian",)


@dataclass
class Compiled:
    """Formulas of the workspace, compiled once."""

    formulas: dict[str, Formula] = field(default_factory=dict)
    rollups: dict[str, Formula] = field(default_factory=dict)


def _error(code: str, message: str, source: Source, hint: str | None = None, node_id: str | None = None,
           col: int | None = None) -> Diagnostic:
    return Diagnostic(code=code, message=message, path=source.path, line=source.line, col=col or source.col, hint=hint, severity=Severity.ERROR, node_id=node_id)


def _warning(code: str, message: str, source: Source, hint: str | None = None, node_id: str | None = None):
    return Diagnostic(code=code, message=message, path=source.path, line=source.line, col=source.col, hint=hint, severity=Severity.WARNING, node_id=node_id)


def compile_formulas(ws: Workspace) -> tuple[Compiled, list[Diagnostic]]:
    compiled = Compiled()
    problems: list[Diagnostic] = []
    for node in ws.nodes.values():
        if node.formula is not None:
            try:
                formula = compile_formula(node.formula, node.inputs)
            except FormulaError as exc:
                src = node.formula_source or node.source
                problems.append(_error(exc.code, f"{node.id}: {exc.message}", src, exc.hint, node.id,
                                       _formula_col(src, exc.col)))
                continue
            compiled.formulas[node.id] = formula
            for unused in sorted(set(node.inputs) - formula.names):
                problems.append(_warning("LK214", f"{node.id}: input '{unused}' is declared but not used by the "
                                         "formula", node.source, "use it in the formula or remove it", node.id))
        elif node.inputs:
            problems.append(_warning("LK214", f"{node.id}: inputs are declared but there is no formula",
                                     node.source, "add a formula over the inputs", node.id))
        if node.rollup and node.rollup.method == "formula":
            if not node.rollup.formula:
                problems.append(_error("LK207", f"{node.id}: rollup method 'formula' needs a 'formula'",
                                       node.source, "add rollup.formula, e.g. mean(capaian)", node.id))
                continue
            try:
                compiled.rollups[node.id] = compile_formula(node.rollup.formula, ROLLUP_NAMES)
            except FormulaError as exc:
                problems.append(_error(exc.code, f"{node.id}: rollup {exc.message}", node.source, exc.hint, node.id))
    return compiled, problems


def _formula_col(src: Source, col: int | None) -> int | None:
    # the formula's value starts at src.col; point inside it when the parser told us where
    return (src.col + col - 1) if col else src.col


def check_tree(ws: Workspace) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    for node in ws.nodes.values():
        if node.kind is Kind.SASARAN:
            if node.parent is not None:
                problems.append(_error("LK206", f"{node.id}: a sasaran is a root and has no parent", node.source,
                                       "remove 'parent'", node.id))
            continue
        if node.parent is None:
            problems.append(_error("LK206", f"{node.id}: a {node.kind.value} needs a parent", node.source,
                                   f"add 'parent:' with the id of its {_expected_parent(node.kind)}", node.id))
            continue
        parent = ws.nodes.get(node.parent)
        if parent is None:
            problems.append(_error("LK202", f"{node.id}: parent '{node.parent}' does not exist", node.source,
                                   did_you_mean(node.parent, ws.nodes) or "declare that node or fix the id", node.id))
            continue
        if parent.kind.level != node.kind.level - 1:
            problems.append(_error("LK203", f"{node.id}: a {node.kind.value}'s parent must be a "
                                   f"{_expected_parent(node.kind)}, '{parent.id}' is a {parent.kind.value}",
                                   node.source, "kinds go sasaran → iku → program → kegiatan → sub_kegiatan", node.id))
    problems.extend(_cycles(ws))
    problems.extend(_rollups(ws))
    problems.extend(_target_trends(ws))
    return problems


def _expected_parent(kind: Kind) -> str:
    kinds = list(Kind)
    return kinds[kind.level - 1].value if kind.level > 0 else "nothing"


def _cycles(ws: Workspace) -> list[Diagnostic]:
    problems = []
    reported: set[str] = set()
    for start in ws.nodes.values():
        seen = []
        current = start
        while current is not None and current.parent is not None:
            if current.id in seen:
                cycle = seen[seen.index(current.id):]
                if not reported.intersection(cycle):
                    reported.update(cycle)
                    problems.append(_error("LK204", f"{current.id}: cycle in parents: {' → '.join(cycle + [current.id])}",
                                           current.source, "a node cannot be its own ancestor", current.id))
                break
            seen.append(current.id)
            current = ws.nodes.get(current.parent)
    return problems


def _rollups(ws: Workspace) -> list[Diagnostic]:
    problems = []
    for node in ws.nodes.values():
        rollup = node.rollup
        if rollup is None:
            continue
        if rollup.of != "children":
            kind = Kind(rollup.of)
            if kind.level <= node.kind.level:
                problems.append(_error("LK207", f"{node.id}: rollup of '{rollup.of}' but those are not below a "
                                       f"{node.kind.value}", node.source, "roll up a kind below the node", node.id))
                continue
        members = rollup_members(ws, node)
        if not members:
            problems.append(_error("LK207", f"{node.id}: rollup has no {rollup.of} to roll up", node.source,
                                   "add child nodes or remove the rollup", node.id))
        ids = {m.id for m in members}
        for weighted in rollup.weights:
            if weighted not in ids:
                problems.append(_error("LK207", f"{node.id}: rollup weight for '{weighted}', which is not one of its "
                                       f"{rollup.of}", node.source, did_you_mean(weighted, ids), node.id))
        if rollup.method == "sum":
            units = sorted({m.unit for m in members})
            if len(units) > 1:
                problems.append(_error("LK208", f"{node.id}: rollup sums {rollup.of} of different units "
                                       f"({', '.join(units)})", node.source, "sum only like units", node.id))
    return problems


def rollup_members(ws: Workspace, node: NodeSpec) -> list[NodeSpec]:
    rollup = node.rollup
    if rollup is None or rollup.of == "children":
        return ws.children(node.id)
    return [d for d in ws.descendants(node.id) if d.kind.value == rollup.of]


def _target_trends(ws: Workspace) -> list[Diagnostic]:
    problems = []
    for node in ws.nodes.values():
        years = sorted(node.targets)
        for before, after in zip(years, years[1:]):
            a, b = node.targets[before], node.targets[after]
            against = (b < a) if node.direction is Direction.HIGHER else (b > a)
            if against:
                word = "falls" if node.direction is Direction.HIGHER else "rises"
                problems.append(_warning("LK209", f"{node.id}: target {word} from {a:g} ({before}) to {b:g} ({after}) "
                                         f"although direction is '{node.direction.value}'",
                                         node.target_sources.get(after, node.source),
                                         "check the targets or the direction", node.id))
    return problems


def check_scales(ws: Workspace) -> list[Diagnostic]:
    problems = []
    if ws.organisation.scale and ws.organisation.scale not in ws.scales:
        problems.append(Diagnostic(code="LK213", message=f"organisation scale '{ws.organisation.scale}' is not in scales.yaml",
                                   path=f"{ws.specs_dir}/organisation.yaml", line=1, col=1,
                                   hint=did_you_mean(ws.organisation.scale, ws.scales)))
    for scale in ws.scales.values():
        src = scale.source or Source("scales.yaml")
        bands = sorted(scale.bands, key=lambda b: float("-inf") if b.min is None else b.min)
        if bands[0].min is not None:
            problems.append(_error("LK212", f"scale '{scale.id}': capaian below {bands[0].min:g} falls in no band",
                                   src, f"give band '{bands[0].code}' min: null"))
        if bands[-1].max is not None:
            problems.append(_error("LK212", f"scale '{scale.id}': capaian above {bands[-1].max:g} falls in no band",
                                   src, f"give band '{bands[-1].code}' max: null"))
        for low, high in zip(bands, bands[1:]):
            if low.max is None or high.min is None or low.max < high.min:
                problems.append(_error("LK212", f"scale '{scale.id}': gap between bands '{low.code}' and "
                                       f"'{high.code}'", src, "make one band's max the next band's min"))
            elif low.max > high.min:
                problems.append(_error("LK212", f"scale '{scale.id}': bands '{low.code}' and '{high.code}' overlap",
                                       src, "make one band's max the next band's min"))
            elif low.max_inclusive == high.min_inclusive:
                which = "both include" if low.max_inclusive else "neither includes"
                problems.append(_error("LK212", f"scale '{scale.id}': bands '{low.code}' and '{high.code}' {which} "
                                       f"{low.max:g}", src, "exactly one of max_inclusive/min_inclusive must be true"))
    return problems


def check_data(ws: Workspace, compiled: Compiled) -> list[Diagnostic]:
    problems = []
    for year, data in ws.years.items():
        for node_id, record in data.records.items():
            node = ws.nodes.get(node_id)
            if node is None:
                if not ws.complete:
                    continue  # the node may be declared in a spec file that did not load
                problems.append(_error("LK210", f"data for {year} names '{node_id}', which no spec declares",
                                       record.source, did_you_mean(node_id, ws.nodes) or "declare the node or "
                                       "remove the record", node_id))
                continue
            declared = set(node.inputs)
            given = set(record.inputs)
            for extra in sorted(given - declared):
                src = record.input_sources.get(extra, record.source)
                problems.append(_error("LK211", f"{node_id} ({year}): input '{extra}' is not declared in the spec",
                                       src, did_you_mean(extra, declared) or "declare it under the node's inputs",
                                       node_id))
            if given and node.formula:
                for missing in sorted(declared - given):
                    if node_id in compiled.formulas and missing not in compiled.formulas[node_id].names:
                        continue
                    problems.append(_error("LK211", f"{node_id} ({year}): input '{missing}' has no value",
                                           record.source, f"add inputs.{missing}", node_id))
            if given and record.realisasi is not None and node.formula:
                problems.append(_warning("LK216", f"{node_id} ({year}): realisasi given beside the formula's inputs; "
                                         "the formula wins", record.source, "remove one of them", node_id))
    return problems


def check_targets(ws: Workspace, year: int, every_node: bool) -> list[Diagnostic]:
    """LK205 for nodes with data in `year` but no target; with every_node, for all nodes (the latest year)."""
    problems = []
    data = ws.years.get(year)
    for node in ws.nodes.values():
        if node.kind is Kind.SASARAN or year in node.targets or node.rollup is not None and node.rollup.into == "capaian":
            continue
        record = data.records.get(node.id) if data else None
        if record is not None and record.status == "not_implemented":
            continue
        has_data = record is not None and (record.inputs or record.realisasi is not None or record.triwulan)
        if not (has_data or every_node):
            continue
        problems.append(_warning("LK205", f"{node.id}: no target for {year}", node.source,
                                 f"add targets: {{{year}: ...}}", node.id))
    return problems


def check_workspace(ws: Workspace) -> tuple[Compiled, list[Diagnostic]]:
    compiled, problems = compile_formulas(ws)
    problems = list(problems)
    problems.extend(check_tree(ws))
    problems.extend(check_scales(ws))
    problems.extend(check_data(ws, compiled))
    latest = max(ws.years, default=None)
    for year in ws.years:
        problems.extend(check_targets(ws, year, every_node=year == latest))
    problems.extend(check_plausibility(ws))
    return compiled, problems
