"""The PDF outline (bookmarks): the headings the publisher's tool exported, with their levels.

An outline is the strongest structure signal a PDF can carry, but not every outline is one:
imposition tools leave bookmarks named after the files they assembled ("1ere couverture-sans",
"Page vierge"). So an entry only counts where its title is printed on the page it points to
(erbm/ingest/cleanup.py matches them to lines); this module only reads what the file says.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from erbm.text import collapse_whitespace, nfkc

log = logging.getLogger(__name__)

# A hostile outline can nest or loop without end; real documents stay far below these.
_MAX_DEPTH = 8
_MAX_ENTRIES = 5000


@dataclass(frozen=True)
class OutlineEntry:
    level: int  # 0 for the outline's top level
    title: str
    page: int  # 1-based


def read_outline(reader: PdfReader) -> list[OutlineEntry]:
    """Every bookmark that points to a page, in outline order; [] when the file has none or
    its outline cannot be read (a broken outline must not lose the document)."""
    try:
        top = reader.outline
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError):
        log.debug("unreadable outline in %s", reader.stream, exc_info=True)
        return []
    entries: list[OutlineEntry] = []
    # pypdf gives a list of destinations where a nested list holds the children of the
    # destination before it.
    stack: list[tuple[list[object], int]] = [(list(top), 0)]
    while stack and len(entries) < _MAX_ENTRIES:
        items, level = stack.pop()
        for position, item in enumerate(items):
            if isinstance(item, list):
                if level + 1 < _MAX_DEPTH:
                    # Children first, then the rest of this level: outline order.
                    stack.append((items[position + 1 :], level))
                    stack.append((item, level + 1))
                    break
                continue
            entry = _entry(reader, item, level)
            if entry is not None:
                entries.append(entry)
    return entries[:_MAX_ENTRIES]


def _entry(reader: PdfReader, item: object, level: int) -> OutlineEntry | None:
    try:
        title = collapse_whitespace(nfkc(str(getattr(item, "title", "") or "")))
        page = reader.get_destination_page_number(item)  # type: ignore[arg-type]
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError):
        return None
    if not title or page is None or page < 0:
        return None
    return OutlineEntry(level=level, title=title, page=page + 1)
