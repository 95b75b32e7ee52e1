"""Plausibility: figures that are legal but should be questioned (warnings, each at its file and line).

- LK501: realisasi anggaran above the pagu (serapan above 100 %), or spending without a pagu;
- LK502: a target of 0 where the capaian rule divides by it (capaian stays undefined: state zero_target).

Negative pagu and realisasi anggaran are already refused by the data schema (minimum 0, LK101).
"""

from __future__ import annotations

from typing import TypeGuard

from .capaian import rule_for
from .diagnostics import Diagnostic, Severity
from .messages import Message
from .model import CapaianMethod, Direction, Into, Record, Workspace


def check_plausibility(ws: Workspace) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    for year in sorted(ws.years):
        for record in ws.years[year].records.values():
            problems.extend(_budget(record, year, ws.organisation.currency))
    problems.extend(_zero_targets(ws))
    return problems


def _budget(record: Record, year: int, currency: str) -> list[Diagnostic]:
    pagu, spent = record.pagu, record.realisasi_anggaran
    if not _number(pagu) or not _number(spent) or spent <= pagu:
        return []
    src = record.source
    if pagu == 0:
        message = Message(
            "{id} ({year}): realisasi anggaran {cur}{spent} with a pagu of 0",
            "{id} ({year}): realisasi anggaran {cur}{spent} dengan pagu 0",
            id=record.id,
            year=year,
            cur=currency,
            spent=float(spent),
        )
    else:
        message = Message(
            "{id} ({year}): realisasi anggaran {cur}{spent} is above the pagu {cur}{pagu} (serapan {serapan} %)",
            "{id} ({year}): realisasi anggaran {cur}{spent} melebihi pagu {cur}{pagu} (serapan {serapan} %)",
            id=record.id,
            year=year,
            cur=currency,
            spent=float(spent),
            pagu=float(pagu),
            serapan=round(spent / pagu * 100.0, 2),
        )
    return [
        Diagnostic(
            code="LK501",
            message=message,
            path=src.path,
            line=src.line,
            col=src.col,
            hint=Message(
                "check both figures against the budget report (DPA and its realisation)",
                "periksa kedua angka itu dengan laporan anggaran (DPA dan realisasinya)",
            ),
            severity=Severity.WARNING,
            node_id=record.id,
        )
    ]


def _zero_targets(ws: Workspace) -> list[Diagnostic]:
    problems = []
    for node in ws.nodes.values():
        if node.rollup is not None and node.rollup.into is Into.CAPAIAN:
            continue  # the capaian comes from below; the target is not divided by
        if node.direction is None:
            continue  # no capaian rule (LK218 when the node has targets)
        if node.direction is Direction.LOWER and node.capaian_method is CapaianMethod.INVERSE:
            continue  # target / realisasi: divides by the realisasi, not the target
        for year, target in sorted(node.targets.items()):
            if target != 0:
                continue
            src = node.target_sources.get(year, node.source)
            rule = rule_for(node.direction, node.capaian_method).text
            problems.append(
                Diagnostic(
                    code="LK502",
                    path=src.path,
                    line=src.line,
                    col=src.col,
                    severity=Severity.WARNING,
                    node_id=node.id,
                    message=Message(
                        "{id}: the target for {year} is 0, and the capaian rule {rule} divides by it",
                        "{id}: target {year} bernilai 0, padahal aturan capaian {rule} membagi dengannya",
                        id=node.id,
                        year=year,
                        rule=rule,
                    ),
                    hint=Message(
                        "give the target as printed in the PK; with 0 the capaian stays undefined",
                        "tulis target seperti tercantum dalam PK; dengan 0 capaian tidak dapat dihitung",
                    ),
                )
            )
    return problems


def _number(value: object) -> TypeGuard[float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
