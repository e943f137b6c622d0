"""Which process may touch the embedded Chroma directory, and when.

Chroma's embedded client is not process-safe (chroma-core/chroma#961, #3792): two processes
on one directory see stale vectors, and a reader that opens the files while another process
writes them is outside what Chroma supports; the chat did exactly that beside `erbm ingest`.
So an ingest holds the directory exclusively from its first write until its client is closed,
and a serving process reads it (the stamp, an index load) only when no ingest holds it;
meanwhile it answers from the index it has loaded, which lives in memory (erbm/index/gate.py).

A Chroma server orders its clients' requests itself: nothing to lock (`chroma_host` set).
"""

from __future__ import annotations

import fcntl
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from erbm.settings import Settings

log = logging.getLogger(__name__)


class StoreAccess:
    def __init__(self, lock_path: Path | None) -> None:
        """`lock_path` None: the store is a server, nothing to lock."""
        self.lock_path = lock_path

    @classmethod
    def for_settings(cls, settings: Settings) -> StoreAccess:
        if settings.chroma_host:
            return cls(None)
        return cls(settings.chroma_dir.with_name(settings.chroma_dir.name + ".lock"))

    @contextmanager
    def _flock(self, operation: int) -> Iterator[bool]:
        """Yields whether the lock was taken (a non-blocking request may not be)."""
        if self.lock_path is None:
            yield True
            return
        self.lock_path.parent.mkdir(parents=True, exist_ok=True)
        # A new open file each time: flock conflicts between two of them even within one
        # process, so the app's own ingest (an upload) keeps its question threads out too.
        fd = os.open(self.lock_path, os.O_CREAT | os.O_RDWR, 0o644)
        try:
            try:
                fcntl.flock(fd, operation)
            except BlockingIOError:
                yield False
                return
            yield True
        finally:
            os.close(fd)  # releases the lock, as the OS does for a killed process

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Held by an ingest; waits for a reader's load to end (a second or two)."""
        with self._flock(fcntl.LOCK_EX):
            yield

    @contextmanager
    def reading(self, *, wait: bool) -> Iterator[bool]:
        """Yields False when an ingest holds the store and `wait` is false: the caller then
        keeps what it has loaded. With `wait` (nothing loaded yet), waits for the ingest."""
        if wait:
            with self._flock(fcntl.LOCK_SH | fcntl.LOCK_NB) as free:
                if free:
                    yield True
                    return
            log.info("an ingest is writing the index: waiting for it to finish")
            with self._flock(fcntl.LOCK_SH) as free:
                yield free
            return
        with self._flock(fcntl.LOCK_SH | fcntl.LOCK_NB) as free:
            yield free
