"""Dense search over the passage vectors of one loaded index, in memory.

The vectors are those Chroma stores, read once with the chunks when the index loads; a
question then never touches the Chroma directory, which an ingest in another process may be
writing (erbm/index/access.py). An exact search costs one matrix product (1.2 ms at
34,000 passages); its price is memory: those 10,000 pages are 52 MB of float32 (serving
peak 567 → 624 MB, then 546 once the gate dropped the client's caches after loading: make
bench, 03/12).
"""

from __future__ import annotations

import numpy as np


class DenseIndex:
    def __init__(self, vectors: np.ndarray) -> None:
        """`vectors`: one row per passage, in the lexical index's order; a float32 matrix is
        normalised in place (no second copy in the serving process)."""
        vectors = np.asarray(vectors, dtype=np.float32)
        if vectors.size:
            # einsum: the row norms without a full-size temporary of squares.
            vectors /= np.maximum(np.sqrt(np.einsum("ij,ij->i", vectors, vectors)), 1e-12)[:, None]
        self._vectors = vectors

    def __len__(self) -> int:
        return len(self._vectors)

    def search(self, vector: list[float], k: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
        """(row, cosine similarity) of the k closest passages, best first; `mask`: which
        passages may match."""
        if not len(self._vectors) or k <= 0:
            return []
        query = np.asarray(vector, dtype=np.float32)
        query = query / (np.linalg.norm(query) or 1.0)
        sims = self._vectors @ query
        allowed = np.flatnonzero(mask) if mask is not None else np.arange(len(sims))
        if not len(allowed):
            return []
        k = min(k, len(allowed))
        top = allowed[np.argpartition(-sims[allowed], k - 1)[:k]]
        top = top[np.argsort(-sims[top], kind="stable")]
        return [(int(i), float(sims[i])) for i in top]
