"""One ingest writes at a time: an advisory lock file in the data directory."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from erbm import messages


class IngestBusy(RuntimeError):
    def __init__(self) -> None:
        super().__init__(messages.INGEST_BUSY)


@contextmanager
def ingest_lock(data_dir: Path) -> Iterator[None]:
    """Held for a whole ingest; released by the OS even if the process is killed."""
    data_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(data_dir / "ingest.lock", os.O_CREAT | os.O_RDWR, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise IngestBusy from exc
        yield
    finally:
        os.close(fd)
