"""Page clean-up for real publications: running headers and footers, page numbers, TOC lines.

Works on lines, page by page, before the lines are joined, because headers and
page numbers are only recognisable by their position at the top or bottom of a page.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from erbm.ingest.loaders.base import RawDocument
from erbm.ingest.patterns import Patterns
from erbm.text import collapse_whitespace, nfkc, repair_glyphs

# Running headers and footers live in the first/last two lines of a page; a wider
# zone starts eating boilerplate body sentences that open every page of a chapter.
_ZONE = 2
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Line:
    page: int  # 1-based
    text: str
    heading: bool = False  # marked as a heading by the file format itself


def _key(line: str) -> str:
    # "Document — page 2" and "Document — page 3" are the same footer.
    return _DIGITS.sub("#", line.lower())


def _page_lines(raw: str) -> list[str]:
    lines = (collapse_whitespace(line) for line in repair_glyphs(nfkc(raw)).splitlines())
    return [line for line in lines if line]


def _zone(n: int) -> set[int]:
    # On a short page the zones would cover the body: keep only the first and last line.
    width = _ZONE if n > 2 * _ZONE else 1
    return set(range(min(width, n))) | set(range(max(0, n - width), n))


def _repeated_keys(pages: list[list[str]]) -> set[str]:
    """Lines found in the top/bottom zone of at least half the pages (and of two pages at least)."""
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({_key(lines[i]) for i in _zone(len(lines))})
    needed = max(2, math.ceil(len(pages) / 2))
    return {key for key, count in counts.items() if count >= needed}


def clean_pages(doc: RawDocument, patterns: Patterns) -> list[Line]:
    """Cleaned lines of the whole document, each with its page number."""
    pages = [_page_lines(p) for p in doc.pages]
    repeated = _repeated_keys(pages)
    known = {_key(collapse_whitespace(nfkc(h))) for h in doc.known_headers if h}
    out: list[Line] = []
    for page_no, lines in enumerate(pages, start=1):
        zone = _zone(len(lines))
        for i, line in enumerate(lines):
            key = _key(line)
            if i in zone and (key in repeated or key in known or patterns.page_number.match(line)):
                continue
            if patterns.toc.search(line):
                continue
            out.append(Line(page=page_no, text=line, heading=line in doc.headings))
    return out
