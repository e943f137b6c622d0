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


@contextmanager
def file_lock(path: Path, *, shared: bool = False, wait: bool = True) -> Iterator[bool]:
    """An advisory lock on `path` (created if needed), released when the block ends or the
    process dies. Yields whether it was taken: always with `wait`, which blocks until it is."""
    path.parent.mkdir(parents=True, exist_ok=True)
    operation = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
    # A new open file each time: flock conflicts between two of them even within one
    # process, so the app's own ingest (an upload) keeps its question threads out too.
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o644)
    try:
        try:
            fcntl.flock(fd, operation | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                yield False
                return
            log.info("%s is held by another process: waiting", path.name)
            fcntl.flock(fd, operation)
        yield True
    finally:
        os.close(fd)  # releases the lock, as the OS does for a killed process


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
    def _lock(self, *, shared: bool, wait: bool) -> Iterator[bool]:
        if self.lock_path is None:
            yield True
            return
        with file_lock(self.lock_path, shared=shared, wait=wait) as taken:
            yield taken

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Held by an ingest; waits for a reader's load to end (a second or two)."""
        with self._lock(shared=False, wait=True):
            yield

    @contextmanager
    def reading(self, *, wait: bool) -> Iterator[bool]:
        """Yields False when an ingest holds the store and `wait` is false: the caller then
        keeps what it has loaded. With `wait` (nothing loaded yet), waits for the ingest."""
        with self._lock(shared=True, wait=wait) as free:
            yield free
