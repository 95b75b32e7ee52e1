"""The machine-readable contract of `lkip eval --format json` (plain numbers, stable keys)."""
from __future__ import annotations

from typing import Any

from ..evaluate import Evaluation, NodeResult

FORMAT_VERSION = 1


def _round(value: float | None, digits: int = 6) -> float | None:
    return None if value is None else round(value, digits)


def node_dict(r: NodeResult) -> dict[str, Any]:
    spec = r.spec
    return {
        "id": spec.id,
        "kind": spec.kind.value,
        "parent": spec.parent,
        "name": spec.name,
        "indicator": spec.indicator,
        "unit": spec.unit,
        "direction": spec.direction.value,
        "capaian_method": spec.capaian_method.value,
        "target": r.target,
        "realisasi": _round(r.realisasi),
        "realisasi_from": r.realisasi_from,
        "capaian": _round(r.capaian),
        "capaian_capped": _round(r.capaian_shown) if spec.capaian_cap is not None else None,
        "predikat": r.band.code if r.band else None,
        "predikat_label": r.band.label if r.band else None,
        "status": r.status.value,
        "reason": r.reason,
        "pagu": r.pagu,
        "realisasi_anggaran": r.realisasi_anggaran,
        "serapan": _round(r.serapan),
        "efisiensi": _round(r.efisiensi),
        "depth": r.depth,
    }


def render_json(evaluation: Evaluation, results: list[NodeResult]) -> dict[str, Any]:
    org = evaluation.workspace.organisation
    return {
        "format": FORMAT_VERSION,
        "year": evaluation.year,
        "triwulan": evaluation.tw,
        "organisation": {"name": org.name, "short_name": org.short_name, "region": org.region},
        "scale": evaluation.workspace.scale.id,
        "summary": {
            "pagu": evaluation.total_pagu,
            "realisasi_anggaran": evaluation.total_realisasi_anggaran,
            "serapan": _round(evaluation.total_serapan),
            "mean_capaian_iku": _round(evaluation.mean_capaian_iku),
            "status": evaluation.count_by_status(),
        },
        "nodes": [node_dict(r) for r in results],
    }
