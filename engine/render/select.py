"""Choosing which evaluated nodes a view shows (--only, --depth)."""

from __future__ import annotations

from ..evaluate import Evaluation, NodeResult


class UnknownNode(KeyError):
    pass


def select(evaluation: Evaluation, only: str | None = None, depth: int | None = None) -> list[NodeResult]:
    """Nodes in tree order; `only` keeps one subtree, `depth` the levels below the first shown (0 = just it)."""
    results = list(evaluation.results.values())
    if only is not None:
        if only not in evaluation.results:
            raise UnknownNode(only)
        start = next(i for i, r in enumerate(results) if r.id == only)  # by id: comparing results is costly
        base = results[start].depth
        chosen = [results[start]]
        for r in results[start + 1 :]:
            if r.depth <= base:
                break
            chosen.append(r)
        results = chosen
    if depth is not None and results:
        base = min(r.depth for r in results)
        results = [r for r in results if r.depth - base <= depth]
    return results
