"""PDF through pypdf."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError, PdfReadError, PyPdfError

from erbm import messages
from erbm.ingest.loaders.base import LoadError, RawDocument
from erbm.ingest.loaders.typography import cover_title

log = logging.getLogger(__name__)

# Below this many letters over the whole file, the PDF is taken to be scanned images.
_MIN_LETTERS = 20


class PdfLoader:
    suffixes = (".pdf",)

    def __init__(self, max_pages: int, max_seconds: float = float("inf")) -> None:
        self.max_pages = max_pages
        self.max_seconds = max_seconds

    def load(self, path: Path) -> RawDocument:
        with path.open("rb") as fh:
            head = fh.read(1024)
        # Checked by content: a text file renamed .pdf must not reach pypdf's lenient parser.
        if b"%PDF-" not in head:
            raise LoadError(messages.NOT_A_PDF)
        try:
            reader = PdfReader(path, strict=False)
            if reader.is_encrypted:
                self._decrypt(reader)
            n_pages = len(reader.pages)
            if n_pages > self.max_pages:
                raise LoadError(messages.TOO_MANY_PAGES.format(pages=n_pages, limit=self.max_pages))
            pages = self._pages(reader)
            title = self._title(reader)
            cover = self._cover(reader, pages)
        except LoadError:
            raise
        except LimitReachedError as exc:
            # pypdf caps what one stream may inflate to; a bomb stops there.
            raise LoadError(messages.DECOMPRESSION_LIMIT) from exc
        except (PyPdfError, PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, RecursionError) as exc:
            # pypdf raises a zoo of exceptions on truncated or malformed files.
            log.debug("pypdf failed on %s", path, exc_info=True)
            raise LoadError(messages.CORRUPT.format(detail=type(exc).__name__)) from exc
        if sum(ch.isalpha() for page in pages for ch in page) < _MIN_LETTERS:
            raise LoadError(messages.NO_TEXT)
        return RawDocument(
            path=path, pages=pages, title=title, cover_title=cover, known_headers=[title] if title else []
        )

    def _pages(self, reader: PdfReader) -> list[str]:
        # Checked between pages: one page is bounded by pypdf's own inflate limits, and a
        # thread cannot be interrupted mid-call (the web app ingests outside the main thread).
        deadline = time.monotonic() + self.max_seconds
        pages = []
        for page in reader.pages:
            if time.monotonic() > deadline:
                raise LoadError(messages.TOO_SLOW.format(limit=self.max_seconds))
            text = page.extract_text() or ""
            if not text.strip():
                # extract_text swallows pypdf's inflate limit and returns "": ask the content
                # stream itself, so a decompression bomb is not reported as a scan.
                page.get_contents()
            pages.append(text)
        return pages

    @staticmethod
    def _cover(reader: PdfReader, pages: list[str]) -> str | None:
        # The cover's title is a nicety: a font pypdf cannot size must not lose the document.
        try:
            return cover_title(list(reader.pages), pages)
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, ZeroDivisionError, RecursionError):
            log.debug("no cover title for %s", reader.stream, exc_info=True)
            return None

    @staticmethod
    def _decrypt(reader: PdfReader) -> None:
        # Many "protected" PDFs only restrict printing and open with an empty user password.
        try:
            if reader.decrypt(""):
                return
        except (FileNotDecryptedError, DependencyError, NotImplementedError) as exc:
            raise LoadError(messages.ENCRYPTED) from exc
        raise LoadError(messages.ENCRYPTED)

    @staticmethod
    def _title(reader: PdfReader) -> str | None:
        try:
            meta = reader.metadata
        except (PdfReadError, ValueError, KeyError, TypeError):
            return None
        title = (meta.title if meta else None) or ""
        title = " ".join(str(title).split())
        return title or None
