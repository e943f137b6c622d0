"""A fast, declared stand-in embedder for the 10,000-page search benchmark.

Only search latency and memory are measured at that size, and embedding 34,000
passages with the real model would take over an hour on two cores. Signed feature
hashing of the analysed words gives vectors of the real dimension (384) with
lexical neighbourhoods, so HNSW search does realistic work.
"""

from __future__ import annotations

import hashlib

import numpy as np
from langchain_core.embeddings import Embeddings

from erbm.index.analysis import analyse

DIM = 384


def _vector(text: str) -> list[float]:
    v = np.zeros(DIM, dtype=np.float32)
    for term in analyse(text):
        h = int.from_bytes(hashlib.blake2b(term.encode(), digest_size=8).digest(), "little")
        v[h % DIM] += 1.0 if (h >> 32) & 1 else -1.0
    norm = float(np.linalg.norm(v))
    return (v / norm if norm else v).tolist()


class HashingEmbeddings(Embeddings):
    similarity_reference: float | None = None

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [_vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return _vector(text)
