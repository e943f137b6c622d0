"""The index a question reads, and the gate that swaps it when an ingest has published.

Questions hold the loaded index while they read it; a reload waits until no question is in
flight (it may close the Chroma client they use) and swaps the whole bundle, so a question
never mixes two versions. Loading is lazy: `erbm ingest` never pays for a lexical index it
does not use.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from erbm.index.lexical import LexicalIndex
from erbm.index.sentences import SentenceReader, SentenceVectors
from erbm.index.store import ChunkStore


@dataclass(frozen=True, eq=False)
class LoadedIndex:
    """The committed chunks of one index version, as the lexical index holds them, and their
    sentence vectors."""

    stamp: str | None
    lexical: LexicalIndex
    sentences: SentenceReader


class IndexGate:
    def __init__(self, store: ChunkStore, sentences: SentenceVectors | None = None) -> None:
        self.store = store
        self.sentences = sentences
        self._gate = threading.Condition()
        self._readers = 0
        self._reloading = False
        self._loaded: LoadedIndex | None = None
        self._own_ingests = 0

    def _load(self, stamp: str | None) -> LoadedIndex:
        committed = self.store.catalog.read().versions()
        sentences = self.sentences.reader(committed) if self.sentences else SentenceReader({})
        return LoadedIndex(stamp=stamp, lexical=LexicalIndex(self.store.all_chunks(committed)), sentences=sentences)

    @contextmanager
    def hold(self) -> Iterator[LoadedIndex]:
        """The current index, (re)loaded first when an ingest has published, held until the
        block ends."""
        while True:
            with self._gate:
                while self._reloading:
                    self._gate.wait()
                self._readers += 1
            try:
                stamp, loaded = self.store.catalog.stamp(), self._loaded
            except BaseException:
                self._leave()
                raise
            if loaded is not None and loaded.stamp == stamp:
                break
            self._leave()
            self._reload(stamp)
        try:
            yield loaded
        finally:
            self._leave()

    def current(self) -> LoadedIndex:
        """The current index, not held: for what reads it without the store (counts, titles)."""
        with self.hold() as loaded:
            return loaded

    @contextmanager
    def own_ingest(self) -> Iterator[None]:
        """This process writes: the index is reloaded at the end without reopening the client
        (its own writes go through it, which stays current)."""
        with self._gate:
            self._own_ingests += 1
        try:
            yield
            if self._loaded is not None:
                # Reload here, while this ingest still counts as ours (no reopen needed).
                self._reload(self.store.catalog.stamp())
        finally:
            with self._gate:
                self._own_ingests -= 1

    def _leave(self) -> None:
        with self._gate:
            self._readers -= 1
            self._gate.notify_all()

    def _reload(self, stamp: str | None) -> None:
        with self._gate:
            while self._reloading:
                self._gate.wait()
            if self._loaded is not None and self._loaded.stamp == stamp:
                return  # another thread did it
            self._reloading = True
            while self._readers:
                self._gate.wait()
        try:
            if self._loaded is not None and not self._own_ingests:
                # Another process wrote: an embedded Chroma client keeps the vector index it
                # loaded first and would never see the new chunks.
                self.store.reopen()
            self._loaded = self._load(stamp)
        finally:
            with self._gate:
                self._reloading = False
                self._gate.notify_all()
