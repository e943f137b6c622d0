"""Page clean-up for real publications: running headers and footers, page numbers, tables of
contents, letter-spaced lines; each line keeps what marks it as a heading (listed, display type).

Works on lines, page by page, before the lines are joined, because headers and
page numbers are only recognisable by their position at the top or bottom of a page.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from erbm.ingest.headings import parse_candidate
from erbm.ingest.loaders.base import RawDocument
from erbm.ingest.marks import contents_lines, contents_marks, outline_marks
from erbm.ingest.patterns import Patterns
from erbm.ingest.spacing import repair_spacing
from erbm.text import collapse_whitespace, nfkc, repair_glyphs

# Running headers and footers live in the first/last two lines of a page; a wider
# zone starts eating boilerplate body sentences that open every page of a chapter.
_ZONE = 2
_DIGITS = re.compile(r"\d+")
# Type this much larger than the body's is display type (the cover title uses the same).
_DISPLAY = 1.15
# Type this much smaller than the next line's (9 pt above 11 pt: 0.82) sets no heading.
_SMALLER = 0.9


@dataclass(frozen=True)
class Line:
    page: int  # 1-based
    text: str
    heading: bool = False  # marked as a heading by the file format itself
    # Where a heading the document lists (bookmark, contents entry: marks.py) is printed: its
    # level on the line that starts its title and on the lines that continue it (0 for a
    # contents entry), its title as listed on the first line only.
    outline_level: int | None = None
    outline_title: str | None = None
    # Set larger than the body, or bold where the body is not: typography marks a heading.
    display: bool = False
    # The display type's size and weight: a heading that wraps goes on in its own type.
    display_type: tuple[float, bool] | None = None
    # Its type size in points, when the PDF's text visitor gave it.
    size: float | None = None


def smaller_than(size: float | None, following: float | None) -> bool:
    """A heading is never set smaller than the text under it; a running header naming the
    axis (« Axe 2 - Loyers », 9 pt above 11 pt text) is."""
    return size is not None and following is not None and size < following * _SMALLER


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
    """Lines found in the top/bottom zone of at least half the pages, or of half the odd or
    half the even pages (and of two pages at least).

    Printed recto-verso, a publication runs one header on its right-hand pages and another (or
    none) on its left-hand ones; with a cover, a contents page and annexes without it, such a
    header tops fewer than half the pages.
    """
    if len(pages) < 2:
        return set()
    keys = [{_key(lines[i]) for i in _zone(len(lines))} for lines in pages]
    repeated: set[str] = set()
    for share in (keys, keys[0::2], keys[1::2]):
        counts = Counter(key for page in share for key in page)
        needed = max(2, math.ceil(len(share) / 2))
        repeated |= {key for key, count in counts.items() if count >= needed}
    return repeated


def _respaced(pages: list[list[str]]) -> list[list[str]]:
    """Letter-spaced lines segmented again with the document's own words (spacing.py)."""
    fixed = repair_spacing([line for lines in pages for line in lines])
    out, at = [], 0
    for lines in pages:
        out.append(fixed[at : at + len(lines)])
        at += len(lines)
    return out


@dataclass(frozen=True)
class _Type:
    size: float
    bold: bool
    display: bool  # larger than the body, or bold where the body is not


def _page_types(doc: RawDocument, pages: list[list[str]]) -> tuple[list[list[_Type | None]], list[list[_Type | None]]]:
    """Each line's type, page by page, as the cleaned lines are (None where unknown): the types
    of the lines with letters, then those of the lines without (read only to tell a large bare
    number from a page number). A text printed twice on a page (a running header repeating the
    axis heading) is told apart by the order of its occurrences."""
    letters: Counter[tuple[float, bool]] = Counter()
    for page in doc.typed_lines:
        for typed in page:
            letters[(typed.size, typed.bold)] += sum(ch.isalpha() for ch in typed.text)
    if not letters:
        return [[None] * len(lines) for lines in pages], [[None] * len(lines) for lines in pages]
    body_size, body_bold = letters.most_common(1)[0][0]
    lettered: list[list[_Type | None]] = []
    letterless: list[list[_Type | None]] = []
    for page_no, lines in enumerate(pages):
        typed_lines = doc.typed_lines[page_no] if page_no < len(doc.typed_lines) else []
        by_text: dict[bool, dict[str, list[_Type]]] = {True: {}, False: {}}
        for typed in typed_lines:
            display = typed.size >= body_size * _DISPLAY or (typed.bold and not body_bold and typed.size >= body_size)
            for text in _page_lines(typed.text):
                by_text[typed.lettered].setdefault(text, []).append(_Type(typed.size, typed.bold, display))
        lettered.append(_in_order(lines, by_text[True]))
        letterless.append(_in_order(lines, by_text[False]))
    return lettered, letterless


def _in_order(lines: list[str], by_text: dict[str, list[_Type]]) -> list[_Type | None]:
    """Each line's type, the n-th occurrence of a text taking the n-th type found for it."""
    seen: Counter[str] = Counter()
    types: list[_Type | None] = []
    for line in lines:
        found = by_text.get(line)
        types.append(found[min(seen[line], len(found) - 1)] if found else None)
        seen[line] += 1
    return types


