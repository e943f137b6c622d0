"""PDF through pypdf."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pypdfium2 as pdfium
from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError, PdfReadError, PyPdfError

from erbm import messages
from erbm.ingest.loaders.base import LoadError, RawDocument
from erbm.ingest.loaders.outline import read_outline
from erbm.ingest.loaders.typography import TypedLine, cover_title, page_text
from erbm.ingest.ocr import OcrTimeout, OcrWord, TesseractOcr

log = logging.getLogger(__name__)

# A page with fewer letters than this and an image is read by OCR when it is available.
_MIN_PAGE_LETTERS = 20
# Text whose visible characters are mostly not letters comes from a font without a Unicode
# mapping ("’>in", combining marks): indexed, it would only be noise.
_MIN_LETTER_SHARE = 0.5


class PdfLoader:
    suffixes = (".pdf",)

    def __init__(
        self, max_pages: int, max_seconds: float = float("inf"), ocr: TesseractOcr | None = None, ocr_max_pages: int = 50
    ) -> None:
        self.max_pages = max_pages
        self.max_seconds = max_seconds
        self.ocr = ocr
        self.ocr_max_pages = ocr_max_pages

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
            deadline = time.monotonic() + self.max_seconds
            pages, typed = self._pages(reader, deadline)
            scanned = [i for i, text in enumerate(pages) if _letters(text) < _MIN_PAGE_LETTERS and _has_image(reader, i)]
            title = self._title(reader)
            cover = self._cover(reader, pages)
            outline = read_outline(reader)
        except LoadError:
            raise
        except LimitReachedError as exc:
            # pypdf caps what one stream may inflate to; a bomb stops there.
            raise LoadError(messages.DECOMPRESSION_LIMIT) from exc
        except (PyPdfError, PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, RecursionError) as exc:
            # pypdf raises a zoo of exceptions on truncated or malformed files.
            log.debug("pypdf failed on %s", path, exc_info=True)
            raise LoadError(messages.CORRUPT.format(detail=type(exc).__name__)) from exc
        notes: list[str] = []
        ocr_words: dict[int, list[OcrWord]] = {}
        if scanned:
            ocr_words = self._read_scans(path, pages, scanned, notes, deadline)
        ocr_pages = set(ocr_words)
        if (reason := _unreadable(pages, scanned, ocr_pages, notes)) is not None:
            raise LoadError(reason)
        return RawDocument(
            path=path, pages=pages, title=title, cover_title=cover, known_headers=[title] if title else [],
            ocr_pages=ocr_pages, ocr_words=ocr_words, notes=notes, outline=outline, typed_lines=typed,
        )

    def _read_scans(
        self, path: Path, pages: list[str], scanned: list[int], notes: list[str], deadline: float
    ) -> dict[int, list[OcrWord]]:
        """OCR of the pages without text, in place; returns the word boxes of the pages read.
        What could not be read is noted for the report, and the rest of the file is kept."""
        if self.ocr is None or not self.ocr.available():
            notes.append(messages.OCR_MISSING.format(pages=len(scanned)))
            return {}
        done: dict[int, list[OcrWord]] = {}
        timed_out: list[int] = []
        late: list[int] = []
        unrendered: list[int] = []
        for i in scanned[: self.ocr_max_pages]:
            # The file's own time limit bounds OCR too: the pages left are reported unread.
            if time.monotonic() > deadline:
                late.append(i + 1)
                continue
            try:
                read = self.ocr.read(path, i)
                pages[i] = read.text
                done[i + 1] = read.words
            except OcrTimeout:
                timed_out.append(i + 1)
            except pdfium.PdfiumError:
                log.debug("pdfium could not render page %d of %s", i + 1, path, exc_info=True)
                unrendered.append(i + 1)
        if done:
            notes.append(messages.OCR_DONE.format(pages=len(done)))
        if timed_out:
            notes.append(messages.OCR_TIMEOUT.format(pages=_pages_list(timed_out), limit=self.ocr.seconds_per_page))
        if late:
            notes.append(messages.OCR_FILE_TIMEOUT.format(pages=_pages_list(late), limit=self.max_seconds))
        if unrendered:
            notes.append(messages.OCR_UNRENDERED.format(pages=_pages_list(unrendered)))
        if len(scanned) > self.ocr_max_pages:
            notes.append(messages.OCR_TOO_MANY.format(pages=len(scanned) - self.ocr_max_pages, limit=self.ocr_max_pages))
        return done

    def _pages(self, reader: PdfReader, deadline: float) -> tuple[list[str], list[list[TypedLine]]]:
        # Checked between pages: one page is bounded by pypdf's own inflate limits, and a
        # thread cannot be interrupted mid-call (the web app ingests outside the main thread).
        pages: list[str] = []
        typed: list[list[TypedLine]] = []
        for page in reader.pages:
            if time.monotonic() > deadline:
                raise LoadError(messages.TOO_SLOW.format(limit=self.max_seconds))
            text, lines = page_text(page)
            if not text.strip():
                # extract_text swallows pypdf's inflate limit and returns "": ask the content
                # stream itself, so a decompression bomb is not reported as a scan.
                page.get_contents()
            pages.append(text)
            typed.append(lines)
        return pages, typed

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


def _pages_list(numbers: list[int]) -> str:
    return ", ".join(map(str, numbers))


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def _has_image(reader: PdfReader, index: int) -> bool:
    """A page drawing an image, directly or through a form XObject (scanners do both): a
    blank page is not worth seconds of OCR."""
    try:
        resources = reader.pages[index].get("/Resources")
        xobjects = resources.get_object().get("/XObject") if resources else None
        if not xobjects:
            return False
        return any(x.get_object().get("/Subtype") in ("/Image", "/Form") for x in xobjects.get_object().values())
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return False


def _unreadable(pages: list[str], scanned: list[int], ocr_pages: set[int], notes: list[str]) -> str | None:
    """Why nothing of the file can be indexed, told as it is; None when some text can.

    A short text ("Hello, world!") is indexed: only a scan was ever a reason to refuse
    little text, and scanned pages are now read by OCR.
    """
    visible = [ch for page in pages for ch in page if not ch.isspace()]
    letters = sum(ch.isalpha() for ch in visible)
    if letters and letters > _MIN_LETTER_SHARE * len(visible):
        return None
    unread = [n for n in notes if n != messages.OCR_DONE.format(pages=len(ocr_pages))]
    if unread:
        return unread[0]  # what kept the scanned pages unread
    if visible and not letters and all(ch.isascii() for ch in visible):
        return messages.NO_PASSAGE  # numbers and signs only: a form's field values, page numbers
    if visible:
        return messages.UNMAPPED_FONT
    return messages.NO_TEXT if scanned else messages.EMPTY_PAGES
