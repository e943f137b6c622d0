"""Loaders by file type, and the factory that picks one."""

from __future__ import annotations

from pathlib import Path

from erbm import messages
from erbm.ingest.loaders.base import Loader, LoadError, RawDocument
from erbm.ingest.loaders.html import HtmlLoader
from erbm.ingest.loaders.pdf import PdfLoader
from erbm.ingest.loaders.text import TextLoader
from erbm.ingest.ocr import TesseractOcr

__all__ = ["LoadError", "Loader", "RawDocument", "load_document", "supported_suffixes"]


def _loaders(max_pages: int, max_seconds: float = float("inf"), ocr: TesseractOcr | None = None, ocr_max_pages: int = 0) -> list[Loader]:
    pdf = PdfLoader(max_pages=max_pages, max_seconds=max_seconds, ocr=ocr, ocr_max_pages=ocr_max_pages)
    return [pdf, TextLoader(), HtmlLoader()]


def supported_suffixes() -> set[str]:
    return {s for loader in _loaders(1) for s in loader.suffixes}


def load_document(
    path: Path,
    *,
    max_bytes: int,
    max_pages: int,
    max_seconds: float = float("inf"),
    ocr: TesseractOcr | None = None,
    ocr_max_pages: int = 0,
) -> RawDocument:
    """Load any supported file, or raise LoadError with a reason for the user."""
    size = path.stat().st_size
    if size == 0:
        raise LoadError(messages.EMPTY_FILE)
    if size > max_bytes:
        raise LoadError(messages.TOO_BIG.format(size=size, limit=max_bytes))
    suffix = path.suffix.lower()
    for loader in _loaders(max_pages, max_seconds, ocr, ocr_max_pages):
        if suffix in loader.suffixes:
            return loader.load(path)
    raise LoadError(messages.UNSUPPORTED.format(suffix=suffix or "sans extension"))
