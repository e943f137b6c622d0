"""What every loader returns, and how it fails."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from erbm.ingest.loaders.outline import OutlineEntry
from erbm.ingest.loaders.typography import TypedLine
from erbm.ingest.ocr import OcrWord


class LoadError(Exception):
    """A file that cannot be indexed; ``reason`` is shown to the user as is (French)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class RawDocument:
    """Text per page, before any clean-up. Page numbers are 1-based positions in ``pages``."""

    path: Path
    pages: list[str]
    title: str | None = None  # the format's own title (PDF /Title, Markdown "#", HTML <title>)
    # The largest text of the first page, when typography sets it apart (a cover's title).
    cover_title: str | None = None
    # Extra lines known to be running headers (e.g. the PDF's /Title repeated at page tops).
    known_headers: list[str] = field(default_factory=list)
    # Lines the format itself marks as headings (Markdown "#", HTML <h1>…<h6>).
    headings: set[str] = field(default_factory=set)
    # The PDF's bookmarks, as the file gives them (cleanup.py keeps those printed on their page).
    outline: list[OutlineEntry] = field(default_factory=list)
    # Each page's lines with their font size and weight, where the PDF gives them.
    typed_lines: list[list[TypedLine]] = field(default_factory=list)
    # Pages (1-based) whose text was read by OCR, and what the report should say of the file.
    ocr_pages: set[int] = field(default_factory=set)
    ocr_words: dict[int, list[OcrWord]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


class Loader(Protocol):
    suffixes: tuple[str, ...]

    def load(self, path: Path) -> RawDocument: ...
