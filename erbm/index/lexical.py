"""BM25 over the chunks, with French analysis (bm25s)."""

from __future__ import annotations

import logging
import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from sys import intern

import bm25s
import numpy as np

from erbm.index.acronyms import Glossary
from erbm.index.analysis import adjacent_pairs, analyse
from erbm.index.documents import DocumentNames
from erbm.index.names import NameIndex
from erbm.index.outline import Outline
from erbm.index.spellings import Spellings
from erbm.models import Chunk

# b below the usual 0.75: these corpora mix cover lines and contact blocks of a few
# words with full paragraphs, and strong length normalisation lets the short ones win
# on a single shared word (measured on dev and the project set: MRR +0.00/+0.02).
_K1 = 1.2
_B = 0.5

# bm25s sets its logger to DEBUG when imported, which prints on every index build.
logging.getLogger("bm25s").setLevel(logging.WARNING)


@dataclass(frozen=True)
class LexicalHit:
    chunk: Chunk
    score: float


class LexicalIndex:
    """In-memory BM25, rebuilt from the stored chunks: Chroma stays the one source of truth."""

    def __init__(self, chunks: list[Chunk]) -> None:
        self.chunks = chunks
        # Acronyms read with the words their document spells them out with (erbm/index/acronyms.py).
        self.glossary = Glossary(chunks)
        tokens: list[list[str]] = []
        self._df: Counter[str] = Counter()
        for chunk in chunks:
            text = self._text(chunk)
            # Interned: one string object per distinct stem instead of one per occurrence;
            # at 34,000 chunks that takes ~120 MB off the serving peak (bench, 10,000 pages).
            terms = [intern(term) for term in analyse(text)]
            tokens.append(terms)
            self._df.update(set(terms))
        # Surface words and their other spellings, to tell whether the corpus names something.
        self.names = NameIndex(c.indexed_text() for c in chunks)
        # How the documents write their words, to read a question typed without accents or capitals.
        self.spellings = Spellings([c.text for c in chunks])
        # Numbered headings, for questions that name a part by its number (« la préconisation 2.1 »).
        self.outline = Outline(chunks)
        # Document names, for questions that say where they read something (« Selon le guide… »).
        self.documents = DocumentNames(chunks)
        self._position = {c.id: i for i, c in enumerate(chunks)}
        # Per instance, so a refreshed index does not keep the old one alive.
        self._analysed = lru_cache(maxsize=4096)(self._analyse_chunk)
        self._bm25 = bm25s.BM25(k1=_K1, b=_B)
        if chunks:
            self._bm25.index(tokens, show_progress=False)

    def __len__(self) -> int:
        return len(self.chunks)

    def idf(self, term: str) -> float:
        """Terms the corpus never uses get the highest weight: they are what it cannot answer."""
        n = len(self.chunks)
        df = self._df.get(term, 0)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def search(self, terms: list[str], k: int, mask: np.ndarray | None = None) -> list[LexicalHit]:
        """The k best chunks for these index terms (`mask`: which chunks may match), best first."""
        if not self.chunks or not terms:
            return []
        scores = self._bm25.get_scores(terms)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        top = np.argsort(-scores)[:k]
        return [LexicalHit(self.chunks[int(i)], float(scores[i])) for i in top if scores[i] > 0]

    def missing_from(self, terms: list[str], file_name: str) -> list[str]:
        """The terms that no passage of this document contains."""
        mask = np.fromiter((c.file_name == file_name for c in self.chunks), dtype=bool, count=len(self.chunks))
        return [t for t in terms if not np.any(self._bm25.get_scores([t])[mask] > 0)]

    def __contains__(self, chunk_id: object) -> bool:
        return chunk_id in self._position

    def chunk(self, chunk_id: str) -> Chunk:
        return self.chunks[self._position[chunk_id]]

    def terms_of(self, chunk_id: str) -> frozenset[str]:
        return self._analysed(self._position[chunk_id])[0]

    def pairs_of(self, chunk_id: str) -> frozenset[tuple[str, str]]:
        """Adjacent term pairs (erbm/assistant/retrieval.py, proximity)."""
        return self._analysed(self._position[chunk_id])[1]

    def _text(self, chunk: Chunk) -> str:
        return self.glossary.expand(chunk.indexed_text(), chunk.doc_id)

    def _analyse_chunk(self, position: int) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
        # Recomputed for the few passages a question looks at rather than kept for every
        # chunk: at 34,000 chunks the sets alone cost ~150 MB of serving memory.
        terms = analyse(self._text(self.chunks[position]))
        return frozenset(terms), adjacent_pairs(terms)
