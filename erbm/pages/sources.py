"""The indexed PDFs as the app shows them: a cited page's image, the quote's boxes on it, the
file itself. Files are found by document version in the index's catalog, never by a path
taken from a request."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium

from erbm.index.catalog import CatalogState, DocumentEntry
from erbm.ingest.ocr import load_words
from erbm.models import Citation, PageHighlight
from erbm.pages.highlight import locate
from erbm.pages.images import PageImages
from erbm.settings import Settings

log = logging.getLogger(__name__)


class SourcePages:
    def __init__(self, settings: Settings, catalog: Callable[[], CatalogState]) -> None:
        """`catalog`: the documents of the index the citations come from."""
        self.settings = settings
        self.catalog = catalog
        self.images = PageImages(settings.preview_dir, settings.preview_width, settings.preview_cache_bytes)

    def pdf(self, version: str, state: CatalogState | None = None) -> DocumentEntry | None:
        """The indexed PDF of this version, if the index holds it and the file is still there."""
        entry = (state or self.catalog()).documents.get(version)
        if entry is None or not entry.file_name.lower().endswith(".pdf") or not Path(entry.source_path).is_file():
            return None
        return entry

    def image(self, version: str, page: int) -> Path | None:
        state = self.catalog()
        entry = self.pdf(version, state)
        if entry is None or not 1 <= page <= entry.pages:
            return None
        try:
            return self.images.get(Path(entry.source_path), version, page, state.versions())
        except (pdfium.PdfiumError, OSError):
            log.warning("could not render page %d of %s", page, entry.source_path, exc_info=True)
            return None

    def highlights(self, citation: Citation) -> list[PageHighlight]:
        """The quote's boxes on the cited pages; none when the file cannot be read."""
        chunk = citation.chunk
        entry = self.pdf(chunk.version) if chunk.is_pdf else None
        if entry is None:
            return []
        words = load_words(self.settings.ocr_dir, chunk.doc_id) if chunk.ocr else None
        try:
            return locate(Path(entry.source_path), range(chunk.page_start, chunk.page_end + 1), citation.quote, words)
        except (pdfium.PdfiumError, OSError):
            log.warning("could not locate a quote in %s", entry.source_path, exc_info=True)
            return []
