"""Headings the document itself lists: its PDF bookmarks and its table of contents.

Both are the strongest structure signals a file carries, and both lie sometimes: imposition
tools leave bookmarks named after the files they assembled ("1ere couverture-sans", "Page
vierge"), and a body may number a part otherwise than its contents does ("2. La médiation"
for "II. La médiation"). So a listed heading only counts where its title is printed (on the
page a bookmark points to; after the contents for a contents entry), and then it is a heading
whatever the numbering rules say, numbered as the list numbers it (structure.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from erbm.ingest.loaders.outline import OutlineEntry
from erbm.ingest.patterns import Patterns
from erbm.text import fold_accents

_NOT_ALNUM = re.compile(r"[\W_]+")
# A listed title is printed over at most this many lines.
_TITLE_LINES = 3
# What a printed heading may carry before the listed title: a number, a label word ("1.1",
# "Axe 2"), in compared characters.
_PREFIX = 12
_MIN_KEY = 4
# A line that opens with a heading's number ("I.", "1.2 ", "A) ").
_NUMBERED = re.compile(r"\s*(?:[IVXLC]{1,7}|\d{1,3}(?:\.\d{1,3})*|[A-Z])\s*[.)\-–—:]?\s")
_LEADING_NUMBER = re.compile(r"\s*(?:[IVXLC]{1,7}|\d{1,3}(?:\.\d{1,3})*|[A-Z])\s*[.)\-–—:]\s*|\s*\d{1,3}(?:\.\d{1,3})*\s+")
_CUT = ("...", "…")


@dataclass(frozen=True)
class Mark:
    """A listed heading found printed: its level (0 where the list gives none), its title as
    the list writes it (number included), and how many lines its printed title takes."""

    level: int
    title: str
    lines: int


Place = tuple[int, int]  # (page index, line index)


def _key(text: str) -> str:
    return _NOT_ALNUM.sub("", fold_accents(text.lower()))


def _printed_at(keys: list[str], title: str, taken: set[int], start: int = 0) -> tuple[int, int] | None:
    """(first line, line count) where a listed title is printed on a page (``keys``: its
    lines' comparison keys), if it is: the same characters over one to three lines, a number
    or label word allowed before, a title the list cut ("… V...") matched on what it keeps."""
    cut = title.rstrip().endswith(_CUT)
    key = _key(title.rstrip(" .…"))
    if len(key) < _MIN_KEY:
        return None
    for i in range(start, len(keys)):
        # A page number above a heading is not where the heading starts.
        if i in taken or keys[i].isdigit():
            continue
        joined = ""
        for n in range(1, _TITLE_LINES + 1):
            if i + n > len(keys):
                break
            joined += keys[i + n - 1]
            at = joined.find(key)
            # A line of words the title does not reach is not where it starts: the wrapped end of
            # the heading above (« … QUALITÉ DU » / « CADRE DE VIE » / « 1.1 Isoler… »). A number
            # or a label with its number alone on its line ("1.1", "AXE 2") is.
            if n > 1 and at >= len(keys[i]) and not any(ch.isdigit() for ch in keys[i]):
                break
            if 0 <= at <= _PREFIX and (cut or len(joined) - at - len(key) == 0):
                return i, n
            if len(joined) > len(key) + _PREFIX:
                break
    return None


def _title(printed: list[str], listed: str) -> str:
    """The listed title, or as printed where the list cut it ("… des entre...")."""
    return " ".join(printed) if listed.rstrip().endswith(_CUT) else listed


def outline_marks(pages: list[list[str]], outline: list[OutlineEntry], taken: dict[int, set[int]]) -> dict[Place, Mark]:
    """The bookmarks printed on the page they point to (or the next: some tools point at the
    break before a heading). ``taken``: lines that cannot be headings (running headers that
    repeat a chapter's title), updated with the lines marked."""
    marks: dict[Place, Mark] = {}
    keys = [[_key(line) for line in lines] for lines in pages]
    for entry in outline:
        for page in (entry.page - 1, entry.page):
            if not 0 <= page < len(pages):
                continue
            used = taken.setdefault(page, set())
            found = _printed_at(keys[page], entry.title, used)
            if found is not None:
                first, count = found
                marks[(page, first)] = Mark(entry.level, _title(pages[page][first : first + count], entry.title), count)
                used.update(range(first, first + count))
                break
    return marks


def contents_lines(lines: list[str], patterns: Patterns, folios: frozenset[int] = frozenset()) -> range:
    """The lines of a table of contents on this page: from its first entry to its last, when
    enough lines end with a page reference to be one ("litiges P3", "… p. 12"). A folio
    ("Page 2", at ``folios``) is no entry: counted as one, it carried the contents down over
    the text that follows them on the page."""
    entries = [i for i, line in enumerate(lines) if _entry_end(line, patterns) and i not in folios]
    if len(entries) < patterns.toc_min_entries:
        return range(0)
    # The first entry's title may wrap as the others do: back to the numbered line that
    # opens it, when there is one within a few lines.
    start = entries[0]
    for back in range(1, _TITLE_LINES + 1):
        if entries[0] - back < 0 or lines[entries[0] - back].rstrip().endswith((".", "!", "?", ":")):
            break
        if _NUMBERED.match(lines[entries[0] - back]):
            start = entries[0] - back
            break
    return range(start, entries[-1] + 1)


def _entry_end(line: str, patterns: Patterns) -> bool:
    return bool(patterns.toc.search(line) or patterns.toc_page_ref.search(line))


def _entries(lines: list[str], patterns: Patterns) -> list[str]:
    """The entries of a contents region, wrapped titles joined, page references removed."""
    entries: list[str] = []
    current: list[str] = []
    for line in lines:
        current.append(line)
        if _entry_end(line, patterns):
            text = patterns.toc_page_ref.sub("", patterns.toc.sub("", " ".join(current))).strip(" .…")
            if text:
                entries.append(text)
            current = []
    return entries


def contents_marks(pages: list[list[str]], regions: dict[int, range], patterns: Patterns, taken: dict[int, set[int]]) -> dict[Place, Mark]:
    """The contents entries printed after their contents, in the contents' order: each one
    is looked for after the previous one was found."""
    marks: dict[Place, Mark] = {}
    keys = [[_key(line) for line in lines] for lines in pages] if regions else []
    # Each page's keys end to end: a page that does not hold a title anywhere is skipped at once.
    whole = ["".join(k) for k in keys]
    for page, region in regions.items():
        at = (page + 1, 0)
        for entry in _entries([pages[page][i] for i in region], patterns):
            title = _LEADING_NUMBER.sub("", entry, count=1)
            wanted = _key(title.rstrip(" .…"))
            for p in range(at[0], len(pages)):
                if wanted not in whole[p]:
                    continue
                used = taken.setdefault(p, set())
                found = _printed_at(keys[p], title, used, start=at[1] if p == at[0] else 0)
                if found is None:
                    continue
                first, count = found
                marks[(p, first)] = Mark(0, entry, count)
                used.update(range(first, first + count))
                at = (p, first + count)
                break
    return marks
