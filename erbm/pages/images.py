"""Cited pages rendered as images, cached on disk.

Keyed by document version, page and width: a second view costs a file read. The cache is
bounded (least recently used first out) and swept of versions the index no longer holds.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
from pathlib import Path

from erbm.pdfium_guard import render_page

log = logging.getLogger(__name__)


class PageImages:
    def __init__(self, folder: Path, width: int, max_bytes: int) -> None:
        self.folder = folder
        self.width = width
        self.max_bytes = max_bytes
        self._lock = threading.Lock()

    def get(self, pdf: Path, version: str, page: int, live: set[str]) -> Path:
        """The page's PNG, rendered on first use. `live`: the versions the index holds."""
        target = self.folder / version / f"{page}-{self.width}.png"
        with self._lock:
            if target.is_file():
                os.utime(target)  # recently used: swept last
                return target
            image = render_page(pdf, page - 1, width=self.width)
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_suffix(".tmp")
            image.save(tmp, format="PNG", optimize=True)
            tmp.replace(target)
            self._sweep(live, keep=target)
            return target

    def _sweep(self, live: set[str], keep: Path) -> None:
        for folder in self.folder.iterdir():
            if folder.is_dir() and folder.name not in live:
                shutil.rmtree(folder, ignore_errors=True)
        files = sorted((p for p in self.folder.glob("*/*.png") if p != keep), key=lambda p: p.stat().st_mtime)
        total = sum(p.stat().st_size for p in files) + keep.stat().st_size
        for old in files:
            if total <= self.max_bytes:
                break
            total -= old.stat().st_size
            old.unlink(missing_ok=True)


def drop_versions(folder: Path, versions: set[str]) -> None:
    """The rendered pages of versions an ingest retired go with their passages."""
    for version in versions:
        shutil.rmtree(folder / version, ignore_errors=True)
