"""Hybrid retrieval: Chroma (dense) + BM25-French (lexical) + term proximity, fused by reciprocal rank.

Proximity ranks the candidates the other two found by how many of the question's
adjacent term pairs they contain: it promotes the passage that says "délégué
interministériel" over the one that has "délégation" and "interministérielle" in a
title line, which neither bag-of-words ranking can tell apart (dev MRR 0.88 → 0.93,
project set unchanged). In these pairs "combien" stands for any number, so "Combien de
partenaires … ?" finds "les douze partenaires" (dev hit@5 0.955 → 1.0, MRR 0.93 → 0.98)."""

from __future__ import annotations

import numpy as np

from erbm.assistant.fusion import reciprocal_rank_fusion
from erbm.assistant.query import Query
from erbm.index.lexical import LexicalIndex
from erbm.index.store import ChunkStore
from erbm.models import Filters, Passage


class HybridRetriever:
    def __init__(
        self,
        store: ChunkStore,
        lexical: LexicalIndex,
        *,
        candidates: int,
        rrf_k: int,
        weights: tuple[float, float, float] = (1.0, 1.0, 1.0),
    ) -> None:
        self.weights = weights
        self.store = store
        self.lexical = lexical
        self.candidates = candidates
        self.rrf_k = rrf_k

    def _distinct(self, ids: list[str]) -> list[str]:
        """First of each run of identical passages: a text repeated a thousand times (a
        one-line export, boilerplate) must not fill every candidate slot."""
        seen: set[str] = set()
        out = []
        for cid in ids:
            text = self.lexical.chunk(cid).text
            if text not in seen:
                seen.add(text)
                out.append(cid)
        return out

    def _proximity(self, query: Query, candidates: list[str]) -> list[str]:
        """Candidates sharing at least one adjacent pair with the question, most pairs first."""
        pairs = query.pairs
        if not pairs:
            return []
        shared = {cid: len(pairs & self.lexical.pairs_of(cid)) for cid in candidates}
        return sorted((cid for cid in candidates if shared[cid]), key=lambda cid: -shared[cid])

    def retrieve(
        self, query: Query, filters: Filters | None = None, k: int = 10, weights: tuple[float, float, float] | None = None
    ) -> list[Passage]:
        """`weights` (dense, lexical, proximity) replaces the configured ones for this call."""
        if not len(self.lexical):
            return []
        filters = filters or Filters()
        mask = None
        if not filters.is_empty():
            mask = np.array([filters.matches(c) for c in self.lexical.chunks])
        lexical = self.lexical.search(query.terms, self.candidates, mask)
        lexical_ids = self._distinct([hit.chunk.id for hit in lexical])
        dense_hits = dict(self.store.dense_search(query.text, self.candidates, filters))
        dense = [(cid, dense_hits[cid]) for cid in self._distinct([c for c in dense_hits if c in self.lexical])]
        dense_ids = [cid for cid, _ in dense]
        similarity = dict(dense)
        dense_rank = {cid: r for r, cid in enumerate(dense_ids, start=1)}
        lexical_rank = {cid: r for r, cid in enumerate(lexical_ids, start=1)}
        proximity_ids = self._proximity(query, list(dict.fromkeys(dense_ids + lexical_ids)))
        fused = reciprocal_rank_fusion([dense_ids, lexical_ids, proximity_ids], k=self.rrf_k, weights=weights or self.weights)
        return [
            Passage(
                chunk=self.lexical.chunk(cid),
                score=score,
                dense_rank=dense_rank.get(cid),
                lexical_rank=lexical_rank.get(cid),
                dense_similarity=similarity.get(cid),
            )
            for cid, score in fused[:k]
        ]
