"""Checks of what the capaian policies and the optional keys of a node ask for (run by `lkip validate`).

LK218: a node with targets must declare `direction` and `unit` (its capaian rule and its target's unit need
them); a node whose value is only a roll-up of capaian may leave both out.
LK219: a policy's `capaian_floor` must lie below its `capaian_cap`.
LK220: `cap_rollup` without a `capaian_cap` has nothing to do.
LK503: `inverse_zero` on a node whose capaian rule is not target / realisasi is never used."""

from __future__ import annotations

from .diagnostics import Diagnostic, Severity
from .messages import Message as M
from .model import CapaianMethod, Direction, Into, NodeSpec, Policy, Source, Workspace


def check_policies(ws: Workspace) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    org_source = Source(f"{ws.specs_dir}/organisation.yaml")
    problems.extend(_policy(ws.organisation.policy, M("organisation.yaml", "organisation.yaml"), org_source, None))
    for node in ws.nodes.values():
        problems.extend(_measures(node))
        if node.policy != Policy():
            problems.extend(_policy(ws.policy_of(node.id), M("{id}", "{id}", id=node.id), node.source, node.id))
            problems.extend(_inverse_zero(node))
    return problems


def _measures(node: NodeSpec) -> list[Diagnostic]:
    """LK218: direction and unit where a target is judged (a node with targets, or a roll-up into realisasi)."""
    needs = bool(node.targets) or (node.rollup is not None and node.rollup.into is Into.REALISASI)
    missing = [key for key, value in (("direction", node.direction), ("unit", node.unit)) if value is None]
    if not needs or not missing:
        return []
    return [
        Diagnostic(
            code="LK218",
            severity=Severity.ERROR,
            path=node.source.path,
            line=node.source.line,
            col=node.source.col,
            node_id=node.id,
            message=M(
                "{id} has targets but no {keys}: its capaian rule and its target's unit need them",
                "{id} punya target tetapi tanpa {keys}: rumus capaian dan satuan targetnya memerlukannya",
                id=node.id,
                keys=missing,
            ),
            hint=M(
                'add direction: higher|lower and unit: (e.g. "%"); only a node whose value is a roll-up of '
                "capaian may leave them out",
                'tambahkan direction: higher|lower dan unit: (mis. "%"); hanya simpul yang nilainya roll-up '
                "capaian boleh tanpa keduanya",
            ),
        )
    ]


def _policy(policy: Policy, where: M, source: Source, node_id: str | None) -> list[Diagnostic]:
    problems = []
    cap, floor = policy.capaian_cap, policy.capaian_floor
    if cap is not None and floor is not None and floor >= cap:
        problems.append(
            Diagnostic(
                code="LK219",
                severity=Severity.ERROR,
                path=source.path,
                line=source.line,
                col=source.col,
                node_id=node_id,
                message=M(
                    "{where}: policy capaian_floor {floor} is not below capaian_cap {cap}",
                    "{where}: kebijakan capaian_floor {floor} tidak di bawah capaian_cap {cap}",
                    where=where,
                    floor=floor,
                    cap=cap,
                ),
                hint=M("make the floor lower than the cap", "jadikan batas bawah lebih kecil dari batas atas"),
            )
        )
    if policy.cap_rollup is not None and cap is None:
        problems.append(
            Diagnostic(
                code="LK220",
                severity=Severity.WARNING,
                path=source.path,
                line=source.line,
                col=source.col,
                node_id=node_id,
                message=M(
                    "{where}: policy cap_rollup without capaian_cap has no effect",
                    "{where}: kebijakan cap_rollup tanpa capaian_cap tidak berpengaruh",
                    where=where,
                ),
                hint=M(
                    "add capaian_cap under policy, or remove cap_rollup",
                    "tambahkan capaian_cap di bawah policy, atau hapus cap_rollup",
                ),
            )
        )
    return problems


def _inverse_zero(node: NodeSpec) -> list[Diagnostic]:
    """LK503: a node's own inverse_zero is used only by the rule target / realisasi."""
    if node.policy.inverse_zero is None:
        return []
    if node.direction is Direction.LOWER and node.capaian_method is CapaianMethod.INVERSE:
        return []
    return [
        Diagnostic(
            code="LK503",
            severity=Severity.WARNING,
            path=node.source.path,
            line=node.source.line,
            col=node.source.col,
            node_id=node.id,
            message=M(
                "{id}: policy inverse_zero is never used: its capaian rule is not target / realisasi",
                "{id}: kebijakan inverse_zero tidak pernah dipakai: rumus capaiannya bukan target / realisasi",
                id=node.id,
            ),
            hint=M(
                "remove it, or declare direction: lower with capaian_method: inverse",
                "hapus, atau deklarasikan direction: lower dengan capaian_method: inverse",
            ),
        )
    ]