def _set_small(types: list[_Type | None]) -> set[int]:
    sizes = [t.size if t else None for t in types]
    return {i for i in range(len(sizes) - 1) if smaller_than(sizes[i], sizes[i + 1])}


def _entry_number(lines: list[str], i: int, patterns: Patterns) -> bool:
    """A heading's number alone on its line ("AXE 2"), its title and page on the next line of
    the contents ("LOYERS ET CHARGES ........ 3"): the entry's first line, not a heading."""
    if i + 1 >= len(lines) or not patterns.toc.search(lines[i + 1]):
        return False
    candidate = parse_candidate(lines[i], patterns)
    return candidate is not None and candidate.title is None


def _heading_numbers(
    pages: list[list[str]], types: list[list[_Type | None]], numbers: list[list[_Type | None]], repeated: set[str]
) -> set[tuple[int, int]]:
    """Bare numbers in display type, each above a title in display type: a large « 2 » over
    « ESPACES PUBLICS » opening its axis's page is a heading's number, not the page's, however
    well it follows the pages. Two of them at least, with different numbers (one alone is an
    ornament). The line below opens with a capital (the large « 1 » over « 1 - Définition… »
    is an ornament) and is no running header (a large page number above the title)."""
    found: dict[tuple[int, int], str] = {}
    for page, lines in enumerate(pages):
        for i, line in enumerate(lines[:-1]):
            kind, after = numbers[page][i], types[page][i + 1]
            if (
                line.isdigit()
                and kind is not None and kind.display
                and after is not None and after.display
                and lines[i + 1][:1].isupper()
                and _key(lines[i + 1]) not in repeated
            ):
                found[(page, i)] = line
    return set(found) if len(set(found.values())) >= 2 else set()


def clean_pages(doc: RawDocument, patterns: Patterns) -> list[Line]:
    """Cleaned lines of the whole document, each with its page number."""
    pages = _respaced([_page_lines(p) for p in doc.pages])
    repeated = _repeated_keys(pages)
    known = {_key(collapse_whitespace(nfkc(h))) for h in doc.known_headers if h}
    # Page numbers at a page's head or foot ("3", "Page 3"): no contents entry, and no text
    # unless a heading's number (a listed heading, a large « 2 » over its axis title).
    folios = [frozenset(i for i in _zone(len(lines)) if patterns.page_number.match(lines[i])) for lines in pages]
    contents = {
        page: region for page, lines in enumerate(pages) if (region := contents_lines(lines, patterns, folios[page]))
    }
    # A heading the contents page prints again (« AXE 1 » over its title there too) is still
    # printed once on the pages.
    printed = Counter(
        lines[i] for page, lines in enumerate(pages) if page not in contents for i in _zone(len(lines))
    )

    def running(line: str) -> bool:
        if _key(line) in known:
            return True
        if _key(line) not in repeated:
            return False
        # "AXE 2" opening its axis's page differs from "AXE 1" by its number only, as "page 2"
        # does from "page 1"; but a page number repeats no label the document numbers headings
        # with, nor a subsection's dotted number ("1.2" over its title, a page per
        # recommendation), and a running header prints the same words on several pages.
        candidate = parse_candidate(line, patterns) if printed[line] == 1 else None
        if candidate is None:
            return True
        dotted = candidate.kind == "arabic" and candidate.depth >= 2 and "." in candidate.number
        return not (candidate.known_label or dotted)

    types, numbers = _page_types(doc, pages)
    heading_numbers = _heading_numbers(pages, types, numbers, repeated)
    for page, i in heading_numbers:
        types[page][i] = numbers[page][i]
    headers = {
        page: {i for i in _zone(len(lines)) if running(lines[i]) and (page, i) not in heading_numbers}
        for page, lines in enumerate(pages)
    }
    # Where a listed heading is looked for: not in a running header, nor in a line set smaller
    # than the next (the header that names the axis above the axis heading itself).
    taken = {page: set(lines) | _set_small(types[page]) for page, lines in headers.items()}
    marks = outline_marks(pages, doc.outline, taken) if doc.outline else {}
    if not marks:
        # Bookmarks, when there are, list the headings better than a contents page does.
        marks = contents_marks(pages, contents, patterns, taken)
    levels: dict[tuple[int, int], int] = {}
    for (page, first), mark in marks.items():
        levels.update({(page, j): mark.level for j in range(first, first + mark.lines)})
    out: list[Line] = []
    for page_no, lines in enumerate(pages, start=1):
        region = contents.get(page_no - 1, range(0))
        for i, line in enumerate(lines):
            place = (page_no - 1, i)
            if i in headers[page_no - 1] or (place not in levels and place not in heading_numbers and i in folios[page_no - 1]):
                continue
            if i in region or patterns.toc.search(line) or _entry_number(lines, i, patterns):
                continue
            kind = types[page_no - 1][i]
            out.append(
                Line(
                    page=page_no, text=line, heading=line in doc.headings, outline_level=levels.get(place),
                    outline_title=marks[place].title if place in marks else None,
                    display=bool(kind and kind.display),
                    display_type=(kind.size, kind.bold) if kind and kind.display else None,
                    size=kind.size if kind else None,
                )
            )
    return out
