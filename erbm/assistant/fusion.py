"""Rank fusion strategies, one small function each."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass


def reciprocal_rank_fusion(rankings: Sequence[Sequence[str]], k: int = 60, weights: Sequence[float] | None = None) -> list[tuple[str, float]]:
    """Cormack et al. 2009: score = Σ w / (k + rank). Robust to incomparable score scales."""
    weights = weights or [1.0] * len(rankings)
    scores: dict[str, float] = defaultdict(float)
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, item in enumerate(ranking, start=1):
            scores[item] += weight / (k + rank)
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))


@dataclass(frozen=True)
class Fusion:
    """How the four rankings become one: the parameters `make eval` chooses leave-one-set-out
    (erbm/evaluation/suite.py), so each is shown on a set it was not chosen on."""

    weights: tuple[float, float, float, float] = (1.0, 1.0, 1.0, 0.5)  # dense, lexical, proximity, sentence
    rrf_k: int = 60
    candidates: int = 30  # passages each engine contributes
    # Proximity ranks those among the first `proximity_depth` of the dense or lexical ranking.
    proximity_depth: int = 10

    def key(self) -> str:
        weights = ",".join(f"{w:g}" for w in self.weights)
        return f"{weights} k={self.rrf_k} n={self.candidates} p={self.proximity_depth}"
