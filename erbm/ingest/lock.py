"""One ingest writes at a time: an advisory lock file in the data directory."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from erbm import messages
from erbm.index.access import file_lock


class IngestBusy(RuntimeError):
    def __init__(self) -> None:
        super().__init__(messages.INGEST_BUSY)


@contextmanager
def ingest_lock(data_dir: Path) -> Iterator[None]:
    """Held for a whole ingest; released by the OS even if the process is killed."""
    with file_lock(data_dir / "ingest.lock", wait=False) as taken:
        if not taken:
            raise IngestBusy
        yield
