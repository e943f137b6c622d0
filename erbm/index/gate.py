"""The index a question reads, and the gate that swaps it when an ingest has published.

A loaded index is everything a question reads, in memory: the committed chunks, their BM25
index and passage vectors, the sentence vector files and the catalog naming their sources.
Questions never touch Chroma, so a reload builds the next index beside the current one and
swaps it in one assignment: a question never mixes two versions, and none waits for another.

Only the gate reads Chroma, one thread at a time, and only while no ingest holds the store
(erbm/index/access.py). While an ingest writes, or while another thread reloads, questions
get the index already loaded. Loading is lazy: `erbm ingest` never pays for a lexical index
it does not use.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from erbm.index.access import StoreAccess
from erbm.index.catalog import CatalogState
from erbm.index.dense import DenseIndex
from erbm.index.lexical import LexicalIndex
from erbm.index.sentences import SentenceReader, SentenceVectors
from erbm.index.store import ChunkStore


@dataclass(frozen=True, eq=False)
class LoadedIndex:
    """The committed chunks of one index version, as the lexical and dense indexes hold them,
    their sentence vectors and the catalog that lists their documents."""

    stamp: str | None
    catalog: CatalogState
    lexical: LexicalIndex
    dense: DenseIndex
    sentences: SentenceReader


class IndexGate:
    def __init__(self, store: ChunkStore, access: StoreAccess, sentences: SentenceVectors | None = None) -> None:
        self.store = store
        self.access = access
        self.sentences = sentences
        self._lock = threading.Lock()  # held by the one thread reading Chroma
        self._loaded: LoadedIndex | None = None

    def _load(self, stamp: str | None) -> LoadedIndex:
        catalog = self.store.catalog.read()
        committed = catalog.versions()
        stored = self.store.stored(committed)
        # The embedded client keeps caches of all it just read (70 MB at 10,000 pages, make
        # bench 03/12), and questions never read it: a fresh one holds nothing.
        self.store.reopen()
        sentences = self.sentences.reader(committed) if self.sentences else SentenceReader({})
        return LoadedIndex(
            stamp=stamp, catalog=catalog, lexical=LexicalIndex(stored.chunks), dense=DenseIndex(stored.vectors), sentences=sentences
        )

    def current(self) -> LoadedIndex:
        """The current index, (re)loaded first when an ingest has published and none writes."""
        loaded = self._loaded
        if not self._lock.acquire(blocking=loaded is None):
            assert loaded is not None
            return loaded  # another thread is reading the store: this one is still whole
        try:
            loaded = self._loaded
            with self.access.reading(wait=loaded is None) as free:
                if free:
                    stamp = self.store.catalog.stamp()
                    if loaded is None or loaded.stamp != stamp:
                        if loaded is not None:
                            # An embedded client keeps the vectors it read first and would
                            # never see another process's chunks.
                            self.store.reopen()
                        loaded = self._loaded = self._load(stamp)
            assert loaded is not None  # `wait` made the first read free
            return loaded
        finally:
            self._lock.release()
