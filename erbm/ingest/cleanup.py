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
from erbm.ingest.loaders.outline import OutlineEntry
from erbm.ingest.loaders.typography import TypedLine
from erbm.ingest.patterns import Patterns
from erbm.text import collapse_whitespace, fold_accents, nfkc, repair_glyphs

# Running headers and footers live in the first/last two lines of a page; a wider
# zone starts eating boilerplate body sentences that open every page of a chapter.
_ZONE = 2
_DIGITS = re.compile(r"\d+")
_NOT_ALNUM = re.compile(r"[\W_]+")
# A contents entry's title wraps over this many lines at most.
_ENTRY_LINES = 3
# A line that opens with a heading's number ("I.", "1.2 ", "A) ").
_NUMBERED = re.compile(r"\s*(?:[IVXLC]{1,7}|\d{1,3}(?:\.\d{1,3})*|[A-Z])\s*[.)\-–—:]?\s")
# A bookmark's title is printed over at most this many lines.
_OUTLINE_LINES = 3
# What a printed heading may carry before its bookmark's title: a number, a label word
# ("1.1", "Axe 2"), in compared characters.
_OUTLINE_PREFIX = 12
_OUTLINE_MIN_KEY = 4
# Type this much larger than the body's is display type (the cover title uses the same).
_DISPLAY = 1.15


@dataclass(frozen=True)
class Line:
    page: int  # 1-based
    text: str
    heading: bool = False  # marked as a heading by the file format itself
    # Where a PDF bookmark is printed: its level on the line that starts its title (and on
    # the lines that continue it), its title on the first line only.
    outline_level: int | None = None
    outline_title: str | None = None
    # Set larger than the body, or bold where the body is not: typography marks a heading.
    display: bool = False


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


def _display_lines(doc: RawDocument) -> list[set[str]]:
    """Per page, the cleaned texts of the lines set in display type."""
    letters: Counter[tuple[float, bool]] = Counter()
    for page in doc.typed_lines:
        for typed in page:
            letters[(typed.size, typed.bold)] += sum(ch.isalpha() for ch in typed.text)
    if not letters:
        return []
    body_size, body_bold = letters.most_common(1)[0][0]

    def display(typed: TypedLine) -> bool:
        return typed.size >= body_size * _DISPLAY or (typed.bold and not body_bold and typed.size >= body_size)

    return [{text for typed in page if display(typed) for text in _page_lines(typed.text)} for page in doc.typed_lines]


def _contents(lines: list[str], patterns: Patterns) -> range:
    """The lines of a table of contents on this page: from its first entry to its last, when
    enough lines end with a page reference to be one ("litiges P3", "… p. 12")."""
    entries = [i for i, line in enumerate(lines) if patterns.toc.search(line) or patterns.toc_page_ref.search(line)]
    if len(entries) < patterns.toc_min_entries:
        return range(0)
    # The first entry's title may wrap as the others do: back to the numbered line that
    # opens it, when there is one within a few lines.
    start = entries[0]
    for back in range(1, _ENTRY_LINES + 1):
        if entries[0] - back < 0 or lines[entries[0] - back].rstrip().endswith((".", "!", "?", ":")):
            break
        if _NUMBERED.match(lines[entries[0] - back]):
            start = entries[0] - back
            break
    return range(start, entries[-1] + 1)


def _outline_key(text: str) -> str:
    return _NOT_ALNUM.sub("", fold_accents(text.lower()))


def _printed_at(lines: list[str], title: str, taken: set[int]) -> tuple[int, int] | None:
    """(first line, line count) where a bookmark's title is printed on this page, if it is:
    the same characters over one to three lines, a number or label word allowed before, a
    title the outline cut ("… V...") matched on what it keeps."""
    cut = title.rstrip().endswith(("...", "…"))
    key = _outline_key(title.rstrip(" .…"))
    if len(key) < _OUTLINE_MIN_KEY:
        return None
    for i in range(len(lines)):
        if i in taken:
            continue
        joined = ""
        for n in range(1, _OUTLINE_LINES + 1):
            if i + n > len(lines):
                break
            joined += _outline_key(lines[i + n - 1])
            at = joined.find(key)
            if at >= 0 and at <= _OUTLINE_PREFIX and (cut or len(joined) - at - len(key) == 0):
                return i, n
            if len(joined) > len(key) + _OUTLINE_PREFIX:
                break
    return None


def _printed_title(printed: list[str], entry: OutlineEntry) -> str:
    """The bookmark's title, or as printed where the outline cut it ("… des entre...")."""
    return " ".join(printed) if entry.title.rstrip().endswith(("...", "…")) else entry.title


def _outline_marks(
    pages: list[list[str]], outline: list[OutlineEntry], headers: dict[int, set[int]]
) -> dict[tuple[int, int], tuple[OutlineEntry, int]]:
    """(page, line) → (bookmark, lines its title takes), for the bookmarks printed on the page
    they point to (or the next: some tools point at the break before a heading). The others
    name files or blank pages of an imposition ("Page vierge"), not headings. A running
    header that repeats a chapter's title is not where its heading is printed."""
    marks: dict[tuple[int, int], tuple[OutlineEntry, int]] = {}
    taken = {page: set(lines) for page, lines in headers.items()}
    for entry in outline:
        for page in (entry.page - 1, entry.page):
            if not 0 <= page < len(pages):
                continue
            used = taken.setdefault(page, set())
            found = _printed_at(pages[page], entry.title, used)
            if found is not None:
                first, count = found
                marks[(page, first)] = (entry, count)
                used.update(range(first, first + count))
                break
    return marks


def clean_pages(doc: RawDocument, patterns: Patterns) -> list[Line]:
    """Cleaned lines of the whole document, each with its page number."""
    pages = [_page_lines(p) for p in doc.pages]
    repeated = _repeated_keys(pages)
    known = {_key(collapse_whitespace(nfkc(h))) for h in doc.known_headers if h}
    headers = {
        page: {i for i in _zone(len(lines)) if _key(lines[i]) in repeated or _key(lines[i]) in known}
        for page, lines in enumerate(pages)
    }
    marks = _outline_marks(pages, doc.outline, headers) if doc.outline else {}
    levels: dict[tuple[int, int], int] = {}
    for (page, first), (entry, count) in marks.items():
        levels.update({(page, j): entry.level for j in range(first, first + count)})
    display = _display_lines(doc)
    out: list[Line] = []
    for page_no, lines in enumerate(pages, start=1):
        shown = display[page_no - 1] if page_no <= len(display) else set()
        contents = _contents(lines, patterns)
        for i, line in enumerate(lines):
            place = (page_no - 1, i)
            if i in headers[page_no - 1] or (place not in levels and i in _zone(len(lines)) and patterns.page_number.match(line)):
                continue
            if i in contents or patterns.toc.search(line):
                continue
            out.append(
                Line(
                    page=page_no, text=line, heading=line in doc.headings, outline_level=levels.get(place),
                    outline_title=_printed_title(lines[i : i + marks[place][1]], marks[place][0]) if place in marks else None,
                    display=line in shown,
                )
            )
    return out
